"""Who may see a requester's personal data: the receipt in the filing browser's session, identity documents for permitted staff only."""

from __future__ import annotations

import datetime as dt
import time
from urllib.parse import quote

import pytest
from django.contrib.auth.models import Permission
from django.core.files.base import ContentFile
from django.test import Client
from django.urls import reverse

from applications.models import ReplyLetter, RequestAttachment
from applications.views import RECEIPTS_SESSION_KEY
from tests.personal_data_helpers import PERSON, PRIVATE_FILE, _request

pytestmark = pytest.mark.django_db

D = dt.date


# ---------------------------------------------------------------------------
# The receipt belongs to the browser that filed the request
# ---------------------------------------------------------------------------


def test_receipt_is_shown_only_in_the_filing_browsers_session():
    request = _request(PERSON, channel="online", received_on=D(2026, 3, 2))
    url = reverse("applications:receipt", args=[request.tracking_number])
    filer = Client()
    session = filer.session
    session[RECEIPTS_SESSION_KEY] = {request.tracking_number: ["ABCDEFGH23", time.time()]}
    session.save()
    response = filer.get(url)
    assert response.status_code == 200
    receipt = response.content.decode()
    assert request.tracking_number in receipt and "ABCDEFGH23" in receipt  # what the receipt shows
    for stranger in (Client(), Client(raise_request_exception=False)):
        response = stranger.get(url)
        assert response.status_code == 404
        assert "ABCDEFGH23" not in response.content.decode()
    # Another browser that filed a different request does not see this one.
    other = Client()
    session = other.session
    session[RECEIPTS_SESSION_KEY] = {"2026-999999": ["ABCDEFGH23", time.time()]}
    session.save()
    assert other.get(url).status_code == 404


# ---------------------------------------------------------------------------
# Identity documents: permitted staff only, never a public address
# ---------------------------------------------------------------------------


@pytest.fixture
def identity_document():
    request = _request(PERSON, received_on=D(2026, 3, 2))
    attachment = RequestAttachment(request=request, original_name="身份证.pdf", content_type="application/pdf", size=1)
    attachment.file.save("id.pdf", ContentFile(PRIVATE_FILE), save=True)
    letter = ReplyLetter.objects.create(request=request, outcome="1", title="答复告知书", body=f"{PERSON['name']}：")
    return attachment, letter


def _staff(django_user_model, username, *codenames, is_staff=True):
    user = django_user_model.objects.create_user(username=username, password=f"pw-{username}-123", is_staff=is_staff)
    user.user_permissions.add(*Permission.objects.filter(codename__in=codenames))
    client = Client(raise_request_exception=False)
    client.force_login(user)
    return client


def _private_urls(attachment, letter):
    return [
        reverse("admin:applications_requestattachment_download", args=[attachment.pk]),
        reverse("admin:applications_replyletter_view", args=[letter.pk]),
        reverse("admin:applications_replyletter_docx", args=[letter.pk]),
    ]


def _body(response) -> bytes:
    return b"".join(response.streaming_content) if response.streaming else response.content


def test_anonymous_visitors_and_non_staff_are_sent_to_the_login(identity_document, django_user_model):
    attachment, letter = identity_document
    citizen = _staff(django_user_model, "citizen", "view_personal_data", is_staff=False)
    for client in (Client(raise_request_exception=False), citizen):
        for url in _private_urls(attachment, letter):
            response = client.get(url)
            assert response.status_code == 302, url
            assert response["Location"].startswith(reverse("admin:login")), url
            assert b"PRIVATE-IDENTITY-SCAN" not in _body(response)


def test_staff_without_the_personal_data_permission_are_refused(identity_document, django_user_model):
    attachment, letter = identity_document
    clerk = _staff(django_user_model, "clerk", "view_informationrequest", "change_informationrequest")
    for url in _private_urls(attachment, letter):
        response = clerk.get(url)
        assert response.status_code in (403, 404), url
        assert b"PRIVATE-IDENTITY-SCAN" not in _body(response)
        assert PERSON["name"] not in _body(response).decode(errors="replace")


def test_permitted_staff_get_the_file_uncached(identity_document, django_user_model):
    attachment, _letter = identity_document
    officer = _staff(django_user_model, "officer", "view_informationrequest", "view_personal_data")
    response = officer.get(reverse("admin:applications_requestattachment_download", args=[attachment.pk]))
    assert response.status_code == 200
    assert _body(response) == PRIVATE_FILE
    assert "private" in response["Cache-Control"] and "no-store" in response["Cache-Control"]


def test_no_public_address_serves_private_files(identity_document, settings):
    attachment, _letter = identity_document
    name = attachment.file.name
    assert (settings.PRIVATE_MEDIA_ROOT / name).read_bytes() == PRIVATE_FILE
    with pytest.raises(ValueError):
        attachment.file.url  # noqa: B018 - a private file has no URL
    anonymous = Client(raise_request_exception=False)
    root = settings.PRIVATE_MEDIA_ROOT
    for url in [
        f"/media/{name}",
        f"/private-media/{name}",
        f"/{name}",
        f"/static/../private-media/{name}",
        f"/media/../private-media/{name}",
        "/media/" + quote(f"../{root.name}/{name}", safe=""),
        f"/attachments/{attachment.pk}/",
        f"/static/{name}",
        f"/{root}/{name}".replace("//", "/"),
    ]:
        response = anonymous.get(url)
        assert b"PRIVATE-IDENTITY-SCAN" not in _body(response), url
        assert response.status_code in (301, 302, 400, 404), (url, response.status_code)
