"""Abuse protection: attempts per address at the request form and the status lookup, the form's
security check (a proof of work, or a small sum without JavaScript) and the admin login lockout."""

import base64
import datetime as dt
import html
import json
import re

import pytest
import time_machine
from altcha import ChallengeV1, solve_challenge_v1
from django.core import signing
from django.urls import reverse

from applications import challenge
from applications.models import InformationRequest
from tests.applications.test_views import form_data
from tests.factories import InformationRequestFactory
from tests.utils import h1_count

pytestmark = pytest.mark.django_db

CHALLENGE_MESSAGE = "安全验证未完成或已过期，请稍候片刻后重新提交。"
OTHER_TOKEN = "0b6c1c1e-2f4b-4e8a-9a55-6e9f1c2b7a99"


@pytest.fixture
def challenge_on(settings):
    """The security check as in production, with little work (max_number 1000) to keep tests quick."""
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 1000
    settings.REQUEST_CHALLENGE_EXPIRES_SECONDS = 600


def submit(client, address="127.0.0.1", **overrides):
    return client.post(reverse("applications:submit"), form_data(**overrides), REMOTE_ADDR=address)


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
    """The <noscript> question's token and its right answer, read as a person would read the page."""
    token = re.search(r'name="challenge_token" value="([^"]+)"', page).group(1)
    first, second = re.search(r"请计算：(\d+) 加 (\d+) 等于几？", page).groups()
    return token, int(first) + int(second)


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
    assert re.search(r"\?expires=\d+&$", found["salt"])
    assert re.search(r'<script src="[^"]*js/challenge\.js" defer>', page)
    assert "<script>" not in page  # the content security policy allows no inline script
    status = re.search(r"<p [^>]*data-challenge-status[^>]*>", page, re.S).group(0)
    assert 'role="status"' in status and 'aria-live="polite"' in status
    assert "正在进行安全验证…" in status and "安全验证已完成" in status
    fallback = re.search(r"<noscript[^>]*>(.*?)</noscript>", page, re.S).group(1)
    assert 'name="challenge_token"' in fallback and 'name="challenge_answer"' in fallback
    assert re.search(r"<label[^>]*>请计算：\d+ 加 \d+ 等于几？</label>", fallback)
    assert page_challenge(form_page(client)) != found  # a fresh challenge on each page


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


@pytest.mark.parametrize(
    "make_payload",
    [
        pytest.param(lambda found: None, id="missing"),
        pytest.param(lambda found: "", id="empty"),
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
    assert 'href="#id_challenge_answer"' in page  # the error summary links to the answer field
    new_token, _ = page_question(page)
    assert new_token != token
    assert 'name="challenge_answer" value' not in page  # the old answer is not kept for the new question
    # the question is used up, right or wrong
    refused(submit(client, challenge_token=token, challenge_answer=str(answer), form_token=OTHER_TOKEN), "验证题已过期")


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
    [("8", 8), ("１２", 12), (" 7 ", 7), ("八", 8), ("十", 10), ("十八", 18), ("二十", 20), ("两", 2)],
)
def test_parse_answer_reads_digits_and_chinese_numerals(typed, value):
    assert challenge.parse_answer(typed) == value


@pytest.mark.parametrize("typed", ["", "abc", "8.0", "二零", "1000", "-3"])
def test_parse_answer_refuses_anything_else(typed):
    assert challenge.parse_answer(typed) is None


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
    assert h1_count(page) == 1 and "登录已暂时锁定" in page and "连续多次密码错误" in page
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
        ({"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::1"),
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
