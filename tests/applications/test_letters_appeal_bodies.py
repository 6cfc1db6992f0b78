"""The remedy notice of every 答复告知书 names the organ's 行政复议机关 and court (Art. 51; issue 18
item 7): as entered on the organ when set, a 【】 blank the answer step refuses to send when not."""

import datetime as dt

import pytest
import time_machine
from django.urls import reverse

from applications import letters
from applications.models import Outcome, ReplyLetter
from demo.organ import ORGAN
from disclosures.models import Organ
from tests.factories import InformationRequestFactory, OrganFactory

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = dt.datetime(2026, 10, 14, 2, 0, tzinfo=dt.UTC)  # Wednesday 2026-10-14 in Shanghai
BODY = "测试市人民政府"
COURT = "测试市港口区人民法院"
BODY_BLANK = "【行政复议机关】"
COURT_BLANK = "【行政诉讼管辖法院】"


def remedy(body: str, court: str) -> str:
    return (
        f"如对本答复不服，可以自收到本告知书之日起60日内依法向{body}申请行政复议，"
        f"或者自收到本告知书之日起6个月内依法向{court}提起行政诉讼。"
    )


@pytest.fixture
def info_request():
    return InformationRequestFactory(name="王小明", received_on=D(2026, 3, 2))


# The organ as entered → the remedy sentence, and the blanks staff must fill before sending.
ORGANS = [
    pytest.param({"reconsideration_body": BODY, "litigation_court": COURT}, BODY, COURT, [], id="both"),
    pytest.param({"reconsideration_body": BODY}, BODY, COURT_BLANK, [COURT_BLANK], id="body only"),
    pytest.param({"litigation_court": COURT}, BODY_BLANK, COURT, [BODY_BLANK], id="court only"),
    pytest.param({}, BODY_BLANK, COURT_BLANK, [BODY_BLANK, COURT_BLANK], id="neither"),
    pytest.param(
        {"reconsideration_body": "  ", "litigation_court": " "},
        BODY_BLANK,
        COURT_BLANK,
        [BODY_BLANK, COURT_BLANK],
        id="spaces only",
    ),
    pytest.param(None, BODY_BLANK, COURT_BLANK, [BODY_BLANK, COURT_BLANK, "【机关名称】"], id="no organ"),
]


@pytest.mark.parametrize(("fields", "body", "court", "blanks"), ORGANS)
def test_remedy_names_the_organs_bodies_or_leaves_a_blank(fields, body, court, blanks, info_request):
    if fields is not None:
        OrganFactory(name="测试市行政审批局", **fields)
    letter = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, legal_basis="x")
    assert remedy(body, court) in letter.body
    assert letters.unfilled_placeholders(letter.body) == blanks


@pytest.mark.parametrize("outcome", list(Outcome), ids=[o.value for o in Outcome])
def test_every_results_letter_carries_the_named_remedy(outcome, info_request):
    organ = OrganFactory(reconsideration_body=BODY, litigation_court=COURT)
    body = letters.draft_letter(request=info_request, outcome=outcome, legal_basis="x", organ=organ).body
    assert body.count(remedy(BODY, COURT)) == 1
    assert BODY_BLANK not in body and COURT_BLANK not in body


def test_the_organ_passed_wins_over_the_default(info_request):
    OrganFactory(order=0, reconsideration_body="甲市人民政府", litigation_court="甲市人民法院")
    other = OrganFactory(order=1, reconsideration_body=BODY, litigation_court=COURT)
    body = letters.draft_letter(request=info_request, outcome=Outcome.DISCLOSED, legal_basis="x", organ=other).body
    assert remedy(BODY, COURT) in body and "甲市" not in body


def test_the_bodies_are_optional_on_the_organ():
    organ = OrganFactory()
    organ.full_clean()
    assert (organ.reconsideration_body, organ.litigation_court) == ("", "")


def test_the_demo_organ_names_both():
    organ = Organ(**ORGAN)
    organ.full_clean()
    assert (organ.reconsideration_body, organ.litigation_court) == ("防城港市人民政府", "防城港市港口区人民法院")


# --- the admin -------------------------------------------------------------------------------------


def test_organ_admin_edits_both_fields(staff_client):
    organ = OrganFactory()
    url = reverse("admin:disclosures_organ_change", args=[organ.pk])
    html = staff_client.get(url).content.decode()
    assert 'name="reconsideration_body"' in html and 'name="litigation_court"' in html
    assert "救济途径（写入答复告知书）" in html
    data = {
        field: getattr(organ, field)
        for field in [
            "name",
            "short_name",
            "uscc",
            "order",
            "office_name",
            "address",
            "postal_code",
            "office_hours",
            "phone",
            "fax",
            "email",
            "website",
        ]
    }
    response = staff_client.post(url, {**data, "reconsideration_body": BODY, "litigation_court": COURT})
    assert response.status_code == 302
    organ.refresh_from_db()
    assert (organ.reconsideration_body, organ.litigation_court) == (BODY, COURT)


def _answer(staff_client, request, **extra):
    url = reverse("admin:applications_informationrequest_act", args=[request.pk, "answer"])
    data = {"date": "2026-10-14", "outcome": "1", "legal_basis": "条例第三十六条第（二）项", **extra}
    return staff_client.post(url, data)


@time_machine.travel(TODAY, tick=False)
def test_answer_step_refuses_a_letter_whose_bodies_are_blank_until_staff_name_them(staff_client):
    OrganFactory(name="测试市行政审批局")  # neither body entered
    request = InformationRequestFactory(received_on=D(2026, 9, 15))
    draft = _answer(staff_client, request).context["form"].data
    assert remedy(BODY_BLANK, COURT_BLANK) in draft["letter_body"]
    refused = _answer(staff_client, request, letter_title=draft["letter_title"], letter_body=draft["letter_body"])
    assert refused.status_code == 200
    assert f"告知书中还有未填写的内容：{BODY_BLANK}、{COURT_BLANK}" in refused.content.decode()
    request.refresh_from_db()
    assert request.is_open and not ReplyLetter.objects.exists()

    filled = draft["letter_body"].replace(BODY_BLANK, BODY).replace(COURT_BLANK, COURT)
    sent = _answer(staff_client, request, letter_title=draft["letter_title"], letter_body=filled)
    assert sent.status_code == 302
    assert remedy(BODY, COURT) in ReplyLetter.objects.get(request=request).body


@time_machine.travel(TODAY, tick=False)
def test_answer_step_sends_the_draft_as_is_when_the_organ_names_both(staff_client):
    OrganFactory(name="测试市行政审批局", reconsideration_body=BODY, litigation_court=COURT)
    request = InformationRequestFactory(received_on=D(2026, 9, 15))
    draft = _answer(staff_client, request).context["form"].data
    sent = _answer(staff_client, request, letter_title=draft["letter_title"], letter_body=draft["letter_body"])
    assert sent.status_code == 302
    letter = ReplyLetter.objects.get(request=request)
    assert letter.is_sent and remedy(BODY, COURT) in letter.body
