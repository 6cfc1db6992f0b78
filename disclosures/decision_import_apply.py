"""双公示 decisions imported: checked rows written, all or none (the rows are disclosures.decision_import_rows).

**Whole file or nothing.** Every bad row is reported as (row number, reason) with every reason,
and the file is refused (ImportFileError); the row numbers are those the spreadsheet shows.
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

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from common.imports import dates
from common.imports.errors import ImportFileError
from common.imports.result import CREATED, SKIPPED, UNCHANGED, UPDATED, ImportResult, RowOutcome, verb
from common.imports.rows import CheckedFile
from disclosures.counts import forget_cached_record
from disclosures.decision_import import CURRENT, KIND_LABELS, OLDER
from disclosures.decision_import_rows import decision_fields, decision_key
from disclosures.models import AdministrativeDecision, Organ, PublicationStatus

BATCH_SIZE = 500
CHANGE_REASON = "批量导入"
ACTION_LABELS = {CREATED: "新增", UPDATED: "更新", UNCHANGED: "无变化", SKIPPED: "跳过"}
KEPT_WITHDRAWN = "已撤回，保持撤回"


class NoOrganError(Exception):
    """The portal has no organ yet, so imported decisions would belong to nobody."""

    def __init__(self):
        super().__init__("系统中还没有发布机构：请先在“发布机构”中录入本机关，再导入决定。")


ADD_PERMISSION = "disclosures.add_administrativedecision"
CHANGE_PERMISSION = "disclosures.change_administrativedecision"
PUBLISH_PERMISSION = "disclosures.publish_administrativedecision"
NEEDS_ADD_PERMISSION = "这是一条新决定，您没有新增决定的权限。"
NEEDS_CHANGE_PERMISSION = "系统中已有这条决定，文件中的内容与之不同，您没有修改决定的权限。"
PUBLISHED_NEEDS_PUBLISHER = (
    "该决定已公示，只有具有发布权限的人员（发布员）才能修改已公示的决定：请删去此行，或请发布员导入。"
)


def _existing_keys(kind: str, keys: set[str]) -> dict[str, int]:
    """key → pk of the stored decisions of `kind` whose key is among `keys` (one query)."""
    found = {}
    for pk, number, authority in (
        AdministrativeDecision.objects.filter(kind=kind)
        .order_by("pk")
        .values_list("pk", "document_number", "authority")
    ):
        key = decision_key(kind, number, authority)
        if key in keys:
            found.setdefault(key, pk)
    return found


def _load(pks: list[int], *, lock: bool) -> dict[int, AdministrativeDecision]:
    """The stored decisions, in batches; with `lock`, their rows locked in pk order until the import
    commits, so a decision published meanwhile cannot then be changed by it (services lock the same
    way)."""
    decisions = AdministrativeDecision.objects.select_for_update() if lock else AdministrativeDecision.objects
    loaded = {}
    for start in range(0, len(pks), BATCH_SIZE):
        loaded.update({d.pk: d for d in decisions.filter(pk__in=pks[start : start + BATCH_SIZE]).order_by("pk")})
    return loaded


def _has_history() -> bool:
    return hasattr(AdministrativeDecision._meta, "simple_history_manager_attribute")


def _bulk_create(objects, actor) -> None:
    if _has_history():
        from simple_history.utils import bulk_create_with_history

        bulk_create_with_history(
            objects,
            AdministrativeDecision,
            batch_size=BATCH_SIZE,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )
    else:  # pragma: no cover - the model keeps a history
        AdministrativeDecision.objects.bulk_create(objects, batch_size=BATCH_SIZE)


def _bulk_update(objects, fields, actor) -> None:
    if _has_history():
        from simple_history.utils import bulk_update_with_history

        bulk_update_with_history(
            objects,
            AdministrativeDecision,
            fields,
            batch_size=BATCH_SIZE,
            default_user=actor,
            default_change_reason=CHANGE_REASON,
        )
    else:  # pragma: no cover - the model keeps a history
        AdministrativeDecision.objects.bulk_update(objects, fields, batch_size=BATCH_SIZE)


def import_decisions(
    decision_file: CheckedFile, *, actor=None, dry_run: bool = False, publish: bool | None = None
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
    result = ImportResult.for_file(decision_file, dry_run=dry_run)
    result.rows += [RowOutcome(number, SKIPPED, note) for number, note in decision_file.skipped]
    fields = decision_fields(decision_file)
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
                result.rows.append(RowOutcome(row.number, CREATED))
                new.append(
                    AdministrativeDecision(
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
            note = KEPT_WITHDRAWN if decision.status == PublicationStatus.WITHDRAWN else ""
            if not note and publish and decision.status != PublicationStatus.PUBLISHED:
                decision.status, decision.published_at = PublicationStatus.PUBLISHED, now
                differs += ["status", "published_at"]
            if not differs:
                result.rows.append(RowOutcome(row.number, UNCHANGED, note))
                continue
            result.rows.append(RowOutcome(row.number, UPDATED, note))
            try:  # the file's columns over the stored ones must still make a valid decision
                decision.clean()
            except ValidationError as exc:
                errors += [(row.number, f"与已有决定合并后：{message}") for message in exc.messages]
            decision.updated_at = now  # bulk_update does not apply auto_now
            changed.append(decision)
            changed_fields.update(differs)
        ImportFileError.raise_if(errors)
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


def withdrawn_rows(result: ImportResult) -> list[int]:
    """The row numbers of decisions staff had withdrawn: updated, and still withdrawn."""
    return [row.number for row in result.rows if row.note == KEPT_WITHDRAWN]


def summary(result: ImportResult) -> str:
    kind = KIND_LABELS[result.kind]
    text = (
        f"{verb(result)} {len(result.rows) - result.skipped} 条{kind}决定：新增 {result.created} 条，"
        f"更新 {result.updated} 条，内容无变化 {result.unchanged} 条。"
    )
    if result.skipped:
        text += f"另有 {result.skipped} 行与前面的行完全相同，已跳过。"
    withdrawn = withdrawn_rows(result)
    if withdrawn:
        text += f"其中 {len(withdrawn)} 条已被撤回，只更新内容，仍保持撤回。"
    return text


GENERATION_LABELS = {
    CURRENT: gettext_lazy("按现行“信用中国”标准读取（当前状态代码 1＝有效、0＝无效）"),
    OLDER: gettext_lazy("按旧版（2016年前后）标准读取（当前状态代码 0＝正常、1＝撤销、2＝异议、3＝其他）"),
    "": gettext_lazy("表头不能说明依据现行还是旧版标准，当前状态只接受文字"),
}
DATE_ORDER_LABELS = {
    dates.MONTH_FIRST: gettext_lazy("日期中月、日都不超过12的（如 03/04/2018）按月/日/年读取，由文件中其他日期确定。"),
    dates.DAY_FIRST: gettext_lazy("日期中月、日都不超过12的（如 03/04/2018）按日/月/年读取，由文件中其他日期确定。"),
}


def describe_file(decision_file: CheckedFile) -> list[str]:
    """How the file was read, for the preview and the command: its kind and generation, the columns
    read, the class given to rows without one, the order of its year-last dates."""
    lines = [
        _("决定类型：%(kind)s；%(generation)s。")
        % {"kind": KIND_LABELS[decision_file.kind], "generation": GENERATION_LABELS[decision_file.variant]},
        _("识别的列：%(columns)s") % {"columns": "、".join(decision_file.labels.values())},
    ]
    party_type = decision_file.facts.get("party_type")
    if party_type:
        label = AdministrativeDecision.PartyType(party_type).label
        lines.append(_("没有类别又没有统一社会信用代码的相对人按“%(type)s”导入。") % {"type": label})
    order = decision_file.facts.get("date_order")
    if order:
        lines.append(str(DATE_ORDER_LABELS[order]))
    return lines
