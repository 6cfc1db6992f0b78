"""The public 公开年报 pages: only published reports of the portal's organ, always their frozen tables."""

import datetime as dt
import io
import re

import docx
import openpyxl
import pytest
from django.urls import reverse

from applications.models import InformationRequest
from reports import labels, services
from reports.models import AnnualReport
from tests.factories import InformationRequestFactory, OrganFactory
from tests.utils import count_queries, h1_count

pytestmark = pytest.mark.django_db

D = dt.date


def answered(received, on, outcome="1", **kwargs):
    request = InformationRequestFactory(received_on=received, **kwargs)
    InformationRequest.objects.filter(pk=request.pk).update(outcome=outcome, answered_on=on, status="answered")
    return request


def publish(report: AnnualReport) -> AnnualReport:
    services.submit_for_review(report=report)
    return services.publish_report(report=report)


@pytest.fixture
def published(organ):
    answered(D(2025, 3, 3), D(2025, 3, 20))
    answered(D(2025, 4, 1), D(2025, 4, 20), "3.4")
    answered(D(2025, 5, 6), D(2025, 5, 7), "2", applicant_type="organisation", organisation_kind="research")
    report = AnnualReport.objects.create(
        organ=organ,
        year=2025,
        fees_wan_yuan="1.5",
        overview_proactive="全年按时公开规范性文件。",
        problems="一是政策解读形式较单一。",
    )
    return publish(report)


def detail(client, year=2025):
    return client.get(reverse("reports:report-detail", kwargs={"year": year}))


def test_urls_are_named_as_the_model_expects(published):
    assert published.get_absolute_url() == "/reports/2025/"
    assert reverse("reports:report-list") == "/reports/"
    assert reverse("reports:report-docx", kwargs={"year": 2025}) == "/reports/2025/download.docx"
    assert reverse("reports:report-xlsx", kwargs={"year": 2025}) == "/reports/2025/download.xlsx"


def test_detail_page_carries_the_official_labels_and_merged_cells(client, published):
    response = detail(client)
    assert response.status_code == 200
    page = response.content.decode()
    assert h1_count(page) == 1
    assert f"<h1>{published.title}</h1>" in page
    assert "本报告所列数据统计期限为2025年1月1日至2025年12月31日。" in page
    for table in (
        labels.SECTION_HEADINGS,
        labels.TABLE2,
        labels.TABLE3_ROWS,
        labels.TABLE3_HEADER,
        labels.TABLE3_COLUMNS,
        labels.TABLE4_GROUPS,
        labels.TABLE4_COLUMNS,
    ):
        for label in table.values():
            assert label in page, label
    for merge in [
        'rowspan="22"', 'rowspan="8"', 'rowspan="5"', 'rowspan="3"', 'rowspan="2"',
        'colspan="10"', 'colspan="7"', 'colspan="5"', 'colspan="4"', 'colspan="3"',
    ]:  # fmt: skip
        assert merge in page, merge
    assert re.search(r'<th id="t3-results" scope="row" rowspan="22">三、本年度办理结果</th>', page)
    assert re.search(r'<td class="identity" rowspan="3" colspan="3">（本列数据的勾稽关系为', page)
    assert page.count('<div class="table-scroll"') == 3 and page.count("<caption") == 3
    # staff text: the sub-heading they wrote, 五, and the fee paragraph generated for 六
    assert "（一）主动公开" in page and "全年按时公开规范性文件。" in page and "（二）依申请公开" not in page
    assert "一是政策解读形式较单一。" in page and "2025年，本机关未发出信息处理费收费通知" in page


def test_detail_page_offers_downloads_and_print(client, published):
    page = detail(client).content.decode()
    assert 'href="/reports/2025/download.docx"' in page and 'href="/reports/2025/download.xlsx"' in page
    assert '<button type="button" data-print>' in page


def test_published_report_keeps_its_frozen_numbers_after_data_changes(client, published):
    def new_total(page):
        row = re.search(r"一、本年新收政府信息公开申请数量</th>(.*?)</tr>", page, re.S).group(1)
        return re.findall(r">(\d+)</td>", row)[-1]

    assert new_total(detail(client).content.decode()) == "3"
    for day in (6, 7, 8, 9):
        answered(D(2025, 6, day), D(2025, 6, 20))  # recorded after publication
    assert new_total(detail(client).content.decode()) == "3"
    table3 = docx.Document(io.BytesIO(client.get(reverse("reports:report-docx", kwargs={"year": 2025})).content))
    assert table3.tables[1].cell(3, 9).text == "3"


def test_page_never_compiles_live(client, published, monkeypatch):
    from reports import compiler

    def refuse(*args, **kwargs):
        raise AssertionError("the public page must show the frozen tables")

    monkeypatch.setattr(compiler, "compile_annual_report", refuse)
    monkeypatch.setattr(services, "compile_annual_report", refuse)
    assert detail(client).status_code == 200
    assert client.get(reverse("reports:report-xlsx", kwargs={"year": 2025})).status_code == 200


def test_a_report_reopened_for_revision_still_shows_the_published_tables(client, published):
    answered(D(2025, 6, 6), D(2025, 6, 20))
    services.revise_report(report=published, note="补录一件申请。")
    page = detail(client).content.decode()
    assert published.title in page
    assert re.search(r"一、本年新收政府信息公开申请数量</th>(.*?)>3</td></tr>", page, re.S)


@pytest.mark.parametrize("status", ["draft", "in_review"])
def test_unpublished_reports_are_404(client, organ, status):
    AnnualReport.objects.create(organ=organ, year=2024, status=status)
    for name in ("reports:report-detail", "reports:report-docx", "reports:report-xlsx"):
        assert client.get(reverse(name, kwargs={"year": 2024})).status_code == 404


def test_unknown_year_and_other_organs_reports_are_404(client, published):
    assert detail(client, 2019).status_code == 404
    other = OrganFactory(order=9)  # not the default organ
    report = AnnualReport.objects.create(organ=other, year=2024)
    publish(report)
    assert detail(client, 2024).status_code == 404
    assert client.get(reverse("reports:report-docx", kwargs={"year": 2024})).status_code == 404


def test_no_organ_at_all_is_404_and_an_empty_list(client, db):
    assert detail(client).status_code == 404
    page = client.get(reverse("reports:report-list")).content.decode()
    assert "暂无已发布的年度报告。" in page and h1_count(page) == 1


def test_list_shows_published_reports_newest_first(client, published, organ):
    AnnualReport.objects.create(organ=organ, year=2024)  # draft: not listed
    publish(AnnualReport.objects.create(organ=organ, year=2023))
    page = client.get(reverse("reports:report-list")).content.decode()
    assert h1_count(page) == 1
    assert "2024年政府信息公开工作年度报告" not in page
    assert page.index(published.get_absolute_url()) < page.index("/reports/2023/")
    assert "暂无已发布的年度报告" not in page


def test_downloads_are_the_frozen_report_as_docx_and_xlsx(client, published):
    response = client.get(reverse("reports:report-docx", kwargs={"year": 2025}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.wordprocessingml")
    assert "attachment" in response["Content-Disposition"] and ".docx" in response["Content-Disposition"]
    document = docx.Document(io.BytesIO(response.content))
    assert document.paragraphs[0].text == published.title and len(document.tables) == 3

    response = client.get(reverse("reports:report-xlsx", kwargs={"year": 2025}))
    assert response["Content-Type"].startswith("application/vnd.openxmlformats-officedocument.spreadsheetml")
    sheets = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets
    assert sheets[0]["B17"].value == 1.5  # 行政事业性收费, 万元
    assert sheets[1]["J7"].value == 3 and sheets[1]["J30"].value == 3  # 一 总计 and （七）总计


def test_detail_query_count_does_not_grow_with_the_data(client, published, organ):
    small = count_queries(client, published.get_absolute_url())
    for day in range(1, 29):
        answered(D(2024, 2, day), D(2024, 3, 1), outcome=labels.RESULT_ROWS[day % len(labels.RESULT_ROWS)])
    larger = publish(AnnualReport.objects.create(organ=organ, year=2024))
    assert larger.compiled["table3"]["new"]["total"] == 28
    assert count_queries(client, larger.get_absolute_url()) == small
    # (1) the default organ (2) the report (3) the site name's organ, from the context processor
    assert small <= 3


def test_list_query_count_does_not_grow_with_reports(client, published, organ):
    one = count_queries(client, reverse("reports:report-list"))
    for year in (2021, 2022, 2023):
        publish(AnnualReport.objects.create(organ=organ, year=year))
    assert count_queries(client, reverse("reports:report-list")) == one
