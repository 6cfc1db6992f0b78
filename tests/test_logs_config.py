"""The real LOGGING configuration, fed with requests that make Django and the portal log personal data."""

import io
import logging
import logging.config
import smtplib
import sys

import pytest
from django.db import IntegrityError
from django.test import Client
from django.urls import include, path, reverse

from common.logs import RedactingAdminEmailHandler
from common.personal_data import MASK
from tests.factories import InformationRequestFactory
from tests.logs_helpers import EMAIL, ID_NUMBER, LANDLINE, PHONE, _assert_clean

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


def _fail_with_personal_data():
    client = Client(raise_request_exception=False)
    assert client.get(f"/search/{PHONE}/{ID_NUMBER}/", {"q": PHONE}).status_code == 404
    assert client.get(f"/disclosures/{ID_NUMBER}/").status_code == 404
    response = client.get("/boom/", {"q": PHONE, "id": ID_NUMBER, "mail": EMAIL, "tel": LANDLINE})
    assert response.status_code == 500


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logs_config")
def test_logged_404_and_500_carry_no_personal_data(log_output):
    _fail_with_personal_data()
    console = log_output.getvalue()
    assert "Not Found" in console and "Internal Server Error: /boom/" in console
    assert "IntegrityError" in console and "Traceback" in console  # the traceback is kept, masked
    assert MASK in console
    _assert_clean(console)


@pytest.mark.django_db
@pytest.mark.urls("tests.test_logs_config")
def test_error_mail_to_the_admins_carries_no_personal_data(log_output, mailoutbox):
    """The mail is built by Django's exception reporter from the request and the exception (GET
    parameters, QUERY_STRING, the exception value), which a filter on the record cannot reach:
    LOGGING's mail_admins handler must be common.logs.RedactingAdminEmailHandler."""
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

    monkeypatch.setattr(notify.EmailMessage, "send", refuse)
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


@pytest.mark.django_db
def test_calendar_feed_token_is_not_logged(log_output, staff_user):
    """A revoked feed's URL answers 404, which django.request logs with the path; a runserver line
    (django.server) carries it too. Neither shows the token."""
    from applications.feeds import issue_feed_token, revoke_feed_token

    token = issue_feed_token(user=staff_user).token
    url = reverse("applications:calendar-feed", args=[token])
    client = Client(raise_request_exception=False)
    assert client.get(url).status_code == 200
    revoke_feed_token(user=staff_user)
    assert client.get(url).status_code == 404
    logging.getLogger("django.server").info('"GET %s HTTP/1.1" 200 512', url)
    console = log_output.getvalue()
    assert f"Not Found: /apply/calendar/{MASK}.ics" in console
    assert f'"GET /apply/calendar/{MASK}.ics HTTP/1.1" 200 512' in console
    assert token not in console
