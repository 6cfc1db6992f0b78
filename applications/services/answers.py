"""Ending a request with its result (Art. 36, Decision 5): the answer with its reply letter, and the
applicant's withdrawal. A lapse (（六）1, （六）2) has its own step in handling and fees."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import letter_pdf, letters, notify
from applications.models import InformationRequest, Outcome, ReleasedFile, ReplyLetter, RequestEvent
from applications.services.steps import close, locked, require_open
from applications.stored_uploads import kept_if_committed

# Results reached through their own action rather than a plain answer.
LAPSE_OUTCOMES = {Outcome.NO_CORRECTION, Outcome.NO_PAYMENT}
ANSWER_OUTCOMES = [o for o in Outcome if o not in LAPSE_OUTCOMES]


@transaction.atomic
def withdraw(*, request, date, reason: str = "", actor=None):
    """The applicant withdraws: result （六）3 其他."""
    request = locked(request)
    require_open(request)
    notify.after_commit(request, RequestEvent.Kind.WITHDRAWN)
    return close(request, outcome=Outcome.OTHER, date=date, actor=actor, kind=RequestEvent.Kind.WITHDRAWN, note=reason)


@transaction.atomic
def answer(
    *,
    request,
    outcome: str,
    legal_basis: str,
    reply_date: dt.date,
    letter: ReplyLetter | None = None,
    actor=None,
    require_letter: bool = True,
):
    """Art. 36: the answer with exactly one result, its legal basis and the reply letter.

    `require_letter=False` only for answers taken over from a register (the letter was sent on paper).
    """
    request = locked(request)
    require_open(request)
    if outcome not in ANSWER_OUTCOMES:
        raise ValidationError(
            _("请选择一项办理结果；逾期未补正、逾期未缴费请用相应的办理操作。"), code="outcome_invalid"
        )
    if not legal_basis.strip():
        raise ValidationError(_("请填写答复的法律依据。"), code="legal_basis_missing")
    if reply_date < request.received_on:
        raise ValidationError(_("答复日期不能早于收到申请之日。"), code="reply_before_receipt")
    if reply_date > timezone.localdate():
        raise ValidationError(_("答复日期不能晚于今天。"), code="reply_in_future")
    if not request.receipt_confirmed:
        raise ValidationError(_("请先确认收到申请之日，再作出答复。"), code="receipt_unconfirmed")
    if request.status != InformationRequest.Status.IN_PROGRESS:
        raise ValidationError(
            _("该申请当前为“%(status)s”，不能作出答复。") % {"status": request.get_status_display()},
            code="not_in_progress",
        )
    if (
        outcome == Outcome.STILL_UNCLEAR
        and not request.events.filter(kind=RequestEvent.Kind.CORRECTION_RECEIVED).exists()
    ):
        raise ValidationError(_("“补正后申请内容仍不明确”须在收到补正后作出。"), code="no_supplement")
    if letter is None and require_letter:
        raise ValidationError(_("答复须附答复告知书。"), code="letter_missing")
    if letter is not None:
        if letter.request_id != request.pk:
            raise ValidationError(_("答复告知书不属于该申请。"), code="letter_mismatch")
        letter.outcome, letter.sent_on, letter.sent_by = outcome, reply_date, actor
        letter.save()
    request = close(
        request, outcome=outcome, date=reply_date, actor=actor, kind=RequestEvent.Kind.ANSWERED, legal_basis=legal_basis
    )
    notify.after_commit(request, RequestEvent.Kind.ANSWERED)
    return request


def answer_with_letter(
    *,
    request,
    outcome: str,
    legal_basis: str,
    reply_date: dt.date,
    title: str = "",
    body: str = "",
    files=(),
    actor=None,
):
    """Answer with the 答复告知书 as staff send it: the letter drafted for the result
    (applications.letters), with `title` and `body` as staff edited them when given, sent with the
    answer and stored as DOCX (for staff) and PDF (for the requester: applications.letter_pdf),
    with the released information's `files` (uploads) kept as ReleasedFile for the requester to
    download. One transaction: a refused answer leaves no letter and no file behind.

    Whether the body still has 【】 blanks is for the caller to judge (the admin's form refuses it).
    """
    with kept_if_committed() as stored:
        letter = letters.draft_letter(request=request, outcome=outcome, legal_basis=legal_basis, reply_date=reply_date)
        letter.title = title.strip() or letter.title
        if body.strip():
            letter.body = body
        letter.save()
        for upload in files:
            released = ReleasedFile(
                request=request,
                letter=letter,
                original_name=upload.name[:200],
                content_type=released_content_type(upload.name),
                size=upload.size,
                uploaded_by=actor,
            )
            released.file.save(upload.name, upload, save=False)
            stored.add(released.file)
            released.save()
        done = answer(
            request=request, outcome=outcome, legal_basis=legal_basis, reply_date=reply_date, letter=letter, actor=actor
        )
        letters.store_docx(letter)
        stored.add(letter.docx)
        letter_pdf.store_pdf(letter)
        stored.add(letter.pdf)
    return done


# The type a released file is served as: told by its extension (one of ATTACHMENT_EXTENSIONS), never
# by what the uploading browser claimed.
CONTENT_TYPES = {
    "pdf": "application/pdf",
    "ofd": "application/ofd",
    "doc": "application/msword",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "wps": "application/vnd.ms-works",
    "xls": "application/vnd.ms-excel",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "et": "application/vnd.ms-excel",
    "csv": "text/csv; charset=utf-8",
    "txt": "text/plain; charset=utf-8",
    "zip": "application/zip",
    "jpg": "image/jpeg",
    "jpeg": "image/jpeg",
    "png": "image/png",
}


def released_content_type(name: str) -> str:
    return CONTENT_TYPES.get(name.rsplit(".", 1)[-1].lower() if "." in name else "", "application/octet-stream")
