import datetime as dt

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.urls import reverse

from applications.models import CalendarDay, InformationRequest, RequestAttachment
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


@pytest.fixture
def clerk(django_user_model, client):
    """Staff who may handle requests but not see who asked."""
    user = django_user_model.objects.create_user(username="clerk", password="pw-clerk-123", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=["view_informationrequest", "change_informationrequest", "add_calendarday", "view_calendarday"]
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def officer(django_user_model, client):
    """Staff with the personal-data permission."""
    user = django_user_model.objects.create_user(username="officer", password="pw-officer-123", is_staff=True)
    user.user_permissions.add(
        *Permission.objects.filter(
            codename__in=[
                "view_informationrequest",
                "change_informationrequest",
                "add_informationrequest",
                "view_personal_data",
            ]
        )
    )
    client.force_login(user)
    return client


@pytest.fixture
def request_with_file():
    request = InformationRequestFactory(name="赵敏感", phone="13912345678", received_on=D(2026, 9, 15))
    attachment = RequestAttachment(request=request, original_name="身份证.pdf", content_type="application/pdf", size=9)
    attachment.file.save("id.pdf", ContentFile(b"%PDF-1.4\n"), save=True)
    return request, attachment


def test_changelist_shows_deadline_columns_and_filters(officer):
    InformationRequestFactory(received_on=D(2026, 9, 15))
    url = reverse("admin:applications_informationrequest_changelist")
    html = officer.get(url).content.decode()
    for text in ["答复期限", "剩余工作日", "逾期", "暂定期限", "2026年10月19日"]:
        assert text in html, text
    for params in [
        {"deadline": "overdue"},
        {"deadline": "provisional"},
        {"year": "2026"},
        {"status__exact": "in_progress"},
    ]:
        assert officer.get(url, params).status_code == 200


def test_changelist_query_count_is_constant(officer, django_assert_max_num_queries):
    InformationRequestFactory.create_batch(3, received_on=D(2026, 9, 15))
    url = reverse("admin:applications_informationrequest_changelist")
    from tests.utils import count_queries

    few = count_queries(officer, url)
    InformationRequestFactory.create_batch(20, received_on=D(2026, 9, 15))
    assert count_queries(officer, url) == few


def test_changelist_builds_one_calendar_per_request_and_keeps_none(officer, monkeypatch):
    from django.contrib import admin

    from applications import queries

    InformationRequestFactory.create_batch(3, received_on=D(2026, 9, 15))
    built = []
    real = queries.build_calendar
    monkeypatch.setattr(queries, "build_calendar", lambda: built.append(1) or real())
    url = reverse("admin:applications_informationrequest_changelist")
    assert "剩余工作日" in officer.get(url).content.decode()
    assert len(built) == 1
    officer.get(url)
    assert len(built) == 2  # a fresh calendar for each request: a day entered meanwhile counts
    model_admin = admin.site._registry[InformationRequest]
    assert not [name for name in vars(model_admin) if "calendar" in name]  # nothing shared across requests


def test_personal_data_hidden_without_permission(clerk, request_with_file):
    request, attachment = request_with_file
    change = clerk.get(reverse("admin:applications_informationrequest_change", args=[request.pk])).content.decode()
    listing = clerk.get(reverse("admin:applications_informationrequest_changelist")).content.decode()
    for html in (change, listing):
        assert "赵敏感" not in html and "13912345678" not in html and "11010519491231002X" not in html
    assert "身份证.pdf" not in change
    download = reverse("admin:applications_requestattachment_download", args=[attachment.pk])
    assert clerk.get(download).status_code == 403
    # searching by name would reveal who asked
    found = clerk.get(reverse("admin:applications_informationrequest_changelist"), {"q": "赵敏感"})
    assert request.tracking_number not in found.content.decode()


def test_personal_data_shown_with_permission(officer, request_with_file):
    request, attachment = request_with_file
    change = officer.get(reverse("admin:applications_informationrequest_change", args=[request.pk])).content.decode()
    assert "赵敏感" in change and "13912345678" in change and "身份证.pdf" in change
    assert "期限计算明细" in change
    response = officer.get(reverse("admin:applications_requestattachment_download", args=[attachment.pk]))
    assert response.status_code == 200 and b"".join(response.streaming_content).startswith(b"%PDF")
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]
    found = officer.get(reverse("admin:applications_informationrequest_changelist"), {"q": "赵敏感"})
    assert request.tracking_number in found.content.decode()


def test_staff_record_an_offline_request(officer):
    response = officer.post(
        reverse("admin:applications_informationrequest_add"),
        {
            "channel": "mail",
            "received_on": "2026-01-30",
            "applicant_type": "natural_person",
            "name": "钱某",
            "id_type": "resident_id",
            "id_number": "11010519491231002X",
            "phone": "13800000000",
            "description": "请公开本局2025年部门预算。",
            "form_wanted": "paper",
            "delivery": "mail",
            "address": "防城港市港口区渔洲坪路1号",
            "postal_code": "538001",
        },
        follow=True,
    )
    request = InformationRequest.objects.get()
    assert request.channel == "mail" and request.receipt_confirmed
    assert request.due_date == D(2026, 3, 5)
    assert "查询码" in response.content.decode()
    assert request.events.filter(kind="received").count() == 1


def test_clerk_cannot_add_requests(clerk):
    assert clerk.get(reverse("admin:applications_informationrequest_add")).status_code == 403


def test_confirm_receipt_action(officer):
    request = InformationRequestFactory(
        channel="online", receipt_confirmed=False, status="pending", received_on=D(2026, 9, 15)
    )
    officer.post(
        reverse("admin:applications_informationrequest_changelist"),
        {"action": "confirm_receipt_today", "_selected_action": [request.pk]},
    )
    request.refresh_from_db()
    assert request.receipt_confirmed and request.status == "in_progress"


CSV_2027 = "日期,类型,名称\n2027-01-01,休,元旦\n2027-01-02,休,元旦\n2027-01-03,休,元旦\n"  # made up for tests


def test_calendar_upload_in_admin_recomputes(clerk):
    crossing = InformationRequestFactory(received_on=D(2026, 12, 10))
    from django.core.files.uploadedfile import SimpleUploadedFile

    url = reverse("admin:applications_calendarday_upload")
    preview = clerk.post(
        url, {"file": SimpleUploadedFile("2027.csv", CSV_2027.encode(), "text/csv"), "source_notice": "测试通知"}
    )
    assert "新增 3 天" in preview.content.decode()  # the preview: nothing saved yet
    crossing.refresh_from_db()
    # provisional, 2027-01-01 resting as 元旦 of the 办法 (docs/rules.md §5.2); the file makes 2027 known
    assert crossing.due_date == D(2027, 1, 8) and crossing.deadline_provisional
    response = clerk.post(url, {"payload": preview.context["payload"]}, follow=True)
    assert "新增 3 天" in response.content.decode()
    crossing.refresh_from_db()
    assert crossing.due_date == D(2027, 1, 8) and not crossing.deadline_provisional


def test_calendar_upload_with_errors_saves_nothing(clerk):
    from django.core.files.uploadedfile import SimpleUploadedFile

    bad = "日期,类型,名称\n2027-01-01,休,元旦\n2027-02-30,休,春节\n"
    response = clerk.post(
        reverse("admin:applications_calendarday_upload"),
        {"file": SimpleUploadedFile("bad.csv", bad.encode(), "text/csv")},
    )
    assert "第3行" in response.content.decode()
    assert CalendarDay.objects.count() == 0


def test_editing_a_calendar_day_in_admin_recomputes(staff_client):
    crossing = InformationRequestFactory(received_on=D(2026, 12, 10))
    staff_client.post(
        reverse("admin:applications_calendarday_add"), {"date": "2027-01-04", "kind": "holiday", "name": "元旦"}
    )
    crossing.refresh_from_db()
    # 01-01 rests as 元旦 of the 办法 (docs/rules.md §5.2) and the entered Monday 01-04 is now off too →
    # 01-05..08, 11 = 16..20; one day does not make 2027 known, so still provisional
    assert crossing.due_date == D(2027, 1, 11) and crossing.deadline_provisional
    assert crossing.events.filter(kind="deadline_recomputed").exists()
    day = CalendarDay.objects.get()
    staff_client.post(reverse("admin:applications_calendarday_delete", args=[day.pk]), {"post": "yes"})
    crossing.refresh_from_db()
    assert crossing.due_date == D(2027, 1, 8) and crossing.deadline_provisional


@pytest.mark.parametrize(
    ("overrides", "message"),
    [
        ({"received_on": "2999-01-01"}, "收到申请之日不能晚于今天"),
        ({"id_number": "110105194912310021"}, "居民身份证号码有误"),
        ({"phone": "12"}, "请填写有效的手机号码"),
    ],
)
def test_offline_entry_is_checked_like_the_online_form(officer, overrides, message):
    data = {
        "channel": "in_person",
        "received_on": "2026-01-30",
        "applicant_type": "natural_person",
        "name": "钱某",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "13800000000",
        "description": "请公开本局2025年部门预算。",
        "form_wanted": "paper",
        "delivery": "pickup",
        **overrides,
    }
    response = officer.post(reverse("admin:applications_informationrequest_add"), data)
    assert message in response.content.decode()
    assert InformationRequest.objects.count() == 0


def test_change_form_checks_id_against_the_stored_applicant_type(officer):
    request = InformationRequestFactory(received_on=D(2026, 9, 15))
    url = reverse("admin:applications_informationrequest_change", args=[request.pk])
    data = {
        "name": request.name,
        "id_type": "resident_id",
        "id_number": "123456789012345678",
        "phone": request.phone,
        "email": request.email,
        "description": request.description,
        "form_wanted": "electronic",
        "delivery": "email",
        "organisation_kind": "",
        "fee_items": "1",
    }
    response = officer.post(url, data)
    assert "居民身份证号码有误" in response.content.decode()
    request.refresh_from_db()
    assert request.id_number == "11010519491231002X"


def test_clerk_can_save_a_request_whose_hidden_fields_it_cannot_judge(clerk):
    request = InformationRequestFactory(received_on=D(2026, 9, 15), delivery="mail", address="", postal_code="")
    url = reverse("admin:applications_informationrequest_change", args=[request.pk])
    response = clerk.post(
        url,
        {
            "organisation_kind": "",
            "description": "请公开本局2026年部门预算。",
            "form_wanted": "paper",
            "delivery": "mail",
            "fee_items": "1",
        },
    )
    assert response.status_code == 302
    request.refresh_from_db()
    assert request.description == "请公开本局2026年部门预算。" and request.name.startswith("申请人")


@pytest.mark.parametrize("lookup", ["name__startswith", "id_number__startswith", "phone__contains", "email__icontains"])
def test_clerk_cannot_filter_by_personal_fields(clerk, lookup):
    request = InformationRequestFactory(name="王某", received_on=D(2026, 9, 15))
    response = clerk.get(reverse("admin:applications_informationrequest_changelist"), {lookup: "王"})
    # a disallowed lookup is refused outright (400), so nothing can be read out through filtering
    assert response.status_code == 400
    assert request.tracking_number not in response.content.decode()


def test_officer_may_filter_by_personal_fields(officer):
    request = InformationRequestFactory(name="王某", received_on=D(2026, 9, 15))
    response = officer.get(reverse("admin:applications_informationrequest_changelist"), {"name__startswith": "王"})
    assert response.status_code == 200 and request.tracking_number in response.content.decode()


def test_confirm_receipt_with_a_chosen_date(officer):
    request = InformationRequestFactory(
        channel="online", receipt_confirmed=False, status="pending", received_on=D(2026, 9, 15)
    )
    url = reverse("admin:applications_informationrequest_confirm", args=[request.pk])
    assert officer.get(url).status_code == 200
    officer.post(url, {"received_on": "2026-09-16"})
    request.refresh_from_db()
    assert request.receipt_confirmed and request.received_on == D(2026, 9, 16)
    assert request.due_date == D(2026, 10, 20)  # 17, 18, 20 (worked Sun), 21..24 = 7 … 10-20 = 20


def test_confirm_receipt_page_and_a_refused_date(officer):
    request = InformationRequestFactory(
        channel="online", receipt_confirmed=False, status="pending", received_on=D(2026, 9, 15)
    )
    url = reverse("admin:applications_informationrequest_confirm", args=[request.pk])
    change = officer.get(reverse("admin:applications_informationrequest_change", args=[request.pk]))
    assert url in change.content.decode()
    page = officer.get(url)
    assert page.context["title"] == f"确认收到申请之日：{request.tracking_number}"
    assert page.context["form"]["received_on"].value() == D(2026, 9, 15) and 'value="确认"' in page.content.decode()
    refused = officer.post(url, {"received_on": "2026-01-05"})  # before the request was submitted
    assert "不能早于提交日期" in refused.context["form"].errors["received_on"][0]
    request.refresh_from_db()
    assert not request.receipt_confirmed


def test_receipt_confirmation_is_offered_only_to_those_who_may_change_the_request(django_user_model, staff_client):
    from django.test import Client

    online = InformationRequestFactory(channel="online", receipt_confirmed=False)
    reader = django_user_model.objects.create_user("reader", password="pw-reader-123", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_informationrequest"))
    reader_client = Client()
    reader_client.force_login(reader)
    url = reverse("admin:applications_informationrequest_change", args=[online.pk])
    confirm = reverse("admin:applications_informationrequest_confirm", args=[online.pk])
    assert confirm not in reader_client.get(url).content.decode()
    assert confirm in staff_client.get(url).content.decode()
