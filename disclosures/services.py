"""Write actions on the public record. The admin, commands and tests call these, never raw saves.

Proactive items go draft → 待保密审查 (submitted) → 审查通过 (reviewed) → published → withdrawn;
a reviewer may return a submitted item to draft with a reason. Nobody reviews an item they drafted
or submitted (保密审查 is another person's check). Each step records who and when; the audit
trail (django-simple-history) keeps every version.
"""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from disclosures.models import AdministrativeDecision, Disclosure, PublicationStatus


def _locked(disclosure: Disclosure) -> Disclosure:
    return Disclosure.objects.select_for_update().get(pk=disclosure.pk)


def _require(disclosure: Disclosure, *statuses, action: str) -> None:
    if disclosure.status not in statuses:
        raise ValidationError(
            _("“%(title)s”当前为“%(status)s”，不能%(action)s。")
            % {"title": disclosure.title, "status": disclosure.get_status_display(), "action": action},
            code="wrong_status",
        )


@transaction.atomic
def submit_for_review(*, disclosure: Disclosure, actor=None) -> Disclosure:
    """The editor hands a finished draft to 保密审查."""
    disclosure = _locked(disclosure)
    _require(disclosure, PublicationStatus.DRAFT, action=_("提交审查"))
    disclosure.full_clean()
    disclosure.status = PublicationStatus.SUBMITTED
    disclosure.submitted_by, disclosure.submitted_at = actor, timezone.now()
    disclosure.return_reason = ""
    disclosure._change_reason = "submit"
    disclosure.save()
    return disclosure


def _not_own(disclosure: Disclosure, actor) -> None:
    """The reviewer must not have drafted, edited or submitted the item (edits are the history rows
    without a workflow step's change reason)."""
    if actor is None:
        return
    edited = disclosure.history.filter(history_user=actor).filter(
        history_change_reason__isnull=True
    ) | disclosure.history.filter(history_user=actor, history_change_reason="submit")
    if actor.pk in {disclosure.created_by_id, disclosure.submitted_by_id} or edited.exists():
        raise ValidationError(_("不能审查本人起草、修改或提交的信息。"), code="self_review")


@transaction.atomic
def review_disclosure(*, disclosure: Disclosure, conclusion: str, actor=None) -> Disclosure:
    """保密审查 passed: the conclusion is recorded with the reviewer and the time."""
    disclosure = _locked(disclosure)
    _require(disclosure, PublicationStatus.SUBMITTED, action=_("审查"))
    _not_own(disclosure, actor)
    if not conclusion.strip():
        raise ValidationError(_("请填写保密审查结论。"), code="conclusion_missing")
    disclosure.status = PublicationStatus.REVIEWED
    disclosure.reviewed_by, disclosure.reviewed_at = actor, timezone.now()
    disclosure.review_conclusion = conclusion.strip()
    disclosure._change_reason = "review"
    disclosure.save()
    return disclosure


@transaction.atomic
def return_disclosure(*, disclosure: Disclosure, reason: str, actor=None) -> Disclosure:
    """The reviewer (or the publisher, before publishing) sends the item back to its editor."""
    disclosure = _locked(disclosure)
    _require(disclosure, PublicationStatus.SUBMITTED, PublicationStatus.REVIEWED, action=_("退回"))
    _not_own(disclosure, actor)
    if not reason.strip():
        raise ValidationError(_("请填写退回理由。"), code="reason_missing")
    disclosure.status = PublicationStatus.DRAFT
    disclosure.return_reason = reason.strip()
    disclosure.reviewed_by = disclosure.reviewed_at = None
    disclosure.review_conclusion = ""
    disclosure._change_reason = "return"
    disclosure.save()
    return disclosure


@transaction.atomic
def publish_disclosure(*, disclosure: Disclosure, actor=None, published_at=None) -> Disclosure:
    """Publish a reviewed item. Keeps an already set 发布日期 (e.g. a scheduled or back-dated one)."""
    disclosure = _locked(disclosure)
    _require(disclosure, PublicationStatus.REVIEWED, action=_("发布"))
    disclosure.status = PublicationStatus.PUBLISHED
    disclosure.published_at = published_at or disclosure.published_at or timezone.now()
    disclosure.published_by = actor
    disclosure.full_clean()
    disclosure._change_reason = "publish"
    disclosure.save()
    return disclosure


@transaction.atomic
def withdraw_disclosure(*, disclosure: Disclosure, reason: str = "", actor=None) -> Disclosure:
    """Take an item off the public side; its 索引号 stays reserved and is never reused."""
    disclosure = _locked(disclosure)
    _require(disclosure, PublicationStatus.PUBLISHED, action=_("撤回"))
    if not reason.strip():
        raise ValidationError(_("请填写撤回理由。"), code="reason_missing")
    disclosure.status = PublicationStatus.WITHDRAWN
    disclosure.withdrawn_by, disclosure.withdrawn_at = actor, timezone.now()
    disclosure.withdrawal_reason = reason.strip()
    disclosure._change_reason = "withdraw"
    disclosure.save()
    return disclosure


@transaction.atomic
def publish_decisions(*, decisions, actor=None) -> int:
    """Publish 双公示 decisions; the 公示日期 of already published rows is kept. Saved one by one so
    the audit trail records each."""
    now, done = timezone.now(), 0
    # Locked in pk order, as the import locks them: a publication and an import of the same rows
    # run one after the other, so the import sees what was published (and may not change it).
    for decision in (
        AdministrativeDecision.objects.select_for_update()
        .filter(pk__in=[d.pk for d in decisions])
        .exclude(status=PublicationStatus.PUBLISHED)
        .order_by("pk")
    ):
        decision.status, decision.published_at = PublicationStatus.PUBLISHED, now
        decision.save()
        done += 1
    return done


@transaction.atomic
def withdraw_decisions(*, decisions, actor=None) -> int:
    done = 0
    for decision in (
        AdministrativeDecision.objects.select_for_update()
        .filter(pk__in=[d.pk for d in decisions])
        .exclude(status=PublicationStatus.WITHDRAWN)
        .order_by("pk")
    ):
        decision.status = PublicationStatus.WITHDRAWN
        decision.save()
        done += 1
    return done
