"""Abuse protection: fuzzing what a browser may send to the security check (hypothesis); the number of cases run is printed at the end."""

import base64
import json
import re
from collections import Counter

import pytest
from django.core import signing
from django.core.cache import cache
from django.test import Client
from django.urls import reverse
from hypothesis import example, given
from hypothesis import strategies as st

from applications import challenge
from applications.challenge import Verdict
from applications.models import InformationRequest
from tests.applications.abuse_helpers import OTHER_TOKEN, _nested
from tests.utils import cases_line, fuzz, report_line, request_form_data

pytestmark = pytest.mark.django_db


FUZZ_CASES: Counter[str] = Counter()


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
