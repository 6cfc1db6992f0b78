"""Writes the demo into the database. It only adds what is missing: it never changes or deletes a row.

Natural keys: the organ by 统一社会信用代码 (or name), a Disclosure by (organ, title), a decision by
(organ, 决定文书号), a guide section by (organ, anchor), an attachment by its item (one per item), the
demo user by username. Running it again therefore finds everything and creates nothing.
"""

import datetime as dt
from collections import Counter
from dataclasses import dataclass, field

from django.contrib.auth import get_user_model
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from demo.codes import tiny_pdf
from demo.decisions import all_decisions
from demo.guide import guide_sections
from demo.items import SEED_LICENCES_2018, ItemSpec, items_2018
from demo.organ import ORGAN
from demo.recent_items import recent_items
from disclosures.models import (
    AdministrativeDecision,
    Attachment,
    Category,
    Disclosure,
    GuideSection,
    Organ,
    PublicationStatus,
    Topic,
)

DEMO_USERNAME = "demo"
DEMO_PASSWORD = "demo-only-password"  # documented; the account is created only with DEBUG or --demo-user
INDEX_FIELDS = ["index_number", "index_year", "index_sequence"]


@dataclass(frozen=True)
class Plan:
    items: list[ItemSpec]
    decisions: list[dict]
    guide: list[dict]


def demo_plan() -> Plan:
    """Everything the demo holds, computed without the database; the same on every call."""
    decisions = all_decisions(SEED_LICENCES_2018)
    per_month = Counter(d["decided_on"].month for d in decisions.licences_2018)
    items = [*items_2018(per_month), *recent_items(decisions.recent)]
    return Plan(items, [*decisions.licences_2018, *decisions.recent], guide_sections())


@dataclass
class DemoSummary:
    organ: str = ""
    created: Counter = field(default_factory=Counter)
    found: Counter = field(default_factory=Counter)
    user: str = "not requested"

    def line(self) -> str:
        def part(name, label):
            return f"{label} {self.created[name]} created, {self.found[name]} already present"

        return (
            f"Demo data for {ORGAN['name']} (organ {self.organ}): {part('disclosures', 'disclosures')}; "
            f"{part('decisions', 'decisions')}; {part('attachments', 'attachments')}; "
            f"{part('guide', 'guide sections')}; demo user {self.user}."
        )


def load_demo(*, with_user: bool = False, now: dt.datetime | None = None) -> DemoSummary:
    """Create what is missing of the demo; items dated after `now` (default: the present) are left out."""
    now = now or timezone.now()
    plan = demo_plan()
    summary = DemoSummary()
    with transaction.atomic():
        organ = ensure_organ(summary)
        pks = load_items(organ, [item for item in plan.items if item.published_at <= now], summary)
        load_attachments(plan.items, pks, summary)
        load_decisions(organ, [d for d in plan.decisions if d["published_at"] <= now], summary)
        load_guide(organ, plan.guide, summary)
        if with_user:
            ensure_demo_user(summary)
    return summary


def ensure_organ(summary: DemoSummary) -> Organ:
    organ = Organ.objects.filter(uscc=ORGAN["uscc"]).first() or Organ.objects.filter(name=ORGAN["name"]).first()
    if organ is not None:
        summary.organ = "already present"
        return organ
    organ = Organ(**ORGAN)
    organ.full_clean()
    organ.save()
    summary.organ = "created"
    return organ


def load_items(organ: Organ, items: list[ItemSpec], summary: DemoSummary) -> dict[str, int]:
    """Create the missing items in publication order (so 索引号 follow the dates); return key → pk."""
    existing = dict(
        Disclosure.objects.filter(organ=organ, title__in=[item.title for item in items]).values_list("title", "pk")
    )
    categories: dict[str, Category] = {}
    topics = {topic.name: topic for topic in Topic.objects.filter(parent__isnull=True)}
    pks: dict[str, int] = {}
    for item in sorted(items, key=lambda item: item.published_at):
        if item.title in existing:
            pks[item.key] = existing[item.title]
            summary.found["disclosures"] += 1
            continue
        if item.category not in categories:
            categories[item.category] = Category.objects.get(slug=item.category)
        disclosure = Disclosure(
            organ=organ,
            category=categories[item.category],
            kind=item.kind,
            title=item.title,
            document_number=item.document_number,
            topic=topics.get(item.topic) if item.topic else None,
            written_on=item.written_on,
            published_at=item.published_at,
            source=item.source,
            author=item.author,
            summary=item.summary,
            body=item.body,
            status=PublicationStatus.PUBLISHED,
            validity=item.validity,
            interprets_id=pks.get(item.interprets) if item.interprets else None,
        )
        disclosure.full_clean(exclude=INDEX_FIELDS)
        disclosure.save()
        pks[item.key] = disclosure.pk
        summary.created["disclosures"] += 1
    linked = Disclosure.objects.in_bulk([pks[item.key] for item in items if item.related])
    for item in items:
        targets = [pks[key] for key in item.related if key in pks]
        if item.related and targets:
            linked[pks[item.key]].related.add(*targets)  # add() skips links already there
    return pks


def load_attachments(items: list[ItemSpec], pks: dict[str, int], summary: DemoSummary) -> None:
    for item in items:
        if not item.attachment or item.key not in pks:
            continue
        if Attachment.objects.filter(disclosure_id=pks[item.key]).exists():
            summary.found["attachments"] += 1
            continue
        text = f"Demo attachment of {ORGAN['uscc']} ({item.key}), generated by load_demo"
        Attachment.objects.create(
            disclosure_id=pks[item.key],
            title=item.attachment,
            file=ContentFile(tiny_pdf(text), name=f"demo-{item.key}.pdf"),
        )
        summary.created["attachments"] += 1


def load_decisions(organ: Organ, decisions: list[dict], summary: DemoSummary) -> None:
    existing = set(AdministrativeDecision.objects.filter(organ=organ).values_list("document_number", flat=True))
    new = []
    for values in decisions:
        if values["document_number"] in existing:
            summary.found["decisions"] += 1
            continue
        # The organ may predate the demo (found by name, with its real code): it is the authority either way.
        authority = {"authority": organ.name, "authority_uscc": organ.uscc}
        source = {"data_source": organ.name, "data_source_uscc": organ.uscc}
        decision = AdministrativeDecision(organ=organ, **{**values, **authority, **source})
        decision.full_clean()
        decision.fill_search_fields()  # bulk_create bypasses save()
        new.append(decision)
    AdministrativeDecision.objects.bulk_create(new, batch_size=200)
    summary.created["decisions"] += len(new)


def load_guide(organ: Organ, sections: list[dict], summary: DemoSummary) -> None:
    for section in sections:
        _obj, created = GuideSection.objects.get_or_create(
            organ=organ,
            anchor=section["anchor"],
            defaults={"title": section["title"], "body": section["body"], "order": section["order"]},
        )
        (summary.created if created else summary.found)["guide"] += 1


def ensure_demo_user(summary: DemoSummary) -> None:
    user_model = get_user_model()
    user, created = user_model.objects.get_or_create(
        username=DEMO_USERNAME,
        defaults={"is_staff": True, "is_superuser": True, "email": "demo@example.invalid"},
    )
    if created:
        user.set_password(DEMO_PASSWORD)
        user.save(update_fields=["password"])
    summary.user = "created" if created else "already present"
