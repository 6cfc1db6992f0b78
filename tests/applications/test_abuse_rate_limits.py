"""Abuse protection: attempts per address at the request form and the status lookup, and what is read of a turned-away submission."""

import datetime as dt
import re

import pytest
import time_machine
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.files.uploadhandler import FileUploadHandler
from django.test import Client
from django.urls import reverse

from applications import throttle
from applications.models import InformationRequest
from tests.applications.abuse_helpers import OTHER_TOKEN, form_page, submit
from tests.applications.test_views import PDF
from tests.factories import InformationRequestFactory
from tests.utils import h1_count, request_form_data

pytestmark = pytest.mark.django_db


RESELECT_MESSAGE = "请重新选择附件"


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
