"""The development mail backend: mails printed to the console with personal data and secrets masked.

Without a mail server (EMAIL_URL unset, or consolemail://) the portal prints each mail instead of
sending it (portal/settings.py). Django's own console backend prints the message as it would be
sent: the requester's address in To, a notice's text, a new staff member's set-password link, all
on standard output, which in a container is the log, past the masking the log records get
(common/logs.py). RedactingConsoleBackend prints every header and every text part decoded (no
base64, quoted-printable or =?utf-8?…?= encoded words, which would hide data from the masking)
and masked as the logs are: ID, passport and permit numbers, phone numbers, e-mail addresses
(To and Cc included), secret tokens in links, and the display names of the recipients wherever
they appear. Of any other part (an attached file) only its type, name and size are printed.

A developer who needs a mail whole (to follow its set-password link, say) sets
EMAIL_URL=filemail:// : Django's file backend then writes each mail, unmasked, under var/mail/ in
the project (git-ignored).
"""

from __future__ import annotations

import email
import email.policy
from email.message import EmailMessage as ParsedMessage
from email.utils import getaddresses

from django.core.mail.backends.console import EmailBackend as ConsoleBackend
from django.core.mail.message import EmailMessage

from common.logs import redact

# Headers that describe the encoding of what is printed decoded here.
_ENCODING_HEADERS = {"content-transfer-encoding"}


def _recipient_names(message: EmailMessage) -> list[str]:
    """The display names in To, Cc, Bcc and Reply-To ("张伟 <zhang@example.cn>"): personal data
    that no pattern finds."""
    addresses = [*message.to, *message.cc, *message.bcc, *message.reply_to]
    for name in ("To", "Cc", "Reply-To"):
        if name in message.extra_headers:
            addresses.append(str(message.extra_headers[name]))
    return [name.strip() for name, _address in getaddresses(addresses) if len(name.strip()) >= 2]


def _header_lines(part: ParsedMessage, also: list[str]) -> list[str]:
    lines = []
    for name, value in part.items():
        if name.lower() in _ENCODING_HEADERS:
            continue
        try:
            text = str(value)  # the header decoded (email.policy.default)
        except (LookupError, UnicodeError, ValueError):
            text = "[无法解码]"
        lines.append(f"{name}: {redact(' '.join(text.split()), also=also)}")
    return lines


def _body(part: ParsedMessage, also: list[str]) -> str:
    if part.get_content_maintype() == "text" and not part.is_attachment():
        try:
            text = part.get_content()
        except (LookupError, UnicodeError, ValueError):
            payload = part.get_payload(decode=True) or b""
            text = payload.decode("utf-8", errors="replace")
        return redact(text.replace("\r\n", "\n").rstrip("\n"), also=also)
    payload = part.get_payload(decode=True) or b""
    name = redact(part.get_filename() or "", also=also)
    return f"[附件未显示：{part.get_content_type()}{'，' + name if name else ''}，{len(payload)} 字节]"


def redacted_message_text(message: EmailMessage) -> str:
    """`message` as the console shows it: headers and text parts decoded, all of it masked."""
    also = _recipient_names(message)
    parsed = email.message_from_bytes(message.message().as_bytes(), policy=email.policy.default)
    lines = _header_lines(parsed, also)
    for part in parsed.walk():
        if part.is_multipart():
            continue
        if part is not parsed:
            lines += ["", *_header_lines(part, also)]
        lines += ["", _body(part, also)]
    return "\n".join(lines) + "\n"


class RedactingConsoleBackend(ConsoleBackend):
    """Django's console mail backend, printing each mail through redacted_message_text()."""

    def write_message(self, message):
        self.stream.write(redacted_message_text(message))
        self.stream.write("-" * 79)
        self.stream.write("\n")
