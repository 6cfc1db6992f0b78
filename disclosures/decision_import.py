"""Bulk import of 双公示 decisions (行政许可 and 行政处罚) from CSV or XLSX (issue 7 item 4).

Bureaus export their decisions from the approval or case system each month; this module reads
such a file, checks every row and imports all rows or none. The admin upload
(disclosures.decision_import_admin) and `manage.py import_decisions` both call it:

    decision_file = read_decisions(content)          # DecisionFileError: every (row, reason)
    result = import_decisions(decision_file, actor=user, dry_run=False)

**Columns** (docs/rules.md §4.7). Both generations of the national column names are accepted:

- current (the 信用中国 standard): 行政相对人名称, 行政相对人类别, 行政相对人代码_1（统一社会信用代码）
  … _6（社会组织登记证号）, 法定代表人, 法定代表人证件类型/号码, 证件类型/号码, 行政许可决定文书名称,
  行政许可决定文书号, 许可类别, 许可证书名称, 许可编号, 许可内容, 许可决定日期, 有效期自, 有效期至,
  许可机关(+统一社会信用代码), 当前状态, 数据来源单位(+统一社会信用代码), 备注; for 行政处罚:
  行政处罚决定书文号, 违法行为类型, 违法事实, 处罚依据, 处罚类别, 处罚内容, 罚款金额（万元）,
  没收违法所得、没收非法财物的金额（万元）, 暂扣或吊销证照名称及编号, 处罚决定日期, 处罚有效期（stored
  as 有效期至）, 公示截止期, 处罚机关(+统一社会信用代码);
- older (c. 2016–2017): 行政许可决定书文号, 项目名称 (stored as 决定文书名称), 审批类别 (as 许可类别),
  许可内容, 行政相对人名称, 行政相对人代码_1(统一社会信用代码), _2(组织机构代码), _3(工商登记码),
  _4(税务登记号), _5(居民身份证号), 法定代表人姓名, 许可决定日期, 许可截止期 (as 有效期至), 许可机关,
  当前状态, 地方编码, 数据更新时间戳, 备注. 地方编码 and 数据更新时间戳 are recognised and not
  stored (the model has no place for them and they are not published). For older 行政处罚 files the
  2016 names 处罚名称 (as 决定文书名称), 处罚类别1/处罚类别2 (joined as 处罚类别), 处罚事由 (as 违法事实)
  and 处罚结果 (as 处罚内容) are accepted too; they are not in the national standard (docs/rules.md §4.7) and are **(unverified)**.

Header names are matched leniently: full- or half-width brackets and underscores, spaces, a
leading "*" (required-column mark) and the short forms without the parenthesised part
(行政相对人代码_1, 罚款金额). A parenthesised part that contradicts the standard one is refused
(罚款金额（元）: the amounts are in 万元). The short forms 行政相对人代码_2 … _5 mean different codes
in the two generations; they are resolved by the other columns of the file (e.g. 行政许可决定书文号,
许可截止期 → older), and refused if the file does not tell. Columns not recognised are ignored and
named in the summary. The header may have title rows above it.

**Kind.** A file holding 行政处罚决定书文号 or 处罚决定日期 is a 行政处罚 file; one holding
行政许可决定文书号, 行政许可决定书文号 or 许可决定日期 a 行政许可 file; a file with both is refused.

**Values.**

- Required: 行政相对人名称, 决定文书号, 决定日期, 许可机关/处罚机关.
- Dates: YYYY-MM-DD, YYYYMMDD, YYYY/M/D (Excel's CSV on Chinese Windows), YYYY.M.D, YYYY年M月D日,
  or an XLSX date cell; a time after the date is ignored. 决定日期 not later than today; 有效期至
  not before 有效期自. 有效期至 "长期"/"永久"/"长期有效"/"无期限" is stored empty (no end date).
- 行政相对人类别: 法人及非法人组织 (also 法人和非法人组织, 法人, 非法人组织, 法人及其他组织, 其他组织),
  自然人, 个体工商户. Blank or absent (older files have no such column): 法人及非法人组织 when a
  统一社会信用代码 is given, else 自然人 when an ID number is given, else 法人及非法人组织 (which then
  needs its 统一社会信用代码, as the model requires). For an update without the column the stored
  类别 stays.
- 许可类别 / 审批类别: 普通, 特许, 认可, 核准, 登记, 其他 (also with 许可 appended, 普通许可).
- 当前状态: 有效 / 无效; some approval systems export it as a code, **1 = 有效, 0 = 无效**
  (accepted here). Blank = 有效.
- 统一社会信用代码 (相对人, 机关, 数据来源单位): GB 32100 check character (validators.is_valid_uscc).
- 居民身份证号码: checked (validators.is_valid_resident_id) in 证件号码 / 法定代表人证件号码 when
  the matching 证件类型 names a 身份证 (居民身份证, 身份证 …), and always in the older
  行政相对人代码_5(居民身份证号), which is stored as 证件号码 with 证件类型 "居民身份证". Other
  证件类型 (护照 …) are not checked. ID numbers are stored upper-case without spaces; public pages
  show them masked (AdministrativeDecision.masked_party_id_number).
- Amounts (万元): a plain decimal number ≥ 0 (thousands commas allowed), at most 8 digits before
  and 6 after the point; read as Decimal, never float.
- Then the model's own validation (field lengths, choices, AdministrativeDecision.clean) runs on
  each row, so what is imported would also pass the admin form.

**Whole file or nothing.** Every bad row is reported as (row number, reason) with every reason,
and the file is refused (DecisionFileError); the row numbers are those the spreadsheet shows.
The import runs in one transaction.

**Re-import does not duplicate.** The key of a decision is its kind + 决定文书号 + 许可机关/处罚机关,
normalised (NFKC, no spaces, upper case, 〔〕【】[]() all as one kind of bracket: 防审批许〔2026〕1号
= 防审批许[2026]1号). Two rows of one file with the same key are refused. An existing decision
with the key is updated in place: the columns present in the file are written (a blank cell blanks
the field; a column absent from the file leaves the field as it is); its 发布机构 and 公示日期 are
kept, and the merged decision must still pass AdministrativeDecision.clean() (else a row error).
One query reads the keys of the existing decisions of the kind (document number and authority
only; the matches are then loaded in batches). Rows equal to what is stored are counted as
unchanged and not written (no history row either). An existing decision not yet published (draft)
is published now; one staff have withdrawn (已撤回) is updated but stays withdrawn: an import does
not undo a withdrawal (counted separately).

**Review cannot be skipped.** An importer without the publish permission (`publish=False`) may
add drafts and change drafts or withdrawn decisions, but a row that would change a published
decision is a row error, so the file is refused and the public values stay.

**New decisions** are published at once (status published, 公示日期 = now) under the portal's
organ (Organ.objects.default()); without an organ the import is refused (NoOrganError). Imports
are serialised by locking that organ's row, so two uploads of one file cannot both create.

**Audit trail.** Rows are written with bulk_create / bulk_update in batches; when the model keeps a
history (django-simple-history), the history rows are written in bulk too, with the importing user
and the reason "批量导入".
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from common import spreadsheets
from common.spreadsheets import SpreadsheetError
from disclosures.counts import forget_cached_record
from disclosures.models import AdministrativeDecision, DecisionKind, Organ, PublicationStatus
from disclosures.validators import is_valid_resident_id, is_valid_uscc, mask_identity_number, normalize_code

Decision = AdministrativeDecision
LICENCE, PENALTY = DecisionKind.LICENCE.value, DecisionKind.PENALTY.value
CURRENT, OLDER = "current", "older"
BATCH_SIZE = 500
CHANGE_REASON = "批量导入"


class DecisionFileError(SpreadsheetError):
    """A decisions file with errors; nothing of it was saved. `errors` lists (row number, reason)."""


class NoOrganError(Exception):
    """The portal has no organ yet, so imported decisions would belong to nobody."""

    def __init__(self):
        super().__init__("系统中还没有发布机构：请先在“发布机构”中录入本机关，再导入决定。")


# ---------------------------------------------------------------------------
# Header names
# ---------------------------------------------------------------------------

# Pseudo-fields: columns that are read but are not one model field each.
RESIDENT_ID = "_resident_id"  # older 行政相对人代码_5(居民身份证号)
PENALTY_CATEGORY_2 = "_penalty_category_2"  # older 处罚类别2
NOT_STORED = "_not_stored"  # 地方编码, 数据更新时间戳

# (field, labels) shared by both kinds; the first label is the one error messages use by default.
_COMMON = [
    ("party_name", ["行政相对人名称"]),
    ("party_type", ["行政相对人类别"]),
    ("party_uscc", ["统一社会信用代码"]),
    ("legal_representative", ["法定代表人", "法定代表人姓名"]),
    ("legal_rep_id_type", ["法定代表人证件类型"]),
    ("legal_rep_id_number", ["法定代表人证件号码"]),
    ("party_id_type", ["证件类型"]),
    ("party_id_number", ["证件号码"]),
    ("current_status", ["当前状态"]),
    ("data_source", ["数据来源单位"]),
    ("data_source_uscc", ["数据来源单位统一社会信用代码"]),
    ("remarks", ["备注"]),
    (NOT_STORED, ["地方编码", "数据更新时间戳"]),
]
_LICENCE = [
    ("document_name", ["行政许可决定文书名称", "项目名称"]),
    ("document_number", ["行政许可决定文书号", "行政许可决定书文号"]),
    ("licence_category", ["许可类别", "审批类别"]),
    ("certificate_name", ["许可证书名称"]),
    ("licence_number", ["许可编号"]),
    ("content", ["许可内容"]),
    ("decided_on", ["许可决定日期"]),
    ("valid_from", ["有效期自"]),
    ("valid_until", ["有效期至", "许可截止期"]),
    ("authority", ["许可机关"]),
    ("authority_uscc", ["许可机关统一社会信用代码"]),
]
_PENALTY = [
    ("document_name", ["行政处罚决定书名称", "处罚名称"]),
    ("document_number", ["行政处罚决定书文号"]),
    ("violation_type", ["违法行为类型"]),
    ("violation_facts", ["违法事实", "处罚事由"]),
    ("penalty_basis", ["处罚依据"]),
    ("penalty_category", ["处罚类别", "处罚类别1"]),
    (PENALTY_CATEGORY_2, ["处罚类别2"]),
    ("content", ["处罚内容", "处罚结果"]),
    ("fine_amount", ["罚款金额（万元）"]),
    ("confiscated_amount", ["没收违法所得、没收非法财物的金额（万元）"]),
    ("suspended_licence", ["暂扣或吊销证照名称及编号"]),
    ("decided_on", ["处罚决定日期"]),
    ("valid_until", ["处罚有效期"]),
    ("publicity_until", ["公示截止期"]),
    ("authority", ["处罚机关"]),
    ("authority_uscc", ["处罚机关统一社会信用代码"]),
]

# 行政相对人代码_N: the parenthesised name says which code it is; without it, the generation does.
_CODE_HEADER = re.compile(r"^行政相对人代码_?(\d)(?:\((.*)\))?$")
_CODE_NAMES = {
    "统一社会信用代码": "party_uscc",
    "工商注册号": "party_business_reg_no",
    "工商登记码": "party_business_reg_no",
    "工商登记号": "party_business_reg_no",
    "组织机构代码": "party_org_code",
    "税务登记号": "party_tax_reg_no",
    "事业单位证书号": "party_institution_cert_no",
    "社会组织登记证号": "party_social_org_reg_no",
    "居民身份证号": RESIDENT_ID,
    "居民身份证号码": RESIDENT_ID,
    "身份证号": RESIDENT_ID,
}
_CODE_NUMBERS = {
    CURRENT: {
        "1": "party_uscc",
        "2": "party_business_reg_no",
        "3": "party_org_code",
        "4": "party_tax_reg_no",
        "5": "party_institution_cert_no",
        "6": "party_social_org_reg_no",
    },
    OLDER: {
        "1": "party_uscc",
        "2": "party_org_code",
        "3": "party_business_reg_no",
        "4": "party_tax_reg_no",
        "5": RESIDENT_ID,
    },
}
_CODE_LABELS = {
    CURRENT: {
        "1": "行政相对人代码_1（统一社会信用代码）",
        "2": "行政相对人代码_2（工商注册号）",
        "3": "行政相对人代码_3（组织机构代码）",
        "4": "行政相对人代码_4（税务登记号）",
        "5": "行政相对人代码_5（事业单位证书号）",
        "6": "行政相对人代码_6（社会组织登记证号）",
    },
    OLDER: {
        "1": "行政相对人代码_1(统一社会信用代码)",
        "2": "行政相对人代码_2(组织机构代码)",
        "3": "行政相对人代码_3(工商登记码)",
        "4": "行政相对人代码_4(税务登记号)",
        "5": "行政相对人代码_5(居民身份证号)",
    },
}

# Names only one generation uses: they tell which one a file follows.
_OLDER_MARKS = {
    "行政许可决定书文号",
    "项目名称",
    "审批类别",
    "法定代表人姓名",
    "许可截止期",
    "地方编码",
    "数据更新时间戳",
}
_OLDER_MARKS |= {"处罚名称", "处罚事由", "处罚结果", "处罚类别1", "处罚类别2"}
_CURRENT_MARKS = {"行政相对人类别", "行政许可决定文书号", "行政许可决定文书名称", "许可类别", "有效期自", "有效期至"}
_CURRENT_MARKS |= {"法定代表人", "法定代表人证件类型", "法定代表人证件号码", "证件类型", "证件号码", "许可证书名称"}
_CURRENT_MARKS |= {"许可编号", "许可机关统一社会信用代码", "数据来源单位", "数据来源单位统一社会信用代码"}
_CURRENT_MARKS |= {"违法行为类型", "违法事实", "处罚内容", "罚款金额", "没收违法所得、没收非法财物的金额"}
_CURRENT_MARKS |= {"暂扣或吊销证照名称及编号", "处罚有效期", "公示截止期", "处罚机关统一社会信用代码", "处罚类别"}

_KIND_MARKS = {
    PENALTY: {"行政处罚决定书文号", "处罚决定日期"},
    LICENCE: {"行政许可决定文书号", "行政许可决定书文号", "许可决定日期"},
}
REQUIRED = ["party_name", "document_number", "decided_on", "authority"]
_REQUIRED_HINT = {
    LICENCE: "行政相对人名称、行政许可决定文书号（旧版：行政许可决定书文号）、许可决定日期、许可机关",
    PENALTY: "行政相对人名称、行政处罚决定书文号、处罚决定日期、处罚机关",
}
KIND_LABELS = {LICENCE: "行政许可", PENALTY: "行政处罚"}
_PAREN = re.compile(r"^(.*?)\(([^()]*)\)$")


def fold_header(text: str) -> str:
    """A header as compared: NFKC (half-width brackets and underscores), no spaces, no leading '*'."""
    return "".join(unicodedata.normalize("NFKC", text).split()).lstrip("*")


def _split(label: str) -> tuple[str, str]:
    """'罚款金额(万元)' → ('罚款金额', '万元'); a label without brackets → (label, '')."""
    match = _PAREN.match(label)
    return (match[1], match[2]) if match else (label, "")


def _label_tables(kind: str) -> tuple[dict[str, str], dict[str, tuple[str, str]]]:
    """(full folded label → field, short folded label → (field, its bracketed part)) for `kind`."""
    full, short = {}, {}
    for name, labels in [*_COMMON, *(_LICENCE if kind == LICENCE else _PENALTY)]:
        for label in labels:
            folded = fold_header(label)
            full[folded] = name
            base, paren = _split(folded)
            short.setdefault(base, (name, paren))
    return full, short


_TABLES = {kind: _label_tables(kind) for kind in (LICENCE, PENALTY)}


# ---------------------------------------------------------------------------
# Reading the file: header → fields
# ---------------------------------------------------------------------------


@dataclass
class DecisionTable:
    """The cells of a decisions file by field, before the values are checked."""

    kind: str
    generation: str  # CURRENT, OLDER, or "" when the file does not tell (and need not)
    labels: dict[str, str]  # field → the column's name as written in the file
    ignored: list[str]  # columns not recognised
    rows: list[tuple[int, dict[str, str]]]  # (row number, field → text)

    def to_payload(self) -> dict:
        fields = list(self.labels)
        return {
            "kind": self.kind,
            "generation": self.generation,
            "labels": [self.labels[f] for f in fields],
            "fields": fields,
            "ignored": self.ignored,
            "rows": [[number, [cells.get(f, "") for f in fields]] for number, cells in self.rows],
        }

    @classmethod
    def from_payload(cls, data: dict) -> DecisionTable:
        fields = list(data["fields"])
        return cls(
            kind=data["kind"],
            generation=data["generation"],
            labels=dict(zip(fields, data["labels"], strict=True)),
            ignored=list(data["ignored"]),
            rows=[(int(number), dict(zip(fields, cells, strict=True))) for number, cells in data["rows"]],
        )


def _kind_of(folded: set[str]) -> set[str]:
    return {kind for kind, marks in _KIND_MARKS.items() if folded & marks}


def _generation(folded: list[str]) -> str:
    bases = {_split(h)[0] for h in folded}
    codes = [match.groups() for match in map(_CODE_HEADER.match, folded) if match]
    # Only the older generation has 居民身份证号 and 工商登记码 among the codes; only the current one has _6.
    older = bool(bases & _OLDER_MARKS) or any(name in {"居民身份证号", "工商登记码"} for _n, name in codes)
    current = bool(bases & _CURRENT_MARKS) or any(number == "6" for number, _name in codes)
    if older and not current:
        return OLDER
    if current and not older:
        return CURRENT
    return ""


def _map_header(kind: str, generation: str, header: list[str], header_number: int):
    """field → column index, field → label as written, ignored columns; or header errors."""
    full, short = _TABLES[kind]
    index: dict[str, int] = {}
    labels: dict[str, str] = {}
    ignored: list[str] = []
    errors: list[str] = []
    ambiguous: list[str] = []
    for position, written in enumerate(header):
        folded = fold_header(written)
        if not folded:
            continue
        name = full.get(folded)
        if name is None and (code := _CODE_HEADER.match(folded)):
            number, paren = code[1], code[2]
            if paren:
                name = _CODE_NAMES.get(paren)
                if name is None:
                    errors.append(f"不认识列“{written}”括号中的代码名称。")
                    continue
            elif number == "1" or (number == "6" and generation != OLDER):
                name = _CODE_NUMBERS[CURRENT][number]
            elif generation and number in _CODE_NUMBERS[generation]:
                name = _CODE_NUMBERS[generation][number]
            else:
                ambiguous.append(written)
                continue
        if name is None:
            base, paren = _split(folded)
            if base in short:
                name, own = short[base]
                if paren and own and paren != own:
                    errors.append(f"列“{written}”与标准列名不符：应为“{base}（{own}）”。")
                    continue
        if name is None:
            ignored.append(written)
            continue
        if name in index:
            if name == NOT_STORED:
                continue
            errors.append(f"表头重复：“{labels[name]}”和“{written}”是同一项。")
            continue
        index[name] = position
        labels[name] = written
    if ambiguous:
        errors.append(
            "无法判断“"
            + "”“".join(ambiguous)
            + "”属于新版还是旧版列名（两版中行政相对人代码_2至_5的含义不同），请使用带括号的完整列名，"
            "如“行政相对人代码_2（工商注册号）”或“行政相对人代码_2(组织机构代码)”。"
        )
    missing = [name for name in REQUIRED if name not in index]
    if missing:
        errors.append(f"表头缺少必填列：{_REQUIRED_HINT[kind]}。")
    if errors:
        raise DecisionFileError([(header_number, message) for message in errors])
    index.pop(NOT_STORED, None)
    labels.pop(NOT_STORED, None)
    return index, labels, ignored


def read_table(content: bytes) -> DecisionTable:
    """The rows of a decisions file by field (the header found, named and checked); no values checked."""
    try:
        raw = spreadsheets.read_rows(content)
    except SpreadsheetError as exc:
        raise DecisionFileError(exc.errors) from exc

    def is_header(cells):
        folded = {_split(fold_header(c))[0] for c in cells}
        return "行政相对人名称" in folded and bool(_kind_of(folded))

    header_at = spreadsheets.find_header(raw, is_header)
    if header_at is None:
        number, _cells = spreadsheets.first_nonblank(raw)
        raise DecisionFileError(
            [
                (
                    number,
                    "未找到表头：行政许可文件的表头应有" + _REQUIRED_HINT[LICENCE] + "；行政处罚文件的表头应有"
                    f"{_REQUIRED_HINT[PENALTY]}。",
                )
            ]
        )
    header_number, header = raw[header_at]
    folded = [fold_header(c) for c in header]
    kinds = _kind_of({_split(h)[0] for h in folded})
    if len(kinds) > 1:
        raise DecisionFileError([(header_number, "表头同时有行政许可和行政处罚的列，请把两类决定分成两个文件导入。")])
    kind = kinds.pop()
    generation = _generation(folded)
    index, labels, ignored = _map_header(kind, generation, header, header_number)
    try:
        rows = spreadsheets.data_rows(raw, header_at, index)
    except SpreadsheetError as exc:
        raise DecisionFileError(exc.errors) from exc
    return DecisionTable(kind=kind, generation=generation, labels=labels, ignored=ignored, rows=rows)


# ---------------------------------------------------------------------------
# Checking the values
# ---------------------------------------------------------------------------


def _fold_value(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split())


PARTY_TYPES = {
    "法人及非法人组织": Decision.PartyType.ORGANISATION,
    "法人和非法人组织": Decision.PartyType.ORGANISATION,
    "法人": Decision.PartyType.ORGANISATION,
    "非法人组织": Decision.PartyType.ORGANISATION,
    "法人及其他组织": Decision.PartyType.ORGANISATION,
    "其他组织": Decision.PartyType.ORGANISATION,
    "自然人": Decision.PartyType.NATURAL_PERSON,
    "个体工商户": Decision.PartyType.INDIVIDUAL_BUSINESS,
}
LICENCE_CATEGORIES = {str(label): value for value, label in Decision.LicenceCategory.choices}
LICENCE_CATEGORIES |= {f"{label}许可": value for label, value in list(LICENCE_CATEGORIES.items())}
# 当前状态: the labels, and the codes some approval systems export (1 = 有效, 0 = 无效).
CURRENT_STATUSES = {
    "有效": Decision.CurrentStatus.VALID,
    "无效": Decision.CurrentStatus.INVALID,
    "1": Decision.CurrentStatus.VALID,
    "0": Decision.CurrentStatus.INVALID,
}
OPEN_ENDED = {"长期", "永久", "长期有效", "无期限"}
RESIDENT_ID_TYPE = "居民身份证"

_DATE_FORMS = [
    re.compile(r"^(\d{4})-(\d{1,2})-(\d{1,2})$"),
    re.compile(r"^(\d{4})/(\d{1,2})/(\d{1,2})$"),
    re.compile(r"^(\d{4})\.(\d{1,2})\.(\d{1,2})$"),
    re.compile(r"^(\d{4})(\d{2})(\d{2})$"),
    re.compile(r"^(\d{4})年(\d{1,2})月(\d{1,2})日$"),
]
_TIME_SUFFIX = re.compile(r"(?:\s+|T)\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?$")
_AMOUNT = re.compile(r"^(\d+)(?:\.(\d+))?$")
_AMOUNT_FIELD = Decision._meta.get_field("fine_amount")
_AMOUNT_INTEGER_DIGITS = _AMOUNT_FIELD.max_digits - _AMOUNT_FIELD.decimal_places

# Model fields the file can set (and an update writes when the file has their column).
DATA_FIELDS = [
    "party_name",
    "party_type",
    "party_uscc",
    "party_business_reg_no",
    "party_org_code",
    "party_tax_reg_no",
    "party_institution_cert_no",
    "party_social_org_reg_no",
    "legal_representative",
    "legal_rep_id_type",
    "legal_rep_id_number",
    "party_id_type",
    "party_id_number",
    "document_name",
    "document_number",
    "licence_category",
    "certificate_name",
    "licence_number",
    "content",
    "decided_on",
    "valid_from",
    "valid_until",
    "authority",
    "authority_uscc",
    "current_status",
    "data_source",
    "data_source_uscc",
    "remarks",
    "violation_type",
    "violation_facts",
    "penalty_basis",
    "penalty_category",
    "fine_amount",
    "confiscated_amount",
    "suspended_licence",
    "publicity_until",
]
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
    return getattr(Decision._meta.get_field(name), "max_length", None)


_MAX_LENGTHS = {name: _max_length(name) for name in DATA_FIELDS}

_BRACKETS = str.maketrans({"〔": "[", "〕": "]", "【": "[", "】": "]", "(": "[", ")": "]", "〖": "[", "〗": "]"})


def _key_part(text: str) -> str:
    return "".join(unicodedata.normalize("NFKC", text).split()).translate(_BRACKETS).upper()


def decision_key(kind: str, document_number: str, authority: str) -> str:
    """The identity of a decision across imports: kind + 决定文书号 + 机关, normalised."""
    return f"{kind}\x1f{_key_part(document_number)}\x1f{_key_part(authority)}"


def parse_date(value: str) -> dt.date | None:
    """A date in one of the accepted forms, or None if it is not one."""
    value = _TIME_SUFFIX.sub("", unicodedata.normalize("NFKC", value).strip())
    for form in _DATE_FORMS:
        match = form.match(value)
        if match:
            try:
                return dt.date(int(match[1]), int(match[2]), int(match[3]))
            except ValueError:
                return None
    return None


@dataclass
class DecisionRow:
    number: int
    key: str
    values: dict[str, Any]


class _RowParser:
    """Reads one row's cells, collecting every problem of the row."""

    def __init__(self, number: int, cells: dict[str, str], labels: dict[str, str]):
        self.number, self.cells, self.labels, self.errors = number, cells, labels, []

    def label(self, name: str) -> str:
        if name in self.labels:
            return self.labels[name]
        return str(Decision._meta.get_field(name).verbose_name)

    def error(self, message: str) -> None:
        self.errors.append((self.number, message))

    def text(self, name: str) -> str:
        return self.cells.get(name, "").strip()

    def required(self, name: str) -> str:
        value = self.text(name)
        if not value:
            self.error(f"缺少必填项“{self.label(name)}”。")
        return value

    def date(self, name: str, *, open_ended=False) -> dt.date | None:
        value = self.text(name)
        if not value or (open_ended and _fold_value(value) in OPEN_ENDED):
            return None
        parsed = parse_date(value)
        if parsed is None:
            self.error(f"“{self.label(name)}”应为有效日期（如 2026-03-15、20260315 或 2026/3/15），而不是“{value}”。")
        return parsed

    def choice(self, name: str, choices: dict[str, str], shown: str) -> str:
        value = self.text(name)
        if not value:
            return ""
        found = choices.get(_fold_value(value))
        if found is None:
            self.error(f"“{self.label(name)}”的值“{value}”不是可用的选项（{shown}）。")
            return ""
        return found

    def uscc(self, name: str) -> str:
        value = normalize_code(self.text(name))
        if value and not is_valid_uscc(value):
            self.error(f"“{self.label(name)}”“{value}”不是有效的统一社会信用代码（18位，校验码须正确）。")
        return value

    def resident_id(self, name: str, value: str) -> None:
        if value and not is_valid_resident_id(value):
            self.error(
                f"“{self.label(name)}”“{mask_identity_number(value)}”不是有效的居民身份证号码（18位，出生日期和校验码须正确）。"
            )

    def amount(self, name: str) -> Decimal | None:
        value = "".join(self.text(name).replace(",", "").replace("，", "").split())
        if not value:
            return None
        match = _AMOUNT.match(unicodedata.normalize("NFKC", value))
        if match is None:
            self.error(f"“{self.label(name)}”应为以万元为单位的非负数字，而不是“{self.text(name)}”。")
            return None
        integer, decimals = match[1].lstrip("0"), match[2] or ""
        if len(integer) > _AMOUNT_INTEGER_DIGITS or len(decimals.rstrip("0")) > _AMOUNT_FIELD.decimal_places:
            self.error(
                f"“{self.label(name)}”（{value}）超出范围：整数部分最多{_AMOUNT_INTEGER_DIGITS}位，"
                f"小数最多{_AMOUNT_FIELD.decimal_places}位（单位万元）。"
            )
            return None
        return Decimal(match[0])  # digits and one point only: never an InvalidOperation


def _is_resident_id_type(id_type: str) -> bool:
    return "身份证" in _fold_value(id_type)


def _parse_row(number: int, cells: dict[str, str], table: DecisionTable, today: dt.date):
    """(the checked row, []) or (None, every problem of the row)."""
    p = _RowParser(number, cells, table.labels)
    values: dict[str, Any] = {name: p.text(name) for name in _TEXT_FIELDS}
    for name in REQUIRED:
        if name != "decided_on":
            values[name] = p.required(name)
    for name in _USCC_FIELDS:
        values[name] = p.uscc(name)
    for name in ("party_business_reg_no", "party_org_code", "party_tax_reg_no"):
        values[name] = normalize_code(values[name])

    # Identity numbers: 身份证 checked; the older 居民身份证号 column is a 证件号码 with its type known.
    party_id_number = normalize_code(p.text("party_id_number"))
    resident_id = normalize_code(p.text(RESIDENT_ID))
    if resident_id:
        p.resident_id(RESIDENT_ID, resident_id)
        if party_id_number and party_id_number != resident_id:
            p.error(f"“{p.label(RESIDENT_ID)}”与“{p.label('party_id_number')}”不一致。")
        party_id_number = party_id_number or resident_id
        values["party_id_type"] = values["party_id_type"] or RESIDENT_ID_TYPE
    elif _is_resident_id_type(values["party_id_type"]):
        p.resident_id("party_id_number", party_id_number)
    values["party_id_number"] = party_id_number
    values["legal_rep_id_number"] = normalize_code(p.text("legal_rep_id_number"))
    if _is_resident_id_type(values["legal_rep_id_type"]):
        p.resident_id("legal_rep_id_number", values["legal_rep_id_number"])

    party_type = p.choice("party_type", PARTY_TYPES, "法人及非法人组织、自然人、个体工商户")
    if not party_type and not p.text("party_type"):
        if values["party_uscc"] or not party_id_number:
            party_type = Decision.PartyType.ORGANISATION
        else:
            party_type = Decision.PartyType.NATURAL_PERSON
    values["party_type"] = party_type
    values["licence_category"] = (
        p.choice("licence_category", LICENCE_CATEGORIES, "普通、特许、认可、核准、登记、其他")
        if table.kind == LICENCE
        else ""
    )
    values["current_status"] = (
        p.choice("current_status", CURRENT_STATUSES, "有效、无效，或代码 1＝有效、0＝无效")
        or Decision.CurrentStatus.VALID
    )

    # Dates.
    if not p.text("decided_on"):
        p.error(f"缺少必填项“{p.label('decided_on')}”。")
    values["decided_on"] = decided_on = p.date("decided_on")
    values["valid_from"] = p.date("valid_from")
    values["valid_until"] = p.date("valid_until", open_ended=True)
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
    values["fine_amount"] = p.amount("fine_amount")
    values["confiscated_amount"] = p.amount("confiscated_amount")

    for name, limit in _MAX_LENGTHS.items():
        value = values.get(name)
        if limit and isinstance(value, str) and len(value) > limit:
            p.error(f"“{p.label(name)}”不能超过{limit}个字符。")

    if not p.errors:
        _model_check(p, values, table.kind)
    if p.errors:
        return None, p.errors
    return DecisionRow(number, decision_key(table.kind, values["document_number"], values["authority"]), values), []


def _model_check(p: _RowParser, values: dict[str, Any], kind: str) -> None:
    """The model's own rules (choices, lengths, validators, clean()), named by the file's columns."""
    decision = Decision(kind=kind, **values)
    try:
        decision.full_clean(exclude=["organ"], validate_unique=False, validate_constraints=False)
    except ValidationError as exc:
        for name, messages in exc.message_dict.items():
            prefix = f"“{p.label(name)}”：" if name in DATA_FIELDS else ""
            p.errors += [(p.number, f"{prefix}{message}") for message in messages]


@dataclass
class DecisionFile:
    """A checked decisions file: every row valid, ready to import."""

    kind: str
    generation: str
    labels: dict[str, str]
    ignored: list[str]
    rows: list[DecisionRow]

    @property
    def fields(self) -> list[str]:
        """The model fields the file sets (an update writes these, and only these)."""
        given = set(self.labels)
        if RESIDENT_ID in given:
            given |= {"party_id_number", "party_id_type"}
        if PENALTY_CATEGORY_2 in given:
            given.add("penalty_category")
        return [name for name in DATA_FIELDS if name in given]


def parse_decisions(table: DecisionTable, *, today: dt.date | None = None) -> DecisionFile:
    """Check every row; any error refuses the file with all its errors (DecisionFileError)."""
    today = today or timezone.localdate()
    rows, errors, seen = [], [], {}
    for number, cells in table.rows:
        row, row_errors = _parse_row(number, cells, table, today)
        if row is None:
            errors += row_errors
            continue
        if row.key in seen:
            label = table.labels["authority"]
            errors.append(
                (number, f"与第{seen[row.key]}行是同一决定（“{table.labels['document_number']}”和“{label}”相同）。")
            )
            continue
        seen[row.key] = number
        rows.append(row)
    if errors:
        raise DecisionFileError(errors)
    return DecisionFile(table.kind, table.generation, table.labels, table.ignored, rows)


def read_decisions(content: bytes, *, today: dt.date | None = None) -> DecisionFile:
    """Read and check a CSV or XLSX file of decisions (DecisionFileError lists every bad row)."""
    return parse_decisions(read_table(content), today=today)


# ---------------------------------------------------------------------------
# Importing
# ---------------------------------------------------------------------------

CREATED, UPDATED, UNCHANGED = "created", "updated", "unchanged"
ACTION_LABELS = {CREATED: "新增", UPDATED: "更新", UNCHANGED: "无变化"}
ADD_PERMISSION = "disclosures.add_administrativedecision"
CHANGE_PERMISSION = "disclosures.change_administrativedecision"
PUBLISH_PERMISSION = "disclosures.publish_administrativedecision"
NEEDS_ADD_PERMISSION = "这是一条新决定，您没有新增决定的权限。"
NEEDS_CHANGE_PERMISSION = "系统中已有这条决定，文件中的内容与之不同，您没有修改决定的权限。"
PUBLISHED_NEEDS_PUBLISHER = (
    "该决定已公示，只有具有发布权限的人员（发布员）才能修改已公示的决定：请删去此行，或请发布员导入。"
)


@dataclass
class ImportResult:
    kind: str
    dry_run: bool = False
    actions: dict[int, str] = field(default_factory=dict)  # row number → CREATED / UPDATED / UNCHANGED
    withdrawn: list[int] = field(default_factory=list)  # row numbers of decisions staff had withdrawn
    ignored: list[str] = field(default_factory=list)

    def count(self, action: str) -> int:
        return sum(1 for a in self.actions.values() if a == action)

    @property
    def created(self) -> int:
        return self.count(CREATED)

    @property
    def updated(self) -> int:
        return self.count(UPDATED)

    @property
    def unchanged(self) -> int:
        return self.count(UNCHANGED)


def _existing_keys(kind: str, keys: set[str]) -> dict[str, int]:
    """key → pk of the stored decisions of `kind` whose key is among `keys` (one query)."""
    found = {}
    for pk, number, authority in (
        Decision.objects.filter(kind=kind).order_by("pk").values_list("pk", "document_number", "authority")
    ):
        key = decision_key(kind, number, authority)
        if key in keys:
            found.setdefault(key, pk)
    return found


def _load(pks: list[int], *, lock: bool) -> dict[int, AdministrativeDecision]:
    """The stored decisions, in batches; with `lock`, their rows locked in pk order until the import
    commits, so a decision published meanwhile cannot then be changed by it (services lock the same
    way)."""
    decisions = Decision.objects.select_for_update() if lock else Decision.objects
    loaded = {}
    for start in range(0, len(pks), BATCH_SIZE):
        loaded.update({d.pk: d for d in decisions.filter(pk__in=pks[start : start + BATCH_SIZE]).order_by("pk")})
    return loaded


def _has_history() -> bool:
    return hasattr(Decision._meta, "simple_history_manager_attribute")


def _bulk_create(objects, actor) -> None:
    if _has_history():
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            objects, Decision, batch_size=BATCH_SIZE, default_user=actor, default_change_reason=CHANGE_REASON
        )
    else:  # pragma: no cover - the model keeps a history
        Decision.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def _bulk_update(objects, fields, actor) -> None:
    if _has_history():
        from simple_history.utils import bulk_update_with_history

        bulk_update_with_history(
            objects, Decision, fields, batch_size=BATCH_SIZE, default_user=actor, default_change_reason=CHANGE_REASON
        )
    else:  # pragma: no cover - the model keeps a history
        Decision.objects.bulk_update(objects, fields, batch_size=BATCH_SIZE)


def import_decisions(
    decision_file: DecisionFile, *, actor=None, dry_run: bool = False, publish: bool | None = None
) -> ImportResult:
    """Create or update a decision per row, all in one transaction; with dry_run, only say what would be done.

    `actor` is the importing staff account and its permissions decide (None: the server's operator,
    who holds them all): a new row needs the add permission, a row matching a stored decision the
    change permission. Without the publish permission (or with `publish=False`) new rows are saved
    as drafts for a 发布员 to publish, the state of existing rows is left as it is, and a row that
    would change a published decision is refused: the public values stay as a 发布员 left them.
    Refusals are row errors, so the whole file is refused.
    """
    if publish is None:
        publish = actor is None or actor.has_perm(PUBLISH_PERMISSION)
    may_add = actor is None or actor.has_perm(ADD_PERMISSION)
    may_change = actor is None or actor.has_perm(CHANGE_PERMISSION)
    result = ImportResult(kind=decision_file.kind, dry_run=dry_run, ignored=list(decision_file.ignored))
    fields = decision_file.fields
    with transaction.atomic():
        organ = Organ.objects.default()
        if organ is None:
            raise NoOrganError
        if not dry_run:
            Organ.objects.select_for_update().get(pk=organ.pk)  # one import at a time
        existing = _existing_keys(decision_file.kind, {row.key for row in decision_file.rows})
        stored = _load(sorted(set(existing.values())), lock=not dry_run)
        now = timezone.now()
        new, changed, changed_fields, errors = [], [], set(), []
        for row in decision_file.rows:
            decision = stored.get(existing.get(row.key))
            if decision is None:
                if not may_add:
                    errors.append((row.number, NEEDS_ADD_PERMISSION))
                    continue
                result.actions[row.number] = CREATED
                new.append(
                    Decision(
                        kind=decision_file.kind,
                        organ=organ,
                        status=PublicationStatus.PUBLISHED if publish else PublicationStatus.DRAFT,
                        published_at=now if publish else None,
                        **row.values,
                    )
                )
                continue
            differs = [name for name in fields if getattr(decision, name) != row.values[name]]
            if differs and not may_change:
                errors.append((row.number, NEEDS_CHANGE_PERMISSION))
                continue
            if differs and not publish and decision.status == PublicationStatus.PUBLISHED:
                # what is public was reviewed: only someone who may publish changes it
                errors.append((row.number, PUBLISHED_NEEDS_PUBLISHER))
                continue
            for name in differs:
                setattr(decision, name, row.values[name])
            if decision.status == PublicationStatus.WITHDRAWN:
                result.withdrawn.append(row.number)
            elif publish and decision.status != PublicationStatus.PUBLISHED:
                decision.status, decision.published_at = PublicationStatus.PUBLISHED, now
                differs += ["status", "published_at"]
            if not differs:
                result.actions[row.number] = UNCHANGED
                continue
            result.actions[row.number] = UPDATED
            try:  # the file's columns over the stored ones must still make a valid decision
                decision.clean()
            except ValidationError as exc:
                errors += [(row.number, f"与已有决定合并后：{message}") for message in exc.messages]
            decision.updated_at = now  # bulk_update does not apply auto_now
            changed.append(decision)
            changed_fields.update(differs)
        if errors:
            raise DecisionFileError(errors)
        if not dry_run:
            # bulk_create / bulk_update bypass save(): the search document is built here.
            for decision in (*new, *changed):
                decision.fill_search_fields()
            if new:
                _bulk_create(new, actor)
            if changed:
                _bulk_update(changed, [*sorted(changed_fields), "updated_at", "search_title", "search_text"], actor)
            if new or changed:  # bulk writes send no signals
                transaction.on_commit(forget_cached_record)
    return result


def import_file(content: bytes, *, actor=None, dry_run: bool = False) -> ImportResult:
    """Read, check and import a file in one call (the command's path)."""
    return import_decisions(read_decisions(content), actor=actor, dry_run=dry_run)


# ---------------------------------------------------------------------------
# Summaries (command and admin)
# ---------------------------------------------------------------------------


def summary(result: ImportResult) -> str:
    kind = KIND_LABELS[result.kind]
    verb = "将导入" if result.dry_run else "已导入"
    text = (
        f"{verb} {len(result.actions)} 条{kind}决定：新增 {result.created} 条，更新 {result.updated} 条，"
        f"内容无变化 {result.unchanged} 条。"
    )
    if result.withdrawn:
        text += f"其中 {len(result.withdrawn)} 条已被撤回，只更新内容，仍保持撤回。"
    if result.ignored:
        text += "未识别而忽略的列：" + "、".join(result.ignored) + "。"
    return text


error_lines = spreadsheets.error_lines
