"""Abuse protection: attempts per address at the request form and the status lookup, the form's
security check (a proof of work, or a small sum without JavaScript) and the admin login lockout.

The checks of what a browser sends are also fuzzed (hypothesis): the number of cases run is printed
at the end of the module."""

import base64
import datetime as dt
import html
import json
import re
from collections import Counter

import pytest
import time_machine
from altcha import ChallengeV1, solve_challenge_v1
from django.core import signing
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from applications import challenge, throttle
from applications.challenge import Verdict
from applications.models import InformationRequest
from tests.applications.test_views import PDF
from tests.factories import InformationRequestFactory
from tests.utils import cases_line, fuzz, h1_count, report_line, request_form_data

pytestmark = pytest.mark.django_db

CHALLENGE_MESSAGE = "安全验证未完成或已过期，请稍候片刻后重新提交。"
MISSING_MESSAGE = "安全验证未完成，请回答下面的验证题后重新提交。"
TOO_FAST_MESSAGE = "提交过快，请确认填写内容后再提交。"
RESELECT_MESSAGE = "请重新选择附件"
OTHER_TOKEN = "0b6c1c1e-2f4b-4e8a-9a55-6e9f1c2b7a99"
FUZZ_CASES: Counter[str] = Counter()


@pytest.fixture
def challenge_on(settings):
    """The security check as in production, with little work (max_number 1000) to keep tests quick."""
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 1000
    settings.REQUEST_CHALLENGE_EXPIRES_SECONDS = 600


def submit(client, address="127.0.0.1", **overrides):
    return client.post(reverse("applications:submit"), request_form_data(**overrides), REMOTE_ADDR=address)


def form_page(client) -> str:
    response = client.get(reverse("applications:submit"))
    assert response.status_code == 200
    return response.content.decode()


def page_challenge(page: str) -> dict:
    return json.loads(html.unescape(re.search(r'name="altcha" data-challenge="([^"]+)"', page).group(1)))


def solve(found: dict) -> str:
    """What challenge.js puts in the hidden field: the base64 JSON of the challenge and its number."""
    task = ChallengeV1(found["algorithm"], found["challenge"], found["maxNumber"], found["salt"], found["signature"])
    solution = solve_challenge_v1(task)
    assert solution is not None
    fields = ("algorithm", "challenge", "salt", "signature")
    return encode({**{name: found[name] for name in fields}, "number": solution.number})


def encode(data) -> str:
    return base64.b64encode(json.dumps(data).encode()).decode()


def page_question(page: str) -> tuple[str, int]:
    """The question's token and its right answer, read as a person would read the page."""
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    first, second = re.search(r"请计算：(\d+) 加 (\d+) 等于几？", page).groups()
    return token, int(first) + int(second)


def noscript(page: str) -> str:
    """What the page keeps in <noscript> (which a browser running scripts never shows)."""
    return "".join(re.findall(r"<noscript[^>]*>(.*?)</noscript>", page, re.S))


def question_shown_outright(page: str) -> bool:
    return 'name="challenge_answer"' in page and 'name="challenge_answer"' not in noscript(page)


def refused(response, message=CHALLENGE_MESSAGE) -> str:
    assert response.status_code == 200
    page = response.content.decode()
    assert message in page
    assert InformationRequest.objects.count() == 0
    return page


# --- rate limits -------------------------------------------------------------------------------


def test_request_form_turns_away_an_address_over_its_limit_and_writes_nothing(client, settings):
    settings.SUBMIT_RATE_LIMIT = 3
    for _ in range(settings.SUBMIT_RATE_LIMIT):  # attempts of any outcome count
        assert submit(client, "198.51.100.1", name="").status_code == 200
    response = submit(client, "198.51.100.1")
    assert response.status_code == 429
    assert 1 <= int(response["Retry-After"]) <= settings.SUBMIT_RATE_WINDOW_SECONDS
    page = response.content.decode()
    assert re.search(r"提交过于频繁，请\d+分钟后再试。", page)
    assert h1_count(page) == 1 and 'class="error-summary"' in page  # the normal page, not an error page
    assert "这个字段是必填项" not in page  # turned away unchecked: only the one message
    assert "王小明" in page and "请公开2026年本局行政许可事项办理情况统计表。" in page  # what was typed stays
    assert InformationRequest.objects.count() == 0

    other = submit(client, "198.51.100.2")
    assert other.status_code == 302 and InformationRequest.objects.count() == 1


def test_request_form_limit_starts_afresh_in_the_next_window(client, settings):
    settings.SUBMIT_RATE_LIMIT = 1
    with time_machine.travel(dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC), tick=False) as traveller:
        assert submit(client, name="").status_code == 200
        assert submit(client).status_code == 429
        traveller.shift(dt.timedelta(seconds=settings.SUBMIT_RATE_WINDOW_SECONDS))
        assert submit(client).status_code == 302


def test_rate_limit_message_says_how_long_is_left_of_the_window(client, settings):
    settings.SUBMIT_RATE_LIMIT = 1
    # 02:00:00 starts an hour's window (windows are aligned to the clock); 15 minutes later 45 are left.
    with time_machine.travel(dt.datetime(2026, 9, 15, 2, 15, tzinfo=dt.UTC), tick=False):
        submit(client, name="")
        response = submit(client)
    assert "提交过于频繁，请45分钟后再试。" in response.content.decode()
    assert response["Retry-After"] == str(45 * 60)


def test_get_requests_of_the_form_are_not_counted(client, settings):
    settings.SUBMIT_RATE_LIMIT = 1
    for _ in range(3):
        form_page(client)
    assert submit(client).status_code == 302


@pytest.fixture
def filed():
    request = InformationRequestFactory()
    code = request.set_new_lookup_code()
    request.save()
    return request, code


def lookup(client, number, code, address):
    return client.post(
        reverse("applications:lookup"), {"tracking_number": number, "lookup_code": code}, REMOTE_ADDR=address
    )


def test_status_lookup_turns_away_an_address_over_its_limit_even_with_the_right_code(client, settings, filed):
    settings.LOOKUP_RATE_LIMIT = 3
    request, code = filed
    assert lookup(client, request.tracking_number, "AAAAAAAAAA", "198.51.100.1").status_code == 200
    for _ in range(2):  # successful lookups count as well
        found = lookup(client, request.tracking_number, code, "198.51.100.1")
        assert found.status_code == 200 and 'id="result-title"' in found.content.decode()
    response = lookup(client, request.tracking_number, code, "198.51.100.1")
    assert response.status_code == 429 and "Retry-After" in response
    page = response.content.decode()
    assert re.search(r"查询过于频繁，请\d+分钟后再试。", page)
    assert 'id="result-title"' not in page and request.tracking_number in page  # no result; the number stays

    other = lookup(client, request.tracking_number, code, "198.51.100.2")
    assert other.status_code == 200 and 'id="result-title"' in other.content.decode()


def test_status_lookup_failure_throttle_keeps_its_own_message(client, settings, filed):
    request, code = filed
    for _ in range(settings.LOOKUP_MAX_FAILURES):
        lookup(client, request.tracking_number, "AAAAAAAAAA", "198.51.100.1")
    blocked = lookup(client, request.tracking_number, code, "198.51.100.1")
    assert blocked.status_code == 429 and "Retry-After" not in blocked
    assert "查询失败次数过多" in blocked.content.decode() and "查询过于频繁" not in blocked.content.decode()


@pytest.mark.parametrize("setting", ["SUBMIT_RATE_LIMIT", "LOOKUP_RATE_LIMIT"])
def test_a_rate_limit_of_zero_switches_it_off(client, settings, filed, setting):
    setattr(settings, setting, 0)
    request, code = filed
    for _ in range(3):
        assert submit(client, "198.51.100.1", name="").status_code == 200
        found = lookup(client, request.tracking_number, code, "198.51.100.1")
        assert found.status_code == 200 and 'id="result-title"' in found.content.decode()
    assert submit(client, "198.51.100.1").status_code == 302


def test_ipv6_clients_are_counted_by_their_64_and_ipv4_clients_by_address(client, settings):
    settings.SUBMIT_RATE_LIMIT = 1
    assert submit(client, "2001:db8:1:2::1", name="").status_code == 200
    assert submit(client, "2001:db8:1:2:ffff:ffff:ffff:fffe").status_code == 429  # the same /64
    assert submit(client, "198.51.100.1", name="").status_code == 200
    assert submit(client, "198.51.100.2").status_code == 302  # the next IPv4 address is another client
    assert submit(client, "2001:db8:1:3::1", form_token=OTHER_TOKEN).status_code == 302  # the next /64


def test_failed_lookups_from_one_ipv6_64_are_counted_together(client, settings, filed):
    request, code = filed
    for i in range(settings.LOOKUP_MAX_FAILURES):
        lookup(client, request.tracking_number, "AAAAAAAAAA", f"2001:db8:1:2::{i + 1:x}")
    assert lookup(client, request.tracking_number, code, "2001:db8:1:2:abcd::1").status_code == 429
    assert lookup(client, request.tracking_number, code, "2001:db8:1:3::1").status_code == 200


@pytest.mark.parametrize(
    ("address", "key"),
    [
        ("203.0.113.7", "ip:203.0.113.7"),
        ("2001:db8:1:2:3:4:5:6", "ip:2001:db8:1:2::"),
        ("2001:DB8:1:2::9", "ip:2001:db8:1:2::"),
        ("::ffff:203.0.113.7", "ip:203.0.113.7"),  # an IPv4 client seen through an IPv6 socket
        ("unknown", "ip:unknown"),
    ],
)
def test_throttles_count_ipv4_by_address_and_ipv6_by_64(rf, address, key):
    assert throttle.client_key(rf.get("/", REMOTE_ADDR=address)) == key


def test_failure_limit_and_window_are_read_from_the_settings_at_each_attempt(client, settings, filed):
    settings.LOOKUP_MAX_FAILURES = 2
    request, code = filed
    for _ in range(2):
        assert lookup(client, request.tracking_number, "AAAAAAAAAA", "198.51.100.1").status_code == 200
    assert lookup(client, request.tracking_number, code, "198.51.100.1").status_code == 429


def test_a_failure_counter_left_without_expiry_stops_counting_after_its_window(client, settings, filed, monkeypatch):
    # Django's RedisCache.incr checks that the key exists, then increments it: if the key expires in
    # between, Redis creates it anew with no expiry. Here every increment leaves its key so.
    def incr_without_expiry(key, delta=1, version=None):
        value = cache.get(key, version=version)
        if value is None:
            raise ValueError(f"Key '{key}' not found")
        cache.set(key, value + delta, timeout=None, version=version)
        return value + delta

    monkeypatch.setattr(cache, "incr", incr_without_expiry)
    request, code = filed
    start = dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False) as traveller:
        for _ in range(settings.LOOKUP_MAX_FAILURES):
            lookup(client, request.tracking_number, "AAAAAAAAAA", "198.51.100.1")
        blocked = lookup(client, request.tracking_number, code, "198.51.100.1")
        assert blocked.status_code == 429
        assert "请15分钟后再试" in blocked.content.decode()  # the window's end, 02:15
        traveller.shift(dt.timedelta(seconds=settings.LOOKUP_FAILURE_WINDOW_SECONDS))
        assert lookup(client, request.tracking_number, code, "198.51.100.1").status_code == 200


# --- what is read of a turned-away submission ---------------------------------------------------


@pytest.fixture
def parsed_files(monkeypatch):
    """The names of the uploaded files Django's upload handlers stored (memory or temporary file)."""
    names = []
    original = FileUploadHandler.new_file

    def record(self, field_name, file_name, *args, **kwargs):
        names.append(file_name)
        return original(self, field_name, file_name, *args, **kwargs)

    monkeypatch.setattr(FileUploadHandler, "new_file", record)
    return names


def csrf_client() -> tuple[Client, str]:
    """A client held to the CSRF check, as a browser is, with the token of the form page it loaded."""
    browser = Client(enforce_csrf_checks=True)
    page = browser.get(reverse("applications:submit")).content.decode()
    return browser, re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page).group(1)


def test_rate_limited_submission_is_turned_away_before_its_files_are_read(settings, parsed_files):
    settings.SUBMIT_RATE_LIMIT = 1
    browser, token = csrf_client()
    url = reverse("applications:submit")
    browser.post(url, request_form_data(name="", csrfmiddlewaretoken=token), REMOTE_ADDR="198.51.100.1")
    upload = SimpleUploadedFile("身份证.pdf", PDF, "application/pdf")
    response = browser.post(
        url, request_form_data(attachments=upload, csrfmiddlewaretoken=token), REMOTE_ADDR="198.51.100.1"
    )
    assert response.status_code == 429
    assert parsed_files == []  # not by the CSRF check either, which reads the body
    page = response.content.decode()
    assert "王小明" in page  # the fields are read, and shown again
    assert RESELECT_MESSAGE in page and 'href="#id_attachments"' in page  # the files must be chosen again


def test_submission_without_its_csrf_token_is_still_refused(settings):
    browser, _token = csrf_client()
    response = browser.post(reverse("applications:submit"), request_form_data())
    assert response.status_code == 403 and InformationRequest.objects.count() == 0


def test_submission_larger_than_the_form_allows_gets_413_unread(client, settings, monkeypatch):
    settings.REQUEST_ATTACHMENT_MAX_MB = 1  # at most 3 × 1 MB of files and 1 MB more: 4 MB

    def unread(*args, **kwargs):
        raise AssertionError("the body of a submission that is too large was parsed")

    monkeypatch.setattr("django.http.request.MultiPartParser", unread)
    big = SimpleUploadedFile("scan.pdf", PDF + b"0" * (4 * 1024 * 1024), "application/pdf")
    response = client.post(
        reverse("applications:submit"), request_form_data(attachments=big), REMOTE_ADDR="198.51.100.1"
    )
    assert response.status_code == 413
    page = response.content.decode()
    assert "提交的内容过大（附件合计不能超过3MB），请压缩或减少附件后重试。" in page
    assert h1_count(page) == 1 and 'class="error-summary"' in page and 'name="form_token"' in page
    assert InformationRequest.objects.count() == 0


def test_submission_just_within_the_size_limit_is_read(client, settings):
    settings.REQUEST_ATTACHMENT_MAX_MB = 1
    upload = SimpleUploadedFile("scan.pdf", PDF + b"0" * (1024 * 1024 - len(PDF) - 1), "application/pdf")
    assert client.post(reverse("applications:submit"), request_form_data(attachments=upload)).status_code == 302


def test_a_form_sent_back_with_errors_asks_for_its_attachments_again(client):
    upload = SimpleUploadedFile("身份证.pdf", PDF, "application/pdf")
    page = submit(client, attachments=upload, phone="12345").content.decode()
    assert "请填写有效的手机号码" in page
    assert RESELECT_MESSAGE in page and 'href="#id_attachments"' in page
    assert RESELECT_MESSAGE not in submit(client, phone="12345").content.decode()  # none chosen, none asked


# --- the security check: proof of work ------------------------------------------------------------


def test_without_the_challenge_setting_the_form_has_no_check(client, settings):
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 0
    page = form_page(client)
    assert 'name="altcha"' not in page and "challenge.js" not in page and "<noscript" not in page
    assert submit(client).status_code == 302


def test_form_page_offers_the_check_with_a_script_a_status_and_a_fallback(client, challenge_on):
    page = form_page(client)
    found = page_challenge(page)
    assert found["algorithm"] == "SHA-256" and found["maxNumber"] == 1000
    assert re.search(r"\?expires=\d+&issued=\d+&$", found["salt"])  # both signed with the challenge
    assert re.search(r'<script src="[^"]*js/challenge\.js" defer>', page)
    assert "<script>" not in page  # the content security policy allows no inline script
    status = re.search(r"<p [^>]*data-challenge-status[^>]*>(.*?)</p>", page, re.S)
    assert 'role="status"' in status.group(0) and 'aria-live="polite"' in status.group(0)
    # Silent unless the person has to wait or answer: no "working", no "done" to announce.
    assert status.group(1) == "" and "正在进行安全验证" not in page and "安全验证已完成" not in page
    assert "完成后将自动提交" in status.group(0) and "请回答下面的验证题" in status.group(0)
    fallback = noscript(page)
    assert 'name="challenge_token"' in fallback and 'name="challenge_answer"' in fallback
    assert not question_shown_outright(page)
    assert page_challenge(form_page(client)) != found  # a fresh challenge on each page


def test_the_question_has_a_fixed_label_marked_required_and_the_sum_as_its_description(client, challenge_on):
    fallback = noscript(form_page(client))
    label = re.search(r'<label[^>]*for="id_challenge_answer"[^>]*>(.*?)</label>', fallback, re.S)
    assert label.group(1) == "验证题" and 'class="required"' in label.group(0)  # the * of 带 * 的为必填项
    answer = re.search(r'<input[^>]*name="challenge_answer"[^>]*>', fallback).group(0)
    assert 'aria-describedby="id_challenge_answer_helptext"' in answer and "required" in answer
    helptext = re.search(r'<div class="helptext" id="id_challenge_answer_helptext">(.*?)</div>', fallback)
    assert re.match(r"请计算：\d+ 加 \d+ 等于几？", helptext.group(1))


def test_solved_challenge_files_the_request(client, challenge_on):
    response = submit(client, altcha=solve(page_challenge(form_page(client))))
    assert response.status_code == 302
    assert InformationRequest.objects.count() == 1


def test_solved_challenge_is_refused_with_another_form(client, challenge_on):
    payload = solve(page_challenge(form_page(client)))
    assert submit(client, altcha=payload).status_code == 302
    refused_page = submit(client, altcha=payload, form_token=OTHER_TOKEN)
    assert refused_page.status_code == 200 and CHALLENGE_MESSAGE in refused_page.content.decode()
    assert InformationRequest.objects.count() == 1


def test_same_form_sent_twice_with_its_challenge_files_one_request(client, challenge_on):
    payload = solve(page_challenge(form_page(client)))
    first, second = submit(client, altcha=payload), submit(client, altcha=payload)
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert InformationRequest.objects.count() == 1


def _tampered(found: dict, **changes) -> str:
    data = json.loads(base64.b64decode(solve(found)))
    data.update(changes)
    return encode(data)


@pytest.mark.parametrize("payload", [None, ""])
def test_without_a_solved_challenge_the_question_is_shown_outright(client, challenge_on, payload):
    # A browser running scripts whose challenge.js did not run (blocked, failed to load, too old)
    # sends neither a solution nor an answer; the question in <noscript> would never show to it.
    page = refused(submit(client, altcha=payload), MISSING_MESSAGE)
    assert question_shown_outright(page) and "<noscript" not in page
    assert "王小明" in page
    token, answer = page_question(page)
    response = submit(client, challenge_token=token, challenge_answer=str(answer))
    assert response.status_code == 302 and InformationRequest.objects.count() == 1


def test_a_form_that_solved_the_challenge_keeps_the_question_in_noscript(client, challenge_on):
    page = submit(client, altcha=solve(page_challenge(form_page(client))), phone="12345").content.decode()
    assert "请填写有效的手机号码" in page and not question_shown_outright(page)


def _nested(depth: int) -> str:
    return base64.b64encode(b"[" * depth + b"]" * depth).decode()


@pytest.mark.parametrize(
    "make_payload",
    [
        pytest.param(lambda found: "not base64 at all!", id="garbage"),
        pytest.param(lambda found: base64.b64encode(b"\xff\xfe").decode(), id="not-utf8"),
        pytest.param(lambda found: encode([1, 2, 3]), id="not-an-object"),
        pytest.param(lambda found: encode(5), id="a-number"),
        pytest.param(lambda found: _tampered(found, signature="0" * 64), id="tampered-signature"),
        pytest.param(lambda found: _tampered(found, number=1001), id="wrong-number"),
        pytest.param(lambda found: _tampered(found, number="7"), id="number-as-text"),
        pytest.param(lambda found: _tampered(found, algorithm="SHA-1"), id="other-algorithm"),
        pytest.param(
            lambda found: _tampered(found, salt=found["salt"].replace("expires=", "expires=9")), id="longer-expiry"
        ),
        pytest.param(lambda found: _tampered(found, salt="abc&"), id="salt-without-expiry"),
        pytest.param(lambda found: base64.b64decode(solve(found)).decode(), id="json-not-base64"),
        # Crafted to break the checks themselves (each was a 500):
        pytest.param(lambda found: _tampered(found, challenge="é" * 64), id="non-ascii-challenge"),
        pytest.param(lambda found: _tampered(found, signature="签" * 64), id="non-ascii-signature"),
        pytest.param(lambda found: _tampered(found, challenge="\ud800" * 64), id="lone-surrogate-challenge"),
        pytest.param(lambda found: _tampered(found, salt="x?expires=" + "9" * 5000 + "&"), id="huge-expiry"),
        pytest.param(lambda found: _tampered(found, salt="x\ud800?expires=9999999999&issued=1&"), id="surrogate-salt"),
        pytest.param(lambda found: _nested(100_000), id="deeply-nested-json"),
        pytest.param(lambda found: _nested(300), id="nested-json-within-the-length-cap"),
        pytest.param(lambda found: solve(found) + "=" * 1000, id="over-long"),
        pytest.param(
            lambda found: _tampered(found, salt=re.sub(r"issued=\d+", "issued=0", found["salt"])), id="earlier-issue"
        ),
    ],
)
def test_missing_or_invalid_challenge_is_refused_and_the_form_comes_back_filled(client, challenge_on, make_payload):
    found = page_challenge(form_page(client))
    page = refused(submit(client, altcha=make_payload(found)))
    assert "王小明" in page and "138 0013 8000" in page and "请公开2026年本局行政许可事项办理情况统计表。" in page
    assert page_challenge(page) != found  # a fresh challenge to solve


def test_expired_challenge_is_refused(client, challenge_on, settings):
    start = dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        payload = solve(page_challenge(form_page(client)))
    later = start + dt.timedelta(seconds=settings.REQUEST_CHALLENGE_EXPIRES_SECONDS + 2)
    with time_machine.travel(later, tick=False):
        refused(submit(client, altcha=payload))


def test_challenge_solved_just_in_time_is_accepted(client, challenge_on, settings):
    start = dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        payload = solve(page_challenge(form_page(client)))
    with time_machine.travel(start + dt.timedelta(seconds=settings.REQUEST_CHALLENGE_EXPIRES_SECONDS - 5), tick=False):
        assert submit(client, altcha=payload).status_code == 302


def test_challenge_signed_with_another_secret_is_refused(client, challenge_on, settings):
    found = page_challenge(form_page(client))
    settings.SECRET_KEY = "another-secret-key-0123456789abcdefghijklmnopqrstuvwxyz"
    refused(submit(client, altcha=solve(found)))


def test_form_with_other_errors_uses_up_the_challenge_and_offers_a_new_one(client, challenge_on):
    payload = solve(page_challenge(form_page(client)))
    page = submit(client, altcha=payload, phone="12345").content.decode()
    assert "请填写有效的手机号码" in page and CHALLENGE_MESSAGE not in page
    refused(submit(client, altcha=payload, form_token=OTHER_TOKEN))
    assert submit(client, altcha=solve(page_challenge(page))).status_code == 302


def test_rate_limited_submission_does_not_use_up_the_challenge(client, challenge_on, settings):
    settings.SUBMIT_RATE_LIMIT = 1
    submit(client, "198.51.100.1", name="")
    payload = solve(page_challenge(form_page(client)))
    assert submit(client, "198.51.100.1", altcha=payload).status_code == 429
    assert submit(client, "198.51.100.2", altcha=payload).status_code == 302


@pytest.fixture
def min_seconds(settings):
    settings.REQUEST_CHALLENGE_MIN_SECONDS = 3
    return 3


START = dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC)


def test_challenge_solved_and_sent_too_soon_is_refused_and_the_form_keeps_its_values(client, challenge_on, min_seconds):
    with time_machine.travel(START, tick=False) as traveller:
        payload = solve(page_challenge(form_page(client)))
        traveller.shift(dt.timedelta(seconds=min_seconds - 0.5))
        page = refused(submit(client, altcha=payload), TOO_FAST_MESSAGE)
        assert "王小明" in page and "请公开2026年本局行政许可事项办理情况统计表。" in page
        traveller.shift(dt.timedelta(seconds=1))
        assert submit(client, altcha=payload).status_code == 302  # not used up by the early attempt


def test_question_answered_too_soon_is_refused(client, challenge_on, min_seconds):
    with time_machine.travel(START, tick=False) as traveller:
        first_page = form_page(client)
        token, answer = page_question(first_page)
        traveller.shift(dt.timedelta(seconds=1))
        page = refused(submit(client, challenge_token=token, challenge_answer=str(answer)), TOO_FAST_MESSAGE)
        assert "王小明" in page
        traveller.shift(dt.timedelta(seconds=min_seconds))
        token, answer = page_question(page)
        assert submit(client, challenge_token=token, challenge_answer=str(answer)).status_code == 302


def test_too_soon_is_read_from_the_setting_at_each_attempt(client, challenge_on, settings):
    settings.REQUEST_CHALLENGE_MIN_SECONDS = 60
    with time_machine.travel(START, tick=False) as traveller:
        payload = solve(page_challenge(form_page(client)))
        traveller.shift(dt.timedelta(seconds=30))
        refused(submit(client, altcha=payload), TOO_FAST_MESSAGE)
        settings.REQUEST_CHALLENGE_MIN_SECONDS = 0
        assert submit(client, altcha=payload).status_code == 302


def test_question_path_has_a_stricter_limit_of_its_own(client, challenge_on, settings):
    settings.SUBMIT_RATE_LIMIT = 4  # the question: 2
    for _ in range(2):
        token, _answer = page_question(form_page(client))
        assert submit(client, "198.51.100.1", challenge_token=token, challenge_answer="99").status_code == 200
    token, answer = page_question(form_page(client))
    limited = submit(client, "198.51.100.1", challenge_token=token, challenge_answer=str(answer))
    assert limited.status_code == 429 and "提交过于频繁" in limited.content.decode()
    assert InformationRequest.objects.count() == 0
    # The proof of work still has the 4th attempt of the address.
    assert submit(client, "198.51.100.1", altcha=solve(page_challenge(form_page(client)))).status_code == 302


# --- the security check without JavaScript: a small sum ------------------------------------------


def test_right_answer_to_the_question_files_the_request(client, challenge_on):
    token, answer = page_question(form_page(client))
    response = submit(client, challenge_token=token, challenge_answer=str(answer))
    assert response.status_code == 302 and InformationRequest.objects.count() == 1


@pytest.mark.parametrize("written", ["full-width", "chinese"])
def test_answer_may_be_typed_in_full_width_digits_or_chinese_numerals(client, challenge_on, written):
    token, answer = page_question(form_page(client))
    digits = "零一二三四五六七八九"
    typed = {
        "full-width": "".join(chr(ord("０") + int(d)) for d in str(answer)),
        "chinese": digits[answer] if answer < 10 else "十" + (digits[answer - 10] if answer > 10 else ""),
    }[written]
    assert submit(client, challenge_token=token, challenge_answer=typed).status_code == 302


def test_wrong_answer_is_refused_and_a_new_question_is_asked(client, challenge_on):
    token, answer = page_question(form_page(client))
    page = refused(submit(client, challenge_token=token, challenge_answer=str(answer + 1)), "答案不正确")
    summary = re.search(r'<div class="error-summary".*?</div>', page, re.S).group(0)
    # The summary names the field by its fixed label (not the new question) and links to it, shown
    # outright (not in <noscript>, which a browser running scripts does not show).
    assert '<a href="#id_challenge_answer">验证题：答案不正确，请计算新的题目后重新提交。</a>' in summary
    assert "请计算：" not in summary and question_shown_outright(page)
    new_token, _ = page_question(page)
    assert new_token != token
    assert 'name="challenge_answer" value' not in page  # the old answer is not kept for the new question
    # the question is used up, right or wrong
    refused(submit(client, challenge_token=token, challenge_answer=str(answer), form_token=OTHER_TOKEN), "验证题已过期")


def test_a_question_answered_wrongly_cannot_be_guessed_again_by_the_same_form(client, challenge_on):
    token, answer = page_question(form_page(client))
    refused(submit(client, challenge_token=token, challenge_answer=str(answer + 1)), "答案不正确")
    refused(submit(client, challenge_token=token, challenge_answer=str(answer)), "验证题已过期")


def test_a_question_left_unanswered_cannot_be_answered_later_by_the_same_form(client, challenge_on):
    token, answer = page_question(form_page(client))
    refused(submit(client, challenge_token=token, challenge_answer=""), "请填写验证题的答案。")
    refused(submit(client, challenge_token=token, challenge_answer=str(answer)), "验证题已过期")


def test_the_same_form_with_the_right_answer_sent_twice_files_one_request(client, challenge_on):
    token, answer = page_question(form_page(client))
    first = submit(client, challenge_token=token, challenge_answer=str(answer))
    second = submit(client, challenge_token=token, challenge_answer=str(answer))
    assert first.status_code == second.status_code == 302 and first["Location"] == second["Location"]
    assert InformationRequest.objects.count() == 1


def test_a_right_answer_does_not_let_the_same_form_guess_with_another(client, challenge_on):
    # The right answer with another field wrong uses the question up for that form and answer only.
    token, answer = page_question(form_page(client))
    refused(submit(client, challenge_token=token, challenge_answer=str(answer), phone="12345"), "请填写有效的手机号码")
    refused(submit(client, challenge_token=token, challenge_answer=str(answer + 1)), "验证题已过期")


def test_empty_answer_is_refused(client, challenge_on):
    token, _ = page_question(form_page(client))
    refused(submit(client, challenge_token=token, challenge_answer=""), "请填写验证题的答案。")


def test_answered_question_is_refused_with_another_form(client, challenge_on):
    token, answer = page_question(form_page(client))
    assert submit(client, challenge_token=token, challenge_answer=str(answer)).status_code == 302
    response = submit(client, challenge_token=token, challenge_answer=str(answer), form_token=OTHER_TOKEN)
    assert "验证题已过期" in response.content.decode() and InformationRequest.objects.count() == 1


def test_tampered_question_token_is_refused(client, challenge_on):
    forged = signing.dumps({"a": 1, "b": 1, "n": "abc"}, salt="another-salt")
    refused(submit(client, challenge_token=forged, challenge_answer="2"), "验证题已过期")
    token, _ = page_question(form_page(client))
    refused(submit(client, challenge_token=token[:-2] + "xx", challenge_answer="2"), "验证题已过期")


def test_expired_question_is_refused(client, challenge_on, settings):
    start = dt.datetime(2026, 9, 15, 2, 0, tzinfo=dt.UTC)
    with time_machine.travel(start, tick=False):
        token, answer = page_question(form_page(client))
    later = start + dt.timedelta(seconds=settings.REQUEST_CHALLENGE_EXPIRES_SECONDS + 2)
    with time_machine.travel(later, tick=False):
        refused(submit(client, challenge_token=token, challenge_answer=str(answer)), "验证题已过期")


@pytest.mark.parametrize(
    ("typed", "value"),
    [
        ("8", 8),
        ("１２", 12),
        (" 7 ", 7),
        ("八", 8),
        ("十", 10),
        ("十八", 18),
        ("二十", 20),
        ("两", 2),
        ("8。", 8),
        ("８．", 8),
        ("12.", 12),
        ("１２，", 12),
        ("、9、", 9),
        ("\u3000十一。\u3000", 11),
        ("7 。", 7),
    ],
)
def test_parse_answer_reads_digits_and_chinese_numerals(typed, value):
    assert challenge.parse_answer(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "8.0", "二零", "1000", "-3", "。", "8。8", "8" * 30, None])
def test_parse_answer_refuses_anything_else(typed):
    assert challenge.parse_answer(typed) is None


# --- fuzzing what a browser may send -------------------------------------------------------------


@pytest.fixture(scope="module", autouse=True)
def _report_fuzz_cases(request):
    yield
    if FUZZ_CASES:
        report_line(request, cases_line("challenge fuzz", FUZZ_CASES))


ANY_TEXT = st.text(st.characters(exclude_categories=()), max_size=300)  # lone surrogates included
HEX64 = st.text("0123456789abcdef", min_size=64, max_size=64)
JSON_VALUES = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats() | ANY_TEXT,
    lambda children: st.lists(children, max_size=4) | st.dictionaries(ANY_TEXT, children, max_size=4),
    max_leaves=12,
)
DIGITS = st.text("0123456789", min_size=1, max_size=5000)
SALTS = ANY_TEXT | st.builds(
    lambda head, expires, issued, tail: f"{head}?expires={expires}&issued={issued}{tail}",
    ANY_TEXT,
    DIGITS | st.just("99999999999"),
    DIGITS | st.just("1"),
    st.sampled_from(["&", "", "&expires=1&", "&issued=2&"]),
)
PAYLOAD_OBJECTS = st.fixed_dictionaries(
    {},
    optional={
        "algorithm": st.just("SHA-256") | JSON_VALUES,
        "challenge": HEX64 | JSON_VALUES,
        "number": st.integers() | st.integers(min_value=10**12) | JSON_VALUES,
        "salt": SALTS | JSON_VALUES,
        "signature": HEX64 | JSON_VALUES,
    },
)


def _b64_json(value) -> str:
    return base64.b64encode(json.dumps(value).encode("utf-8", "surrogatepass")).decode()


PAYLOADS = st.one_of(
    ANY_TEXT,
    st.binary(max_size=600),
    st.binary(max_size=600).map(lambda raw: base64.b64encode(raw).decode()),
    JSON_VALUES.map(_b64_json),
    PAYLOAD_OBJECTS.map(_b64_json),
    PAYLOAD_OBJECTS.map(json.dumps),
    st.integers(1, 100_000).map(_nested),
    st.integers(1, 3000).map(lambda n: "W" * n),
    st.none(),
)


CRAFTED = {"algorithm": "SHA-256", "challenge": "0" * 64, "number": 1, "salt": "x?expires=99999999999&issued=1&"}


@fuzz(1500)
@given(PAYLOADS)
@example(_b64_json({**CRAFTED, "challenge": "é" * 64, "signature": "0" * 64}))
@example(_b64_json({**CRAFTED, "signature": "\ud800" * 64}))
@example(_b64_json({**CRAFTED, "signature": "0" * 64, "salt": "x?expires=" + "9" * 5000 + "&issued=1&"}))
@example(_nested(100_000))
def test_fuzzed_payloads_are_refused_and_never_raise(payload):
    FUZZ_CASES["verify_payload"] += 1
    assert challenge.verify_payload(payload, holder=OTHER_TOKEN) is Verdict.INVALID


@fuzz(1000)
@given(st.one_of(ANY_TEXT, st.binary(max_size=100), st.none(), st.integers()))
@example("8。")
@example("\ud800")
@example("9" * 5000)
def test_fuzzed_answers_are_read_as_a_small_number_or_refused(typed):
    FUZZ_CASES["parse_answer"] += 1
    value = challenge.parse_answer(typed)
    assert value is None or (type(value) is int and 0 <= value <= 999)


@fuzz(800)
@given(
    st.one_of(
        ANY_TEXT,
        st.binary(max_size=300),
        st.none(),
        # signed by us, so past the signature check, with anything inside
        JSON_VALUES.map(lambda value: signing.dumps(value, salt=challenge.QUESTION_SALT)),
        PAYLOAD_OBJECTS.map(lambda value: signing.dumps(value, salt=challenge.QUESTION_SALT)),
        st.fixed_dictionaries({"a": JSON_VALUES, "b": JSON_VALUES, "n": JSON_VALUES, "t": JSON_VALUES}).map(
            lambda value: signing.dumps(value, salt=challenge.QUESTION_SALT)
        ),
    ),
    st.one_of(ANY_TEXT, st.none(), st.integers()),
)
@example(signing.dumps({"a": float("inf"), "b": 1, "n": "x", "t": 1}, salt=challenge.QUESTION_SALT), "2")
def test_fuzzed_question_tokens_and_answers_never_raise(token, answer):
    FUZZ_CASES["question token"] += 1
    question = challenge.Question.from_token(token)
    if question is None:
        return
    # Only our own signature gets here; whatever it held, the check answers with a verdict.
    cache.clear()
    assert isinstance(question.check(answer, holder=OTHER_TOKEN), Verdict)


def _sendable(text) -> bool:
    """Whether a browser could send it in a form field (UTF-8, no NUL)."""
    return isinstance(text, str) and "\x00" not in text and not re.search("[\ud800-\udfff]", text)


FIELD_TEXT = st.text(max_size=300).filter(_sendable)


@fuzz(150)
@given(
    altcha=FIELD_TEXT | PAYLOADS.filter(_sendable),
    token=st.just("") | FIELD_TEXT,
    answer=st.just("") | FIELD_TEXT,
)
def test_fuzzed_submissions_get_the_form_back_never_a_500(challenge_on, settings, altcha, token, answer):
    FUZZ_CASES["form submissions"] += 1
    settings.SUBMIT_RATE_LIMIT = 0  # many submissions from one address
    response = Client().post(
        reverse("applications:submit"), request_form_data(altcha=altcha, challenge_token=token, challenge_answer=answer)
    )
    assert response.status_code == 200 and 'id="error-summary"' in response.content.decode()
    assert InformationRequest.objects.count() == 0


# --- the admin login lockout (django-axes) -----------------------------------------------------


def admin_login(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_admin_login_locks_out_after_the_failure_limit_even_with_the_right_password(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "staff", "wrong-password", "203.0.113.5").status_code == 200
    locked = admin_login(client, "staff", "wrong-password", "203.0.113.5")
    assert locked.status_code == 429
    right = admin_login(client, "staff", "pw-staff-123", "203.0.113.5")
    assert right.status_code == 429
    page = right.content.decode()
    assert h1_count(page) == 1 and "登录已暂时锁定" in page and re.search(r"连续多次[^，。]*密码", page)
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in


def test_admin_lockout_is_per_username_and_address(client, staff_user, django_user_model, settings):
    django_user_model.objects.create_user(username="clerk", password="pw-clerk-123", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "staff", "wrong-password", "203.0.113.5")
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.5").status_code == 429
    assert admin_login(client, "clerk", "pw-clerk-123", "203.0.113.5").status_code == 302
    client.logout()
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.6").status_code == 302


def test_successful_admin_login_resets_the_failures(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "staff", "wrong-password", "203.0.113.5")
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.5").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "staff", "wrong-password", "203.0.113.5").status_code == 200
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.5").status_code == 302


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::"),  # an IPv6 client by its /64
        ({"REMOTE_ADDR": "2001:db8::1:2:3:4"}, "2001:db8::"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.7"}, "203.0.113.7"),
        ({}, None),  # force_login and management code: no address, which axes must store as NULL
        ({"REMOTE_ADDR": "not-an-address"}, None),
    ],
)
def test_axes_gets_a_valid_address_or_none(rf, meta, expected):
    from applications.throttle import axes_client_address

    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert axes_client_address(request) == expected


@pytest.mark.django_db
def test_force_login_works_with_axes_on_every_database(client, django_user_model):
    user = django_user_model.objects.create_user("axes-staff", password="x-very-long-password", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_lockout_counts_an_ipv6_client_by_its_64(client, staff_user, settings):
    """The attack: 20 wrong passwords from four addresses of one /64, then the right one from a fifth."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "staff", "wrong-password", f"2001:db8:1:2::{n + 1:x}")
    assert admin_login(client, "staff", "pw-staff-123", "2001:db8:1:2:ffff::9").status_code == 429
    client.logout()
    # another /64 is another client
    assert admin_login(client, "staff", "pw-staff-123", "2001:db8:1:3::1").status_code == 302


def test_admin_lockout_by_username_across_addresses(client, staff_user, django_user_model, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 8
    django_user_model.objects.create_user(username="clerk", password="pw-clerk-123", is_staff=True)
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):  # fewer than the per-address limit from each
        admin_login(client, "staff", "wrong-password", f"198.51.100.{n // 2 + 1}")
    fresh = admin_login(client, "staff", "pw-staff-123", "203.0.113.200")
    assert fresh.status_code == 429 and "登录已暂时锁定" in fresh.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in
    # other usernames are not affected
    assert admin_login(client, "clerk", "pw-clerk-123", "203.0.113.200").status_code == 302


def test_the_username_lockout_can_be_switched_off(client, staff_user, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 0
    for n in range(12):
        admin_login(client, "staff", "wrong-password", f"198.51.100.{n + 1}")
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.200").status_code == 302


def test_strangers_cannot_lock_the_owner_out_of_a_client_it_logged_in_from(client, staff_user, settings):
    """The attack: 10 wrong passwords from two addresses locked the username for everyone, the owner
    at its own office included, and each refused try restarted the lock."""
    from staff.lockout import failures_for

    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.10").status_code == 302  # the office
    client.logout()
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        admin_login(client, "staff", "wrong-password", f"198.51.100.{n // 4 + 1}")
    assert admin_login(client, "staff", "pw-staff-123", "192.0.2.77").status_code == 429  # a new place
    counted = failures_for("staff")
    for _ in range(3):  # refusals by the username lock are not counted: they do not prolong it
        admin_login(client, "staff", "wrong-password", "192.0.2.77")
    assert failures_for("staff") == counted
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.10").status_code == 302  # the office


def test_the_admin_role_sees_and_lifts_lockouts(client, django_user_model):
    from axes.models import AccessAttempt
    from django.contrib.auth.models import Group

    admin_user = django_user_model.objects.create_user("lead", password="pw-lead-123", is_staff=True)
    admin_user.groups.add(Group.objects.get(name="管理员"))
    for _ in range(5):
        admin_login(client, "someone", "wrong-password", "198.51.100.9")
    attempt = AccessAttempt.objects.get(username="someone")
    client.force_login(admin_user)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
