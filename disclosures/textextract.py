"""Text of an attachment, for the search document: PDF (pypdf), DOCX (python-docx), plain text.

Other formats (OFD, WPS, spreadsheets, images, archives) yield no text. A broken or encrypted
file yields no text either: it is still published, only not searchable by its content.

An attachment is untrusted input (a 408 KB DOCX once took a web worker to about 1 GB while its
text was read). A DOCX's ZIP directory is checked first (common.safezip: DOCX_LIMITS); PDF and
DOCX are then read in a child process bounded in memory and time (common.bounded:
EXTRACT_MEMORY, EXTRACT_TIMEOUT). A file over a limit yields no text, as a broken one does, and
the worker that saves it carries on. Plain text is only decoded, here.

The child process imports this module: nothing of Django at its top.
"""

import io
import logging
from pathlib import Path

from common import bounded, safezip

logger = logging.getLogger(__name__)

# A PDF's pages beyond this are not read (the text cap is reached long before in practice).
MAX_PDF_PAGES = 200
# What a DOCX may hold once inflated: its XML parts are a few MB even for a long document, its
# images (stored, hardly compressed) at most the attachment size (ATTACHMENT_MAX_MB, 50 MB).
DOCX_LIMITS = safezip.Limits(entries=2000, entry_size=64 * safezip.MB, total_size=256 * safezip.MB, ratio=200)
# The child process that reads a PDF or DOCX: its address space and its time. A 36-page PDF
# takes about 0.5 s and 60 MB; a 50 MB DOCX of photographs about 150 MB.
EXTRACT_MEMORY = 512 * safezip.MB
# An attachment is read while the admin saves it, within gunicorn's 30 s for the whole request (which
# may save several): a 200-page PDF, the most read of one, takes 2-5 s.
EXTRACT_TIMEOUT = 10  # seconds


def _pdf(data: bytes, max_chars: int) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return ""
    parts, total = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total >= max_chars:
            break
    return "\n".join(parts)


def _docx(data: bytes, max_chars: int) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _plain(data: bytes, max_chars: int) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


READERS = {".pdf": _pdf, ".docx": _docx, ".txt": _plain, ".csv": _plain}
# Read in the bounded child process; the others here.
BOUNDED = {".pdf", ".docx"}


def read_text(data: bytes, *, suffix: str, max_chars: int) -> str:
    """The text of `data` read as a `suffix` file, at most `max_chars` characters (in the child)."""
    return READERS[suffix](data, max_chars).replace("\x00", "")[:max_chars]


def _read_bounded(data: bytes, suffix: str, name: str, max_chars: int) -> str:
    if suffix == ".docx":
        try:
            safezip.open_checked(data, DOCX_LIMITS).close()
        except safezip.ZipRefused as exc:
            logger.warning("attachment %s was not read: over the ZIP limits (%s)", name, exc)
            return ""
    try:
        return bounded.run(
            "disclosures.textextract:read_text",
            data,
            memory=EXTRACT_MEMORY,
            timeout=EXTRACT_TIMEOUT,
            suffix=suffix,
            max_chars=max_chars,
        )
    except bounded.Failed as exc:
        logger.warning("could not extract text from attachment %s (%s): %s", name, exc.reason, exc.detail[-500:])
        return ""


def extract_text(file) -> str:
    """The text of an uploaded or stored file, at most MAX_DOCUMENT_CHARS characters; '' if none."""
    from disclosures.search import MAX_DOCUMENT_CHARS

    suffix = Path(file.name or "").suffix.lower()
    if suffix not in READERS:
        return ""
    try:
        file.seek(0)
        data = file.read()
        file.seek(0)
        if suffix in BOUNDED:
            text = _read_bounded(data, suffix, file.name, MAX_DOCUMENT_CHARS)
        else:
            text = read_text(data, suffix=suffix, max_chars=MAX_DOCUMENT_CHARS)
    except Exception:
        logger.warning("could not extract text from attachment %s", file.name, exc_info=True)
        return ""
    return text.replace("\x00", "")[:MAX_DOCUMENT_CHARS]


def extract_missing_attachment_text(attachments) -> int:
    """Fill ``text`` of attachments that have none yet (stored before extraction existed).

    Takes a queryset of Attachment (or of its historical model in a migration); returns how many
    got text. Files that yield none stay empty and are read again next time (a PDF or DOCX costs a
    child process, about 0.1 s more than its reading).
    """
    done = 0
    for attachment in attachments.filter(text="").exclude(file="").iterator(chunk_size=100):
        try:
            with attachment.file.open("rb") as handle:
                text = extract_text(handle)
        except OSError:
            logger.warning("attachment file %s is missing", attachment.file.name)
            continue
        if text:
            type(attachment).objects.filter(pk=attachment.pk).update(text=text)
            done += 1
    return done
