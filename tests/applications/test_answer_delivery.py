"""The requester's loop closed online: the answer's letter (PDF) and released files delivered after
a lookup and to nobody else, the e-mail with an absolute link and the PDF, the 补正 and the
withdrawal sent online, the timeline as it was, the lookup's lock per tracking number."""

import datetime as dt
import io
import shutil
import subprocess

import pypdf
import pytest
import time_machine
from django.core import mail
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse

from applications import retention, services
from applications.models import InformationRequest, Outcome, ReleasedFile, RequestEvent
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date
NOW = dt.datetime(2026, 10, 14, 2, 0, tzinfo=dt.UTC)  # Wednesday 2026-10-14 in Shanghai
CODE = "ABCDEFGH23"


def png() -> bytes:
    from PIL import Image

    buffer = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(buffer, "PNG")
    return buffer.getvalue()


@pytest.fixture(autouse=True)
def _now():
    with time_machine.travel(NOW, tick=False):
        yield


@pytest.fixture
def req(organ, django_user_model):
    organ.reconsideration_body, organ.litigation_court = "测试市人民政府", "测试市港口区人民法院"
    organ.save()
    handler = django_user_model.objects.create_user(username="handler", email="handler@example.gov.cn", is_staff=True)
    request = InformationRequestFactory(received_on=D(2026, 9, 15), handler=handler)
    request.lookup_code_hash = InformationRequest.hash_lookup_code(CODE)
    request.save()
    services.recompute_deadline(request=request)
    return request


def look_up(client, request, code=CODE):
    return client.post(
        reverse("applications:lookup"), {"tracking_number": request.tracking_number, "lookup_code": code}
    )


def answered(request, files=2):
    uploads = [SimpleUploadedFile(f"统计表{n}.pdf", b"%PDF-1.4 file " + bytes([48 + n])) for n in range(files)]
    services.answer_with_letter(
        request=request,
        outcome=Outcome.DISCLOSED,
        legal_basis="《中华人民共和国政府信息公开条例》第三十六条第（二）项",
        reply_date=D(2026, 10, 14),
        files=uploads,
    )
    request.refresh_from_db()
    return request


def downloads(request) -> list[str]:
    letter = request.letters.get()
    return [
        reverse("applications:letter", args=[request.tracking_number, letter.pk]),
        *(
            reverse("applications:released-file", args=[request.tracking_number, f.pk])
            for f in request.released_files.all()
        ),
    ]


# --- the answer delivered -----------------------------------------------------------------------


def test_the_answer_keeps_the_files_and_a_pdf_of_the_letter(req):
    request = answered(req)
    letter = request.letters.get()
    assert letter.docx and letter.pdf
    reader = pypdf.PdfReader(io.BytesIO(letter.pdf.read()))
    text = "".join("".join(page.extract_text().replace("\x00", "").split()) for page in reader.pages)
    assert letter.title in text and request.tracking_number in text and "测试市人民政府" in text
    fonts = {str(font["/BaseFont"]) for page in reader.pages for font in page["/Resources"]["/Font"].values()}
    assert fonts and all("CJK" in name for name in fonts), fonts  # the CJK font, embedded
    assert [f.original_name for f in request.released_files.all()] == ["统计表0.pdf", "统计表1.pdf"]
    assert all(f.letter_id == letter.pk for f in ReleasedFile.objects.all())


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (make system-deps) not installed")
def test_a_pdf_reader_reads_the_letter_as_written(req, tmp_path):
    """poppler, what PDF readers on Linux build on, reads the letter's text back (not only our parser)."""
    letter = answered(req).letters.get()
    path = tmp_path / "letter.pdf"
    path.write_bytes(letter.pdf.read())
    text = subprocess.run(["pdftotext", "-enc", "UTF-8", str(path), "-"], capture_output=True, check=True).stdout
    text = "".join(text.decode().split())
    assert letter.title in text and f"（{req.tracking_number}）" in text
    for paragraph in letter.body.split("\n"):
        assert "".join(paragraph.split())[:20] in text


def test_the_email_links_absolutely_and_carries_the_letter_pdf(req, settings, django_capture_on_commit_callbacks):
    settings.SITE_URL = "https://gk.example.gov.cn"
    with django_capture_on_commit_callbacks(execute=True):
        request = answered(req)
    [message] = mail.outbox
    assert message.to == [request.email]
    assert "https://gk.example.gov.cn/apply/status/" in message.body and "下载答复告知书" in message.body
    [(name, content, mimetype)] = message.attachments
    assert name == f"答复告知书-{request.tracking_number}.pdf" and mimetype == "application/pdf"
    assert content.startswith(b"%PDF-")


def test_after_the_lookup_the_page_lists_and_serves_the_letter_and_files(client, req):
    request = answered(req)
    html = look_up(client, request).content.decode()
    urls = downloads(request)
    for url in urls:
        assert url in html
    letter = client.get(urls[0])
    assert letter.status_code == 200 and letter["Content-Type"] == "application/pdf"
    assert b"".join(letter.streaming_content).startswith(b"%PDF-")
    assert "attachment" in letter["Content-Disposition"]
    first = client.get(urls[1])
    assert b"".join(first.streaming_content) == b"%PDF-1.4 file 0"
    for response in (letter, first):
        assert "no-store" in response["Cache-Control"] and response["X-Robots-Tag"].startswith("noindex")


def test_nobody_else_gets_the_files_by_any_url(client, req, settings):
    request = answered(req)
    urls = downloads(request)
    stranger = Client()
    assert [stranger.get(url).status_code for url in urls] == [404] * len(urls)
    assert stranger.get(reverse("applications:status", args=[request.tracking_number])).status_code == 302
    # a wrong code grants nothing
    look_up(stranger, request, code="ZZZZZZZZZZ")
    assert [stranger.get(url).status_code for url in urls] == [404] * len(urls)
    # access to one request is not access to another's files
    other = answered(InformationRequestFactory(received_on=D(2026, 9, 15), lookup_code_hash=request.lookup_code_hash))
    look_up(client, other)
    assert [client.get(url).status_code for url in urls] == [404] * len(urls)
    # and it ends with the time
    look_up(client, request)
    with time_machine.travel(NOW + dt.timedelta(seconds=settings.REQUESTER_ACCESS_SECONDS + 1), tick=False):
        assert [client.get(url).status_code for url in urls] == [404] * len(urls)


def test_the_downloads_are_in_no_sitemap_feed_or_robots_allowance(client, req):
    request = answered(req)
    robots = client.get("/robots.txt").content.decode()
    assert "Disallow: /apply/status/" in robots
    sitemap = client.get(reverse("sitemap")).content.decode()
    assert "/apply/status/" not in sitemap and request.tracking_number not in sitemap


def test_files_go_after_their_period_and_with_the_personal_data(req, settings, django_capture_on_commit_callbacks):
    request = answered(req)
    names = [f.file.name for f in request.released_files.all()] + [request.letters.get().pdf.name]
    storage = request.letters.get().pdf.storage
    settings.RELEASED_FILES_RETENTION_DAYS = 30
    with time_machine.travel(NOW + dt.timedelta(days=30), tick=False):
        assert retention.expire_downloads(dry_run=True) == 0  # answered 2026-10-14: kept to 2026-11-13
    with time_machine.travel(NOW + dt.timedelta(days=31), tick=False), django_capture_on_commit_callbacks(execute=True):
        assert retention.expire_downloads(dry_run=True) == 3
        assert retention.expire_downloads() == 3
    assert set(ReleasedFile.objects.values_list("file", flat=True)) == {""}  # the record of what went out stays
    assert not request.letters.get().pdf
    assert request.letters.get().docx  # staff keep theirs until the personal data go
    assert not any(storage.exists(name) for name in names)


def test_downloads_wait_while_an_appeal_is_pending(req, settings):
    from applications.models import Appeal

    request = answered(req)
    Appeal.objects.create(kind="reconsideration", request=request, filed_on=D(2026, 10, 20), result="pending")
    settings.RELEASED_FILES_RETENTION_DAYS = 30
    with time_machine.travel(NOW + dt.timedelta(days=400), tick=False):
        assert retention.expire_downloads() == 0


def test_the_answer_step_in_the_admin_takes_the_released_files(staff_client, req):
    url = reverse("admin:applications_informationrequest_act", args=[req.pk, "answer"])
    data = {"date": "2026-10-14", "outcome": Outcome.DISCLOSED, "legal_basis": "条例第三十六条第（二）项"}
    refused = staff_client.post(url, {**data, "released_files": [SimpleUploadedFile("run.exe", b"MZ")]})
    assert "的类型不能提供" in refused.content.decode()
    draft = staff_client.post(url, data)
    assert 'enctype="multipart/form-data"' in draft.content.decode()
    form = draft.context["form"]
    files = [SimpleUploadedFile("a.xlsx", b"PK\x03\x04 data"), SimpleUploadedFile("b.pdf", b"%PDF-1.4 b")]
    response = staff_client.post(
        url,
        {
            **data,
            "letter_title": form.data["letter_title"],
            "letter_body": form.data["letter_body"],
            "released_files": files,
        },
    )
    assert response.status_code == 302
    assert sorted(req.released_files.values_list("original_name", flat=True)) == ["a.xlsx", "b.pdf"]


# --- the 补正 online ---------------------------------------------------------------------------------


PERIOD_END = D(2026, 10, 28)


def _notice(request, period_end=PERIOD_END):
    services.send_correction_notice(
        request=request, date=D(2026, 9, 18), items="请写明所需信息的年份。", period_end=period_end
    )
    request.refresh_from_db()
    return request


def test_the_notice_and_its_form_are_shown_and_the_supplement_is_recorded_as_staff_would(
    client, req, django_capture_on_commit_callbacks
):
    request = _notice(req)
    html = look_up(client, request).content.decode()
    assert "请写明所需信息的年份。" in html and "补正期限：2026年10月28日" in html and "提交补正" in html
    url = reverse("applications:supplement", args=[request.tracking_number])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"text": "所需信息为2025年度的统计表。", "attachments": [SimpleUploadedFile("补充.png", png())]}
        )
    assert response.status_code == 302
    request.refresh_from_db()
    event = request.events.get(kind=RequestEvent.Kind.CORRECTION_RECEIVED)
    assert event.date == D(2026, 10, 14) and "所需信息为2025年度的统计表。" in event.note
    assert request.status == InformationRequest.Status.IN_PROGRESS
    assert request.attachments.filter(original_name="补充.png").exists()
    # the same clock as staff recording the supplement that day
    twin = _notice(InformationRequestFactory(received_on=D(2026, 9, 15)))
    services.record_supplement(request=twin, date=D(2026, 10, 14))
    twin.refresh_from_db()
    assert (request.due_date, request.deadline_provisional) == (twin.due_date, twin.deadline_provisional)
    assert request.due_date == D(2026, 11, 11)  # 20 working days from 2026-10-14, the day excluded
    assert [m.to for m in mail.outbox] == [["handler@example.gov.cn"]]
    assert "提交补正" in mail.outbox[0].subject and "所需信息" not in mail.outbox[0].body


def test_the_supplement_form_closes_after_the_period(client, req):
    request = _notice(req, period_end=D(2026, 10, 13))
    html = look_up(client, request).content.decode()
    assert "补正期限已过，不能再在线提交补正。" in html and 'name="text"' not in html
    response = client.post(reverse("applications:supplement", args=[request.tracking_number]), {"text": "迟到的补正"})
    assert response.status_code == 400 and "补正期限已过" in response.content.decode()
    assert not request.events.filter(kind=RequestEvent.Kind.CORRECTION_RECEIVED).exists()


def test_a_supplement_is_refused_without_the_lookup_and_with_a_file_that_is_not_what_it_claims(client, req):
    request = _notice(req)
    url = reverse("applications:supplement", args=[request.tracking_number])
    stranger = Client().post(url, {"text": "补正"})  # sent back to the lookup, told nothing of the request
    assert stranger.status_code == 302 and stranger["Location"] == reverse("applications:lookup")
    look_up(client, request)
    fake = SimpleUploadedFile("scan.png", b"not a png at all")
    response = client.post(url, {"text": "补正", "attachments": [fake]})
    assert response.status_code == 400 and "不是有效的 PDF、JPG 或 PNG 文件" in response.content.decode()
    assert request.events.filter(kind=RequestEvent.Kind.CORRECTION_RECEIVED).count() == 0


# --- the withdrawal online ---------------------------------------------------------------------------


def test_the_requester_withdraws_online_and_staff_are_told(client, req, django_capture_on_commit_callbacks):
    look_up(client, req)
    url = reverse("applications:withdraw", args=[req.tracking_number])
    assert client.post(url, {}).status_code == 400  # the confirmation is required
    with django_capture_on_commit_callbacks(execute=True):
        assert client.post(url, {"confirm": "on"}).status_code == 302
    req.refresh_from_db()
    assert (req.outcome, req.answered_on) == (Outcome.OTHER, D(2026, 10, 14))  # （六）3
    assert req.events.filter(kind=RequestEvent.Kind.WITHDRAWN, date=D(2026, 10, 14)).exists()
    assert any(m.to == ["handler@example.gov.cn"] and "撤回申请" in m.subject for m in mail.outbox)
    html = client.get(reverse("applications:status", args=[req.tracking_number])).content.decode()
    assert "申请已撤回。" in html and 'action="' + url not in html
    again = client.post(url, {"confirm": "on"}, follow=True)
    assert "该申请当前为“已终止”，不能再办理。" in again.content.decode()


@pytest.mark.parametrize(
    ("lapse", "message"),
    [
        ("correction", "补正期限已过，申请依法视为放弃，不能再撤回。"),
        ("fee", "缴费期限已过，申请依法视为放弃，不能再撤回。"),
    ],
)
def test_a_request_that_has_lapsed_by_law_cannot_be_withdrawn(client, req, lapse, message):
    if lapse == "correction":
        _notice(req, period_end=D(2026, 10, 13))  # the day before today
    else:
        req.fee_notice_on, req.fee_amount = D(2026, 9, 1), 100  # 20 working days: paid by 2026-09-29
        req.save()
    look_up(client, req)
    response = client.post(reverse("applications:withdraw", args=[req.tracking_number]), {"confirm": "on"}, follow=True)
    assert message in response.content.decode()
    req.refresh_from_db()
    assert req.is_open and not req.events.filter(kind=RequestEvent.Kind.WITHDRAWN).exists()


def test_an_oversized_supplement_is_refused_before_its_body_is_read(client, req):
    request = _notice(req)
    look_up(client, request)
    url = reverse("applications:supplement", args=[request.tracking_number])
    response = client.post(url, {"text": "x"}, CONTENT_LENGTH=str(100 * 1024 * 1024))
    assert response.status_code == 302
    assert not request.events.filter(kind=RequestEvent.Kind.CORRECTION_RECEIVED).exists()


# --- the timeline as it was -----------------------------------------------------------------------


def test_each_timeline_entry_keeps_the_deadline_then_in_force(client, req):
    request = InformationRequestFactory(received_on=D(2026, 9, 15), receipt_confirmed=False, status="pending")
    request.lookup_code_hash = InformationRequest.hash_lookup_code(CODE)
    request.save()
    services.confirm_receipt(request=request, received_on=D(2026, 9, 15))
    services.approve_extension(request=request, date=D(2026, 10, 13), days=20, approver="张科长", reason="需调取档案")
    html = look_up(client, request).content.decode()
    # worked by hand on the 2026 calendar: 20 working days after 09-15 (09-25/27 and 10-01/07 off,
    # 09-20 and 10-10 worked) end 10-19; 20 more end 11-16.
    assert "答复期限至2026年10月19日。" in html  # at the receipt, not the later 11-16
    assert "延长20个工作日，至2026年11月16日" in html  # at the extension
    assert "当前答复期限" in html


# --- the lookup's locks and the receipt later ------------------------------------------------------


def test_wrong_codes_lock_that_number_from_that_address_only(req, settings):
    settings.LOOKUP_MAX_FAILURES, settings.LOOKUP_MAX_FAILURES_PER_ADDRESS = 3, 10
    other = InformationRequestFactory(received_on=D(2026, 9, 15), lookup_code_hash=req.lookup_code_hash)
    guesser = Client()
    for _ in range(3):
        look_up(guesser, req, code="ZZZZZZZZZZ")
    assert look_up(guesser, req).status_code == 429  # locked for this number, even with the right code
    assert look_up(guesser, other).status_code == 200 and "办理情况" in look_up(guesser, other).content.decode()
    requester = Client(REMOTE_ADDR="192.0.2.77")
    assert "办理情况" in look_up(requester, req).content.decode()  # the requester is not locked out
    for n in range(7):  # 3 + 7 wrong codes from the address, over numbers of their own
        guesser.post(reverse("applications:lookup"), {"tracking_number": f"2026-9{n:05d}", "lookup_code": "ZZZZZZZZZZ"})
    assert look_up(guesser, other).status_code == 429  # the address is locked now, for every number


def test_a_receipt_opened_later_explains_how_to_look_up(client, req):
    response = client.get(reverse("applications:receipt", args=[req.tracking_number]))
    html = response.content.decode()
    assert response.status_code == 404 and "回执已不再显示" in html and reverse("applications:lookup") in html


def test_the_status_page_queries_are_constant_in_events_and_files(client, req, django_assert_max_num_queries):
    request = answered(req, files=1)
    look_up(client, request)
    url = reverse("applications:status", args=[request.tracking_number])
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        client.get(url)
    for n in range(8):
        ReleasedFile.objects.create(request=request, letter=request.letters.get(), file=f"released/x{n}.pdf",
                                    original_name=f"x{n}.pdf", content_type="application/pdf", size=1)  # fmt: skip
        RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.NOTE, date=D(2026, 10, 14), note="备注")
    with CaptureQueriesContext(connection) as many:
        client.get(url)
    assert len(many.captured_queries) == len(few.captured_queries)


def test_without_its_font_the_answer_stands_and_the_files_are_still_offered(client, req, settings, caplog):
    settings.LETTER_PDF_FONT = "/nonexistent/font.ttc"
    request = answered(req)
    assert not request.letters.get().pdf and request.letters.get().docx
    assert "font /nonexistent/font.ttc missing" in caplog.text
    html = look_up(client, request).content.decode()
    assert "答复告知书（PDF" not in html
    for released in request.released_files.all():
        assert reverse("applications:released-file", args=[request.tracking_number, released.pk]) in html


def test_a_supplement_sent_on_a_saturday_is_received_the_next_working_day(client, req):
    # Decision 3, as for an online request: sent Saturday 2026-10-17, received Monday 10-19; then 20
    # 工作日 from the day after: 10-20..23 (4), 10-26..30 (9), 11-02..06 (14), 11-09..13 (19), 11-16 (20).
    request = _notice(req)
    with time_machine.travel(dt.datetime(2026, 10, 17, 2, 0, tzinfo=dt.UTC), tick=False):
        look_up(client, request)
        url = reverse("applications:supplement", args=[request.tracking_number])
        html = client.post(url, {"text": "所需信息为2025年度的统计表。"}, follow=True).content.decode()
    assert "答复期限自本机关收到补正之日（2026年10月19日）起重新计算" in html
    request.refresh_from_db()
    assert request.events.get(kind=RequestEvent.Kind.CORRECTION_RECEIVED).date == D(2026, 10, 19)
    assert request.due_date == D(2026, 11, 16)


def test_a_download_whose_file_is_gone_answers_404(client, req):
    request = answered(req, files=1)
    released = request.released_files.get()
    released.file.storage.delete(released.file.name)
    look_up(client, request)
    url = reverse("applications:released-file", args=[request.tracking_number, released.pk])
    assert client.get(url).status_code == 404
