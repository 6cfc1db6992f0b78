"""What the open-data outputs (JSON API, CSV exports, feeds) publish, and how each value is written.

One list of public fields per model, shared by the API, the CSV exports and their tests. Identity
numbers are not in these lists, raw or masked: the PRIVATE_DECISION_FIELDS of disclosures/privacy.py
never leave the portal in machine-readable form (the public decision page shows them masked; open
data leaves them out altogether). Every value of a decision is read through its public view
(``decision.public``, disclosures/privacy.py), so an ID or mobile number typed into the prose of a
person's decision (违法事实, 备注, …) is masked here as on the page.
"""

from __future__ import annotations

import datetime as dt
import html
import re
from decimal import Decimal

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.shortcuts import render
from django.utils import timezone
from django.utils.html import strip_tags
from django.utils.text import Truncator
from django.utils.translation import gettext as _

from disclosures.models import AdministrativeDecision, Attachment, Category, Disclosure

# An item's CSV columns, in order (then 网址).
DISCLOSURE_FIELDS = [
    "index_number",
    "title",
    "document_number",
    "kind",
    "category",
    "organ",
    "topic",
    "written_on",
    "published_at",
    "validity",
    "summary",
]
# The keys of an item's API record (disclosure_record), in order.
DISCLOSURE_RECORD_FIELDS = ["id", *DISCLOSURE_FIELDS, "body", "attachments", "url"]

# A decision's public fields, in order: the CSV columns (then 网址) and the API record (after id;
# then organ and url).
DECISION_FIELDS = [
    "kind",
    "party_name",
    "party_type",
    "party_uscc",
    "party_business_reg_no",
    "party_org_code",
    "party_tax_reg_no",
    "party_institution_cert_no",
    "party_social_org_reg_no",
    "legal_representative",
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
    "published_at",
]

# Limits, quoted on the /open-data/ page.
MAX_PAGE_SIZE = 100  # API rows per page (the default is settings.PAGINATE_BY)
MAX_SEARCH_RESULTS = 1000  # API rows reachable by paging through one keyword search
FEED_ITEMS = 20
EXCERPT_CHARS = 200


# ---------------------------------------------------------------------------
# Published rows, as every open-data output reads them
# ---------------------------------------------------------------------------


def category_ids(category: Category) -> list[int]:
    """The category and, for a root, its children: a root's list shows its children's items too."""
    return [category.pk, *Category.objects.filter(parent=category).values_list("pk", flat=True)]


# The columns the outputs read: never a whole row (rows also hold the stored search document).
DISCLOSURE_COLUMNS = [
    "pk",
    "index_number",
    "title",
    "document_number",
    "kind",
    "written_on",
    "published_at",
    "validity",
    "summary",
    "organ__name",
    "category__name",
    "category__slug",
    "topic__name",
    "topic__parent__name",
]
ATTACHMENT_COLUMNS = ["pk", "disclosure", "title", "file", "size", "order"]


def with_disclosure_columns(queryset, *, body: bool = False) -> QuerySet:
    columns = [*DISCLOSURE_COLUMNS, "body"] if body else DISCLOSURE_COLUMNS
    return queryset.select_related("organ", "category", "topic__parent").only(*columns)


def with_decision_columns(queryset) -> QuerySet:
    return queryset.select_related("organ").only("pk", *DECISION_FIELDS, "organ__name")


def published_disclosures() -> QuerySet:
    """Published items with what one API record needs (attachments too), in list order (newest first)."""
    attachments = Attachment.objects.only(*ATTACHMENT_COLUMNS).order_by("order", "pk")
    return with_disclosure_columns(Disclosure.objects.published().newest_first(), body=True).prefetch_related(
        Prefetch("attachments", queryset=attachments)
    )


def published_decisions() -> QuerySet:
    return with_decision_columns(AdministrativeDecision.objects.published().newest_first())


# ---------------------------------------------------------------------------
# Values
# ---------------------------------------------------------------------------


def iso_datetime(value: dt.datetime | None) -> str | None:
    return timezone.localtime(value).isoformat() if value else None


def iso_date(value: dt.date | None) -> str | None:
    return value.isoformat() if value else None


def decimal_text(value: Decimal | None) -> str | None:
    """A stored amount without trailing zeros and never in exponent notation (0.500000 → "0.5")."""
    return None if value is None else f"{value.normalize():f}"


def choice(instance, field: str) -> dict | None:
    """A choice as {"code", "label"}; None when the field is blank."""
    code = getattr(instance, field)
    if not code:
        return None
    return {"code": code, "label": str(getattr(instance, f"get_{field}_display")())}


BLOCK_BOUNDARY = re.compile(r"<(?:br|/?(?:p|div|li|ul|ol|table|tr|td|th|h[1-6]|blockquote))\b[^>]*>", re.I)


def plain_excerpt(markup: str, chars: int = EXCERPT_CHARS) -> str:
    """The text of sanitised HTML, shortened: for feed descriptions when there is no 内容概述.

    Paragraphs and other blocks are kept apart by a space; inline tags leave no trace.
    """
    text = " ".join(html.unescape(strip_tags(BLOCK_BOUNDARY.sub(" ", markup or ""))).split())
    return Truncator(text).chars(chars)


# ---------------------------------------------------------------------------
# JSON records (the API)
# ---------------------------------------------------------------------------


def disclosure_record(item: Disclosure, absolute) -> dict:
    """One published item as the API returns it; `absolute` makes a path into a full URL."""
    return {
        "id": item.pk,
        "index_number": item.index_number,
        "title": item.title,
        "document_number": item.document_number,
        "kind": choice(item, "kind"),
        "category": {"slug": item.category.slug, "name": item.category.name},
        "organ": {"id": item.organ_id, "name": item.organ.name},
        "topic": str(item.topic) if item.topic else None,
        "written_on": iso_date(item.written_on),
        "published_at": iso_datetime(item.published_at),
        "validity": choice(item, "validity"),
        "summary": item.summary,
        "body": item.body,  # sanitised on every save (disclosures.sanitize)
        "attachments": [
            {
                "name": attachment.display_name,
                "url": absolute(attachment.get_absolute_url()),
                "size": attachment.size,
                "extension": attachment.extension,
            }
            for attachment in item.attachments.all()
        ],
        "url": absolute(item.get_absolute_url()),
    }


def decision_record(decision: AdministrativeDecision, absolute) -> dict:
    """One published decision as the API returns it, as the public sees it (decision.public). No
    identity numbers (disclosures.privacy.PRIVATE_DECISION_FIELDS)."""
    public = decision.public
    record = {"id": decision.pk}
    for field in DECISION_FIELDS:
        value = getattr(public, field)
        if field in {"kind", "party_type", "licence_category", "current_status"}:
            value = choice(decision, field)
        elif field in {"fine_amount", "confiscated_amount"}:
            value = decimal_text(value)
        elif field == "published_at":
            value = iso_datetime(value)
        elif isinstance(value, dt.date):
            value = iso_date(value)
        record[field] = value
    record["organ"] = {"id": decision.organ_id, "name": decision.organ.name}
    record["url"] = absolute(decision.get_absolute_url())
    return record


# ---------------------------------------------------------------------------
# Table rows (the CSV exports): Chinese headers from the verbose names, labels for choices
# ---------------------------------------------------------------------------


def _cell(instance, field: str) -> str:
    value = getattr(instance, field)
    if value is None or value == "":
        return ""
    model_field = instance._meta.get_field(field)
    if model_field.choices:
        return str(getattr(instance, f"get_{field}_display")())
    if field in {"organ", "category"}:
        return value.name
    if isinstance(value, dt.datetime):
        return timezone.localtime(value).strftime("%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, Decimal):
        return decimal_text(value)
    return str(value)


def table_headers(model, fields: list[str]) -> list[str]:
    return [str(model._meta.get_field(field).verbose_name) for field in fields] + [_("网址")]


def table_row(instance, fields: list[str], absolute) -> list[str]:
    """The CSV row of an item, or of a decision as the public sees it (pass ``decision.public``)."""
    return [_cell(instance, field) for field in fields] + [absolute(instance.get_absolute_url())]


# ---------------------------------------------------------------------------
# The human page
# ---------------------------------------------------------------------------


def catalogue_order(categories) -> list[Category]:
    """Each root followed by its children, as the catalogue shows them."""
    categories = list(categories)
    ordered = []
    for root in (c for c in categories if not c.parent_id):
        ordered.append(root)
        ordered.extend(c for c in categories if c.parent_id == root.pk)
    return ordered


def index(request):
    """/open-data/: what the portal publishes for machines, and where."""
    return render(
        request,
        "disclosures/open_data.html",
        {
            "categories": catalogue_order(Category.objects.select_related("parent")),
            "max_page_size": MAX_PAGE_SIZE,
            "default_page_size": settings.PAGINATE_BY,
            "max_search_results": MAX_SEARCH_RESULTS,
            "export_max_rows": settings.EXPORT_MAX_ROWS,
            "feed_items": FEED_ITEMS,
        },
    )
