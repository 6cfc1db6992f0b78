"""RSS and Atom feeds of newly published items and decisions (django.contrib.syndication).

Items are what `published()` returns, newest first, FEED_ITEMS of them. A description is the
内容概述, or a plain-text excerpt of the body; a decision's never holds identity numbers (the
structured ones are left out; those typed into a person's 内容 are masked).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib.syndication.views import Feed
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.feedgenerator import Atom1Feed
from django.utils.html import escape
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from disclosures.models import AdministrativeDecision, Category, Disclosure, Organ
from disclosures.open_data import FEED_ITEMS, category_ids, plain_excerpt


def site_name() -> str:
    if settings.PORTAL_SITE_NAME:
        return settings.PORTAL_SITE_NAME
    organ = Organ.objects.default()
    return organ.name if organ else _("政府信息公开")


def disclosure_items(queryset):
    return (
        queryset.select_related("category")
        .only("pk", "title", "summary", "body", "published_at", "category__name")
        .newest_first()[:FEED_ITEMS]
    )


def decision_items(queryset):
    # Newest by 公示日期 (what a reader has not seen yet), not by 决定日期: a decision published late
    # is still news. decision_published_idx serves this order.
    # party_type: a person's ID and mobile numbers in the 内容 are masked (decision.public).
    columns = ["pk", "kind", "party_name", "party_type", "document_number", "content", "decided_on", "published_at"]
    return queryset.only(*columns, "authority").order_by("-published_at", "-pk")[:FEED_ITEMS]


# ---------------------------------------------------------------------------
# Entries: title (escaped once more, as Django's default: readers treat it as HTML), description
# ---------------------------------------------------------------------------


def entry_title(item) -> str:
    if isinstance(item, AdministrativeDecision):
        return escape(f"{item.get_kind_display()}：{item.party_name}（{item.document_number}）")
    return escape(item.title)


def entry_description(item) -> str:
    if isinstance(item, AdministrativeDecision):
        public = item.public  # a person's ID and mobile numbers masked
        parts = [
            _("行政相对人：%(name)s") % {"name": public.party_name},
            _("决定文书号：%(number)s") % {"number": public.document_number},
            _("决定日期：%(date)s") % {"date": public.decided_on.isoformat()},
            _("决定机关：%(authority)s") % {"authority": public.authority},
        ]
        if public.content:
            parts.append(plain_excerpt(public.content))
        return escape("；".join(parts))
    # Readers render the description as HTML: plain text is escaped (a summary may hold “<”).
    return escape(item.summary or plain_excerpt(item.body))


def entry_categories(item) -> list[str]:
    if isinstance(item, AdministrativeDecision):
        return [str(item.get_kind_display())]
    return [item.category.name]


class EntryFeed(Feed):
    language = "zh-CN"

    def item_title(self, item):
        return entry_title(item)

    def item_description(self, item):
        return entry_description(item)

    def item_pubdate(self, item):
        return item.published_at

    def item_categories(self, item):
        return entry_categories(item)


class AtomFeed:
    """Mixed in before an RSS feed class: the same feed as Atom 1.0 at its .atom address."""

    feed_type = Atom1Feed

    def subtitle(self, obj=None):
        return self.description(obj) if obj is not None else self.description()


# ---------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------


class SiteFeed(EntryFeed):
    """A feed of the whole site: its heading, page and description are class attributes."""

    heading = ""
    page_name = ""
    summary = ""

    def title(self):
        return _("%(site)s：%(heading)s") % {"site": site_name(), "heading": self.heading}

    def link(self):
        return reverse(self.page_name)

    def feed_url(self):
        return reverse(self.url_name)

    def description(self):
        return self.summary


class LatestDisclosuresFeed(SiteFeed):
    url_name = "open_data:feed-latest-rss"
    heading = gettext_lazy("最新公开信息")
    page_name = "disclosures:home"
    summary = gettext_lazy("最新发布的主动公开政府信息")

    def items(self):
        return disclosure_items(Disclosure.objects.published())


class LatestDisclosuresAtomFeed(AtomFeed, LatestDisclosuresFeed):
    url_name = "open_data:feed-latest-atom"


class CategoryFeed(EntryFeed):
    """Items of one catalogue category (a root includes its children); a 双公示 category lists decisions."""

    url_name = "open_data:feed-category-rss"

    def get_object(self, request, slug):
        return get_object_or_404(Category, slug=slug)

    def title(self, category):
        return _("%(site)s：%(category)s") % {"site": site_name(), "category": category.name}

    def link(self, category):
        return category.get_absolute_url()

    def feed_url(self, category):
        return reverse(self.url_name, kwargs={"slug": category.slug})

    def description(self, category):
        return category.description or _("“%(category)s”栏目最新公开的信息") % {"category": category.name}

    def items(self, category):
        if category.decision_kind:
            return decision_items(AdministrativeDecision.objects.published().filter(kind=category.decision_kind))
        return disclosure_items(Disclosure.objects.published().filter(category__in=category_ids(category)))


class CategoryAtomFeed(AtomFeed, CategoryFeed):
    url_name = "open_data:feed-category-atom"


class LatestDecisionsFeed(SiteFeed):
    url_name = "open_data:feed-decisions-rss"
    heading = gettext_lazy("行政许可和行政处罚信息公示")
    page_name = "disclosures:decisions"
    summary = gettext_lazy("最新公示的行政许可、行政处罚决定，按公示日期排列")

    def items(self):
        return decision_items(AdministrativeDecision.objects.published())


class LatestDecisionsAtomFeed(AtomFeed, LatestDecisionsFeed):
    url_name = "open_data:feed-decisions-atom"
