"""What a requester does online on the status page, after looking the request up
(applications.requester_access): send the 补正, withdraw the request.

Each is recorded exactly as staff recording it would be (services.clock.record_clock_event for the
补正, services.answers.withdraw for the withdrawal: the same checks, the clock restarted per the
rules, the same event in the log), dated the day it arrives, and the handler is told by e-mail
once it has committed (notify.tell_staff).
"""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import deadlines, notify
from applications.models import InformationRequest, RequestAttachment, RequestEvent
from applications.queries import build_calendar, payment_due
from applications.services.answers import withdraw
from applications.services.clock import record_clock_event
from applications.services.handling import correction_notice, correction_period_end
from applications.stored_uploads import kept_if_committed


def supplement_open(request: InformationRequest, today: dt.date | None = None) -> bool:
    """Whether the requester may still send the 补正 online: a notice is out and its 补正期限
    (inclusive) has not passed."""
    notice = correction_notice(request)
    if notice is None:
        return False
    end = correction_period_end(notice)
    return end is None or (today or timezone.localdate()) <= end


def send_supplement(*, request: InformationRequest, text: str, files=(), today: dt.date | None = None):
    """Record the supplement the requester sent online: its text in the log, its files with the
    request's other documents. Received, as an online request is (docs/rules.md Decision 3), the day
    it arrives if that is a working day, else the next one; the reply period restarts from then."""
    today = today or timezone.localdate()
    with kept_if_committed() as stored:
        request = InformationRequest.objects.select_for_update().get(pk=request.pk)
        if not supplement_open(request, today):
            raise ValidationError(_("该申请目前无需补正，或补正期限已过，不能在线提交补正。"), code="supplement_closed")
        event = record_clock_event(
            request=request,
            kind=RequestEvent.Kind.CORRECTION_RECEIVED,
            date=deadlines.propose_receipt_date(today, build_calendar()),
            note=_("申请人通过网站提交补正：%(text)s") % {"text": text.strip()},
            online=True,
            files=len(files),
        )
        for upload in files:
            attachment = RequestAttachment(
                request=request, original_name=upload.name[:200], content_type=upload.content_type, size=upload.size
            )
            attachment.file.save(upload.name, upload.file, save=False)
            stored.add(attachment.file)
            attachment.save()
        transaction.on_commit(lambda: notify.tell_staff(request, _("提交补正")))
    return event


def lapsed(request: InformationRequest, today: dt.date) -> str:
    """Why `request` has lapsed by law though staff have not recorded it yet (the 补正期限 or the
    payment period passed), or "": a withdrawal must not turn （六）1 or （六）2 into （六）3."""
    notice = correction_notice(request)
    end = correction_period_end(notice) if notice is not None else None
    if end is not None and today > end:
        return _("补正期限已过，申请依法视为放弃，不能再撤回。")
    if request.fee_notice_on and not request.fee_paid_on and today > payment_due(request):
        return _("缴费期限已过，申请依法视为放弃，不能再撤回。")
    return ""


@transaction.atomic
def withdraw_online(*, request: InformationRequest, today: dt.date | None = None):
    """The requester withdraws an open request that has not lapsed: closed as （六）3 with today's date."""
    today = today or timezone.localdate()
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    if request.is_open and (why := lapsed(request, today)):
        raise ValidationError(why, code="lapsed")
    done = withdraw(request=request, date=today, reason=_("申请人通过网站撤回申请。"))
    transaction.on_commit(lambda: notify.tell_staff(done, _("撤回申请")))
    return done
