"""The request register (台账) imported: each checked row replayed through the workflow.

`import_register` turns each row into a request by **replaying** its steps through the same
service functions staff use (`services.record_offline_request`, `services.send_correction_notice`,
`record_supplement`, `send_consultation`, …, `answer`), in the order of their dates, with no
actor; so an imported request has the same events, deadline and lateness as one handled live.
All rows are replayed in one transaction, each in its own savepoint (common.imports.result.run_rows);
a refusal of a service function is reported for its row, and if any row failed the whole
transaction is rolled back. The admin's preview is the same import run as a dry run (rolled back
at the end), so what the preview accepts is what the confirmation imports.

- An answer after the due date is imported and marked answered late (是否逾期), like a live one.
- A 补正 notice later than 7 工作日 after receipt (Art. 30) and an extension approved after the due
  date (Art. 33) are refused by the live workflow. Replaying them anyway would give a deadline
  the law does not produce and the system could not explain, so such a row is a **row error**
  naming the column and the legal limit; staff correct the row (or enter the request by hand).
- Results: （六）1 → `services.mark_abandoned`, （六）2 → `services.record_fee_lapse`, （六）3 →
  `services.withdraw` (status 已终止), every other result → `services.answer` with the legal basis
  "见答复告知书（台账导入）" (备注 is kept as the request's remarks, not as a legal basis).
- The fee notice and payment are recorded as clock events (`services.record_clock_event`,
  `services.record_payment`) with `fee_notice_on`/`fee_paid_on` set, and `fee_amount` from 收费金额
  (also in the notice event's data, as a live notice has it). The register has no 收费方式, so
  none is recorded; an older register without 收费金额 leaves the amount unknown (None, never 0),
  and the notice event says so.

Re-importing does not duplicate: a row whose key (RegisterRow.key) exists is skipped. A row whose
申请编号 is an existing tracking number with the same 收到日期 and name is the same request (a
file exported from this system imported back) and is skipped too.

申请编号: kept as the tracking number when no other request uses it. A number of this system's
form (YYYY-NNNNNN) takes that year and sequence, and the year's counter is raised past it so live
numbering never hands it out again; another form keeps the counter value the service drew. A
number already used by another request gets a new number, and the old one is kept in 备注
("原台账申请编号：…"). Imported requests have no lookup code the requester knows, and no
载体形式/获取方式 (the register does not record them; blank until staff fill them in).
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from applications import services
from applications.models import InformationRequest, Outcome, RequestCounter, RequestEvent
from applications.register_import import STEP_COLUMNS, RegisterRow
from common.imports.result import CREATED, SKIPPED, ImportResult, RowOutcome, run_rows, verb
from common.imports.rows import CheckedFile

IMPORT_NOTE = "台账导入"
LEGAL_BASIS = "见答复告知书（台账导入）"
APPROVER = "台账导入"
ALREADY_THERE = "已存在，跳过"


@dataclass
class RequestOutcome(RowOutcome):
    """A row's request as the preview shows it."""

    tracking_number: str = ""
    status: str = ""
    due_date: dt.date | None = None
    provisional: bool = False
    outcome: str = ""
    answered_late: bool = False


def _step(column: str, action, **kwargs):
    """Run one workflow action; a refusal names the column it came from."""
    try:
        return action(**kwargs)
    except ValidationError as exc:
        raise ValidationError(f"{column}：{'；'.join(exc.messages)}", code=getattr(exc, "code", None)) from exc


_NUMBER = re.compile(r"^(\d{4})-(\d{6})$")


def _free_number(number: str, own_pk: int) -> tuple[int, int] | bool | None:
    """Whether `number` may become the tracking number: False if used; (year, sequence) for a number
    of this system's form; None for a number of another form."""
    others = InformationRequest.objects.exclude(pk=own_pk)
    if others.filter(tracking_number=number).exists():
        return False
    match = _NUMBER.match(number)
    if match is None:
        return None
    year, sequence = int(match[1]), int(match[2])
    if others.filter(tracking_year=year, tracking_sequence=sequence).exists():
        return False
    return year, sequence


def _reserve(year: int, sequence: int) -> None:
    """Raise the year's counter past an imported number, so live numbering never reuses it."""
    RequestCounter.objects.get_or_create(year=year)
    counter = RequestCounter.objects.select_for_update().get(year=year)
    if counter.last < sequence:
        counter.last = sequence
        counter.save(update_fields=["last"])


def _same_request(row: RegisterRow) -> InformationRequest | None:
    existing = InformationRequest.objects.filter(import_key=row.key).first()
    if existing is None and row.tracking_number:
        existing = InformationRequest.objects.filter(
            tracking_number=row.tracking_number, received_on=row.received_on, name=row.name
        ).first()
    return existing


def _import_register_row(row: RegisterRow) -> RequestOutcome:
    existing = _same_request(row)
    if existing is not None:
        return RequestOutcome(row.number, SKIPPED, ALREADY_THERE, tracking_number=existing.tracking_number)

    data = {
        "applicant_type": row.applicant_type,
        "organisation_kind": row.organisation_kind,
        "name": row.name,
        "id_type": InformationRequest.IdType.RESIDENT_ID if row.id_number else "",
        "id_number": row.id_number,
        "uscc": row.uscc,
        "phone": row.phone,
        "description": row.description,
    }
    submitted_at = timezone.make_aware(dt.datetime.combine(row.received_on, dt.time()))
    request, _code = services.record_offline_request(
        data=data, channel=row.channel, received_on=row.received_on, submitted_at=submitted_at
    )
    note, remarks, update = "", row.remarks, {"import_key": row.key}
    if row.tracking_number and row.tracking_number != request.tracking_number:
        free = _free_number(row.tracking_number, request.pk)
        if free is False:
            note = f"申请编号{row.tracking_number}已被其他申请使用，另行编号为{request.tracking_number}"
            remarks = "\n".join(filter(None, [remarks, f"原台账申请编号：{row.tracking_number}"]))
        else:
            update["tracking_number"] = row.tracking_number
            if free is not None:
                update["tracking_year"], update["tracking_sequence"] = free
                _reserve(*free)
    update["remarks"] = remarks
    InformationRequest.objects.filter(pk=request.pk).update(**update)
    RequestEvent.objects.filter(request=request, kind=RequestEvent.Kind.RECEIVED).update(
        note=f"{IMPORT_NOTE}（第{row.number}行）。"
    )
    request.refresh_from_db()

    def fee_notice(*, request, date):
        amount = row.fee_amount
        InformationRequest.objects.filter(pk=request.pk).update(fee_notice_on=date, fee_amount=amount)
        if amount is None:
            note, data = f"{IMPORT_NOTE}：收费金额未记载于台账。", {}
        else:
            note, data = f"{IMPORT_NOTE}：收费金额{amount}元，收费方式未记载于台账。", {"amount": amount}
        services.record_clock_event(request=request, kind=RequestEvent.Kind.FEE_NOTICE, date=date, note=note, **data)

    steps = {
        "correction_notice_on": lambda date: services.send_correction_notice(
            request=request, date=date, items=f"见补正告知书（{IMPORT_NOTE}）", period_end=row.correction_period_end
        ),
        "correction_received_on": lambda date: services.record_supplement(request=request, date=date),
        "consultation_sent_on": lambda date: services.send_consultation(
            request=request, date=date, party=f"见征求意见书（{IMPORT_NOTE}）"
        ),
        "consultation_reply_on": lambda date: services.record_consultation_reply(request=request, date=date),
        "extension_on": lambda date: services.approve_extension(
            request=request, date=date, days=row.extension_days, approver=APPROVER, reason=IMPORT_NOTE
        ),
        "fee_notice_on": lambda date: fee_notice(request=request, date=date),
        "fee_paid_on": lambda date: services.record_payment(request=request, date=date),
    }
    order = {attr: i for i, (_column, attr) in enumerate(STEP_COLUMNS)}
    planned = sorted(
        ((getattr(row, attr), order[attr], column, attr) for column, attr in STEP_COLUMNS if getattr(row, attr)),
    )
    for date, _i, column, attr in planned:
        _step(column, steps[attr], date=date)

    if row.outcome:
        request.refresh_from_db()
        if row.outcome == Outcome.NO_CORRECTION:
            _step("答复日期", services.mark_abandoned, request=request, date=row.answered_on, with_letter=False)
        elif row.outcome == Outcome.NO_PAYMENT:
            _step("答复日期", services.record_fee_lapse, request=request, date=row.answered_on, with_letter=False)
        elif row.outcome == Outcome.OTHER:
            _step("答复日期", services.withdraw, request=request, date=row.answered_on, reason=IMPORT_NOTE)
        else:
            _step(
                "答复日期",
                services.answer,
                request=request,
                outcome=row.outcome,
                legal_basis=LEGAL_BASIS,
                reply_date=row.answered_on,
                require_letter=False,  # the letter of a register row was sent on paper
            )
    request.refresh_from_db()
    return RequestOutcome(
        row.number,
        note=note,
        tracking_number=request.tracking_number,
        status=request.get_status_display(),
        due_date=request.due_date,
        provisional=request.deadline_provisional,
        outcome=request.get_outcome_display() if request.outcome else "",
        answered_late=request.answered_late,
    )


def import_register(checked: CheckedFile, *, dry_run: bool = False) -> ImportResult:
    """Create a request per row by replaying its steps; all rows or none (ImportFileError)."""
    result = ImportResult.for_file(checked, dry_run=dry_run)
    return run_rows(checked.rows, _import_register_row, result)


def register_summary(result: ImportResult) -> str:
    created = result.of(CREATED)
    answered = sum(1 for r in created if r.outcome)
    late = sum(1 for r in created if r.answered_late)
    renumbered = sum(1 for r in created if r.note)
    text = (
        f"{verb(result)} {len(created)} 件申请（已办结 {answered} 件，"
        f"办理中 {len(created) - answered} 件，其中逾期答复 {late} 件）；已存在而跳过 {result.skipped} 件。"
    )
    if renumbered:
        text += f"{renumbered} 件的申请编号已被使用，已另行编号（原编号记入备注）。"
    return text
