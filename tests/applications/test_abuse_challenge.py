"""Abuse protection: the request form's security check as a proof of work."""

import base64
import datetime as dt
import html
import json
import re

import pytest
import time_machine
from altcha import ChallengeV1, solve_challenge_v1

from applications.models import InformationRequest
from tests.applications.abuse_helpers import (
    CHALLENGE_MESSAGE,
    OTHER_TOKEN,
    _nested,
    form_page,
    noscript,
    page_question,
    question_shown_outright,
    refused,
    submit,
)

pytestmark = pytest.mark.django_db


MISSING_MESSAGE = "安全验证未完成，请回答下面的验证题后重新提交。"
TOO_FAST_MESSAGE = "提交过快，请确认填写内容后再提交。"


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
