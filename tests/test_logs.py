"""No log line holds an ID-card number, a phone number or an e-mail address (portal/logs.py).

Table-driven tests of `redact`, then the real LOGGING configuration fed with requests that make
Django and the portal log personal data, then gunicorn's access log through gunicorn.conf.py.
"""

import io
import logging
import logging.config
import smtplib
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import include, path, reverse

from portal.logs import MASK, RedactingAdminEmailHandler, RedactPersonalData, redact
from tests.factories import InformationRequestFactory
from tests.test_settings import BIN, PRODUCTION_HOST, ROOT, _free_port, _manage, _production_env

ID_NUMBER = "11010519491231002X"
PHONE = "13912345678"
EMAIL = "zhang.wei+gk@example.cn"
LANDLINE = "0770-2828077"
PERSONAL = [ID_NUMBER, PHONE, EMAIL, LANDLINE, "2828077", "12345678", "19491231002"]


# ---------------------------------------------------------------------------
# redact(): what is masked
# ---------------------------------------------------------------------------

MASKED = [
    # (text, what it becomes)
    ("身份证号11010519491231002X", f"身份证号{MASK}"),
    ("id=11010519491231002x&x=1", f"id={MASK}&x=1"),
    ("110105194912310028 已登记", f"{MASK} 已登记"),
    ("110105 19491231 002X", MASK),
    ("110105-19491231-002X", MASK),
    ("旧证号110105491231002。", f"旧证号{MASK}。"),
    ("电话13912345678", f"电话{MASK}"),
    ("电话 139 1234 5678 转", f"电话 {MASK} 转"),
    ("139-1234-5678", MASK),
    ("+8613912345678", MASK),
    ("+86 139 1234 5678", MASK),
    ("+86-13912345678", MASK),
    ("008613912345678", MASK),
    ("8613912345678", MASK),
    ("q=139+1234+5678", f"q={MASK}"),
    ("19912345678", MASK),
    ("座机0770-2828077", f"座机{MASK}"),
    ("010-12345678。", f"{MASK}。"),
    ("0770 2828077", MASK),
    ("(0770)2828077", MASK),
    ("07702828077", MASK),
    ("mail zhang.wei+gk@example.cn.", f"mail {MASK}."),
    ("<a@b.com.cn>", f"<{MASK}>"),
    # an all-digit 统一社会信用代码 has the shape of an ID number: masked (see portal/logs.py)
    ("114506000000000017", MASK),
    # percent-encoded in a URL: read decoded, written decoded with the mask
    ("GET /search/?q=%2013912345678 HTTP/1.1", f"GET /search/?q= {MASK} HTTP/1.1"),
    ("/search/?q=zhang%40example.cn&page=2", f"/search/?q={MASK}&page=2"),
    ("/search/?q=%2B86%20139%201234%205678", f"/search/?q={MASK}"),
    ("/x/?id=%E8%BA%AB%E4%BB%BD%E8%AF%8111010519491231002X", f"/x/?id=身份证{MASK}"),
    ("/x/?q=%25%2013912345678", f"/x/?q=% {MASK}"),
    ("/x/?q=%252013912345678", f"/x/?q=%{MASK}"),  # 2520139… is 15 digits: masked as it stands
]

KEPT = [
    # not personal data: must stay readable
    "申请 2026-000123 已受理",
    "tracking 2026-000001, 2025-999999",
    "year 2026, 2018年",
    "2026-09-15 10:00:00,123",
    "20260915",
    "防审批规〔2018〕12号",
    "防审批许[2024]3号",
    "JY14506020000123",
    "12345678901234567890",  # 20 digits: no ID number
    "1234567890123456789",  # 19 digits
    "91450600MA5KXXXX3Q",  # a credit code with letters
    "11450600000000001/2026-00012",  # 索引号 stem is 17 digits
    "1700000000.123456",  # a timestamp
    "127.0.0.1 - - [27/Nov/2026:09:27:06 +0800]",
    "GET /decisions/?page=12&year=2025 HTTP/1.1",
    "GET /search/?q=%E5%AE%A1%E6%89%B9 HTTP/1.1",  # 审批: no personal data, left encoded
    "a + b = c, 3+4",
    "took 1234567 us",
    "538001",  # a postal code
    "Not Found: /disclosures/99999/",
]


@pytest.mark.parametrize(("text", "expected"), MASKED)
def test_redact_masks_personal_data(text, expected):
    assert redact(text) == expected


@pytest.mark.parametrize("text", KEPT)
def test_redact_keeps_what_is_not_personal_data(text):
    assert redact(text) == text


@pytest.mark.parametrize("text", ["1" * 200_000, "a" * 200_000 + "+", "a." * 100_000, "x@" * 100_000])
def test_redact_takes_linear_time_on_long_runs(text):
    """A long run of letters or digits (a hash, a base64 blob in a traceback) must not make the
    patterns backtrack quadratically: a log call would hang the worker."""
    started = time.perf_counter()
    redact(text)
    assert time.perf_counter() - started < 2


def test_redact_is_stable_on_its_own_output():
    once = redact(f"{ID_NUMBER} {PHONE} {EMAIL} {LANDLINE}")
    assert once == f"{MASK} {MASK} {MASK} {MASK}"
    assert redact(once) == once


def test_filter_masks_message_arguments_traceback_and_stack():
    try:
        raise ValueError(f"row with {ID_NUMBER}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("test", logging.ERROR, __file__, 1, "phone %s mail %s", (PHONE, EMAIL), exc_info)
    record.stack_info = f"Stack (most recent call last):\n  lookup({PHONE})"
    assert RedactPersonalData().filter(record) is True
    text = logging.Formatter("%(message)s").format(record)
    assert f"phone {MASK} mail {MASK}" in text
    assert "ValueError: row with" in text
    for value in (ID_NUMBER, PHONE, EMAIL):
        assert value not in text


def test_filter_leaves_clean_records_alone():
    record = logging.LogRecord("test", logging.INFO, __file__, 1, "request %s submitted", ("2026-000123",), None)
    RedactPersonalData().filter(record)
    assert record.msg == "request %s submitted" and record.args == ("2026-000123",)


# ---------------------------------------------------------------------------
# The real LOGGING configuration
# ---------------------------------------------------------------------------


def boom(request):
    raise IntegrityError(
        f"duplicate key value violates unique constraint DETAIL: Key (id_number)=({ID_NUMBER}) phone {PHONE} "
        f"mail {EMAIL} already exists."
    )


urlpatterns = [path("boom/", boom), path("", include("portal.urls"))]


@pytest.fixture
def log_output(settings):
    """The text Django's configured handlers produce: the console stream and the admins' mails."""
    settings.ADMINS = [("运维", "ops@example.gov.cn")]
    logging.config.dictConfig(settings.LOGGING)
    stream = io.StringIO()
    handlers = {h for name in ("", "django") for h in logging.getLogger(name).handlers}
    consoles = [h for h in handlers if isinstance(h, logging.StreamHandler)]
    assert consoles, "LOGGING has no console handler"
    for handler in consoles:
        handler.setStream(stream)
    yield stream
    logging.config.dictConfig(settings.LOGGING)


def _assert_clean(text: str):
    for value in PERSONAL:
        assert value not in text, (value, text)


def _fail_with_personal_data():
    client = Client(raise_request_exception=False)
    assert client.get(f"/search/{PHONE}/{ID_NUMBER}/", {"q": PHONE}).status_code == 404
    assert client.get(f"/disclosures/{ID_NUMBER}/").status_code == 404
    response = client.get("/boom/", {"q": PHONE, "id": ID_NUMBER, "mail": EMAIL, "tel": LANDLINE})
    assert response.status_code == 500


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logs")
def test_logged_404_and_500_carry_no_personal_data(log_output):
    _fail_with_personal_data()
    console = log_output.getvalue()
    assert "Not Found" in console and "Internal Server Error: /boom/" in console
    assert "IntegrityError" in console and "Traceback" in console  # the traceback is kept, masked
    assert MASK in console
    _assert_clean(console)


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logs")
def test_error_mail_to_the_admins_carries_no_personal_data(log_output, mailoutbox):
    """The mail is built by Django's exception reporter from the request and the exception (GET
    parameters, QUERY_STRING, the exception value), which a filter on the record cannot reach:
    LOGGING's mail_admins handler must be portal.logs.RedactingAdminEmailHandler."""
    _fail_with_personal_data()
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    assert "IntegrityError" in mail.body and MASK in mail.body
    _assert_clean(mail.subject)
    _assert_clean(mail.body)
    for content, _mimetype in getattr(mail, "alternatives", []):
        _assert_clean(content)


def test_admin_mail_handler_masks_subject_and_both_bodies(settings, mailoutbox):
    settings.ADMINS = [("运维", "ops@example.gov.cn")]
    handler = RedactingAdminEmailHandler(include_html=True)
    try:
        raise ValueError(f"lookup {ID_NUMBER} {PHONE}")
    except ValueError:
        exc_info = sys.exc_info()
    record = logging.LogRecord("django.request", logging.ERROR, __file__, 1, "fail %s", (EMAIL,), exc_info)
    handler.emit(record)
    (mail,) = mailoutbox
    _assert_clean(mail.subject)
    _assert_clean(mail.body)
    (html, _mimetype) = mail.alternatives[0]
    assert "ValueError" in html
    _assert_clean(html)


def test_admin_mail_handler_builds_nothing_without_admins(settings, mailoutbox):
    settings.ADMINS = []
    handler = RedactingAdminEmailHandler()
    handler.emit(logging.LogRecord("django.request", logging.ERROR, __file__, 1, PHONE, None, None))
    assert mailoutbox == []


@pytest.mark.django_db
def test_rejected_form_post_logs_no_personal_data(log_output):
    """A request-form POST with a bad ID number and no CSRF token: refused, and the log line that
    says so holds no personal data (the form's own checks are tested with the form)."""
    data = {
        "applicant_type": "natural_person",
        "name": "张伟",
        "id_type": "resident_id",
        "id_number": "110105194912310021",  # wrong check digit
        "phone": PHONE,
        "email": EMAIL,
        "description": f"请公开与{ID_NUMBER}有关的信息",
    }
    strict = Client(enforce_csrf_checks=True, raise_request_exception=False)
    assert strict.post(reverse("applications:submit"), data).status_code == 403
    lenient = Client(raise_request_exception=False)
    assert lenient.post(reverse("applications:submit"), data).status_code < 500
    console = log_output.getvalue()
    assert "Forbidden (CSRF" in console
    _assert_clean(console)
    assert "110105194912310021" not in console


@pytest.mark.django_db
def test_app_warning_about_a_failed_notice_logs_no_personal_data(log_output, monkeypatch):
    from applications import notify
    from applications.models import RequestEvent

    request = InformationRequestFactory(email=EMAIL, phone=PHONE)
    RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.RECEIVED, date=request.received_on)

    def refuse(*args, **kwargs):
        raise smtplib.SMTPRecipientsRefused({EMAIL: (550, f"mailbox {EMAIL} unavailable".encode())})

    monkeypatch.setattr(notify, "send_mail", refuse)
    assert notify.send_step_email(request.pk, RequestEvent.Kind.RECEIVED) is False
    # The same error logged with its traceback, as code that logs an exception would.
    try:
        refuse()
    except smtplib.SMTPException:
        logging.getLogger("applications.notify").exception("notice to %s failed", EMAIL)
    console = log_output.getvalue()
    assert f"notice for request {request.tracking_number}" in console  # the tracking number stays readable
    assert "SMTPRecipientsRefused" in console
    _assert_clean(console)


# ---------------------------------------------------------------------------
# gunicorn's access log (gunicorn.conf.py)
# ---------------------------------------------------------------------------


def test_gunicorn_access_log_masks_personal_data_in_urls(tmp_path):
    env = _production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = _manage(*command, env=env)
        assert done.returncode == 0, done.stderr
    port = _free_port()
    log_path = tmp_path / "gunicorn.log"
    queries = [
        {"q": PHONE},
        {"q": f" {PHONE}"},  # %20 before the number
        {"q": EMAIL},
        {"q": ID_NUMBER, "scope": "decisions"},
        {"q": "139 1234 5678"},
    ]
    with log_path.open("w") as log:
        server = subprocess.Popen(
            # As the Dockerfile starts it (the address on the command line, the access log to stdout).
            [str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}", "--access-logfile", "-"],
            cwd=ROOT,
            env={**env, "WEB_CONCURRENCY": "2"},
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + 30
        for params in queries:
            url = f"http://127.0.0.1:{port}/search/?{urllib.parse.urlencode(params)}"
            request = urllib.request.Request(url, headers={"Host": PRODUCTION_HOST})
            while True:
                assert server.poll() is None, log_path.read_text()
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        assert response.status == 200
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.2)
        # The access line is written after the response: wait until all of them are there.
        while log_path.read_text().count("GET /search/") < len(queries):
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
    finally:
        server.terminate()
        server.wait(timeout=20)
    text = log_path.read_text()
    access = [line for line in text.splitlines() if "GET /search/" in line]
    assert len(access) == len(queries), text
    assert all(MASK in line for line in access), access
    assert "scope=decisions" in text  # the rest of the URL stays readable
    assert text.count("Booting worker") == 2  # WEB_CONCURRENCY still sets the workers
    _assert_clean(text)
