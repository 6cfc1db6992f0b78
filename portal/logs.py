"""Logging without personal data: ID-card numbers, phone numbers and e-mail addresses are masked in
every log record before a handler writes or mails it (settings.LOGGING, gunicorn.conf.py).

A message may quote anything a visitor sent (a URL with ``?q=13912345678``, a database error that
echoes a row), so the filter works on the finished text, not on known fields.
"""

from __future__ import annotations

import logging
import re

# 18-digit 居民身份证号码 (the last may be X) and the old 15-digit one; mainland mobile numbers
# (also written +86 / 86 in front); landlines with an area code; e-mail addresses. Digits next to
# other digits are not matched, so longer numbers (tracking numbers, timestamps) stay readable.
PERSONAL_DATA = re.compile(
    r"(?<![0-9A-Za-z])(?:\d{17}[\dXx]|\d{15})(?![0-9A-Za-z])"
    r"|(?<!\d)(?:\+?86[- ]?)?1[3-9]\d[- ]?\d{4}[- ]?\d{4}(?!\d)"
    r"|(?<!\d)0\d{2,3}-\d{7,8}(?!\d)"
    r"|[\w.+-]+@[\w-]+(?:\.[\w-]+)+"
)
MASK = "[已隐去]"


def redact(text: str) -> str:
    return PERSONAL_DATA.sub(MASK, text)


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
