"""What every step service shares: the row lock, the refusal of a closed request, the event log
entry with its actor, and closing a request with its one result (Decision 5)."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from applications import letter_pdf, letters, notify
from applications.models import InformationRequest, RequestEvent


def locked(request: InformationRequest) -> InformationRequest:
    """The request re-read under a row lock, for the rest of the caller's transaction."""
    return InformationRequest.objects.select_for_update().get(pk=request.pk)


def require_open(request: InformationRequest) -> None:
    if not request.is_open:
        raise ValidationError(
            _("该申请当前为“%(status)s”，不能再办理。") % {"status": request.get_status_display()},
            code="request_closed",
        )


def add_event(request, kind, date, actor, note="", **data) -> RequestEvent:
    """Log a step with its actor; dates in `data` are stored as ISO strings."""
    data = {k: v.isoformat() if isinstance(v, dt.date) else v for k, v in data.items()}
    return RequestEvent.objects.create(request=request, kind=kind, date=date, actor=actor, note=note, data=data)


def close(request, *, outcome, date, actor, kind, note="", legal_basis="") -> InformationRequest:
    """End the request with its one result (Decision 5): counted in the report by this date's year."""
    request.outcome = outcome
    request.legal_basis = legal_basis or request.legal_basis
    request.answered_on = date
    request.answered_late = request.due_date is not None and date > request.due_date
    request.status = (
        InformationRequest.Status.ANSWERED if kind == RequestEvent.Kind.ANSWERED else InformationRequest.Status.CLOSED
    )
    request.deadline_state = InformationRequest.DeadlineState.STOPPED
    request.save()
    add_event(request, kind, date, actor, note, outcome=outcome)
    return request


def lapse(request, *, outcome, kind, date, actor, with_letter: bool) -> InformationRequest:
    """Close a lapsed request (（六）1 or （六）2) with its basis, tell the requester once it commits,
    and write its letter (DOCX, and the requester's PDF once it has no blank left) unless it is
    taken over from a register, whose letter went on paper."""
    notify.after_commit(request, kind)
    request = close(
        request, outcome=outcome, date=date, actor=actor, kind=kind, legal_basis=letters.LAPSE_BASIS[outcome]
    )
    if with_letter:
        letter = letters.write_lapse_letter(request, date=date, actor=actor)
        if letter.is_sent:  # a draft with blanks gets its PDF when staff send it
            letter_pdf.store_pdf(letter)
    return request
