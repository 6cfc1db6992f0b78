"""The reply letter (答复告知书) as PDF, the version the requester receives.

Staff edit and keep the DOCX (applications.letters.render_docx); the requester gets the same
letter, laid out the same way (applications.letters.layout: the centred title, the tracking number,
the body, the signature on the right), as a PDF they can open anywhere: fpdf2 writes it with the
CJK font embedded as a subset, so no font needs to be on the requester's machine.

The font is Noto Serif CJK SC, from Debian's fonts-noto-cjk (the project's setup installs it:
`make fonts`, .ci/run): LETTER_PDF_FONT names the file and LETTER_PDF_FONT_INDEX the face in the
collection (2 is the Simplified Chinese one). Without it, the PDF cannot be made: the answer is
still recorded with its DOCX, the failure is logged, and the requester's page offers no PDF.
"""

from __future__ import annotations

import logging

from django.conf import settings
from django.core.files.base import ContentFile
from fpdf import FPDF
from fpdf.enums import Align
from fpdf.errors import FPDFException

from applications import letters
from applications.models import ReplyLetter

logger = logging.getLogger(__name__)

FONT = "letter"
TITLE_SIZE = 18
BODY_SIZE = 12
LINE = 8  # millimetres between lines of the body
MARGIN = 25  # millimetres, as the DOCX's page


class FontMissing(Exception):
    """The CJK font the letter needs is not installed."""


def _document(title: str) -> FPDF:
    pdf = FPDF(format="A4")
    pdf.set_margins(MARGIN, MARGIN, MARGIN)
    pdf.set_auto_page_break(True, margin=MARGIN)
    pdf.set_title(title)
    pdf.set_lang("zh-CN")
    pdf.set_creator(settings.PORTAL_SITE_NAME or "政府信息公开")
    try:
        pdf.add_font(FONT, fname=settings.LETTER_PDF_FONT, collection_font_number=settings.LETTER_PDF_FONT_INDEX)
    except (FileNotFoundError, OSError) as exc:
        raise FontMissing(settings.LETTER_PDF_FONT) from exc
    pdf.add_page()
    return pdf


def _text(pdf: FPDF, text: str, *, size: int = BODY_SIZE, align=Align.J, indent: bool = False, after: float = 0):
    pdf.set_font(FONT, size=size)
    # A first-line indent of two characters, as Chinese official letters are set.
    text = text.replace("\t", "\u3000")  # the font has no tab
    pdf.multi_cell(0, LINE, ("\u3000\u3000" if indent else "") + text, align=align, new_x="LMARGIN", new_y="NEXT")
    if after:
        pdf.ln(after)


def render_pdf(letter: ReplyLetter, organ=None) -> bytes:
    """The letter as PDF bytes (FontMissing without its font)."""
    parts = letters.layout(letter, organ)
    pdf = _document(letter.title)
    _text(pdf, letter.title, size=TITLE_SIZE, align=Align.C, after=2)
    _text(pdf, letters.tracking_line(letter), align=Align.C, after=4)
    if parts.salutation:
        _text(pdf, parts.salutation, align=Align.L)
    for paragraph in parts.paragraphs:
        _text(pdf, paragraph, indent=True)
    pdf.ln(LINE)
    for line in parts.signature:
        _text(pdf, line, align=Align.R)
    if parts.after:
        pdf.ln(LINE)
    for paragraph in parts.after:
        _text(pdf, paragraph, indent=True)
    return bytes(pdf.output())


def pdf_name(letter: ReplyLetter) -> str:
    return f"答复告知书-{letter.request.tracking_number}.pdf"


def store_pdf(letter: ReplyLetter, organ=None) -> bool:
    """Render the sent letter's PDF into `letter.pdf` (private storage) unless it has one: False,
    with the reason logged, when the font is missing or the text cannot be laid out (the answer
    stands without it; the status page then offers the released files alone)."""
    if letter.pdf:
        return True
    try:
        data = render_pdf(letter, organ)
    except FontMissing as exc:
        logger.error("letter PDF for request %s not made: font %s missing", letter.request.tracking_number, exc)
        return False
    except (FPDFException, ValueError):  # a text the layout cannot set: the answer stands with its DOCX
        logger.exception("letter PDF for request %s could not be laid out", letter.request.tracking_number)
        return False
    letter.pdf.save(pdf_name(letter), ContentFile(data), save=False)
    letter.save(update_fields=["pdf"])
    return True
