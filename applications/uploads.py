"""Identity documents sent with a request: accepted only when they are what they claim to be.

The request form (applications.forms) tells a file's claimed type from its first bytes; `inspect`
then opens it as that type: a PDF must open with pypdf and have a page, a JPEG must decode (at an
eighth of its size, which still reads all of its data), a PNG must have every chunk's checksum
right up to its end. Either image may have at most MAX_PIXELS pixels. A signature in front of
something else (`%PDF-<html>…`), a truncated file or garbage is refused, and so is a file with
HTML in its first bytes, which a browser might be talked into showing as a page.

A parser handed a crafted file can take gigabytes or minutes, and this one is open to anyone:
`check` runs `inspect` in a child process bounded in memory and time (common.bounded). The child
imports this module, so nothing of Django here.
"""

import io
import re

from common import bounded

MB = 1024 * 1024
# A 50-megapixel photograph (8,000 × 6,000 is more than any scan of an identity card needs);
# Pillow's own bomb check starts at 89 million.
MAX_PIXELS = 50_000_000
# The child that opens one upload. A form brings at most three files, checked one after another
# and the first bad one ends the check: 3 × CHECK_TIMEOUT stays below gunicorn's 30 seconds.
CHECK_MEMORY = 512 * MB
CHECK_TIMEOUT = 6  # seconds

# What a browser takes for a web page, in the part of a file it sniffs.
HTML_MARKERS = re.compile(rb"<\s*(html|head|body|script|iframe|object|embed|svg|meta|!doctype\s+html)\b", re.I)
SNIFFED_BYTES = 1024

# The reasons `check` gives.
OK, INVALID, ENCRYPTED, TOO_LARGE, UNCHECKED = "", "invalid", "encrypted", "too_large", "unchecked"


def inspect(data: bytes, *, content_type: str) -> str:
    """In the child process: OK if `data` is a sound file of `content_type`, else the reason."""
    if HTML_MARKERS.search(data[:SNIFFED_BYTES]):
        return INVALID
    if content_type == "application/pdf":
        return _pdf(data)
    return _image(data, {"image/jpeg": "JPEG", "image/png": "PNG"}[content_type])


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        try:
            if not reader.decrypt(""):  # a PDF with only an owner password opens with ""
                return ENCRYPTED
        except Exception:  # an encryption pypdf cannot undo without the `cryptography` package
            return ENCRYPTED
    reader.pages[0]  # the page tree walked to a real page, not the count the file declares
    return OK


def _image(data: bytes, image_format: str) -> str:
    from PIL import Image

    try:
        image = Image.open(io.BytesIO(data), formats=[image_format])
    except Image.DecompressionBombError:  # more than twice Pillow's own bound
        return TOO_LARGE
    with image:
        if image.width * image.height > MAX_PIXELS:
            return TOO_LARGE
        if image_format == "PNG":
            image.verify()  # every chunk's CRC, to IEND; nothing decoded
        else:  # a JPEG has nothing to verify without decoding it
            image.draft("RGB", (max(1, image.width // 8), max(1, image.height // 8)))
            image.load()
    return OK


def check(data: bytes, content_type: str) -> str:
    """OK, or why `data` (of the claimed `content_type`: application/pdf, image/jpeg, image/png) is
    refused: INVALID (does not open as its type), ENCRYPTED (a PDF that needs a password),
    TOO_LARGE (an image of more than MAX_PIXELS pixels) or UNCHECKED (over the memory or time
    the check may take)."""
    try:
        return bounded.run(
            "applications.uploads:inspect", data, memory=CHECK_MEMORY, timeout=CHECK_TIMEOUT, content_type=content_type
        )
    except bounded.Failed as exc:
        return INVALID if exc.reason == "error" else UNCHECKED
