"""Text of an attachment, for the search document: PDF (pypdf), DOCX (python-docx), plain text.

Other formats (OFD, WPS, spreadsheets, images, archives) yield no text. A broken or encrypted
file yields no text either: it is still published, only not searchable by its content.
"""

import io
import logging
from pathlib import Path

from disclosures.search import MAX_DOCUMENT_CHARS

logger = logging.getLogger(__name__)

# A PDF's pages beyond this are not read (the text cap is reached long before in practice).
MAX_PDF_PAGES = 200


def _pdf(data: bytes) -> str:
    from pypdf import PdfReader

    reader = PdfReader(io.BytesIO(data))
    if reader.is_encrypted:
        return ""
    parts, total = [], 0
    for page in reader.pages[:MAX_PDF_PAGES]:
        text = page.extract_text() or ""
        parts.append(text)
        total += len(text)
        if total >= MAX_DOCUMENT_CHARS:
            break
    return "\n".join(parts)


def _docx(data: bytes) -> str:
    import docx

    document = docx.Document(io.BytesIO(data))
    parts = [p.text for p in document.paragraphs]
    for table in document.tables:
        for row in table.rows:
            parts.extend(cell.text for cell in row.cells)
    return "\n".join(parts)


def _plain(data: bytes) -> str:
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            return data.decode(encoding)
        except UnicodeDecodeError:
            continue
    return ""


READERS = {".pdf": _pdf, ".docx": _docx, ".txt": _plain, ".csv": _plain}


def extract_text(file) -> str:
    """The text of an uploaded or stored file, at most MAX_DOCUMENT_CHARS characters; '' if none."""
    reader = READERS.get(Path(file.name or "").suffix.lower())
    if reader is None:
        return ""
    try:
        file.seek(0)
        data = file.read()
        file.seek(0)
        text = reader(data)
    except Exception:
        logger.warning("could not extract text from attachment %s", file.name, exc_info=True)
        return ""
    return text.replace("\x00", "")[:MAX_DOCUMENT_CHARS]


def extract_missing_attachment_text(attachments) -> int:
    """Fill ``text`` of attachments that have none yet (stored before extraction existed).

    Takes a queryset of Attachment (or of its historical model in a migration); returns how many
    got text. Files that yield none stay empty and are read again next time, which is cheap.
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
