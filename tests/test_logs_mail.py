"""The development mail backend (common/mail.py) masks personal data; EMAIL_URL selects the backend."""

import io
import json
import re
import subprocess
import sys

import pytest
from django.core.mail import EmailMessage, EmailMultiAlternatives, get_connection

from common.mail import RedactingConsoleBackend
from common.personal_data import MASK
from tests.factories import InformationRequestFactory
from tests.logs_helpers import EMAIL, ID_NUMBER, LANDLINE, PERSONAL, PHONE
from tests.test_settings import _clean_env, _dotenv_sets
from tests.utils import ROOT

# ---------------------------------------------------------------------------
# The development mail backend (common/mail.py)
# ---------------------------------------------------------------------------


def _printed(*messages) -> str:
    stream = io.StringIO()
    assert RedactingConsoleBackend(stream=stream).send_messages(list(messages)) == len(messages)
    return stream.getvalue()


def test_console_mail_backend_masks_headers_bodies_and_names():
    long_line = "说明" * 600  # a line over 998 bytes: Django sends the body quoted-printable
    message = EmailMultiAlternatives(
        f"政府信息公开申请 2026-000123：请致电 {PHONE}",  # a non-ASCII subject: an encoded word
        f"欧阳靖瑶：您好。\n身份证{ID_NUMBER}，护照E12345678，手机 138.0013.8000。\n{long_line} {LANDLINE}\n",
        "noreply@localhost",
        [f"欧阳靖瑶 <{EMAIL}>"],
        cc=["li.na@example.org"],
        reply_to=["ops@example.gov.cn"],
    )
    message.attach_alternative(f"<p>欧阳靖瑶 <b>{PHONE}</b></p>", "text/html")
    message.attach(f"名单{PHONE}.pdf", f"%PDF {ID_NUMBER}".encode(), "application/pdf")
    printed = _printed(message)
    assert "Subject: 政府信息公开申请 2026-000123：请致电 [已隐去]" in printed  # decoded, readable
    assert f"To: {MASK} <{MASK}>" in printed and f"Cc: {MASK}" in printed
    assert f"{MASK}：您好。" in printed and f"身份证{MASK}，护照{MASK}，手机 {MASK}。" in printed
    assert f"{long_line} {MASK}" in printed
    assert f"<p>{MASK} <b>{MASK}</b></p>" in printed
    assert f"[附件未显示：application/pdf，名单{MASK}.pdf，" in printed
    assert printed.endswith("-" * 79 + "\n")
    for value in (*PERSONAL, "欧阳靖瑶", "E12345678", "138.0013.8000", "li.na", "ops@"):
        assert value not in printed, value
    assert "=?utf-8?" not in printed and "base64" not in printed  # nothing left encoded, unmasked


@pytest.mark.django_db
def test_console_mail_backend_masks_the_portals_own_mails(mailoutbox, staff_user):
    """The mails the portal sends, as the locmem backend caught them, printed through the backend:
    a requester's notice and a new staff member's set-password link."""
    from applications import notify
    from applications.models import RequestEvent
    from staff.invitations import send_set_password_link

    request = InformationRequestFactory(email=EMAIL, phone=PHONE)
    RequestEvent.objects.create(request=request, kind=RequestEvent.Kind.RECEIVED, date=request.received_on)
    assert notify.send_step_email(request.pk, RequestEvent.Kind.RECEIVED) is True
    send_set_password_link(staff_user, base_url="https://gk.example.gov.cn")
    notice, invitation = mailoutbox
    printed = _printed(notice, invitation)
    assert request.tracking_number in printed and "有新进展" in printed  # still readable
    assert f"https://gk.example.gov.cn/accounts/reset/{MASK}" not in printed  # the uid stays
    link = re.search(r"https://gk\.example\.gov\.cn/accounts/reset/[^\s]+", invitation.body).group()
    token = link.rstrip("/").rsplit("/", 1)[1]
    assert link.replace(token, MASK) in printed
    for value in (EMAIL, staff_user.email, token):
        assert value not in printed, value


def test_console_mail_backend_writes_to_stdout_by_default(capsys):
    """EMAIL_URL unset: settings.EMAIL_BACKEND is this backend, created per mail with stdout."""
    connection = get_connection("common.mail.RedactingConsoleBackend")
    EmailMessage("通知", f"电话 {PHONE}", "noreply@localhost", [EMAIL], connection=connection).send()
    out = capsys.readouterr().out
    assert f"电话 {MASK}" in out and f"To: {MASK}" in out
    assert PHONE not in out and EMAIL not in out


EMAIL_SETTINGS = """
import json
import django
from django.conf import settings
from django.core.mail import send_mail

django.setup()
print(json.dumps({"backend": settings.EMAIL_BACKEND, "path": str(settings.EMAIL_FILE_PATH)}))
if settings.EMAIL_BACKEND == "common.mail.RedactingConsoleBackend":
    send_mail("通知", "手机 139 1234 5678", "noreply@localhost", ["zhang.wei+gk@example.cn"])
"""


@pytest.mark.parametrize(
    ("email_url", "backend", "path"),
    [
        (None, "common.mail.RedactingConsoleBackend", ""),
        ("consolemail://", "common.mail.RedactingConsoleBackend", ""),
        ("filemail://", "django.core.mail.backends.filebased.EmailBackend", str(ROOT / "var" / "mail")),
        ("filemail:///tmp/mail", "django.core.mail.backends.filebased.EmailBackend", str(ROOT / "tmp" / "mail")),
        ("smtp+tls://u:p@smtp.example.gov.cn:587", "django.core.mail.backends.smtp.EmailBackend", ""),
    ],
)
def test_email_url_selects_the_mail_backend(tmp_path, email_url, backend, path):
    """Without EMAIL_URL (or with consolemail://) mails are printed masked; filemail:// writes them
    under the project's var/mail/ (git-ignored)."""
    if email_url is None and _dotenv_sets("EMAIL_URL"):
        pytest.skip("the project's .env sets EMAIL_URL")
    env = _clean_env(DJANGO_DEBUG="1", DATABASE_URL=f"sqlite:///{tmp_path / 'db.sqlite3'}")
    env.pop("EMAIL_URL", None)
    if email_url is not None:
        env["EMAIL_URL"] = email_url
    done = subprocess.run(
        [sys.executable, "-c", EMAIL_SETTINGS], cwd=ROOT, env=env, capture_output=True, text=True, timeout=60
    )
    assert done.returncode == 0, done.stderr
    first, *printed = done.stdout.splitlines()
    assert json.loads(first) == {"backend": backend, "path": path}
    if backend == "common.mail.RedactingConsoleBackend":
        assert f"手机 {MASK}" in printed and f"To: {MASK}" in printed
        assert "139 1234 5678" not in done.stdout and EMAIL not in done.stdout
