"""The 双公示 import's mapping step, and the column mappings saved per organ.

On the admin upload every column of the file's header is shown against the standard's fields
(common.imports.mapping): the field its name says (disclosures.decision_import.recognise), or the
one staff chose for this organ before (DecisionColumnMapping). A column not recognised is listed as
not imported; one whose name looks like a code or ID column gets a warning, since without its
统一社会信用代码 an organisation's row is refused. When no header row is found, the first row with
text is shown as the header, with a warning. Staff may change any column, the kind of file and the
generation of the standard it follows (for 当前状态's codes), and preview again.

Saved for the organ, and used again by the next upload and by `manage.py import_decisions`, is the
field chosen for each column **whose name the import does not read by itself** (is_named): a saved
mapping can teach the import a bureau's own names, never change how a standard or known name is
read, so one person's choice cannot change what another's import of a standard file publishes.
Names holding personal data (a row of data taken for the header) are not saved. Saving needs the
mapping's add and change permissions; the organ is the one decisions are imported into
(Organ.objects.default()).
"""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy

from common import spreadsheets
from common.imports.columns import HeaderProblem, Table, fold_header
from common.imports.mapping import NOT_IMPORTED, MappingStep, Proposal, ProposedColumn, sample_of
from common.personal_data import mask_personal_data
from disclosures import decision_import
from disclosures.decision_headers import KIND_LABELS, LICENCE, NOT_STORED, PENALTY, RESIDENT_ID
from disclosures.models import AdministrativeDecision, DecisionColumnMapping, Organ

HEADER_MAX_LENGTH = DecisionColumnMapping._meta.get_field("header").max_length
SAVE_PERMISSIONS = ["disclosures.add_decisioncolumnmapping", "disclosures.change_decisioncolumnmapping"]
# Words of a column name that say it holds a code or an ID number.
_CODE_WORDS = ("代码", "编码", "信用", "注册号", "登记号", "证号", "号码", "身份证")
_PSEUDO_LABELS = {RESIDENT_ID: "居民身份证号码", decision_import.PENALTY_CATEGORY_2: "处罚类别（第二项）"}


def is_named(header: str) -> bool:
    """Whether the import reads a column of this name by itself (a name of the standard or a known
    synonym, a 行政相对人代码_N, or a name it knows to be wrong), in a file of either kind."""
    for kind in (LICENCE, PENALTY):
        try:
            if decision_import.recognise(header, kind, "") is not None:
                return True
        except HeaderProblem:
            return True
    return False


def saved_mapping(organ: Organ | None = None) -> dict[str, str]:
    """The mapping saved for `organ` (default: the organ imports go to): folded header → field, for
    the names the import does not read by itself only. A saved mapping never changes how a column
    of a known name is read (nor, so, what a standard file publishes), whoever saved it and however."""
    saved = DecisionColumnMapping.objects.as_mapping(organ or Organ.objects.default())
    return {header: field for header, field in saved.items() if field and not is_named(header)}


def saved_kind(raw: spreadsheets.Rows, organ: Organ | None = None) -> str:
    """The kind of file the organ's saved names among the file's first rows were saved from, if
    they agree on one ("" otherwise): what says the kind of a header of the bureau's own names."""
    kinds = DecisionColumnMapping.objects.kinds(organ or Organ.objects.default())
    found = {kinds[name] for name in _first_names(raw) if name in kinds and kinds[name] in KIND_LABELS}
    return found.pop() if len(found) == 1 else ""


def _first_names(raw: spreadsheets.Rows) -> set[str]:
    return {fold_header(cell) for _number, cells in raw[: spreadsheets.HEADER_SEARCH_ROWS] for cell in cells}


def _label(name: str) -> str:
    if name in _PSEUDO_LABELS:
        return _PSEUDO_LABELS[name]
    return str(AdministrativeDecision._meta.get_field(name).verbose_name)


def field_choices(kind: str) -> list[tuple[str, str]]:
    """(field, label) a column of a `kind` file may be read as (both kinds' when "")."""
    names = []
    for each in (kind,) if kind else (LICENCE, PENALTY):
        names += [c.name for c in decision_import.COLUMNS[each] if c.stored and c.name not in names]
    return [(name, _label(name)) for name in names if name != NOT_STORED]


def _recognised(written: str, kind: str, generation: str, mapping) -> tuple[str | None, str]:
    """(the field, "") a header cell is read as, or (None, why not)."""
    problem = ""
    for each in (kind,) if kind else (LICENCE, PENALTY):
        try:
            found = decision_import.recognise(written, each, generation, mapping)
        except HeaderProblem as exc:
            problem = str(exc)
            continue
        if found is not None:
            return (NOT_IMPORTED if found == NOT_STORED else found), ""
    return None, problem


def _warning(column: ProposedColumn, problem: str) -> str:
    if problem:
        return problem
    if column.field is None and any(word in column.folded for word in _CODE_WORDS):
        return _(
            "看起来是代码或证件号码列，未识别则不导入：若是统一社会信用代码或证件号码，请指定对应项，否则法人的行会因缺少统一社会信用代码而被拒绝。"
        )
    return ""


def propose(raw: spreadsheets.Rows, request=None, *, organ: Organ | None = None) -> Proposal:
    """The mapping step of a file: its header row (as the import finds it, else the first row with
    text, with a warning), each column as the names or the organ's saved mapping read it, the kind
    if the header or the saved mapping says."""
    saved = saved_mapping(organ)
    header_at = decision_import.find_header(raw, saved)
    notes = []
    if header_at is None:
        header_at = next((i for i, (_n, cells) in enumerate(raw) if any(c.strip() for c in cells)), 0)
        notes.append(NO_HEADER_FOUND % {"row": raw[header_at][0] if raw else 1})
    number, cells = raw[header_at] if raw else (1, [])
    kinds = decision_import.kind_of(cells, saved)
    kind = next(iter(kinds)) if len(kinds) == 1 else "" if kinds else saved_kind(raw, organ)
    generation = decision_import.generation_of(cells)
    proposed = []
    for position, written in enumerate(cells):
        folded = fold_header(written)
        if not folded:
            continue
        column = ProposedColumn(position, written, folded, None, sample_of(raw, header_at, position))
        column.field, problem = _recognised(written, kind, generation, saved)
        column.warning = _warning(column, problem)
        proposed.append(column)
    return Proposal(
        header_at=header_at,
        number=number,
        columns=proposed,
        kind=kind,
        choices=field_choices(kind),
        kinds=list(KIND_LABELS.items()),
        fields_of_kind={each: {name for name, _label in field_choices(each)} for each in KIND_LABELS},
        variants=list(GENERATION_CHOICES.items()),
        notes=notes,
    )


NO_HEADER_FOUND = _lazy(
    "第%(row)s行被当作表头，但其中没有能识别的列名：如果这一行其实是数据，请在文件第一行加上表头再上传，否则这一行不会被导入。"
)
GENERATION_CHOICES = {
    decision_import.CURRENT: _lazy("现行“信用中国”标准（当前状态代码 1＝有效、0＝无效）"),
    decision_import.OLDER: _lazy("旧版标准（当前状态代码 0＝正常、1＝撤销、2＝异议、3＝其他）"),
}


def read(raw: spreadsheets.Rows, proposal: Proposal) -> Table:
    """The file read with its columns as proposed or chosen (decision_import.table_of)."""
    return decision_import.table_of(
        raw,
        mapping=proposal.mapping(),
        kind=proposal.kind,
        header_at=proposal.header_at,
        fallback_kind=saved_kind(raw),
        generation=proposal.variant,
    )


def may_save(request) -> bool:
    return all(request.user.has_perm(permission) for permission in SAVE_PERMISSIONS)


def _savable(column: ProposedColumn) -> bool:
    """A column whose choice may be kept: a name the import does not read by itself, short enough,
    and no personal data (a row of data taken for the header is not a mapping)."""
    return (
        bool(column.field)
        and not is_named(column.written)
        and len(column.folded) <= HEADER_MAX_LENGTH
        and mask_personal_data(column.written) == column.written
    )


def save(request, proposal: Proposal, *, organ: Organ | None = None) -> str:
    """Keep, for the organ, the field chosen for each column the import does not read by its name
    (see _savable); the message saying so. Choices on named columns hold for this upload only."""
    organ = organ or Organ.objects.default()
    if organ is None:
        return _("系统中还没有发布机构，对应关系未保存。")
    kept = {column.folded: column.field for column in proposal.columns if _savable(column)}
    forgotten = [column.folded for column in proposal.columns if not column.field and not is_named(column.written)]
    user = request.user if request is not None and request.user.is_authenticated else None
    with transaction.atomic():
        DecisionColumnMapping.objects.filter(organ=organ, header__in=forgotten).delete()
        for header, field in kept.items():
            DecisionColumnMapping.objects.update_or_create(
                organ=organ, header=header, defaults={"field": field, "kind": proposal.kind, "updated_by": user}
            )
    if not kept:
        return _("没有需要保存的对应关系：按列名能识别的列不必保存，对它们所作的修改只用于本次导入。")
    return _("已为%(organ)s保存 %(count)d 列的对应关系，以后导入时自动使用（按列名能识别的列不保存）。") % {
        "organ": organ,
        "count": len(kept),
    }


def describe(mapping: dict[str, str], raw: spreadsheets.Rows) -> list[str]:
    """The saved mapping as it applies to a file (its entries for the file's first rows' names),
    for the command's output."""
    names = _first_names(raw)
    used = [(header, field) for header, field in mapping.items() if header in names]
    if not used:
        return []
    parts = [f"{header}→{_label(field)}" for header, field in used]
    return [_("按本机构保存的列名对应关系读取：%(parts)s。") % {"parts": "；".join(parts)}]


STEP = MappingStep(propose=propose, read=read, save=save, may_save=may_save)
