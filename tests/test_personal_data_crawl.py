"""A crawl of the public site (pages, feeds, exports, API; every format decoded) finds no requester's personal data."""

from __future__ import annotations

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
from django.test import Client
from django.urls import reverse
from django.utils import timezone
from pypdf import PdfReader

from disclosures.models import AdministrativeDecision, Category, Disclosure
from tests import personal_data_helpers
from tests.personal_data_helpers import PERSON, World, canonical_values
from tests.utils import report_line

world = personal_data_helpers.world  # a fixture shared with other modules, bound here for pytest


pytestmark = pytest.mark.django_db


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
