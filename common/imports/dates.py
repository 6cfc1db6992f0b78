"""The one date parser of the imports: every import accepts the same forms of a date (the year-last
form only where the import asks for it).

Accepted: 2026-03-15 (also 2026-3-15), 2026/3/15 (Excel's CSV on Chinese Windows), 2026.3.15,
20260315, 2026年3月15日, and an XLSX date cell (read as YYYY-MM-DD by common.spreadsheets); a time
after the date (2026-03-15 10:12:00, 2026-03-15T10:12) is ignored. Full-width digits and
punctuation are read as their half-width forms.

With `year_last` (the 双公示 import asks for it; the request register, whose dates start statutory
deadlines, does not), the year may also come last, A/B/YYYY (1 or 2 digits each, '/' only): the national credit
platform's API writes 03/29/2018, month first; others write 29/03/2018, day first. Such a value is
read without further ado when only one reading is a date (B > 12: month/day; A > 12: day/month)
or when both readings are the same day (05/05/2018). When both parts are 1–12 and differ
(03/04/2018) it is ambiguous: it is read in the `order` the caller gives (MONTH_FIRST or DAY_FIRST,
e.g. the one `slash_order` finds among the file's other dates), and without one it is not a date
(`is_ambiguous` tells it apart from a value that is no date at all, for `ambiguous_date_error`).
`order` only settles ambiguous values: 29/03/2018 is 29 March whatever the order.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from collections.abc import Iterable

from django.utils.translation import gettext as _

MONTH_FIRST = "mdy"
DAY_FIRST = "dmy"
_ORDERS = (MONTH_FIRST, DAY_FIRST)

_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]
_YEAR_LAST = re.compile(r"^(\d{1,2})/(\d{1,2})/(\d{4})$")
_TIME_SUFFIX = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")


def _normalized(value: str) -> str:
    return _TIME_SUFFIX.sub("", unicodedata.normalize("NFKC", value).strip())


def _date(year: int, month: int, day: int) -> dt.date | None:
    try:
        return dt.date(year, month, day)
    except ValueError:  # 2026-02-30
        return None


def _readings(value: str) -> dict[str, dt.date] | None:
    """The dates a normalized A/B/YYYY value names, by order (the readings that are no date left
    out); None for a value of another form."""
    match = _YEAR_LAST.match(value)
    if not match:
        return None
    a, b, year = int(match[1]), int(match[2]), int(match[3])
    readings = {MONTH_FIRST: _date(year, a, b), DAY_FIRST: _date(year, b, a)}
    return {order: date for order, date in readings.items() if date is not None}


def parse_date(value: str, *, year_last: bool = False, order: str | None = None) -> dt.date | None:
    """The date `value` names in one of the accepted forms, or None if it names none. With
    `year_last`, A/B/YYYY too: an ambiguous one is read in `order` (MONTH_FIRST or DAY_FIRST), and
    is None without one."""
    if order not in (None, *_ORDERS):
        raise ValueError(f"order must be MONTH_FIRST, DAY_FIRST or None, not {order!r}")
    value = _normalized(value)
    readings = _readings(value) if year_last else None
    if readings is not None:
        if len(set(readings.values())) == 1:  # one reading is a date, or both are the same day
            return next(iter(readings.values()))
        return readings.get(order) if order else None
    for form in _FORMS:
        match = form.match(value)
        if match:
            return _date(int(match[1]), int(match[2]), int(match[3]))
    return None


def is_ambiguous(value: str) -> bool:
    """Whether `value` is an A/B/YYYY date whose parts are both 1–12 and differ (03/04/2018): a
    different date read month first or day first."""
    readings = _readings(_normalized(value))
    return readings is not None and len(set(readings.values())) == 2


def slash_order(values: Iterable[str]) -> str | None:
    """The order the A/B/YYYY values among `values` settle: MONTH_FIRST if some are dates only read
    month first (03/29/2018) and none only read day first (29/03/2018), DAY_FIRST the other way
    round, None if none or both are found. Values of other forms are ignored."""
    proven = set()
    for value in values:
        readings = _readings(_normalized(value))
        if readings is not None and len(readings) == 1:
            proven |= readings.keys()
    return proven.pop() if len(proven) == 1 else None


def date_error(label: str, value: str) -> str:
    """The row error of a cell that is not a date."""
    return _("“%(label)s”应为有效日期（如 2026-03-15、2026/3/15 或 20260315），而不是“%(value)s”。") % {
        "label": label,
        "value": value,
    }


def ambiguous_date_error(label: str, value: str) -> str:
    """The row error of an ambiguous A/B/YYYY cell (is_ambiguous), naming both of its readings; the
    error of a cell that is not a date (date_error) for any other value."""
    readings = _readings(_normalized(value))
    if readings is None or len(set(readings.values())) != 2:
        return date_error(label, value)
    message = _(
        "“%(label)s”“%(value)s”无法确定是月/日/年还是日/月/年（按月/日/年是 %(month_first)s，按日/月/年是 "
        "%(day_first)s），文件中其他日期也不能确定：请改写为 YYYY-MM-DD 形式的正确日期。"
    )
    return message % {
        "label": label,
        "value": value,
        "month_first": readings[MONTH_FIRST].isoformat(),
        "day_first": readings[DAY_FIRST].isoformat(),
    }
