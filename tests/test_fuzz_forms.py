"""Hostile input never breaks the request form or the status lookup (property-based, hypothesis).

Every field of the online request form and of the lookup gets hostile values (overlong strings,
NUL, C0 and C1 controls, zero-width and format characters, U+202E, emoji, HTML and SQL fragments,
invalid UTF-8 sent as raw bytes, huge numbers, invalid dates) while the other fields are valid; and
uploads lie about their type, are empty, too large or too many.

Properties: never a server error. A form sent back (200) has an error summary in Chinese, and
nothing was stored: no request, no file. A request accepted (302) stored no control or format
character (tabs and line breaks only in the description). The lookup either finds the request or
says in Chinese why not.

The challenge is off in tests (tests/settings.py) and the cache is cleared before each example, so
neither the security check nor a rate limit decides an example. The number of cases run is printed
at the end of the module; FUZZ_SCALE=10 runs ten times as many. On PostgreSQL:
DATABASE_URL=postgres://… pytest tests/test_fuzz_forms.py.
"""

from __future__ import annotations

import re
import unicodedata
import uuid
from collections import Counter
from urllib.parse import urlencode

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from applications.forms import MAX_FILES
from applications.models import PERSONAL_FIELDS, InformationRequest, RequestAttachment
from tests.fuzz_helpers import HOSTILE, hostile_text
from tests.utils import TINY_PDF, cases_line, fuzz, report_line, request_form_data, tiny_image

pytestmark = pytest.mark.django_db

CASES: Counter[str] = Counter()
CJK = re.compile(r"[\u4e00-\u9fff]")
ERROR_SUMMARY = re.compile(r'<div class="error-summary"[^>]*id="error-summary">(.*?)</div>', re.S)
RESULT = re.compile(r'<h2 id="result-title">')

# Real files (the form opens each upload as the type it claims) and a bare signature of each type.
PDF = TINY_PDF


PNG = tiny_image("PNG")
JPEG = tiny_image("JPEG")
BARE_SIGNATURES = [
    b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n",
    b"\x89PNG\r\n\x1a\n" + b"\x00" * 32,
    b"\xff\xd8\xff\xe0",
]

PERSON = request_form_data(form_token=None)  # each example brings its own token
ORGANISATION = {
    **PERSON,
    "applicant_type": "organisation",
    "name": "防城港市某某律师事务所",
    "organisation_kind": "legal_services",
    "uscc": "91110000600037341L",
    "legal_representative": "李某",
    "contact_person": "张某",
    "delivery": "mail",
}
FIELDS = sorted({*PERSON, *ORGANISATION, "form_token"})
# What is stored of a request, and may carry no control or format character.
STORED = [*(name for name in PERSONAL_FIELDS if name != "id_type"), "description"]

# Values hostile to forms in particular, on top of those of tests/fuzz_helpers.py.
FORM_HOSTILE = [
    "\u200b",
    "\u200b\u200c\u200d\u200e\u200f\u2060\u2061\u2062\u2063\u2064\ufeff\u061c\u180e",
    "\u200b\u200b\u200b\u200b\u200b\u200b",
    "王\u200b小\u200d明",
    "\u202e明小王",
    "王\x85明",
    "王\u00ad明",
    "王\U000e0041明",
    "\r\n\t",
    "请公开\n\n文件",
    "👨\u200d👩\u200d👧",
    "١٣٨٠٠١٣٨٠٠٠",
    "１３８００１３８０００",
    "٥٣٨٠٠١",
    "５３８００１",
    "538001\n",
    "a@exa\u200bmple.com",
    "a@example.com\x00",
    "11010519491231002x",
    "１１０１０５１９４９１２３１００２Ｘ",
    "passport",
    "organisation",
    "mail",
    "paper",
    "6f1c1c1e-2f4b-4e8a-9a55-6e9f1c2b7a1",
    "字" * 2001,
    "x" * 100_000,
]
form_value = st.one_of(st.sampled_from(HOSTILE + FORM_HOSTILE), hostile_text)
# Bytes that are not UTF-8: the server decodes them with replacement characters.
RAW_BYTES = [b"\xff\xfe", b"\xed\xa0\x80", b"\xc0\xaf", b"%ED%A0%80", b"%FF", b"\x80\x81", b"%00", b"%E4%B8"]


def count(kind: str):
    CASES[kind] += 1


@pytest.fixture(scope="module", autouse=True)
def _report_cases(request):
    yield
    report_line(request, cases_line("fuzz forms", CASES, on=connection.vendor))


def stored_files(settings) -> set:
    root = settings.PRIVATE_MEDIA_ROOT
    return {path for path in root.rglob("*") if path.is_file()} if root.exists() else set()


def post_form(client, *, body=None, data=None):
    cache.clear()  # no rate limit counted by one example may decide the next
    url = reverse("applications:submit")
    if body is not None:
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    return client.post(url, data)


def check_submission(settings, response, before: int, files_before: set):
    """The properties of every answer to the request form."""
    assert response.status_code < 500, response.status_code
    if response.status_code == 302:
        created = InformationRequest.objects.order_by("-pk").first()
        assert InformationRequest.objects.count() == before + 1
        for name in STORED:
            value = getattr(created, name)
            allowed = "\t\r\n" if name == "description" else ""
            odd = [c for c in value if unicodedata.category(c) in ("Cc", "Cf") and c not in allowed]
            assert not odd, (name, value)
        for attachment in RequestAttachment.objects.filter(request=created):
            assert not any(unicodedata.category(c) in ("Cc", "Cf") for c in attachment.original_name)
        return "accepted"
    assert InformationRequest.objects.count() == before
    assert stored_files(settings) == files_before
    html = response.content.decode()
    if response.status_code == 200:
        summary = ERROR_SUMMARY.search(html)
        assert summary, html[:2000]
        assert CJK.search(summary.group(1)), summary.group(1)
        return "refused"
    assert response.status_code in (400, 413), response.status_code
    assert CJK.search(html)
    return f"status {response.status_code}"


# ---------------------------------------------------------------------------
# The request form
# ---------------------------------------------------------------------------


@fuzz(400)
@given(
    base=st.sampled_from([PERSON, ORGANISATION]),
    hostile=st.dictionaries(st.sampled_from(FIELDS), form_value, min_size=1, max_size=3),
)
@example(base=PERSON, hostile={"name": "\u200b\u200b"})
@example(base=PERSON, hostile={"description": "\u200b" * 6 + "公开"})
@example(base=ORGANISATION, hostile={"address": "\ufeff\u200b"})
@example(base=PERSON, hostile={"id_type": "passport", "id_number": "E\u202e1234567"})
@example(base=PERSON, hostile={"postal_code": "٥٣٨٠٠١"})
@example(base=PERSON, hostile={"email": "a@exa\u200bmple.com"})
@example(base=PERSON, hostile={"name": "王\x85明"})
def test_request_form_survives_hostile_fields(client, settings, base, hostile):
    before, files_before = InformationRequest.objects.count(), stored_files(settings)
    data = {**base, "form_token": str(uuid.uuid4()), **hostile}
    response = post_form(client, data=data)
    count(f"form {check_submission(settings, response, before, files_before)}")


@fuzz(60)
@given(
    field=st.sampled_from(FIELDS),
    raw=st.lists(st.sampled_from(RAW_BYTES), min_size=1, max_size=3).map(b"".join),
    prefix=st.sampled_from(["", "王", "538", "a@"]),
)
def test_request_form_survives_invalid_utf8(client, settings, field, raw, prefix):
    before, files_before = InformationRequest.objects.count(), stored_files(settings)
    data = {**PERSON, "form_token": str(uuid.uuid4())}
    data.pop(field, None)
    body = urlencode(data).encode() + b"&" + field.encode() + b"=" + prefix.encode() + raw
    response = post_form(client, body=body)
    count(f"form {check_submission(settings, response, before, files_before)}")


def test_invisible_characters_are_removed_before_checks(client, settings):
    response = post_form(
        client,
        data={
            **PERSON,
            "form_token": str(uuid.uuid4()),
            "name": "\u200b王\u200c小明\ufeff",
            "phone": "１３８\u200b００１３８０００",
            "postal_code": "５３８００１",
        },
    )
    assert response.status_code == 302
    created = InformationRequest.objects.get()
    assert (created.name, created.phone, created.postal_code) == ("王小明", "13800138000", "538001")


# ---------------------------------------------------------------------------
# Uploads
# ---------------------------------------------------------------------------

PREFIXES = [
    PDF,
    PNG,
    JPEG,
    *BARE_SIGNATURES,
    b"%PDF-<html><script>alert(1)</script></html>",
    b"",
    b"hello, world\n",
    b"MZ\x90\x00",
    b"\x7fELF",
    b"<script>alert(1)</script>",
    b"%PDF",
]
NAMES = [
    "身份证.pdf",
    "a.PDF",
    "a.jpg",
    "a.jpeg",
    "a.png",
    "a.exe",
    "a",
    ".pdf",
    "a.pdf.exe",
    "a.exe.pdf",
    "x\u202egnp.exe",
    "x\u202efdp.pdf",
    "\u200b.pdf",
    "../../etc/passwd.pdf",
    "a\x00.pdf",
    "<script>.pdf",
    "名" * 250 + ".pdf",
]
SIZES = st.sampled_from(["empty", "small", "limit", "over"])


def upload_of(prefix: bytes, name: str, size: str, limit: int) -> SimpleUploadedFile:
    length = {"empty": 0, "small": len(prefix) + 64, "limit": limit, "over": limit + 1}[size]
    content = (prefix + b"\x00" * length)[:length]
    return SimpleUploadedFile(name, content, "application/octet-stream")


@fuzz(60)
@given(
    files=st.lists(
        st.tuples(st.sampled_from(PREFIXES), st.sampled_from(NAMES), SIZES), min_size=1, max_size=MAX_FILES + 1
    )
)
@example(files=[(PNG, "a.pdf", "small")])
@example(files=[(b"hello", "a.jpg", "small")])
@example(files=[(PDF, "a.exe", "small")])
@example(files=[(PDF, "a.pdf", "empty")])
@example(files=[(PDF, "a.pdf", "over")])
@example(files=[(PDF, "a.pdf", "small")] * (MAX_FILES + 1))
@example(files=[(PDF, "x\u202efdp.pdf", "small")])
def test_uploads_are_checked_by_content_and_size(client, settings, files):
    settings.REQUEST_ATTACHMENT_MAX_MB = 1  # the same checks as at 5 MB, with less to send
    limit = settings.REQUEST_ATTACHMENT_MAX_MB * 1024 * 1024
    before, files_before = InformationRequest.objects.count(), stored_files(settings)
    uploads = [upload_of(prefix, name, size, limit) for prefix, name, size in files]
    response = post_form(client, data={**PERSON, "form_token": str(uuid.uuid4()), "attachments": uploads})
    outcome = check_submission(settings, response, before, files_before)
    if outcome == "accepted":
        assert len(files) <= MAX_FILES
        assert all(size in ("small", "limit") for _, _, size in files)
        assert all(prefix in (PDF, PNG, JPEG) for prefix, _, _ in files), "a file that is only a signature"
    count(f"upload {outcome}")


# ---------------------------------------------------------------------------
# The status lookup
# ---------------------------------------------------------------------------


@pytest.fixture
def filed(client):
    response = post_form(client, data={**PERSON, "form_token": str(uuid.uuid4())})
    page = client.get(response["Location"]).content.decode()
    code = re.search(r'<strong class="code">([A-Z0-9]{10})</strong>', page).group(1)
    return InformationRequest.objects.get(), code


def post_lookup(client, data=None, body=None):
    cache.clear()  # neither the rate limit nor the failure lock decides an example
    url = reverse("applications:lookup")
    if body is not None:
        return client.post(url, body, content_type="application/x-www-form-urlencoded")
    return client.post(url, data)


def check_lookup(response) -> str:
    assert response.status_code < 500, response.status_code
    assert response.status_code == 200, response.status_code
    html = response.content.decode()
    if RESULT.search(html):
        return "found"
    summary = ERROR_SUMMARY.search(html)
    assert summary, html[:2000]
    assert CJK.search(summary.group(1)), summary.group(1)
    return "refused"


lookup_value = st.one_of(form_value, st.sampled_from(["right", "right-invisible", "right-fullwidth"]))


def spell(value: str, right: str) -> str:
    """`right` as typed or pasted, or the hostile value itself."""
    fullwidth = "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in right)
    return {
        "right": right,
        "right-invisible": "\u200b" + right[:4] + "\u200c \ufeff" + right[4:].lower() + "\u2060",
        "right-fullwidth": fullwidth,
    }.get(value, value)


@fuzz(200)
@given(number=lookup_value, code=lookup_value)
@example(number="right-invisible", code="right-invisible")
@example(number="right-fullwidth", code="right-fullwidth")
@example(number="right", code="\x00")
@example(number="\x00", code="right")
def test_lookup_survives_hostile_values(client, filed, number, code):
    request, right_code = filed
    response = post_lookup(
        client, {"tracking_number": spell(number, request.tracking_number), "lookup_code": spell(code, right_code)}
    )
    outcome = check_lookup(response)
    if number.startswith("right") and code.startswith("right"):
        assert outcome == "found"
    count(f"lookup {outcome}")


@fuzz(30)
@given(
    field=st.sampled_from(["tracking_number", "lookup_code"]),
    raw=st.lists(st.sampled_from(RAW_BYTES), min_size=1, max_size=3).map(b"".join),
)
def test_lookup_survives_invalid_utf8(client, filed, field, raw):
    request, code = filed
    data = {"tracking_number": request.tracking_number, "lookup_code": code}
    data.pop(field)
    response = post_lookup(client, body=urlencode(data).encode() + b"&" + field.encode() + b"=" + raw)
    count(f"lookup {check_lookup(response)}")
