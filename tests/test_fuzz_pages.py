"""Hostile input never breaks the search, list filters, JSON API, CSV exports and other public pages (hypothesis)."""

from __future__ import annotations

import csv
import io
import json
from urllib.parse import quote

import pytest
from django.core.cache import cache
from django.test import Client
from hypothesis import example, given
from hypothesis import strategies as st

from tests import fuzz_helpers
from tests.fuzz_helpers import (
    CASES,
    CJK,
    SCRIPT,
    _report_cases,  # noqa: F401 - autouse fixture
    either,
    hostile_text,
)
from tests.utils import fuzz

record = fuzz_helpers.record  # a fixture shared with other modules, bound here for pytest


pytestmark = pytest.mark.django_db


# Percent-encoding as a client might send it, broken or not.
MALFORMED = ["%", "%%", "%zz", "%E4%B8", "%ED%A0%80", "%C0%AF", "%FF%FE", "%00", "%u5ba1", "%25%32%35", "+", "&&", "=="]
raw_value = st.one_of(
    hostile_text.map(lambda v: quote(v, safe="")),
    st.sampled_from(MALFORMED),
    st.tuples(st.sampled_from(MALFORMED), hostile_text.map(lambda v: quote(v, safe=""))).map("".join),
)


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
