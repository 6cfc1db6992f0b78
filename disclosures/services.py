"""Write actions on the public record. The admin, commands and tests call these, never raw saves."""

from django.db import transaction
from django.utils import timezone

from disclosures.models import AdministrativeDecision, Disclosure, PublicationStatus


@transaction.atomic
def publish_disclosure(*, disclosure: Disclosure, actor=None, published_at=None) -> Disclosure:
    """Make an item public. Keeps an already set 发布日期 (e.g. a scheduled or back-dated one)."""
    disclosure.status = PublicationStatus.PUBLISHED
    disclosure.published_at = published_at or disclosure.published_at or timezone.now()
    disclosure.full_clean()
    disclosure.save()
    return disclosure


@transaction.atomic
def withdraw_disclosure(*, disclosure: Disclosure, actor=None) -> Disclosure:
    """Take an item off the public side; its 索引号 stays reserved and is never reused."""
    disclosure.status = PublicationStatus.WITHDRAWN
    disclosure.save(update_fields=["status", "updated_at"])
    return disclosure


@transaction.atomic
def publish_decisions(*, decisions, actor=None) -> int:
    """Publish 双公示 decisions in bulk; the 公示日期 of already published rows is kept."""
    now = timezone.now()
    pending = AdministrativeDecision.objects.filter(pk__in=[d.pk for d in decisions]).exclude(
        status=PublicationStatus.PUBLISHED
    )
    return pending.update(status=PublicationStatus.PUBLISHED, published_at=now, updated_at=now)


@transaction.atomic
def withdraw_decisions(*, decisions, actor=None) -> int:
    now = timezone.now()
    return AdministrativeDecision.objects.filter(pk__in=[d.pk for d in decisions]).update(
        status=PublicationStatus.WITHDRAWN, updated_at=now
    )
