"""Open-data CSV exports: headers, filters, cap, formula safety and query counts."""

import csv
import datetime as dt
import io

import pytest
from django.urls import reverse

from disclosures.models import Category
from disclosures.open_data import DECISION_FIELDS
from tests.disclosures.open_data_helpers import api_url
from tests.factories import DecisionFactory, DisclosureFactory

pytestmark = pytest.mark.django_db


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


# ---------------------------------------------------------------------------
# CSV exports
# ---------------------------------------------------------------------------


def test_decisions_csv_has_bom_chinese_headers_and_the_pages_filter(client, organ, unpublished):
    licence = DecisionFactory(organ=organ, party_name="港口区海鲜酒楼", decided_on=dt.date(2025, 3, 1))
    penalty = DecisionFactory(
        organ=organ, kind="penalty", party_name="某某商行", fine_amount="0.500000", decided_on=dt.date(2025, 4, 1)
    )
    rows = csv_rows(client.get(api_url("decisions-csv")))
    header = rows[0]
    assert header[:3] == ["决定类型", "行政相对人名称", "行政相对人类别"]
    assert "许可内容／处罚内容" in header and "罚款金额（万元）" in header and header[-1] == "网址"
    assert len(header) == len(DECISION_FIELDS) + 1
    body = [dict(zip(header, row, strict=True)) for row in rows[1:]]
    assert [r["行政相对人名称"] for r in body] == ["某某商行", "港口区海鲜酒楼"]  # newest first, as the page
    assert body[0]["决定类型"] == "行政处罚" and body[0]["罚款金额（万元）"] == "0.5"
    assert body[1]["决定日期"] == "2025-03-01" and body[1]["网址"] == f"http://testserver{licence.get_absolute_url()}"
    filtered = csv_rows(client.get(api_url("decisions-csv"), {"kind": "penalty"}))
    assert [row[1] for row in filtered[1:]] == [penalty.party_name]
    by_name = csv_rows(client.get(api_url("decisions-csv"), {"party_name": "海鲜酒楼", "page": 3}))
    assert [row[1] for row in by_name[1:]] == [licence.party_name]  # the page number is not a filter


def test_category_csv_follows_the_category_and_its_filter(client, organ):
    rule = DisclosureFactory(
        organ=organ, category=Category.objects.get(slug="rules"), kind="regulation", title="某某管理办法"
    )
    normative = DisclosureFactory(organ=organ, normative=True, title="某某规范性文件")
    DisclosureFactory(organ=organ, title="工作动态一则", published_at=dt.datetime(2018, 6, 1, tzinfo=dt.UTC))
    rows = csv_rows(client.get(api_url("category-csv", slug="regulations")))
    assert rows[0][:4] == ["索引号", "标题", "文号", "信息类别"] and rows[0][-1] == "网址"
    assert {row[1] for row in rows[1:]} == {rule.title, normative.title}  # a root includes its children
    assert csv_rows(client.get(api_url("category-csv", slug="news"), {"year": 2018}))[1][1] == "工作动态一则"
    assert len(csv_rows(client.get(api_url("category-csv", slug="news"), {"year": 2019}))) == 1
    decisions = csv_rows(client.get(api_url("category-csv", slug="licensing")))
    assert decisions[0][0] == "决定类型"
    assert client.get(api_url("category-csv", slug="no-such")).status_code == 404


def test_csv_is_capped(client, organ, settings):
    settings.EXPORT_MAX_ROWS = 3
    DecisionFactory.create_batch(5, organ=organ)
    DisclosureFactory.create_batch(5, organ=organ)
    assert len(csv_rows(client.get(api_url("decisions-csv")))) == 1 + 3
    assert len(csv_rows(client.get(api_url("category-csv", slug="news")))) == 1 + 3


def test_csv_cells_cannot_run_as_formulas(client, organ):
    DecisionFactory(
        organ=organ, party_name='=HYPERLINK("http://evil.example","点击")', content="+1+1", remarks="@SUM(1)"
    )
    DisclosureFactory(organ=organ, title="-2+3 是一个标题", summary="\t=1")
    rows = csv_rows(client.get(api_url("decisions-csv")))
    row = dict(zip(rows[0], rows[1], strict=True))
    assert row["行政相对人名称"] == '\'=HYPERLINK("http://evil.example","点击")'
    assert row["许可内容／处罚内容"] == "'+1+1" and row["备注"] == "'@SUM(1)"
    item = dict(zip(*csv_rows(client.get(api_url("category-csv", slug="news")))[:2], strict=True))
    assert item["标题"] == "'-2+3 是一个标题" and item["内容概述"] == "'\t=1"


def test_csv_query_count_does_not_grow_with_rows(client, organ):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries(url):
        with CaptureQueriesContext(connection) as ctx:
            csv_rows(client.get(url))  # the rows are read while the response streams
        return len(ctx.captured_queries)

    def fill(n):
        for _ in range(n):
            DisclosureFactory(organ=organ, normative=True)
            DecisionFactory(organ=organ, kind="penalty")

    urls = [
        api_url("decisions-csv"),
        api_url("category-csv", slug="regulations"),
        api_url("category-csv", slug="penalties"),
    ]
    fill(5)
    five = [queries(url) for url in urls]
    fill(25)
    assert [queries(url) for url in urls] == five


def test_list_pages_link_to_the_csv_of_the_same_filter(client, organ):
    DecisionFactory(organ=organ)
    html = client.get(reverse("disclosures:decisions"), {"kind": "penalty", "page": 1}).content.decode()
    assert f'href="{api_url("decisions-csv")}?kind=penalty"' in html and "导出CSV" in html
    html = client.get(reverse("disclosures:category", kwargs={"slug": "news"}), {"year": 2018}).content.decode()
    assert f'href="{api_url("category-csv", slug="news")}?year=2018"' in html
    assert f'href="{api_url("feed-category-rss", slug="news")}"' in html  # the category's feed, also in <head>
