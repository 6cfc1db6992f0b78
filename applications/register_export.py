"""The request register (台账) exported: a year's requests as rows of the register's columns.

`export_register` writes the columns of the import (applications.register_import.REGISTER_COLUMNS)
back, the event dates read from each request's RequestEvent rows, plus the computed due date and
state (EXPORT_COLUMNS). The column names are a contract: keep them.

收费金额 is the amount of the fee notice in whole yuan (digits only, e.g. 1200), written for every
request with a fee notice and blank when the amount is unknown (a notice imported from a register
without the column); the import reads it back as it was.

Limits: the register has one consultation and no Art. 35 date. A request with several
consultations exports its first one, and an Art. 35 date is not exported (its due date is, in
答复期限); such a request re-imported may get a different due date. Online requests whose receipt
is not yet confirmed (Art. 31) are not received yet and are not exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import io

from django.utils import timezone

from applications.models import InformationRequest, RequestEvent
from applications.register_import import NATURAL_PERSON, REGISTER_COLUMNS
from common.cells import neutralise

EXPORT_COLUMNS = [*REGISTER_COLUMNS, "答复期限", "期限待定", "是否逾期", "状态"]
YES, NO = "是", "否"

_CLOSING_KINDS = {
    RequestEvent.Kind.ANSWERED,
    RequestEvent.Kind.ABANDONED,
    RequestEvent.Kind.FEE_LAPSED,
    RequestEvent.Kind.WITHDRAWN,
}


def _iso(value: dt.date | None) -> str:
    return value.isoformat() if value else ""


def register_queryset(year: int):
    """Requests received in `year` (Art. 31 receipt confirmed), in order of receipt."""
    return (
        InformationRequest.objects.filter(
            received_on__gte=dt.date(year, 1, 1), received_on__lte=dt.date(year, 12, 31), receipt_confirmed=True
        )
        .order_by("received_on", "pk")
        .prefetch_related("events")
    )


def unconfirmed_count(year: int) -> int:
    """Online requests of `year` whose receipt staff have not confirmed yet: not in the register."""
    return InformationRequest.objects.filter(
        received_on__gte=dt.date(year, 1, 1), received_on__lte=dt.date(year, 12, 31), receipt_confirmed=False
    ).count()


def export_row(request: InformationRequest, today: dt.date | None = None) -> dict[str, str]:
    """One request as a register row, its step dates read from its events."""
    today = today or timezone.localdate()
    first: dict[str, RequestEvent] = {}
    closing = None
    for event in request.events.all():  # ordered by date, pk
        first.setdefault(event.kind, event)
        if event.kind in _CLOSING_KINDS:
            closing = event
    data = {kind: (event.data or {}) for kind, event in first.items()}

    def on(kind):
        return _iso(first[kind].date) if kind in first else ""

    if request.applicant_type == InformationRequest.ApplicantType.NATURAL_PERSON:
        applicant, code = NATURAL_PERSON, request.id_number
    else:
        applicant = request.get_organisation_kind_display() if request.organisation_kind else "其他"
        code = request.uscc
    answered_on = closing.date if closing else request.answered_on
    fee_notice_on = on(RequestEvent.Kind.FEE_NOTICE) or _iso(request.fee_notice_on)
    overdue = request.answered_late or (request.is_open and request.due_date is not None and request.due_date < today)
    return {
        "申请编号": request.tracking_number,
        "收到日期": _iso(request.received_on),
        "申请渠道": request.get_channel_display(),
        "申请人类型": applicant,
        "申请人姓名或名称": request.name,
        "证件号码": code,
        "联系电话": request.phone,
        "申请内容": request.description,
        "补正告知日期": on(RequestEvent.Kind.CORRECTION_NOTICE),
        "补正期限": str(data.get(RequestEvent.Kind.CORRECTION_NOTICE, {}).get("period_end", "") or ""),
        "补正收到日期": on(RequestEvent.Kind.CORRECTION_RECEIVED),
        "征求意见发出日期": on(RequestEvent.Kind.CONSULTATION_SENT),
        "征求意见答复日期": on(RequestEvent.Kind.CONSULTATION_REPLY),
        "延期批准日期": on(RequestEvent.Kind.EXTENSION),
        "延期工作日数": str(data.get(RequestEvent.Kind.EXTENSION, {}).get("days", "") or ""),
        "收费通知日期": fee_notice_on,
        "收费金额": str(request.fee_amount) if fee_notice_on and request.fee_amount is not None else "",
        "缴费日期": on(RequestEvent.Kind.FEE_PAID) or _iso(request.fee_paid_on),
        "答复日期": _iso(answered_on) if request.outcome else "",
        "办理结果": request.get_outcome_display() if request.outcome else "",
        "备注": request.remarks,
        "答复期限": _iso(request.due_date),
        "期限待定": YES if request.deadline_provisional else NO,
        "是否逾期": YES if overdue else NO,
        "状态": request.get_status_display(),
    }


def export_register(year: int, fmt: str = "csv") -> tuple[bytes, int]:
    """The register of `year` as CSV (UTF-8 with BOM, for Excel) or XLSX bytes, and its row count."""
    today = timezone.localdate()
    rows = [export_row(request, today) for request in register_queryset(year)]
    if fmt == "csv":
        out = io.StringIO()
        writer = csv.writer(out, lineterminator="\r\n")
        writer.writerow(EXPORT_COLUMNS)
        writer.writerows([neutralise(row[c]) for c in EXPORT_COLUMNS] for row in rows)
        return out.getvalue().encode("utf-8-sig"), len(rows)
    if fmt == "xlsx":
        import openpyxl
        from openpyxl.styles import Font

        workbook = openpyxl.Workbook()
        sheet = workbook.active
        sheet.title = f"{year}年申请台账"
        sheet.append(EXPORT_COLUMNS)
        for cell in sheet[1]:
            cell.font = Font(bold=True)
        for row in rows:
            sheet.append([neutralise(row[c]) for c in EXPORT_COLUMNS])
        for column in sheet.columns:
            for cell in column:
                cell.number_format = "@"  # text: ID numbers and phone numbers stay as typed
            sheet.column_dimensions[column[0].column_letter].width = 14
        sheet.freeze_panes = "A2"
        out = io.BytesIO()
        workbook.save(out)
        return out.getvalue(), len(rows)
    raise ValueError(f"unknown format {fmt!r}")
