"""Handling a request before its answer (Arts. 30, 32–35): the handler, 补正, consultation, extension
and the Art. 35 date. Each step is one transaction with a RequestEvent; the requester is told by
e-mail after the commit (applications.notify) where the law says they are told. A 补正 not made by
the stated date closes the request as （六）1 with its 告知书 (applications.letters), in the same
transaction."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import notify
from applications.models import InformationRequest, Outcome, RequestEvent
from applications.services.clock import record_clock_event
from applications.services.steps import add_event, lapse, locked, require_open


@transaction.atomic
def assign_handler(*, request, handler, actor=None):
    request = locked(request)
    request.handler = handler
    request.save(update_fields=["handler", "updated_at"])
    add_event(request, RequestEvent.Kind.HANDLER_ASSIGNED, timezone.localdate(), actor, str(handler or ""))
    return request


@transaction.atomic
def send_correction_notice(*, request, date, items: str, period_end: dt.date, actor=None):
    """Art. 30: tell the applicant once, within 7 工作日, what to supplement and by when."""
    if not items.strip():
        raise ValidationError(_("请写明需要补正的事项。"), code="correction_items_missing")
    record_clock_event(
        request=request,
        kind=RequestEvent.Kind.CORRECTION_NOTICE,
        date=date,
        actor=actor,
        note=items,
        period_end=period_end,
    )
    notify.after_commit(request, RequestEvent.Kind.CORRECTION_NOTICE)
    return request


def record_supplement(*, request, date, actor=None):
    return record_clock_event(request=request, kind=RequestEvent.Kind.CORRECTION_RECEIVED, date=date, actor=actor)


def correction_notice(request: InformationRequest) -> RequestEvent | None:
    """The 补正 notice still awaiting its supplement, or None."""
    if request.status != InformationRequest.Status.AWAITING_CORRECTION:
        return None
    return request.events.filter(kind=RequestEvent.Kind.CORRECTION_NOTICE).order_by("-date", "-pk").first()


def correction_period_end(notice: RequestEvent) -> dt.date | None:
    end = (notice.data or {}).get("period_end")
    return dt.date.fromisoformat(end) if end else None


@transaction.atomic
def mark_abandoned(*, request, date, actor=None, with_letter: bool = True):
    """Art. 30: no supplement by the stated date → 视为放弃申请, result （六）1, with its letter.

    The letter (applications.letters.write_lapse_letter) is written in the same transaction, dated
    `date`. `with_letter=False` only for lapses taken over from a register (the letter went on paper).
    """
    request = locked(request)
    require_open(request)
    if request.status != InformationRequest.Status.AWAITING_CORRECTION:
        raise ValidationError(_("只有等待补正的申请才能按逾期未补正处理。"), code="not_awaiting_correction")
    period_end = correction_period_end(correction_notice(request))
    if period_end and date <= period_end:
        raise ValidationError(
            _("补正期限至%(date)s，期限届满后才能视为放弃申请。") % {"date": period_end},
            code="correction_period_running",
        )
    return lapse(
        request,
        outcome=Outcome.NO_CORRECTION,
        kind=RequestEvent.Kind.ABANDONED,
        date=date,
        actor=actor,
        with_letter=with_letter,
    )


def send_consultation(*, request, date, party: str, actor=None):
    """Arts. 32, 34: ask a third party or another agency; the clock pauses (at most 15 工作日)."""
    if not party.strip():
        raise ValidationError(_("请填写被征求意见的第三方或机关。"), code="consultation_party_missing")
    return record_clock_event(
        request=request, kind=RequestEvent.Kind.CONSULTATION_SENT, date=date, actor=actor, party=party.strip()
    )


def record_consultation_reply(*, request, date, opinion: str = "", actor=None):
    return record_clock_event(
        request=request, kind=RequestEvent.Kind.CONSULTATION_REPLY, date=date, actor=actor, note=opinion
    )


@transaction.atomic
def approve_extension(*, request, date, days: int, approver: str, reason: str, actor=None):
    """Art. 33 ¶2: once, at most 20 工作日, with the office head's approval, and the applicant told."""
    if not reason.strip():
        raise ValidationError(_("请填写延长答复期限的理由。"), code="extension_reason")
    record_clock_event(
        request=request,
        kind=RequestEvent.Kind.EXTENSION,
        date=date,
        actor=actor,
        days=days,
        approver=approver,
        reason=reason,
    )
    notify.after_commit(request, RequestEvent.Kind.EXTENSION)
    return request


@transaction.atomic
def set_custom_deadline(*, request, date, due_date: dt.date, reason: str, actor=None):
    """Art. 35: a reasonable later date for requests clearly beyond a reasonable volume."""
    record_clock_event(
        request=request,
        kind=RequestEvent.Kind.CUSTOM_DEADLINE,
        date=date,
        actor=actor,
        due_date=due_date,
        reason=reason,
    )
    notify.after_commit(request, RequestEvent.Kind.CUSTOM_DEADLINE)
    return request
