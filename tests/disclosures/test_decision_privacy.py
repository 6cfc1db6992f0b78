"""A person's ID and mobile numbers typed into a decision's text never reach a public output.

The structured 证件号码 is masked on the page and left out of open data; the same numbers typed into
违法事实, 备注, 内容 or 处罚依据 are masked wherever the public reads them (disclosures/privacy.py).
"""

import re
from types import SimpleNamespace

import pytest
from django.urls import reverse

from disclosures.models import AdministrativeDecision
from disclosures.privacy import (
    IDENTITY_NUMBER_FIELDS,
    PERSON_PARTY_TYPES,
    PERSON_TEXT_FIELDS,
    PRIVATE_DECISION_FIELDS,
    PublicDecision,
    mask_personal_numbers,
)
from disclosures.search import DECISION_TEXT_FIELDS, DECISION_TITLE_FIELDS, decision_document
from disclosures.validators import is_valid_resident_id, is_valid_uscc, mask_identity_number
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db

PERSON_ID = "45060219870615004X"  # valid check digit X; born 1987-06-15
BIRTH_DIGITS = PERSON_ID[6:14]  # "19870615", characters 7-14
PHONE = "13987654321"
MASKED_ID = "450*************4X"
MASKED_PHONE = "139****4321"
# A company's code that has an ID's shape (all digits, a date at 7-14): a company's text is left alone.
COMPANY_USCC = "914501196503010007"
SEARCH_WORD = "海鲜排档"


def test_the_test_numbers_are_what_they_claim():
    assert is_valid_resident_id(PERSON_ID) and is_valid_uscc(COMPANY_USCC)
    assert mask_identity_number(PERSON_ID) == MASKED_ID


# ---------------------------------------------------------------------------
# mask_personal_numbers
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "masked"),
    [
        (f"身份证号{PERSON_ID}，电话{PHONE}。", f"身份证号{MASKED_ID}，电话{MASKED_PHONE}。"),
        (PERSON_ID.lower(), MASKED_ID),
        ("450602 19870615 004X", MASKED_ID),  # typed in groups
        ("450602-19870615-004X", MASKED_ID),
        ("４５０６０２１９８７０６１５００４Ｘ", MASKED_ID),  # full-width, as a Chinese IME types it
        ("450602198706150041", "450*************41"),  # a wrong check digit is still someone's number
        ("ID45060219870615004X号", f"ID{MASKED_ID}号"),  # letters next to it do not protect it
        ("旧证450602870615004", "旧证450**********04"),  # 15 digits, 870615 a date
        ("+86 139-8765-4321", f"+86 {MASKED_PHONE}"),
        ("0086 13987654321", f"0086 {MASKED_PHONE}"),
        ("139 8765 4321", MASKED_PHONE),
        ("电话１３９８７６５４３２１", f"电话{MASKED_PHONE}"),
        # The forms the logs' masking knew before this did (one finder now serves both).
        ("身份证110105 1949 1231 002X", "身份证110*************2X"),
        ("手机(139)8765 4321", f"手机{MASKED_PHONE}"),
    ],
)
def test_id_and_mobile_numbers_are_masked(text, masked):
    assert mask_personal_numbers(text) == masked


@pytest.mark.parametrize(
    "text",
    [
        "",
        "450602000012345",  # 15-digit 工商注册号: no date at 7-12
        "450602199913450041",  # 18 digits, month 13: not an ID
        "450602290001010041",  # born in the future
        "4506021987061500412",  # 19 digits
        "JY14506020000001",  # 许可编号
        "91450602MA5K000000",  # 统一社会信用代码 with letters
        "防市监罚〔2024〕12号",
        "罚款人民币2000元，没收违法所得13000元",
        "139876543210",  # 12 digits: not a mobile number
        "0770-2828077",  # a landline (usually the authority's own)
        "2026-000123",
        "20260915",
    ],
)
def test_other_numbers_stay_as_they_are(text):
    assert mask_personal_numbers(text) == text


# ---------------------------------------------------------------------------
# Every public output
# ---------------------------------------------------------------------------


@pytest.fixture
def person(organ):
    return DecisionFactory(
        organ=organ,
        kind="penalty",
        natural_person=True,
        party_name="韦某某",
        party_id_number=PERSON_ID,
        document_number="防市监罚〔2025〕88号",
        content=f"在港口区渔港路无证经营{SEARCH_WORD}（当事人身份证号{PERSON_ID}），罚款人民币贰仟元整。",
        violation_type="未取得食品经营许可从事食品经营",
        violation_facts=f"当事人韦某某（公民身份号码{PERSON_ID}，联系电话{PHONE}）在港口区渔港路经营{SEARCH_WORD}。",
        penalty_basis=f"《中华人民共和国食品安全法》第一百二十二条（当事人电话 {PHONE}）",
        remarks=f"当事人联系方式：{PHONE}；身份证 {PERSON_ID}",
        suspended_licence=f"机动车驾驶证 {PERSON_ID}",
    )


@pytest.fixture
def company(organ):
    return DecisionFactory(
        organ=organ,
        kind="penalty",
        party_name="防城港市某某海产品有限公司",
        party_uscc=COMPANY_USCC,
        document_number="防市监罚〔2025〕89号",
        content=f"当事人（统一社会信用代码{COMPANY_USCC}）经营{SEARCH_WORD}未建立进货查验记录，警告。",
        violation_facts=f"统一社会信用代码：{COMPANY_USCC}",
        remarks=f"代码 {COMPANY_USCC}",
    )


def body_of(response) -> str:
    assert response.status_code == 200, (response.status_code, getattr(response, "url", ""))
    if response.streaming:
        return b"".join(response.streaming_content).decode("utf-8-sig")
    return response.content.decode()


def open_data_links(client) -> list[str]:
    """Every address on this site that the /open-data/ page links to (API examples, CSV, feeds, sitemap)."""
    html = body_of(client.get(reverse("open_data:index")))
    hrefs = {href.replace("&amp;", "&") for href in re.findall(r'href="(/[^"#]*)"', html)}
    return sorted(href for href in hrefs if not href.startswith("/static/"))


def public_outputs(client, person, company) -> dict[str, str]:
    pages = [
        person.get_absolute_url(),
        company.get_absolute_url(),
        reverse("disclosures:decisions"),
        reverse("disclosures:category", kwargs={"slug": "penalties"}),
        reverse("open_data:decisions-csv"),
        reverse("open_data:category-csv", kwargs={"slug": "penalties"}),
        reverse("open_data:api-decision-list"),
        reverse("open_data:api-decision-detail", kwargs={"pk": person.pk}),
        reverse("open_data:api-decision-detail", kwargs={"pk": company.pk}),
        reverse("open_data:feed-decisions-rss"),
        reverse("open_data:feed-decisions-atom"),
        reverse("open_data:feed-category-rss", kwargs={"slug": "penalties"}),
        reverse("open_data:feed-category-atom", kwargs={"slug": "penalties"}),
        f"{reverse('disclosures:search')}?q={SEARCH_WORD}&scope=decisions",
        f"{reverse('disclosures:search')}?q=渔港路&scope=decisions&sort=date",
        *open_data_links(client),
    ]
    return {url: body_of(client.get(url)) for url in dict.fromkeys(pages)}


def test_a_persons_numbers_in_free_text_never_reach_a_public_output(client, person, company):
    outputs = public_outputs(client, person, company)
    assert len(outputs) > 20
    for url, text in outputs.items():
        for forbidden in [PERSON_ID, PERSON_ID.lower(), BIRTH_DIGITS, PHONE]:
            assert forbidden not in text, (url, forbidden)
    # The decision is there, with its numbers masked, in each output that carries its text.
    for url in [
        person.get_absolute_url(),
        reverse("open_data:decisions-csv"),
        reverse("open_data:category-csv", kwargs={"slug": "penalties"}),
        reverse("open_data:api-decision-list"),
        reverse("open_data:api-decision-detail", kwargs={"pk": person.pk}),
        reverse("open_data:feed-decisions-rss"),
        f"{reverse('disclosures:search')}?q={SEARCH_WORD}&scope=decisions",
    ]:
        assert "韦某某" in outputs[url] and MASKED_ID in outputs[url], url
    page = outputs[person.get_absolute_url()]
    assert page.count(MASKED_ID) >= 5  # 证件号码, 内容, 违法事实, 备注, 暂扣证照
    assert MASKED_PHONE in page and "当事人联系方式" in page


def test_a_companys_codes_in_its_text_stay_readable(client, person, company):
    outputs = public_outputs(client, person, company)
    for url in [
        company.get_absolute_url(),
        reverse("open_data:decisions-csv"),
        reverse("open_data:category-csv", kwargs={"slug": "penalties"}),
        reverse("open_data:api-decision-list"),
        reverse("open_data:api-decision-detail", kwargs={"pk": company.pk}),
        reverse("open_data:feed-decisions-rss"),
        f"{reverse('disclosures:search')}?q={SEARCH_WORD}&scope=decisions",
    ]:
        assert f"统一社会信用代码{COMPANY_USCC}" in outputs[url], url  # in its 内容, as typed


def test_api_and_csv_carry_the_masked_text_field_by_field(client, person):
    record = client.get(reverse("open_data:api-decision-detail", kwargs={"pk": person.pk})).json()
    assert (
        record["violation_facts"]
        == f"当事人韦某某（公民身份号码{MASKED_ID}，联系电话{MASKED_PHONE}）在港口区渔港路经营{SEARCH_WORD}。"
    )
    assert record["remarks"] == f"当事人联系方式：{MASKED_PHONE}；身份证 {MASKED_ID}"
    assert record["penalty_basis"].endswith(f"（当事人电话 {MASKED_PHONE}）")


def test_an_individual_business_is_a_person_too(client, organ):
    shop = DecisionFactory(
        organ=organ,
        party_type=AdministrativeDecision.PartyType.INDIVIDUAL_BUSINESS,
        party_name="港口区某某海鲜排档",
        party_uscc="92450602MA5K000006",
        remarks=f"经营者身份证号{PERSON_ID}，电话{PHONE}",
    )
    html = body_of(client.get(shop.get_absolute_url()))
    assert PERSON_ID not in html and PHONE not in html and MASKED_ID in html and "92450602MA5K000006" in html


def test_the_stored_text_is_kept_as_typed_for_staff(person, staff_client):
    person.refresh_from_db()
    assert PERSON_ID in person.violation_facts and PHONE in person.remarks
    html = body_of(staff_client.get(reverse("admin:disclosures_administrativedecision_change", args=[person.pk])))
    assert PERSON_ID in html and PHONE in html


def test_pages_do_not_query_more_for_masking(client, organ):
    from tests.utils import count_queries

    DecisionFactory(organ=organ, kind="penalty", natural_person=True, content=f"{SEARCH_WORD} {PHONE}")
    urls = [reverse("open_data:feed-decisions-rss"), f"{reverse('disclosures:search')}?q={SEARCH_WORD}&scope=decisions"]
    one = [count_queries(client, url) for url in urls]
    for _ in range(4):
        DecisionFactory(organ=organ, kind="penalty", natural_person=True, content=f"{SEARCH_WORD} {PHONE}")
    assert [count_queries(client, url) for url in urls] == one


# ---------------------------------------------------------------------------
# A CSV export with a filter value it does not take answers 400, in words
# ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("url", "params", "field"),
    [
        (reverse("open_data:decisions-csv"), {"year": "abc"}, "决定年度（year）"),
        (reverse("open_data:decisions-csv"), {"year": "1990"}, "决定年度（year）"),
        (reverse("open_data:decisions-csv"), {"kind": "fine"}, "决定类型（kind）"),
        (reverse("open_data:category-csv", kwargs={"slug": "penalties"}), {"year": "abc"}, "决定年度（year）"),
        (reverse("open_data:category-csv", kwargs={"slug": "news"}), {"year": "abc"}, "年度（year）"),
        (reverse("open_data:category-csv", kwargs={"slug": "news"}), {"organ": "999999"}, "发布机构（organ）"),
    ],
)
def test_csv_with_an_invalid_filter_answers_400_with_a_message(client, organ, url, params, field):
    DecisionFactory(organ=organ, kind="penalty")
    response = client.get(url, params)
    assert response.status_code == 400
    assert response["Content-Type"] == "text/plain; charset=utf-8"
    assert "Content-Disposition" not in response
    text = response.content.decode()
    assert text.startswith("查询参数有误") and field in text


def test_csv_with_valid_filters_that_match_nothing_is_still_a_file(client, organ):
    DecisionFactory(organ=organ, kind="penalty")
    response = client.get(reverse("open_data:decisions-csv"), {"year": "2019", "kind": "licence"})
    assert response.status_code == 200 and response["Content-Type"] == "text/csv; charset=utf-8"
    assert client.get(reverse("open_data:category-csv", kwargs={"slug": "news"}), {"year": ""}).status_code == 200


@pytest.mark.parametrize("query", [PERSON_ID, PHONE, BIRTH_DIGITS])
def test_searching_a_persons_raw_number_does_not_find_their_decision(client, person, company, query):
    # The index holds the masked text: a raw number must not tell whose decision it is.
    page = client.get(reverse("disclosures:search"), {"q": query, "scope": "decisions"}).content.decode()
    assert person.document_number not in page
    assert person.party_name not in page


def test_a_companys_code_in_its_text_is_still_found(client, person, company):
    page = client.get(reverse("disclosures:search"), {"q": COMPANY_USCC, "scope": "decisions"}).content.decode()
    assert company.document_number in page


def test_the_person_party_types_are_the_models_choices():
    person_types = {
        AdministrativeDecision.PartyType.NATURAL_PERSON,
        AdministrativeDecision.PartyType.INDIVIDUAL_BUSINESS,
    }
    assert person_types == PERSON_PARTY_TYPES
    assert set(AdministrativeDecision.PartyType.values) >= PERSON_PARTY_TYPES


# ---------------------------------------------------------------------------
# The one public view of a decision (decision.public)
# ---------------------------------------------------------------------------


def test_the_public_view_masks_a_persons_text_and_everyones_identity_numbers(person, company):
    public = person.public
    assert public.violation_facts == (
        f"当事人韦某某（公民身份号码{MASKED_ID}，联系电话{MASKED_PHONE}）在港口区渔港路经营{SEARCH_WORD}。"
    )
    assert public.party_id_number == MASKED_ID
    # Everything else is the decision's own: names, codes, choices' labels, the URL, the model.
    assert public.party_name == "韦某某" and public.document_number == person.document_number
    assert public.get_kind_display() == "行政处罚" and public.get_absolute_url() == person.get_absolute_url()
    assert public.decided_on == person.decided_on and public._meta is AdministrativeDecision._meta
    # A company's text stays as typed; its legal representative's number is masked all the same.
    company.legal_rep_id_number = PERSON_ID
    assert company.public.content == company.content and company.public.remarks == f"代码 {COMPANY_USCC}"
    assert company.public.legal_rep_id_number == MASKED_ID
    # The stored values are untouched.
    assert PERSON_ID in person.violation_facts and person.party_id_number == PERSON_ID


def test_the_public_view_reads_any_object_with_the_fields():
    # Migrations' historical models and bulk-import rows have no `public`: the view takes them as they are.
    row = SimpleNamespace(party_type="natural_person", remarks=f"电话{PHONE}", party_name="韦某某", content="")
    public = PublicDecision(row)
    assert (public.remarks, public.party_name, public.content) == (f"电话{MASKED_PHONE}", "韦某某", "")
    assert PublicDecision(SimpleNamespace(remarks=f"电话{PHONE}")).remarks == f"电话{PHONE}"  # no party type
    with pytest.raises(AttributeError):
        public.no_such_field  # noqa: B018


def test_the_search_index_holds_what_the_public_view_shows(person):
    # Every text the index holds is masked for a person as the page masks it: one field list.
    assert set(DECISION_TEXT_FIELDS) <= PERSON_TEXT_FIELDS
    fields = [*DECISION_TITLE_FIELDS, *DECISION_TEXT_FIELDS, "party_type"]
    row = SimpleNamespace(**{field: getattr(person, field) for field in fields})
    assert decision_document(row) == (person.search_title, person.search_text)
    assert PERSON_ID not in person.search_text and "4506" not in person.search_text


def test_the_personal_fields_are_the_models_fields():
    names = {field.name for field in AdministrativeDecision._meta.get_fields()}
    assert set(PRIVATE_DECISION_FIELDS) <= names
    assert set(PRIVATE_DECISION_FIELDS) >= IDENTITY_NUMBER_FIELDS
    assert names >= PERSON_TEXT_FIELDS
