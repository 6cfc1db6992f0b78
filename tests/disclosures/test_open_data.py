"""Open data: the JSON API and its OpenAPI document, CSV exports, feeds, sitemap and robots.txt."""

import csv
import datetime as dt
import io
import re
import xml.etree.ElementTree as ET

import pytest
from django.urls import reverse
from django.utils import timezone

from disclosures import api, open_data_urls, openapi
from disclosures.models import AdministrativeDecision, Category, Disclosure, PublicationStatus
from disclosures.open_data import DECISION_FIELDS, DISCLOSURE_RECORD_FIELDS
from disclosures.privacy import PRIVATE_DECISION_FIELDS
from disclosures.sitemaps import DecisionSitemap
from reports.models import AnnualReport
from tests.factories import (
    AttachmentFactory,
    DecisionFactory,
    DisclosureFactory,
    InformationRequestFactory,
    OrganFactory,
)
from tests.utils import count_queries, h1_count

pytestmark = pytest.mark.django_db

ATOM = "{http://www.w3.org/2005/Atom}"
CJK = re.compile(r"[\u4e00-\u9fff]")
PARTY_ID = "11010519491231002X"
LEGAL_REP_ID = "360426199101010071"


def api_url(name, **kwargs):
    return reverse(f"open_data:{name}", kwargs=kwargs or None)


def get_json(client, url, params=None, status=200):
    response = client.get(url, params or {})
    assert response.status_code == status, response.content.decode()
    assert response["Content-Type"] == "application/json"
    return response.json()


def walk(client, url, params):
    """Every row of a list, page after page through `next`; also returns the number of pages."""
    rows, pages = [], 0
    body = get_json(client, url, params)
    while True:
        pages += 1
        rows.extend(body["results"])
        if body["next"] is None:
            return rows, pages
        assert pages < 100, "the walk does not end"
        body = get_json(client, body["next"])


def csv_rows(response):
    assert response.status_code == 200
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    assert "attachment" in response["Content-Disposition"]
    content = b"".join(response.streaming_content)
    assert content.startswith(b"\xef\xbb\xbf")  # BOM: Excel reads UTF-8
    return list(csv.reader(io.StringIO(content.decode("utf-8-sig"))))


def rss_items(response):
    assert response.status_code == 200
    root = ET.fromstring(response.content)
    return [
        {child.tag: child.text for child in item}
        for item in root.iter("item")  # RSS 2.0
    ]


@pytest.fixture
def unpublished(organ):
    """One item and one decision of each hidden state: draft, in review, withdrawn, future-dated."""
    tomorrow = timezone.now() + dt.timedelta(days=1)
    items = [
        DisclosureFactory(organ=organ, title="草稿事项", draft=True),
        DisclosureFactory(organ=organ, title="待审查事项", status=PublicationStatus.SUBMITTED, published_at=None),
        DisclosureFactory(organ=organ, title="审查通过事项", status=PublicationStatus.REVIEWED, published_at=None),
        DisclosureFactory(organ=organ, title="已撤回事项", withdrawn=True),
        DisclosureFactory(organ=organ, title="明日发布事项", published_at=tomorrow),
    ]
    decisions = [
        DecisionFactory(organ=organ, party_name="草稿公司", draft=True),
        DecisionFactory(organ=organ, party_name="撤回公司", withdrawn=True),
        DecisionFactory(organ=organ, party_name="明日公示公司", published_at=tomorrow),
    ]
    return items, decisions


@pytest.fixture
def natural_person(organ):
    return DecisionFactory(
        organ=organ,
        natural_person=True,
        party_name="李某某",
        legal_representative="李某某",
        legal_rep_id_type="身份证",
        legal_rep_id_number=LEGAL_REP_ID,
    )


# ---------------------------------------------------------------------------
# API: visibility and privacy
# ---------------------------------------------------------------------------


def test_api_lists_only_published_rows(client, organ, unpublished):
    item = DisclosureFactory(organ=organ, title="已发布事项")
    decision = DecisionFactory(organ=organ, party_name="已公示公司")
    listed = get_json(client, api_url("api-disclosure-list"), {"page_size": 100})["results"]
    assert [row["id"] for row in listed] == [item.pk]
    decided = get_json(client, api_url("api-decision-list"), {"page_size": 100})["results"]
    assert [row["id"] for row in decided] == [decision.pk]


def test_api_detail_of_unpublished_rows_is_a_json_404(client, unpublished):
    items, decisions = unpublished
    for item in items:
        body = get_json(client, api_url("api-disclosure-detail", pk=item.pk), status=404)
        assert body["error"]["code"] == "not_found" and CJK.search(body["error"]["message"])
    for decision in decisions:
        get_json(client, api_url("api-decision-detail", pk=decision.pk), status=404)
    get_json(client, api_url("api-decision-detail", pk=99999999999999999999), status=404)


def test_api_detail_of_a_published_item_has_every_field(client, organ):
    item = DisclosureFactory(
        organ=organ,
        normative=True,
        title="关于进一步规范企业投资项目备案管理的通知",
        document_number="防审批规〔2018〕3号",
        written_on=dt.date(2018, 4, 2),
        published_at=dt.datetime(2018, 4, 4, 2, 0, tzinfo=dt.UTC),
        body="<p>各县（市、区）行政审批局：</p>",
    )
    attachment = AttachmentFactory(disclosure=item, title="备案管理办法全文")
    body = get_json(client, api_url("api-disclosure-detail", pk=item.pk))
    assert (
        list(body) == DISCLOSURE_RECORD_FIELDS == openapi.document()["components"]["schemas"]["Disclosure"]["required"]
    )
    assert body["index_number"] == item.index_number
    assert body["kind"] == {"code": "normative", "label": "行政规范性文件"}
    assert body["category"] == {"slug": "normative", "name": "行政规范性文件"}
    assert body["organ"] == {"id": organ.pk, "name": organ.name}
    assert body["written_on"] == "2018-04-02"
    assert body["published_at"] == "2018-04-04T10:00:00+08:00"
    assert body["validity"] == {"code": "in_force", "label": "有效"}
    assert body["body"] == "<p>各县（市、区）行政审批局：</p>"
    assert body["url"] == f"http://testserver{item.get_absolute_url()}"
    assert body["attachments"] == [
        {
            "name": "备案管理办法全文",
            "url": f"http://testserver{attachment.get_absolute_url()}",
            "size": attachment.size,
            "extension": "PDF",
        }
    ]
    assert client.get(body["attachments"][0]["url"]).status_code == 200


def test_api_decision_has_the_public_fields_and_no_identity_numbers(client, natural_person):
    body = get_json(client, api_url("api-decision-detail", pk=natural_person.pk))
    assert list(body) == ["id", *DECISION_FIELDS, "organ", "url"]
    assert body["party_name"] == "李某某" and body["legal_representative"] == "李某某"
    assert body["party_type"] == {"code": "natural_person", "label": "自然人"}
    for field in PRIVATE_DECISION_FIELDS:
        assert field not in body


def test_penalty_amounts_are_exact_decimal_strings(client, organ):
    penalty = DecisionFactory(organ=organ, kind="penalty", fine_amount="0.500000", licence_category="")
    body = get_json(client, api_url("api-decision-detail", pk=penalty.pk))
    assert body["fine_amount"] == "0.5" and body["confiscated_amount"] is None
    assert body["licence_category"] is None


def _open_data_outputs(client, category_slug="news"):
    """The text of every open-data output a member of the public can fetch."""
    outputs = {}
    for name in ["api-disclosure-list", "api-decision-list"]:
        outputs[name] = client.get(api_url(name), {"page_size": 100}).content.decode()
    for decision in AdministrativeDecision.objects.all():
        outputs[f"decision {decision.pk}"] = client.get(api_url("api-decision-detail", pk=decision.pk)).content.decode()
    for name, kwargs in [
        ("decisions-csv", {}),
        ("category-csv", {"slug": "licensing"}),
        ("category-csv", {"slug": category_slug}),
    ]:
        outputs[f"{name} {kwargs}"] = b"".join(client.get(api_url(name, **kwargs)).streaming_content).decode()
    for name, kwargs in [
        ("feed-latest-rss", {}),
        ("feed-latest-atom", {}),
        ("feed-decisions-rss", {}),
        ("feed-category-rss", {"slug": "licensing"}),
        ("feed-category-atom", {"slug": category_slug}),
    ]:
        outputs[name + str(kwargs)] = client.get(api_url(name, **kwargs)).content.decode()
    for section in ["static", "categories", "disclosures", "decisions", "reports"]:
        outputs[section] = client.get(reverse("sitemap-section", kwargs={"section": section})).content.decode()
    return outputs


def test_identity_numbers_raw_or_masked_never_reach_open_data(client, natural_person):
    forbidden = [
        PARTY_ID,
        PARTY_ID.lower(),
        LEGAL_REP_ID,
        natural_person.public.party_id_number,
        natural_person.public.legal_rep_id_number,
        "19491231",  # the birth date inside the number
        "id_number",
        "证件号码",
    ]
    outputs = _open_data_outputs(client, category_slug="licensing")
    for name in ["api-decision-list", f"decision {natural_person.pk}", "decisions-csv {}", "feed-decisions-rss{}"]:
        assert "李某某" in outputs[name], name  # the decision is there, its numbers are not
    for name, text in outputs.items():
        for value in forbidden:
            assert value not in text, (name, value)


def test_requesters_and_unpublished_rows_never_reach_open_data(client, organ, unpublished):
    InformationRequestFactory(name="独特姓名甲乙丙", id_number=LEGAL_REP_ID, phone="13912349876")
    DisclosureFactory(organ=organ, title="已发布事项")
    DecisionFactory(organ=organ, party_name="已公示公司")
    items, decisions = unpublished
    hidden = [item.title for item in items] + [d.party_name for d in decisions]
    hidden_paths = [item.get_absolute_url() for item in items] + [d.get_absolute_url() for d in decisions]
    outputs = _open_data_outputs(client)
    assert "已发布事项" in outputs["api-disclosure-list"] and "已公示公司" in outputs["decisions-csv {}"]
    for name, text in outputs.items():
        for value in [*hidden, "独特姓名甲乙丙", LEGAL_REP_ID, "13912349876"]:
            assert value not in text, (name, value)
        for path in hidden_paths:
            assert f"testserver{path}" not in text, (name, path)


# ---------------------------------------------------------------------------
# API: filters and errors
# ---------------------------------------------------------------------------


def _ids(client, name, params):
    return {row["id"] for row in get_json(client, api_url(name), {"page_size": 100, **params})["results"]}


def test_disclosure_filters(client, organ):
    other = OrganFactory()
    news_2018 = DisclosureFactory(organ=organ, published_at=dt.datetime(2018, 6, 1, tzinfo=dt.UTC))
    # 2019-12-31 20:00 UTC is 2020-01-01 in Beijing: the year is the local one.
    news_2020 = DisclosureFactory(organ=other, published_at=dt.datetime(2019, 12, 31, 20, tzinfo=dt.UTC))
    normative = DisclosureFactory(organ=organ, normative=True)
    rule = DisclosureFactory(organ=organ, category=Category.objects.get(slug="rules"), kind="regulation")
    assert _ids(client, "api-disclosure-list", {"category": "news"}) == {news_2018.pk, news_2020.pk}
    assert _ids(client, "api-disclosure-list", {"category": "regulations"}) == {normative.pk, rule.pk}
    assert _ids(client, "api-disclosure-list", {"category": "rules"}) == {rule.pk}
    assert _ids(client, "api-disclosure-list", {"organ": other.pk}) == {news_2020.pk}
    assert _ids(client, "api-disclosure-list", {"kind": "normative"}) == {normative.pk}
    assert _ids(client, "api-disclosure-list", {"year": 2018}) == {news_2018.pk}
    assert _ids(client, "api-disclosure-list", {"year": 2020}) == {news_2020.pk}
    assert _ids(client, "api-disclosure-list", {"year": 2018, "organ": other.pk}) == set()


def test_decision_filters(client, organ):
    licence = DecisionFactory(organ=organ, decided_on=dt.date(2018, 5, 1), licence_number="JY14506020001234")
    penalty = DecisionFactory(organ=organ, kind="penalty", decided_on=dt.date(2025, 3, 1))
    assert _ids(client, "api-decision-list", {"kind": "penalty"}) == {penalty.pk}
    assert _ids(client, "api-decision-list", {"year": 2018}) == {licence.pk}
    spaced = " ".join(licence.party_uscc.lower()[i : i + 6] for i in range(0, 18, 6))
    assert _ids(client, "api-decision-list", {"uscc": spaced}) == {licence.pk}
    assert _ids(client, "api-decision-list", {"number": "JY14506020001234"}) == {licence.pk}
    assert _ids(client, "api-decision-list", {"number": penalty.document_number}) == {penalty.pk}
    assert _ids(client, "api-decision-list", {"number": "JY1450602000123"}) == set()  # exact, not a prefix


@pytest.mark.parametrize(
    ("name", "params", "field"),
    [
        ("api-disclosure-list", {"year": "abc"}, "year"),
        ("api-disclosure-list", {"year": "1990"}, "year"),
        ("api-disclosure-list", {"organ": "abc"}, "organ"),
        ("api-disclosure-list", {"organ": "99999999"}, "organ"),
        ("api-disclosure-list", {"organ": "99999999999999999999999"}, "organ"),
        ("api-disclosure-list", {"category": "no-such"}, "category"),
        ("api-disclosure-list", {"category": "bad slug!"}, "category"),
        ("api-disclosure-list", {"kind": "bogus"}, "kind"),
        ("api-disclosure-list", {"page_size": "0"}, "page_size"),
        ("api-disclosure-list", {"page_size": "101"}, "page_size"),
        ("api-disclosure-list", {"page_size": "many"}, "page_size"),
        ("api-disclosure-list", {"q": "字" * 101}, "q"),
        ("api-disclosure-list", {"cursor": "not-a-cursor"}, "cursor"),
        ("api-disclosure-list", {"cursor": "词"}, "cursor"),
        ("api-disclosure-list", {"cursor": api.encode_cursor({"after": ["2018-01-01T00:00:00", 1]})}, "cursor"),
        ("api-disclosure-list", {"cursor": api.encode_cursor({"offset": 20})}, "cursor"),
        ("api-decision-list", {"kind": "bogus"}, "kind"),
        ("api-decision-list", {"year": "2007"}, "year"),
        ("api-decision-list", {"uscc": "9" * 19}, "uscc"),
        ("api-decision-list", {"cursor": api.encode_cursor({"after": ["not a date", 1]})}, "cursor"),
        ("api-decision-list", {"cursor": api.encode_cursor({"after": ["2018-01-01", "1"]})}, "cursor"),
        ("api-decision-list", {"cursor": api.encode_cursor({"after": None})}, "cursor"),
        ("api-decision-list", {"cursor": api.encode_cursor({"after": ["2018-01-01", 10**30]})}, "cursor"),
        ("api-decision-list", {"cursor": api.encode_cursor([1, 2])}, "cursor"),
        ("api-decision-list", {"q": "食品", "cursor": api.encode_cursor({"after": ["2018-01-01", 1]})}, "cursor"),
        ("api-decision-list", {"q": "食品", "cursor": api.encode_cursor({"offset": 100000})}, "cursor"),
    ],
)
def test_invalid_parameters_are_a_400_with_a_chinese_message(client, organ, name, params, field):
    DisclosureFactory(organ=organ)
    body = get_json(client, api_url(name), params, status=400)
    error = body["error"]
    assert error["code"] == "invalid_parameters" and CJK.search(error["message"])
    assert list(error["fields"]) == [field]
    assert all(CJK.search(e["message"]) and e["code"] for e in error["fields"][field])


def test_unknown_parameters_are_ignored_and_page_size_defaults_to_the_setting(client, organ, settings):
    settings.PAGINATE_BY = 3
    DisclosureFactory.create_batch(4, organ=organ)
    body = get_json(client, api_url("api-disclosure-list"), {"_": "12345"})
    assert len(body["results"]) == 3 and body["page_size"] == 3 and body["next"]
    assert "_=12345" in body["next"]  # the other parameters are kept


def test_api_is_read_only_and_open_to_other_sites(client, db):
    response = client.get(api_url("api-disclosure-list"))
    assert response["Access-Control-Allow-Origin"] == "*"
    assert client.post(api_url("api-disclosure-list")).status_code == 405


# ---------------------------------------------------------------------------
# API: paging without COUNT(*)
# ---------------------------------------------------------------------------


def test_keyset_paging_walks_every_item_once_when_dates_tie(client, organ):
    moment = dt.datetime(2024, 5, 1, 9, 30, tzinfo=dt.UTC)
    DisclosureFactory.create_batch(13, organ=organ, published_at=moment)
    DisclosureFactory.create_batch(3, organ=organ, published_at=moment + dt.timedelta(microseconds=1))
    DisclosureFactory.create_batch(4, organ=organ, published_at=moment - dt.timedelta(days=1))
    expected = list(Disclosure.objects.published().order_by("-published_at", "-pk").values_list("pk", flat=True))
    rows, pages = walk(client, api_url("api-disclosure-list"), {"page_size": 6})
    assert [row["id"] for row in rows] == expected and pages == 4


def test_keyset_paging_walks_every_decision_once_when_dates_tie(client, organ):
    DecisionFactory.create_batch(11, organ=organ, decided_on=dt.date(2024, 5, 1))
    DecisionFactory.create_batch(5, organ=organ, decided_on=dt.date(2024, 4, 30), kind="penalty")
    DecisionFactory(organ=organ, decided_on=dt.date(2024, 5, 1), draft=True)
    expected = list(
        AdministrativeDecision.objects.published().order_by("-decided_on", "-pk").values_list("pk", flat=True)
    )
    rows, pages = walk(client, api_url("api-decision-list"), {"page_size": 5})
    assert [row["id"] for row in rows] == expected and pages == 4
    penalties, _pages = walk(client, api_url("api-decision-list"), {"page_size": 2, "kind": "penalty"})
    assert len(penalties) == 5 and {row["kind"]["code"] for row in penalties} == {"penalty"}


def test_lists_never_count_rows(client, organ):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    DisclosureFactory.create_batch(3, organ=organ)
    DecisionFactory.create_batch(3, organ=organ)
    for name in ["api-disclosure-list", "api-decision-list"]:
        with CaptureQueriesContext(connection) as ctx:
            client.get(api_url(name), {"page_size": 2})
        assert not any("COUNT(" in q["sql"].upper() for q in ctx.captured_queries), name


@pytest.mark.parametrize(
    ("name", "params"),
    [
        ("api-disclosure-list", {}),
        ("api-disclosure-list", {"category": "regulations", "organ": "ORGAN", "year": 2026}),
        ("api-decision-list", {}),
        ("api-decision-list", {"kind": "licence", "year": 2026}),
    ],
)
def test_list_query_count_does_not_grow_with_rows(client, organ, name, params):
    params = {key: organ.pk if value == "ORGAN" else value for key, value in params.items()}

    def fill(n):
        for _ in range(n):
            AttachmentFactory.create_batch(2, disclosure=DisclosureFactory(organ=organ, normative=True))
            DecisionFactory(organ=organ)

    def url():
        query = "&".join(f"{key}={value}" for key, value in {"page_size": 100, **params}.items())
        return f"{api_url(name)}?{query}"

    fill(5)
    five = count_queries(client, url())
    fill(25)
    assert count_queries(client, url()) == five


def test_detail_query_count_does_not_grow_with_attachments(client, organ):
    item = DisclosureFactory(organ=organ)
    AttachmentFactory(disclosure=item)
    url = api_url("api-disclosure-detail", pk=item.pk)
    one = count_queries(client, url)
    AttachmentFactory.create_batch(5, disclosure=item)
    assert count_queries(client, url) == one
    assert len(get_json(client, url)["attachments"]) == 6


# ---------------------------------------------------------------------------
# API: keyword search (disclosures.search)
# ---------------------------------------------------------------------------


def test_search_finds_matching_items_and_decisions(client, organ):
    flood = DisclosureFactory(organ=organ, title="关于做好防汛抗旱工作的通知")
    DisclosureFactory(organ=organ, title="政务公开工作推进会")
    food = DecisionFactory(organ=organ, party_name="防城港市北部湾食品有限公司")
    DecisionFactory(organ=organ, party_name="港口区其他商行")
    assert _ids(client, "api-disclosure-list", {"q": "防汛"}) == {flood.pk}
    assert _ids(client, "api-disclosure-list", {"q": "防汛", "category": "normative"}) == set()
    assert _ids(client, "api-decision-list", {"q": "北部湾食品"}) == {food.pk}


def test_search_pages_by_offset_up_to_the_cap(client, organ, monkeypatch):
    for n in range(5):
        DisclosureFactory(organ=organ, title=f"第{n}号防汛抗旱工作通知")
    DisclosureFactory(organ=organ, title="政务公开工作推进会")
    rows, pages = walk(client, api_url("api-disclosure-list"), {"q": "防汛", "page_size": 2})
    assert len(rows) == 5 and len({row["id"] for row in rows}) == 5 and pages == 3
    monkeypatch.setattr(api, "MAX_SEARCH_RESULTS", 3)
    rows, pages = walk(client, api_url("api-disclosure-list"), {"q": "防汛", "page_size": 2})
    assert len(rows) == 3 and len({row["id"] for row in rows}) == 3 and pages == 2


# ---------------------------------------------------------------------------
# OpenAPI: complete, and matching what the views return
# ---------------------------------------------------------------------------


def _resolve(document, reference):
    node = document
    for part in reference.removeprefix("#/").split("/"):
        node = node[part]
    return node


TYPES = {
    "object": dict,
    "array": list,
    "string": str,
    "integer": int,
    "number": (int, float),
    "boolean": bool,
    "null": type(None),
}


def check(value, schema, document, where="$"):
    """A small JSON Schema check: $ref, anyOf, type, enum, required, properties, items, formats."""
    if "$ref" in schema:
        return check(value, _resolve(document, schema["$ref"]), document, where)
    if "anyOf" in schema:
        failures = []
        for option in schema["anyOf"]:
            try:
                return check(value, option, document, where)
            except AssertionError as failure:
                failures.append(str(failure))
        raise AssertionError(f"{where}: no anyOf option matches {value!r}: {failures}")
    types = schema.get("type")
    if types:
        types = [types] if isinstance(types, str) else types
        ok = any(
            isinstance(value, TYPES[t]) and not (t in {"integer", "number"} and isinstance(value, bool)) for t in types
        )
        assert ok, f"{where}: {value!r} is not {types}"
    if "enum" in schema:
        assert value in schema["enum"], f"{where}: {value!r} not in {schema['enum']}"
    if isinstance(value, str):
        if "pattern" in schema:
            assert re.search(schema["pattern"], value), f"{where}: {value!r} !~ {schema['pattern']}"
        if schema.get("format") == "date":
            dt.date.fromisoformat(value)
        if schema.get("format") == "date-time":
            assert dt.datetime.fromisoformat(value).tzinfo is not None, where
        if schema.get("format") == "uri":
            assert value.startswith(("http://", "https://")), where
    if isinstance(value, dict):
        properties = schema.get("properties", {})
        missing = set(schema.get("required", [])) - set(value)
        assert not missing, f"{where}: missing {missing}"
        extra = set(value) - set(properties)
        if schema.get("additionalProperties") is False:
            assert not extra, f"{where}: not in the schema: {extra}"
        for key, item in value.items():
            if key in properties:
                check(item, properties[key], document, f"{where}.{key}")
            elif isinstance(schema.get("additionalProperties"), dict):
                check(item, schema["additionalProperties"], document, f"{where}.{key}")
    if isinstance(value, list) and "items" in schema:
        for index, item in enumerate(value):
            check(item, schema["items"], document, f"{where}[{index}]")


@pytest.fixture
def document(client, db):
    response = client.get(api_url("api-openapi"))
    assert response.status_code == 200
    return response.json()


def test_openapi_describes_every_api_url(document):
    assert document["openapi"].startswith("3.1")
    described = set()
    for pattern in open_data_urls.api_urlpatterns:
        kwargs = {"pk": 42} if "<int:pk>" in str(pattern.pattern) else {}
        path = api_url(pattern.name, **kwargs).replace("/42/", "/{pk}/")
        assert path in document["paths"], path
        operation = document["paths"][path]["get"]
        assert operation["summary"] and "200" in operation["responses"]
        described.add(path)
    assert described == set(document["paths"])


@pytest.mark.parametrize(
    ("name", "form", "error_status"),
    [("api-disclosure-list", api.DisclosureListForm, "400"), ("api-decision-list", api.DecisionListForm, "400")],
)
def test_openapi_list_parameters_are_the_forms_fields(document, name, form, error_status):
    operation = document["paths"][api_url(name)]["get"]
    assert {p["name"] for p in operation["parameters"]} == set(form.base_fields)
    assert error_status in operation["responses"]


def test_openapi_detail_operations_document_the_404(document):
    for name in ["api-disclosure-detail", "api-decision-detail"]:
        path = api_url(name, pk=42).replace("/42/", "/{pk}/")
        assert "404" in document["paths"][path]["get"]["responses"]


def test_openapi_examples_match_their_schemas(document):
    schemas = document["components"]["schemas"]
    examples = [(name, example) for name, schema in schemas.items() for example in schema.get("examples", [])]
    assert {name for name, _example in examples} >= {"Disclosure", "Decision", "Error"}
    for name, example in examples:
        check(example, schemas[name], document, name)
    for name in ["Disclosure", "Decision"]:
        assert set(schemas[name]["required"]) == set(schemas[name]["properties"]), name
        assert set(schemas[name]["examples"][0]) == set(schemas[name]["properties"]), name
    assert not set(PRIVATE_DECISION_FIELDS) & set(schemas["Decision"]["properties"])


def test_views_return_what_the_openapi_document_says(client, organ, natural_person, document):
    item = DisclosureFactory(organ=organ, normative=True, topic=None)
    AttachmentFactory(disclosure=item)
    DisclosureFactory.create_batch(2, organ=organ, written_on=None)
    DecisionFactory(organ=organ, kind="penalty", fine_amount="12.5", publicity_until=dt.date(2028, 1, 1))
    DecisionFactory.create_batch(2, organ=organ)

    def schema_of(path, status="200"):
        response = document["paths"][path]["get"]["responses"][status]
        if "$ref" in response:
            response = _resolve(document, response["$ref"])
        return response["content"]["application/json"]["schema"]

    for list_name, detail_name in [
        ("api-disclosure-list", "api-disclosure-detail"),
        ("api-decision-list", "api-decision-detail"),
    ]:
        list_path = api_url(list_name)
        detail_path = api_url(detail_name, pk=42).replace("/42/", "/{pk}/")
        page = get_json(client, list_path, {"page_size": 2})
        assert page["next"]
        check(page, schema_of(list_path), document, list_name)
        check(get_json(client, page["next"]), schema_of(list_path), document, list_name)
        for row in page["results"]:
            check(get_json(client, api_url(detail_name, pk=row["id"])), schema_of(detail_path), document, detail_name)
        check(get_json(client, list_path, {"year": "x"}, status=400), schema_of(list_path, "400"), document, "400")
        missing = get_json(client, api_url(detail_name, pk=987654), status=404)
        check(missing, schema_of(detail_path, "404"), document, "404")


def test_openapi_document_is_plain_python_data():
    import json

    json.dumps(openapi.document("https://gk.example.gov.cn/"), ensure_ascii=False)


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
