"""Sitemap section of the published annual reports (those of the portal's organ, as the public pages)."""

from django.contrib.sitemaps import Sitemap

from disclosures.models import Organ
from reports.models import AnnualReport


class AnnualReportSitemap(Sitemap):
    changefreq = "yearly"

    def items(self):
        organ = Organ.objects.default()
        if organ is None:
            return AnnualReport.objects.none()
        return AnnualReport.objects.published().filter(organ=organ).only("pk", "year", "published_at").order_by("-year")

    def lastmod(self, report):
        return report.published_at
