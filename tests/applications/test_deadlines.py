"""Deadlines worked out by hand from the official 2026 calendar (docs/rules.md §1.2, §5.1).

2026 (国办发明电〔2025〕号 notice of 2025-11-04): off 01-01..03, 02-15..23, 04-04..06, 05-01..05,
06-19..21, 09-25..27, 10-01..07; worked weekend days 01-04 (Sun), 02-14 (Sat), 02-28 (Sat),
05-09 (Sat), 09-20 (Sun), 10-10 (Sat). The receipt day is never counted (Decision 1).
"""

import datetime as dt
from textwrap import dedent

import pytest

from applications.deadlines import (
    ClockEvent,
    DayInfo,
    DayKind,
    Override,
    StepKind,
    WorkCalendar,
    _day_text,
    add_working_days,
    count_period,
    propose_receipt_date,
    reply_deadline,
    working_days_between,
)

D = dt.date


@pytest.mark.parametrize(
    ("received", "days", "due", "why"),
    [
        # docs/rules.md §1.2's worked examples
        (D(2026, 1, 30), 20, D(2026, 3, 5), "9-day 春节 break; Saturdays 02-14 and 02-28 are worked"),
        (D(2026, 9, 15), 20, D(2026, 10, 19), "中秋 and 国庆; Sunday 09-20 and Saturday 10-10 are worked"),
        (D(2026, 9, 24), 7, D(2026, 10, 12), "补正 notice period across 中秋 and 国庆"),
        (D(2026, 9, 24), 20, D(2026, 10, 29), "reply period across 中秋 and 国庆"),
        (D(2026, 9, 25), 20, D(2026, 10, 29), "received on the first day of 中秋"),
        # worked by hand
        (D(2026, 2, 13), 20, D(2026, 3, 19), "the next day, Saturday 02-14, is a worked day and counts as day 1"),
        (D(2026, 10, 3), 20, D(2026, 11, 3), "received during 国庆: counting starts at 10-08"),
        (D(2026, 4, 30), 5, D(2026, 5, 11), "劳动节 05-01..05 off, Saturday 05-09 worked: 05-06,07,08,09,11"),
        (D(2025, 12, 30), 20, D(2026, 1, 28), "year boundary inside the package: 元旦 off, Sunday 01-04 worked"),
        (D(2026, 6, 18), 1, D(2026, 6, 22), "端午 06-19..21"),
        (D(2026, 9, 15), 40, D(2026, 11, 16), "extended period: 20 + 20 working days"),
    ],
)
def test_add_working_days_on_the_official_calendar(received, days, due, why):
    period = add_working_days(received, days)
    assert period.due == due, why
    assert period.provisional is False


def test_deadline_in_a_year_no_calendar_knows_is_provisional_monday_to_friday():
    # 12-11 = 1; 12-14..18 = 6; 12-21..25 = 11; 12-28..31 = 15; 2027-01-01 (Fri, unknown) = 16; 01-04..07 = 20
    period = add_working_days(D(2026, 12, 10), 20)
    assert period.due == D(2027, 1, 7)
    assert period.provisional is True
    assert any(step.provisional for step in period.steps if step.date.year == 2027)
    assert not any(step.provisional for step in period.steps if step.date.year == 2026)


def test_year_before_the_package_is_also_provisional_and_never_raises():
    # 2003-12-31 (Wed, unknown year) = 1; 2004-01-01 元旦 (in the package); 01-02 (Fri) = 2; 01-05 (Mon) = 3
    period = add_working_days(D(2003, 12, 30), 3)
    assert period.due == D(2004, 1, 5)
    assert period.provisional is True


def test_entered_year_counts_as_known_with_its_holidays():
    # A made-up 2027 arrangement for this test only (the real notice is not verified: docs/rules.md §5.2).
    calendar = WorkCalendar(
        {
            D(2027, 1, 1): Override(False, "元旦"),
            D(2027, 1, 2): Override(False, "元旦"),
            D(2027, 1, 3): Override(False, "元旦"),
        },
        known_years={2027},
    )
    period = add_working_days(D(2026, 12, 10), 20, calendar)
    assert period.due == D(2027, 1, 8)  # 01-01 no longer counts: 01-04..08 = 16..20
    assert period.provisional is False
    assert calendar.day(D(2027, 5, 3)).kind is DayKind.WORKDAY  # unlisted weekday of a known year
    assert calendar.day(D(2027, 5, 8)).kind is DayKind.WEEKEND


def test_a_single_entered_day_does_not_make_its_year_known():
    # Only 元旦 entered: 春节 2027 may still be missing, so a deadline in 2027 stays provisional.
    calendar = WorkCalendar({D(2027, 1, 1): Override(False, "元旦")})
    period = add_working_days(D(2026, 12, 10), 20, calendar)
    assert period.due == D(2027, 1, 8)  # the entered holiday is honoured…
    assert period.provisional is True  # …but the year is not complete


def test_overrides_take_precedence_over_the_package():
    calendar = WorkCalendar({D(2026, 10, 9): Override(False, "地方调整"), D(2026, 10, 11): Override(True, "调休")})
    assert calendar.day(D(2026, 10, 9)).kind is DayKind.HOLIDAY
    assert calendar.day(D(2026, 10, 11)).kind is DayKind.ADJUSTED_WORKDAY
    # 10-08 = 1, 10-10 (Sat, worked) = 2, 10-11 (Sun, now worked) = 3
    assert add_working_days(D(2026, 10, 3), 3, calendar).due == D(2026, 10, 11)


def test_explanation_names_each_holiday_and_adjusted_day():
    period = add_working_days(D(2026, 9, 15), 20)
    texts = {step.date: step for step in period.steps}
    assert texts[D(2026, 9, 15)].kind is StepKind.START
    assert texts[D(2026, 9, 20)].kind is StepKind.COUNTED and "调休上班" in texts[D(2026, 9, 20)].text
    assert texts[D(2026, 9, 20)].number == 4
    assert texts[D(2026, 10, 1)].kind is StepKind.SKIPPED and "国庆节" in texts[D(2026, 10, 1)].text
    assert texts[D(2026, 9, 26)].kind is StepKind.SKIPPED and "中秋" in texts[D(2026, 9, 26)].text
    assert period.steps[-1].kind is StepKind.END and period.steps[-1].date == D(2026, 10, 19)
    assert [s.number for s in period.steps if s.kind is StepKind.COUNTED] == list(range(1, 21))


@pytest.mark.parametrize(
    ("submitted", "proposed"),
    [
        (D(2026, 9, 15), D(2026, 9, 15)),  # a Tuesday
        (D(2026, 9, 19), D(2026, 9, 20)),  # Saturday → the worked Sunday 09-20
        (D(2026, 11, 7), D(2026, 11, 9)),  # Saturday → Monday
        (D(2026, 9, 20), D(2026, 9, 20)),  # a worked Sunday is a working day
        (D(2026, 10, 3), D(2026, 10, 8)),  # 国庆 → the first working day after
        (D(2026, 12, 31), D(2026, 12, 31)),
        (D(2027, 1, 2), D(2027, 1, 4)),  # unknown year: Saturday → Monday
    ],
)
def test_online_submission_proposes_receipt_date(submitted, proposed):
    assert propose_receipt_date(submitted) == proposed


# --- the reply deadline replayed from events --------------------------------------------


def ev(kind, date, **data):
    return ClockEvent(kind, date, data)


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
    # received 12-23: 24, 25, 28, 29, 30, 31 = 6, 2027-01-01 (unknown; really 元旦) = 7
    result = reply_deadline(D(2026, 12, 23), [])
    assert result.correction_notice_due == D(2027, 1, 1) and result.correction_notice_provisional


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
        # the computed date it replaces would have been provisional (2027-01-07)
        (D(2026, 12, 10), [], D(2027, 1, 7), "running", True),
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


# --- the day-by-day explanation, as the requester and staff read it ---------------------------------


def rendered(period) -> str:
    return "\n".join(
        f"{s.date:%Y-%m-%d} {s.kind.value} {s.number or '-'} {'暂定' if s.provisional else '-'} {s.text}"
        for s in period.steps
    )


def test_the_explanation_across_mid_autumn_and_national_day():
    """Each day from receipt to the 20th working day, checked against the 2026 calendar above: the
    worked Sunday 09-20 and Saturday 10-10 are 调休上班日 of 国庆节, 09-25..27 中秋, 10-01..07 国庆节."""
    expected = """
    2026-09-17 start - - 收到申请之日（当日不计入）
    2026-09-18 counted 1 - 工作日
    2026-09-19 skipped - - 周末
    2026-09-20 counted 2 - 调休上班日（国庆节）
    2026-09-21 counted 3 - 工作日
    2026-09-22 counted 4 - 工作日
    2026-09-23 counted 5 - 工作日
    2026-09-24 counted 6 - 工作日
    2026-09-25 skipped - - 中秋，休息
    2026-09-26 skipped - - 中秋，休息
    2026-09-27 skipped - - 中秋，休息
    2026-09-28 counted 7 - 工作日
    2026-09-29 counted 8 - 工作日
    2026-09-30 counted 9 - 工作日
    2026-10-01 skipped - - 国庆节，休息
    2026-10-02 skipped - - 国庆节，休息
    2026-10-03 skipped - - 国庆节，休息
    2026-10-04 skipped - - 国庆节，休息
    2026-10-05 skipped - - 国庆节，休息
    2026-10-06 skipped - - 国庆节，休息
    2026-10-07 skipped - - 国庆节，休息
    2026-10-08 counted 10 - 工作日
    2026-10-09 counted 11 - 工作日
    2026-10-10 counted 12 - 调休上班日（国庆节）
    2026-10-11 skipped - - 周末
    2026-10-12 counted 13 - 工作日
    2026-10-13 counted 14 - 工作日
    2026-10-14 counted 15 - 工作日
    2026-10-15 counted 16 - 工作日
    2026-10-16 counted 17 - 工作日
    2026-10-17 skipped - - 周末
    2026-10-18 skipped - - 周末
    2026-10-19 counted 18 - 工作日
    2026-10-20 counted 19 - 工作日
    2026-10-21 counted 20 - 工作日
    2026-10-21 end - - 第20个工作日，期限届满
    """
    assert rendered(add_working_days(D(2026, 9, 17), 20)) == dedent(expected).strip()


def test_the_explanation_of_pauses_an_extension_and_a_year_no_calendar_knows():
    """Received Thu 12-10: 12-11 = 1; consultation sent 12-14 (= 2), answered 12-16: 12-15 and 12-16
    paused; extension by 3 (23 in all) on 12-17 (= 3), 12-18 = 4; fee notice 12-21 (= 5), unpaid: paused
    to its 20-day limit 2027-01-18 (12-22..25, 28..31, 01-01 (unknown year: a Friday counts), 01-04..08,
    11..15, 18); from 01-19: 19..22 = 9, 25..29 = 14, 02-01..05 = 19, 02-08..11 = 23. Every 2027 day is 暂定."""
    events = [
        ev("consultation_sent", D(2026, 12, 14)),
        ev("consultation_reply", D(2026, 12, 16)),
        ev("extension", D(2026, 12, 17), days=3, approver=""),
        ev("fee_notice", D(2026, 12, 21)),
    ]
    result = reply_deadline(D(2026, 12, 10), events)
    expected = """
    2026-12-10 start - - 收到申请之日（当日不计入）
    2026-12-11 counted 1 - 工作日
    2026-12-12 skipped - - 周末
    2026-12-13 skipped - - 周末
    2026-12-14 event - - 发出征求意见书，自次日起暂停计算（最长15个工作日）
    2026-12-14 counted 2 - 工作日
    2026-12-15 paused - - 暂停计算期间，不计入期限
    2026-12-16 event - - 收到征求意见答复，次日恢复计算
    2026-12-16 paused - - 暂停计算期间，不计入期限
    2026-12-17 event - - 经政府信息公开工作机构负责人同意，答复期限延长3个工作日
    2026-12-17 counted 3 - 工作日
    2026-12-18 counted 4 - 工作日
    2026-12-19 skipped - - 周末
    2026-12-20 skipped - - 周末
    2026-12-21 event - - 发出收费通知，自次日起暂停计算（缴费期限20个工作日）
    2026-12-21 counted 5 - 工作日
    2026-12-22 paused - - 暂停计算期间，不计入期限
    2026-12-23 paused - - 暂停计算期间，不计入期限
    2026-12-24 paused - - 暂停计算期间，不计入期限
    2026-12-25 paused - - 暂停计算期间，不计入期限
    2026-12-26 skipped - - 周末
    2026-12-27 skipped - - 周末
    2026-12-28 paused - - 暂停计算期间，不计入期限
    2026-12-29 paused - - 暂停计算期间，不计入期限
    2026-12-30 paused - - 暂停计算期间，不计入期限
    2026-12-31 paused - - 暂停计算期间，不计入期限
    2027-01-01 paused - 暂定 暂停计算期间，不计入期限
    2027-01-02 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-03 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-04 paused - 暂定 暂停计算期间，不计入期限
    2027-01-05 paused - 暂定 暂停计算期间，不计入期限
    2027-01-06 paused - 暂定 暂停计算期间，不计入期限
    2027-01-07 paused - 暂定 暂停计算期间，不计入期限
    2027-01-08 paused - 暂定 暂停计算期间，不计入期限
    2027-01-09 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-10 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-11 paused - 暂定 暂停计算期间，不计入期限
    2027-01-12 paused - 暂定 暂停计算期间，不计入期限
    2027-01-13 paused - 暂定 暂停计算期间，不计入期限
    2027-01-14 paused - 暂定 暂停计算期间，不计入期限
    2027-01-15 paused - 暂定 暂停计算期间，不计入期限
    2027-01-16 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-17 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-18 event - - 缴费期限届满
    2027-01-18 paused - 暂定 暂停计算期间，不计入期限
    2027-01-19 counted 6 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-20 counted 7 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-21 counted 8 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-22 counted 9 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-23 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-24 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-25 counted 10 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-26 counted 11 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-27 counted 12 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-28 counted 13 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-29 counted 14 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-30 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-01-31 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-01 counted 15 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-02 counted 16 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-03 counted 17 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-04 counted 18 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-05 counted 19 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-06 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-07 skipped - 暂定 周末（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-08 counted 20 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-09 counted 21 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-10 counted 22 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-11 counted 23 暂定 工作日（该年度放假安排尚未公布，按周一至周五计算）
    2027-02-11 end - 暂定 第23个工作日，期限届满
    """
    assert rendered(result) == dedent(expected).strip()
    assert (result.due, result.state, result.provisional, result.days_counted, result.days_total) == (
        D(2027, 2, 11),
        "paused",
        True,
        23,
        23,
    )
    assert [(p.kind, p.since, p.limit, p.provisional) for p in result.open_pauses] == [
        ("fee", D(2026, 12, 21), D(2027, 1, 18), True)
    ]


@pytest.mark.parametrize(
    ("day", "kind", "name", "known"),
    [
        (D(2026, 10, 1), DayKind.HOLIDAY, "国庆节", True),
        (D(2026, 10, 10), DayKind.ADJUSTED_WORKDAY, "国庆节", True),
        (D(2026, 9, 19), DayKind.WEEKEND, "", True),
        (D(2026, 9, 21), DayKind.WORKDAY, "", True),
        # entered by staff: a named holiday, an unnamed day off on a Saturday, a named worked Saturday
        (D(2027, 1, 1), DayKind.HOLIDAY, "元旦", True),
        (D(2027, 1, 2), DayKind.WEEKEND, "", True),
        (D(2027, 2, 6), DayKind.ADJUSTED_WORKDAY, "春节", True),
        (D(2027, 1, 4), DayKind.WORKDAY, "", True),
        # staff overrides inside a packaged year: an unnamed Saturday off stays a weekend, a named Monday off
        (D(2026, 11, 7), DayKind.WEEKEND, "", True),
        (D(2026, 11, 9), DayKind.HOLIDAY, "防汛", True),
        (D(2028, 1, 1), DayKind.WEEKEND, "", False),
        (D(2028, 1, 3), DayKind.WORKDAY, "", False),
        (D(2003, 12, 31), DayKind.WORKDAY, "", False),
    ],
)
def test_what_the_calendar_says_of_a_day(day, kind, name, known):
    calendar = WorkCalendar(
        {
            D(2027, 1, 1): Override(False, "元旦"),
            D(2027, 1, 2): Override(False, ""),
            D(2027, 2, 6): Override(True, "春节"),
            D(2026, 11, 7): Override(False, ""),
            D(2026, 11, 9): Override(False, "防汛"),
        },
        known_years={2027},
    )
    assert calendar.day(day) == DayInfo(day, kind, name, known)


def ordinary_days(first: dt.date, last: dt.date) -> str:
    """The explanation's lines for a stretch without holidays or 调休 from the first counted day:
    Monday to Friday counted 1, 2, …, Saturday and Sunday skipped as 周末."""
    lines, number, day = [], 1, first
    while day <= last:
        if day.weekday() < 5:
            lines.append(f"{day:%Y-%m-%d} counted {number} - 工作日")
            number += 1
        else:
            lines.append(f"{day:%Y-%m-%d} skipped - - 周末")
        day += dt.timedelta(days=1)
    return "\n".join(lines)


def test_the_explanation_through_two_restarts_to_an_art_35_date():
    """Before the first 补正 restart: a consultation, a fee notice and its payment, then the notice; a
    second notice and restart (03-03, 03-05); then an Art. 35 date with its reason replaces the 20th
    day (03-06 = 1 … 04-02 = 20). Every earlier step stays in the explanation, in order."""
    events = [
        ev("consultation_sent", D(2026, 2, 11)),
        ev("fee_notice", D(2026, 2, 12)),
        ev("fee_paid", D(2026, 2, 13)),
        ev("correction_notice", D(2026, 2, 12), period_end="2026-03-06"),
        ev("correction_received", D(2026, 3, 2)),
        ev("correction_notice", D(2026, 3, 3), period_end="2026-03-13"),
        ev("correction_received", D(2026, 3, 5)),
        ev("custom_deadline", D(2026, 3, 10), due_date="2026-04-30", reason="数量明显超过合理范围"),
    ]
    result = reply_deadline(D(2026, 2, 10), events)
    expected = """
2026-02-10 start - - 收到申请之日（当日不计入）
2026-02-11 event - - 发出征求意见书，自次日起暂停计算（最长15个工作日）
2026-02-12 event - - 发出收费通知，自次日起暂停计算（缴费期限20个工作日）
2026-02-13 event - - 申请人缴纳费用，次日恢复计算
2026-02-12 event - - 告知申请人补正，答复期限自收到补正后的申请之日起重新计算（补正期限至2026-03-06）
2026-03-02 start - - 收到补正后的申请之日，答复期限重新起算（当日不计入）
2026-03-03 event - - 告知申请人补正，答复期限自收到补正后的申请之日起重新计算（补正期限至2026-03-13）
2026-03-05 start - - 收到补正后的申请之日，答复期限重新起算（当日不计入）
{weeks}
2026-04-30 end - - 依条例第三十五条确定的延迟答复期限：数量明显超过合理范围
    """
    weeks = ordinary_days(D(2026, 3, 6), D(2026, 4, 2))  # 03-06 = 1 … 04-02 = 20: four weeks, no holiday
    assert rendered(result) == dedent(expected).strip().format(weeks=weeks)
    assert (result.due, result.state, result.provisional, result.days_counted, result.days_total) == (
        D(2026, 4, 30),
        "custom",
        False,
        20,
        20,
    )


def test_a_pending_correction_and_an_art_35_date_without_a_reason():
    result = reply_deadline(D(2026, 2, 10), [ev("correction_notice", D(2026, 2, 12), period_end="2026-03-06")])
    expected = """
2026-02-10 start - - 收到申请之日（当日不计入）
2026-02-12 event - - 告知申请人补正，答复期限自收到补正后的申请之日起重新计算（补正期限至2026-03-06）
    """
    assert rendered(result) == dedent(expected).strip()
    assert (result.due, result.state, result.provisional, result.days_counted, result.days_total) == (
        None,
        "awaiting_correction",
        False,
        0,
        20,
    )
    custom = reply_deadline(D(2026, 9, 15), [ev("custom_deadline", D(2026, 9, 30), due_date="2026-12-15")])
    assert custom.steps[-1].text == "依条例第三十五条确定的延迟答复期限"


def test_a_pause_still_open_stops_the_count():
    """Paused from the day after 03-04 and not resumed: 03-03 and 03-04 counted, 03-05 stops it."""
    period = count_period(D(2026, 3, 2), 5, WorkCalendar(), pauses=[(D(2026, 3, 4), None)])
    expected = """
2026-03-02 start - - 收到申请之日（当日不计入）
2026-03-03 counted 1 - 工作日
2026-03-04 counted 2 - 工作日
2026-03-05 paused - - 自2026-03-04次日起暂停计算，尚未恢复
    """
    assert rendered(period) == dedent(expected).strip()
    assert (period.due, period.state, period.provisional, period.days_counted, period.days_total) == (
        None,
        "paused",
        False,
        2,
        5,
    )


def test_pauses_are_taken_in_order_whatever_order_they_come_in():
    # 03-03 = 1; paused 03-04..06 (a pause to 03-06, another from the same day still closed earlier)
    pauses = [(D(2026, 3, 3), D(2026, 3, 6)), (D(2026, 3, 3), D(2026, 3, 4)), (D(2026, 3, 2), D(2026, 3, 2))]
    period = count_period(D(2026, 3, 2), 2, WorkCalendar(), pauses=pauses)
    assert period.due == D(2026, 3, 9)
    with_open = [(D(2026, 3, 5), D(2026, 3, 6)), (D(2026, 3, 5), None)]
    assert count_period(D(2026, 3, 2), 5, WorkCalendar(), pauses=with_open).days_counted == 3


def test_an_open_consultation_says_when_its_limit_ends_the_pause():
    steps = reply_deadline(D(2026, 9, 15), [ev("consultation_sent", D(2026, 9, 22))]).steps
    events = [(s.date, s.text) for s in steps if s.kind is StepKind.EVENT]
    assert events == [
        (D(2026, 9, 22), "发出征求意见书，自次日起暂停计算（最长15个工作日）"),
        (D(2026, 10, 20), "征求意见期限届满（暂按此日恢复计算）"),
    ]


@pytest.mark.parametrize(
    ("events", "due", "text"),
    [
        (
            [ev("extension", D(2026, 10, 16))],
            D(2026, 11, 16),
            "经政府信息公开工作机构负责人同意，答复期限延长20个工作日",
        ),
        (
            [ev("extension", D(2026, 10, 16), days=5, approver="")],
            D(2026, 10, 26),
            "经政府信息公开工作机构负责人同意，答复期限延长5个工作日",
        ),
        (
            [ev("fee_notice", D(2026, 9, 16)), ev("fee_paid", D(2026, 9, 18))],
            D(2026, 10, 21),
            "申请人缴纳费用，次日恢复计算",
        ),
    ],
)
def test_events_recorded_without_details(events, due, text):
    """An extension without its days is the full 20 (Art. 33); without an approver, the 负责人. A fee paid
    two days after its notice: 09-16 = 1; paused 09-17, 09-18; 09-20 (worked Sunday) = 2 … 10-21 = 20."""
    result = reply_deadline(D(2026, 9, 15), events)
    assert result.due == due
    assert result.steps and text in [s.text for s in result.steps if s.kind is StepKind.EVENT]


def test_a_supplement_without_a_recorded_notice_restarts_the_period():
    result = reply_deadline(D(2026, 9, 15), [ev("correction_received", D(2026, 9, 24))])
    assert result.due == D(2026, 10, 29)
    assert [s.text for s in result.steps[:2]] == [
        "收到申请之日（当日不计入）",
        "收到补正后的申请之日，答复期限重新起算（当日不计入）",
    ]


def test_a_request_received_in_a_year_no_calendar_knows_starts_provisional():
    period = add_working_days(D(2028, 3, 1), 1)
    assert period.steps[0].provisional is True and period.provisional is True
    assert add_working_days(D(2026, 3, 2), 1).steps[0].provisional is False


@pytest.mark.parametrize(
    ("info", "text"),
    [
        (DayInfo(D(2026, 11, 9), DayKind.HOLIDAY, ""), "节假日，休息"),
        (DayInfo(D(2026, 11, 9), DayKind.HOLIDAY, "防汛"), "防汛，休息"),
        (DayInfo(D(2026, 11, 7), DayKind.ADJUSTED_WORKDAY, ""), "调休上班日"),
        (DayInfo(D(2026, 11, 7), DayKind.ADJUSTED_WORKDAY, "春节"), "调休上班日（春节）"),
        (DayInfo(D(2028, 1, 1), DayKind.WEEKEND, "", known=False), "周末（该年度放假安排尚未公布，按周一至周五计算）"),
        (DayInfo(D(2026, 11, 8), DayKind.WEEKEND, ""), "周末"),
    ],
)
def test_how_a_day_is_named_in_the_explanation(info, text):
    assert _day_text(info) == text


@pytest.mark.parametrize(
    ("day", "override", "kind"),
    [
        (D(2026, 11, 10), Override(True, ""), DayKind.WORKDAY),  # a weekday "worked" is just a workday
        (D(2026, 11, 10), Override(False, ""), DayKind.HOLIDAY),  # a weekday off, even unnamed
        (D(2026, 11, 8), Override(True, ""), DayKind.ADJUSTED_WORKDAY),  # a worked Sunday
    ],
)
def test_unnamed_staff_overrides(day, override, kind):
    assert WorkCalendar({day: override}).day(day).kind is kind


def test_a_holiday_the_package_names_in_a_way_we_do_not_know_is_still_a_holiday(monkeypatch):
    from applications import deadlines

    monkeypatch.setattr(deadlines, "_HOLIDAY_NAMES", {})
    assert WorkCalendar().day(D(2026, 10, 1)) == DayInfo(D(2026, 10, 1), DayKind.HOLIDAY, "")


# The one count of working days between two dates (docs/rules.md §1.2), worked out by hand on the
# 2026 and 2027 arrangements: after `start`, up to and including `end`.
@pytest.mark.parametrize(
    ("start", "end", "days"),
    [
        (D(2026, 9, 15), D(2026, 9, 15), 0),  # the same day
        (D(2026, 10, 14), D(2026, 10, 12), 0),  # end before start
        (D(2026, 9, 15), D(2026, 9, 16), 1),
        (D(2026, 9, 15), D(2026, 10, 19), 20),  # across 中秋/国庆, 09-20 and 10-10 worked
        (D(2026, 9, 30), D(2026, 10, 8), 1),  # 10-01..07 off: 10-08
        (D(2026, 9, 30), D(2026, 10, 9), 2),
        (D(2026, 10, 10), D(2026, 10, 14), 3),  # the worked Saturday is the start, not counted
        (D(2026, 10, 9), D(2026, 10, 10), 1),  # ... and counted when it is the end
        (D(2026, 2, 13), D(2026, 2, 24), 2),  # 02-14 (worked Saturday), 02-24
        (D(2026, 12, 31), D(2027, 1, 4), 1),  # across the year: 01-01 元旦, weekend, 01-04
    ],
)
def test_working_days_between(start, end, days):
    calendar = WorkCalendar({D(2027, 1, 1): Override(False, "元旦")})
    assert working_days_between(start, end, calendar) == days


# docs/rules.md §1.4: the receipt dates every channel accepts.
@pytest.mark.parametrize(
    ("received_on", "code"),
    [
        (D(2026, 12, 7), None),  # today
        (D(2026, 12, 8), "receipt_in_future"),
        (D(2027, 1, 1), "receipt_in_future"),
        (D(2019, 5, 15), None),  # the day the 2019 regulation took effect
        (D(2019, 5, 14), "receipt_before_regulation"),
        (D(2018, 12, 31), "receipt_before_regulation"),
    ],
)
def test_receipt_dates_every_channel_accepts(received_on, code):
    from django.core.exceptions import ValidationError

    from applications.entry_rules import check_received_on

    if code is None:
        assert check_received_on(received_on, today=D(2026, 12, 7)) == received_on
    else:
        with pytest.raises(ValidationError) as exc:
            check_received_on(received_on, today=D(2026, 12, 7))
        assert exc.value.code == code
