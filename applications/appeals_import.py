"""The appeals list (行政复议、行政诉讼 about requests, report table 四) imported from CSV or XLSX.

Columns (a contract: keep them): APPEAL_COLUMNS; 申请编号 may be absent. Each row becomes an
Appeal, linked to its request when the tracking number is found; the model's own rules
(Appeal.full_clean) apply to every row. A file is taken whole or not at all; re-importing adds
nothing (each row's key: 申请编号, 类型, 提起日期 and its place among identical rows).
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.models import Appeal, InformationRequest
from applications.register_import import import_key
from applications.register_import_replay import ALREADY_THERE, IMPORT_NOTE
from common.imports import columns
from common.imports.result import CREATED, SKIPPED, ImportResult, RowOutcome, run_rows, verb
from common.imports.rows import CheckedFile, RowReader, check_rows

APPEAL_COLUMNS = ["申请编号", "类型", "提起日期", "结果", "审结日期"]
APPEAL_REQUIRED = ["类型", "提起日期", "结果"]  # the columns that identify the header row
COLUMNS = columns.columns_named(APPEAL_COLUMNS, optional=["申请编号"])
MAX_ROWS = 20000
APPEAL_KINDS = {str(label): value for value, label in Appeal.Kind.choices}
APPEAL_RESULTS = {
    **{str(label): value for value, label in Appeal.Result.choices},
    "维持": Appeal.Result.UPHELD,
    "纠正": Appeal.Result.CORRECTED,
    "其他": Appeal.Result.OTHER,
    "未审结": Appeal.Result.PENDING,
}
_APPEAL_FIELDS = {"kind": "类型", "filed_on": "提起日期", "result": "结果", "concluded_on": "审结日期"}


@dataclass
class AppealRow:
    number: int
    tracking_number: str
    kind: str
    filed_on: dt.date
    result: str
    concluded_on: dt.date | None
    key: str


def _parse_appeal_row(number: int, cells: dict[str, str], today: dt.date) -> tuple[AppealRow | None, list]:
    """(the checked row, without its key yet, and []) or (None, every problem of the row)."""
    p = RowReader(number, cells)
    tracking = p.text("申请编号", max_length=20)
    kind = p.choice("类型", APPEAL_KINDS, required=True)
    filed_on = p.date("提起日期", required=True)
    result = p.choice("结果", APPEAL_RESULTS, required=True, shown="结果维持、结果纠正、其他结果、尚未审结")
    concluded_on = p.date("审结日期")
    for column, value in [("提起日期", filed_on), ("审结日期", concluded_on)]:
        if value and value > today:
            p.error(f"“{column}”（{value}）晚于今天。")
    if not p.errors:
        appeal = Appeal(kind=kind, filed_on=filed_on, result=result, concluded_on=concluded_on)
        try:
            appeal.full_clean(exclude=["request", "import_key"], validate_unique=False)
        except ValidationError as exc:
            for name, messages in exc.message_dict.items():
                p.errors += [(number, f"“{_APPEAL_FIELDS.get(name, name)}”：{m}") for m in messages]
    if p.errors:
        return None, p.errors
    return AppealRow(number, tracking, kind, filed_on, result, concluded_on, key=""), []


def parse_appeals(table: columns.Table, *, today: dt.date | None = None) -> CheckedFile:
    """Check every appeal row (Appeal.full_clean rules included); any error rejects the file."""
    today = today or timezone.localdate()
    seen = {}

    def accept(row: AppealRow) -> str:
        # Two appeals of one kind filed the same day about the same request are told apart by order.
        identity = (row.tracking_number, row.kind, row.filed_on.isoformat())
        seen[identity] = seen.get(identity, 0) + 1
        row.key = import_key("appeal", *identity, str(seen[identity]))
        return ""

    return check_rows(table, lambda number, cells: _parse_appeal_row(number, cells, today), accept)


def read_table(content: bytes) -> columns.Table:
    return columns.read_table(content, COLUMNS, marks=APPEAL_REQUIRED, max_rows=MAX_ROWS)


def read_appeals(content: bytes, *, today: dt.date | None = None) -> CheckedFile:
    return parse_appeals(read_table(content), today=today)


@dataclass
class AppealOutcome(RowOutcome):
    tracking_number: str = ""
    status: str = ""
    linked: bool = False


def _import_appeal_row(row: AppealRow) -> AppealOutcome:
    existing = Appeal.objects.filter(import_key=row.key).select_related("request").first()
    if existing is not None:
        number = existing.request.tracking_number if existing.request else row.tracking_number
        return AppealOutcome(
            row.number, SKIPPED, ALREADY_THERE, tracking_number=number, linked=existing.request is not None
        )
    request = (
        InformationRequest.objects.filter(tracking_number=row.tracking_number).first() if row.tracking_number else None
    )
    notes, note = IMPORT_NOTE, ""
    if row.tracking_number and request is None:
        note = f"系统中没有申请编号{row.tracking_number}，未关联申请"
        notes = f"{IMPORT_NOTE}；所涉申请编号：{row.tracking_number}（系统中未找到）"
    if request is not None and row.filed_on < request.received_on:
        raise ValidationError(f"“提起日期”（{row.filed_on}）早于所涉申请的收到日期（{request.received_on}）。")
    Appeal.objects.create(
        kind=row.kind,
        request=request,
        filed_on=row.filed_on,
        result=row.result,
        concluded_on=row.concluded_on,
        notes=notes,
        import_key=row.key,
    )
    return AppealOutcome(
        row.number,
        note=note,
        tracking_number=row.tracking_number,
        status=Appeal.Result(row.result).label,
        linked=request is not None,
    )


def import_appeals(checked: CheckedFile, *, dry_run: bool = False) -> ImportResult:
    """Create an Appeal per row, linked to its request when the tracking number is found; all or none."""
    result = ImportResult.for_file(checked, dry_run=dry_run)
    return run_rows(checked.rows, _import_appeal_row, result)


def appeals_summary(result: ImportResult) -> str:
    created = result.of(CREATED)
    linked = sum(1 for r in created if r.linked)
    return (
        f"{verb(result)} {len(created)} 件行政复议、行政诉讼（关联申请 {linked} 件，"
        f"未关联 {len(created) - linked} 件）；已存在而跳过 {result.skipped} 件。"
    )
