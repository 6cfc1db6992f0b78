"""The holiday-arrangement file staff import (`日期,类型,名称`): read and checked, nothing saved."""

import datetime as dt
from dataclasses import dataclass

from django.utils.translation import gettext as _

from applications.models import CalendarDay
from common import spreadsheets


@dataclass(frozen=True)
class CalendarRow:
    date: dt.date
    kind: str
    name: str


class CalendarFileError(Exception):
    """A calendar file with errors; nothing of it was saved. `errors` lists (row number, message)."""

    def __init__(self, errors: list[tuple[int, str]]):
        self.errors = errors
        super().__init__("; ".join(f"第{row}行：{message}" for row, message in errors))


CALENDAR_HEADER = ["日期", "类型", "名称"]
CALENDAR_KINDS = {"休": CalendarDay.Kind.HOLIDAY, "班": CalendarDay.Kind.WORKDAY}
MAX_CALENDAR_ROWS = 5000  # a calendar file holds a year's days, or a few years'


def parse_calendar_csv(content: bytes | str) -> list[CalendarRow]:
    """Read `日期,类型,名称` rows (类型 休 or 班). All errors are collected; any error rejects the file.

    Read by common.spreadsheets, as every imported file is (bounded in size and rows; an XLSX file
    is checked before it is parsed)."""
    if isinstance(content, str):
        content = content.encode("utf-8")
    try:
        raw = spreadsheets.read_rows(content, max_rows=MAX_CALENDAR_ROWS)
    except spreadsheets.SpreadsheetError as exc:
        raise CalendarFileError(exc.errors) from exc
    if not raw or raw[0][1][:3] != CALENDAR_HEADER:
        raise CalendarFileError([(1, _("表头应为“日期,类型,名称”。"))])
    if raw.truncated:
        raise CalendarFileError([(1, _("一次最多导入%(n)d行，请分多个文件导入。") % {"n": MAX_CALENDAR_ROWS})])
    rows, errors, seen = [], [], {}
    for number, cells in raw[1:]:
        if not any(cell.strip() for cell in cells):
            continue
        cells = [cell.strip() for cell in cells] + ["", ""]
        raw_date, raw_kind, name = cells[0], cells[1], cells[2]
        try:
            date = dt.date.fromisoformat(raw_date)
        except ValueError:
            errors.append((number, _("日期“%(value)s”不是 YYYY-MM-DD 格式的有效日期。") % {"value": raw_date}))
            continue
        if raw_kind not in CALENDAR_KINDS:
            errors.append((number, _("类型应为“休”或“班”，而不是“%(value)s”。") % {"value": raw_kind}))
            continue
        if date in seen:
            errors.append((number, _("日期 %(date)s 与第%(row)d行重复。") % {"date": date, "row": seen[date]}))
            continue
        if len(name) > 50:
            errors.append((number, _("名称不能超过50个字。")))
            continue
        seen[date] = number
        rows.append(CalendarRow(date, CALENDAR_KINDS[raw_kind], name))
    if errors:
        raise CalendarFileError(errors)
    if not rows:
        raise CalendarFileError([(2, _("文件中没有日期。"))])
    return rows
