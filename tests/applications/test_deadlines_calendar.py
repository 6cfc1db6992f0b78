"""The working-day calendar and counts (docs/rules.md §1.2, §1.4), on the 2026 calendar in deadlines_helpers.py."""

import datetime as dt

import pytest

from applications.deadlines import (
    DayInfo,
    DayKind,
    Override,
    StepKind,
    WorkCalendar,
    _day_text,
    add_working_days,
    propose_receipt_date,
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


def test_deadline_in_a_year_no_calendar_knows_is_provisional_with_statutory_holidays():
    # 12-11 = 1; 12-14..18 = 6; 12-21..25 = 11; 12-28..31 = 15; 2027-01-01 (Fri, unknown year, 元旦 of
    # the 办法: docs/rules.md §5.2) off; 01-04..08 = 20
    period = add_working_days(D(2026, 12, 10), 20)
    assert period.due == D(2027, 1, 8)
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
    # Only a made-up day in lieu for 元旦 entered: the rest of 2027 may still be missing, so a deadline
    # in 2027 stays provisional. 12-28..31 = 12..15; 01-01 元旦 (the 办法); 01-04 entered; 01-05..08, 11 = 20
    calendar = WorkCalendar({D(2027, 1, 4): Override(False, "元旦")})
    period = add_working_days(D(2026, 12, 10), 20, calendar)
    assert period.due == D(2027, 1, 11)  # the entered holiday is honoured…
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
        # a year nobody knows: the 办法's holidays (元旦 on a Saturday is still named), else weekends
        (D(2028, 1, 1), DayKind.HOLIDAY, "元旦", False),
        (D(2028, 1, 8), DayKind.WEEKEND, "", False),
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
        (
            DayInfo(D(2028, 1, 8), DayKind.WEEKEND, "", known=False),
            "周末（该年度放假安排尚未公布，暂按周末及法定节日休息计算）",
        ),
        (
            DayInfo(D(2028, 1, 3), DayKind.WORKDAY, "", known=False),
            "工作日（该年度放假安排尚未公布，暂按周末及法定节日休息计算）",
        ),
        (
            DayInfo(D(2028, 1, 1), DayKind.HOLIDAY, "元旦", known=False),
            "元旦，休息（该年度放假安排尚未公布，暂按周末及法定节日休息计算）",
        ),
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
        assert exc.value.messages == [RECEIPT_MESSAGES[code]]


RECEIPT_MESSAGES = {
    "receipt_in_future": "收到申请之日不能晚于今天。",
    "receipt_before_regulation": (
        "收到申请之日早于2019年5月15日：当时适用修订前的条例（15个工作日），本系统不能按其计算期限。"
    ),
}
