"""Logging without personal data: ID-card numbers, phone numbers and e-mail addresses are masked in
every log record before a handler writes or mails it (settings.LOGGING, gunicorn.conf.py).

A message may quote anything a visitor sent (a URL with ``?q=13912345678``, a database error that
echoes a row), so the filter works on the finished text, not on known fields. The text is matched
in its NFKC form (full-width ``１３９１２３４５６７８``, ``（0770）``, ``＠`` read as ASCII) and the
mask is put over the original characters, so the rest of a line is left exactly as it was.

A URL in an access log line is still percent-encoded (``?q=%2013912345678``, ``a%40example.cn``):
a word holding ``%XX`` or ``+`` is also read decoded. When that reveals data, the word is written
back masked and percent-encoded again, never decoded: ``%0A`` or ``%1B`` in a URL must not become
a real line break or terminal escape in the log (a forged log line). For the same reason redact()
never writes a control character other than a line break or tab: any other C0/C1 character (and
U+2028/U+2029) in the text is written as ``\\x1b``.

What is masked, and what is left alone on purpose:

* 18-digit 居民身份证号码 (last character may be X; grouped 6-8-4 or 6-4-4-4 by spaces or
  hyphens) and the old 15-digit one, when the birth date in it is a real date (positions 7–14
  YYYYMMDD in 1900–2099; 7–12 YYMMDD in the old one). A run of digits that is part of a longer
  run or of a decimal number (``6.515929727227629``) is no ID. An all-digit 统一社会信用代码 has
  the ID's length but, after its area code, an organisation code, not a birth date
  (114506000000000017 and the 索引号 114506000000000017/2026-00012 stay readable); a code whose
  digits happen to form a date is masked, as an ID would be. Codes with letters (91450600MA…) and
  runs of 19 or more digits stay readable. Letters in front do not hide a number (``ID1101…``).
* mainland mobile numbers (1[3-9] + 9 digits), also with +86 / 0086 / 86 in front, the 139 in
  brackets, and separated by spaces, hyphens or ``+`` (a space in a query string);
* landlines with an area code: 0770-2828077, 0770 2828077, (0770)2828077, 07702828077,
  (010) 1234-5678, 0770-282-8077;
* e-mail addresses, also with a domain in other scripts (zhang@例子.中国).

Tracking numbers (2026-000123), dates, years, 文号 (〔2018〕12号), licence numbers, decimal numbers
and timestamps are not personal data and stay as they are.
"""

from __future__ import annotations

import datetime as dt
import logging
import re
import unicodedata
from collections.abc import Iterable
from urllib.parse import quote, unquote, unquote_plus

from django.conf import settings
from django.utils.log import AdminEmailHandler

MASK = "[已隐去]"

# Candidates, matched on the NFKC form of the text. Numbers never start or end inside a longer
# run of digits or a decimal number.
_NUMBER_START = r"(?<!\d)(?<!\d\.)"
_NUMBER_END = r"(?!\d)(?!\.\d)"
_ID = re.compile(
    _NUMBER_START + r"(?:[1-9]\d{5}[- ]?(?:\d{8}|\d{4}[- ]?\d{4})[- ]?\d{3}[\dXx]|[1-9]\d{14}(?![Xx]))" + _NUMBER_END
)
_MOBILE = re.compile(
    _NUMBER_START + r"(?:(?:\+|00)?86[- +]?)?(?:1[3-9]\d|\(1[3-9]\d\))(?:[- +]?\d{4}){2}" + _NUMBER_END
)
_LANDLINE = re.compile(_NUMBER_START + r"(?:\(0\d{2,3}\)[- ]?|0\d{2,3}[- ]?)(?:\d{7,8}|\d{3,4}[- ]\d{4})" + _NUMBER_END)
# Starting only where a mailbox name can start keeps a long run of letters and digits linear.
_EMAIL = re.compile(r"(?<![A-Za-z0-9._%+-])[A-Za-z0-9._%+-]+@[\w-]+(?:\.[\w-]+)+")
PATTERNS = {"id": _ID, "mobile": _MOBILE, "landline": _LANDLINE, "email": _EMAIL}


def _is_birth_date(digits: str) -> bool:
    """Positions 7–14 of an 18-digit ID (YYYYMMDD) or 7–12 of a 15-digit one (YYMMDD, 19YY)."""
    if len(digits) == 18:
        year, month, day = int(digits[6:10]), int(digits[10:12]), int(digits[12:14])
        if not 1900 <= year <= 2099:
            return False
    else:
        year, month, day = 2000, int(digits[8:10]), int(digits[10:12])  # a leap year: 29 Feb is a date
    try:
        dt.date(year, month, day)
    except ValueError:
        return False
    return True


def _normalized(text: str) -> tuple[str, list[int] | None]:
    """The NFKC form of `text`, and for each of its characters the index of the one it came from
    (None when the text is its own NFKC form)."""
    if text.isascii() or unicodedata.is_normalized("NFKC", text):
        return text, None
    parts, origin = [], []
    for index, char in enumerate(text):
        form = unicodedata.normalize("NFKC", char) if not char.isascii() else char
        parts.append(form)
        origin.extend([index] * len(form))
    return "".join(parts), origin


def find_personal_data(text: str, kinds: Iterable[str] = PATTERNS) -> list[tuple[int, int, str]]:
    """(start, end, kind) of each ID number, mobile, landline or e-mail address of the given kinds
    in `text`, found in its NFKC form (full-width digits, grouped numbers), in order, not
    overlapping. One finder for logs, promoted requests and decisions' public text
    (disclosures/privacy.py), so that what one hides the others hide too."""
    normal, origin = _normalized(text)
    found = []
    for kind in kinds:
        for match in PATTERNS[kind].finditer(normal):
            if kind == "id" and not _is_birth_date(re.sub(r"[- ]", "", match.group())):
                continue
            start, end = match.span()
            if origin is not None:
                start, end = origin[start], origin[end - 1] + 1
            found.append((start, end, kind))
    merged: list[tuple[int, int, str]] = []
    for start, end, kind in sorted(found):
        if merged and start < merged[-1][1]:  # overlapping finds are one place, of the first kind
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]), merged[-1][2])
        else:
            merged.append((start, end, kind))
    return merged


def _spans(text: str, also: Iterable[str] = ()) -> list[tuple[int, int]]:
    """Where in `text` personal data is (merged, in order), found in its NFKC form."""
    normal, origin = _normalized(text)
    found = [(start, end) for start, end, _kind in find_personal_data(text)]
    also_found = []
    for value in also:
        value = unicodedata.normalize("NFKC", value)
        start = normal.find(value)
        while start != -1:
            also_found.append((start, start + len(value)))
            start = normal.find(value, start + len(value))
    if origin is not None:
        also_found = [(origin[start], origin[end - 1] + 1) for start, end in also_found]
    found += also_found
    merged: list[tuple[int, int]] = []
    for start, end in sorted(found):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


def _apply(text: str, spans: list[tuple[int, int]], mask: str, encode=None) -> str:
    """`text` with each span replaced by `mask`, what is left passed through `encode`."""
    keep = encode or (lambda part: part)
    parts, last = [], 0
    for start, end in spans:
        parts.append(keep(text[last:start]))
        last = end
    parts.append(keep(text[last:]))
    return mask.join(parts)


def mask_personal_data(text: str, *, mask: str = MASK, also: Iterable[str] = ()) -> str:
    """`text` with ID numbers, phone numbers, e-mail addresses (and the strings in `also`, known
    personal data such as a requester's name) replaced by `mask`; nothing else changes.

    The plain-text core of redact(), for text that is not a log line (it does not read
    percent-encoding or escape control characters): applications.workflow uses it to take the
    requester out of a request promoted to proactive disclosure.
    """
    spans = _spans(text, [value for value in also if value])
    return _apply(text, spans, mask) if spans else text


# A word (of a URL, say), which may hide data behind percent-encoding or a ``+`` for a space.
_WORD = re.compile(r"""[^\s"'<>]+""")
_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}|\+")
_DECODE_ROUNDS = 3  # %25 may hide another round of encoding
# Re-encoding keeps a URL's own punctuation readable; a space, %, +, control characters and
# anything not ASCII are percent-encoded again, as the client sent them.
_URL_SAFE = "/?&=:;,@!$'()*~-._"
# Line breaks and tabs are a traceback's own; any other control character could rewrite a log.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029]")


def _decoded(word: str) -> str:
    # A "+" is a space only in the text as sent; one that decoding reveals (%2B86) is a plus.
    decoded = unquote_plus(word, errors="replace")
    for _round in range(_DECODE_ROUNDS - 1):
        if decoded == word:
            break
        word, decoded = decoded, unquote(decoded, errors="replace")
    return decoded


def _redact_encoded(match: re.Match, mask: str) -> str:
    word = match.group(0)
    if not _ENCODED.search(word):
        return word
    decoded = _decoded(word)
    spans = _spans(decoded)
    if not spans:
        return word
    return _apply(decoded, spans, mask, encode=lambda part: quote(part, safe=_URL_SAFE))


def _escape_control(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def redact(text: str, *, mask: str = MASK) -> str:
    """`text` with ID numbers, phone numbers and e-mail addresses replaced by `mask`, also where a
    URL percent-encodes them, and no control character but line breaks and tabs."""
    text = mask_personal_data(text, mask=mask)
    if "%" in text or "+" in text:
        text = _WORD.sub(lambda match: _redact_encoded(match, mask), text)
    return _CONTROL.sub(_escape_control, text)


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
