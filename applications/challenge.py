"""The request form's check that a person, not a script, is sending it; no third-party service.

A browser with JavaScript solves an ALTCHA proof of work in the background (static/js/challenge.js):
it finds the number whose SHA-256 with a random salt gives the challenge and sends it back with our
HMAC signature, so checking it needs no stored state. Without JavaScript the form asks a small sum
instead, its numbers signed into a token. Each solved challenge and each question counts once: it is
remembered in the cache until it expires, so it cannot be sent again with another form.

REQUEST_CHALLENGE_MAX_NUMBER sets the work (0 switches the check off), REQUEST_CHALLENGE_EXPIRES_SECONDS
how long a challenge or question stays good.
"""

import base64
import binascii
import datetime as dt
import hmac
import json
import math
import re
import secrets
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


def enabled() -> bool:
    return settings.REQUEST_CHALLENGE_MAX_NUMBER > 0


def _hmac_key() -> str:
    # Derived from SECRET_KEY: rotating the secret voids every challenge handed out.
    return salted_hmac("applications.challenge.altcha", "hmac-key", algorithm="sha256").hexdigest()


def _use_once(key: str, seconds: float, holder: str) -> bool:
    """Mark `key` used until it expires; False if it was used already. The same form sent twice
    (`holder` is its form token) passes again: the service files it once."""
    holder = holder or secrets.token_hex(8)
    if cache.add(f"challenge:used:{key}", holder, max(1, math.ceil(seconds))):
        return True
    return cache.get(f"challenge:used:{key}") == holder


# --- proof of work (ALTCHA, v1 format: SHA-256 of salt + number, HMAC-signed) -------------------


def new_challenge() -> dict:
    """A fresh challenge for the browser: algorithm, challenge, maxNumber, salt (with its expiry), signature."""
    expires = timezone.now() + dt.timedelta(seconds=settings.REQUEST_CHALLENGE_EXPIRES_SECONDS)
    options = ChallengeOptionsV1(
        algorithm=ALGORITHM,
        max_number=settings.REQUEST_CHALLENGE_MAX_NUMBER,
        hmac_key=_hmac_key(),
        expires=expires,
    )
    return create_challenge_v1(options).to_dict()


def _salt_expiry(salt: str) -> int | None:
    """The expiry time (Unix seconds) the salt carries; None when it has none, or not exactly one."""
    if "?" not in salt:
        return None
    values = urllib.parse.parse_qs(salt.split("?", 1)[1]).get("expires", [])
    if len(values) != 1 or not values[0].isascii() or not values[0].isdigit():
        return None
    return int(values[0])


def verify_payload(payload: str, *, holder: str = "") -> bool:
    """Whether the base64 JSON the browser sent solves a challenge we handed out, unexpired and not
    used before by another form (`holder`: the form token)."""
    try:
        data = json.loads(base64.b64decode(payload, validate=True))
    except (ValueError, binascii.Error):
        return False
    if not isinstance(data, dict):
        return False
    challenge, number, salt, signature = (data.get(name) for name in ("challenge", "number", "salt", "signature"))
    if data.get("algorithm") != ALGORITHM or not all(isinstance(v, str) for v in (challenge, salt, signature)):
        return False
    if type(number) is not int or number < 0:
        return False
    expires = _salt_expiry(salt)
    if expires is None or expires < time.time():
        return False
    # As altcha's verify_solution, with the comparisons in constant time.
    delimited = salt if salt.endswith("&") else salt + "&"
    expected = hash_hex(ALGORITHM, f"{delimited}{number}".encode())
    if not hmac.compare_digest(expected, challenge):
        return False
    if not hmac.compare_digest(hmac_hex(ALGORITHM, expected.encode(), _hmac_key()), signature):
        return False
    return _use_once(f"pow:{challenge}", expires - time.time() + 1, holder)


# --- the fallback without JavaScript: a sum in words ---------------------------------------------

CHINESE_DIGITS = {digit: value for value, digit in enumerate("零一二三四五六七八九")} | {"〇": 0, "两": 2}
CHINESE_NUMBER = re.compile(r"([一二两三四五六七八九]?)(十?)([零〇一二两三四五六七八九]?)")


def parse_answer(text: str) -> int | None:
    """A small whole number typed as digits (half- or full-width) or in Chinese numerals (八, 十二, 二十)."""
    text = unicodedata.normalize("NFKC", text or "").strip()
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

    @classmethod
    def new(cls) -> "Question":
        return cls(secrets.randbelow(9) + 1, secrets.randbelow(9) + 1, secrets.token_hex(8))

    @classmethod
    def from_token(cls, token: str) -> "Question | None":
        """The question a token was made for; None when it was tampered with or has expired."""
        try:
            data = signing.loads(token, salt=QUESTION_SALT, max_age=settings.REQUEST_CHALLENGE_EXPIRES_SECONDS)
            return cls(int(data["a"]), int(data["b"]), str(data["n"]))
        except (signing.BadSignature, KeyError, TypeError, ValueError):
            return None

    @property
    def text(self) -> str:
        return _("请计算：%(first)d 加 %(second)d 等于几？") % {"first": self.first, "second": self.second}

    @property
    def token(self) -> str:
        return signing.dumps({"a": self.first, "b": self.second, "n": self.nonce}, salt=QUESTION_SALT)

    def use(self, *, holder: str = "") -> bool:
        """Mark the question answered (right or wrong); False if it was answered before by another form."""
        return _use_once(f"question:{self.nonce}", settings.REQUEST_CHALLENGE_EXPIRES_SECONDS, holder)

    def is_answered_by(self, answer: str) -> bool:
        return parse_answer(answer) == self.first + self.second
