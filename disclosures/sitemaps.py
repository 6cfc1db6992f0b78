"""Sitemap sections of the public record: catalogue categories, published items, published decisions.

The decisions table holds a million rows, so the item sections are cut into pages of at most
50,000 by primary-key range, not by OFFSET: page n lists the published rows whose id lies in
((n-1)·limit, n·limit]. Each page is one query over an id range of the index, the number of pages
is one MAX(id), and nothing counts rows. Gaps (drafts, withdrawn rows) make pages shorter, never
longer; a page may even be empty. The index (/sitemap.xml) gives no lastmod for these sections,
which would need a read of every row.
"""

from __future__ import annotations

from math import ceil

from django.contrib.sitemaps import Sitemap
from django.core.paginator import Paginator
from django.utils.functional import cached_property

from disclosures.models import AdministrativeDecision, Category, Disclosure


class PkRangePaginator(Paginator):
    def __init__(self, queryset, per_page):
        super().__init__(queryset.order_by("pk"), per_page)

    @cached_property
    def num_pages(self):
        last = self.object_list.order_by("-pk").values_list("pk", flat=True).first()
        return max(1, ceil((last or 0) / self.per_page))

    def page(self, number):
        number = self.validate_number(number)
        low = (number - 1) * self.per_page
        return self._get_page(self.object_list.filter(pk__gt=low, pk__lte=low + self.per_page), number, self)


class PkRangeSitemap(Sitemap):
    changefreq = "monthly"

    @property
    def paginator(self):
        return PkRangePaginator(self.items(), self.limit)

    def get_latest_lastmod(self):
        return None

    def lastmod(self, item):
        return item.updated_at


class CategorySitemap(Sitemap):
    changefreq = "daily"

    def items(self):
        return Category.objects.only("pk", "slug").order_by("order", "pk")


class DisclosureSitemap(PkRangeSitemap):
    def items(self):
        return Disclosure.objects.published().only("pk", "updated_at")


class DecisionSitemap(PkRangeSitemap):
    def items(self):
        return AdministrativeDecision.objects.published().only("pk", "updated_at")
