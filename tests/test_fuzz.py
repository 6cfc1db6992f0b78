"""Hostile input never breaks the public site or the import commands (property-based, hypothesis).

Random and hostile values (control and zero-width characters, NUL, U+202E, emoji, HTML and SQL
fragments, huge and malformed numbers, invalid dates, broken percent-encoding, overlong strings) go
to the search, the list filters, the JSON API, the CSV exports and the other public pages; and
broken, lying, empty and huge files go to the import commands.

Properties: a page never answers 500 (the client does not raise, so a 500 is seen as a response);
an HTML answer is a page with Chinese text that does not echo markup unescaped; a JSON error is a
body with a code and a Chinese message; a CSV is whole. An import either succeeds or stops with a
CommandError in Chinese and writes no row.

The request form, its uploads and the status lookup are fuzzed in tests/test_fuzz_forms.py, and
the form's challenge in tests/applications/test_abuse.py. The number of cases run is printed at the end of the module; FUZZ_SCALE=10 runs ten
times as many. On PostgreSQL: DATABASE_URL=postgres://… pytest tests/test_fuzz.py.
"""

from __future__ import annotations

import csv
import datetime as dt
import io
import json
import re
import zipfile
from collections import Counter
from urllib.parse import quote

import openpyxl
import pytest
from django.core.cache import cache
from django.core.management import CommandError, call_command
from django.db import connection
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st
from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE

from applications import register_import
from applications.models import Appeal, CalendarDay, CalendarYear, InformationRequest, RequestEvent
from disclosures.models import AdministrativeDecision, Disclosure
from tests import factories
from tests.utils import cases_line, fuzz, report_line

pytestmark = pytest.mark.django_db

CASES: Counter[str] = Counter()
IMPORTS: Counter[str] = Counter()  # how the import cases ended
CJK = re.compile(r"[\u4e00-\u9fff]")
SCRIPT = "<script>alert('h3')</script>"


@pytest.fixture(scope="module", autouse=True)
def _report_cases(request):
    yield
    line = cases_line("fuzz", CASES, on=connection.vendor)
    if IMPORTS:
        line += "; imports: " + ", ".join(f"{name} {count}" for name, count in sorted(IMPORTS.items()))
    report_line(request, line)


# ---------------------------------------------------------------------------
# Hostile values
# ---------------------------------------------------------------------------

HOSTILE = [
    "",
    " ",
    "\x00",
    "审\x00批",
    "\u202e许可\u202c",
    "\u200b\u200c\u200d\ufeff",
    SCRIPT,
    '"><img src=x onerror=alert(1)>',
    "' OR 1=1 --",
    '"; DROP TABLE disclosures_disclosure; --',
    "%",
    "%zz",
    "%00",
    "\\",
    "'",
    '"',
    "\r\n",
    "\t",
    "😀",
    "\U0001f1e8\U0001f1f3",
    "𠀀𠀁",
    "２０２５",
    "1" + "0" * 30,
    "-1",
    "0",
    "1e309",
    "NaN",
    "-inf",
    "0x10",
    "9" * 5000,
    "2025-02-30",
    "2025-13-01",
    "0000-00-00",
    "9999-12-31",
    "x" * 5000,
    "审批" * 300,
    "防审批许〔2018〕1号",
    "防審批許[2018]1號",
    "91450600MA5KXXXX3Q",
    "11010519491231002X",
    "null",
    "[]",
    "{}",
    "../../etc/passwd",
    "hant",
    "decisions",
    "date",
]
# Characters that only hide or disturb: controls, formats (zero-width, direction), separators,
# private use, symbols, combining marks.
odd_characters = st.text(
    alphabet=st.characters(codec="utf-8", categories=("Cc", "Cf", "Zs", "Zl", "Zp", "Co", "So", "Mn")), max_size=20
)
hostile_text = st.one_of(
    st.sampled_from(HOSTILE),
    st.text(max_size=40),
    odd_characters,
    st.integers(min_value=-(10**40), max_value=10**40).map(str),
    st.floats(allow_nan=True, allow_infinity=True).map(repr),
    st.tuples(st.sampled_from(HOSTILE), st.text(max_size=10), st.sampled_from(HOSTILE)).map("".join),
)
# Percent-encoding as a client might send it, broken or not.
MALFORMED = ["%", "%%", "%zz", "%E4%B8", "%ED%A0%80", "%C0%AF", "%FF%FE", "%00", "%u5ba1", "%25%32%35", "+", "&&", "=="]
raw_value = st.one_of(
    hostile_text.map(lambda v: quote(v, safe="")),
    st.sampled_from(MALFORMED),
    st.tuples(st.sampled_from(MALFORMED), hostile_text.map(lambda v: quote(v, safe=""))).map("".join),
)


def either(usual, hostile, *, one_in: int = 2):
    """`hostile` about once in `one_in` draws, else `usual` (st.one_of would weigh each of the
    alternatives nested in them alike)."""
    return st.integers(1, one_in).flatmap(lambda n: hostile if n == 1 else usual)


def values_for(valid: list[str]):
    """A parameter's value: a hostile one, or one the page knows (to reach deeper code)."""
    return either(st.sampled_from(valid), hostile_text) if valid else hostile_text


def params(spec: dict[str, list[str]]):
    """A random subset of the parameters in `spec`, each with a hostile or known value."""
    return st.fixed_dictionaries({}, optional={name: values_for(valid) for name, valid in spec.items()})


YEARS = ["2025", "2026", "2018", "2008"]
PAGES = ["1", "2", "last", "0"]
VARIANT = {"variant": ["hant", "hans"]}
SEARCH = {
    "q": ["审批", "许可", "防审批许〔2018〕1号", "食品 经营", "2025"],
    "scope": ["disclosures", "decisions"],
    "kind": ["licence", "penalty"],
    "year": YEARS,
    "category": ["normative", "news", "regulations", "licensing"],
    "organ": ["1"],
    "sort": ["relevance", "date"],
    "page": PAGES,
    **VARIANT,
}
DECISION_FILTERS = {
    "party_name": ["商贸", "李某某"],
    "uscc": ["91450600MA5KXXXX3Q"],
    "licence_number": ["JY14506020000001", "防审批许〔2018〕1号"],
    "kind": ["licence", "penalty"],
    "year": YEARS,
    "page": PAGES,
    **VARIANT,
}
DISCLOSURE_FILTERS = {"year": YEARS, "organ": ["1"], "page": PAGES, **VARIANT}
API_COMMON = {"q": ["审批", "许可"], "year": YEARS, "page_size": ["1", "20", "100", "101"], "cursor": ["eyJ9", "e30"]}
API_DISCLOSURES = {**API_COMMON, "category": ["normative", "news", "nope"], "organ": ["1"], "kind": ["normative"]}
API_DECISIONS = {**API_COMMON, "kind": ["licence", "penalty"], "uscc": ["91450600MA5KXXXX3Q"], "number": ["防审批许"]}


# ---------------------------------------------------------------------------
# The record behind the pages
# ---------------------------------------------------------------------------


@pytest.fixture
def record(organ):
    factories.DisclosureFactory(organ=organ, normative=True)
    factories.DisclosureFactory(organ=organ, title="市行政审批局关于食品经营许可的通知")
    factories.AttachmentFactory(disclosure__organ=organ)
    factories.DecisionFactory(organ=organ)
    factories.DecisionFactory(organ=organ, natural_person=True)
    factories.DecisionFactory(organ=organ, kind="penalty", document_name="行政处罚决定书")
    factories.InformationRequestFactory(received_on=dt.date(2025, 3, 3))
    factories.publish_report(organ)
    return organ


def get(client, path, data=None, raw=None):
    cache.clear()  # nothing counted or cached by one example may change the next
    if raw is not None:
        return client.get(path, QUERY_STRING=raw)
    return client.get(path, data or {})


def body_of(response) -> bytes:
    if response.streaming:
        return b"".join(response.streaming_content)  # a streaming error surfaces here, not as a 500
    return response.content


def check_page(response, sent=()):
    """Never a server error; an HTML page speaks Chinese and escapes what it echoes."""
    assert response.status_code < 500, response.status_code
    body = body_of(response)
    content_type = response.get("Content-Type", "")
    if content_type.startswith("text/html") and not 300 <= response.status_code < 400:
        text = body.decode("utf-8")
        assert CJK.search(text), text[:500]
        assert SCRIPT not in text and "<img src=x" not in text
    return body


def check_json(response):
    assert response.status_code < 500, response.status_code
    assert response["Content-Type"].startswith("application/json")
    data = json.loads(body_of(response))
    if response.status_code >= 400:
        error = data["error"]
        assert error["code"] and CJK.search(error["message"]), data
    elif "results" in data or response.wsgi_request.path.rstrip("/").endswith(("disclosures", "decisions")):
        assert isinstance(data["results"], list)  # a list; else one record or the OpenAPI document
    return data


def check_csv(response):
    assert response.status_code < 500, response.status_code
    body = body_of(response)
    if response.status_code == 200:
        text = body.decode("utf-8")
        assert text.startswith("\ufeff")
        rows = list(csv.reader(io.StringIO(text[1:])))
        assert rows and all(len(row) == len(rows[0]) for row in rows)
    return body


anonymous = Client(raise_request_exception=False)


# ---------------------------------------------------------------------------
# Search, lists, API, exports, other public pages
# ---------------------------------------------------------------------------


@fuzz(180)
@given(query=params(SEARCH))
@example(query={"q": "审\x00批", "scope": "decisions", "page": "9" * 5000})
@example(query={"q": "\u202e", "year": "1" + "0" * 30})
@example(query={"q": SCRIPT, "category": SCRIPT, "organ": "1e309"})
def test_search_never_fails(record, query):
    CASES["search"] += 1
    check_page(get(anonymous, "/search/", query))


@fuzz(180)
@given(
    path=st.sampled_from(["/decisions/", "/catalogue/licensing/", "/catalogue/penalties/"]),
    query=params(DECISION_FILTERS),
)
@example(path="/decisions/", query={"party_name": "\x00", "uscc": "\x00", "licence_number": "\x00"})
@example(path="/decisions/", query={"party_name": "😀", "year": "-1", "page": "1e309"})
def test_decision_lists_never_fail(record, path, query):
    CASES["decision lists"] += 1
    check_page(get(anonymous, path, query))


@fuzz(120)
@given(
    path=st.sampled_from(["/catalogue/", "/catalogue/normative/", "/catalogue/regulations/", "/catalogue/news/"]),
    query=params(DISCLOSURE_FILTERS),
)
@example(path="/catalogue/normative/", query={"organ": "\x00", "year": "2025\x00"})
def test_catalogue_lists_never_fail(record, path, query):
    CASES["catalogue lists"] += 1
    check_page(get(anonymous, path, query))


@fuzz(150)
@given(path=st.sampled_from(["/api/v1/disclosures/", "/api/v1/decisions/"]), query=params(API_DISCLOSURES))
@example(path="/api/v1/decisions/", query={"q": "😀"})  # once a 500: no searchable word, no rank
@example(path="/api/v1/disclosures/", query={"q": "\u202e", "cursor": "eyJvZmZzZXQiOjIwfQ"})
@example(path="/api/v1/decisions/", query={"q": "\x00", "page_size": "1" + "0" * 30, "cursor": "\x00"})
def test_api_lists_never_fail(record, path, query):
    CASES["api"] += 1
    if path == "/api/v1/decisions/":
        query = {k: v for k, v in query.items() if k not in ("category", "organ")}
    check_json(get(anonymous, path, query))


@fuzz(60)
@given(query=params(API_DECISIONS))
def test_api_decision_filters_never_fail(record, query):
    CASES["api"] += 1
    check_json(get(anonymous, "/api/v1/decisions/", query))


@fuzz(60)
@given(cursor=st.one_of(hostile_text, st.binary(max_size=80)), q=st.sampled_from(["", "审批"]))
def test_api_cursor_never_fails(record, cursor, q):
    """Forged cursors: random text, and base64 of random bytes or of JSON of the wrong shape."""
    import base64

    CASES["api cursors"] += 1
    if isinstance(cursor, bytes):
        cursor = base64.urlsafe_b64encode(cursor).decode().rstrip("=")
    for path in ("/api/v1/disclosures/", "/api/v1/decisions/"):
        check_json(get(anonymous, path, {"cursor": cursor, "q": q}))


@fuzz(90)
@given(
    path=st.sampled_from(
        ["/decisions/export.csv", "/catalogue/licensing/export.csv", "/catalogue/normative/export.csv"]
    ),
    query=params({**DECISION_FILTERS, **DISCLOSURE_FILTERS}),
)
@example(path="/decisions/export.csv", query={"party_name": "\x00", "year": "1e309"})
def test_exports_never_fail(record, path, query):
    CASES["exports"] += 1
    check_csv(get(anonymous, path, query))


PAGES_WITH_QUERIES = [
    "/",
    "/search/",
    "/decisions/",
    "/catalogue/",
    "/catalogue/licensing/",
    "/catalogue/normative/",
    "/guide/",
    "/statistics/",
    "/reports/",
    "/reports/2025/",
    "/open-data/",
    "/api/v1/disclosures/",
    "/api/v1/decisions/",
    "/decisions/export.csv",
    "/catalogue/normative/export.csv",
    "/feeds/latest.rss",
    "/feeds/decisions.atom",
    "/sitemap.xml",
    "/sitemap-disclosures.xml",
    "/robots.txt",
    "/apply/deadline/",
]
PARAMETER_NAMES = sorted(
    {*SEARCH, *DECISION_FILTERS, *API_DISCLOSURES, *API_DECISIONS, "p", "variant", "received_on", "days"}
)


@fuzz(180)
@given(
    path=st.sampled_from(PAGES_WITH_QUERIES),
    pairs=st.lists(
        st.tuples(st.one_of(st.sampled_from(PARAMETER_NAMES), raw_value), raw_value), min_size=1, max_size=6
    ),
)
@example(path="/search/", pairs=[("q", "%E4%B8"), ("page", "%ED%A0%80")])
@example(path="/sitemap-disclosures.xml", pairs=[("p", "9" * 30)])
@example(path="/statistics/", pairs=[("year", "%00"), ("variant", "hant")])
def test_raw_query_strings_never_fail(record, path, pairs):
    """Query strings as a hostile client writes them, broken percent-encoding included."""
    CASES["raw query strings"] += 1
    raw = "&".join(f"{key}={value}" for key, value in pairs)
    response = get(anonymous, path, raw=raw)
    if path.startswith("/api/"):
        check_json(response)
    else:
        check_page(response)


PATH_TEMPLATES = [
    "/catalogue/{slug}/",
    "/catalogue/{slug}/export.csv",
    "/feeds/category/{slug}.rss",
    "/feeds/category/{slug}.atom",
    "/sitemap-{slug}.xml",
    "/disclosures/{number}/",
    "/decisions/{number}/",
    "/attachments/{number}/",
    "/reports/{number}/",
    "/reports/{number}/download.docx",
    "/reports/{number}/download.xlsx",
    "/api/v1/disclosures/{number}/",
    "/api/v1/decisions/{number}/",
    "/{text}",
    "/search/{text}",
]


@fuzz(150)
@given(
    template=st.sampled_from(PATH_TEMPLATES),
    slug=st.one_of(st.from_regex(r"\A[-a-zA-Z0-9_]{1,300}\Z"), st.sampled_from(["normative", "licensing", "news"])),
    number=st.one_of(st.integers(min_value=0, max_value=10**40), st.sampled_from([1, 2, 2025, 2**63, 2**31])),
    text=hostile_text,
)
def test_paths_never_fail(record, template, slug, number, text):
    CASES["paths"] += 1
    path = template.format(slug=slug, number=number, text=quote(text, safe="/"))
    response = get(anonymous, path)
    if path.startswith("/api/"):
        check_json(response)
    else:
        check_page(response)


header_value = st.one_of(raw_value, st.sampled_from(["", "hant", "contrast.zoom-9", "zoom-1" * 50, "a" * 5000]))


@fuzz(120)
@given(
    path=st.sampled_from(PAGES_WITH_QUERIES),
    method=st.sampled_from(["GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "TRACE"]),
    script=header_value,
    a11y=header_value,
    forwarded=st.one_of(header_value, st.just("1.2.3.4, 10.0.0.1"), st.just("::1")),
    language=st.one_of(header_value, st.just("zh-TW,zh;q=0.9,en;q=0.8")),
)
@example(path="/", method="GET", script="hant", a11y="%00", forwarded="%zz", language="*;q=1e309")
def test_methods_and_headers_never_fail(record, path, method, script, a11y, forwarded, language):
    """Other methods, and hostile cookies (简繁 choice, accessibility toolbar) and headers."""
    CASES["methods and headers"] += 1
    cache.clear()
    response = anonymous.generic(
        method,
        path,
        HTTP_COOKIE=f"script={script}; a11y={a11y}",
        HTTP_X_FORWARDED_FOR=forwarded,
        HTTP_ACCEPT_LANGUAGE=language,
    )
    assert response.status_code < 500, response.status_code
    if method == "GET" and path.startswith("/api/"):
        check_json(response)
    elif method == "GET":
        check_page(response)


# ---------------------------------------------------------------------------
# Import commands: files that lie, break or hold hostile cells
# ---------------------------------------------------------------------------

REGISTER_ROW = {
    **dict.fromkeys(register_import.REGISTER_COLUMNS, ""),
    "申请编号": "",
    "收到日期": "2025-03-03",
    "申请渠道": "当面",
    "申请人类型": "自然人",
    "申请人姓名或名称": "张三",
    "证件号码": "",
    "联系电话": "13800138000",
    "申请内容": "请公开本局2024年行政许可统计表。",
    "答复日期": "2025-03-20",
    "办理结果": "（一）予以公开",
}
APPEAL_ROW = {
    "申请编号": "2025-000001",
    "类型": "行政复议",
    "提起日期": "2025-04-01",
    "结果": "尚未审结",
    "审结日期": "",
}
LICENCE_ROW = {
    "行政相对人名称": "防城港市测试商贸有限公司",
    "行政相对人类别": "法人及非法人组织",
    "行政相对人代码_1（统一社会信用代码）": factories.make_company_uscc(7),
    "法定代表人": "王某某",
    "行政许可决定文书名称": "准予行政许可决定书",
    "行政许可决定文书号": "防审批许〔2025〕99号",
    "许可类别": "普通",
    "许可证书名称": "食品经营许可证",
    "许可编号": "JY14506029999999",
    "许可内容": "预包装食品销售",
    "许可决定日期": "2025-03-03",
    "有效期自": "2025-03-03",
    "有效期至": "2030-03-02",
    "许可机关": "防城港市行政审批局",
    "当前状态": "有效",
}
PENALTY_ROW = {
    "行政相对人名称": "防城港市测试餐饮店",
    "行政相对人类别": "法人及非法人组织",
    "行政相对人代码_1（统一社会信用代码）": factories.make_company_uscc(8),
    "行政处罚决定书文号": "防审批罚〔2025〕5号",
    "违法行为类型": "未按规定公示",
    "违法事实": "未在经营场所公示许可证。",
    "处罚依据": "《食品安全法》第一百二十六条",
    "处罚类别": "罚款",
    "处罚内容": "罚款人民币五千元",
    "罚款金额（万元）": "0.5",
    "处罚决定日期": "2025-03-05",
    "处罚机关": "防城港市行政审批局",
}
CALENDAR_ROW = {"日期": "2027-01-01", "类型": "休", "名称": "元旦"}

# What a cell of an XLSX file may hold besides text.
cell_value = st.one_of(
    hostile_text,
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1)),
    st.sampled_from(["=1/0", "=SUM(A1:A3)", '=HYPERLINK("http://x","y")', "2025/3/3", "2025年3月3日", "20250303"]),
)


@st.composite
def table(draw, template: dict[str, str]):
    """A header (maybe with a column missing, repeated or foreign) and rows from the template with
    some cells replaced by hostile values."""
    header = list(template)
    roll = draw(st.integers(0, 99))
    change = "keep" if roll < 65 else ["drop", "repeat", "extra", "shuffle", "title row"][roll % 5]
    if change == "drop":
        header.pop(draw(st.integers(0, len(header) - 1)))
    elif change == "repeat":
        header.append(draw(st.sampled_from(header)))
    elif change == "extra":
        header.append(draw(hostile_text))
    elif change == "shuffle":
        header = draw(st.permutations(header))
    rows = []
    for index in range(draw(st.sampled_from([0, 1, 1, 2, 3, 4]))):
        row = dict(template)
        # Distinct rows, so that a file is not refused only for repeating its first row.
        if index:
            for column in ("申请内容", "行政许可决定文书号", "行政处罚决定书文号"):
                if column in row:
                    row[column] = f"{row[column]}{index}"
            if "日期" in row:
                row["日期"] = (dt.date.fromisoformat(row["日期"]) + dt.timedelta(days=index)).isoformat()
        # Most rows keep most cells (so that files get through and hostile values reach the
        # database); some are wrecked.
        hostile_cells = draw(st.sampled_from([0, 0, 0, 0, 1, 1, 2, len(template)]))
        for column in draw(st.lists(st.sampled_from(list(template)), max_size=hostile_cells, unique=True)):
            row[column] = draw(cell_value)
        rows.append([row.get(column, "") for column in header])
    prefix = [["导入文件"]] if change == "title row" else []
    return [*prefix, header, *rows]


def csv_bytes(rows, encoding: str) -> bytes:
    out = io.StringIO()
    csv.writer(out).writerows([["" if v is None else str(v) for v in row] for row in rows])
    return out.getvalue().encode(encoding, errors="replace")


def xlsx_bytes(rows) -> bytes:
    workbook = openpyxl.Workbook()
    sheet = workbook.active
    for row in rows:
        cells = []
        for value in row:
            if isinstance(value, str):
                value = ILLEGAL_CHARACTERS_RE.sub("", value)[:32000]
            elif isinstance(value, int) and not isinstance(value, bool) and abs(value) > 10**15:
                value = float(value)
            elif isinstance(value, float) and value != value:
                value = "NaN"
            cells.append(value)
        sheet.append(cells)
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()


def broken_files():
    """Files that are not what their name says, or not whole."""
    valid = xlsx_bytes([list(REGISTER_ROW), list(REGISTER_ROW.values())])
    zip_without_workbook = io.BytesIO()
    with zipfile.ZipFile(zip_without_workbook, "w") as archive:
        archive.writestr("readme.txt", "不是工作簿")
    return st.one_of(
        st.just(b""),
        st.binary(max_size=2000),
        st.just(b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),  # a PNG named .xlsx
        st.just(b"%PDF-1.4\n%\xe2\xe3\n"),
        st.just(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 100),  # old .xls
        st.just(zip_without_workbook.getvalue()),
        st.integers(4, len(valid) - 1).map(lambda n: valid[:n]),  # truncated XLSX
        st.text(max_size=300).map(lambda t: t.encode("utf-8")),  # text named .xlsx
        st.text(max_size=100).map(lambda t: t.encode("utf-16")),
        st.just("收到日期,申请渠道\n".encode("utf-16")),
        st.just(b"\xef\xbb\xbf"),
        st.just(b"a,b\n" + b'"' + b"x" * 200_000 + b'"\n'),  # one field larger than csv allows
    )


def files_for(template):
    """A CSV or XLSX file after `template` (often with hostile cells), or, one time in four, a broken one."""
    csv_file = st.tuples(table(template), st.sampled_from(["utf-8", "utf-8-sig", "gb18030"])).map(
        lambda t: csv_bytes(t[0], t[1])
    )
    return either(st.one_of(csv_file, table(template).map(xlsx_bytes)), broken_files(), one_in=4)


COUNTED = [InformationRequest, RequestEvent, Appeal, AdministrativeDecision, Disclosure, CalendarDay, CalendarYear]


def row_counts() -> dict[str, int]:
    return {model.__name__: model.objects.count() for model in COUNTED}


def run_import(tmp_path, command: str, content: bytes, *args) -> bool:
    """Run the command on `content`: True if it imported, False if it refused (and wrote nothing)."""
    cache.clear()
    path = tmp_path / "upload.xlsx"  # the name claims XLSX whatever the content is
    path.write_bytes(content)
    before = row_counts()
    try:
        call_command(command, str(path), *args, stdout=io.StringIO(), stderr=io.StringIO())
    except CommandError as exc:
        assert CJK.search(str(exc)), str(exc)
        assert row_counts() == before, "a refused file wrote rows"
        IMPORTS[f"{command} refused"] += 1
        return False
    IMPORTS[f"{command} imported"] += 1
    return True


def assert_clean_text(model, fields):
    """What was imported holds no control or direction characters (PostgreSQL refuses NUL)."""
    for values in model.objects.values_list(*fields):
        for value in values:
            assert not re.search(r"[\x00-\x08\x0b\x0c\x0e-\x1f\u202a-\u202e\u2066-\u2069]", value or ""), value


@fuzz(80)
@given(content=files_for(REGISTER_ROW))
@example(content=csv_bytes([list(REGISTER_ROW), [*list(REGISTER_ROW.values())[:4], "张\x00三\u202e"]], "utf-8"))
@example(content=b"\x89PNG\r\n\x1a\n" + b"\x00" * 64)
def test_import_register_succeeds_or_refuses_cleanly(record, tmp_path, content):
    CASES["import_register"] += 1
    if run_import(tmp_path, "import_register", content):
        assert_clean_text(InformationRequest, ["name", "phone", "description", "remarks", "tracking_number"])


@fuzz(60)
@given(content=files_for(APPEAL_ROW))
def test_import_appeals_succeeds_or_refuses_cleanly(record, tmp_path, content):
    CASES["import_appeals"] += 1
    run_import(tmp_path, "import_appeals", content)


@fuzz(80)
@given(content=st.one_of(files_for(LICENCE_ROW), files_for(PENALTY_ROW)))
@example(content=xlsx_bytes([list(LICENCE_ROW), [10**30, *list(LICENCE_ROW.values())[1:]]]))
@example(
    content=csv_bytes(
        [list(PENALTY_ROW), [*list(PENALTY_ROW.values())[:-3], "1e309", "2025-02-30", "处罚机关"]], "gb18030"
    )
)
def test_import_decisions_succeeds_or_refuses_cleanly(record, tmp_path, content):
    CASES["import_decisions"] += 1
    if run_import(tmp_path, "import_decisions", content):
        assert_clean_text(AdministrativeDecision, ["party_name", "document_number", "authority", "content"])


@fuzz(70)
@given(
    content=either(
        st.tuples(table(CALENDAR_ROW), st.sampled_from(["utf-8", "gb18030"])).map(lambda t: csv_bytes(t[0], t[1])),
        broken_files(),
        one_in=4,
    ),
    # Mostly the options a person gives (so that files get through), sometimes hostile ones.
    notice=either(st.sampled_from(["", "国务院办公厅关于2027年部分节假日安排的通知"]), hostile_text, one_in=4),
    url=either(
        st.sampled_from(["", "https://www.gov.cn/zhengce/content/2026-11/01/content_1.htm"]),
        st.one_of(st.sampled_from(["javascript:alert(1)", "http://" + "x" * 300 + ".cn/"]), hostile_text),
        one_in=4,
    ),
)
@example(content="日期,类型,名称\n2027-01-01,休,元\x00旦\n".encode(), notice="", url="")
@example(content="日期,类型,名称\n2027-01-01,休,元旦\n".encode(), notice="通知\x00" + "长" * 300, url="x" * 300)
def test_load_calendar_succeeds_or_refuses_cleanly(record, tmp_path, content, notice, url):
    CASES["load_calendar"] += 1
    if run_import(tmp_path, "load_calendar", content, f"--source-notice={notice}", f"--source-url={url}"):
        assert_clean_text(CalendarDay, ["name", "source_notice", "source_url"])


def test_gigantic_files_are_refused_cleanly(record, tmp_path):
    """A few megabytes: too many rows for one import, or one cell too large for CSV."""
    many_rows = csv_bytes(
        [list(REGISTER_ROW)] + [list(REGISTER_ROW.values())] * (register_import.MAX_ROWS + 5), "utf-8"
    )
    assert len(many_rows) > 2_000_000
    huge_cell = "日期,类型,名称\n2027-01-01,休,".encode() + "长".encode() * 1_000_000 + b"\n"
    for command, content in [
        ("import_register", many_rows),
        ("import_appeals", many_rows),
        ("import_decisions", many_rows),
        ("load_calendar", huge_cell),
        ("import_register", huge_cell),
    ]:
        CASES["gigantic files"] += 1
        assert run_import(tmp_path, command, content) is False, command
