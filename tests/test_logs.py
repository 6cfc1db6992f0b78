"""No log line holds an ID-card number, a phone number or an e-mail address (portal/logs.py).

Table-driven tests of `redact`, then the real LOGGING configuration fed with requests that make
Django and the portal log personal data, then gunicorn's access log through gunicorn.conf.py.
"""

import io
import logging
import logging.config
import re
import smtplib
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import include, path, reverse

from portal.logs import MASK, RedactingAdminEmailHandler, RedactPersonalData, mask_personal_data, redact
from tests.factories import InformationRequestFactory
from tests.test_settings import PRODUCTION_HOST, _manage, _production_env
from tests.utils import running_gunicorn

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
    # full-width forms (read in NFKC; the mask covers the original characters)
    ("电话１３９１２３４５６７８。", f"电话{MASK}。"),
    ("身份证：１１０１０５１９４９１２３１００２Ｘ，谢谢", f"身份证：{MASK}，谢谢"),
    ("１１０１０５　１９４９１２３１　００２ｘ", MASK),  # ideographic spaces
    ("（0770）6123457", MASK),
    ("ｚｈａｎｇ＠ｅｘａｍｐｌｅ．ｃｎ", MASK),
    # other groupings, letters in front
    ("110105 1949 1231 002X", MASK),
    ("110105-1949-1231-002X", MASK),
    ("ID11010519491231002X", f"ID{MASK}"),
    ("sfz110105491231002", f"sfz{MASK}"),
    ("tel13912345678", f"tel{MASK}"),
    ("(010) 1234-5678", MASK),
    ("(010)12345678", MASK),
    ("0770-282-8077", MASK),
    ("010 1234 5678", MASK),
    ("+86 (139) 1234 5678", MASK),
    ("(139)12345678", MASK),
    ("139 7771 2345 或 139-7771-2345", f"{MASK} 或 {MASK}"),
    ("邮箱zhang@例子.中国 请回复", f"邮箱{MASK} 请回复"),
    ("li@bücher.example", MASK),
    # a birth date on 29 February; an ID number with a wrong check digit is still someone's ID
    ("110105200002290012", MASK),
    ("110105194912310021", MASK),
    # percent-encoded in a URL: read decoded, masked, and written percent-encoded again
    ("GET /search/?q=%2013912345678 HTTP/1.1", f"GET /search/?q=%20{MASK} HTTP/1.1"),
    ("/search/?q=zhang%40example.cn&page=2", f"/search/?q={MASK}&page=2"),
    ("/search/?q=%2B86%20139%201234%205678", f"/search/?q={MASK}"),
    ("/x/?id=%E8%BA%AB%E4%BB%BD%E8%AF%8111010519491231002X", f"/x/?id=%E8%BA%AB%E4%BB%BD%E8%AF%81{MASK}"),
    ("/x/?q=%25%2013912345678", f"/x/?q=%25%20{MASK}"),
    ("/x/?q=%252013912345678", f"/x/?q=%20{MASK}"),  # %2520 is a space encoded twice
    ("/x/?q=139+1234+5678&page=2", f"/x/?q={MASK}&page=2"),
    (
        "/x/?q=%EF%BC%91%EF%BC%93%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98",
        f"/x/?q={MASK}",
    ),
    ("/x/?q=%E5%B7%A5%E4%BD%9C%EF%BC%9A13912345678", f"/x/?q=%E5%B7%A5%E4%BD%9C%EF%BC%9A{MASK}"),
    ("/x/?mail=zhang%40%E4%BE%8B%E5%AD%90.%E4%B8%AD%E5%9B%BD", f"/x/?mail={MASK}"),
    # a forged log line behind the number: masked, and the rest stays encoded (see FORGED below)
    (
        "/search/?q=139%201234%205678%0A10.0.0.9%20-%20admin%20%22POST%20/admin/login/%22%1B%5B2J",
        f"/search/?q={MASK}%0A10.0.0.9%20-%20admin%20%22POST%20/admin/login/%22%1B%5B2J",
    ),
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
    # all-digit 统一社会信用代码 (area code, then an organisation code, not a birth date) and 索引号
    "114506000000000171",  # valid (GB 32100 check digit), as tests.factories.make_uscc(17) makes it
    "统一社会信用代码 114506000754321930",  # positions 7-14 (00075432) are no date
    "114506000000000171/2026-00012",  # the 索引号 built from it (disclosures.models)
    "索引号：114506000000000012/2026-00012",
    "1700000000.123456",  # a timestamp
    # decimal numbers are not old 15-digit IDs
    "took 6.515929727227629 s",
    "0.110105491231002",
    "110105491231002.5",
    "ratio 0.13912345678",
    "1.11010519491231002",
    # 15 or 18 digits without a birth date
    "123456789012345",
    "110105194913310028",  # month 13
    "110105180012310028",  # born 1800
    "110105490231002",  # 31 February (old 15-digit form)
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


# A URL whose encoded line break, carriage return, escape or NUL would forge a log line if redact()
# wrote the word back decoded (the first one after a phone number, which makes it rewrite the word).
FORGED = [
    "/search/?q=139%201234%205678%0A10.0.0.9%20-%20admin%20%22POST%20/admin/login/%22%1B%5B2J",
    "/search/?q=13912345678%0D%0A127.0.0.1%20-%20-%20%22GET%20/%22%20200%00",
    "/search/?q=%2B86%20139%201234%205678%250A%2500%251B%5B31m",  # %250A: encoded twice
    "/search/?q=zhang%40example.cn%C2%85%E2%80%A8next",  # NEL and LINE SEPARATOR
    "/search/?q=%EF%BC%91%EF%BC%93%EF%BC%99%EF%BC%91%EF%BC%92%EF%BC%93%EF%BC%94%EF%BC%95%EF%BC%96%EF%BC%97%EF%BC%98%0A",
    "/search/?q=nothing%20personal%0A%1B%00",  # nothing masked: left as it was
]
CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f\u2028\u2029]")


@pytest.mark.parametrize("url", FORGED)
def test_redact_writes_no_control_character_from_an_encoded_url(url):
    line = redact(f'127.0.0.1 - - [27/Nov/2026:09:27:06 +0800] "GET {url} HTTP/1.1" 200 5120 "-" "curl/8"')
    assert not CONTROL.search(line), repr(line)
    assert "%0A" in line or "%250A" in line or "%C2%85" in line  # the rest of the URL is still there
    assert "1234" not in line and "zhang" not in line


@pytest.mark.parametrize("code", [c for c in range(0xA0) if c < 0x20 or c >= 0x7F])
def test_redact_escapes_every_control_character_but_line_breaks_and_tabs(code):
    char = chr(code)
    assert redact(f"/?q=13912345678%{code:02X}") == f"/?q={MASK}%{code:02X}"  # encoded: stays encoded
    if char in "\n\t":
        assert redact(f"a{char}b") == f"a{char}b"  # a traceback keeps its lines
    else:
        assert redact(f"a{char}b") == f"a\\x{code:02x}b"


@pytest.mark.parametrize(
    "text",
    ["1" * 200_000, "a" * 200_000 + "+", "a." * 100_000, "x@" * 100_000, "１" * 200_000, "ａ＠" * 100_000],
)
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
    for text, _expected in MASKED:
        assert redact(redact(text)) == redact(text), text
    for url in FORGED:
        assert redact(redact(url)) == redact(url), url


def test_mask_personal_data_takes_a_mask_and_known_values_and_leaves_control_characters():
    text = "申请人欧阳靖瑶（电话１３９ ７７７１ ２３４５）\r\n请公开。"
    assert mask_personal_data(text, mask="***", also=["欧阳靖瑶"]) == "申请人***（电话***）\r\n请公开。"


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
    """Each request is one access line, masked, whatever its URL encodes: FORGED's line breaks,
    escapes and NULs stay percent-encoded and forge no line of their own."""
    env = _production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    for command in (["migrate", "--noinput"], ["collectstatic", "--noinput"]):
        done = _manage(*command, env=env)
        assert done.returncode == 0, done.stderr
    log_path = tmp_path / "gunicorn.log"
    queries = [
        {"q": PHONE},
        {"q": f" {PHONE}"},  # %20 before the number
        {"q": EMAIL},
        {"q": ID_NUMBER, "scope": "decisions"},
        {"q": "139 1234 5678"},
    ]
    urls = [f"/search/?{urllib.parse.urlencode(params)}" for params in queries] + FORGED
    # As the Dockerfile starts it (the address on the command line, the access log to stdout). No
    # /healthz first: every access line must be one of the URLs below.
    with running_gunicorn(
        {**env, "WEB_CONCURRENCY": "2"}, log_path=log_path, args=("--access-logfile", "-"), wait_for_healthz=False
    ) as (port, server):
        deadline = time.monotonic() + 30
        for url in urls:
            request = urllib.request.Request(f"http://127.0.0.1:{port}{url}", headers={"Host": PRODUCTION_HOST})
            while True:
                assert server.poll() is None, log_path.read_text()
                try:
                    with urllib.request.urlopen(request, timeout=10) as response:
                        assert response.status == 200
                    break
                except urllib.error.HTTPError as refused:  # a NUL in the query: the form says no
                    assert refused.code < 500, (url, refused.code)
                    break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.2)
        # The access line is written after the response: wait until all of them are there.
        while log_path.read_text().count("GET /search/") < len(urls):
            assert time.monotonic() < deadline, log_path.read_text()
            time.sleep(0.1)
    text = log_path.read_text()
    lines = text.split("\n")[:-1]
    access = [line for line in lines if line.startswith("127.0.0.1 - ")]
    # gunicorn's and Django's own lines start with their time stamp: every other line is a request's.
    assert all(re.match(r"\[?\d{4}-\d\d-\d\d \d\d:", line) for line in lines if line not in access), text
    assert len(access) == len(urls), text
    assert all(line.count("GET /search/") == 1 for line in access), access
    assert all(MASK in line for line in access[:-1]), access  # the last URL holds no personal data
    assert not re.search(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]", text), repr(text)
    assert "scope=decisions" in text  # the rest of the URL stays readable
    assert "%0A10.0.0.9%20-%20admin" in text
    assert text.count("Booting worker") == 2  # WEB_CONCURRENCY still sets the workers
    _assert_clean(text)
