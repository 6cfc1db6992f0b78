"""The provisional calendar of a year nobody knows yet (docs/rules.md Decision 2, §5.2).

Such a year rests on Saturdays, Sundays and the holidays of 《全国年节及纪念日放假办法》 (国务院令第795号,
in force since 2025-01-01), with no 调休 guessed. The lunar and solar-term dates below were worked out
by hand from the new moons and the sun's longitude (Beijing time) and checked against three sources
that agree for 2027–2099: `lunardate` (the table the code uses), `lunar_python` (an astronomical
computation) and PyEphem's new moons and solar longitude of 15° for 清明:

- 2027: new moons 01-08 (腊月, 29 days: 除夕 02-05 is 腊月廿九), 02-06 (正月初一), 06-05 (五月: 初五
  06-09), 09-01 (八月: 十五 09-15); the sun reaches 15° on 04-05 (清明).
- 2028: new moons 2027-12-28 (腊月, 29 days: 除夕 01-25), 01-26 (正月初一), 05-24 (五月: 初五 05-28;
  the leap 五月 begins 06-23 and is not 端午), 09-19 (八月: 十五 10-03, which is also 国庆节); 清明 04-04.
- 2030: new moon 01-04 (腊月, 30 days: 除夕 02-02 is 腊月三十), 02-03 (正月初一).
"""

import datetime as dt

import pytest

from applications import deadlines
from applications.deadlines import (
    DayInfo,
    DayKind,
    Override,
    StepKind,
    WorkCalendar,
    add_working_days,
    propose_receipt_date,
    statutory_holidays,
    working_days_between,
)

D = dt.date

# Every holiday of the 办法 in 2027 and 2028, with its weekday: a holiday on a weekend is just that
# holiday (no day in lieu is added; 调休 comes only from the State Council's notice).
HOLIDAYS_2027 = {
    D(2027, 1, 1): "元旦",  # Fri
    D(2027, 2, 5): "春节",  # Fri, 除夕 (腊月廿九)
    D(2027, 2, 6): "春节",  # Sat, 正月初一
    D(2027, 2, 7): "春节",  # Sun, 初二
    D(2027, 2, 8): "春节",  # Mon, 初三
    D(2027, 4, 5): "清明节",  # Mon
    D(2027, 5, 1): "劳动节",  # Sat
    D(2027, 5, 2): "劳动节",  # Sun
    D(2027, 6, 9): "端午节",  # Wed
    D(2027, 9, 15): "中秋节",  # Wed
    D(2027, 10, 1): "国庆节",  # Fri
    D(2027, 10, 2): "国庆节",  # Sat
    D(2027, 10, 3): "国庆节",  # Sun
}
HOLIDAYS_2028 = {
    D(2028, 1, 1): "元旦",  # Sat
    D(2028, 1, 25): "春节",  # Tue, 除夕 (腊月廿九)
    D(2028, 1, 26): "春节",  # Wed, 正月初一
    D(2028, 1, 27): "春节",  # Thu
    D(2028, 1, 28): "春节",  # Fri, 初三
    D(2028, 4, 4): "清明节",  # Tue
    D(2028, 5, 1): "劳动节",  # Mon
    D(2028, 5, 2): "劳动节",  # Tue
    D(2028, 5, 28): "端午节",  # Sun
    D(2028, 10, 1): "国庆节",  # Sun
    D(2028, 10, 2): "国庆节",  # Mon
    D(2028, 10, 3): "中秋节、国庆节",  # Tue: 八月十五 on the third day of 国庆节, one day off
}


@pytest.mark.parametrize(("year", "expected"), [(2027, HOLIDAYS_2027), (2028, HOLIDAYS_2028)])
def test_the_holidays_of_the_law_in_a_year(year, expected):
    assert statutory_holidays(year) == expected


@pytest.mark.parametrize(("day", "name"), [*HOLIDAYS_2027.items(), *HOLIDAYS_2028.items()])
def test_each_holiday_is_a_provisional_day_off(day, name):
    assert WorkCalendar().day(day) == DayInfo(day, DayKind.HOLIDAY, name, known=False)


@pytest.mark.parametrize(
    ("day", "kind", "why"),
    [
        (D(2027, 1, 4), DayKind.WORKDAY, "the Monday after 元旦: no day in lieu is guessed"),
        (D(2027, 2, 4), DayKind.WORKDAY, "the day before 除夕"),
        (D(2027, 2, 9), DayKind.WORKDAY, "初四: 春节 is 除夕 to 初三"),
        (D(2027, 4, 6), DayKind.WORKDAY, "the day after 清明"),
        (D(2027, 5, 3), DayKind.WORKDAY, "劳动节 on a weekend: Monday 05-03 is not a day in lieu"),
        (D(2027, 5, 4), DayKind.WORKDAY, "劳动节 is two days since 2025"),
        (D(2027, 10, 4), DayKind.WORKDAY, "国庆节 is 10-01..03; the Monday after is worked"),
        (D(2027, 10, 9), DayKind.WEEKEND, "an ordinary Saturday: no worked weekend day is guessed"),
        (D(2027, 9, 16), DayKind.WORKDAY, "the day after 中秋"),
        (D(2028, 1, 24), DayKind.WORKDAY, "the Monday before 除夕"),
        (D(2028, 1, 29), DayKind.WEEKEND, "初四 is a Saturday, an ordinary weekend day"),
        (D(2028, 5, 29), DayKind.WORKDAY, "端午 on Sunday 05-28: Monday is not a day in lieu"),
        (D(2028, 10, 4), DayKind.WORKDAY, "中秋 on 国庆's third day adds no fourth day"),
        (D(2030, 2, 1), DayKind.WORKDAY, "腊月廿九 of a 30-day 腊月 is not 除夕"),
    ],
)
def test_days_around_the_holidays_are_ordinary_days(day, kind, why):
    assert WorkCalendar().day(day) == DayInfo(day, kind, known=False), why


def test_new_years_eve_is_the_last_day_of_a_30_day_twelfth_month():
    holidays = statutory_holidays(2030)
    assert [day for day, name in sorted(holidays.items()) if name == "春节"] == [
        D(2030, 2, 2),  # 除夕, 腊月三十
        D(2030, 2, 3),
        D(2030, 2, 4),
        D(2030, 2, 5),
    ]
    assert (holidays[D(2030, 4, 5)], holidays[D(2030, 6, 5)], holidays[D(2030, 9, 12)]) == (
        "清明节",
        "端午节",
        "中秋节",
    )


@pytest.mark.parametrize(
    ("received", "days", "due", "how"),
    [
        # docs/rules.md §5.2's worked examples
        (
            D(2026, 12, 7),
            20,
            D(2027, 1, 5),
            "12-08..11 = 4, 14..18 = 9, 21..25 = 14, 28..31 = 18 (official 2026); 2027-01-01 元旦; 01-04, 05 = 20",
        ),
        (
            D(2027, 1, 25),
            20,
            D(2027, 2, 24),
            "01-26..29 = 4, 02-01..04 = 8; 02-05 除夕 .. 02-08 初三 off; 02-09..12 = 12, 15..19 = 17, 22..24 = 20",
        ),
        # across the year boundary of two unknown years, into 2028's 春节
        (
            D(2027, 12, 31),
            20,
            D(2028, 2, 3),
            "2028-01-01 元旦 (Sat); 01-03..07 = 5, 10..14 = 10, 17..21 = 15, 24 = 16; 01-25..28 春节; 01-31..02-03 = 20",
        ),
        (D(2027, 4, 2), 1, D(2027, 4, 6), "Fri; the weekend, then 清明 Monday 04-05"),
        (D(2027, 6, 8), 1, D(2027, 6, 10), "端午 06-09"),
        (D(2027, 9, 14), 1, D(2027, 9, 16), "中秋 09-15"),
        (D(2027, 9, 30), 1, D(2027, 10, 4), "国庆节 10-01..03, the last two on the weekend"),
        (D(2028, 4, 3), 1, D(2028, 4, 5), "清明 04-04"),
        (D(2028, 4, 28), 2, D(2028, 5, 4), "劳动节 05-01, 02 (Mon, Tue): 05-03, 04"),
        (D(2028, 9, 29), 1, D(2028, 10, 4), "国庆节 and 中秋 10-01..03"),
    ],
)
def test_provisional_deadlines_skip_the_holidays_of_the_law(received, days, due, how):
    period = add_working_days(received, days)
    assert (period.due, period.provisional) == (due, True), how


def test_the_explanation_names_a_provisional_holiday_and_marks_it():
    period = add_working_days(D(2027, 1, 25), 20)
    steps = {step.date: step for step in period.steps if step.kind is not StepKind.END}
    eve = steps[D(2027, 2, 5)]
    assert (eve.kind, eve.provisional) == (StepKind.SKIPPED, True)
    assert eve.text == "春节，休息（该年度放假安排尚未公布，暂按周末及法定节日休息计算）"
    assert [s.number for s in period.steps if s.kind is StepKind.COUNTED] == list(range(1, 21))


def test_receipt_and_counts_use_the_same_provisional_holidays():
    # an online request sent on 除夕 proposes the first working day after 初三
    assert propose_receipt_date(D(2027, 2, 5)) == D(2027, 2, 9)
    # 2027-02-04 to 02-10: 02-09 and 02-10 only
    assert working_days_between(D(2027, 2, 4), D(2027, 2, 10)) == 2


def test_a_year_with_the_official_calendar_is_not_affected():
    """2026 is packaged by chinesecalendar: its worked weekend days stay worked and its days in lieu
    stay off, whatever the 办法 alone would say (the official arrangement includes the 办法's days)."""
    import chinese_calendar

    calendar = WorkCalendar()
    day = D(2026, 1, 1)
    while day.year == 2026:
        info = calendar.day(day)
        assert info.known and info.is_workday == chinese_calendar.is_workday(day), day
        day += dt.timedelta(days=1)
    assert calendar.day(D(2026, 2, 14)).kind is DayKind.ADJUSTED_WORKDAY  # a worked Saturday
    assert calendar.day(D(2026, 5, 4)).kind is DayKind.HOLIDAY  # a day in lieu of 劳动节
    assert add_working_days(D(2026, 1, 30), 20).due == D(2026, 3, 5)  # docs/rules.md §1.2


def test_a_year_staff_entered_is_not_affected():
    # the entered file is the whole arrangement: a day it does not list is an ordinary day
    calendar = WorkCalendar({D(2027, 2, 6): Override(False, "春节")}, known_years={2027})
    assert calendar.day(D(2027, 2, 5)) == DayInfo(D(2027, 2, 5), DayKind.WORKDAY)
    assert calendar.day(D(2027, 10, 1)) == DayInfo(D(2027, 10, 1), DayKind.WORKDAY)
    assert calendar.day(D(2027, 2, 6)) == DayInfo(D(2027, 2, 6), DayKind.HOLIDAY, "春节")


def test_a_day_staff_entered_in_an_unknown_year_comes_first():
    # a made-up worked Sunday on 初二 and a made-up day off: the rest of 2027 stays provisional
    calendar = WorkCalendar({D(2027, 2, 7): Override(True, "春节"), D(2027, 2, 9): Override(False, "春节")})
    assert calendar.day(D(2027, 2, 7)) == DayInfo(D(2027, 2, 7), DayKind.ADJUSTED_WORKDAY, "春节")
    assert calendar.day(D(2027, 2, 9)) == DayInfo(D(2027, 2, 9), DayKind.HOLIDAY, "春节")
    assert calendar.day(D(2027, 2, 8)) == DayInfo(D(2027, 2, 8), DayKind.HOLIDAY, "春节", known=False)


@pytest.mark.parametrize(
    ("year", "count"),
    [
        (2003, 0),  # before the amended 办法 (and before the package): Monday to Friday, as before
        (2024, 0),
        (2025, 13),  # the first year of the amended 办法: 1 + 4 + 1 + 2 + 1 + 1 + 3
        (2099, 13),  # lunardate's last lunar year
        (2100, 0),  # beyond lunardate: no lunar date is guessed, the year is counted Monday to Friday
        (2101, 0),  # beyond chinesecalendar's solar terms too
    ],
)
def test_years_the_law_or_the_packages_do_not_cover(year, count):
    assert len(statutory_holidays(year)) == count


def test_a_year_beyond_the_packages_never_fails():
    # the public calculator accepts dates up to 2100-12-31
    assert WorkCalendar().day(D(2100, 1, 1)) == DayInfo(D(2100, 1, 1), DayKind.WORKDAY, known=False)
    period = add_working_days(D(2100, 12, 31), 20)  # Fri; 2101-01-03..07, 10..14, 17..21, 24..28
    assert period.due == D(2101, 1, 28) and period.provisional


def test_each_year_is_computed_once_per_calendar(monkeypatch):
    calls = []
    real = deadlines.statutory_holidays
    monkeypatch.setattr(deadlines, "statutory_holidays", lambda year: calls.append(year) or real(year))
    calendar = WorkCalendar()
    add_working_days(D(2027, 1, 25), 20, calendar)
    add_working_days(D(2027, 12, 31), 20, calendar)
    assert calls == [2027, 2028]


# --- the calendar every page, letter, admin view and reminder is built from --------------------------


@pytest.mark.django_db
def test_stored_deadlines_are_provisional_and_recomputed_when_the_year_is_entered():
    from applications import calendar_file, queries, services
    from tests.factories import InformationRequestFactory

    assert queries.build_calendar().day(D(2027, 2, 5)).kind is DayKind.HOLIDAY
    request = InformationRequestFactory(received_on=D(2026, 12, 7))
    assert (request.due_date, request.deadline_provisional) == (D(2027, 1, 5), True)

    # A made-up 2027 arrangement for this test only: 元旦 01-01..03, and Monday 01-04 off in lieu.
    made_up = "日期,类型,名称\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-03,休,元旦\n2027-01-04,休,元旦\n"
    summary = services.load_calendar(rows=calendar_file.read_calendar(made_up.encode()).rows)
    assert summary["recomputed"] == 1
    request.refresh_from_db()
    assert (request.due_date, request.deadline_provisional) == (D(2027, 1, 6), False)
    assert request.events.get(kind="deadline_recomputed").data == {
        "before": "2027-01-05",
        "after": "2027-01-06",
        "provisional_before": True,
        "provisional_after": False,
    }


@pytest.mark.django_db
def test_the_public_calculator_counts_the_provisional_holidays(client):
    from django.urls import reverse

    html = client.get(reverse("applications:calculator"), {"received_on": "2027-01-25", "days": "20"}).content.decode()
    assert "2027年2月24日" in html and "暂定期限" in html
    assert "春节，休息" in html
