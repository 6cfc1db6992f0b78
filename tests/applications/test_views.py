import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from applications.models import InformationRequest, RequestAttachment
from tests.utils import TINY_PDF, h1_count, request_form_data, tiny_image

pytestmark = pytest.mark.django_db

# The form opens every upload as the type it claims: these are the smallest real ones.
PDF = TINY_PDF


PNG = tiny_image("PNG")
JPEG = tiny_image("JPEG")


@pytest.fixture(autouse=True)
def _clear_cache():
    cache.clear()


def submit(client, **overrides):
    return client.post(reverse("applications:submit"), request_form_data(**overrides))


def test_form_page_explains_the_law_and_has_one_h1(client):
    html = client.get(reverse("applications:submit")).content.decode()
    assert h1_count(html) == 1
    for text in ["20个工作日", "补正", "双方确认之日", reverse("disclosures:guide") + "#apply", 'name="form_token"']:
        assert text in html, text
    assert 'data-applicant="organisation"' in html  # organisation fields grouped for the toggle


@time_machine.travel(dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC), tick=False)
def test_valid_submission_creates_request_and_shows_receipt(client):
    response = submit(client, attachments=SimpleUploadedFile("身份证.pdf", PDF, "application/pdf"))
    request = InformationRequest.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("applications:receipt", kwargs={"tracking_number": request.tracking_number})
    assert request.phone == "13800138000" and request.channel == "online"
    attachment = RequestAttachment.objects.get()
    assert attachment.content_type == "application/pdf" and attachment.original_name == "身份证.pdf"
    assert "身份证" not in attachment.file.name and not attachment.file.name.startswith("attachments/")

    receipt = client.get(response["Location"]).content.decode()
    code = re.search(r'<strong class="code">([A-Z0-9]{10})</strong>', receipt).group(1)
    assert request.check_lookup_code(code)
    for text in [request.tracking_number, "2026年9月15日", "2026年10月19日", "期限计算明细"]:
        assert text in receipt, text
    for personal in ["王小明", "11010519491231002X", "13800138000", "wxm@example.cn"]:
        assert personal not in receipt


def test_receipt_is_only_for_the_submitting_browser(client, django_user_model):
    response = submit(client)
    other = client.__class__()
    assert other.get(response["Location"]).status_code == 404


def test_double_submit_creates_one_request(client):
    first = submit(client)
    second = submit(client)
    assert InformationRequest.objects.count() == 1
    assert first["Location"] == second["Location"]
    assert "查询码" in client.get(second["Location"]).content.decode()


def test_a_double_click_that_lost_the_first_answer_still_shows_the_receipt_with_its_code(client):
    # A first visit's double click: the second POST leaves before the first answer's session cookie
    # arrives, so it has a session of its own. The browser shows that second answer.
    first = submit(client)
    code = re.search(r'<strong class="code">([^<]+)</strong>', client.get(first["Location"]).content.decode())[1]
    second_browser = client.__class__()
    second = submit(second_browser)
    assert InformationRequest.objects.count() == 1
    assert second["Location"] == first["Location"]
    page = second_browser.get(second["Location"])
    assert page.status_code == 200
    assert f'<strong class="code">{code}</strong>' in page.content.decode()


def test_a_different_form_gets_no_other_requests_receipt(client):
    submit(client)
    other = client.__class__()
    response = submit(other, form_token="0b9e6c1e-2f4b-4e8a-9a55-6e9f1c2b7a11")
    assert InformationRequest.objects.count() == 2
    assert other.get(response["Location"]).status_code == 200
    first_location = InformationRequest.objects.order_by("pk").first().tracking_number
    assert other.get(reverse("applications:receipt", args=[first_location])).status_code == 404


def test_organisation_request_needs_its_own_fields(client):
    response = submit(
        client,
        applicant_type="organisation",
        name="防城港市某某律师事务所",
        organisation_kind="legal_services",
        uscc="91110000600037341L",
        legal_representative="李四",
    )
    assert response.status_code == 302
    request = InformationRequest.objects.get()
    assert request.applicant_column == "legal_services"
    assert request.id_number == ""  # a natural person's fields are dropped for organisations


@pytest.mark.parametrize(
    ("overrides", "field", "message"),
    [
        ({"id_number": "110105194912310021"}, "id_number", "居民身份证号码有误"),
        ({"id_number": ""}, "id_number", "请填写证件号码"),
        (
            {
                "applicant_type": "organisation",
                "organisation_kind": "commercial",
                "uscc": "91110000600037341K",
                "legal_representative": "李四",
            },
            "uscc",
            "统一社会信用代码有误",
        ),
        (
            {"applicant_type": "organisation", "uscc": "", "organisation_kind": ""},
            "organisation_kind",
            "请选择组织类型",
        ),
        ({"name": ""}, "name", "这个字段是必填项"),
        ({"description": ""}, "description", "这个字段是必填项"),
        ({"description": "请公开<script>alert(1)</script>文件"}, "description", "请不要输入HTML标记"),
        ({"name": "王<b>小明</b>"}, "name", "请不要输入HTML标记"),
        ({"description": "请公开\u202e文件目录清单"}, "description", "不可见的控制字符"),
        ({"phone": "12345"}, "phone", "请填写有效的手机号码"),
        ({"delivery": "mail", "address": "", "postal_code": ""}, "address", "请填写通信地址"),
        ({"delivery": "email", "email": ""}, "email", "请填写电子邮箱"),
        ({"postal_code": "53800"}, "postal_code", "邮政编码应为6位数字"),
        ({"declaration": None}, "declaration", "请阅读并勾选确认声明"),
        ({"applicant_type": "robot"}, "applicant_type", "选择一个有效的选项"),
    ],
)
def test_invalid_input_saves_nothing_and_says_why(client, overrides, field, message):
    response = submit(client, **overrides)
    assert response.status_code == 200
    assert InformationRequest.objects.count() == 0
    html = response.content.decode()
    assert message in html, html[:2000]
    assert field in response.context["form"].errors
    assert 'aria-invalid="true"' in html and 'id="error-summary"' in html


@pytest.mark.parametrize(
    ("upload", "message"),
    [
        (SimpleUploadedFile("id.pdf", b"MZ\x90\x00 not a pdf", "application/pdf"), "不是有效的 PDF、JPG 或 PNG 文件"),
        (SimpleUploadedFile("id.png", PDF, "image/png"), "不是有效的 PDF、JPG 或 PNG 文件"),  # a PDF named .png
        (SimpleUploadedFile("id.exe", PNG, "application/octet-stream"), "不是有效的 PDF、JPG 或 PNG 文件"),
        (SimpleUploadedFile("id.pdf", b"", "application/pdf"), "空文件"),
        (SimpleUploadedFile("big.pdf", PDF + b"0" * (5 * 1024 * 1024), "application/pdf"), "超过5MB"),
    ],
)
def test_bad_uploads_are_refused_and_nothing_is_stored(client, settings, upload, message):
    response = submit(client, attachments=upload)
    assert InformationRequest.objects.count() == 0 and RequestAttachment.objects.count() == 0
    html = response.content.decode()
    assert message in html
    private = settings.PRIVATE_MEDIA_ROOT
    assert not any(p.is_file() for p in private.rglob("*")) if private.exists() else True


def test_too_many_files_are_refused(client):
    files = [SimpleUploadedFile(f"id{i}.pdf", PDF, "application/pdf") for i in range(4)]
    response = submit(client, attachments=files)
    assert "最多上传3个文件" in response.content.decode()
    assert InformationRequest.objects.count() == 0


def test_uploaded_identity_documents_have_no_public_url(client, settings):
    submit(client, attachments=SimpleUploadedFile("id.jpg", JPEG, "image/jpeg"))
    attachment = RequestAttachment.objects.get()
    assert str(settings.PRIVATE_MEDIA_ROOT) in attachment.file.path
    assert str(settings.MEDIA_ROOT) not in attachment.file.path
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - private storage has no base URL


# --- lookup ------------------------------------------------------------------------------------


def lookup(client, number, code):
    return client.post(reverse("applications:lookup"), {"tracking_number": number, "lookup_code": code})


@pytest.fixture
def filed(client):
    response = submit(client)
    request = InformationRequest.objects.get()
    code = re.search(
        r'<strong class="code">([A-Z0-9]{10})</strong>', client.get(response["Location"]).content.decode()
    ).group(1)
    return request, code


def test_lookup_with_the_right_code_shows_status_without_personal_data(client, filed):
    request, code = filed
    html = lookup(client, request.tracking_number, code.lower()).content.decode()
    assert request.tracking_number in html and "待确认收到" in html and "期限计算明细" in html
    for personal in ["王小明", "11010519491231002X", "13800138000", "wxm@example.cn", "北部湾大道1号"]:
        assert personal not in html


def test_wrong_code_and_unknown_number_get_the_same_answer(client, filed):
    request, code = filed
    wrong = lookup(client, request.tracking_number, "AAAAAAAAAA").content.decode()
    unknown = lookup(client, "2026-999999", code).content.decode()
    message = "没有找到与该申请编号和查询码相符的申请"
    assert message in wrong and message in unknown
    assert request.get_status_display() not in wrong.split("<main", 1)[1]


def test_repeated_failures_are_throttled_even_with_the_right_code(client, filed, settings):
    request, code = filed
    for _ in range(settings.LOOKUP_MAX_FAILURES):
        assert lookup(client, request.tracking_number, "AAAAAAAAAA").status_code == 200
    blocked = lookup(client, request.tracking_number, code)
    assert blocked.status_code == 429
    assert "查询失败次数过多" in blocked.content.decode()


def test_strangers_failures_do_not_lock_the_requester_out(client, filed, settings):
    request, code = filed
    for i in range(settings.LOOKUP_MAX_FAILURES + 2):
        client.post(
            reverse("applications:lookup"),
            {"tracking_number": request.tracking_number, "lookup_code": "AAAAAAAAAA"},
            REMOTE_ADDR=f"10.0.0.{i}",
        )
    response = lookup(client, request.tracking_number, code)
    assert response.status_code == 200 and "待确认收到" in response.content.decode()


def test_behind_a_trusted_proxy_the_forwarded_client_address_is_throttled(client, filed, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    request, code = filed
    for _ in range(settings.LOOKUP_MAX_FAILURES):
        client.post(
            reverse("applications:lookup"),
            {"tracking_number": request.tracking_number, "lookup_code": "AAAAAAAAAA"},
            HTTP_X_FORWARDED_FOR="spoofed, 203.0.113.7",
        )
    # another client behind the same proxy is not blocked; the failing one is, whatever it claims
    other = client.post(
        reverse("applications:lookup"),
        {"tracking_number": request.tracking_number, "lookup_code": code},
        HTTP_X_FORWARDED_FOR="203.0.113.8",
    )
    assert other.status_code == 200
    same = client.post(
        reverse("applications:lookup"),
        {"tracking_number": request.tracking_number, "lookup_code": code},
        HTTP_X_FORWARDED_FOR="forged-again, 203.0.113.7",
    )
    assert same.status_code == 429


def test_receipt_code_expires_from_the_session(client):
    response = submit(client)
    with time_machine.travel(dt.datetime.now(dt.UTC) + dt.timedelta(hours=3)):
        assert client.get(response["Location"]).status_code == 404


def test_lookup_shows_outcome_once_answered(client, filed):
    request, code = filed
    request.status, request.outcome, request.answered_on = "answered", "1", dt.date(2026, 10, 9)
    request.save()
    html = lookup(client, request.tracking_number, code).content.decode()
    assert "（一）予以公开" in html and "2026年10月9日" in html


# --- calculator --------------------------------------------------------------------------------


def test_calculator_explains_the_date(client):
    html = client.get(reverse("applications:calculator"), {"received_on": "2026-09-15", "days": "20"}).content.decode()
    assert "2026年10月19日" in html and "国庆节，休息" in html and "调休上班日" in html
    assert h1_count(html) == 1


def test_calculator_marks_unknown_years_provisional(client):
    html = client.get(reverse("applications:calculator"), {"received_on": "2026-12-10", "days": "20"}).content.decode()
    assert "2027年1月8日" in html and "暂定期限" in html  # 2027-01-01 rests as 元旦 (docs/rules.md §5.2)


@pytest.mark.parametrize(
    "params", [{"received_on": "2026-02-30"}, {"received_on": "1999-01-01"}, {"received_on": "x", "days": "9"}]
)
def test_calculator_rejects_bad_input_with_a_message(client, params):
    response = client.get(reverse("applications:calculator"), params)
    assert response.status_code == 200
    assert response.context["period"] is None and response.context["form"].errors


def test_request_pages_query_counts_are_constant(client, filed, django_assert_max_num_queries):
    request, code = filed
    # the lookup grants access (the session key cycled: read, insert, delete, update) and shows the
    # status; constant in the request's events and files: tests/applications/test_answer_delivery.py
    with django_assert_max_num_queries(17):
        lookup(client, request.tracking_number, code)
    with django_assert_max_num_queries(6):
        client.get(reverse("applications:calculator"), {"received_on": "2026-09-15", "days": "20"})


def test_fields_of_only_invisible_characters_count_as_empty(client):
    response = submit(client, name="\u200b\u200c\ufeff", description="\u200b" * 10 + "公开")
    assert response.status_code == 200 and not InformationRequest.objects.exists()
    errors = response.context["form"].errors.as_data()
    assert [e.code for e in errors["name"]] == ["required"]
    assert [e.code for e in errors["description"]] == ["description_too_short"]


def test_a_pasted_code_with_invisible_and_full_width_characters_still_finds_the_request(client, filed):
    request, code = filed
    fullwidth = "".join(chr(ord(c) + 0xFEE0) for c in request.tracking_number)
    html = lookup(client, fullwidth + "\u200b", "\ufeff" + code[:5].lower() + "\u200b" + code[5:]).content.decode()
    assert "期限计算明细" in html
