"""The request form's check that a person, not a script, is sending it; no third-party service.

A browser with JavaScript solves an ALTCHA proof of work in the background (static/js/challenge.js):
it finds the number whose SHA-256 with a random salt gives the challenge and sends it back with our
HMAC signature, so checking it needs no stored state. Without JavaScript the form asks a small sum
instead, its numbers signed into a token. Each solved challenge and each question counts once: it is
remembered in the cache until it expires, so it cannot be sent again with another form, and a
question answered wrongly cannot be tried again.

Both carry their signed issue time: a form sent back sooner than REQUEST_CHALLENGE_MIN_SECONDS after it
was served is refused, as no person fills it in that fast. None of this stops a determined bot (the
sum can be read off the page); it makes each submission cost a script time and work.

REQUEST_CHALLENGE_MAX_NUMBER sets the work (0 switches the check off), REQUEST_CHALLENGE_EXPIRES_SECONDS
how long a challenge or question stays good.

Whatever the browser sends, the checks here answer with a `Verdict`, never an exception.
"""

import base64
import binascii
import datetime as dt
import enum
import hmac
import json
import math
import re
import secrets
import string
import time
import unicodedata
import urllib.parse
from dataclasses import dataclass

from altcha import ChallengeOptionsV1, create_challenge_v1, hash_hex, hmac_hex
from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils import timezone
from django.utils.crypto import salted_hmac
from django.utils.translation import gettext as _

ALGORITHM = "SHA-256"
QUESTION_SALT = "applications.challenge.question"
# Longer than anything handed out (a solved challenge is about 350 characters, a question token about
# 100): refused before it is decoded.
MAX_PAYLOAD_LENGTH = 1000
MAX_TOKEN_LENGTH = 300
MAX_SALT_LENGTH = 200
HEX_DIGEST = re.compile(r"[0-9a-f]{64}")
# Unix seconds; twelve digits reach the year 33658, and int() of a longer run is not attempted.
UNIX_SECONDS = re.compile(r"[0-9]{1,12}")
# What a question answered wrongly is marked with: no form's token, so no form passes with it again.
BURNT = "!burnt"


class Verdict(enum.Enum):
    PASSED = "passed"
    INVALID = "invalid"  # malformed, forged, expired, or used by another form (or answered wrongly before)
    TOO_SOON = "too_soon"  # sent back sooner than REQUEST_CHALLENGE_MIN_SECONDS after it was served
    UNANSWERED = "unanswered"
    WRONG = "wrong"


def enabled() -> bool:
    return settings.REQUEST_CHALLENGE_MAX_NUMBER > 0


def _hmac_key() -> str:
    # Derived from SECRET_KEY: rotating the secret voids every challenge handed out.
    return salted_hmac("applications.challenge.altcha", "hmac-key", algorithm="sha256").hexdigest()


def _too_soon(issued: int) -> bool:
    return time.time() - issued < getattr(settings, "REQUEST_CHALLENGE_MIN_SECONDS", 3)


def _use_once(key: str, seconds: float, holder: str) -> bool:
    """Mark `key` used until it expires; False if it was used already. The same form sent twice
    (`holder` is its form token) passes again: the service files it once."""
    holder = holder or secrets.token_hex(8)
    if cache.add(f"challenge:used:{key}", holder, max(1, math.ceil(seconds))):
        return True
    return cache.get(f"challenge:used:{key}") == holder


def _burn(key: str, seconds: float) -> None:
    cache.set(f"challenge:used:{key}", BURNT, max(1, math.ceil(seconds)))


# --- proof of work (ALTCHA, v1 format: SHA-256 of salt + number, HMAC-signed) -------------------


def new_challenge() -> dict:
    """A fresh challenge for the browser: algorithm, challenge, maxNumber, salt (with its expiry and
    issue time, both signed with it), signature."""
    expires = timezone.now() + dt.timedelta(seconds=settings.REQUEST_CHALLENGE_EXPIRES_SECONDS)
    options = ChallengeOptionsV1(
        algorithm=ALGORITHM,
        max_number=settings.REQUEST_CHALLENGE_MAX_NUMBER,
        hmac_key=_hmac_key(),
        expires=expires,
        params={"issued": str(int(time.time()))},
    )
    return create_challenge_v1(options).to_dict()


def _salt_times(salt: str) -> tuple[int, int] | None:
    """The expiry and issue times (Unix seconds) the salt carries; None unless it has exactly one of each."""
    if "?" not in salt:
        return None
    query = urllib.parse.parse_qs(salt.split("?", 1)[1])
    times = []
    for name in ("expires", "issued"):
        values = query.get(name, [])
        if len(values) != 1 or not UNIX_SECONDS.fullmatch(values[0]):
            return None
        times.append(int(values[0]))
    return times[0], times[1]


def _decode(payload) -> dict | None:
    """The JSON object the base64 payload holds; None for anything else, however malformed."""
    if not isinstance(payload, str) or not payload or len(payload) > MAX_PAYLOAD_LENGTH:
        return None
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (ValueError, binascii.Error, RecursionError):  # UnicodeDecodeError is a ValueError
        return None
    return data if isinstance(data, dict) else None


def verify_payload(payload, *, holder: str = "") -> Verdict:
    """Whether the base64 JSON the browser sent solves a challenge we handed out, unexpired, not too
    soon after it was handed out, and not used before by another form (`holder`: the form token)."""
    data = _decode(payload)
    if data is None:
        return Verdict.INVALID
    challenge, number, salt, signature = (data.get(name) for name in ("challenge", "number", "salt", "signature"))
    if data.get("algorithm") != ALGORITHM:
        return Verdict.INVALID
    if not all(isinstance(value, str) and HEX_DIGEST.fullmatch(value) for value in (challenge, signature)):
        return Verdict.INVALID
    if not isinstance(salt, str) or len(salt) > MAX_SALT_LENGTH or not salt.isascii():
        return Verdict.INVALID
    if type(number) is not int or not 0 <= number < 10**12:
        return Verdict.INVALID
    times = _salt_times(salt)
    if times is None or times[0] < time.time():
        return Verdict.INVALID
    expires, issued = times
    # As altcha's verify_solution, with the comparisons in constant time.
    delimited = salt if salt.endswith("&") else salt + "&"
    expected = hash_hex(ALGORITHM, f"{delimited}{number}".encode())
    if not hmac.compare_digest(expected, challenge):
        return Verdict.INVALID
    if not hmac.compare_digest(hmac_hex(ALGORITHM, expected.encode(), _hmac_key()), signature):
        return Verdict.INVALID
    if _too_soon(issued):  # not used up: the same solution may come back once the time has passed
        return Verdict.TOO_SOON
    if not _use_once(f"pow:{challenge}", expires - time.time() + 1, holder):
        return Verdict.INVALID
    return Verdict.PASSED


# --- the fallback without JavaScript: a sum in words ---------------------------------------------

CHINESE_DIGITS = {digit: value for value, digit in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
CHINESE_NUMBER = re.compile(r"([一二两三四五六七八九]?)(十?)([零〇一二两三四五六七八九]?)")
# Around an answer (after NFKC, which turns full-width ．，and the ideographic space into these):
# spaces and the full stop or comma a person may type after it.
ANSWER_SURROUNDINGS = string.whitespace + "。.,、"
MAX_ANSWER_LENGTH = 20


def parse_answer(text) -> int | None:
    """A small whole number typed as digits (half- or full-width) or in Chinese numerals (八, 十二, 二十)."""
    if not isinstance(text, str) or len(text) > MAX_ANSWER_LENGTH:
        return None
    text = unicodedata.normalize("NFKC", text).strip(ANSWER_SURROUNDINGS)
    if re.fullmatch(r"[0-9]{1,3}", text):
        return int(text)
    match = CHINESE_NUMBER.fullmatch(text)
    if not text or match is None:
        return None
    tens, ten, units = match.groups()
    if not ten:  # one digit alone (the pattern puts it first)
        return CHINESE_DIGITS[tens or units] if bool(tens) != bool(units) else None
    return (CHINESE_DIGITS[tens] if tens else 1) * 10 + (CHINESE_DIGITS[units] if units else 0)


@dataclass(frozen=True)
class Question:
    first: int
    second: int
    nonce: str
    issued: int  # Unix seconds

    @classmethod
    def new(cls) -> "Question":
        return cls(secrets.randbelow(9) + 1, secrets.randbelow(9) + 1, secrets.token_hex(8), int(time.time()))

    @classmethod
    def from_token(cls, token) -> "Question | None":
        """The question a token was made for; None when it was tampered with or has expired."""
        if not isinstance(token, str) or len(token) > MAX_TOKEN_LENGTH:
            return None
        try:
            data = signing.loads(token, salt=QUESTION_SALT, max_age=settings.REQUEST_CHALLENGE_EXPIRES_SECONDS)
            return cls(int(data["a"]), int(data["b"]), str(data["n"]), int(data["t"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError, OverflowError):
            return None

    @property
    def text(self) -> str:
        return _("请计算：%(first)d 加 %(second)d 等于几？") % {"first": self.first, "second": self.second}

    @property
    def token(self) -> str:
        return signing.dumps({"a": self.first, "b": self.second, "n": self.nonce, "t": self.issued}, salt=QUESTION_SALT)

    def check(self, answer, *, holder: str = "") -> Verdict:
        """Judge the answer a form (`holder`: its form token) gives. A question counts once: a wrong or
        missing answer burns it, a right one lets only the same form with the same answer through again
        (a double click), so each guess needs a new question."""
        if _too_soon(self.issued):
            return Verdict.TOO_SOON
        key, seconds = f"question:{self.nonce}", settings.REQUEST_CHALLENGE_EXPIRES_SECONDS
        value = parse_answer(answer)
        if not _use_once(key, seconds, holder and f"{holder}:{value}"):
            return Verdict.INVALID
        if value == self.first + self.second:
            return Verdict.PASSED
        _burn(key, seconds)
        return Verdict.UNANSWERED if not isinstance(answer, str) or not answer.strip() else Verdict.WRONG
