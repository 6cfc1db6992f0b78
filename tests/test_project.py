import pytest
from django.core.management import call_command
from django.test import Client
from django.urls import reverse

from tests.utils import h1_count

pytestmark = pytest.mark.django_db


def test_no_pending_migrations():
    call_command("makemigrations", "--check", "--dry-run", verbosity=0)


def test_every_public_page_has_one_h1_a_skip_link_and_chinese_lang(client, public_urls):
    for url in public_urls:
        response = client.get(url)
        assert response.status_code == (404 if url.startswith("/no-such-page/") else 200), url
        html = response.content.decode()
        assert h1_count(html) == 1, url
        assert 'href="#main"' in html and 'lang="zh-CN"' in html, url


def test_404_page_is_friendly_chinese(client, db):
    response = client.get("/no-such-page/")
    assert response.status_code == 404
    html = response.content.decode()
    assert "您访问的页面不存在" in html and h1_count(html) == 1


def test_500_page_is_friendly_chinese(db):
    from portal.views import server_error

    response = server_error(None)
    assert response.status_code == 500
    html = response.content.decode()
    assert "系统暂时无法响应" in html and "Traceback" not in html


def test_unhandled_error_shows_the_500_page(db, settings, monkeypatch):
    import disclosures.views

    def boom(request):
        raise RuntimeError("database on fire")

    monkeypatch.setattr(disclosures.views, "catalogue_tree", lambda: boom(None))
    client = Client(raise_request_exception=False)
    response = client.get(reverse("disclosures:catalogue"))
    assert response.status_code == 500
    assert "系统暂时无法响应" in response.content.decode()
    assert "database on fire" not in response.content.decode()


def test_healthz_reports_database_and_cache(client, db):
    # Failures of either (503) are in tests/test_faults.py; headers in tests/test_security_headers.py.
    response = client.get(reverse("healthz"))
    assert response.status_code == 200
    assert response.json() == {"status": "ok", "database": "ok", "cache": "ok"}
    assert "no-cache" in response["Cache-Control"]


def test_requesters_personal_data_never_reaches_public_pages(client, public_urls):
    from tests.factories import InformationRequestFactory

    InformationRequestFactory(
        name="独特姓名甲乙丙", id_number="360426199101010071", phone="13912349876", email="unique-applicant@example.cn"
    )
    for url in public_urls:
        html = client.get(url).content.decode()
        for personal in ["独特姓名甲乙丙", "360426199101010071", "13912349876", "unique-applicant@example.cn"]:
            assert personal not in html, (url, personal)


TOO_MANY_PARAMETERS = "&".join(f"p{i}=1" for i in range(1001))


def test_too_many_query_parameters_get_a_chinese_400_page(client):
    response = client.get(reverse("disclosures:search"), QUERY_STRING=TOO_MANY_PARAMETERS)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("text/html")
    html = response.content.decode()
    assert "请求无效" in html and h1_count(html) == 1 and "Bad Request" not in html


def test_too_many_api_parameters_get_a_json_error_in_chinese(client):
    response = client.get(reverse("open_data:api-decision-list"), QUERY_STRING=TOO_MANY_PARAMETERS)
    assert response.status_code == 400
    assert response["Content-Type"].startswith("application/json")
    error = response.json()["error"]
    assert error["code"] == "bad_request" and "请求无效" in error["message"]


@pytest.mark.parametrize("path", ["/", "/api/v1/decisions/"])
def test_a_host_not_served_here_gets_a_chinese_400(path):
    response = Client(raise_request_exception=False, HTTP_HOST="evil.example").get(path)
    assert response.status_code == 400
    body = response.content.decode()
    assert "请求无效" in body and "Bad Request" not in body
    if path.startswith("/api/"):
        assert response.json()["error"]["code"] == "bad_request"


def test_a_form_without_its_csrf_token_gets_a_chinese_403(settings):
    settings.CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
    response = Client(enforce_csrf_checks=True).post(reverse("applications:lookup"), {"tracking_number": "2026-1"})
    assert response.status_code == 403
    html = response.content.decode()
    assert "页面已过期" in html and h1_count(html) == 1 and "CSRF verification failed" not in html
    assert "sha256-" in response["Content-Security-Policy"]  # its one inline stylesheet, allowed by hash


def _xlsx(path, rows):
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet()
    for row in rows:
        sheet.append(row)
    workbook.save(path)
    return path.read_bytes()


def test_a_huge_xlsx_is_refused_without_reading_it_all(tmp_path):
    from common import spreadsheets
    from common.imports.columns import columns_named, read_table

    rows = 3 * spreadsheets.MAX_ROWS  # read whole, a million such rows took 31 s and 500 MB before the refusal
    content = _xlsx(tmp_path / "huge.xlsx", [["名称", "日期"], *(["某某", "2026-01-01"] for _ in range(rows))])
    with pytest.raises(spreadsheets.SpreadsheetError) as refused:
        read_table(content, columns_named(["名称", "日期"]), marks=["名称"])
    assert refused.value.errors == [(1, f"一次最多导入{spreadsheets.MAX_ROWS}行，请分多个文件导入。")]
    # The rows come from a child process (common.bounded): those it read are those it returns.
    read = spreadsheets.read_rows(content)
    assert read.truncated and len(read) <= spreadsheets.MAX_ROWS + spreadsheets.HEADER_SEARCH_ROWS + 1


@pytest.mark.parametrize(
    ("data_rows", "refused"),
    [(50, False), (51, True), (5000, True)],
)
def test_the_row_limit_counts_data_rows_not_titles_or_blank_rows(tmp_path, data_rows, refused):
    from common import spreadsheets
    from common.imports.columns import columns_named, read_table

    title = [["某某局行政许可登记表"], [None], ["制表日期：2026年1月"]]
    body = [["名称"], *([f"第{i}号"] if i % 3 else [None] for i in range(1, 3 * data_rows // 2 + 1))]
    content = _xlsx(tmp_path / "rows.xlsx", [*title, *body, *([None] for _ in range(30))])
    expected = sum(1 for row in body[1:] if row[0])
    assert expected == data_rows
    if refused:
        with pytest.raises(spreadsheets.SpreadsheetError, match="一次最多导入50行"):
            read_table(content, columns_named(["名称"]), max_rows=50)
    else:
        assert len(read_table(content, columns_named(["名称"]), max_rows=50).rows) == 50


def test_a_huge_csv_without_a_header_still_says_the_header_is_missing():
    from common import spreadsheets
    from common.imports.columns import columns_named, read_table

    content = ("日期\n" + "2026-01-01\n" * (spreadsheets.MAX_ROWS + 100)).encode()
    with pytest.raises(spreadsheets.SpreadsheetError, match="表头缺少：名称"):
        read_table(content, columns_named(["名称", "日期"]), marks=["名称"])
