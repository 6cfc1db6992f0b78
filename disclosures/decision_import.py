"""Bulk import of 双公示 decisions (行政许可 and 行政处罚, docs/rules.md §4.7) from CSV or XLSX: the columns.

Bureaus export their decisions from the approval or case system each month; this module reads
such a file (this module: which column is which field), checks every row
(disclosures.decision_import_rows) and imports all rows or none (disclosures.decision_import_apply).
The admin upload (disclosures.decision_import_admin) and `manage.py import_decisions` both call:

    decision_file = decision_import_rows.read_decisions(content)     # ImportFileError: every (row, reason)
    result = decision_import_apply.import_decisions(decision_file, actor=user, dry_run=False)

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
许可截止期 → older), and refused if the file does not tell. Columns not recognised are not read,
and named in a notice of the preview and of the command. The header may have title rows above it.

**Kind.** A file holding 行政处罚决定书文号 or 处罚决定日期 is a 行政处罚 file; one holding
行政许可决定文书号, 行政许可决定书文号 or 许可决定日期 a 行政许可 file; a file with both is refused.

**Values.**

- Required: 行政相对人名称, 决定文书号, 决定日期, 许可机关/处罚机关.
- Dates: any form common.imports.dates accepts (YYYY-MM-DD, YYYYMMDD, YYYY/M/D as Excel's CSV on
  Chinese Windows writes it, YYYY.M.D, YYYY年M月D日, an XLSX date cell; a time after the date is
  ignored). 决定日期 not later than today; 有效期至
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
  show them masked (disclosures.privacy).
- Amounts (万元): a plain decimal number ≥ 0 (thousands commas allowed), at most 8 digits before
  and 6 after the point; read as Decimal, never float.
- Then the model's own validation (field lengths, choices, AdministrativeDecision.clean) runs on
  each row, so what is imported would also pass the admin form.
"""

from __future__ import annotations

import re

from django.utils.translation import gettext as _

from common import spreadsheets
from common.imports import columns
from common.imports.columns import Column, HeaderProblem, Table, fold_header
from common.imports.errors import ImportFileError
from disclosures.models import DecisionKind

LICENCE, PENALTY = DecisionKind.LICENCE.value, DecisionKind.PENALTY.value
CURRENT, OLDER = "current", "older"


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
# Fields only a 行政相对人代码_N column names.
_CODE_FIELDS = sorted({name for names in _CODE_NUMBERS.values() for name in names.values()} - {"party_uscc"})
_REQUIRED_HINT = {
    LICENCE: "行政相对人名称、行政许可决定文书号（旧版：行政许可决定书文号）、许可决定日期、许可机关",
    PENALTY: "行政相对人名称、行政处罚决定书文号、处罚决定日期、处罚机关",
}
KIND_LABELS = {LICENCE: "行政许可", PENALTY: "行政处罚"}
_PAREN = re.compile(r"^(.*?)\(([^()]*)\)$")


def _split(label: str) -> tuple[str, str]:
    """'罚款金额(万元)' → ('罚款金额', '万元'); a label without brackets → (label, '')."""
    match = _PAREN.match(label)
    return (match[1], match[2]) if match else (label, "")


def _columns(kind: str) -> list[Column]:
    """The columns of a file of `kind`: the named ones, then the codes only 行政相对人代码_N names."""
    named = [
        Column(name, tuple(labels), required=name in REQUIRED, stored=name != NOT_STORED)
        for name, labels in [*_COMMON, *(_LICENCE if kind == LICENCE else _PENALTY)]
    ]
    return [*named, *(Column(name) for name in _CODE_FIELDS)]


def _short_forms(kind: str) -> dict[str, tuple[str, str]]:
    """A label without its parenthesised part (folded) → (field, the part the standard name has)."""
    short = {}
    for column in _columns(kind):
        for label in column.labels:
            base, paren = _split(fold_header(label))
            short.setdefault(base, (column.name, paren))
    return short


_COLUMNS = {kind: _columns(kind) for kind in (LICENCE, PENALTY)}
_SHORT = {kind: _short_forms(kind) for kind in (LICENCE, PENALTY)}


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


def _resolver(kind: str, generation: str):
    """The field of a header the standard names do not list: a 行政相对人代码_N, or a short form."""

    def resolve(written: str, folded: str) -> str | None:
        code = _CODE_HEADER.match(folded)
        if code:
            number, paren = code[1], code[2]
            if paren:
                if paren not in _CODE_NAMES:
                    raise HeaderProblem(f"不认识列“{written}”括号中的代码名称。")
                return _CODE_NAMES[paren]
            if number == "1" or (number == "6" and generation != OLDER):
                return _CODE_NUMBERS[CURRENT][number]
            if generation and number in _CODE_NUMBERS[generation]:
                return _CODE_NUMBERS[generation][number]
            raise HeaderProblem(
                f"无法判断“{written}”属于新版还是旧版列名（两版中行政相对人代码_2至_5的含义不同），"
                "请使用带括号的完整列名，如“行政相对人代码_2（工商注册号）”或“行政相对人代码_2(组织机构代码)”。"
            )
        base, paren = _split(folded)
        if base not in _SHORT[kind]:
            return None
        name, own = _SHORT[kind][base]
        if paren and own and paren != own:
            raise HeaderProblem(f"列“{written}”与标准列名不符：应为“{base}（{own}）”。")
        return name

    return resolve


def _is_header(cells: list[str]) -> bool:
    folded = {_split(fold_header(c))[0] for c in cells}
    return "行政相对人名称" in folded and bool(_kind_of(folded))


def read_table(content: bytes) -> Table:
    """The rows of a decisions file by field (the header found, named and checked); no values checked.
    The Table's kind is LICENCE or PENALTY, its variant the generation of the names (CURRENT,
    OLDER, or "" when the file does not tell, and need not)."""
    raw = columns.read_rows(content)
    header_at = spreadsheets.find_header(raw, _is_header)
    if header_at is None:
        number, _cells = spreadsheets.first_nonblank(raw)
        raise ImportFileError(
            [
                (
                    number,
                    "未找到表头：行政许可文件的表头应有" + _REQUIRED_HINT[LICENCE] + "；行政处罚文件的表头应有"
                    f"{_REQUIRED_HINT[PENALTY]}。",
                )
            ]
        )
    number, cells = raw[header_at]
    folded = [fold_header(c) for c in cells]
    kinds = _kind_of({_split(h)[0] for h in folded})
    if len(kinds) > 1:
        raise ImportFileError([(number, "表头同时有行政许可和行政处罚的列，请把两类决定分成两个文件导入。")])
    kind = kinds.pop()
    generation = _generation(folded)
    header = columns.map_header(
        cells,
        _COLUMNS[kind],
        number=number,
        resolve=_resolver(kind, generation),
        missing_message=lambda _missing: _("表头缺少必填列：%(columns)s。") % {"columns": _REQUIRED_HINT[kind]},
    )
    return columns.table_below(raw, header_at, header, kind=kind, variant=generation)
