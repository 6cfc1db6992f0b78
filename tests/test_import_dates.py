"""The imports' date parser (common.imports.dates): every accepted form, and the year-last form
A/B/YYYY read without doubt when only one reading is a date, in the caller's order when ambiguous,
with the order the file's other dates settle (slash_order) and an error naming both readings."""

import datetime as dt
import re

import pytest

from common.imports.dates import (
    DAY_FIRST,
    MONTH_FIRST,
    ambiguous_date_error,
    date_error,
    is_ambiguous,
    parse_date,
    slash_order,
)

D = dt.date


@pytest.mark.parametrize(
    ("text", "date"),
    [
        ("2018-03-29", D(2018, 3, 29)),
        ("2018-3-9", D(2018, 3, 9)),
        ("2018/3/29", D(2018, 3, 29)),
        ("2018/03/09", D(2018, 3, 9)),
        ("2018.3.29", D(2018, 3, 29)),
        ("20180329", D(2018, 3, 29)),
        ("2018年3月29日", D(2018, 3, 29)),
        # year last: the value itself says which part is the day
        ("03/29/2018", D(2018, 3, 29)),  # B > 12: month/day (the credit platform's API)
        ("3/29/2018", D(2018, 3, 29)),
        ("29/03/2018", D(2018, 3, 29)),  # A > 12: day/month
        ("29/3/2018", D(2018, 3, 29)),
        ("05/05/2018", D(2018, 5, 5)),  # A == B: the same day either way
        ("5/05/2018", D(2018, 5, 5)),
        # a time after the date is ignored
        ("2018-03-29 10:12:00", D(2018, 3, 29)),
        ("2018-03-29T10:12", D(2018, 3, 29)),
        ("03/29/2018 10:12:00", D(2018, 3, 29)),
        ("29/03/2018 10:12", D(2018, 3, 29)),
        # full-width digits and punctuation, surrounding spaces
        (" ２０１８／３／２９ ", D(2018, 3, 29)),
        ("０３／２９／２０１８", D(2018, 3, 29)),
        ("２９／０３／２０１８　１０：１２", D(2018, 3, 29)),
    ],
)
def test_every_accepted_form(text, date):
    assert parse_date(text, year_last=True) == date
    assert parse_date(text, year_last=True, order=MONTH_FIRST) == date  # an order only settles ambiguous values
    assert parse_date(text, year_last=True, order=DAY_FIRST) == date
    assert not is_ambiguous(text)
    # the year last only where the import asks for it (the request register does not)
    year_last = re.match(r"^\s*[0-9０-９]{1,2}[/／]", text) is not None
    assert parse_date(text) == (None if year_last else date)


@pytest.mark.parametrize(
    ("text", "month_first", "day_first"),
    [
        ("03/04/2018", D(2018, 3, 4), D(2018, 4, 3)),
        ("3/4/2018", D(2018, 3, 4), D(2018, 4, 3)),
        ("12/01/2018", D(2018, 12, 1), D(2018, 1, 12)),
        ("０３／０４／２０１８ 10:12", D(2018, 3, 4), D(2018, 4, 3)),
    ],
)
def test_an_ambiguous_value_is_read_in_the_order_given_and_not_without_one(text, month_first, day_first):
    assert is_ambiguous(text)
    assert parse_date(text, year_last=True) is None
    assert parse_date(text, year_last=True, order=MONTH_FIRST) == month_first
    assert parse_date(text, year_last=True, order=DAY_FIRST) == day_first
    assert parse_date(text, order=MONTH_FIRST) is None


@pytest.mark.parametrize(
    "text",
    [
        "13/13/2018",  # no month either way
        "02/30/2018",  # month first, but no 30 February
        "30/02/2018",  # day first, but no 30 February
        "02/29/2019",
        "00/05/2018",
        "05/00/2018",
        "03/04/0000",
        "03/04/18",  # two-digit year
        "003/04/2018",
        "03-29-2018",  # year last with '-' or '.' is not a form
        "29.03.2018",
        "2018-02-30",
        "2018-13-01",
        "2018329",
        "昨天",
        "",
    ],
)
def test_what_is_not_a_date(text):
    assert parse_date(text) is None
    assert parse_date(text, year_last=True, order=MONTH_FIRST) is None
    assert parse_date(text, year_last=True, order=DAY_FIRST) is None
    assert not is_ambiguous(text)


def test_an_unknown_order_is_a_mistake_of_the_caller():
    with pytest.raises(ValueError, match="order"):
        parse_date("03/04/2018", order="ymd")


@pytest.mark.parametrize(
    ("values", "order"),
    [
        (["03/29/2018", "03/04/2018", "2018-01-31"], MONTH_FIRST),  # B > 12 proves month first
        (["1/13/2018", "12/31/2018"], MONTH_FIRST),
        (["29/03/2018", "03/04/2018"], DAY_FIRST),  # A > 12 proves day first
        (["13/1/2018 10:12", "０４／０３／２０１８"], DAY_FIRST),
        (["03/29/2018", "29/03/2018"], None),  # conflicting
        (["03/04/2018", "05/05/2018", "04/03/2018"], None),  # nothing proven
        ([], None),
        (["13/13/2018", "02/30/2018", "03/04/2018"], None),  # no date either way proves nothing
        (["2018/03/29", "20181231", "2018年12月13日", "03/04/2018"], None),  # other forms ignored
        (["2018/12/29", "03/29/2018"], MONTH_FIRST),
        (["2018/12/29", "29/03/2018"], DAY_FIRST),
    ],
)
def test_the_order_the_files_other_dates_settle(values, order):
    assert slash_order(values) == order
    assert slash_order(iter(values)) == order  # any iterable, read once


def test_the_error_of_a_value_that_is_not_a_date():
    assert (
        date_error("收到日期", "昨天")
        == "“收到日期”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“昨天”。"
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        (
            "03/04/2018",
            "“决定日期”“03/04/2018”无法确定是月/日/年还是日/月/年（按月/日/年是 2018-03-04，按日/月/年是 2018-04-03），"
            "文件中其他日期也不能确定：请改写为 YYYY-MM-DD 形式的正确日期。",
        ),
        (
            "1/12/2018",
            "“决定日期”“1/12/2018”无法确定是月/日/年还是日/月/年（按月/日/年是 2018-01-12，按日/月/年是 2018-12-01），"
            "文件中其他日期也不能确定：请改写为 YYYY-MM-DD 形式的正确日期。",
        ),
        ("昨天", "“决定日期”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“昨天”。"),  # not ambiguous
    ],
)
def test_the_error_of_an_ambiguous_value_names_both_readings(value, message):
    assert ambiguous_date_error("决定日期", value) == message
