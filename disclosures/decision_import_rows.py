"""双公示 decisions imported: the values of each row checked (the columns are disclosures.decision_import).

Every row is read by common.imports.rows.RowReader (cells cleaned, dates of every accepted form),
then checked against the model (AdministrativeDecision.full_clean), so what is imported would also
pass the admin form. Any bad row refuses the file, with every problem of every row; a row
repeating an earlier row in every field is left out and said in the notices. docs/rules.md §4.7.

- Required: 行政相对人名称, 决定文书号, 决定日期, 许可机关/处罚机关.
- Dates: any form common.imports.dates accepts; NN/NN/YYYY that could be read both ways in the
  order the file's other dates prove (refused when they prove none). 决定日期 not later than
  today; 有效期至 not before 有效期自; 有效期至 "长期"/"永久"/"长期有效"/"无期限" is stored empty.
- 行政相对人类别: 法人及非法人组织 (also 法人和非法人组织, 法人, 非法人组织, 法人及其他组织, 其他组织),
  自然人, 个体工商户. When a row has none: 法人及非法人组织 with a 统一社会信用代码 (a natural person
  has none); else the class the import was given for such rows (`party_type`, the command's
  --party-type); else 自然人 with an ID number; else the row is refused, the message naming the
  option. An update writes the 类别 only when the file has the column or the option was given.
- 许可类别 / 审批类别: 普通, 特许, 认可, 核准, 登记, 其他 (also with 许可 appended, 普通许可).
- 当前状态 by the file's generation (disclosures.decision_import): the current standard's 有效 /
  无效 (codes 1 / 0), the older one's 正常 / 撤销 / 异议 / 其他 (codes 0 / 1 / 2 / 3). The words are
  accepted in any file and stored as written; a code only where the header says which generation
  the file follows. Blank: 正常 in an older file, else 有效.
- 统一社会信用代码 (相对人, 机关, 数据来源单位): GB 32100 check character (validators.is_valid_uscc).
- 居民身份证号码: checked (validators.is_valid_resident_id) in 证件号码 / 法定代表人证件号码 when
  the matching 证件类型 names a 身份证, and always in a column of 居民身份证号 (the older
  行政相对人代码_5), which is stored as 证件号码 with 证件类型 "居民身份证". Other 证件类型 (护照 …)
  are not checked. ID numbers are stored upper-case without spaces; public pages show them masked
  (disclosures.privacy).
- Amounts (万元): a plain decimal number ≥ 0 (thousands commas allowed), at most 8 digits before
  and 6 after the point; read as Decimal, never float.
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
from common.imports.dates import slash_order
from common.imports.rows import CheckedFile, RowReader, Skip, check_rows, fold_value
from common.personal_data import strip_control_characters
from disclosures.decision_headers import CURRENT, LICENCE, OLDER, PENALTY_CATEGORY_2, REQUIRED, RESIDENT_ID
from disclosures.decision_import import read_table
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
_STATUS = AdministrativeDecision.CurrentStatus
# 当前状态: the words of both generations, and each generation's codes.
STATUS_WORDS = {
    "有效": _STATUS.VALID,
    "无效": _STATUS.INVALID,
    "正常": _STATUS.NORMAL,
    "撤销": _STATUS.REVOKED,
    "异议": _STATUS.OBJECTION,
    "其他": _STATUS.OTHER,
}
STATUS_CODES = {
    CURRENT: {"1": _STATUS.VALID, "0": _STATUS.INVALID},
    OLDER: {"0": _STATUS.NORMAL, "1": _STATUS.REVOKED, "2": _STATUS.OBJECTION, "3": _STATUS.OTHER},
}
STATUS_LISTS = (
    "现行标准为“有效”“无效”（代码 1＝有效、0＝无效）；旧版标准为“正常”“撤销”“异议”“其他”"
    "（代码 0＝正常、1＝撤销、2＝异议、3＝其他）"
)
REPEATED_ROW = "与前面的行完全相同（不计序号等未导入的列），已跳过"
DATE_FIELDS = ["decided_on", "valid_from", "valid_until", "publicity_until"]
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


def _current_status(p: RowReader, generation: str) -> str:
    """当前状态 read by the file's generation (see the module's description)."""
    value = p.text("current_status")
    if not value:
        return _STATUS.NORMAL if generation == OLDER else _STATUS.VALID
    folded = fold_value(value)
    if folded in STATUS_WORDS:
        return STATUS_WORDS[folded]
    codes = {code for table in STATUS_CODES.values() for code in table}
    if folded in codes and not generation:
        p.error(
            f"“{p.label('current_status')}”为代码“{value}”，但从表头无法判断文件按现行还是旧版标准（两版代码含义不同）："
            f"请改用文字。{STATUS_LISTS}。"
        )
    elif folded in STATUS_CODES.get(generation, {}):
        return STATUS_CODES[generation][folded]
    else:
        p.error(f"“{p.label('current_status')}”的值“{value}”不可用：{STATUS_LISTS}。")
    return ""


# GB 32100: a code registered by 工商 (9) for a 个体工商户 (2) begins 92.
INDIVIDUAL_BUSINESS_USCC_PREFIX = "92"
# The codes only an organisation (or a 个体工商户) has; a natural person has none of them.
ORGANISATION_CODE_FIELDS = [
    "party_business_reg_no",
    "party_org_code",
    "party_tax_reg_no",
    "party_institution_cert_no",
    "party_social_org_reg_no",
]
NO_PARTY_TYPE = (
    "没有行政相对人类别，也没有统一社会信用代码或证件号码，无法判断相对人是法人还是自然人。"
    "若文件中这类相对人都属于同一类别（如公安机关处罚名单中都是自然人），命令行请加 --party-type 自然人"
    "（或 法人及非法人组织、个体工商户），网页导入请在“未填类别的相对人”中选择。"
)


def _party_type(p: RowReader, values: dict[str, Any], default: str) -> str:
    """行政相对人类别, or the class a row without one is taken for (see the module's description)."""
    party_type = p.choice("party_type", PARTY_TYPES, shown="法人及非法人组织、自然人、个体工商户")
    if party_type or p.text("party_type"):
        return party_type
    kinds = AdministrativeDecision.PartyType
    if values["party_uscc"]:
        individual = values["party_uscc"].startswith(INDIVIDUAL_BUSINESS_USCC_PREFIX)
        return kinds.INDIVIDUAL_BUSINESS if individual else kinds.ORGANISATION
    organisation_code = next((name for name in ORGANISATION_CODE_FIELDS if values[name]), "")
    if default == kinds.NATURAL_PERSON and organisation_code:
        p.error(
            f"该行有“{p.label(organisation_code)}”，是单位而不是自然人，不能按自然人导入：请在文件中填写行政相对人类别。"
        )
        return ""
    if default:
        return default
    if organisation_code:
        return kinds.ORGANISATION
    if values["party_id_number"]:
        return kinds.NATURAL_PERSON
    p.error(NO_PARTY_TYPE)
    return ""


def _parse_row(number: int, cells: dict[str, str], table: Table, today: dt.date, facts: dict[str, Any]):
    """(the checked row, []) or (None, every problem of the row)."""
    p = RowReader(number, cells, table.labels, _label, year_last=True, date_order=facts["date_order"])
    values: dict[str, Any] = {name: p.text(name) for name in _TEXT_FIELDS}
    for name in REQUIRED:
        if name != "decided_on":
            values[name] = p.text(name, required=True)
    for name in _USCC_FIELDS:
        values[name] = _uscc(p, name)
    for name in ("party_business_reg_no", "party_org_code", "party_tax_reg_no"):
        values[name] = normalize_code(values[name])
    _identity_numbers(p, values)

    values["party_type"] = _party_type(p, values, facts["party_type"])
    values["licence_category"] = (
        p.choice("licence_category", LICENCE_CATEGORIES, shown="普通、特许、认可、核准、登记、其他")
        if table.kind == LICENCE
        else ""
    )
    values["current_status"] = _current_status(p, table.variant)

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
    if decision_file.facts.get("party_type"):  # the class given for rows without one is written
        given.add("party_type")
    if RESIDENT_ID in given:
        given |= {"party_id_number", "party_id_type"}
    if PENALTY_CATEGORY_2 in given:
        given.add("penalty_category")
    return [name for name in DATA_FIELDS if name in given]


def parse_decisions(table: Table, *, today: dt.date | None = None, party_type: str = "") -> CheckedFile:
    """Check every row; any error refuses the file with all its errors (ImportFileError). A row
    repeating an earlier one in every field is left out (CheckedFile.skipped); one with the same
    decision (决定文书号 and 机关) and other values is an error. `party_type`: the class of the rows
    that have none (a PartyType value, or "")."""
    today = today or timezone.localdate()
    dates = (cells.get(name, "") for _number, cells in table.rows for name in DATE_FIELDS)
    facts = {"party_type": party_type, "date_order": slash_order(dates)}
    seen: dict[str, DecisionRow] = {}

    def accept(row: DecisionRow) -> str | Skip:
        first = seen.get(row.key)
        if first is None:
            seen[row.key] = row
            return ""
        if first.values == row.values:
            return Skip(REPEATED_ROW)
        number, authority = table.labels["document_number"], table.labels["authority"]
        return f"与第{first.number}行是同一决定（“{number}”和“{authority}”相同），但其他内容不同。"

    return check_rows(table, lambda number, cells: _parse_row(number, cells, table, today, facts), accept, **facts)


def read_decisions(
    content: bytes, *, today: dt.date | None = None, party_type: str = "", mapping=None, kind: str = ""
) -> CheckedFile:
    """Read and check a CSV or XLSX file of decisions (ImportFileError lists every bad row)."""
    return parse_decisions(read_table(content, mapping=mapping, kind=kind), today=today, party_type=party_type)
