"""Requesters' personal data never reaches a public page, feed, export or API answer.

The public site is crawled (breadth-first from the home page, the sitemap and every public list,
feed, export and API address) over the demo record plus requests whose applicants carry
distinctive names, ID numbers, phone numbers, e-mail addresses and addresses, some answered, one
promoted to proactive disclosure (Art. 44) and published, some appealed, and the year's annual
report published. Every answer is decoded (HTML, JSON, XML, CSV, XLSX, DOCX, PDF) and searched
for each value, in Simplified and Traditional characters and percent-encoded.

Identity documents the requesters uploaded are served only to staff with the personal-data
permission, never from a public address.
"""

from __future__ import annotations

import datetime as dt
import functools
import io
import re
import time
import zipfile
from collections import deque
from dataclasses import dataclass, field
from html.parser import HTMLParser
from urllib.parse import parse_qsl, quote, urlencode, urljoin, urlsplit, urlunsplit

import opencc
import openpyxl
import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from applications import services
from applications.models import Appeal, InformationRequest, ReplyLetter, RequestAttachment
from applications.views import RECEIPTS_SESSION_KEY
from demo.requests import APPLICANTS, load_demo_requests
from disclosures import services as disclosure_services
from disclosures.models import AdministrativeDecision, Category, Disclosure
from reports import services as report_services
from reports.models import AnnualReport
from tests import factories
from tests.utils import report_line

pytestmark = pytest.mark.django_db

D = dt.date

# ---------------------------------------------------------------------------
# The applicants: every value here is personal data and must never be public
# ---------------------------------------------------------------------------

PERSON = {
    "applicant_type": "natural_person",
    "name": "欧阳靖瑶",
    "id_type": "resident_id",
    "id_number": "450602198802141231",
    "phone": "13977712345",
    "email": "ouyang.jingyao@example.net",
    "address": "防城港市港口区渔洲坪路88号金海湾小区5栋302室",
}
SECOND_PERSON = {
    "applicant_type": "natural_person",
    "name": "司马怀瑾",
    "id_type": "resident_id",
    "id_number": "450681199211072465",
    "phone": "15877765432",
    "email": "sima_huaijin@example.org",
    "address": "东兴市江平镇巫头村十二组47号",
}
ORGANISATION = {
    "applicant_type": "organisation",
    "organisation_kind": "commercial",
    "name": "防城港市鸿澜庭贸易有限公司",
    "id_type": "",
    "id_number": "",
    "uscc": factories.make_company_uscc(20260917),
    "legal_representative": "诸葛明轩",
    "contact_person": "上官婉清",
    "phone": "0770-6123457",
    "email": "contact@honglanting.example.com",
    "address": "防城港市防城区珍珠湾大道1688号鸿澜大厦19楼",
}
LAWYER = {
    "applicant_type": "organisation",
    "organisation_kind": "legal_services",
    "name": "广西澄溪律师事务所",
    "id_type": "",
    "id_number": "",
    "uscc": factories.make_company_uscc(20260918),
    "legal_representative": "慕容清岚",
    "contact_person": "东方晓棠",
    "phone": "18677788123",
    "email": "murong@chengxi-law.example.cn",
    "address": "南宁市青秀区民族大道136号华润大厦C座2108",
}
PRIVATE_FILE = b"%PDF-1.4\n% PRIVATE-IDENTITY-SCAN-7f3a91 \n"
SECRET_REMARK = "承办人备注：申请人系本局退休职工家属"

ANSWERED = D(2025, 3, 20)


def full_width(value: str) -> str:
    """１３９７７７１２３４５: ASCII letters and digits as a Chinese input method may type them."""
    return "".join(chr(ord(c) + 0xFEE0) if c.isascii() and c.isalnum() else c for c in value)


def _variants(key: str, value: str) -> set[str]:
    """A value and the forms it may take on a page, and the parts of it that identify on their own."""
    forms = {value}
    digits = re.sub(r"\D", "", value)
    if key == "id_number":  # the birth date and sequence number identify without the rest
        forms |= {value[6:17], value.lower(), f"{value[:6]} {value[6:14]} {value[14:]}", full_width(value)}
    if key == "phone" and re.fullmatch(r"1\d{10}", digits):  # a mobile number, also grouped
        grouped = {f"{digits[:3]} {digits[3:7]} {digits[7:]}", f"{digits[:3]}-{digits[3:7]}-{digits[7:]}"}
        forms |= grouped | {full_width(digits)}
    if key == "phone" and re.fullmatch(r"0\d{2,3}-\d{7,8}", value):  # a landline, also bracketed
        area, number = value.split("-")
        forms |= {f"({area}){number}", f"（{area}）{number}", f"{area}{number}"}
    if key == "email" and len(value.split("@")[0]) >= 8:  # a distinctive mailbox name (not "contact")
        forms.add(value.split("@")[0])
    if key == "address":
        forms.add(value[-10:])  # the street number, building and room
    return forms


PERSONAL_KEYS = ["name", "id_number", "uscc", "legal_representative", "contact_person", "phone", "email", "address"]


def canonical_values(*applicants) -> list[str]:
    """Each personal value once, as the requester gave it (what the crawl searches for)."""
    return sorted({a[key] for a in applicants for key in PERSONAL_KEYS if a.get(key)})


def personal_values(*applicants) -> set[str]:
    """Every form of every value (what each answer is searched for)."""
    return {form for a in applicants for key in PERSONAL_KEYS if a.get(key) for form in _variants(key, a[key])}


# ---------------------------------------------------------------------------
# The record: the demo slice plus the requests above, through the workflow
# ---------------------------------------------------------------------------


@dataclass
class World:
    sample: object
    requests: dict[str, InformationRequest]
    promoted: object
    report_year: int
    values: set[str]
    names: set[str]
    searched: list[str]
    demo_values: set[str] = field(default_factory=set)


def _request(applicant: dict, **kwargs) -> InformationRequest:
    return factories.InformationRequestFactory(**applicant, **kwargs)


def _answer(request, outcome="1"):
    return factories.answer_with_letter(
        request=request,
        outcome=outcome,
        legal_basis=f"依据《中华人民共和国政府信息公开条例》第三十六条，答复{request.name}。",
        reply_date=ANSWERED,
    )


@pytest.fixture
def world(django_user_model):
    sample = factories.load_demo_sample(per_category=4, licences=12)
    load_demo_requests(today=D(2026, 1, 15))
    received = D(2025, 3, 3)
    person = _request(
        PERSON,
        received_on=received,
        # The data in every form the requester may type it, some of it not her stored values'
        # (grouped, full-width, bracketed): promote_to_disclosure must scrub them by their shape.
        description=(
            f"本人{PERSON['name']}（身份证号{PERSON['id_number']}，电话{PERSON['phone']}，邮箱{PERSON['email']}）"
            "申请公开本局2024年度行政许可事项办理情况统计表。"
            "联系电话139 7771 2345或139-7771-2345（全角：１３９７７７１２３４５），"
            "身份证号也写作450602 19880214 1231或４５０６０２１９８８０２１４１２３１，"
            "单位电话（0770）6123457。"
        ),
        remarks=SECRET_REMARK,
    )
    second = _request(SECOND_PERSON, received_on=received, description="请公开本局2024年部门预算及说明。")
    company = _request(
        ORGANISATION,
        received_on=received,
        description=f"我公司（统一社会信用代码{ORGANISATION['uscc']}）申请公开珍珠湾大道道路工程规划许可文件。",
    )
    lawyer = _request(LAWYER, received_on=received, description="请公开2024年本局行政处罚案件数量统计。")
    # Open, answered, answered and promoted (Art. 44), answered and appealed.
    person = _answer(person)
    company = _answer(company, outcome="2")
    lawyer = _answer(lawyer, outcome="3.4")
    draft = services.promote_to_disclosure(request=person)
    editor = django_user_model.objects.create_user(username="editor", password="pw-editor-123")
    reviewer = django_user_model.objects.create_user(username="reviewer", password="pw-review-123")
    disclosure_services.submit_for_review(disclosure=draft, actor=editor)
    disclosure_services.review_disclosure(disclosure=draft, conclusion="经审查不涉密", actor=reviewer)
    promoted = disclosure_services.publish_disclosure(disclosure=draft, actor=reviewer)
    for request, kind in [(lawyer, Appeal.Kind.RECONSIDERATION), (company, Appeal.Kind.LITIGATION_DIRECT)]:
        Appeal.objects.create(
            kind=kind,
            request=request,
            case_number="防府复〔2025〕8号",
            filed_on=D(2025, 4, 10),
            notes=f"申请人{request.name}（{request.phone}）不服答复。",
        )
    attachment = RequestAttachment(
        request=person, original_name="欧阳靖瑶身份证.pdf", content_type="application/pdf", size=1
    )
    attachment.file.save("id.pdf", ContentFile(PRIVATE_FILE), save=True)
    # The 2025 report (a draft in the demo) counts these requests: published.
    report = AnnualReport.objects.get(organ=sample.organ, year=2025)
    report_services.submit_for_review(report=report)
    report_services.publish_report(report=report)

    demo_values = set()
    for applicant in APPLICANTS.values():
        # The demo's names are placeholders (张某某) that public records use too: its codes, phone
        # numbers and addresses are what identify.
        demo_values |= {applicant.phone, applicant.address}
        demo_values.add(getattr(applicant, "id_number", None) or applicant.uscc)
    mine = [PERSON, SECOND_PERSON, ORGANISATION, LAWYER]
    names = {a[k] for a in mine for k in ("name", "legal_representative", "contact_person", "address") if a.get(k)}
    # Searched for: each of the requesters' values once, and every 16th demo value (each kind of
    # demo value is among them); every form of all of them is looked for in every answer.
    searched = canonical_values(*mine) + sorted(demo_values)[::16]
    return World(
        sample=sample,
        requests={"person": person, "second": second, "company": company, "lawyer": lawyer},
        promoted=promoted,
        report_year=2025,
        values=personal_values(*mine) | {SECRET_REMARK, "PRIVATE-IDENTITY-SCAN"},
        names=names,
        searched=searched,
        demo_values=demo_values,
    )


# ---------------------------------------------------------------------------
# Reading what a response holds
# ---------------------------------------------------------------------------

_s2t = opencc.OpenCC("s2t")


@functools.cache
def in_traditional(value: str) -> str:
    return _s2t.convert(value)


XLSX_TYPES = ("application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",)
DOCX_TYPES = ("application/vnd.openxmlformats-officedocument.wordprocessingml.document",)


def response_text(response) -> str:
    """Everything a visitor receives, as text: headers (file names, redirects) and the decoded body."""
    body = b"".join(response.streaming_content) if response.streaming else response.content
    headers = " ".join(f"{k}: {v}" for k, v in response.items())
    content_type = response.get("Content-Type", "")
    if content_type.startswith(XLSX_TYPES):
        workbook = openpyxl.load_workbook(io.BytesIO(body), read_only=True)
        cells = [str(v) for sheet in workbook.worksheets for row in sheet.iter_rows(values_only=True) for v in row]
        return headers + "\n" + "\n".join(cells)
    if content_type.startswith(DOCX_TYPES):
        with zipfile.ZipFile(io.BytesIO(body)) as archive:
            xml = "".join(archive.read(n).decode("utf-8") for n in archive.namelist() if n.endswith(".xml"))
        return headers + "\n" + re.sub(r"<[^>]+>", "", xml)
    if content_type.startswith("application/pdf") or body.startswith(b"%PDF"):
        try:
            text = "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(body)).pages)
        except Exception:  # a test PDF without pages: its bytes are all there is
            text = ""
        return headers + "\n" + text + "\n" + body.decode("latin-1")
    return headers + "\n" + body.decode("utf-8", errors="replace")


class _Links(HTMLParser):
    def __init__(self):
        super().__init__()
        self.links = []

    def handle_starttag(self, tag, attrs):
        for name, value in attrs:
            if name in ("href", "src", "action") and value:
                self.links.append(value)


URL_IN_TEXT = re.compile(r"""(?:https?://testserver)?/[^\s"'<>\\]*""")


def links_in(response, text: str) -> list[str]:
    content_type = response.get("Content-Type", "")
    found = []
    if response.get("Location"):
        found.append(response["Location"])
    if content_type.startswith("text/html"):
        parser = _Links()
        parser.feed(text)
        found += parser.links
    elif content_type.startswith(
        ("application/json", "application/xml", "text/xml", "application/rss", "application/atom", "text/csv")
    ):
        found += [m for m in URL_IN_TEXT.findall(text) if m.startswith("http://testserver/")]
        found += re.findall(r"<loc>([^<]+)</loc>", text)
    return found


SKIPPED_PREFIXES = ("/admin/", "/staff/", "/static/", "/apply/calendar/")


def same_site(base: str, link: str) -> str | None:
    """The link as a path with query, if it is a page of this site worth visiting."""
    if link.startswith(("mailto:", "tel:", "javascript:", "data:", "#")):
        return None
    parts = urlsplit(urljoin(f"http://testserver{base}", link))
    if parts.scheme not in ("http", "https") or parts.netloc != "testserver":
        return None
    if parts.path.startswith(SKIPPED_PREFIXES):
        return None
    # The 繁體 copy of each page is read in a second pass with the cookie, not once per link.
    query = [(k, v) for k, v in parse_qsl(parts.query, keep_blank_values=True) if k != "variant"]
    return urlunsplit(("", "", parts.path, urlencode(query), ""))


# ---------------------------------------------------------------------------
# The crawl
# ---------------------------------------------------------------------------

MAX_URLS = 1500
MAX_PER_PATH = 25  # query-string variants of one path (sort, page and filter links multiply)
# The crawl must not silently shrink: it reads about 195 distinct pages (60 of them found only by
# following links) plus about 95 searches.
MIN_PAGES = 180
MIN_FOLLOWED = 50


def start_urls(world: World) -> list[str]:
    slugs = list(Category.objects.values_list("slug", flat=True))
    years = [world.report_year, 2018, timezone.localdate().year]
    urls = [
        "/",
        reverse("sitemap"),
        "/robots.txt",
        reverse("disclosures:catalogue"),
        *(reverse("disclosures:category", kwargs={"slug": s}) for s in slugs),
        world.sample.item.get_absolute_url(),
        world.promoted.get_absolute_url(),
        reverse("disclosures:decisions"),
        reverse("disclosures:decisions") + "?kind=penalty",
        reverse("disclosures:guide"),
        reverse("applications:submit"),
        reverse("applications:lookup"),
        reverse("applications:calculator") + "?received_on=2025-03-03&days=20",
        reverse("reports:report-list"),
        *(reverse("reports:report-detail", args=[y]) for y in years),
        reverse("reports:report-docx", args=[world.report_year]),  # 1.4 s a report: the one with the requests
        *(reverse("reports:report-xlsx", args=[y]) for y in years),
        reverse("statistics:index"),
        *(reverse("statistics:index") + f"?year={y}" for y in years),
        reverse("open_data:index"),
        reverse("open_data:api-openapi"),
        reverse("open_data:api-disclosure-list"),
        reverse("open_data:api-disclosure-list") + "?category=other&page_size=100",
        reverse("open_data:api-disclosure-list") + f"?year={world.report_year}",
        reverse("open_data:api-decision-list"),
        reverse("open_data:api-decision-list") + "?kind=penalty&page_size=100",
        reverse("open_data:api-decision-list") + "?page_size=5",  # its next pages come by cursor
        reverse("open_data:api-disclosure-list") + "?page_size=5",
        # The API's lists link the HTML pages; its own detail addresses are listed here.
        *(
            reverse("open_data:api-decision-detail", args=[pk])
            for pk in AdministrativeDecision.objects.published().values_list("pk", flat=True)
        ),
        *(
            reverse("open_data:api-disclosure-detail", args=[pk])
            for pk in Disclosure.objects.published().values_list("pk", flat=True)
        ),
        reverse("open_data:decisions-csv"),
        *(reverse("open_data:category-csv", kwargs={"slug": s}) for s in slugs),
        reverse("open_data:feed-latest-rss"),
        reverse("open_data:feed-latest-atom"),
        reverse("open_data:feed-decisions-rss"),
        reverse("open_data:feed-decisions-atom"),
        *(reverse("open_data:feed-category-rss", kwargs={"slug": s}) for s in slugs),
        *(reverse("open_data:feed-category-atom", kwargs={"slug": s}) for s in slugs),
        "/no-such-page/",
    ]
    # The search (all of the record, and the decisions, which name their parties) and, for the
    # first requester's values, the API's own search.
    for value in world.searched:
        for scope in ("", "decisions"):
            query = {"q": value, **({"scope": scope} if scope else {})}
            urls.append(f"{reverse('disclosures:search')}?{urlencode(query)}")
    for value in canonical_values(PERSON):
        urls.append(f"{reverse('open_data:api-decision-list')}?{urlencode({'q': value})}")
        urls.append(f"{reverse('open_data:api-disclosure-list')}?{urlencode({'q': value})}")
    return urls


@dataclass
class Crawl:
    started: set[str] = field(default_factory=set)
    visited: dict[str, int] = field(default_factory=dict)  # url → status
    html: list[str] = field(default_factory=list)
    leaks: list[tuple[str, str]] = field(default_factory=list)


def searched_for(url: str) -> str | None:
    """The words a search or API address asks for: the page may echo them back to the visitor."""
    return dict(parse_qsl(urlsplit(url).query)).get("q")


def find_leaks(url: str, text: str, values: set[str], *, traditional=False) -> list[tuple[str, str]]:
    echoed = searched_for(url)
    if echoed:
        # The visitor's own words come back in the search box, the title and the links: cut them
        # out (plain and encoded); a result holding them would have left more than the echo.
        for form in {echoed, quote(echoed), quote(echoed).replace("%20", "+"), quote(echoed, safe="")}:
            text = text.replace(form, "")
        if traditional:
            text = text.replace(in_traditional(echoed), "")
    leaks = []
    for value in values:
        forms = {value, quote(value)}
        if traditional:
            forms.add(in_traditional(value))
        leaks += [(url, form) for form in forms if form in text]
    return leaks


def crawl(client: Client, world: World) -> Crawl:
    values = world.values | world.demo_values
    result = Crawl()
    queue = deque(start_urls(world))
    result.started = set(queue)
    queued = set(queue)
    per_path: dict[str, int] = {}
    while queue and len(result.visited) < MAX_URLS:
        url = queue.popleft()
        response = client.get(url)
        result.visited[url] = response.status_code
        assert response.status_code < 500, url
        text = response_text(response)
        result.leaks += find_leaks(url, text, values)
        if response.get("Content-Type", "").startswith("text/html") and response.status_code == 200:
            result.html.append(url)
        echoed = searched_for(url)
        if echoed in values:
            # A search for personal data finds nothing (the requesters are in no public record).
            found = '"results": []' not in text if url.startswith("/api/") else "没有找到与" not in text
            if found and response.status_code == 200 and "请输入" not in text:
                result.leaks.append((url, "the search found something"))
        for link in links_in(response, text):
            target = same_site(url, link)
            if target is None or target in queued:
                continue
            if echoed is not None and searched_for(target) is not None:
                continue  # a search's other tabs and suggestions: the searches are chosen above
            path = urlsplit(target).path
            if urlsplit(target).query:
                if per_path.get(path, 0) >= MAX_PER_PATH:
                    continue
                per_path[path] = per_path.get(path, 0) + 1
            queued.add(target)
            queue.append(target)
    return result


def test_crawl_of_the_public_site_finds_no_personal_data(world, request):
    anonymous = Client(raise_request_exception=False)
    started = time.monotonic()
    result = crawl(anonymous, world)
    crawled = time.monotonic() - started

    # Every kind of public page was reached (what tests/conftest.py public_urls lists, and more).
    visited = set(result.visited)
    for expected in [
        "/",
        "/sitemap.xml",
        world.promoted.get_absolute_url(),
        reverse("disclosures:category", kwargs={"slug": "normative"}),
        reverse("disclosures:category", kwargs={"slug": "licensing"}),
        reverse("reports:report-detail", args=[world.report_year]),
        reverse("reports:report-xlsx", args=[world.report_year]),
        reverse("statistics:index") + f"?year={world.report_year}",
        reverse("open_data:decisions-csv"),
        reverse("open_data:feed-latest-rss"),
    ]:
        assert expected in visited, expected
    assert any(url.startswith("/decisions/") and url[11:-1].isdigit() for url in visited)
    assert any(url.startswith("/disclosures/") for url in visited)
    assert any(url.startswith("/attachments/") for url in visited)
    assert any(url.startswith("/sitemap-") for url in visited)
    for api in ("/api/v1/decisions/", "/api/v1/disclosures/"):
        assert any(re.fullmatch(rf"{api}\d+/", url) for url in visited), api  # detail pages
        assert any(url.startswith(f"{api}?") and "cursor=" in url for url in visited), api  # the next pages
    assert result.visited[reverse("reports:report-detail", args=[world.report_year])] == 200
    assert result.visited[world.promoted.get_absolute_url()] == 200

    # The 繁體 pass: every HTML page again, as a reader with the Traditional cookie sees it (searches
    # only for the names, the values that change in Traditional characters).
    hant = Client(raise_request_exception=False)
    hant.cookies["script"] = "hant"
    again = [url for url in result.html if searched_for(url) in (None, *world.names)]
    converted = 0
    for url in again:
        response = hant.get(url)
        assert response.status_code < 500, url
        converted += response.get("Content-Language") == "zh-Hant"
        result.leaks += find_leaks(url, response_text(response), world.values | world.demo_values, traditional=True)

    elapsed = time.monotonic() - started
    searches = [url for url in result.visited if searched_for(url)]
    pages = len(result.visited) - len(searches)
    followed = [url for url in result.visited if url not in result.started and not searched_for(url)]
    report_line(
        request,
        f"PII crawl: {pages} distinct pages plus {len(searches)} searches ({len(followed)} reached by "
        f"following links) in {crawled:.1f} s, {len(again)} pages again in 繁體 in {elapsed - crawled:.1f} s",
    )
    assert pages >= MIN_PAGES, pages
    assert len(followed) >= MIN_FOLLOWED, len(followed)
    assert converted >= 0.9 * len(again) > 80, (converted, len(again))
    assert not result.leaks, sorted(set(result.leaks))[:30]


def test_promoted_item_keeps_the_information_and_drops_the_requester(world, client):
    page = client.get(world.promoted.get_absolute_url()).content.decode()
    assert "行政许可事项办理情况统计表" in page
    for value in world.values:
        assert value not in page, value


def test_promoted_item_drops_an_organisations_representative_and_contact(organ):
    request = _request(
        ORGANISATION,
        received_on=D(2025, 3, 3),
        description=(
            f"联系人{ORGANISATION['contact_person']}（法定代表人{ORGANISATION['legal_representative']}）"
            "代表本公司申请公开珍珠湾大道道路工程规划许可文件。"
        ),
    )
    draft = services.promote_to_disclosure(request=_answer(request))
    text = f"{draft.title} {draft.summary} {draft.body}"
    assert "珍珠湾大道道路工程规划许可文件" in text
    for value in (ORGANISATION["contact_person"], ORGANISATION["legal_representative"]):
        assert value not in text


SCRUBBED = [
    # (text, what the proactive item says): the requester's own values, in any form she types them
    (f"申请人{PERSON['name']}，住{PERSON['address']}。", "申请人***，住***。"),
    ("电话139 7771 2345。", "电话***。"),
    ("电话139-7771-2345。", "电话***。"),
    ("电话１３９７７７１２３４５。", "电话***。"),
    ("电话+86 (139) 7771 2345", "电话***"),
    ("身份证450602 19880214 1231。", "身份证***。"),
    ("身份证450602-1988-0214-1231", "身份证***"),
    ("身份证４５０６０２１９８８０２１４１２３１，", "身份证***，"),
    ("邮箱ＯＵＹＡＮＧ．ＪＩＮＧＹＡＯ＠ＥＸＡＭＰＬＥ．ＮＥＴ", "邮箱***"),
    # anyone's data, by its shape
    ("联系人电话（0770）6123457。", "联系人电话***。"),
    ("(010) 1234-5678、0770-282-8077", "***、***"),
    ("邻居司马怀瑾的电话15877765432", "邻居司马怀瑾的电话***"),  # the name is no shape: see the crawl
    ("其邮箱zhang@例子.中国，", "其邮箱***，"),
    ("其身份证号ID45068119921107246X。", "其身份证号ID***。"),
    # what the request is about stays as written, full-width punctuation and all
    ("申请公开本局2024年度行政许可事项办理情况统计表（第1—4季度）。", None),
    ("防审批规〔2018〕12号、文号2025-000123", None),
    ("索引号114506000000000171/2025-00003", None),
    ("用时6.515929727227629秒，共１２件", None),
]


@pytest.mark.parametrize(("text", "expected"), SCRUBBED)
def test_scrub_personal_data(text, expected):
    request = InformationRequest(**PERSON)
    assert services.scrub_personal_data(text, request) == (text if expected is None else expected)


# ---------------------------------------------------------------------------
# The receipt belongs to the browser that filed the request
# ---------------------------------------------------------------------------


def test_receipt_is_shown_only_in_the_filing_browsers_session():
    request = _request(PERSON, channel="online", received_on=D(2026, 3, 2))
    url = reverse("applications:receipt", args=[request.tracking_number])
    filer = Client()
    session = filer.session
    session[RECEIPTS_SESSION_KEY] = {request.tracking_number: ["ABCDEFGH23", time.time()]}
    session.save()
    response = filer.get(url)
    assert response.status_code == 200
    receipt = response.content.decode()
    assert request.tracking_number in receipt and "ABCDEFGH23" in receipt  # what the receipt shows
    for stranger in (Client(), Client(raise_request_exception=False)):
        response = stranger.get(url)
        assert response.status_code == 404
        assert "ABCDEFGH23" not in response.content.decode()
    # Another browser that filed a different request does not see this one.
    other = Client()
    session = other.session
    session[RECEIPTS_SESSION_KEY] = {"2026-999999": ["ABCDEFGH23", time.time()]}
    session.save()
    assert other.get(url).status_code == 404


# ---------------------------------------------------------------------------
# Identity documents: permitted staff only, never a public address
# ---------------------------------------------------------------------------


@pytest.fixture
def identity_document():
    request = _request(PERSON, received_on=D(2026, 3, 2))
    attachment = RequestAttachment(request=request, original_name="身份证.pdf", content_type="application/pdf", size=1)
    attachment.file.save("id.pdf", ContentFile(PRIVATE_FILE), save=True)
    letter = ReplyLetter.objects.create(request=request, outcome="1", title="答复告知书", body=f"{PERSON['name']}：")
    return attachment, letter


def _staff(django_user_model, username, *codenames, is_staff=True):
    user = django_user_model.objects.create_user(username=username, password=f"pw-{username}-123", is_staff=is_staff)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _private_urls(attachment, letter):
    return [
        reverse("admin:applications_requestattachment_download", args=[attachment.pk]),
        reverse("admin:applications_replyletter_view", args=[letter.pk]),
        reverse("admin:applications_replyletter_docx", args=[letter.pk]),
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_anonymous_visitors_and_non_staff_are_sent_to_the_login(identity_document, django_user_model):
    attachment, letter = identity_document
    citizen = _staff(django_user_model, "citizen", "view_personal_data", is_staff=False)
    for client in (Client(raise_request_exception=False), citizen):
        for url in _private_urls(attachment, letter):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
            assert b"PRIVATE-IDENTITY-SCAN" not in _body(response)


def test_staff_without_the_personal_data_permission_are_refused(identity_document, django_user_model):
    attachment, letter = identity_document
    clerk = _staff(django_user_model, "clerk", "view_informationrequest", "change_informationrequest")
    for url in _private_urls(attachment, letter):
        response = clerk.get(url)
        assert response.status_code in (403, 404), url
        assert b"PRIVATE-IDENTITY-SCAN" not in _body(response)
        assert PERSON["name"] not in _body(response).decode(errors="replace")


def test_permitted_staff_get_the_file_uncached(identity_document, django_user_model):
    attachment, _letter = identity_document
    officer = _staff(django_user_model, "officer", "view_informationrequest", "view_personal_data")
    response = officer.get(reverse("admin:applications_requestattachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert _body(response) == PRIVATE_FILE
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_no_public_address_serves_private_files(identity_document, settings):
    attachment, _letter = identity_document
    name = attachment.file.name
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == PRIVATE_FILE
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - a private file has no URL
    anonymous = Client(raise_request_exception=False)
    root = settings.PRIVATE_MEDIA_ROOT
    for url in [
        f"/media/{name}",
        f"/private-media/{name}",
        f"/{name}",
        f"/static/../private-media/{name}",
        f"/media/../private-media/{name}",
        "/media/" + quote(f"../{root.name}/{name}", safe=""),
        f"/attachments/{attachment.pk}/",
        f"/static/{name}",
        f"/{root}/{name}".replace("//", "/"),
    ]:
        response = anonymous.get(url)
        assert b"PRIVATE-IDENTITY-SCAN" not in _body(response), url
        assert response.status_code in (301, 302, 400, 404), (url, response.status_code)


# One definition of a control character for forms, imports and logs (common.personal_data).
@pytest.mark.parametrize(
    ("text", "stripped"),
    [
        ("张三", "张三"),
        ("张\x00三", "张三"),  # NUL, refused by PostgreSQL
        ("张\u202e三", "张三"),  # right-to-left override
        ("张\u200b三\u00ad", "张三"),  # zero-width space, soft hyphen (format characters)
        ("张\x85三\x9b", "张三"),  # C1 controls
        ("a\U000e0041b", "ab"),  # a tag character beyond the BMP
        ("一\t二\r\n三", "一\t二\r\n三"),  # tab and line breaks stay
    ],
)
def test_control_characters_one_definition(text, stripped):
    from common.personal_data import has_control_characters, strip_control_characters

    assert strip_control_characters(text) == stripped
    assert has_control_characters(text) == (text != stripped)
    assert strip_control_characters("一\t二\n", keep="") == "一二"
