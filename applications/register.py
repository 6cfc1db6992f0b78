"""The request register (台账) and the appeals list: import from CSV or XLSX, export (issue 4 item 6).

Bureaus keep their requests in a spreadsheet. `import_register` turns each row into a request by
**replaying** its steps through the same service functions staff use (`services.record_offline_request`,
`workflow.send_correction_notice`, `record_supplement`, `send_consultation`, …, `answer`), in the
order of their dates, with no actor; so an imported request has the same events, deadline and
lateness as one handled live. `export_register` writes the same columns back, the event dates read
from each request's RequestEvent rows, plus the computed due date and state.

The column names, codes and labels are a contract (REGISTER_COLUMNS, APPEAL_COLUMNS): keep them.

A file is taken whole or not at all. Reading and parsing report every bad row as (row number,
reason); then all rows are replayed in one transaction, each in its own savepoint, and a refusal
of a service function is reported for its row too; if any row failed, the whole transaction is
rolled back. The admin's preview is the same import run as a dry run (rolled back at the end),
so what the preview accepts is what the confirmation imports.

Re-importing does not duplicate. Each row's key (InformationRequest.import_key) is the sha256 of
its 申请编号 when given, else of 收到日期 + 申请人姓名或名称 + 申请内容; a row whose key exists is
skipped. A row whose 申请编号 is an existing tracking number with the same 收到日期 and name is the
same request (a file exported from this system imported back) and is skipped too.

申请编号: kept as the tracking number when no other request uses it. A number of this system's
form (YYYY-NNNNNN) takes that year and sequence, and the year's counter is raised past it so live
numbering never hands it out again; another form keeps the counter value the service drew. A
number already used by another request gets a new number, and the old one is kept in 备注
("原台账申请编号：…"). Imported requests have no lookup code the requester knows, and no
载体形式/获取方式 (the register does not record them; blank until staff fill them in).

Historic rows and the live checks (decisions):

- Kept, because they hold for historic data as much as for live data: no date later than today
  (补正期限 excepted); no step before 收到日期; 补正 notified once with a stated 补正期限 after the
  notice; at most 20 工作日 of extension, once; 答复日期 not before any other date.
- An answer after the due date is imported and marked answered late (是否逾期), like a live one.
- A 补正 notice later than 7 工作日 after receipt (Art. 30) and an extension approved after the due
  date (Art. 33) are refused by the live workflow. Replaying them anyway would give a deadline
  the law does not produce and the system could not explain, so such a row is a **row error**
  naming the column and the legal limit; staff correct the row (or enter the request by hand).
- Steps dated while the request waited for its 补正 (from the notice to the supplement) would be
  silently dropped by the restart of Art. 30, so they are a row error too; a consultation or fee
  pair must lie wholly before the notice or wholly after the supplement.
- A request still waiting for its 补正 (notice without 补正收到日期) can only end with （六）1 or
  （六）3; （六）1 needs such a notice and a 答复日期 after 补正期限; （六）2 needs a fee notice
  without payment and a 答复日期 after the 20 工作日 payment period.
- Results: （六）1 → `workflow.mark_abandoned`, （六）2 → `workflow.record_fee_lapse`, （六）3 →
  `workflow.withdraw` (status 已终止), every other result → `workflow.answer` with the legal basis
  "见答复告知书（台账导入）" (备注 is kept as the request's remarks, not as a legal basis).
- The fee amount is not in the register: the fee notice and payment are recorded as clock events
  (`services.record_clock_event`, `workflow.record_payment`) with `fee_notice_on`/`fee_paid_on`
  set and no amount or method.
- 证件号码 is checked as a 居民身份证号码 for 自然人 and as a 统一社会信用代码 for organisations;
  it may be empty. 联系电话 may be empty (historic registers often lack it).

Export limits: the register has one consultation and no Art. 35 date. A request with several
consultations exports its first one, and an Art. 35 date is not exported (its due date is, in
答复期限); such a request re-imported may get a different due date. Online requests whose receipt
is not yet confirmed (Art. 31) are not received yet and are not exported.
"""

from __future__ import annotations

import csv
import datetime as dt
import hashlib
import io
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone

from applications import services, workflow
from applications.models import Appeal, InformationRequest, Outcome, RequestCounter, RequestEvent
from common import spreadsheets
from common.cells import neutralise
from common.spreadsheets import SpreadsheetError
from disclosures.validators import is_valid_resident_id, is_valid_uscc, normalize_code

Kind = RequestEvent.Kind

REGISTER_COLUMNS = [
    "申请编号",
    "收到日期",
    "申请渠道",
    "申请人类型",
    "申请人姓名或名称",
    "证件号码",
    "联系电话",
    "申请内容",
    "补正告知日期",
    "补正期限",
    "补正收到日期",
    "征求意见发出日期",
    "征求意见答复日期",
    "延期批准日期",
    "延期工作日数",
    "收费通知日期",
    "缴费日期",
    "答复日期",
    "办理结果",
    "备注",
]
EXPORT_COLUMNS = [*REGISTER_COLUMNS, "答复期限", "期限待定", "是否逾期", "状态"]
APPEAL_COLUMNS = ["申请编号", "类型", "提起日期", "结果", "审结日期"]

REGISTER_REQUIRED = ["收到日期", "申请渠道", "申请人类型", "申请人姓名或名称", "申请内容"]
APPEAL_REQUIRED = ["类型", "提起日期", "结果"]

IMPORT_NOTE = "台账导入"
LEGAL_BASIS = "见答复告知书（台账导入）"
APPROVER = "台账导入"
MAX_ROWS = 20000
YES, NO = "是", "否"


class RegisterFileError(SpreadsheetError):
    """A file with errors; nothing of it was saved. `errors` lists (row number, reason)."""


# ---------------------------------------------------------------------------
# Reading a CSV or XLSX file into rows of text (common.spreadsheets)
# ---------------------------------------------------------------------------

Table = spreadsheets.Table


def read_table(content: bytes, *, columns: list[str], required: list[str]) -> Table:
    """The data rows of a register file (see common.spreadsheets.read_table); 申请编号 may be absent."""
    try:
        return spreadsheets.read_table(
            content, columns=columns, required=required, optional=["申请编号"], max_rows=MAX_ROWS
        )
    except SpreadsheetError as exc:
        raise RegisterFileError(exc.errors) from exc


# ---------------------------------------------------------------------------
# Labels and codes
# ---------------------------------------------------------------------------


_fold = spreadsheets.fold

_OUTCOME_PREFIX = re.compile(r"^\([一二三四五六七]\)(\d+\.)?")


def _outcome_lookup() -> dict[str, str]:
    lookup = {}
    for outcome in Outcome:
        label = _fold(str(outcome.label))
        lookup[_fold(outcome.value)] = outcome.value
        lookup[label] = outcome.value
        lookup[_OUTCOME_PREFIX.sub("", label)] = outcome.value
    # The report's own wording of （二）, with its counting note, as registers often copy it.
    partial = _fold("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    lookup[partial] = lookup[_OUTCOME_PREFIX.sub("", partial)] = Outcome.PARTIAL.value
    return lookup


OUTCOMES = _outcome_lookup()
OUTCOME_HINT = "年度报告的办理结果名称，如“（三）4.保护第三方合法权益”或“保护第三方合法权益”，或其代码，如 3.4"
CHANNELS = {str(label): value for value, label in InformationRequest.Channel.choices}
NATURAL_PERSON = "自然人"
ORGANISATION_KINDS = {str(label): value for value, label in InformationRequest.OrganisationKind.choices}
APPEAL_KINDS = {str(label): value for value, label in Appeal.Kind.choices}
APPEAL_RESULTS = {
    **{str(label): value for value, label in Appeal.Result.choices},
    "维持": Appeal.Result.UPHELD,
    "纠正": Appeal.Result.CORRECTED,
    "其他": Appeal.Result.OTHER,
    "未审结": Appeal.Result.PENDING,
}

_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _key(*parts: str) -> str:
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


class _RowParser:
    """Reads one row's cells, collecting every problem of the row."""

    def __init__(self, number: int, cells: dict[str, str]):
        self.number, self.cells, self.errors = number, cells, []

    def error(self, message: str) -> None:
        self.errors.append((self.number, message))

    def text(self, column: str, *, required=False, max_length: int | None = None) -> str:
        value = self.cells.get(column, "").strip()
        if required and not value:
            self.error(f"缺少必填项“{column}”。")
        if max_length and len(value) > max_length:
            self.error(f"“{column}”不能超过{max_length}个字符。")
        return value

    def date(self, column: str, *, required=False) -> dt.date | None:
        value = self.text(column, required=required)
        if not value:
            return None
        try:
            if not _DATE.match(value):
                raise ValueError
            return dt.date.fromisoformat(value)
        except ValueError:
            self.error(f"“{column}”应为 YYYY-MM-DD 格式的有效日期，而不是“{value}”。")
            return None

    def choice(self, column: str, choices: dict[str, str], *, required=True, shown: str = "") -> str:
        value = self.text(column, required=required)
        if not value:
            return ""
        folded = {_fold(k): v for k, v in choices.items()}
        if _fold(value) not in folded:
            self.error(f"“{column}”的值“{value}”不是可用的选项（{shown or '、'.join(choices)}）。")
            return ""
        return folded[_fold(value)]


# ---------------------------------------------------------------------------
# Parsing the register
# ---------------------------------------------------------------------------


@dataclass
class RegisterRow:
    number: int
    tracking_number: str
    received_on: dt.date
    channel: str
    applicant_type: str
    organisation_kind: str
    name: str
    id_number: str
    uscc: str
    phone: str
    description: str
    correction_notice_on: dt.date | None = None
    correction_period_end: dt.date | None = None
    correction_received_on: dt.date | None = None
    consultation_sent_on: dt.date | None = None
    consultation_reply_on: dt.date | None = None
    extension_on: dt.date | None = None
    extension_days: int | None = None
    fee_notice_on: dt.date | None = None
    fee_paid_on: dt.date | None = None
    answered_on: dt.date | None = None
    outcome: str = ""
    remarks: str = ""

    @property
    def key(self) -> str:
        if self.tracking_number:
            return _key("申请编号", self.tracking_number)
        return _key(self.received_on.isoformat(), self.name, self.description)


# (column, attribute) of the dated steps, in the order they are replayed on one day.
STEP_COLUMNS = [
    ("补正告知日期", "correction_notice_on"),
    ("补正收到日期", "correction_received_on"),
    ("征求意见发出日期", "consultation_sent_on"),
    ("征求意见答复日期", "consultation_reply_on"),
    ("延期批准日期", "extension_on"),
    ("收费通知日期", "fee_notice_on"),
    ("缴费日期", "fee_paid_on"),
]
# Steps that must not fall while the request waits for its 补正, as pairs that must not straddle it.
_OUTSIDE_CORRECTION = [
    ("征求意见发出日期", "consultation_sent_on", "征求意见答复日期", "consultation_reply_on"),
    ("延期批准日期", "extension_on", None, None),
    ("收费通知日期", "fee_notice_on", "缴费日期", "fee_paid_on"),
]


REGULATION_IN_FORCE = dt.date(2019, 5, 15)  # 国务院令第711号 (2019 revision), Art. 56


def _parse_register_row(number: int, cells: dict[str, str], today: dt.date) -> tuple[RegisterRow | None, list]:
    p = _RowParser(number, cells)
    tracking = p.text("申请编号", max_length=20)
    received_on = p.date("收到日期", required=True)
    if received_on and received_on < REGULATION_IN_FORCE:
        # The 2007 regulation's 15 + 15 工作日 applied then; this portal counts only the 2019 periods.
        p.error("收到日期：早于2019年5月15日的申请适用修订前的条例（15个工作日），本系统不能按其计算期限。")
    channel = p.choice("申请渠道", {**CHANNELS, **{v: v for v in CHANNELS.values()}}, shown="、".join(CHANNELS))
    kind = p.choice("申请人类型", {NATURAL_PERSON: NATURAL_PERSON, **ORGANISATION_KINDS})
    name = p.text("申请人姓名或名称", required=True, max_length=100)
    code = normalize_code(p.text("证件号码"))
    phone = p.text("联系电话", max_length=30)
    description = p.text("申请内容", required=True)
    dates = {attr: p.date(column) for column, attr in STEP_COLUMNS}
    period_end = p.date("补正期限")
    raw_days = p.text("延期工作日数")
    answered_on = p.date("答复日期")
    outcome = p.choice("办理结果", OUTCOMES, required=False, shown=OUTCOME_HINT)
    remarks = p.text("备注")

    natural = kind == NATURAL_PERSON
    id_number = uscc = ""
    if code and kind:
        if natural and not is_valid_resident_id(code):
            p.error(f"“证件号码”“{code}”不是有效的居民身份证号码。")
        elif not natural and not is_valid_uscc(code):
            p.error(f"“证件号码”“{code}”不是有效的统一社会信用代码。")
        id_number, uscc = (code, "") if natural else ("", code)

    days = None
    if raw_days:
        try:
            days = int(raw_days)
            if not 1 <= days <= 20:
                raise ValueError
        except ValueError:
            p.error(f"“延期工作日数”应为1至20的整数，而不是“{raw_days}”。")

    def both_or_neither(first, first_value, second, second_value):
        if first_value and not second_value:
            p.error(f"填写了“{first}”，须同时填写“{second}”。")
        if second_value and not first_value:
            p.error(f"填写了“{second}”，须同时填写“{first}”。")

    cells_present = {column: bool(cells.get(column, "").strip()) for column in cells}
    both_or_neither("补正告知日期", cells_present.get("补正告知日期"), "补正期限", cells_present.get("补正期限"))
    both_or_neither("延期批准日期", cells_present.get("延期批准日期"), "延期工作日数", bool(raw_days))
    both_or_neither("答复日期", cells_present.get("答复日期"), "办理结果", cells_present.get("办理结果"))
    for later, earlier in [
        ("补正收到日期", "补正告知日期"),
        ("征求意见答复日期", "征求意见发出日期"),
        ("缴费日期", "收费通知日期"),
    ]:
        if cells_present.get(later) and not cells_present.get(earlier):
            p.error(f"填写了“{later}”，须同时填写“{earlier}”。")

    if p.errors or received_on is None:
        return None, p.errors

    # Dates: in order, not in the future, not while waiting for the 补正.
    labelled = {column: dates[attr] for column, attr in STEP_COLUMNS if dates[attr]}
    if answered_on:
        labelled["答复日期"] = answered_on
    if received_on > today:
        p.error(f"“收到日期”（{received_on}）晚于今天。")
    for column, value in labelled.items():
        if value < received_on:
            p.error(f"“{column}”（{value}）早于“收到日期”（{received_on}）。")
        if value > today:
            p.error(f"“{column}”（{value}）晚于今天。")
    notice, supplement = dates["correction_notice_on"], dates["correction_received_on"]
    if notice and period_end and period_end <= notice:
        p.error(f"“补正期限”（{period_end}）应晚于“补正告知日期”（{notice}）。")
    for later, earlier in [
        ("补正收到日期", "补正告知日期"),
        ("征求意见答复日期", "征求意见发出日期"),
        ("缴费日期", "收费通知日期"),
    ]:
        if later in labelled and earlier in labelled and labelled[later] < labelled[earlier]:
            p.error(f"“{later}”（{labelled[later]}）早于“{earlier}”（{labelled[earlier]}）。")
    if answered_on:
        for column, value in labelled.items():
            if column != "答复日期" and value > answered_on:
                p.error(f"“答复日期”（{answered_on}）早于“{column}”（{value}）。")
    if notice:

        def waiting(value):  # a step on the notice day is replayed after the notice
            return value is not None and notice <= value and (supplement is None or value < supplement)

        for first_col, first_attr, second_col, second_attr in _OUTSIDE_CORRECTION:
            first, second = dates[first_attr], dates[second_attr] if second_attr else None
            for column, value in [(first_col, first), (second_col, second)]:
                if waiting(value):
                    p.error(
                        f"“{column}”（{value}）在等待补正期间（补正告知日期至补正收到日期）；"
                        "补正后答复期限重新起算，该事项不会计入，请核对日期。"
                    )
            if first and second and first < notice and supplement and second >= supplement:
                p.error(f"“{first_col}”至“{second_col}”跨越了补正期间，补正后答复期限重新起算，请核对日期。")

    # The result and how the request ended.
    if outcome == Outcome.NO_CORRECTION:
        if not notice or supplement:
            p.error("办理结果为（六）1（逾期不补正）时，须有“补正告知日期”和“补正期限”，且没有“补正收到日期”。")
        elif period_end and answered_on and answered_on <= period_end:
            p.error(f"办理结果为（六）1（逾期不补正）时，“答复日期”（{answered_on}）须晚于“补正期限”（{period_end}）。")
    elif outcome == Outcome.NO_PAYMENT:
        if not dates["fee_notice_on"] or dates["fee_paid_on"]:
            p.error("办理结果为（六）2（逾期未缴费）时，须有“收费通知日期”，且没有“缴费日期”。")
    elif outcome and outcome != Outcome.OTHER and notice and not supplement:
        p.error(
            "已告知补正但没有“补正收到日期”：等待补正的申请不能作出答复，"
            "办理结果应为（六）1（逾期不补正）或（六）3（其他），或填写补正收到日期。"
        )

    if p.errors:
        return None, p.errors
    row = RegisterRow(
        number=number,
        tracking_number=tracking,
        received_on=received_on,
        channel=channel,
        applicant_type=(
            InformationRequest.ApplicantType.NATURAL_PERSON
            if natural
            else InformationRequest.ApplicantType.ORGANISATION
        ),
        organisation_kind="" if natural else kind,
        name=name,
        id_number=id_number,
        uscc=uscc,
        phone=phone,
        description=description,
        correction_period_end=period_end,
        extension_days=days,
        answered_on=answered_on,
        outcome=outcome,
        remarks=remarks,
        **dates,
    )
    return row, []


def parse_register(table: Table, *, today: dt.date | None = None) -> list[RegisterRow]:
    """Check every row of a register table; any error rejects the file with all its errors."""
    today = today or timezone.localdate()
    rows, errors, keys, numbers = [], [], {}, {}
    for number, cells in table:
        row, row_errors = _parse_register_row(number, cells, today)
        errors += row_errors
        if row is None:
            continue
        if row.tracking_number and row.tracking_number in numbers:
            errors.append((number, f"“申请编号”{row.tracking_number}与第{numbers[row.tracking_number]}行重复。"))
            continue
        if row.key in keys:
            errors.append((number, f"与第{keys[row.key]}行是同一申请（收到日期、申请人和申请内容相同）。"))
            continue
        keys[row.key] = number
        if row.tracking_number:
            numbers[row.tracking_number] = number
        rows.append(row)
    if errors:
        raise RegisterFileError(errors)
    return rows


def read_register(content: bytes, *, today: dt.date | None = None) -> list[RegisterRow]:
    return parse_register(read_table(content, columns=REGISTER_COLUMNS, required=REGISTER_REQUIRED), today=today)


# ---------------------------------------------------------------------------
# Importing the register: replaying each row through the workflow
# ---------------------------------------------------------------------------


@dataclass
class RowResult:
    number: int
    tracking_number: str
    skipped: bool = False
    status: str = ""
    due_date: dt.date | None = None
    provisional: bool = False
    outcome: str = ""
    answered_late: bool = False
    note: str = ""


@dataclass
class ImportResult:
    rows: list[RowResult] = field(default_factory=list)
    dry_run: bool = False

    @property
    def created(self) -> list[RowResult]:
        return [r for r in self.rows if not r.skipped]

    @property
    def skipped(self) -> list[RowResult]:
        return [r for r in self.rows if r.skipped]


class _DryRun(Exception):
    pass


def _run_all(rows, import_row, *, dry_run: bool) -> ImportResult:
    """Import every row in one transaction, each in a savepoint; any row error rolls back all."""
    result = ImportResult(dry_run=dry_run)
    errors = []
    try:
        with transaction.atomic():
            for row in rows:
                try:
                    with transaction.atomic():
                        result.rows.append(import_row(row))
                except ValidationError as exc:
                    errors += [(row.number, message) for message in exc.messages]
                except IntegrityError:
                    errors.append((row.number, "该行与已有记录冲突（可能正被另一次导入写入），请稍后重试。"))
            if errors:
                raise RegisterFileError(errors)
            if dry_run:
                raise _DryRun
    except _DryRun:
        pass
    return result


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


def _import_register_row(row: RegisterRow) -> RowResult:
    existing = _same_request(row)
    if existing is not None:
        return RowResult(row.number, existing.tracking_number, skipped=True, note="已存在，跳过")

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
    RequestEvent.objects.filter(request=request, kind=Kind.RECEIVED).update(note=f"{IMPORT_NOTE}（第{row.number}行）。")
    request.refresh_from_db()

    def fee_notice(*, request, date):
        InformationRequest.objects.filter(pk=request.pk).update(fee_notice_on=date)
        services.record_clock_event(
            request=request, kind=Kind.FEE_NOTICE, date=date, note=f"{IMPORT_NOTE}：收费金额未记载于台账。"
        )

    steps = {
        "correction_notice_on": lambda date: workflow.send_correction_notice(
            request=request, date=date, items=f"见补正告知书（{IMPORT_NOTE}）", period_end=row.correction_period_end
        ),
        "correction_received_on": lambda date: workflow.record_supplement(request=request, date=date),
        "consultation_sent_on": lambda date: workflow.send_consultation(
            request=request, date=date, party=f"见征求意见书（{IMPORT_NOTE}）"
        ),
        "consultation_reply_on": lambda date: workflow.record_consultation_reply(request=request, date=date),
        "extension_on": lambda date: workflow.approve_extension(
            request=request, date=date, days=row.extension_days, approver=APPROVER, reason=IMPORT_NOTE
        ),
        "fee_notice_on": lambda date: fee_notice(request=request, date=date),
        "fee_paid_on": lambda date: workflow.record_payment(request=request, date=date),
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
            _step("答复日期", workflow.mark_abandoned, request=request, date=row.answered_on)
        elif row.outcome == Outcome.NO_PAYMENT:
            _step("答复日期", workflow.record_fee_lapse, request=request, date=row.answered_on)
        elif row.outcome == Outcome.OTHER:
            _step("答复日期", workflow.withdraw, request=request, date=row.answered_on, reason=IMPORT_NOTE)
        else:
            _step(
                "答复日期",
                workflow.answer,
                request=request,
                outcome=row.outcome,
                legal_basis=LEGAL_BASIS,
                reply_date=row.answered_on,
                require_letter=False,  # the letter of a register row was sent on paper
            )
    request.refresh_from_db()
    return RowResult(
        row.number,
        request.tracking_number,
        status=request.get_status_display(),
        due_date=request.due_date,
        provisional=request.deadline_provisional,
        outcome=request.get_outcome_display() if request.outcome else "",
        answered_late=request.answered_late,
        note=note,
    )


def import_register(rows: Iterable[RegisterRow], *, dry_run: bool = False) -> ImportResult:
    """Create a request per row by replaying its steps; all rows or none (RegisterFileError)."""
    return _run_all(rows, _import_register_row, dry_run=dry_run)


# ---------------------------------------------------------------------------
# Exporting the register
# ---------------------------------------------------------------------------

_CLOSING_KINDS = {Kind.ANSWERED, Kind.ABANDONED, Kind.FEE_LAPSED, Kind.WITHDRAWN}


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
        "补正告知日期": on(Kind.CORRECTION_NOTICE),
        "补正期限": str(data.get(Kind.CORRECTION_NOTICE, {}).get("period_end", "") or ""),
        "补正收到日期": on(Kind.CORRECTION_RECEIVED),
        "征求意见发出日期": on(Kind.CONSULTATION_SENT),
        "征求意见答复日期": on(Kind.CONSULTATION_REPLY),
        "延期批准日期": on(Kind.EXTENSION),
        "延期工作日数": str(data.get(Kind.EXTENSION, {}).get("days", "") or ""),
        "收费通知日期": on(Kind.FEE_NOTICE) or _iso(request.fee_notice_on),
        "缴费日期": on(Kind.FEE_PAID) or _iso(request.fee_paid_on),
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


# ---------------------------------------------------------------------------
# Appeals (行政复议、行政诉讼)
# ---------------------------------------------------------------------------


@dataclass
class AppealRow:
    number: int
    tracking_number: str
    kind: str
    filed_on: dt.date
    result: str
    concluded_on: dt.date | None
    key: str


_APPEAL_FIELDS = {"kind": "类型", "filed_on": "提起日期", "result": "结果", "concluded_on": "审结日期"}


def parse_appeals(table: Table, *, today: dt.date | None = None) -> list[AppealRow]:
    """Check every appeal row (Appeal.full_clean rules included); any error rejects the file."""
    today = today or timezone.localdate()
    rows, errors, seen = [], [], {}
    for number, cells in table:
        p = _RowParser(number, cells)
        tracking = p.text("申请编号", max_length=20)
        kind = p.choice("类型", APPEAL_KINDS)
        filed_on = p.date("提起日期", required=True)
        result = p.choice("结果", APPEAL_RESULTS, shown="结果维持、结果纠正、其他结果、尚未审结")
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
            errors += p.errors
            continue
        # Two appeals of one kind filed the same day about the same request are told apart by order.
        identity = (tracking, kind, filed_on.isoformat())
        seen[identity] = seen.get(identity, 0) + 1
        key = _key("appeal", *identity, str(seen[identity]))
        rows.append(AppealRow(number, tracking, kind, filed_on, result, concluded_on, key))
    if errors:
        raise RegisterFileError(errors)
    return rows


def read_appeals(content: bytes, *, today: dt.date | None = None) -> list[AppealRow]:
    return parse_appeals(read_table(content, columns=APPEAL_COLUMNS, required=APPEAL_REQUIRED), today=today)


@dataclass
class AppealResult(RowResult):
    linked: bool = False


def _import_appeal_row(row: AppealRow) -> AppealResult:
    existing = Appeal.objects.filter(import_key=row.key).select_related("request").first()
    if existing is not None:
        number = existing.request.tracking_number if existing.request else row.tracking_number
        return AppealResult(row.number, number, skipped=True, note="已存在，跳过", linked=existing.request is not None)
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
    return AppealResult(
        row.number,
        row.tracking_number,
        status=Appeal.Result(row.result).label,
        note=note,
        linked=request is not None,
    )


def import_appeals(rows: Iterable[AppealRow], *, dry_run: bool = False) -> ImportResult:
    """Create an Appeal per row, linked to its request when the tracking number is found; all or none."""
    return _run_all(rows, _import_appeal_row, dry_run=dry_run)


# ---------------------------------------------------------------------------
# Summaries (commands and admin messages)
# ---------------------------------------------------------------------------


def register_summary(result: ImportResult) -> str:
    created = result.created
    answered = sum(1 for r in created if r.outcome)
    late = sum(1 for r in created if r.answered_late)
    renumbered = sum(1 for r in created if r.note)
    text = (
        f"{'将导入' if result.dry_run else '已导入'} {len(created)} 件申请（已办结 {answered} 件，"
        f"办理中 {len(created) - answered} 件，其中逾期答复 {late} 件）；已存在而跳过 {len(result.skipped)} 件。"
    )
    if renumbered:
        text += f"{renumbered} 件的申请编号已被使用，已另行编号（原编号记入备注）。"
    return text


def appeals_summary(result: ImportResult) -> str:
    created = result.created
    linked = sum(1 for r in created if r.linked)
    return (
        f"{'将导入' if result.dry_run else '已导入'} {len(created)} 件行政复议、行政诉讼（关联申请 {linked} 件，"
        f"未关联 {len(created) - linked} 件）；已存在而跳过 {len(result.skipped)} 件。"
    )


error_lines = spreadsheets.error_lines
