"""robots.txt, the sitemap and the open-data page."""

import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosures.sitemaps import DecisionSitemap
from reports.models import AnnualReport
from tests.disclosures.open_data_helpers import api_url
from tests.factories import DecisionFactory, DisclosureFactory
from tests.utils import count_queries, h1_count

pytestmark = pytest.mark.django_db


# ---------------------------------------------------------------------------
# robots.txt and the sitemap
# ---------------------------------------------------------------------------


def test_robots_txt(client, db):
    response = client.get("/robots.txt")
    assert response.status_code == 200 and response["Content-Type"] == "text/plain; charset=utf-8"
    assert response.content.decode().splitlines() == [
        "User-agent: *",
        "Allow: /",
        "Disallow: /admin/",
        "Disallow: /accounts/reset/",
        "Disallow: /apply/status/",
        "Disallow: /apply/receipt/",
        "Disallow: /apply/calendar/",
        "Disallow: /search/",
        "Disallow: /api/",
        "Disallow: /*export.csv",
        "Disallow: /preferences/",
        "Disallow: /*variant=",
        "Sitemap: http://testserver/sitemap.xml",
    ]
    assert "https://" in client.get("/robots.txt", headers={"X-Forwarded-Proto": "https"}).content.decode()


def _locations(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [loc.text for loc in root.iter("{http://www.sitemaps.org/schemas/sitemap/0.9}loc")]


def test_sitemap_index_lists_every_section(client, db):
    sections = _locations(client.get("/sitemap.xml"))
    assert sections == [
        f"http://testserver/sitemap-{name}.xml"
        for name in ["static", "categories", "disclosures", "decisions", "reports"]
    ]


def test_sitemap_sections_list_published_rows_only(client, organ, unpublished):
    item = DisclosureFactory(organ=organ)
    decision = DecisionFactory(organ=organ)
    AnnualReport.objects.create(organ=organ, year=2025, status="published", compiled={}, published_at=timezone.now())
    AnnualReport.objects.create(organ=organ, year=2026)  # a draft

    def section(name):
        return _locations(client.get(reverse("sitemap-section", kwargs={"section": name})))

    assert section("disclosures") == [f"http://testserver{item.get_absolute_url()}"]
    assert section("decisions") == [f"http://testserver{decision.get_absolute_url()}"]
    assert section("reports") == [f"http://testserver{reverse('reports:report-detail', kwargs={'year': 2025})}"]
    static = section("static")
    for name in ["disclosures:home", "disclosures:catalogue", "disclosures:decisions", "open_data:index"]:
        assert f"http://testserver{reverse(name)}" in static
    assert f"http://testserver{reverse('disclosures:category', kwargs={'slug': 'news'})}" in section("categories")
    assert client.get("/sitemap-nonesuch.xml").status_code == 404


def test_decision_sitemap_pages_by_id_range_and_lists_each_once(client, organ, monkeypatch):
    decisions = DecisionFactory.create_batch(9, organ=organ)
    DecisionFactory(organ=organ, draft=True)
    last = max(d.pk for d in decisions)
    monkeypatch.setattr(DecisionSitemap, "limit", max(1, last // 4))
    pages = [url for url in _locations(client.get("/sitemap.xml")) if "sitemap-decisions" in url]
    assert len(pages) >= 4
    listed = []
    for page in pages:
        urls = _locations(client.get(page))
        assert len(urls) <= DecisionSitemap.limit
        listed.extend(urls)
    assert sorted(listed) == sorted(f"http://testserver{d.get_absolute_url()}" for d in decisions)
    assert client.get(f"{pages[0]}?p={len(pages) + 1}").status_code == 404


def test_sitemap_queries_do_not_grow_with_rows(client, organ):
    DecisionFactory.create_batch(5, organ=organ)
    DisclosureFactory.create_batch(5, organ=organ)
    counts = {name: count_queries(client, f"/sitemap-{name}.xml") for name in ["disclosures", "decisions"]}
    index = count_queries(client, "/sitemap.xml")
    DecisionFactory.create_batch(25, organ=organ)
    DisclosureFactory.create_batch(25, organ=organ)
    assert {name: count_queries(client, f"/sitemap-{name}.xml") for name in counts} == counts
    assert count_queries(client, "/sitemap.xml") == index


# ---------------------------------------------------------------------------
# The open-data page
# ---------------------------------------------------------------------------


def test_open_data_page_lists_api_csv_feeds_and_sitemap(client, organ):
    response = client.get(reverse("open_data:index"))
    assert response.status_code == 200
    html = response.content.decode()
    assert h1_count(html) == 1 and 'lang="zh-CN"' in html
    for text in [
        "开放数据",
        api_url("api-openapi"),
        f"http://testserver{api_url('api-disclosure-list')}?category=news&amp;page_size=10",
        api_url("api-decision-list"),
        "导出CSV",
        "50000",
        api_url("feed-latest-rss"),
        api_url("feed-latest-atom"),
        api_url("feed-decisions-rss"),
        api_url("feed-category-rss", slug="regulations"),
        "/sitemap.xml",
        "/robots.txt",
    ]:
        assert text in html, text


def test_footer_links_to_the_open_data_page(client, db):
    html = client.get(reverse("disclosures:home")).content.decode()
    assert f'href="{reverse("open_data:index")}"' in html
