"""The admin upload of decision files: preview, confirmation, refusals and permissions."""

import datetime as dt

import pytest
import time_machine
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core import signing
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import include, path, reverse

from disclosures import decision_import_admin
from disclosures.models import AdministrativeDecision
from tests.disclosures.decision_import_helpers import (
    NOW,
    PERSON_ID,
    Decision,
    _now,  # noqa: F401 - autouse fixture
    csv_file,
    import_bytes,
    licence,
    person_licence,
)
from tests.factories import DecisionFactory

pytestmark = pytest.mark.django_db


# --- the admin upload: preview, then confirm ------------------------------------------------------


def _upload_view(request):
    return decision_import_admin.decision_upload_view(admin.site._registry[AdministrativeDecision], request)


urlpatterns = [
    path("test-import/decisions/", admin.site.admin_view(_upload_view), name="test-decision-import"),
    path("", include("portal.urls")),
]


@pytest.fixture
def admin_urls(settings):
    settings.ROOT_URLCONF = __name__


def upload(client, content, name="decisions.csv"):
    return client.post(reverse("test-decision-import"), {"file": SimpleUploadedFile(name, content)})


def test_admin_upload_previews_the_first_rows_then_imports_on_confirmation(admin_urls, staff_client, staff_user, organ):
    url = reverse("test-decision-import")
    page = staff_client.get(url).content.decode()
    assert page.count("<h1") == 1 and "导入行政许可、行政处罚决定" in page and 'type="file"' in page

    existing = DecisionFactory(organ=organ, document_number="防审批许〔2026〕1号", authority="防城港市行政审批局")
    rows = [
        person_licence(行政许可决定文书号=f"防审批许〔2026〕{n}号", 行政相对人名称=f"申请人{n:02d}")
        for n in range(1, 61)
    ]
    response = upload(staff_client, csv_file(rows))
    html = response.content.decode()
    assert response.status_code == 200 and response["Cache-Control"].startswith("max-age=0")
    assert "将导入 60 条行政许可决定：新增 59 条，更新 1 条" in html and "确认导入" in html
    assert "下表只列出前 50 行（共 60 行）" in html
    assert "申请人50" in html and "申请人51" not in html  # rows 2..51: the first 50
    assert PERSON_ID not in html and "110*************2X" in html  # masked in the preview too
    assert Decision.objects.count() == 1  # the preview saved nothing
    payload = response.context["payload"]

    response = staff_client.post(url, {"payload": payload})
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:disclosures_administrativedecision_changelist")
    assert Decision.objects.count() == 60
    existing.refresh_from_db()
    assert existing.party_name == "申请人01"
    assert Decision.objects.get(party_name="申请人60").history.get().history_user == staff_user
    # confirming twice (a double click) adds nothing
    staff_client.post(url, {"payload": payload})
    assert Decision.objects.count() == 60


def test_admin_upload_lists_row_errors_and_offers_no_confirmation(admin_urls, staff_client, organ):
    content = csv_file([licence(), licence(许可决定日期="2026-13-01", 行政许可决定文书号="号3")])
    html = upload(staff_client, content).content.decode()
    assert "文件有误，未导入任何内容" in html and "第3行：“许可决定日期”应为有效日期" in html
    assert "确认导入" not in html and not Decision.objects.exists()


def test_admin_upload_refuses_a_changed_or_foreign_payload(admin_urls, staff_client, django_user_model, organ):
    url = reverse("test-decision-import")
    payload = upload(staff_client, csv_file([licence()])).context["payload"]
    html = staff_client.post(url, {"payload": payload[:-2] + "xx"}).content.decode()
    assert "预览已过期或内容被改动" in html
    other = django_user_model.objects.create_superuser("other", "o@example.cn", "pw-other-123")
    # The real preview, signed again for another account: a valid table, only the user differs.
    salt = decision_import_admin.SALT
    forged = signing.dumps({**signing.loads(payload, salt=salt), "user": other.pk}, salt=salt, compress=True)
    assert "预览已过期或内容被改动" in staff_client.post(url, {"payload": forged}).content.decode()
    with time_machine.travel(NOW + dt.timedelta(hours=2), tick=False):
        assert "预览已过期或内容被改动" in staff_client.post(url, {"payload": payload}).content.decode()
    assert not Decision.objects.exists()


def test_admin_upload_without_an_organ_says_so(admin_urls, staff_client):
    html = upload(staff_client, csv_file([licence()])).content.decode()
    assert "系统中还没有发布机构" in html and "确认导入" not in html


def test_admin_upload_refuses_other_file_types_and_oversized_payloads(admin_urls, staff_client, organ, settings):
    assert "请上传 .csv 或 .xlsx 文件" in upload(staff_client, b"x", name="decisions.xls").content.decode()
    settings.DATA_UPLOAD_MAX_MEMORY_SIZE = 10_500  # leaves 500 bytes for the rows
    html = upload(staff_client, csv_file([licence()])).content.decode()
    assert "文件内容过多" in html and "确认导入" not in html


def test_admin_upload_needs_the_add_permission_and_to_update_the_change_permission(
    admin_urls, client, django_user_model, organ
):
    clerk = django_user_model.objects.create_user("clerk", password="pw-clerk-123", is_staff=True)
    client.force_login(clerk)
    assert client.get(reverse("test-decision-import")).status_code == 403
    assert upload(client, csv_file([licence()])).status_code == 403

    clerk.user_permissions.add(Permission.objects.get(codename="add_administrativedecision"))
    clerk = django_user_model.objects.get(pk=clerk.pk)  # permissions are cached per instance
    client.force_login(clerk)
    response = upload(client, csv_file([licence()]))
    assert "确认导入" in response.content.decode()  # new decisions only: allowed
    DecisionFactory(organ=organ, document_number="防审批许〔2026〕101号", authority="防城港市行政审批局")
    html = upload(client, csv_file([licence()])).content.decode()
    assert "您没有修改决定的权限" in html and "确认导入" not in html
    # a preview made before the existing decision appeared cannot be confirmed either
    html = client.post(reverse("test-decision-import"), {"payload": response.context["payload"]}).content.decode()
    assert "您没有修改决定的权限" in html
    assert Decision.objects.count() == 1


def test_the_decisions_admin_links_to_the_import_page(staff_client, organ):
    from django.urls import reverse

    html = staff_client.get(reverse("admin:disclosures_administrativedecision_changelist")).content.decode()
    url = reverse("admin:disclosures_administrativedecision_import")
    assert url in html and staff_client.get(url).status_code == 200


def test_an_importer_without_the_publish_permission_imports_drafts(organ):
    import_bytes(csv_file([licence()]), publish=False)
    decision = AdministrativeDecision.objects.get()
    assert decision.status == "draft" and decision.published_at is None
    assert not AdministrativeDecision.objects.published().exists()
