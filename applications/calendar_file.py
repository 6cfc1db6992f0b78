"""The holiday-arrangement file staff import (`日期,类型,名称`): read and checked, nothing saved.

Read through common.imports like every imported file (bounded in size and rows; an XLSX file is
checked before it is parsed; cells cleaned; dates in any accepted form; columns not recognised
reported). 类型 is 休 (a holiday) or 班 (a worked weekend day); each date once. Saving is
applications.calendar_import.
"""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import CalendarDay
from common.imports import columns
from common.imports.rows import CheckedFile, RowReader, check_rows


@dataclass(frozen=True)
class CalendarRow:
    date: dt.date
    kind: str
    name: str
    number: int = 0  # the file's row number


CALENDAR_HEADER = ["日期", "类型", "名称"]
COLUMNS = columns.columns_named(CALENDAR_HEADER)
CALENDAR_KINDS = {"休": CalendarDay.Kind.HOLIDAY, "班": CalendarDay.Kind.WORKDAY}
MAX_CALENDAR_ROWS = 5000  # a calendar file holds a year's days, or a few years'
MAX_NAME = 50


def read_table(content: bytes) -> columns.Table:
    return columns.read_table(content, COLUMNS, max_rows=MAX_CALENDAR_ROWS)


def _check_row(number: int, cells: dict[str, str]) -> tuple[CalendarRow | None, list]:
    p = RowReader(number, cells)
    date = p.date("日期", required=True)
    kind = p.choice("类型", CALENDAR_KINDS, required=True, shown=_("“休”或“班”"))
    name = p.text("名称", max_length=MAX_NAME)
    if p.errors:
        return None, p.errors
    return CalendarRow(date, kind, name, number), []


def parse_calendar(table: columns.Table) -> CheckedFile:
    """Check every row (日期, 类型 休 or 班, 名称); all errors are collected, any rejects the file."""
    seen = {}

    def accept(row: CalendarRow) -> str:
        if row.date in seen:
            return _("日期 %(date)s 与第%(row)d行重复。") % {"date": row.date, "row": seen[row.date]}
        seen[row.date] = row.number
        return ""

    return check_rows(table, _check_row, accept)


def read_calendar(content: bytes | str) -> CheckedFile:
    """Read and check a holiday-arrangement file (CSV or XLSX; text is read as UTF-8)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    return parse_calendar(read_table(content))
