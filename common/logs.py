"""Logging without personal data or secrets: ID-card, passport and permit numbers, phone numbers,
e-mail addresses (common/personal_data.py) and secret tokens in URLs are masked in every log record
before a handler writes or mails it (settings.LOGGING, gunicorn.conf.py), and in the mails the
development mail backend prints (common/mail.py).

This module only applies the finder of common/personal_data.py (which owns what personal data is,
and how it is found and masked) to log records; what it adds is the log's own: URL secrets,
percent-encoded words and the escaping of control characters.

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

What personal data is masked, and what is left alone on purpose, is listed in
common/personal_data.py. Secrets in URLs (whoever holds such a URL can use it, so the log must
not hand it on):

* the path segment after a segment that names a secret link, when it has a digit or 16 or more
  characters: the staff calendar feed /apply/calendar/<token>.ics, a password-setting link
  /accounts/reset/<uid>/<token>/ (not its /reset/<uid>/set-password/ step), and the same after
  /feed(s)/, /token(s)/, /key(s)/, /secret(s)/, /signed/, /invite/, /invitation(s)/,
  /unsubscribe/, /confirm/, /activate/, /verify/ (the public /feeds/latest.rss keeps its name);
* the value of a query parameter named for a secret: token, access_token, csrfmiddlewaretoken,
  sig, signature, X-Amz-Signature, secret, password, passwd, pwd, key, api_key, auth, credential,
  lookup_code (any name ending in _code);
* anywhere after ``/``, ``=`` or ``:``, a run of 16 or more letters, digits, ``-`` and ``_`` that
  mixes capitals, small letters and digits (a token_urlsafe() token, a signature), or that holds
  20 or more hexadecimal digits with both letters and digits (a hash, a password-reset token).
  Slugs (lower case), UUIDs (hex in short groups), numbers and words stay readable.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Iterable
from urllib.parse import quote, unquote, unquote_plus

from django.conf import settings
from django.utils.log import AdminEmailHandler

from common.personal_data import (
    MASK,
    apply_mask,
    control_characters,
    merge_spans,
    personal_data_spans,
)

# ---------------------------------------------------------------------------
# Secrets in URLs
# ---------------------------------------------------------------------------

_STOP = "\\s?#\"'<>"  # what ends a path segment or a query value in a log line
_SECRET_PATH = re.compile(
    r"/(?:calendar|feeds?|reset/[^/" + _STOP + r"]+|tokens?|keys?|secrets?|signed|invite|invitations?"
    r"|unsubscribe|confirm|activate|verify)/(?P<n>[^/." + _STOP + r"]+)",
    re.IGNORECASE,
)
_QUERY_PARAMETER = re.compile(r"(?<=[?&])(?P<name>[^=&" + _STOP + r"]+)=(?P<n>[^&" + _STOP + r"]+)")
_SECRET_NAME = re.compile(
    r"[\w.-]*(?:token|secret|signature|password|passwd)"
    r"|(?:[\w.-]*[_.-])?(?:sig|pwd|key|apikey|auth|credential)"
    r"|[\w.-]*[_.-]code",
    re.IGNORECASE,
)
_TOKEN = re.compile(r"(?<=[/=:])[A-Za-z0-9_-]{16,}(?![A-Za-z0-9_-])")
_HEX_RUN = re.compile(r"[0-9A-Fa-f]{20,}")


def _looks_random(word: str) -> bool:
    """Whether `word` looks like a generated secret rather than a slug, a word or a number."""
    if any(c.isupper() for c in word) and any(c.islower() for c in word) and any(c.isdigit() for c in word):
        return True
    return any(any(c.isdigit() for c in run) and any(not c.isdigit() for c in run) for run in _HEX_RUN.findall(word))


def secret_spans(text: str) -> list[tuple[int, int]]:
    """Where in `text` (a log line, a URL) secret tokens of URLs are, merged, in order."""
    spans = [
        match.span("n")
        for match in _SECRET_PATH.finditer(text)
        if len(match["n"]) >= 16 or any(c.isdigit() for c in match["n"])
    ]
    spans += [match.span("n") for match in _QUERY_PARAMETER.finditer(text) if _SECRET_NAME.fullmatch(match["name"])]
    spans += [match.span() for match in _TOKEN.finditer(text) if _looks_random(match.group())]
    return merge_spans(spans)


def _log_spans(text: str, also: Iterable[str] = (), mask: str = MASK) -> list[tuple[int, int]]:
    """Personal data, the strings in `also` and URL secrets in `text`; masks already there are
    kept as they are."""
    spans = personal_data_spans(text, also) + secret_spans(text)
    start = text.find(mask)
    while mask and start != -1:
        spans.append((start, start + len(mask)))
        start = text.find(mask, start + len(mask))
    return merge_spans(spans)


# A word (of a URL, say), which may hide data behind percent-encoding or a ``+`` for a space.
_WORD = re.compile(r"""[^\s"'<>]+""")
_ENCODED = re.compile(r"%[0-9A-Fa-f]{2}|\+")
_DECODE_ROUNDS = 3  # %25 may hide another round of encoding
# Re-encoding keeps a URL's own punctuation readable; a space, %, +, control characters and
# anything not ASCII are percent-encoded again, as the client sent them.
_URL_SAFE = "/?&=:;,@!$'()*~-._"
# Line feeds and tabs are a traceback's own; any other control or format character
# (common.personal_data), a carriage return or a Unicode line or paragraph separator could rewrite
# a log line.
LOG_KEEPS = "\t\n"
_LINE_SEPARATORS = "\u2028\u2029"


def _decoded(word: str) -> str:
    # A "+" is a space only in the text as sent; one that decoding reveals (%2B86) is a plus.
    decoded = unquote_plus(word, errors="replace")
    for _round in range(_DECODE_ROUNDS - 1):
        if decoded == word:
            break
        word, decoded = decoded, unquote(decoded, errors="replace")
    return decoded


def _redact_encoded(match: re.Match, mask: str, also: list[str]) -> str:
    word = match.group(0)
    if not _ENCODED.search(word):
        return word
    decoded = _decoded(word)
    spans = _log_spans(decoded, also, mask=mask)
    if all(decoded[start:end] == mask for start, end in spans):  # nothing new (or only masks)
        return word
    return apply_mask(decoded, spans, mask, encode=lambda part: quote(part, safe=_URL_SAFE))


@functools.cache
def _log_control() -> re.Pattern:
    return re.compile(f"{control_characters(LOG_KEEPS).pattern}|[{_LINE_SEPARATORS}]")


def _escape_control(match: re.Match) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def redact(text: str, *, mask: str = MASK, also: Iterable[str] = ()) -> str:
    """`text` with personal data (common/personal_data.py, and the strings in `also`) and secret
    tokens of URLs replaced by `mask`, also where a URL percent-encodes them, and no control
    character but line breaks and tabs."""
    also = [value for value in also if value]
    spans = _log_spans(text, also, mask=mask)
    if spans:
        text = apply_mask(text, spans, mask)
    if "%" in text or "+" in text:
        text = _WORD.sub(lambda match: _redact_encoded(match, mask, also), text)
    return _log_control().sub(_escape_control, text)


class RedactPersonalData(logging.Filter):
    """Rewrites the record's message (and its traceback text) with personal data and URL secrets
    masked (redact)."""

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
    """Django's error mail with personal data and URL secrets masked.

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
