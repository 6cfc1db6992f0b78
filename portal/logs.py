"""Logging without personal data: ID-card numbers, phone numbers and e-mail addresses are masked in
every log record before a handler writes or mails it (settings.LOGGING, gunicorn.conf.py).

A message may quote anything a visitor sent (a URL with ``?q=13912345678``, a database error that
echoes a row), so the filter works on the finished text, not on known fields. A URL in an access
log line is still percent-encoded (``?q=%2013912345678``, ``a%40example.cn``): a word holding
``%XX`` or ``+`` is also read decoded, and written decoded with the mask when that reveals data.

What is masked, and what is left alone on purpose:

* 18-digit 居民身份证号码 (last character may be X, groups may be split by a space or hyphen) and
  the old 15-digit one, standing alone (not inside a longer run of letters and digits). An
  all-digit 统一社会信用代码 has the same shape and is masked too: from the text alone it cannot be
  told apart from an ID, and a mistyped ID is still someone's ID. Codes with letters (91450600MA…)
  and runs of 19 or more digits stay readable.
* mainland mobile numbers (1[3-9] + 9 digits), also with +86 / 0086 / 86 in front and separated
  by spaces, hyphens or ``+`` (a space in a query string);
* landlines with an area code: 0770-2828077, 0770 2828077, (0770)2828077, 07702828077;
* e-mail addresses.

Tracking numbers (2026-000123), dates, years, 文号 (〔2018〕12号), licence numbers and timestamps are
not personal data and stay as they are.
"""

from __future__ import annotations

import logging
import re
from urllib.parse import unquote, unquote_plus

from django.conf import settings
from django.utils.log import AdminEmailHandler

_ID = r"(?<![0-9A-Za-z])(?:\d{6}[- ]?\d{8}[- ]?\d{3}[\dXx]|\d{15})(?![0-9A-Za-z])"
_MOBILE = r"(?<!\d)(?:(?:\+|00)?86[- +]?)?1[3-9]\d(?:[- +]?\d{4}){2}(?!\d)"
_LANDLINE = r"(?<!\d)(?:\(0\d{2,3}\)[- ]?|0\d{2,3}[- ]?)\d{7,8}(?!\d)"
# Starting only where a mailbox name can start keeps a long run of letters and digits linear.
_EMAIL = r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)+"
PERSONAL_DATA = re.compile("|".join([_ID, _MOBILE, _LANDLINE, _EMAIL]))
MASK = "[已隐去]"

# A word (of a URL, say), which may hide data behind percent-encoding or a ``+`` for a space.
_WORD = re.compile(r"""[^\s"'<>]+""")
_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}|\+")
_DECODE_ROUNDS = 3  # %25 may hide another round of encoding


def _decoded(word: str) -> str:
    # A "+" is a space only in the text as sent; one that decoding reveals (%2B86) is a plus.
    decoded = unquote_plus(word, errors="replace")
    for _round in range(_DECODE_ROUNDS - 1):
        if decoded == word:
            break
        word, decoded = decoded, unquote(decoded, errors="replace")
    return decoded


def _redact_encoded(match: re.Match) -> str:
    word = match.group(0)
    if not _ENCODED.search(word):
        return word
    decoded = _decoded(word)
    redacted = PERSONAL_DATA.sub(MASK, decoded)
    return redacted if redacted != decoded else word


def redact(text: str) -> str:
    """`text` with ID numbers, phone numbers and e-mail addresses replaced by MASK."""
    text = PERSONAL_DATA.sub(MASK, text)
    if "%" in text or "+" in text:
        text = _WORD.sub(_redact_encoded, text)
    return text


class RedactPersonalData(logging.Filter):
    """Rewrites the record's message (and its traceback text) with personal data masked."""

    def filter(self, record: logging.LogRecord) -> bool:
        message = record.getMessage()
        redacted = redact(message)
        if redacted != message:
            record.msg, record.args = redacted, None
        if record.exc_info and not record.exc_text:
            record.exc_text = logging.Formatter().formatException(record.exc_info)
        if record.exc_text:
            record.exc_text = redact(record.exc_text)
        if record.stack_info:
            record.stack_info = redact(record.stack_info)
        return True


class RedactingAdminEmailHandler(AdminEmailHandler):
    """Django's error mail with personal data masked.

    The mail is not built from the record's message alone: Django's exception reporter adds the
    request (GET parameters, the query string and path in META) and the exception text, which a
    filter on the record cannot reach. So the finished subject and bodies are masked here.
    """

    def emit(self, record):
        # Django skips building the mail when nobody would get it, unless send_mail is overridden.
        if settings.ADMINS:
            super().emit(record)

    def send_mail(self, subject, message, *args, **kwargs):
        if kwargs.get("html_message"):
            kwargs["html_message"] = redact(kwargs["html_message"])
        super().send_mail(redact(subject), redact(message), *args, **kwargs)
