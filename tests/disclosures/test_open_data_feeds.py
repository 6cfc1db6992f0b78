"""Open-data RSS/Atom feeds of items and decisions."""

import datetime as dt
import xml.etree.ElementTree as ET

import pytest
from django.utils import timezone

from disclosures.models import AdministrativeDecision, Category
from tests.disclosures.open_data_helpers import api_url
from tests.factories import DecisionFactory, DisclosureFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"


def rss_items(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [
        {child.tag: child.text for child in item}
        for item in root.iter("item")  # RSS 2.0
    ]


# ---------------------------------------------------------------------------
# Feeds
# ---------------------------------------------------------------------------


def test_latest_feed_lists_published_items_newest_first(client, organ, unpublished):
    older = DisclosureFactory(organ=organ, title="较早的信息", published_at=timezone.now() - dt.timedelta(days=2))
    newer = DisclosureFactory(organ=organ, title="较新的信息", summary="这是内容概述。")
    items = rss_items(client.get(api_url("feed-latest-rss")))
    assert [i["title"] for i in items] == [newer.title, older.title]
    assert items[0]["link"] == f"http://testserver{newer.get_absolute_url()}"
    assert items[0]["description"] == "这是内容概述。" and items[0]["pubDate"]


def test_feed_description_is_a_plain_excerpt_without_summary(client, organ):
    DisclosureFactory(organ=organ, summary="", body="<p>第一段&nbsp;<strong>加粗</strong></p><p>" + "长" * 300 + "</p>")
    description = rss_items(client.get(api_url("feed-latest-rss")))[0]["description"]
    assert description.startswith("第一段 加粗 长") and "<" not in description and len(description) <= 200


def test_feeds_hold_twenty_items(client, organ):
    DisclosureFactory.create_batch(22, organ=organ)
    assert len(rss_items(client.get(api_url("feed-latest-rss")))) == 20
    root = ET.fromstring(client.get(api_url("feed-latest-atom")).content)
    assert root.tag == f"{ATOM}feed" and len(root.findall(f"{ATOM}entry")) == 20


def test_category_feed_includes_children_of_a_root(client, organ):
    rule = DisclosureFactory(organ=organ, category=Category.objects.get(slug="rules"), kind="regulation")
    normative = DisclosureFactory(organ=organ, normative=True)
    DisclosureFactory(organ=organ, title="工作动态不在其中")
    titles = {i["title"] for i in rss_items(client.get(api_url("feed-category-rss", slug="regulations")))}
    assert titles == {rule.title, normative.title}
    atom = ET.fromstring(client.get(api_url("feed-category-atom", slug="rules")).content)
    assert [e.find(f"{ATOM}title").text for e in atom.findall(f"{ATOM}entry")] == [rule.title]
    assert client.get(api_url("feed-category-rss", slug="no-such")).status_code == 404


def test_decision_feeds(client, organ, unpublished):
    licence = DecisionFactory(organ=organ, party_name="港口区海鲜酒楼", content="餐饮服务")
    penalty = DecisionFactory(organ=organ, kind="penalty", party_name="某某商行")
    items = rss_items(client.get(api_url("feed-decisions-rss")))
    assert {i["link"] for i in items} == {f"http://testserver{d.get_absolute_url()}" for d in [licence, penalty]}
    entry = next(i for i in items if "海鲜酒楼" in i["title"])
    assert entry["title"] == f"行政许可：港口区海鲜酒楼（{licence.document_number}）"
    assert licence.document_number in entry["description"] and "餐饮服务" in entry["description"]
    penalties = rss_items(client.get(api_url("feed-category-rss", slug="penalties")))
    assert [i["title"] for i in penalties] == [f"行政处罚：某某商行（{penalty.document_number}）"]


@pytest.mark.parametrize(
    ("name", "kwargs"),
    [
        ("feed-latest-rss", {}),
        ("feed-latest-atom", {}),
        ("feed-decisions-rss", {}),
        ("feed-category-rss", {"slug": "regulations"}),
        ("feed-category-atom", {"slug": "licensing"}),
    ],
)
def test_feed_query_count_does_not_grow_with_rows(client, organ, name, kwargs):
    def fill(n):
        for _ in range(n):
            DisclosureFactory(organ=organ, normative=True)
            DecisionFactory(organ=organ)

    fill(3)
    three = count_queries(client, api_url(name, **kwargs))
    fill(20)
    assert count_queries(client, api_url(name, **kwargs)) == three


def test_feed_descriptions_are_escaped(client):
    DisclosureFactory(title="转义测试", summary="<script>alert(2)</script>")
    body = client.get("/feeds/latest.rss").content.decode()
    assert "<script>" not in body and "&lt;script&gt;" in body.replace("&amp;lt;", "&lt;").replace("&amp;gt;", "&gt;")


def test_decision_feed_is_newest_published_first_and_has_atom(client):
    late = DecisionFactory(party_name="晚公示有限公司", decided_on=dt.date(2015, 1, 5))
    early = DecisionFactory(party_name="早公示有限公司", decided_on=dt.date(2024, 1, 5))
    AdministrativeDecision.objects.filter(pk=early.pk).update(published_at=timezone.now() - dt.timedelta(days=30))
    rss = client.get("/feeds/decisions.rss").content.decode()
    assert rss.index("晚公示") < rss.index("早公示")
    atom = client.get("/feeds/decisions.atom")
    assert atom.status_code == 200 and b"<feed" in atom.content
    assert late.pk
