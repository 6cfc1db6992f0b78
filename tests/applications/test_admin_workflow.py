"""The 办理 pages in the admin: allowed steps only, the answer with its letter, the dashboard."""

import datetime as dt
import io

import pytest
import time_machine
from django.urls import reverse

from applications.models import Appeal, InformationRequest, ReplyLetter
from applications.services import answer_with_letter
from disclosures.models import Disclosure
from tests.factories import InformationRequestFactory
from tests.utils import count_queries

pytestmark = pytest.mark.django_db

D = dt.date
TODAY = dt.datetime(2026, 10, 14, 2, 0, tzinfo=dt.UTC)  # Wednesday 2026-10-14 in Shanghai


def act_url(request, action):
    return reverse("admin:applications_informationrequest_act", args=[request.pk, action])


def change_url(request):
    return reverse("admin:applications_informationrequest_change", args=[request.pk])


@pytest.fixture
def req(organ):
    # The letters' remedy notice names these; without them it keeps 【】 blanks the answer step refuses
    # (tests/applications/test_letters_appeal_bodies.py).
    organ.reconsideration_body, organ.litigation_court = "测试市人民政府", "测试市港口区人民法院"
    organ.save()
    return InformationRequestFactory(received_on=D(2026, 9, 15), name="独特申请人", phone="13911112222")


def test_change_page_offers_only_the_allowed_steps(staff_client, req):
    html = staff_client.get(change_url(req)).content.decode()
    for allowed in ["correction", "consult", "extend", "custom", "fee", "withdraw", "answer", "handler"]:
        assert act_url(req, allowed) in html, allowed
    for refused in ["supplement", "abandon", "paid", "fee-lapse", "consult-reply", "promote"]:
        assert act_url(req, refused) not in html, refused


@time_machine.travel(TODAY, tick=False)
def test_extension_through_the_admin_then_refused_the_second_time(staff_client, req):
    response = staff_client.post(
        act_url(req, "extend"), {"date": "2026-10-14", "days": "20", "approver": "张科长", "reason": "需调取档案"}
    )
    assert response.status_code == 302
    req.refresh_from_db()
    assert req.due_date == D(2026, 11, 16)
    again = staff_client.post(
        act_url(req, "extend"), {"date": "2026-10-14", "days": "5", "approver": "张科长", "reason": "再延"}, follow=True
    )
    assert "该申请当前不能办理“延长答复期限”" in again.content.decode()


@time_machine.travel(TODAY, tick=False)
def test_refusal_from_the_law_is_shown_on_the_form(staff_client, req):
    # the 补正 notice is due within 7 working days of 09-15 (→ 09-23): too late now
    response = staff_client.post(
        act_url(req, "correction"), {"date": "2026-10-14", "items": "写明文号", "period_end": "2026-10-30"}
    )
    assert "补正应自收到申请之日起7个工作日内告知" in response.content.decode()
    req.refresh_from_db()
    assert req.status == "in_progress"


@time_machine.travel(TODAY, tick=False)
def test_answer_drafts_the_letter_then_answers_and_stores_it(staff_client, req):
    data = {
        "date": "2026-10-14",
        "outcome": "1",
        "legal_basis": "《中华人民共和国政府信息公开条例》第三十六条第（二）项",
    }
    first = staff_client.post(act_url(req, "answer"), data)
    html = first.content.decode()
    assert "已按办理结果生成告知书草稿" in html and "行政复议" in html
    req.refresh_from_db()
    assert req.is_open and ReplyLetter.objects.count() == 0
    draft = first.context["form"].data
    second = staff_client.post(
        act_url(req, "answer"),
        {**data, "letter_title": draft["letter_title"], "letter_body": draft["letter_body"] + "\n\n特此告知。"},
    )
    assert second.status_code == 302
    req.refresh_from_db()
    assert req.status == "answered" and req.outcome == "1" and not req.answered_late
    letter = ReplyLetter.objects.get()
    assert letter.sent_on == D(2026, 10, 14) and letter.body.endswith("特此告知。") and letter.docx
    page = staff_client.get(reverse("admin:applications_replyletter_view", args=[letter.pk]))
    assert page.status_code == 200 and "特此告知" in page.content.decode()
    download = staff_client.get(reverse("admin:applications_replyletter_docx", args=[letter.pk]))
    import docx

    text = "\n".join(p.text for p in docx.Document(io.BytesIO(download.content)).paragraphs)
    assert req.tracking_number in text and "特此告知" in text


def test_letters_need_the_personal_data_permission(client, django_user_model, req):
    from django.contrib.auth.models import Permission

    clerk = django_user_model.objects.create_user("clerk2", is_staff=True)
    clerk.user_permissions.add(
        *Permission.objects.filter(codename__in=["view_informationrequest", "change_informationrequest"])
    )
    client.force_login(clerk)
    assert client.get(act_url(req, "answer")).status_code == 403
    html = client.get(change_url(req)).content.decode()
    assert act_url(req, "answer") not in html and act_url(req, "extend") in html


@time_machine.travel(TODAY, tick=False)
def test_promote_makes_a_draft_without_personal_data(staff_client, req):
    req.description = "请公开独特申请人（身份证11010519491231002X，电话13911112222）所在小区的规划许可证"
    req.save()
    answer_with_letter(request=req, outcome="1", legal_basis="条例第三十六条", reply_date=D(2026, 10, 14))
    response = staff_client.post(act_url(req, "promote"), {})
    assert response.status_code == 302, response.context["form"].errors
    req.refresh_from_db()
    disclosure = Disclosure.objects.get(pk=req.promoted_disclosure_id)
    assert disclosure.status == "draft" and "规划许可证" in disclosure.title
    text = disclosure.title + disclosure.summary + disclosure.body
    for personal in ["独特申请人", "11010519491231002X", "13911112222"]:
        assert personal not in text
    assert staff_client.post(act_url(req, "promote"), {}, follow=True).status_code == 200
    assert Disclosure.objects.count() == 1


@time_machine.travel(TODAY, tick=False)
def test_dashboard_panels(staff_client, organ):
    overdue = InformationRequestFactory(received_on=D(2026, 9, 1))  # due 2026-09-29
    soon = InformationRequestFactory(received_on=D(2026, 9, 15))  # due 10-19, the 3rd working day after 10-14
    later = InformationRequestFactory(received_on=D(2026, 10, 12))
    notice = InformationRequestFactory(received_on=D(2026, 10, 12))  # 补正 notice due 10-21 → not within 3
    answered = InformationRequestFactory(received_on=D(2026, 9, 1))
    answer_with_letter(request=answered, outcome="2", legal_basis="x", reply_date=D(2026, 9, 20))
    url = reverse("admin:applications_dashboard")
    html = staff_client.get(url).content.decode()
    overdue_section = html.split("已逾期")[1].split("</table>")[0]
    assert overdue.tracking_number in overdue_section and soon.tracking_number not in overdue_section
    soon_section = html.split("3个工作日内")[1].split("</table>")[0]
    assert soon.tracking_number in soon_section and later.tracking_number not in soon_section
    assert notice.tracking_number not in html.split("补正告知即将到期")[1].split("</div>")[0]
    assert "（二）部分公开</th><td>1</td>" in html
    few = count_queries(staff_client, url)
    InformationRequestFactory.create_batch(10, received_on=D(2026, 9, 1))
    assert count_queries(staff_client, url) == few


def test_appeal_admin_and_validation(staff_client, req):
    assert staff_client.get(reverse("admin:applications_appeal_changelist")).status_code == 200
    response = staff_client.post(
        reverse("admin:applications_appeal_add"),
        {
            "kind": "reconsideration",
            "request": req.pk,
            "filed_on": "2026-11-01",
            "result": "upheld",
            "concluded_on": "",
        },
    )
    assert "已审结的案件须填写审结日期" in response.content.decode()
    staff_client.post(
        reverse("admin:applications_appeal_add"),
        {
            "kind": "reconsideration",
            "request": req.pk,
            "filed_on": "2026-11-01",
            "result": "pending",
            "concluded_on": "",
        },
    )
    assert Appeal.objects.get().request == req


def test_unknown_action_is_404(staff_client, req):
    assert staff_client.get(act_url(req, "nope")).status_code == 404
    assert InformationRequest.objects.count() == 1


def test_confirming_receipt_tells_the_requester(staff_client, mailoutbox, django_capture_on_commit_callbacks):
    request = InformationRequestFactory(
        channel="online", receipt_confirmed=False, status="pending", received_on=D(2026, 9, 15)
    )
    with django_capture_on_commit_callbacks(execute=True):
        staff_client.post(
            reverse("admin:applications_informationrequest_confirm", args=[request.pk]), {"received_on": "2026-09-16"}
        )
    assert len(mailoutbox) == 1
    assert "确认2026年9月16日为收到申请之日，答复期限至2026年10月20日" in mailoutbox[0].body
