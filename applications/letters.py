"""答复告知书 (reply letters): drafted from one template per result group, edited by staff, printed.

`draft_letter` fills the body template of the outcome's group (templates/applications/letters/) with
the request's data and returns an unsaved ReplyLetter whose body is plain text: paragraphs separated
by blank lines, the last paragraph being the signature (organ name, then the date). Staff edit that
text before sending; `render_docx` and the printable page (`letter_context` +
applications/reply_letter.html) lay out whatever the body then says. Text in 【】 is for staff to
fill in or delete; `unfilled_placeholders` lists what is left.

Rules the drafts follow:

- The remedy notice (Art. 51) names the 行政复议机关 and the court of 行政诉讼 entered on the organ
  (Organ.reconsideration_body, Organ.litigation_court); one not entered is a 【】 blank, so the answer
  step refuses to send the letter until staff name it.
- A lapse (（六）1 no 补正 by the stated date, Art. 30; （六）2 the fee unpaid in time, Art. 42 and the
  fee rules, docs/rules.md §3) has its letter too, written by the lapse step itself
  (`write_lapse_letter`): the request's result, the basis of `LAPSE_BASIS`, dated the day of the
  lapse, stored as DOCX. It is recorded as sent only when it has no blank left; one with a blank
  (the organ's bodies not entered) stays a draft for staff to complete, never a letter sent.
"""

import datetime as dt
import io
import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.template.loader import render_to_string
from django.utils import timezone
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from applications import queries
from applications.models import InformationRequest, Outcome, ReplyLetter, RequestEvent
from disclosures.models import Organ

# One body template per result group of table 三 (（一）…（六）); the group template branches on the code.
GROUP_TEMPLATES = {
    "1": "applications/letters/disclosed.txt",
    "2": "applications/letters/partial.txt",
    "3": "applications/letters/withheld.txt",
    "4": "applications/letters/unavailable.txt",
    "5": "applications/letters/not_processed.txt",
    "6": "applications/letters/other.txt",
}

# The legal basis of the results the lapse steps reach (docs/rules.md §1.3): recorded on the request
# and quoted by the letter.
LAPSE_BASIS = {
    Outcome.NO_CORRECTION: "《中华人民共和国政府信息公开条例》第三十条",
    Outcome.NO_PAYMENT: "《中华人民共和国政府信息公开条例》第四十二条、《政府信息公开信息处理费管理办法》（国办函〔2020〕109号）",
}

# Fonts: Word picks the w:eastAsia font for Chinese characters and w:ascii/w:hAnsi for the rest.
EAST_ASIAN_FONT = "宋体"
LATIN_FONT = "Times New Roman"
TITLE_SIZE = Pt(22)  # 二号
BODY_SIZE = Pt(16)  # 三号
LINE_SPACING = Pt(28)  # about 22 lines a page (GB/T 9704)

PLACEHOLDER_RE = re.compile(r"【[^】]*】")
DATE_LINE_RE = re.compile(
    r"[0-9〇零一二三四五六七八九十]{4}年[0-9一二三四五六七八九十]{1,3}月[0-9一二三四五六七八九十]{1,3}日"
)
CLOSING_PUNCTUATION = "。；;.，,、"


def template_for(outcome: str) -> str:
    """The body template of `outcome`'s result group."""
    if outcome not in Outcome.values:
        raise ValidationError("请选择一项办理结果。", code="outcome_invalid")
    return GROUP_TEMPLATES[outcome.split(".")[0]]


def cn_date(value: dt.date | None) -> str:
    """2026年3月5日; an empty placeholder for staff when the date is unknown."""
    if value is None:
        return "【日期】"
    return f"{value.year}年{value.month}月{value.day}日"


def letter_title(request: InformationRequest) -> str:
    return f"关于政府信息公开申请（{request.tracking_number}）的答复告知书"


def _one_paragraph(text: str) -> str:
    """The information sought as one quotable run of text: lines joined, the final full stop dropped."""
    parts = []
    for line in (line.strip() for line in text.splitlines()):
        if not line:
            continue
        if parts and parts[-1][-1] not in CLOSING_PUNCTUATION:
            parts[-1] += "；"
        parts.append(line)
    return "".join(parts).rstrip(CLOSING_PUNCTUATION) or "【所申请的政府信息】"


def _normalise(text: str) -> str:
    """Plain text with single blank lines between paragraphs and no stray spaces from template tags."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    out: list[str] = []
    for line in lines:
        if line or (out and out[-1]):
            out.append(line)
    return "\n".join(out).strip() + "\n"


def _last_event(request: InformationRequest, kind: str) -> RequestEvent | None:
    if request.pk is None:
        return None
    return request.events.filter(kind=kind).order_by("-date", "-pk").first()


def _event_date(event: RequestEvent | None, key: str) -> dt.date | None:
    value = (event.data or {}).get(key) if event else None
    try:
        return dt.date.fromisoformat(value) if value else None
    except (TypeError, ValueError):
        return None


def _context(request, outcome, legal_basis, reply_date, organ) -> dict:
    organisation = request.applicant_type == InformationRequest.ApplicantType.ORGANISATION
    correction = _last_event(request, RequestEvent.Kind.CORRECTION_NOTICE)
    correction_received = _last_event(request, RequestEvent.Kind.CORRECTION_RECEIVED)
    withdrawn = _last_event(request, RequestEvent.Kind.WITHDRAWN)
    office = ""
    if organ is not None:
        office = organ.office_name or "政府信息公开工作机构"
    payment_due = None
    if outcome == Outcome.NO_PAYMENT and request.fee_notice_on:
        payment_due = queries.payment_due(request)
    return {
        "outcome": outcome,
        "outcome_label": Outcome(outcome).label,
        "request": request,
        "tracking_number": request.tracking_number,
        "addressee": request.name.strip() or "【申请人姓名或名称】",
        "you": "贵单位" if organisation else "您",
        "received_on": cn_date(request.received_on),
        "description": _one_paragraph(request.description),
        "delivery": request.delivery,
        "delivery_label": request.get_delivery_display() if request.delivery else "",
        "form_label": {"paper": "纸质件", "electronic": "电子件"}.get(request.form_wanted, ""),
        "legal_basis": legal_basis.strip() or "【答复的具体理由和依据】",
        "organ_name": organ.name if organ else "【机关名称】",
        "office": office,
        "office_address": organ.address if organ else "",
        "office_phone": organ.phone if organ else "",
        "reconsideration_body": (organ.reconsideration_body.strip() if organ else "") or "【行政复议机关】",
        "litigation_court": (organ.litigation_court.strip() if organ else "") or "【行政诉讼管辖法院】",
        "reply_date": cn_date(reply_date),
        "consulted_third_party": request.pk is not None
        and request.events.filter(kind=RequestEvent.Kind.CONSULTATION_SENT).exists(),
        "correction_notice_on": cn_date(correction.date) if correction else "【补正告知日期】",
        "correction_period_end": cn_date(_event_date(correction, "period_end")) if correction else "【补正期限】",
        "correction_received_on": cn_date(correction_received.date) if correction_received else "",
        "fee_notice_on": cn_date(request.fee_notice_on) if request.fee_notice_on else "【收费通知日期】",
        "fee_amount": request.fee_amount if request.fee_amount is not None else "【金额】",
        "payment_due": cn_date(payment_due) if payment_due else "【缴费期限】",
        "withdrawn_on": cn_date(withdrawn.date) if withdrawn else "",
    }


def draft_letter(
    *,
    request: InformationRequest,
    outcome: str,
    legal_basis: str = "",
    reply_date: dt.date | None = None,
    organ: Organ | None = None,
) -> ReplyLetter:
    """An unsaved 答复告知书 for `request` with result `outcome`, from the template of its group.

    `legal_basis` defaults to the one recorded on the request; `reply_date` to today; `organ` to the
    portal's organ. The body ends with the remedy notice and the signature (organ name, date).
    """
    template = template_for(outcome)
    organ = organ if organ is not None else Organ.objects.default()
    reply_date = reply_date or timezone.localdate()
    context = _context(request, outcome, legal_basis or request.legal_basis, reply_date, organ)
    body = _normalise(render_to_string(template, context))
    return ReplyLetter(request=request, outcome=outcome, title=letter_title(request), body=body)


def unfilled_placeholders(text: str) -> list[str]:
    """The 【…】 blanks still in a letter, to warn staff before it is sent."""
    return PLACEHOLDER_RE.findall(text or "")


def write_lapse_letter(request: InformationRequest, *, date: dt.date, actor=None) -> ReplyLetter:
    """The letter of a lapse, for the lapse steps, inside their transaction, once the request is closed.

    Drafted for the request's result (（六）1 or （六）2) with its legal basis, dated `date`, saved and
    stored as DOCX. Recorded as sent on `date` by `actor` when no 【】 blank is left; otherwise kept as
    a draft, whose blanks staff fill in before it goes out.
    """
    if request.outcome not in LAPSE_BASIS:
        raise ValidationError("只有逾期未补正、逾期未缴费的申请由办理操作生成告知书。", code="outcome_invalid")
    letter = draft_letter(request=request, outcome=request.outcome, legal_basis=request.legal_basis, reply_date=date)
    if not unfilled_placeholders(letter.body):
        letter.sent_on, letter.sent_by = date, actor
    letter.save()
    return store_docx(letter)


# ---------------------------------------------------------------------------
# Layout: body paragraphs and the signature block
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class LetterLayout:
    salutation: str  # "张三：", or "" when the body does not start with one
    paragraphs: list[str]  # each may hold single line breaks
    signature: list[str]  # organ name, date
    after: list[str] = field(default_factory=list)  # what staff wrote below the signature (e.g. 抄送)


def paragraphs_of(text: str) -> list[str]:
    chunks = re.split(r"\n\s*\n", (text or "").replace("\r\n", "\n").strip())
    return [chunk.strip() for chunk in chunks if chunk.strip()]


def _is_signature(paragraph: str) -> bool:
    lines = paragraph.splitlines()
    return 1 <= len(lines) <= 3 and bool(DATE_LINE_RE.fullmatch(lines[-1].strip()))


def layout(letter: ReplyLetter, organ: Organ | None = None) -> LetterLayout:
    """Split the (possibly edited) body into salutation, paragraphs, signature and what follows it.

    The signature is the last paragraph that ends with a date line (organ name above it); text staff
    put below it stays below it. If staff removed the signature, one is made from the organ and the
    sending date (or today).
    """
    paragraphs = paragraphs_of(letter.body)
    signature: list[str] = []
    after: list[str] = []
    at = next((i for i in range(len(paragraphs) - 1, 0, -1) if _is_signature(paragraphs[i])), None)
    if at is not None:
        signature = [line.strip() for line in paragraphs[at].splitlines() if line.strip()]
        paragraphs, after = paragraphs[:at], paragraphs[at + 1 :]
        # an organ name left alone on the line before a lone date line
        lone_name = len(paragraphs) > 1 and "\n" not in paragraphs[-1] and paragraphs[-1][-1] not in "。；：:"
        if len(signature) == 1 and lone_name:
            signature.insert(0, paragraphs.pop())
    if not signature:
        organ = organ if organ is not None else Organ.objects.default()
        signature = [organ.name if organ else "【机关名称】", cn_date(letter.sent_on or timezone.localdate())]
    salutation = ""
    if paragraphs and "\n" not in paragraphs[0] and paragraphs[0].endswith(("：", ":")):
        salutation = paragraphs.pop(0)
    return LetterLayout(salutation=salutation, paragraphs=paragraphs, signature=signature, after=after)


def tracking_line(letter: ReplyLetter) -> str:
    return f"申请编号：{letter.request.tracking_number}"


def letter_context(letter: ReplyLetter, organ: Organ | None = None) -> dict:
    """The context of applications/reply_letter.html (the printable page)."""
    parts = layout(letter, organ)
    return {
        "letter": letter,
        "tracking_line": tracking_line(letter),
        "salutation": parts.salutation,
        "body": "\n\n".join(parts.paragraphs),
        "signature": parts.signature,
        "after": "\n\n".join(parts.after),
    }


# ---------------------------------------------------------------------------
# DOCX
# ---------------------------------------------------------------------------


def _east_asian_font(rpr) -> None:
    fonts = rpr.get_or_add_rFonts()
    fonts.set(qn("w:ascii"), LATIN_FONT)
    fonts.set(qn("w:hAnsi"), LATIN_FONT)
    fonts.set(qn("w:eastAsia"), EAST_ASIAN_FONT)


def _run(paragraph, text: str, *, size=BODY_SIZE, bold=False):
    lines = text.split("\n")
    for index, line in enumerate(lines):
        run = paragraph.add_run(line)
        run.font.size = size
        run.font.bold = bold
        run.font.name = LATIN_FONT
        _east_asian_font(run._element.get_or_add_rPr())
        if index < len(lines) - 1:
            run.add_break()
    return paragraph


def _paragraph(document, text: str, *, align=None, indent=False, size=BODY_SIZE, bold=False, space_after=0):
    paragraph = document.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = LINE_SPACING
    fmt.space_before = Pt(0)
    fmt.space_after = Pt(space_after)
    if align is not None:
        paragraph.alignment = align
    if indent:
        fmt.first_line_indent = size * 2  # 首行缩进两字
    return _run(paragraph, text, size=size, bold=bold)


def _setup(document, title: str) -> None:
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)  # A4
    section.top_margin, section.bottom_margin = Mm(37), Mm(35)  # GB/T 9704
    section.left_margin, section.right_margin = Mm(28), Mm(26)
    normal = document.styles["Normal"]
    normal.font.name = LATIN_FONT
    normal.font.size = BODY_SIZE
    rpr = normal.element.get_or_add_rPr()
    _east_asian_font(rpr)
    if rpr.find(qn("w:lang")) is None:
        lang = OxmlElement("w:lang")
        lang.set(qn("w:eastAsia"), "zh-CN")
        rpr.append(lang)
    document.core_properties.title = title
    document.core_properties.language = "zh-CN"


def render_docx(letter: ReplyLetter, organ: Organ | None = None) -> bytes:
    """The letter as a Word document: centred bold title, tracking number, body, signature on the right."""
    parts = layout(letter, organ)
    document = Document()
    _setup(document, letter.title)
    _paragraph(document, letter.title, align=WD_ALIGN_PARAGRAPH.CENTER, size=TITLE_SIZE, bold=True, space_after=6)
    _paragraph(document, tracking_line(letter), align=WD_ALIGN_PARAGRAPH.CENTER, space_after=12)
    if parts.salutation:
        _paragraph(document, parts.salutation)
    for text in parts.paragraphs:
        _paragraph(document, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    _paragraph(document, "")
    for line in parts.signature:
        _paragraph(document, line, align=WD_ALIGN_PARAGRAPH.RIGHT)
    if parts.after:
        _paragraph(document, "")
    for text in parts.after:
        _paragraph(document, text, indent=True, align=WD_ALIGN_PARAGRAPH.JUSTIFY)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def docx_name(letter: ReplyLetter) -> str:
    return f"答复告知书-{letter.request.tracking_number}.docx"


def store_docx(letter: ReplyLetter, organ: Organ | None = None) -> ReplyLetter:
    """Render the DOCX into `letter.docx` (private storage, no URL) and save the letter.

    A draft's earlier file is replaced; a sent letter's file is the record of what was sent and is
    never replaced.
    """
    if letter.is_sent and letter.docx:
        raise ValidationError("答复告知书已送达，其文件不能重新生成。", code="letter_sent")
    data = render_docx(letter, organ)
    if letter.docx:
        letter.docx.delete(save=False)
    letter.docx.save(docx_name(letter), ContentFile(data), save=False)
    letter.save()
    return letter
