"""The reply deadline replayed from events (docs/rules.md §5.1), on the 2026 calendar in deadlines_helpers.py."""

import datetime as dt

import pytest

from applications.deadlines import StepKind, WorkCalendar, count_period, reply_deadline
from tests.applications.deadlines_helpers import ev

D = dt.date


@pytest.mark.parametrize(
    ("received", "events", "due", "why"),
    [
        (D(2026, 9, 15), [], D(2026, 10, 19), "no events: 20 working days"),
        (
            D(2026, 2, 10),
            [
                ev("correction_notice", D(2026, 2, 12), period_end="2026-03-06"),
                ev("correction_received", D(2026, 3, 2)),
            ],
            D(2026, 3, 30),
            "补正 restarts the 20 days from 03-02: 03-03..06 = 4, 09..13 = 9, 16..20 = 14, 23..27 = 19, 30 = 20",
        ),
        (
            D(2026, 9, 15),
            [ev("consultation_sent", D(2026, 9, 22)), ev("consultation_reply", D(2026, 10, 9))],
            D(2026, 10, 28),
            "consultation pause 09-23..10-09 across 中秋 and 国庆; 6 days before, resume 10-10 (worked Saturday)",
        ),
        (
            D(2026, 9, 15),
            [ev("extension", D(2026, 10, 16), days=20, approver="张科长")],
            D(2026, 11, 16),
            "extension by 20 working days",
        ),
        (
            D(2026, 9, 15),
            [ev("extension", D(2026, 10, 16), days=5, approver="张科长")],
            D(2026, 10, 26),
            "extension by 5: 10-20..23 = 24, 10-26 = 25",
        ),
        (
            D(2026, 11, 2),
            [ev("fee_notice", D(2026, 11, 5)), ev("fee_paid", D(2026, 11, 12))],
            D(2026, 12, 7),
            "fee pause 11-06..11-12: 3 days before, 11-13 = 4 ... 12-07 = 20",
        ),
        (
            D(2026, 9, 15),
            [ev("custom_deadline", D(2026, 9, 30), due_date="2026-12-15", reason="申请数量明显超过合理范围")],
            D(2026, 12, 15),
            "Art. 35 custom date replaces the computed one",
        ),
        (
            D(2026, 9, 15),
            [
                ev("consultation_sent", D(2026, 9, 16)),
                ev("consultation_sent", D(2026, 9, 17)),
                ev("consultation_reply", D(2026, 9, 18)),
                ev("consultation_reply", D(2026, 9, 21)),
            ],
            D(2026, 10, 23),
            "overlapping pauses 09-17..18 and 09-18..21 (incl. the worked Sunday 09-20): 09-16 = 1, 09-22 = 2 … 10-23 = 20",
        ),
    ],
)
def test_reply_deadline_from_events(received, events, due, why):
    result = reply_deadline(received, events)
    assert result.due == due, why


def test_fee_pause_can_be_switched_off():
    events = [ev("fee_notice", D(2026, 11, 5)), ev("fee_paid", D(2026, 11, 12))]
    assert reply_deadline(D(2026, 11, 2), events, fee_pauses=False).due == D(2026, 11, 30)


def test_open_consultation_counts_to_its_15_day_limit():
    # Sent 09-22; 15 工作日 for the opinion: 09-23, 24, 28, 29, 30, 10-08, 09, 10, 12..16, 19, 20 → 10-20.
    # Counted before: 09-16, 17, 18, 20, 21, 22 = 6; from 10-21: 21..23 = 9, 26..30 = 14, 11-02..06 = 19, 11-09 = 20.
    result = reply_deadline(D(2026, 9, 15), [ev("consultation_sent", D(2026, 9, 22))])
    assert result.state == "paused"
    assert result.due == D(2026, 11, 9)
    assert [(p.kind, p.since, p.limit) for p in result.open_pauses] == [
        ("consultation", D(2026, 9, 22), D(2026, 10, 20))
    ]


def test_late_consultation_reply_pauses_until_the_reply():
    # Decision 4: the days from sending to the reply do not count, even past the 15 days.
    # 6 days before 09-22; paused 09-23..10-26; 10-27..30 = 10, 11-02..06 = 15, 11-09..13 = 20.
    events = [ev("consultation_sent", D(2026, 9, 22)), ev("consultation_reply", D(2026, 10, 26))]
    result = reply_deadline(D(2026, 9, 15), events)
    assert result.due == D(2026, 11, 13) and result.state == "running"


def test_a_restart_drops_an_extension_granted_before_it():
    events = [
        ev("correction_notice", D(2026, 9, 16), period_end="2026-09-30"),
        ev("extension", D(2026, 9, 17), days=20, approver="张科长"),
        ev("correction_received", D(2026, 9, 24)),
    ]
    assert reply_deadline(D(2026, 9, 15), events).due == D(2026, 10, 29)  # 20 days from 09-24, not 40


def test_unpaid_fee_notice_counts_to_the_payment_limit():
    # Notice 11-05; 20 工作日 to pay: 11-06 = 1 … 12-03 = 20. Counted before: 11-03, 04, 05 = 3;
    # from 12-04: 04 = 4, 07..11 = 9, 14..18 = 14, 21..25 = 19, 28 = 20.
    result = reply_deadline(D(2026, 11, 2), [ev("fee_notice", D(2026, 11, 5))])
    assert result.due == D(2026, 12, 28) and result.state == "paused"
    assert result.open_pauses[0].kind == "fee" and result.open_pauses[0].limit == D(2026, 12, 3)


def test_explanation_after_a_restart_keeps_the_first_receipt_and_the_notice():
    events = [
        ev("correction_notice", D(2026, 2, 12), period_end="2026-03-06"),
        ev("correction_received", D(2026, 3, 2)),
    ]
    steps = reply_deadline(D(2026, 2, 10), events).steps
    assert (steps[0].date, steps[0].kind) == (D(2026, 2, 10), StepKind.START)
    assert steps[1].date == D(2026, 2, 12) and "补正期限至2026-03-06" in steps[1].text
    assert steps[2].date == D(2026, 3, 2) and "重新起算" in steps[2].text
    assert [s.kind for s in steps].count(StepKind.END) == 1


def test_custom_date_has_a_single_end_step():
    events = [ev("custom_deadline", D(2026, 9, 30), due_date="2026-12-15", reason="数量明显超过合理范围")]
    steps = reply_deadline(D(2026, 9, 15), events).steps
    ends = [s for s in steps if s.kind is StepKind.END]
    assert len(ends) == 1 and ends[0].date == D(2026, 12, 15) and "第三十五条" in ends[0].text


def test_correction_notice_deadline_in_an_unknown_year_is_provisional():
    # received 12-23: 24, 25, 28, 29, 30, 31 = 6, 2027-01-01 (unknown year, 元旦 of the 办法) off, 01-04 = 7
    result = reply_deadline(D(2026, 12, 23), [])
    assert result.correction_notice_due == D(2027, 1, 4) and result.correction_notice_provisional


def test_pending_correction_has_no_due_date_but_a_notice_deadline():
    result = reply_deadline(D(2026, 2, 10), [ev("correction_notice", D(2026, 2, 12), period_end="2026-03-06")])
    assert result.due is None and result.state == "awaiting_correction"
    assert result.correction_period_end == D(2026, 3, 6)
    # 7 working days for the notice: 02-11, 12, 13, 14 (worked Sat), 24, 25, 26
    assert result.correction_notice_due == D(2026, 2, 26)


def test_consultation_before_a_correction_restart_no_longer_counts():
    events = [
        ev("consultation_sent", D(2026, 2, 11)),
        ev("consultation_reply", D(2026, 2, 27)),
        ev("correction_notice", D(2026, 2, 12), period_end="2026-03-06"),
        ev("correction_received", D(2026, 3, 2)),
    ]
    assert reply_deadline(D(2026, 2, 10), events).due == D(2026, 3, 30)


def test_events_explain_themselves():
    events = [
        ev("consultation_sent", D(2026, 9, 22)),
        ev("consultation_reply", D(2026, 10, 9)),
        ev("extension", D(2026, 10, 20), days=10, approver="张科长"),
    ]
    result = reply_deadline(D(2026, 9, 15), events)
    texts = [s.text for s in result.steps if s.kind is StepKind.EVENT]
    assert texts == [
        "发出征求意见书，自次日起暂停计算（最长15个工作日）",
        "收到征求意见答复，次日恢复计算",
        "经张科长同意，答复期限延长10个工作日",
    ]
    paused = [s.date for s in result.steps if s.kind is StepKind.PAUSED]
    assert paused[0] == D(2026, 9, 23) and paused[-1] == D(2026, 10, 9)
    assert D(2026, 10, 1) not in paused  # a holiday inside a pause is shown as a holiday


def test_count_period_with_open_pause_from_the_start():
    period = count_period(D(2026, 3, 2), 20, WorkCalendar(), pauses=[(D(2026, 3, 2), None)])
    assert period.due is None and period.days_counted == 0
    assert period.provisional is False and period.state == "paused"


# --- boundaries the mutation run found unpinned (make mutants) ---------------------------------------
#
# Worked by hand on the 2026 calendar in this module's docstring. A consultation sent 09-22 after
# receipt 09-15 leaves 6 days counted (09-16, 17, 18, 20 (worked Sunday), 21, 22) and, unanswered,
# pauses through its 15-day limit 10-20; counting resumes 10-21: 21..23 = 9, 26..30 = 14,
# 11-02..06 = 19, 11-09 = 20, 11-10..13 = 24, 16..20 = 29, 23..27 = 34, 11-30..12-04 = 39, 12-07 = 40.


@pytest.mark.parametrize(
    ("events", "due", "state", "why"),
    [
        (
            [ev("consultation_sent", D(2026, 9, 22)), ev("extension", D(2026, 10, 9), days=20, approver="张科长")],
            D(2026, 12, 7),
            "paused",
            "an extension during an open consultation is not its reply: 40 days, paused through 10-20",
        ),
        (
            [
                ev("consultation_sent", D(2026, 9, 22)),
                ev("custom_deadline", D(2026, 10, 9), due_date="2026-12-15", reason="数量明显超过合理范围"),
            ],
            D(2026, 12, 15),
            "custom",
            "an Art. 35 date set during an open consultation is the date (not a reply ending the pause)",
        ),
        (
            [ev("consultation_sent", D(2026, 9, 22)), ev("fee_notice", D(2026, 10, 12))],
            D(2026, 11, 27),
            "paused",
            "a fee notice during an open consultation: pauses 09-23..10-20 and 10-13..11-09 (its 20-day "
            "limit: 10-13..16 = 4, 19..23 = 9, 26..30 = 14, 11-02..06 = 19, 11-09 = 20) join; 6 + 11-10..13 = 10, "
            "16..20 = 15, 23..27 = 20",
        ),
        (
            [
                ev("fee_notice", D(2026, 9, 16)),
                ev("correction_notice", D(2026, 9, 17), period_end="2026-10-09"),
                ev("correction_received", D(2026, 9, 24)),
                ev("fee_paid", D(2026, 9, 28)),
            ],
            D(2026, 10, 29),
            "running",
            "a payment after a 补正 restart ends no pause: the notice before the restart no longer counts; "
            "20 days from 09-24",
        ),
        (
            [
                ev("fee_notice", D(2026, 9, 16)),
                ev("fee_paid", D(2026, 9, 18)),
                ev("correction_notice", D(2026, 9, 21), period_end="2026-10-09"),
                ev("correction_received", D(2026, 9, 24)),
            ],
            D(2026, 10, 29),
            "running",
            "a paid fee before a 补正 restart: 20 days from 09-24, the fee kept in the explanation",
        ),
        (
            [ev("extension", D(2026, 10, 16), days=30, approver="张科长")],
            D(2026, 11, 16),
            "running",
            "an extension is capped at 20 working days by the engine itself, whatever is recorded",
        ),
        (
            [ev("extension", D(2026, 10, 16), days=20), ev("extension", D(2026, 10, 20), days=20)],
            D(2026, 11, 16),
            "running",
            "one extension only (Art. 33): a second one adds nothing",
        ),
    ],
)
def test_events_during_open_pauses_and_around_restarts(events, due, state, why):
    result = reply_deadline(D(2026, 9, 15), events)
    assert (result.due, result.state) == (due, state), why
    assert result.provisional is False


def test_a_fee_before_a_restart_stays_in_the_explanation_with_its_dates():
    events = [
        ev("fee_notice", D(2026, 9, 16)),
        ev("fee_paid", D(2026, 9, 18)),
        ev("correction_notice", D(2026, 9, 21), period_end="2026-10-09"),
        ev("correction_received", D(2026, 9, 24)),
    ]
    steps = [(s.date, s.kind) for s in reply_deadline(D(2026, 9, 15), events).steps][:5]
    assert steps == [
        (D(2026, 9, 15), StepKind.START),
        (D(2026, 9, 16), StepKind.EVENT),
        (D(2026, 9, 18), StepKind.EVENT),
        (D(2026, 9, 21), StepKind.EVENT),
        (D(2026, 9, 24), StepKind.START),
    ]


@pytest.mark.parametrize(
    ("received", "events", "due", "state", "provisional"),
    [
        # an Art. 35 date in a year no calendar knows is still a fixed date, never 暂定
        (
            D(2026, 12, 10),
            [ev("custom_deadline", D(2026, 12, 11), due_date="2027-03-01")],
            D(2027, 3, 1),
            "custom",
            False,
        ),
        # the computed date it replaces would have been provisional (2027-01-08, 元旦 off)
        (D(2026, 12, 10), [], D(2027, 1, 8), "running", True),
        # while a 补正 is awaited there is no due date, and so nothing provisional
        (
            D(2026, 12, 10),
            [ev("correction_notice", D(2026, 12, 11), period_end="2027-01-15")],
            None,
            "awaiting_correction",
            False,
        ),
        # a custom date without a stated date falls back to the day it was recorded
        (D(2026, 9, 15), [ev("custom_deadline", D(2026, 9, 30))], D(2026, 9, 30), "custom", False),
    ],
)
def test_state_and_provisional_flag_of_custom_dates_and_pending_corrections(received, events, due, state, provisional):
    result = reply_deadline(received, events)
    assert (result.due, result.state, result.provisional) == (due, state, provisional)


def test_a_correction_notice_without_a_period_end_is_explained_without_one():
    result = reply_deadline(D(2026, 2, 10), [ev("correction_notice", D(2026, 2, 12), period_end="")])
    assert result.correction_period_end is None
    assert result.steps[-1].text == "告知申请人补正，答复期限自收到补正后的申请之日起重新计算"
