"""The requester's loop in a real browser: a request filed online receives a 补正 notice, the
supplement goes in online, the answer comes with two files, and the letter PDF and both files are
downloaded from the status page; a second browser without the code gets none of them, by any URL."""

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from django.utils import timezone

from applications import services
from applications.models import InformationRequest, Outcome
from tests import factories
from tests.e2e.helpers import file_request_quickly, visit

pytestmark = pytest.mark.django_db(transaction=True, serialized_rollback=True)


def look_up(page, number, code):
    visit(page, reverse("applications:lookup"))
    page.locator("[name=tracking_number]").fill(number)
    page.locator("[name=lookup_code]").fill(code)
    with page.expect_navigation():
        page.get_by_role("button", name="查询").click()


def test_supplement_answer_and_downloads_reach_the_requester_and_nobody_else(open_page, live_server):
    organ = factories.OrganFactory(reconsideration_body="测试市人民政府", litigation_court="测试市港口区人民法院")
    assert organ.pk
    page = open_page()
    number, code = file_request_quickly(page)
    request = InformationRequest.objects.get(tracking_number=number)
    today = timezone.localdate()
    services.send_correction_notice(
        request=request, date=today, items="请写明所需信息的年份。", period_end=today + dt.timedelta(days=15)
    )

    # The requester sees the notice and sends the supplement online.
    look_up(page, number, code)
    assert page.locator(".supplement blockquote").inner_text() == "请写明所需信息的年份。"
    page.locator("[name=text]").fill("所需信息为2018年度的统计表。")
    with page.expect_navigation():
        page.get_by_role("button", name="提交补正").click()
    assert page.get_by_text("补正已提交").is_visible()
    request.refresh_from_db()
    assert request.status == InformationRequest.Status.IN_PROGRESS

    # Staff confirm the receipt and answer with two files.
    services.confirm_receipt(request=request, received_on=request.received_on)
    services.answer_with_letter(
        request=request,
        outcome=Outcome.DISCLOSED,
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        reply_date=today,
        files=[
            SimpleUploadedFile("统计表.xlsx", b"PK\x03\x04 the table"),
            SimpleUploadedFile("说明.pdf", b"%PDF-1.4 the note"),
        ],
    )

    # The status page (this browser's lookup still holds) lists the letter and both files.
    page.goto(reverse("applications:status", args=[number]), wait_until="load")
    links = page.locator(".answer-documents a")
    assert links.count() == 3
    urls, contents = [], []
    for index in range(3):
        with page.expect_download() as download:
            links.nth(index).click()
        urls.append(download.value.url)
        with open(download.value.path(), "rb") as file:
            contents.append(file.read())
    assert contents[0].startswith(b"%PDF-") and download.value.suggested_filename == "说明.pdf"
    assert contents[1:] == [b"PK\x03\x04 the table", b"%PDF-1.4 the note"]

    # Another browser, without the code: nothing, by any of those URLs or the status page.
    stranger = open_page()
    for url in urls:
        response = stranger.request.get(url)
        assert response.status == 404, url
    stranger.goto(live_server.url + reverse("applications:status", args=[number]), wait_until="load")
    assert stranger.url.endswith(reverse("applications:lookup"))
    assert "所需信息为2018年度的统计表" not in stranger.content()
