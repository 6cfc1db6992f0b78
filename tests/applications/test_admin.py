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
    for text in ["答复期限", "剩余工作日", "逾期", "期限待定", "2026年10月19日"]:
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


def test_record_event_view_extends_and_refuses_a_second_extension(officer):
    request = InformationRequestFactory(received_on=D(2026, 9, 15))
    url = reverse("admin:applications_informationrequest_event", args=[request.pk])
    assert officer.get(url).status_code == 200
    officer.post(url, {"kind": "extension", "date": "2026-10-16", "days": "20", "approver": "张科长"})
    request.refresh_from_db()
    assert request.due_date == D(2026, 11, 16)
    again = officer.post(url, {"kind": "extension", "date": "2026-10-20", "days": "5", "approver": "张科长"})
    assert "答复期限只能延长一次" in again.content.decode()


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

    response = clerk.post(
        reverse("admin:applications_calendarday_upload"),
        {"file": SimpleUploadedFile("2027.csv", CSV_2027.encode(), "text/csv"), "source_notice": "测试通知"},
        follow=True,
    )
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
        reverse("admin:applications_calendarday_add"), {"date": "2027-01-01", "kind": "holiday", "name": "元旦"}
    )
    crossing.refresh_from_db()
    # 2027 is now known: 01-01 off, other weekdays worked → 01-04..08 = 16..20
    assert crossing.due_date == D(2027, 1, 8) and not crossing.deadline_provisional
    assert crossing.events.filter(kind="deadline_recomputed").exists()
    day = CalendarDay.objects.get()
    staff_client.post(reverse("admin:applications_calendarday_delete", args=[day.pk]), {"post": "yes"})
    crossing.refresh_from_db()
    assert crossing.due_date == D(2027, 1, 7) and crossing.deadline_provisional


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
