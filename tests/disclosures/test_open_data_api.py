"""The open-data JSON API: visibility and privacy, filters and errors, keyset paging and search."""

import datetime as dt
import re

import pytest
from django.urls import reverse

from disclosures import api, openapi
from disclosures.models import AdministrativeDecision, Category, Disclosure
from disclosures.open_data import DECISION_FIELDS, DISCLOSURE_RECORD_FIELDS
from disclosures.privacy import PRIVATE_DECISION_FIELDS
from tests.disclosures.open_data_helpers import LEGAL_REP_ID, api_url, get_json
from tests.factories import (
    AttachmentFactory,
    DecisionFactory,
    DisclosureFactory,
    InformationRequestFactory,
    OrganFactory,
)
from tests.utils import count_queries

pytestmark = pytest.mark.django_db


CJK = re.compile(r"[\u4e00-\u9fff]")
PARTY_ID = "11010519491231002X"


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
