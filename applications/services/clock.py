"""The reply clock: recording an event that moves it (Arts. 30, 32–35, 109号; docs/rules.md §1.2,
Decision 4), refusing what the law does not allow, and storing the deadline derived from the events."""

import datetime as dt

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import deadlines
from applications.models import InformationRequest, RequestEvent
from applications.queries import CLOCK_EVENTS, build_calendar, explain_deadline


def recompute_deadline(*, request: InformationRequest, calendar=None, actor=None, reason: str = "") -> bool:
    """Store the derived deadline on the request; log a DEADLINE_RECOMPUTED event when `reason` is given
    and the date or its provisional mark changed. Returns whether anything changed."""
    result = explain_deadline(request, calendar)
    before = (request.due_date, request.deadline_provisional)
    request.due_date = result.due
    request.deadline_provisional = result.provisional
    request.correction_due_date = result.correction_notice_due
    request.correction_due_provisional = result.correction_notice_provisional
    if request.is_open:
        request.deadline_state = result.state
    request.save(
        update_fields=[
            "due_date",
            "deadline_provisional",
            "deadline_state",
            "correction_due_date",
            "correction_due_provisional",
        ]
    )
    changed = before != (request.due_date, request.deadline_provisional)
    if changed and reason:
        RequestEvent.objects.create(
            request=request,
            kind=RequestEvent.Kind.DEADLINE_RECOMPUTED,
            date=timezone.localdate(),
            actor=actor,
            note=reason,
            data={
                "before": before[0].isoformat() if before[0] else None,
                "after": result.due.isoformat() if result.due else None,
                "provisional_before": before[1],
                "provisional_after": result.provisional,
            },
        )
    return changed


def stamp_deadline(event: RequestEvent, request: InformationRequest) -> RequestEvent:
    """Keep with `event` the deadline in force once it was recorded (and whether it was 暂定), so the
    requester's timeline says what was true then, whatever later steps change (notify.public_text)."""
    event.data = {
        **(event.data or {}),
        "due": request.due_date.isoformat() if request.due_date else None,
        "due_provisional": request.deadline_provisional,
    }
    event.save(update_fields=["data"])
    return event


def _last(events, kind) -> dt.date | None:
    dates = [e.date for e in events if e.kind == kind]
    return max(dates) if dates else None


def _first_open(events, opened: str, closed: str) -> dt.date | None:
    """The sending date of the oldest consultation still without a reply (replies close them in order)."""
    sent = sorted(e.date for e in events if e.kind == opened)
    replies = sum(e.kind == closed for e in events)
    return sent[replies] if len(sent) > replies else None


def _not_before(date, earlier, what, refuse) -> None:
    if earlier is not None and date < earlier:
        refuse(_("日期不能早于%(what)s日期（%(date)s）。") % {"what": what, "date": earlier}, "before_its_cause")


def _open_count(events, opened: str, closed: str) -> int:
    return sum(e.kind == opened for e in events) - sum(e.kind == closed for e in events)


@transaction.atomic
def record_clock_event(
    *, request: InformationRequest, kind: str, date: dt.date, actor=None, note: str = "", **data
) -> RequestEvent:
    """Record an event that moves the reply clock, refusing what the law does not allow."""
    request = InformationRequest.objects.select_for_update().get(pk=request.pk)
    events = list(request.events.all())

    def refuse(message, code):
        raise ValidationError(message, code=code)

    if not request.is_open:
        refuse(_("已办结的申请不能再登记办理事项。"), "request_closed")
    if date < request.received_on:
        refuse(_("日期不能早于收到申请之日（%(date)s）。") % {"date": request.received_on}, "before_receipt")
    due = request.due_date
    if kind == RequestEvent.Kind.CORRECTION_NOTICE:
        if any(e.kind == RequestEvent.Kind.CORRECTION_NOTICE for e in events):
            refuse(_("补正只能一次性告知（条例第三十条）。"), "second_correction")
        if request.correction_due_date and date > request.correction_due_date:
            refuse(
                _("补正应自收到申请之日起7个工作日内告知（至%(date)s），已超过期限。")
                % {"date": request.correction_due_date},
                "correction_notice_late",
            )
        period_end = data.get("period_end")
        if not period_end or dt.date.fromisoformat(str(period_end)) <= date:
            refuse(_("补正告知须写明晚于告知日期的补正期限。"), "correction_period_missing")
    elif kind == RequestEvent.Kind.CORRECTION_RECEIVED:
        if _open_count(events, RequestEvent.Kind.CORRECTION_NOTICE, RequestEvent.Kind.CORRECTION_RECEIVED) < 1:
            refuse(_("尚未告知补正，不能登记收到补正。"), "no_correction_notice")
        _not_before(date, _last(events, RequestEvent.Kind.CORRECTION_NOTICE), _("补正告知"), refuse)
    elif kind == RequestEvent.Kind.CONSULTATION_REPLY:
        if _open_count(events, RequestEvent.Kind.CONSULTATION_SENT, RequestEvent.Kind.CONSULTATION_REPLY) < 1:
            refuse(_("没有尚未答复的征求意见。"), "no_open_consultation")
        _not_before(
            date,
            _first_open(events, RequestEvent.Kind.CONSULTATION_SENT, RequestEvent.Kind.CONSULTATION_REPLY),
            _("征求意见"),
            refuse,
        )
    elif kind in (RequestEvent.Kind.CONSULTATION_SENT, RequestEvent.Kind.FEE_NOTICE):
        if request.status != InformationRequest.Status.IN_PROGRESS:
            refuse(_("只有办理中的申请才能登记该事项。"), "not_in_progress")
        if kind == RequestEvent.Kind.FEE_NOTICE and due and date > due:
            refuse(_("收费通知应在答复期限（%(date)s）内发出。") % {"date": due}, "fee_notice_after_due")
    elif kind == RequestEvent.Kind.EXTENSION:
        if request.status != InformationRequest.Status.IN_PROGRESS:
            refuse(_("只有办理中的申请才能延长答复期限。"), "not_in_progress")
        if any(e.kind == RequestEvent.Kind.EXTENSION for e in events):
            refuse(_("答复期限只能延长一次（条例第三十三条）。"), "second_extension")
        if due and date > due:
            refuse(_("答复期限已于%(date)s届满，不能再延长。") % {"date": due}, "extension_after_due")
        days = int(data.get("days") or 0)
        if not 1 <= days <= deadlines.EXTENSION_MAX_WORKING_DAYS:
            refuse(_("延长的期限应为1至20个工作日。"), "extension_days")
        if not str(data.get("approver", "")).strip():
            refuse(_("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人。"), "extension_approver")
    elif kind == RequestEvent.Kind.CUSTOM_DEADLINE:
        custom = data.get("due_date")
        if not custom:
            refuse(_("请填写延迟答复的期限。"), "custom_date_missing")
        if due and date > due:
            refuse(_("答复期限已于%(date)s届满，不能再确定延迟答复期限。") % {"date": due}, "custom_after_due")
        if dt.date.fromisoformat(str(custom)) <= max(date, due or date):
            refuse(_("延迟答复的期限应晚于原答复期限（%(date)s）。") % {"date": due or date}, "custom_not_later")
        if not str(data.get("reason", "")).strip():
            refuse(_("确定延迟答复期限须说明理由（条例第三十五条）。"), "custom_reason_missing")
    elif kind == RequestEvent.Kind.FEE_PAID:
        if _open_count(events, RequestEvent.Kind.FEE_NOTICE, RequestEvent.Kind.FEE_PAID) < 1:
            refuse(_("尚未发出收费通知，不能登记缴费。"), "no_fee_notice")
        notice = _last(events, RequestEvent.Kind.FEE_NOTICE)
        _not_before(date, notice, _("收费通知"), refuse)
        last_day = deadlines.count_period(notice, deadlines.FEE_PAYMENT_WORKING_DAYS, build_calendar()).due
        if date > last_day:
            refuse(
                _("缴费期限已于%(date)s届满，申请视为放弃，请按逾期未缴费处理。") % {"date": last_day},
                "payment_after_period",
            )
    elif kind not in CLOCK_EVENTS:
        refuse(_("不是影响答复期限的办理事项。"), "not_a_clock_event")

    data = {key: value.isoformat() if isinstance(value, dt.date) else value for key, value in data.items()}
    event = RequestEvent.objects.create(request=request, kind=kind, date=date, actor=actor, note=note, data=data)
    if kind == RequestEvent.Kind.CORRECTION_NOTICE:
        request.status = InformationRequest.Status.AWAITING_CORRECTION
    elif kind == RequestEvent.Kind.CORRECTION_RECEIVED:
        request.status = InformationRequest.Status.IN_PROGRESS
    request.save(update_fields=["status", "updated_at"])
    recompute_deadline(request=request)
    return stamp_deadline(event, request)
