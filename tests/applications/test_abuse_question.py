"""Abuse protection: the security check without JavaScript, a small sum to answer."""

import datetime as dt
import re

import pytest
import time_machine
from django.core import signing

from applications import challenge
from applications.models import InformationRequest
from tests.applications.abuse_helpers import (
    OTHER_TOKEN,
    form_page,
    page_question,
    question_shown_outright,
    refused,
    submit,
)

pytestmark = pytest.mark.django_db


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
