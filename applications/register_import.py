"""The request register (台账) imported from CSV or XLSX: its columns and the checks of each row.

Bureaus keep their requests in a spreadsheet. A row becomes a request by replaying its steps
through the workflow (applications.register_import_replay); this module reads the file through
common.imports and checks every row first. The column names, codes and labels are a contract
(REGISTER_COLUMNS): keep them. Every column but 申请编号 and 收费金额 must be in the header (registers
kept before 收费金额 was a column still import); a column not recognised is reported (and not read).

A file is taken whole or not at all: every bad row is reported as (row number, reason), then the
replay reports the refusals of the service functions for their rows too.

Dates: any form common.imports.dates accepts (2026-03-15, 2026/3/15, 20260315, …).

Historic rows and the live checks (decisions):

- 收到日期 obeys the rules of every channel (applications.entry_rules.check_received_on,
  docs/rules.md §1.4): not later than today, not before 2019-05-15.
- Kept, because they hold for historic data as much as for live data: no date later than today
  (补正期限 excepted); no step before 收到日期; 补正 notified once with a stated 补正期限 after the
  notice; at most 20 工作日 of extension, once; 答复日期 not before any other date.
- Steps dated while the request waited for its 补正 (from the notice to the supplement) would be
  silently dropped by the restart of Art. 30, so they are a row error; a consultation or fee pair
  must lie wholly before the notice or wholly after the supplement.
- A request still waiting for its 补正 (notice without 补正收到日期) can only end with （六）1 or
  （六）3; （六）1 needs such a notice and a 答复日期 after 补正期限; （六）2 needs a fee notice
  without payment and a 答复日期 after the 20 工作日 payment period.
- 收费金额 is the amount the fee notice stated, in whole yuan (InformationRequest.fee_amount; the
  fees of 国办函〔2020〕109号 are whole yuan): digits, optionally with thousands separators (1,200),
  a ¥ before or 元 after, and ".00"; full-width forms count as half-width. Never read as a float.
  0 or less is a row error, as the live workflow issues no notice for a fee of 0 元
  (applications.services.fees); so are fen, text, and an amount without 收费通知日期. A 收费通知日期
  without 收费金额 is allowed (old registers): the amount is then unknown, and the annual report
  says so rather than counting it as 0 元 (reports.compiler.fee_paragraph).
- 证件号码 is checked as a 居民身份证号码 for 自然人 and as a 统一社会信用代码 for organisations;
  it may be empty. 联系电话 may be empty (historic registers often lack it).

Re-importing does not duplicate. Each row's key (InformationRequest.import_key) is the sha256 of
its 申请编号 when given, else of 收到日期 + 申请人姓名或名称 + 申请内容.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils import timezone

from applications.entry_rules import check_received_on
from applications.models import InformationRequest, Outcome
from common import spreadsheets
from common.imports import columns
from common.imports.rows import CheckedFile, RowReader, check_rows
from disclosures.validators import is_valid_resident_id, is_valid_uscc, normalize_code

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
    "收费金额",
    "缴费日期",
    "答复日期",
    "办理结果",
    "备注",
]
# The columns that identify the header row (a title row above it is allowed).
REGISTER_REQUIRED = ["收到日期", "申请渠道", "申请人类型", "申请人姓名或名称", "申请内容"]
FEE_AMOUNT = "收费金额"
COLUMNS = columns.columns_named(REGISTER_COLUMNS, optional=["申请编号", FEE_AMOUNT])
MAX_ROWS = 20000

_OUTCOME_PREFIX = re.compile(r"^\([一二三四五六七]\)(\d+\.)?")


def _outcome_lookup() -> dict[str, str]:
    fold = spreadsheets.fold
    lookup = {}
    for outcome in Outcome:
        label = fold(str(outcome.label))
        lookup[fold(outcome.value)] = outcome.value
        lookup[label] = outcome.value
        lookup[_OUTCOME_PREFIX.sub("", label)] = outcome.value
    # The report's own wording of （二）, with its counting note, as registers often copy it.
    partial = fold("（二）部分公开（区分处理的，只计这一情形，不计其他情形）")
    lookup[partial] = lookup[_OUTCOME_PREFIX.sub("", partial)] = Outcome.PARTIAL.value
    return lookup


OUTCOMES = _outcome_lookup()
OUTCOME_HINT = "年度报告的办理结果名称，如“（三）4.保护第三方合法权益”或“保护第三方合法权益”，或其代码，如 3.4"
CHANNELS = {str(label): value for value, label in InformationRequest.Channel.choices}
NATURAL_PERSON = "自然人"
ORGANISATION_KINDS = {str(label): value for value, label in InformationRequest.OrganisationKind.choices}
_CHANNEL_CHOICES = {**CHANNELS, **{value: value for value in CHANNELS.values()}}  # labels or codes
_APPLICANT_KINDS = {NATURAL_PERSON: NATURAL_PERSON, **ORGANISATION_KINDS}


def import_key(*parts: str) -> str:
    """The key a row is known by across imports (InformationRequest.import_key, Appeal.import_key)."""
    return hashlib.sha256("\x1f".join(parts).encode()).hexdigest()


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
    fee_amount: int | None = None  # yuan; None when the register does not state it
    fee_paid_on: dt.date | None = None
    answered_on: dt.date | None = None
    outcome: str = ""
    remarks: str = ""

    @property
    def key(self) -> str:
        if self.tracking_number:
            return import_key("申请编号", self.tracking_number)
        return import_key(self.received_on.isoformat(), self.name, self.description)


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
# (later, earlier): a later step needs the earlier one, and is not before it.
_PAIRS = [
    ("补正收到日期", "补正告知日期"),
    ("征求意见答复日期", "征求意见发出日期"),
    ("缴费日期", "收费通知日期"),
]


def _received_on(p: RowReader, today: dt.date) -> dt.date | None:
    """收到日期, checked by the rules every channel applies (docs/rules.md §1.4)."""
    received_on = p.date("收到日期", required=True)
    if received_on is not None:
        try:
            check_received_on(received_on, today=today)
        except ValidationError as exc:
            p.error(f"“收到日期”（{received_on}）：{'；'.join(exc.messages)}")
            return None
    return received_on


def _both_or_neither(p: RowReader, first: str, second: str) -> None:
    first_given, second_given = p.present(first), p.present(second)
    if first_given and not second_given:
        p.error(f"填写了“{first}”，须同时填写“{second}”。")
    if second_given and not first_given:
        p.error(f"填写了“{second}”，须同时填写“{first}”。")


def _check_dates(p: RowReader, received_on, dates, period_end, answered_on, today) -> None:
    """Dates in order, not in the future, not while waiting for the 补正."""
    labelled = {column: dates[attr] for column, attr in STEP_COLUMNS if dates[attr]}
    if answered_on:
        labelled["答复日期"] = answered_on
    for column, value in labelled.items():
        if value < received_on:
            p.error(f"“{column}”（{value}）早于“收到日期”（{received_on}）。")
        if value > today:
            p.error(f"“{column}”（{value}）晚于今天。")
    notice, supplement = dates["correction_notice_on"], dates["correction_received_on"]
    if notice and period_end and period_end <= notice:
        p.error(f"“补正期限”（{period_end}）应晚于“补正告知日期”（{notice}）。")
    for later, earlier in _PAIRS:
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


def _check_outcome(p: RowReader, outcome, dates, period_end, answered_on) -> None:
    """The result and how the request ended."""
    notice, supplement = dates["correction_notice_on"], dates["correction_received_on"]
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


def _extension_days(p: RowReader) -> int | None:
    raw_days = p.text("延期工作日数")
    if not raw_days:
        return None
    try:
        days = int(raw_days)
        if not 1 <= days <= 20:
            raise ValueError
    except ValueError:
        p.error(f"“延期工作日数”应为1至20的整数，而不是“{raw_days}”。")
        return None
    return days


# A 收费金额 as registers write it, after NFKC and without spaces: a sign (to refuse it by name), an
# optional ¥, whole yuan with or without well-formed thousands separators, optional fen, optional 元.
_AMOUNT = re.compile(r"(?P<sign>[-−]?)¥?(?P<yuan>[0-9]{1,3}(?:,[0-9]{3})+|[0-9]+)(?:\.(?P<fen>[0-9]{1,2}))?元?")
MAX_FEE_AMOUNT = 2_147_483_647  # the largest InformationRequest.fee_amount every supported database stores


def _fee_amount(p: RowReader) -> int | None:
    """收费金额 in whole yuan, or None when blank (the amount unknown); errors name the cell."""
    raw = p.text(FEE_AMOUNT)
    if not raw:
        return None
    match = _AMOUNT.fullmatch("".join(unicodedata.normalize("NFKC", raw).split()))
    if match is None:
        p.error(f"“{FEE_AMOUNT}”应为收费通知所列的金额（整数元，如 120、1,200 或 1200元），而不是“{raw}”。")
        return None
    if (match["fen"] or "0").strip("0"):
        p.error(f"“{FEE_AMOUNT}”（{raw}）应为整数元，信息处理费不计角、分。")
        return None
    amount = int(match["yuan"].replace(",", ""))
    if match["sign"] or amount == 0:
        p.error(f"“{FEE_AMOUNT}”（{raw}）应大于0：不应收费的申请无需发出收费通知。")
        return None
    if amount > MAX_FEE_AMOUNT:
        p.error(f"“{FEE_AMOUNT}”（{raw}）超出可记录的范围。")
        return None
    return amount


def _parse_register_row(number: int, cells: dict[str, str], today: dt.date) -> tuple[RegisterRow | None, list]:
    p = RowReader(number, cells)
    tracking = p.text("申请编号", max_length=20)
    received_on = _received_on(p, today)
    channel = p.choice("申请渠道", _CHANNEL_CHOICES, required=True, shown="、".join(CHANNELS))
    kind = p.choice("申请人类型", _APPLICANT_KINDS, required=True)
    name = p.text("申请人姓名或名称", required=True, max_length=100)
    code = normalize_code(p.text("证件号码"))
    phone = p.text("联系电话", max_length=30)
    description = p.text("申请内容", required=True)
    dates = {attr: p.date(column) for column, attr in STEP_COLUMNS}
    fee_amount = _fee_amount(p)
    period_end = p.date("补正期限")
    days = _extension_days(p)
    answered_on = p.date("答复日期")
    outcome = p.choice("办理结果", OUTCOMES, shown=OUTCOME_HINT)
    remarks = p.text("备注")

    natural = kind == NATURAL_PERSON
    id_number = uscc = ""
    if code and kind:
        if natural and not is_valid_resident_id(code):
            p.error(f"“证件号码”“{code}”不是有效的居民身份证号码。")
        elif not natural and not is_valid_uscc(code):
            p.error(f"“证件号码”“{code}”不是有效的统一社会信用代码。")
        id_number, uscc = (code, "") if natural else ("", code)

    _both_or_neither(p, "补正告知日期", "补正期限")
    _both_or_neither(p, "延期批准日期", "延期工作日数")
    _both_or_neither(p, "答复日期", "办理结果")
    for later, earlier in _PAIRS:
        if p.present(later) and not p.present(earlier):
            p.error(f"填写了“{later}”，须同时填写“{earlier}”。")
    if p.present(FEE_AMOUNT) and not p.present("收费通知日期"):
        p.error(f"填写了“{FEE_AMOUNT}”，须同时填写“收费通知日期”。")

    if p.errors or received_on is None:
        return None, p.errors
    _check_dates(p, received_on, dates, period_end, answered_on, today)
    _check_outcome(p, outcome, dates, period_end, answered_on)
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
        fee_amount=fee_amount,
        answered_on=answered_on,
        outcome=outcome,
        remarks=remarks,
        **dates,
    )
    return row, []


def parse_register(table: columns.Table, *, today: dt.date | None = None) -> CheckedFile:
    """Check every row of a register table; any error rejects the file with all its errors."""
    today = today or timezone.localdate()
    keys, numbers = {}, {}

    def accept(row: RegisterRow) -> str:
        if row.tracking_number and row.tracking_number in numbers:
            return f"“申请编号”{row.tracking_number}与第{numbers[row.tracking_number]}行重复。"
        if row.key in keys:
            return f"与第{keys[row.key]}行是同一申请（收到日期、申请人和申请内容相同）。"
        keys[row.key] = numbers[row.tracking_number] = row.number
        return ""

    return check_rows(table, lambda number, cells: _parse_register_row(number, cells, today), accept)


def read_table(content: bytes) -> columns.Table:
    """The rows of a register file as text (common.imports.columns.read_table)."""
    return columns.read_table(content, COLUMNS, marks=REGISTER_REQUIRED, max_rows=MAX_ROWS)


def read_register(content: bytes, *, today: dt.date | None = None) -> CheckedFile:
    return parse_register(read_table(content), today=today)
