"""Bulk import of 双公示 decisions (行政许可 and 行政处罚) from CSV or XLSX: which column is which field.

Bureaus export their decisions from an approval or case system, or publish them as lists in their
own words; this module finds the header of such a file and names its columns (the names are
disclosures.decision_headers), disclosures.decision_import_rows checks every row and
disclosures.decision_import_apply imports all rows or none. The rules are docs/rules.md §4.7.
The admin upload (disclosures.decision_import_admin, with its mapping step in
disclosures.decision_mapping) and `manage.py import_decisions` both read the file's rows, then:

    table = decision_import.table_of(raw, mapping=…, kind=…, generation=…)   # ImportFileError
    decision_file = decision_import_rows.parse_decisions(table, party_type=…)
    result = decision_import_apply.import_decisions(decision_file, actor=user, dry_run=False)

**A column's field**, in this order: the mapping staff chose for it on the admin's mapping step,
or the one saved for the organ (folded header name → field; only names none of the below reads,
so a saved mapping never changes how a standard file is read; disclosures.decision_mapping); a name
of disclosures.decision_headers for the file's kind, compared folded; the same without its
parenthesised part, unless that part contradicts the standard's (罚款金额（元）: the amounts are in
万元); a 行政相对人代码_N (any dash, or none, before N), whose parenthesised name says which code
it is, else the generation does (the short forms _2 … _5 mean different codes in the two; refused
when the file does not tell). Anything else is not read, and named in the notice of the preview
and of the command.

**Header row**: the first of the first rows with the name of the 相对人 and a 决定文书号 or 决定日期
(by name or by mapping). Else the first with three columns known, so that the error can name
exactly the required columns it lacks. Title rows above it are allowed.

**Kind**: the names of 决定文书号 and 决定日期 are each one kind's (行政处罚决定书文号, 处罚日期 …
/ 行政许可决定文书号, 许可决定日期 …); a file with both is refused. Without them, the fields only one
kind has (处罚类别, 许可类别 …) tell, or the kind staff chose.

**Generation** (CURRENT or OLDER, for 当前状态 and the short code names): as staff say (the
mapping step, the command's --generation), else from the names only one generation of the
national standard uses (generation_of); "" when the header does not tell.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

from django.utils.translation import gettext as _

from common import spreadsheets
from common.imports import columns
from common.imports.columns import Column, HeaderProblem, Table, fold_header
from common.imports.errors import ImportFileError
from disclosures.decision_headers import (
    CODE_FIELDS,
    CODE_NAMES,
    CODE_NUMBERS,
    CURRENT,
    CURRENT_MARKS,
    KIND_LABELS,
    KIND_ONLY_FIELDS,
    LICENCE,
    NAMES,
    NOT_STORED,
    OLDER,
    OLDER_MARKS,
    PENALTY,
    PENALTY_CATEGORY_2,
    REQUIRED,
    REQUIRED_NAMES,
    STANDARD_NAMES,
)

__all__ = ["CURRENT", "KIND_LABELS", "LICENCE", "OLDER", "PENALTY", "PENALTY_CATEGORY_2", "read_table", "table_of"]

KINDS = (LICENCE, PENALTY)
_PAREN = re.compile(r"^(.*?)\(([^()]*)\)$")
# 行政相对人代码_1, 行政相对人代码-1, 行政相对人代码—1, 行政相对人代码1 (NFKC has made brackets half-width).
_CODE_HEADER = re.compile(r"^行政相对人代码[_\-‐‑‒–—―﹘﹣~]?(\d)(?:\((.*)\))?$")
# How many columns a row needs known to be taken for a header without the name of the 相对人.
_HEADER_MINIMUM = 3


def split_label(label: str) -> tuple[str, str]:
    """'罚款金额(万元)' → ('罚款金额', '万元'); a label without brackets → (label, '')."""
    match = _PAREN.match(label)
    return (match[1], match[2]) if match else (label, "")


def _columns(kind: str) -> list[Column]:
    """The columns of a file of `kind`: the named ones, then the codes only 行政相对人代码_N names."""
    named = [
        Column(name, tuple(labels), required=name in REQUIRED, stored=name != NOT_STORED)
        for name, labels in NAMES[kind]
    ]
    return [*named, *(Column(name) for name in CODE_FIELDS if name not in {column.name for column in named})]


def _short_forms(kind: str) -> dict[str, tuple[str, str]]:
    """A label without its parenthesised part (folded) → (field, the part the standard name has)."""
    short = {}
    for column in COLUMNS[kind]:
        for label in column.labels:
            base, paren = split_label(fold_header(label))
            short.setdefault(base, (column.name, paren))
    return short


COLUMNS = {kind: _columns(kind) for kind in KINDS}
_SHORT = {kind: _short_forms(kind) for kind in KINDS}
_ALL_NAMES = {split_label(fold_header(label))[0] for kind in KINDS for _name, labels in NAMES[kind] for label in labels}
_KIND_MARKS = {
    kind: {
        fold_header(label)
        for name, labels in NAMES[kind]
        if name in {"document_number", "decided_on"}
        for label in labels
    }
    for kind in KINDS
}


def generation_of(cells: list[str]) -> str:
    """The generation of the standard a header's names follow: CURRENT or OLDER when it has names
    only that one uses (or 行政相对人代码 names only it has), none only the other uses, and more of
    the standard's names than of the bureaus' own (被处罚人姓名 …); else "" (a bureau's own list, or
    a mix). One incidental 处罚结果 among a bureau's names does not make its file older-generation."""
    folded = [fold_header(c) for c in cells if c.strip()]
    bases = [split_label(h)[0] for h in folded]
    codes = [match.groups() for match in map(_CODE_HEADER.match, folded) if match]
    # Only the older generation has 居民身份证号 and 工商登记码 among the codes; only the current one has _6.
    older = bool(OLDER_MARKS.intersection(bases)) or any(name in {"居民身份证号", "工商登记码"} for _n, name in codes)
    current = bool(CURRENT_MARKS.intersection(bases)) or any(number == "6" for number, _name in codes)
    standard = sum(1 for base in bases if base in STANDARD_NAMES) + len(codes)
    own = sum(1 for base in bases if base in _ALL_NAMES and base not in STANDARD_NAMES)
    if standard <= own:
        return ""
    if older and not current:
        return OLDER
    if current and not older:
        return CURRENT
    return ""


def _resolver(kind: str, generation: str):
    """The field of a header the names do not list: a 行政相对人代码_N, or a short form."""

    def resolve(written: str, folded: str) -> str | None:
        code = _CODE_HEADER.match(folded)
        if code:
            number, paren = code[1], code[2]
            if paren:
                if paren not in CODE_NAMES:
                    raise HeaderProblem(f"不认识列“{written}”括号中的代码名称。")
                return CODE_NAMES[paren]
            if number == "1" or (number == "6" and generation != OLDER):
                return CODE_NUMBERS[CURRENT][number]
            if generation and number in CODE_NUMBERS[generation]:
                return CODE_NUMBERS[generation][number]
            raise HeaderProblem(
                f"无法判断“{written}”属于新版还是旧版列名（两版中行政相对人代码_2至_5的含义不同），"
                "请使用带括号的完整列名，如“行政相对人代码_2（工商注册号）”或“行政相对人代码_2(组织机构代码)”。"
            )
        base, paren = split_label(folded)
        if base not in _SHORT[kind]:
            return None
        name, own = _SHORT[kind][base]
        if paren and own and paren != own:
            raise HeaderProblem(f"列“{written}”与标准列名不符：应为“{base}（{own}）”。")
        return name

    return resolve


def recognise(written: str, kind: str, generation: str, mapping: Mapping[str, str] | None = None) -> str | None:
    """The field a header cell names in a file of `kind` ("" for a column staff chose not to import,
    None for one not recognised); HeaderProblem for a name recognised as wrong."""
    folded = fold_header(written)
    if mapping and folded in mapping:
        return mapping[folded]
    for column in COLUMNS[kind]:
        if folded in {fold_header(label) for label in column.labels}:
            return column.name
    return _resolver(kind, generation)(written, folded)


def _known(cells: list[str], kind: str, mapping: Mapping[str, str] | None) -> set[str]:
    """The fields the cells name for `kind`, leaving out what cannot be resolved."""
    generation = generation_of(cells)
    known = set()
    for cell in cells:
        if not cell.strip():
            continue
        try:
            field = recognise(cell, kind, generation, mapping)
        except HeaderProblem:
            continue
        if field:
            known.add(field)
    return known


def kind_of(cells: list[str], mapping: Mapping[str, str] | None = None) -> set[str]:
    """The kinds a header says: by the names of 决定文书号 / 决定日期, else by the fields only one kind has."""
    folded = {split_label(fold_header(c))[0] for c in cells} | {fold_header(c) for c in cells}
    kinds = {kind for kind in KINDS if folded & _KIND_MARKS[kind]}
    if not kinds and mapping:
        fields = {mapping.get(fold_header(c)) for c in cells}
        kinds = {kind for kind in KINDS if fields & KIND_ONLY_FIELDS[kind]}
    return kinds


def find_header(raw: spreadsheets.Rows, mapping: Mapping[str, str] | None = None, kind: str = "") -> int | None:
    """The position in `raw` of the header row (see the module's description), or None."""

    def fields(cells):
        return [_known(cells, k, mapping) for k in ((kind,) if kind else KINDS)]

    def is_header(cells):
        return any("party_name" in known and known & {"document_number", "decided_on"} for known in fields(cells))

    found = spreadsheets.find_header(raw, is_header)
    if found is None:
        found = spreadsheets.find_header(raw, lambda cells: max(map(len, fields(cells))) >= _HEADER_MINIMUM)
    return found


def _missing_message(kind: str, generation: str):
    def message(missing: list[Column]) -> str:
        names = []
        for column in missing:
            name = REQUIRED_NAMES[kind][column.name]
            names.append(name[generation] if isinstance(name, dict) else name)
        return _("表头缺少必填列：%(columns)s。") % {"columns": "、".join(names)}

    return message


def table_of(
    raw: spreadsheets.Rows,
    *,
    mapping: Mapping[str, str] | None = None,
    kind: str = "",
    header_at: int | None = None,
    fallback_kind: str = "",
    generation: str = "",
) -> Table:
    """The rows of a decisions file by field (header found, named and checked); no value checked.
    `mapping`: folded header → field ("" not imported), as staff chose; `kind`: as staff chose;
    `fallback_kind`: the kind when the header does not say (the one a saved mapping was saved from);
    `generation`: the generation staff say the file follows (else the header tells, or not).
    The Table's kind is LICENCE or PENALTY, its variant the generation (CURRENT, OLDER or "")."""
    if header_at is None:
        header_at = find_header(raw, mapping, kind)
    if header_at is None:
        raise ImportFileError([(spreadsheets.first_nonblank(raw)[0], no_header_message())])
    number, cells = raw[header_at]
    if not kind:
        kinds = kind_of(cells, mapping)
        if len(kinds) > 1:
            raise ImportFileError([(number, "表头同时有行政许可和行政处罚的列，请把两类决定分成两个文件导入。")])
        if not kinds and fallback_kind:
            kinds = {fallback_kind}
        if not kinds:
            raise ImportFileError([(number, no_kind_message())])
        kind = kinds.pop()
    generation = generation or generation_of(cells)
    header = columns.map_header(
        cells,
        COLUMNS[kind],
        number=number,
        resolve=_resolver(kind, generation),
        assigned=mapping,
        missing_message=_missing_message(kind, generation),
    )
    return columns.table_below(raw, header_at, header, kind=kind, variant=generation)


def no_header_message() -> str:
    return (
        "未找到表头：表头应有行政相对人名称（或被处罚人姓名等）和决定文书号或决定日期。行政许可文件的必填列为"
        + "、".join(_required_names(LICENCE))
        + "；行政处罚文件的必填列为"
        + "、".join(_required_names(PENALTY))
        + "。列名与此不同的，可在网页导入时逐列指定对应的标准项。"
    )


def no_kind_message() -> str:
    return (
        "无法从表头判断是行政许可还是行政处罚文件（没有决定文书号、决定日期等可判断的列）："
        "网页导入时请选择决定类型，命令行请加 --kind 行政许可 或 --kind 行政处罚。"
    )


def _required_names(kind: str) -> list[str]:
    return [name[""] if isinstance(name, dict) else name for name in REQUIRED_NAMES[kind].values()]


def read_table(content: bytes, *, mapping: Mapping[str, str] | None = None, kind: str = "") -> Table:
    """The rows of a decisions file by field (see table_of)."""
    return table_of(columns.read_rows(content), mapping=mapping, kind=kind)
