"""The admin upload of register and appeals files: preview, confirmation and refusals."""

import datetime as dt

import pytest
from django.contrib import admin
from django.core import signing
from django.urls import include, path, reverse

from applications import register_admin
from applications.models import Appeal, InformationRequest
from tests.applications.register_helpers import (
    GOOD_ROWS,
    _today,  # noqa: F401 - autouse fixture
    appeals_file,
    by_name,
    csv_file,
    good_file,
    row,
)
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


# --- a small urlconf for the admin upload views (settings.ROOT_URLCONF = this module) ----------


def _register_view(request):
    return register_admin.register_upload_view(admin.site._registry[InformationRequest], request)


def _appeals_view(request):
    return register_admin.appeals_upload_view(admin.site._registry[Appeal], request)


urlpatterns = [
    path("test-import/register/", admin.site.admin_view(_register_view), name="test-register-import"),
    path("test-import/appeals/", admin.site.admin_view(_appeals_view), name="test-appeals-import"),
    path("", include("portal.urls")),
]


# --- admin upload: preview, then confirm -------------------------------------------------------


@pytest.fixture
def admin_urls(settings):
    settings.ROOT_URLCONF = __name__


def upload(client, url, content, name="register.csv"):
    from django.core.files.uploadedfile import SimpleUploadedFile

    return client.post(url, {"file": SimpleUploadedFile(name, content)})


def test_admin_upload_previews_then_imports_on_confirmation(admin_urls, staff_client):
    url = reverse("test-register-import")
    page = staff_client.get(url).content.decode()
    assert page.count("<h1") == 1 and "导入政府信息公开申请台账" in page and 'type="file"' in page

    response = upload(staff_client, url, good_file())
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "确认导入" in html and "2026-10-19" in html and "2027-01-08" in html and "甲" in html
    assert f"将导入 {len(GOOD_ROWS)} 件申请" in html
    assert not InformationRequest.objects.exists()  # the preview was a dry run
    payload = response.context["payload"]

    response = staff_client.post(url, {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:applications_informationrequest_changelist")
    assert InformationRequest.objects.count() == len(GOOD_ROWS)
    assert by_name("乙").due_date == D(2026, 10, 28)
    # confirming twice (a double click) adds nothing
    staff_client.post(url, {"payload": payload})
    assert InformationRequest.objects.count() == len(GOOD_ROWS)


def test_admin_upload_lists_row_errors_and_offers_no_confirmation(admin_urls, staff_client):
    content = csv_file([row(申请人姓名或名称="一"), row(申请人姓名或名称="二", 申请渠道="微信"), row(办理结果="1")])
    html = upload(staff_client, reverse("test-register-import"), content).content.decode()
    assert "文件有误，未导入任何内容" in html
    assert "第3行：“申请渠道”的值“微信”不是可用的选项" in html
    assert "第4行：填写了“办理结果”，须同时填写“答复日期”" in html
    assert "确认导入" not in html and not InformationRequest.objects.exists()


def test_admin_upload_refuses_a_changed_or_foreign_payload(admin_urls, staff_client, django_user_model):
    url = reverse("test-register-import")
    payload = upload(staff_client, url, good_file()).context["payload"]
    html = staff_client.post(url, {"payload": payload[:-2] + "xx"}).content.decode()
    assert "预览已过期或内容被改动" in html
    other = django_user_model.objects.create_superuser("other", "o@example.cn", "pw-other-123")
    # The real preview, signed again for another account: a valid table, only the user differs.
    salt = "applications.register_admin.register"
    forged = signing.dumps({**signing.loads(payload, salt=salt), "user": other.pk}, salt=salt, compress=True)
    assert "预览已过期或内容被改动" in staff_client.post(url, {"payload": forged}).content.decode()
    assert not InformationRequest.objects.exists()


def test_admin_upload_too_big_to_post_back_says_so_before_the_confirmation(admin_urls, staff_client, settings):
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_500  # leaves 500 bytes for the rows
    html = upload(staff_client, reverse("test-register-import"), good_file()).content.decode()
    assert "文件内容过多" in html and "确认导入" not in html


def test_admin_upload_refuses_other_file_types(admin_urls, staff_client):
    html = upload(staff_client, reverse("test-register-import"), b"x", name="register.txt").content.decode()
    assert "请上传 .csv 或 .xlsx 文件" in html


def test_admin_upload_needs_the_add_permission(admin_urls, client, django_user_model):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("test-register-import")).status_code == 403
    assert upload(client, reverse("test-appeals-import"), b"x").status_code == 403


def test_admin_appeals_upload_previews_then_imports(admin_urls, staff_client):
    request = InformationRequestFactory(received_on=D(2026, 3, 2))
    url = reverse("test-appeals-import")
    content = appeals_file(
        [
            {
                "申请编号": request.tracking_number,
                "类型": "行政复议",
                "提起日期": "2026-04-01",
                "结果": "维持",
                "审结日期": "2026-06-01",
            }
        ]
    )
    response = upload(staff_client, url, content)
    html = response.content.decode()
    assert "结果维持" in html and request.tracking_number in html and not Appeal.objects.exists()
    response = staff_client.post(url, {"payload": response.context["payload"]})
    assert response["Location"] == reverse("admin:applications_appeal_changelist")
    assert Appeal.objects.get().request == request
