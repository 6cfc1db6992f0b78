"""The day-by-day deadline explanation as the requester and staff read it, on the 2026 calendar in deadlines_helpers.py."""

import datetime as dt
from textwrap import dedent

import pytest

from applications.deadlines import StepKind, WorkCalendar, add_working_days, count_period, reply_deadline
from tests.applications.deadlines_helpers import ev

D = dt.date


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
    to its 20-day limit 2027-01-19 (12-22..25, 28..31, 01-04..08, 11..15, 18, 19: the unknown year rests on
    元旦 01-01 and 春节 02-05..08 of the 办法, docs/rules.md §5.2); from 01-20: 20..22 = 8, 25..29 = 13,
    02-01..04 = 17, 02-09..12 = 21, 02-15..16 = 23. Every 2027 day is 暂定."""
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
    2027-01-01 skipped - 暂定 元旦，休息（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-02 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-03 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-04 paused - 暂定 暂停计算期间，不计入期限
    2027-01-05 paused - 暂定 暂停计算期间，不计入期限
    2027-01-06 paused - 暂定 暂停计算期间，不计入期限
    2027-01-07 paused - 暂定 暂停计算期间，不计入期限
    2027-01-08 paused - 暂定 暂停计算期间，不计入期限
    2027-01-09 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-10 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-11 paused - 暂定 暂停计算期间，不计入期限
    2027-01-12 paused - 暂定 暂停计算期间，不计入期限
    2027-01-13 paused - 暂定 暂停计算期间，不计入期限
    2027-01-14 paused - 暂定 暂停计算期间，不计入期限
    2027-01-15 paused - 暂定 暂停计算期间，不计入期限
    2027-01-16 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-17 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-18 paused - 暂定 暂停计算期间，不计入期限
    2027-01-19 event - - 缴费期限届满
    2027-01-19 paused - 暂定 暂停计算期间，不计入期限
    2027-01-20 counted 6 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-21 counted 7 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-22 counted 8 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-23 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-24 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-25 counted 9 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-26 counted 10 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-27 counted 11 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-28 counted 12 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-29 counted 13 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-30 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-01-31 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-01 counted 14 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-02 counted 15 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-03 counted 16 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-04 counted 17 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-05 skipped - 暂定 春节，休息（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-06 skipped - 暂定 春节，休息（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-07 skipped - 暂定 春节，休息（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-08 skipped - 暂定 春节，休息（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-09 counted 18 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-10 counted 19 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-11 counted 20 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-12 counted 21 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-13 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-14 skipped - 暂定 周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-15 counted 22 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-16 counted 23 暂定 工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）
    2027-02-16 end - 暂定 第23个工作日，期限届满
    """
    assert rendered(result) == dedent(expected).strip()
    assert (result.due, result.state, result.provisional, result.days_counted, result.days_total) == (
        D(2027, 2, 16),
        "paused",
        True,
        23,
        23,
    )
    assert [(p.kind, p.since, p.limit, p.provisional) for p in result.open_pauses] == [
        ("fee", D(2026, 12, 21), D(2027, 1, 19), True)
    ]


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
