"""The public statistics page (公开数据统计): figures from the compiler, charts with tables, years."""

import datetime as dt
import re
from html.parser import HTMLParser

import pytest
import time_machine
from django.urls import reverse

from applications.models import Appeal
from reports import charts
from reports.compiler import compile_annual_report
from reports.models import AnnualReport
from tests.factories import DecisionFactory, DisclosureFactory, InformationRequestFactory
from tests.utils import count_queries, h1_count

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 12, 31, 4, 0, tzinfo=dt.UTC)  # 2026-12-31 noon in Beijing


def at(y, m, d):
    return dt.datetime(y, m, d, 2, tzinfo=dt.UTC)


def answer(request, outcome, on, late=False):
    request.outcome, request.answered_on, request.answered_late, request.status = outcome, on, late, "answered"
    request.save()
    return request


def url(**params):
    query = "&".join(f"{key}={value}" for key, value in params.items())
    return reverse("statistics:index") + (f"?{query}" if query else "")


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def data(organ):
    """2026: four requests answered (three on time), one still open; proactive items; two appeals.

    Working days from receipt (not counted) to answer, 2026 calendar (docs/rules.md §5.1):
    - 09-15 → 10-19: 09-16..18 (3), Sun 09-20 worked (4), 09-21..24 (8), 09-28..30 (11),
      10-08..09 (13), Sat 10-10 worked (14), 10-12..16 (19), 10-19 (20) = 20
    - 09-24 → 10-12: 09-28..30 (3), 10-08..09 (5), Sat 10-10 (6), 10-12 (7) = 7
    - 03-02 → 03-09: 03-03..06 (4), 03-09 (5) = 5
    - 03-02 → 04-10: 03-03..31 (21), 04-01..03 (24), 04-04..06 清明, 04-07..10 (28) = 28, late
    Sorted 5, 7, 20, 28: the median is (7 + 20) / 2 = 13.5.
    """
    answer(InformationRequestFactory(received_on=D(2026, 9, 15)), "1", D(2026, 10, 19))
    answer(
        InformationRequestFactory(
            received_on=D(2026, 9, 24), applicant_type="organisation", organisation_kind="commercial", id_number=""
        ),
        "1",
        D(2026, 10, 12),
    )
    answer(InformationRequestFactory(received_on=D(2026, 3, 2)), "3.4", D(2026, 3, 9))
    answer(InformationRequestFactory(received_on=D(2026, 3, 2)), "4.1", D(2026, 4, 10), late=True)
    InformationRequestFactory(received_on=D(2026, 11, 2))  # open: carried into 2027
    # proactive items published in 2026
    DisclosureFactory.create_batch(2, organ=organ, published_at=at(2026, 8, 1))  # news
    DisclosureFactory(organ=organ, normative=True, written_on=D(2026, 2, 1), published_at=at(2026, 2, 3))
    DisclosureFactory(organ=organ, kind="interpretation", published_at=at(2026, 2, 3))
    DisclosureFactory(organ=organ, kind="response", published_at=at(2026, 9, 1))
    DecisionFactory.create_batch(3, organ=organ, decided_on=D(2026, 4, 1))
    # appeals: one concluded in 2026, one pending; one filed in 2025 gives that year data too
    Appeal.objects.create(kind="reconsideration", filed_on=D(2026, 4, 1), concluded_on=D(2026, 6, 1), result="upheld")
    Appeal.objects.create(kind="litigation_direct", filed_on=D(2026, 7, 1), result="pending")
    Appeal.objects.create(kind="reconsideration", filed_on=D(2025, 3, 1), concluded_on=D(2025, 5, 1), result="other")
    return organ


# --- a small reader for the tables and charts of the page ---------------------------------------


class PageReader(HTMLParser):
    """Tables by id as lists of row cells (text), and charts by id as (label, value) text pairs."""

    def __init__(self):
        super().__init__()
        self.tables, self.captions, self.svgs = {}, {}, {}
        self._table = self._row = self._cell = self._svg = self._svg_text = None
        self._caption = None

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "table":
            self._table = attrs.get("id")
            self.tables[self._table] = []
        elif tag == "caption" and self._table:
            self._caption = []
        elif tag == "tr" and self._table:
            self._row = []
        elif tag in ("th", "td") and self._row is not None:
            self._cell = []
        elif tag == "svg":
            self._svg = attrs.get("id")
            self.svgs[self._svg] = {"attrs": attrs, "texts": [], "title": ""}
        elif tag in ("text", "title") and self._svg:
            self._svg_text = (tag, attrs.get("class", ""), [])

    def handle_endtag(self, tag):
        if tag == "table":
            self._table = None
        elif tag == "caption" and self._caption is not None:
            self.captions[self._table] = "".join(self._caption).strip()
            self._caption = None
        elif tag == "tr" and self._row is not None:
            self.tables[self._table].append(self._row)
            self._row = None
        elif tag in ("th", "td") and self._cell is not None:
            self._row.append(" ".join("".join(self._cell).split()))
            self._cell = None
        elif tag == "svg":
            self._svg = None
        elif tag in ("text", "title") and self._svg_text:
            kind, css, parts = self._svg_text
            if kind == "title":
                self.svgs[self._svg]["title"] = "".join(parts)
            else:
                self.svgs[self._svg]["texts"].append((css, "".join(parts)))
            self._svg_text = None

    def handle_data(self, data):
        for buffer in (self._cell, self._caption, self._svg_text[2] if self._svg_text else None):
            if buffer is not None:
                buffer.append(data)


def read(response) -> PageReader:
    reader = PageReader()
    reader.feed(response.content.decode())
    return reader


def bars(reader, chart_id):
    """(label, value) of each bar of a bar chart, in order."""
    texts = reader.svgs[chart_id]["texts"]
    labels = [text for css, text in texts if css == "chart-label"]
    values = [text for css, text in texts if css == "chart-value"]
    return list(zip(labels, values, strict=True))


# --- numbers ------------------------------------------------------------------------------------


def test_latest_year_is_shown_with_the_compilers_figures(client, data):
    response = client.get(url())
    assert response.status_code == 200
    assert response.context["year"] == 2026
    assert response.context["years"] == [2026, 2025]
    facts = compile_annual_report(data, 2026)["facts"]
    assert response.context["facts"] == facts
    assert facts["requests_received"] == 5 and facts["requests_answered"] == 4 and facts["requests_on_time"] == 3
    html = response.content.decode()
    assert "75.0%" in html
    assert response.context["median_days"] == "13.5"
    assert re.search(r"<strong>13\.5</strong>\s*个工作日", html)


def test_results_chart_and_table_carry_the_same_numbers_with_official_labels(client, data):
    reader = read(client.get(url(year=2026)))
    assert reader.tables["table-results"] == [
        ["办理结果", "件数", "占比"],
        ["（一）予以公开", "2", "50.0%"],
        ["（三）不予公开 4.保护第三方合法权益", "1", "25.0%"],
        ["（四）无法提供 1.本机关不掌握相关政府信息", "1", "25.0%"],
        ["（七）总计", "4", "100.0%"],
    ]
    assert bars(reader, "chart-results") == [
        ("（一）予以公开", "2件"),
        ("（三）4.保护第三方合法权益", "1件"),
        ("（四）1.本机关不掌握相关政府信息", "1件"),
    ]
    assert reader.captions["table-results"] == "2026年政府信息公开申请办理结果"


def test_on_time_share_chart_and_table(client, data):
    reader = read(client.get(url(year=2026)))
    assert reader.tables["table-on-time"] == [
        ["答复情况", "件数", "占比"],
        ["按期答复", "3", "75.0%"],
        ["逾期答复", "1", "25.0%"],
        ["本年办结政府信息公开申请", "4", "100.0%"],
    ]
    legend = [text for css, text in reader.svgs["chart-on-time"]["texts"]]
    assert legend == ["按期答复：3件（75.0%）", "逾期答复：1件（25.0%）"]


def test_requests_table(client, data):
    reader = read(client.get(url(year=2026)))
    assert reader.tables["table-requests"] == [
        ["项目", "件数"],
        ["一、本年新收政府信息公开申请数量", "5"],
        ["二、上年结转政府信息公开申请数量", "0"],
        ["本年办结政府信息公开申请", "4"],
        ["四、结转下年度继续办理", "1"],
    ]


def test_proactive_items_by_kind_in_chart_and_table(client, data):
    reader = read(client.get(url(year=2026)))
    expected = [
        ("规范性文件", "1"),
        ("政策解读", "1"),
        ("行政许可信息", "3"),
        ("人事信息", "0"),
        ("工作动态信息", "2"),
        ("财政预决算信息", "0"),
        ("回应公众关注热点", "1"),
    ]
    rows = reader.tables["table-proactive"][1:]
    assert [(label, count.split()[0]) for label, count in rows] == expected
    assert [row[1] for row in rows][-2:] == ["0 条", "1 次"]
    assert bars(reader, "chart-proactive") == [(label, count.replace(" ", "")) for label, count in rows]
    assert "主动公开政府信息总数：<strong>7</strong> 条" in client.get(url()).content.decode()


def test_appeals_per_group(client, data):
    reader = read(client.get(url(year=2026)))
    assert reader.tables["table-appeals"] == [
        ["类别", "结果维持", "结果纠正", "其他结果", "尚未审结", "总计"],
        ["行政复议", "1", "0", "0", "0", "1"],
        ["行政诉讼（未经复议直接起诉）", "0", "0", "0", "1", "1"],
        ["行政诉讼（复议后起诉）", "0", "0", "0", "0", "0"],
    ]
    assert bars(reader, "chart-appeals") == [
        ("行政复议", "1件"),
        ("行政诉讼（未经复议直接起诉）", "1件"),
        ("行政诉讼（复议后起诉）", "0件"),
    ]


# --- accessibility ------------------------------------------------------------------------------


def test_charts_are_labelled_svg_images_and_the_page_has_one_h1(client, data):
    response = client.get(url())
    html = response.content.decode()
    assert h1_count(html) == 1
    assert "<script" not in html.split("</head>")[1]
    reader = read(response)
    assert set(reader.svgs) == {"chart-on-time", "chart-results", "chart-proactive", "chart-appeals"}
    for chart_id, svg in reader.svgs.items():
        assert svg["attrs"]["role"] == "img"
        assert svg["attrs"]["aria-labelledby"] == f"{chart_id}-title {chart_id}-desc"
        assert svg["title"].startswith("2026年")
        assert f'<desc id="{chart_id}-desc">' in html
    assert reader.svgs["chart-on-time"]["title"] == "2026年按期答复情况"
    # every table names itself and its headers
    assert len(re.findall(r"<caption[\s>]", html)) == len(reader.tables) == 5
    assert 'scope="col"' in html and 'scope="row"' in html


def test_chart_labels_are_escaped():
    svg = charts.bar_chart([("<b>甲</b>", 3)], chart_id="c", title="A & B", desc="x")
    assert "<b>" not in svg and "&lt;b&gt;甲&lt;/b&gt;" in svg and "A &amp; B" in svg
    assert 'role="img"' in svg and '<title id="c-title">' in svg and "3</text>" in svg


def test_percent_has_one_decimal_and_a_dash_for_nothing():
    assert charts.percent(3, 4) == "75.0%"
    assert charts.percent(1, 3) == "33.3%"
    assert charts.percent(2, 3) == "66.7%"
    assert charts.percent(0, 0) == "—"


# --- years --------------------------------------------------------------------------------------


def test_year_switcher_shows_another_year(client, data):
    response = client.get(url(year=2025))
    assert response.status_code == 200
    assert response.context["year"] == 2025
    reader = read(response)
    assert reader.tables["table-appeals"][1] == ["行政复议", "0", "0", "1", "0", "1"]
    html = response.content.decode()
    assert '<option value="2025" selected>2025年</option>' in html
    # nothing answered in 2025: no on-time chart, a dash for the share and the median
    assert "chart-on-time" not in reader.svgs and response.context["on_time_share"] == "—"
    assert response.context["median_days"] is None


@pytest.mark.parametrize("year", ["2019", "abc", "2026x", "99999999999999999999"])
def test_a_year_without_data_gets_a_clear_message(client, data, year):
    response = client.get(url(year=year))
    assert response.status_code == 404
    html = response.content.decode()
    assert "所选年度没有统计数据" in html and 'role="alert"' in html
    assert f'href="{url(year=2026)}"' in html and f'href="{url(year=2025)}"' in html
    assert h1_count(html) == 1 and "<svg" not in html


def test_empty_state_when_there_is_no_data(client, organ):
    response = client.get(url())
    assert response.status_code == 200
    html = response.content.decode()
    assert "暂无统计数据" in html and "<svg" not in html and h1_count(html) == 1


# --- the published report -------------------------------------------------------------------------


def test_links_to_the_published_report_of_the_year(client, data):
    from reports.compiler import compile_annual_report

    AnnualReport.objects.create(organ=data, year=2026, status="published", compiled=compile_annual_report(data, 2026))
    AnnualReport.objects.create(organ=data, year=2025)  # a draft: no link
    html = client.get(url(year=2026)).content.decode()
    assert f'href="{reverse("reports:report-detail", kwargs={"year": 2026})}"' in html
    html = client.get(url(year=2025)).content.decode()
    assert "年度报告</a>" not in html


# --- queries ------------------------------------------------------------------------------------


def test_query_count_does_not_grow_with_requests(client, organ):
    def add(n, start):
        for i in range(start, start + n):
            request = InformationRequestFactory(received_on=D(2026, 3, 2))
            if i % 3:
                answer(request, "1" if i % 2 else "3.4", D(2026, 3, 9 + i % 5), late=not i % 7)

    from django.core.cache import cache

    add(5, 0)
    five = count_queries(client, url())
    add(45, 5)
    cache.clear()  # measure a fresh compilation, not the cached one
    assert count_queries(client, url()) == five


def test_live_figures_are_cached_for_a_while(client, organ):
    InformationRequestFactory(received_on=D(2026, 3, 2))
    first = count_queries(client, url())
    assert count_queries(client, url()) < first
