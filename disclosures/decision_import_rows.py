"""双公示 decisions imported: the values of each row checked (the columns are disclosures.decision_import).

What each column may hold is listed in disclosures.decision_import's description (docs/rules.md
§4.7); every row is read by common.imports.rows.RowReader (cells cleaned, dates of every accepted
form), then checked against the model (AdministrativeDecision.full_clean), so what is imported
would also pass the admin form. Any bad row refuses the file, with every problem of every row.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.utils import timezone

from common.imports.columns import Table
from common.imports.rows import CheckedFile, RowReader, check_rows, fold_value
from common.personal_data import strip_control_characters
from disclosures.decision_import import LICENCE, PENALTY_CATEGORY_2, REQUIRED, RESIDENT_ID, read_table
from disclosures.models import AdministrativeDecision
from disclosures.open_data import DECISION_FIELDS
from disclosures.privacy import PRIVATE_DECISION_FIELDS
from disclosures.validators import is_valid_resident_id, is_valid_uscc, mask_identity_number, normalize_code

PARTY_TYPES = {
    "法人及非法人组织": AdministrativeDecision.PartyType.ORGANISATION,
    "法人和非法人组织": AdministrativeDecision.PartyType.ORGANISATION,
    "法人": AdministrativeDecision.PartyType.ORGANISATION,
    "非法人组织": AdministrativeDecision.PartyType.ORGANISATION,
    "法人及其他组织": AdministrativeDecision.PartyType.ORGANISATION,
    "其他组织": AdministrativeDecision.PartyType.ORGANISATION,
    "自然人": AdministrativeDecision.PartyType.NATURAL_PERSON,
    "个体工商户": AdministrativeDecision.PartyType.INDIVIDUAL_BUSINESS,
}
LICENCE_CATEGORIES = {str(label): value for value, label in AdministrativeDecision.LicenceCategory.choices}
LICENCE_CATEGORIES |= {f"{label}许可": value for label, value in list(LICENCE_CATEGORIES.items())}
# 当前状态: the labels, and the codes some approval systems export (1 = 有效, 0 = 无效).
CURRENT_STATUSES = {
    "有效": AdministrativeDecision.CurrentStatus.VALID,
    "无效": AdministrativeDecision.CurrentStatus.INVALID,
    "1": AdministrativeDecision.CurrentStatus.VALID,
    "0": AdministrativeDecision.CurrentStatus.INVALID,
}
OPEN_ENDED = frozenset({"长期", "永久", "长期有效", "无期限"})
RESIDENT_ID_TYPE = "居民身份证"

_AMOUNT = re.compile(r"^(\d+)(?:\.(\d+))?$")
_AMOUNT_FIELD = AdministrativeDecision._meta.get_field("fine_amount")
_AMOUNT_INTEGER_DIGITS = _AMOUNT_FIELD.max_digits - _AMOUNT_FIELD.decimal_places

# Model fields the file can set (and an update writes when the file has their column): every
# field open data publishes but those the import sets itself, and the identity numbers open data
# never publishes.
DATA_FIELDS = [name for name in DECISION_FIELDS if name not in {"kind", "published_at"}] + PRIVATE_DECISION_FIELDS
_TEXT_FIELDS = [
    "party_name",
    "party_business_reg_no",
    "party_org_code",
    "party_tax_reg_no",
    "party_institution_cert_no",
    "party_social_org_reg_no",
    "legal_representative",
    "legal_rep_id_type",
    "party_id_type",
    "document_name",
    "document_number",
    "certificate_name",
    "licence_number",
    "content",
    "authority",
    "data_source",
    "remarks",
    "violation_type",
    "violation_facts",
    "penalty_basis",
    "suspended_licence",
]
_USCC_FIELDS = ["party_uscc", "authority_uscc", "data_source_uscc"]


def _max_length(name: str) -> int | None:
    return getattr(AdministrativeDecision._meta.get_field(name), "max_length", None)


_MAX_LENGTHS = {name: _max_length(name) for name in DATA_FIELDS}

_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "【": "[", "】": "]", "(": "[", ")": "]", "〖": "[", "〗": "]"})


def _key_part(text: str) -> str:
    # Without invisible characters, which decisions imported before every cell was cleaned of
    # them (common.personal_data) may still hold: the same 文号 is the same decision.
    text = strip_control_characters(unicodedata.normalize("NFKC", text))
    return "".join(text.split()).translate(_BRACKETS).upper()


def decision_key(kind: str, document_number: str, authority: str) -> str:
    """The identity of a decision across imports: kind + 决定文书号 + 机关, normalised."""
    return f"{kind}\x1f{_key_part(document_number)}\x1f{_key_part(authority)}"


@dataclass
class DecisionRow:
    number: int
    key: str
    values: dict[str, Any]


def _label(name: str) -> str:
    return str(AdministrativeDecision._meta.get_field(name).verbose_name)


def _uscc(p: RowReader, name: str) -> str:
    value = normalize_code(p.text(name))
    if value and not is_valid_uscc(value):
        p.error(f"“{p.label(name)}”“{value}”不是有效的统一社会信用代码（18位，校验码须正确）。")
    return value


def _check_resident_id(p: RowReader, name: str, value: str) -> None:
    if value and not is_valid_resident_id(value):
        p.error(
            f"“{p.label(name)}”“{mask_identity_number(value)}”不是有效的居民身份证号码（18位，出生日期和校验码须正确）。"
        )


def _amount(p: RowReader, name: str) -> Decimal | None:
    value = "".join(p.text(name).replace(",", "").replace("，", "").split())
    if not value:
        return None
    match = _AMOUNT.match(unicodedata.normalize("NFKC", value))
    if match is None:
        p.error(f"“{p.label(name)}”应为以万元为单位的非负数字，而不是“{p.text(name)}”。")
        return None
    integer, decimals = match[1].lstrip("0"), match[2] or ""
    if len(integer) > _AMOUNT_INTEGER_DIGITS or len(decimals.rstrip("0")) > _AMOUNT_FIELD.decimal_places:
        p.error(
            f"“{p.label(name)}”（{value}）超出范围：整数部分最多{_AMOUNT_INTEGER_DIGITS}位，"
            f"小数最多{_AMOUNT_FIELD.decimal_places}位（单位万元）。"
        )
        return None
    return Decimal(match[0])  # digits and one point only: never an InvalidOperation


def _is_resident_id_type(id_type: str) -> bool:
    return "身份证" in fold_value(id_type)


def _identity_numbers(p: RowReader, values: dict[str, Any]) -> None:
    """证件号码 and 法定代表人证件号码: 身份证 numbers checked; the older 居民身份证号 column is a
    证件号码 whose type is known."""
    party_id_number = normalize_code(p.text("party_id_number"))
    resident_id = normalize_code(p.text(RESIDENT_ID))
    if resident_id:
        _check_resident_id(p, RESIDENT_ID, resident_id)
        if party_id_number and party_id_number != resident_id:
            p.error(f"“{p.label(RESIDENT_ID)}”与“{p.label('party_id_number')}”不一致。")
        party_id_number = party_id_number or resident_id
        values["party_id_type"] = values["party_id_type"] or RESIDENT_ID_TYPE
    elif _is_resident_id_type(values["party_id_type"]):
        _check_resident_id(p, "party_id_number", party_id_number)
    values["party_id_number"] = party_id_number
    values["legal_rep_id_number"] = normalize_code(p.text("legal_rep_id_number"))
    if _is_resident_id_type(values["legal_rep_id_type"]):
        _check_resident_id(p, "legal_rep_id_number", values["legal_rep_id_number"])


def _parse_row(number: int, cells: dict[str, str], table: Table, today: dt.date):
    """(the checked row, []) or (None, every problem of the row)."""
    p = RowReader(number, cells, table.labels, _label)
    values: dict[str, Any] = {name: p.text(name) for name in _TEXT_FIELDS}
    for name in REQUIRED:
        if name != "decided_on":
            values[name] = p.text(name, required=True)
    for name in _USCC_FIELDS:
        values[name] = _uscc(p, name)
    for name in ("party_business_reg_no", "party_org_code", "party_tax_reg_no"):
        values[name] = normalize_code(values[name])
    _identity_numbers(p, values)

    party_type = p.choice("party_type", PARTY_TYPES, shown="法人及非法人组织、自然人、个体工商户")
    if not party_type and not p.text("party_type"):
        if values["party_uscc"] or not values["party_id_number"]:
            party_type = AdministrativeDecision.PartyType.ORGANISATION
        else:
            party_type = AdministrativeDecision.PartyType.NATURAL_PERSON
    values["party_type"] = party_type
    values["licence_category"] = (
        p.choice("licence_category", LICENCE_CATEGORIES, shown="普通、特许、认可、核准、登记、其他")
        if table.kind == LICENCE
        else ""
    )
    values["current_status"] = (
        p.choice("current_status", CURRENT_STATUSES, shown="有效、无效，或代码 1＝有效、0＝无效")
        or AdministrativeDecision.CurrentStatus.VALID
    )

    # Dates.
    values["decided_on"] = decided_on = p.date("decided_on", required=True)
    values["valid_from"] = p.date("valid_from")
    values["valid_until"] = p.date("valid_until", open_ended=OPEN_ENDED)
    values["publicity_until"] = p.date("publicity_until")
    if decided_on and decided_on > today:
        p.error(f"“{p.label('decided_on')}”（{decided_on}）晚于今天。")
    if values["valid_from"] and values["valid_until"] and values["valid_until"] < values["valid_from"]:
        p.error(
            f"“{p.label('valid_until')}”（{values['valid_until']}）早于“{p.label('valid_from')}”（{values['valid_from']}）。"
        )

    # 行政处罚.
    category, second = p.text("penalty_category"), p.text(PENALTY_CATEGORY_2)
    values["penalty_category"] = "；".join(filter(None, [category, second]))
    values["fine_amount"] = _amount(p, "fine_amount")
    values["confiscated_amount"] = _amount(p, "confiscated_amount")

    for name, limit in _MAX_LENGTHS.items():
        value = values.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            p.error(f"“{p.label(name)}”不能超过{limit}个字符。")

    if not p.errors:
        _model_check(p, values, table.kind)
    if p.errors:
        return None, p.errors
    return DecisionRow(number, decision_key(table.kind, values["document_number"], values["authority"]), values), []


def _model_check(p: RowReader, values: dict[str, Any], kind: str) -> None:
    """The model's own rules (choices, lengths, validators, clean()), named by the file's columns."""
    decision = AdministrativeDecision(kind=kind, **values)
    try:
        decision.full_clean(exclude=["organ"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            prefix = f"“{p.label(name)}”：" if name in DATA_FIELDS else ""
            p.errors += [(p.number, f"{prefix}{message}") for message in messages]


def decision_fields(decision_file: CheckedFile) -> list[str]:
    """The model fields a checked file sets (an update writes these, and only these)."""
    given = set(decision_file.labels)
    if RESIDENT_ID in given:
        given |= {"party_id_number", "party_id_type"}
    if PENALTY_CATEGORY_2 in given:
        given.add("penalty_category")
    return [name for name in DATA_FIELDS if name in given]


def parse_decisions(table: Table, *, today: dt.date | None = None) -> CheckedFile:
    """Check every row; any error refuses the file with all its errors (ImportFileError)."""
    today = today or timezone.localdate()
    seen = {}

    def accept(row: DecisionRow) -> str:
        if row.key in seen:
            number, authority = table.labels["document_number"], table.labels["authority"]
            return f"与第{seen[row.key]}行是同一决定（“{number}”和“{authority}”相同）。"
        seen[row.key] = row.number
        return ""

    return check_rows(table, lambda number, cells: _parse_row(number, cells, table, today), accept)


def read_decisions(content: bytes, *, today: dt.date | None = None) -> CheckedFile:
    """Read and check a CSV or XLSX file of decisions (ImportFileError lists every bad row)."""
    return parse_decisions(read_table(content), today=today)
