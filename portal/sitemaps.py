"""The sitemap sections (/sitemap.xml is their index, /sitemap-<section>.xml one section).

Wired here because the sections come from both disclosures and reports.
"""

from django.contrib.sitemaps import Sitemap
from django.urls import reverse

from disclosures.sitemaps import CategorySitemap, DecisionSitemap, DisclosureSitemap
from reports.sitemaps import AnnualReportSitemap


class StaticSitemap(Sitemap):
    """The portal's fixed public pages."""

    changefreq = "daily"

    def items(self):
        return [
            "disclosures:home",
            "disclosures:catalogue",
            "disclosures:guide",
            "disclosures:decisions",
            "applications:submit",
            "applications:calculator",
            "reports:report-list",
            "statistics:index",
            "open_data:index",
        ]

    def location(self, name):
        return reverse(name)


SITEMAPS = {
    "static": StaticSitemap,
    "categories": CategorySitemap,
    "disclosures": DisclosureSitemap,
    "decisions": DecisionSitemap,
    "reports": AnnualReportSitemap,
}
