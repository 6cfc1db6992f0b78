"""Write actions on information requests and the calendar. Views, the admin, commands and tests call these."""

import datetime as dt
import logging
from collections.abc import Iterable
from dataclasses import dataclass

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from applications import calendar_file, deadlines
from applications.models import (
    APPLICANT_FIELDS,
    CalendarDay,
    CalendarYear,
    InformationRequest,
    RequestAttachment,
    RequestEvent,
    private_storage,
)

logger = logging.getLogger(__name__)
# How long the lookup code of a request filed online can be shown again to the same form (a double
# click's second answer, a resent form): as long as the receipt page shows it.
REPEAT_RECEIPT_SECONDS = 2 * 60 * 60

Kind = RequestEvent.Kind

# Events that shape the reply deadline; the others are only recorded.
CLOCK_EVENTS = {k.value for k in deadlines.EventKind}


# ---------------------------------------------------------------------------
# Calendar
# ---------------------------------------------------------------------------


def build_calendar() -> deadlines.WorkCalendar:
    """The official calendar with every staff-entered day and year on top (two queries)."""
    overrides = {
        day.date: deadlines.Override(is_workday=day.kind == CalendarDay.Kind.WORKDAY, name=day.name)
        for day in CalendarDay.objects.only("date", "kind", "name")
    }
    return deadlines.WorkCalendar(overrides, CalendarYear.objects.values_list("year", flat=True))


@transaction.atomic
def load_calendar(
    *, rows: Iterable[calendar_file.CalendarRow], source_notice: str = "", source_url: str = "", actor=None
) -> dict:
    """Save calendar days (insert or update by date) and recompute the deadlines they touch."""
    created = updated = 0
    years = set()
    for row in rows:
        _day, was_created = CalendarDay.objects.update_or_create(
            date=row.date,
            defaults={"kind": row.kind, "name": row.name, "source_notice": source_notice, "source_url": source_url},
        )
        created += was_created
        updated += not was_created
        years.add(row.date.year)
    for year in years:
        # The file is the year's arrangement (Decision 2): the year now counts as known.
        CalendarYear.objects.update_or_create(
            year=year, defaults={"source_notice": source_notice, "source_url": source_url}
        )
    recomputed = recompute_for_years(years, actor=actor)
    return {"created": created, "updated": updated, "years": sorted(years), "recomputed": recomputed}


def recompute_for_years(years: Iterable[int], *, actor=None) -> int:
    """Recompute every open request whose deadline may depend on one of `years`; returns how many changed."""
    years = set(years)
    if not years:
        return 0
    first, last = dt.date(min(years), 1, 1), dt.date(max(years), 12, 31)
    # A request depends on a year when its counting can reach into it: received before the year ends
    # and not yet due before it starts (or with no due date while the clock waits).
    candidates = (
        InformationRequest.objects.open()
        .filter(received_on__lte=last)
        .exclude(due_date__lt=first)
        .prefetch_related("events")
    )
    calendar = build_calendar()
    changed = 0
    for request in candidates:
        changed += recompute_deadline(
            request=request, calendar=calendar, actor=actor, reason=_("节假日安排变更，答复期限重新计算")
        )
    return changed


# ---------------------------------------------------------------------------
# Deadline
# ---------------------------------------------------------------------------


def clock_events(request: InformationRequest) -> list[deadlines.ClockEvent]:
    return [deadlines.ClockEvent(e.kind, e.date, e.data) for e in request.events.all() if e.kind in CLOCK_EVENTS]


def explain_deadline(request: InformationRequest, calendar: deadlines.WorkCalendar | None = None):
    """The deadline and its day-by-day explanation, derived from the request's events."""
    return deadlines.reply_deadline(
        request.received_on,
        clock_events(request),
        calendar or build_calendar(),
        fee_pauses=settings.FEE_PAUSES_DEADLINE,
    )


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
            kind=Kind.DEADLINE_RECOMPUTED,
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


# ---------------------------------------------------------------------------
# Requests
# ---------------------------------------------------------------------------


@dataclass(frozen=True)
class UploadedFile:
    """An upload already checked by the form: its real type was read from its content."""

    file: object
    name: str
    content_type: str
    size: int


def submit_online_request(
    *, data: dict, files: Iterable[UploadedFile] = (), form_token=None, submitted_at=None
) -> tuple[InformationRequest, str | None]:
    """File a request from the online form. Returns the request and its lookup code (shown once).

    A second submission with the same form token returns the first request and no code: a double
    click or a resent form creates one request.

    All or nothing: the rows are one transaction, and when it fails (the database goes away halfway,
    or at the commit) the identity documents already stored are deleted too, so no file of a
    request that does not exist stays behind. (Called inside a transaction of the caller's, a
    rollback of that outer transaction after this returns cannot be seen here.)
    """
    stored: list[str] = []
    try:
        return _file_online_request(
            data=data, files=files, form_token=form_token, submitted_at=submitted_at, stored=stored
        )
    except BaseException:
        _delete_private_files(stored)
        raise


def _delete_private_files(names: list[str]) -> None:
    for name in names:
        try:
            private_storage().delete(name)
        except OSError:  # never hide the error that brought us here
            logger.exception("could not delete %s after a failed submission", name)


@transaction.atomic
def _file_online_request(
    *, data: dict, files: Iterable[UploadedFile], form_token, submitted_at, stored: list[str]
) -> tuple[InformationRequest, str | None]:
    """submit_online_request's transaction; appends the name of each file it stores to `stored`."""
    if form_token is not None:
        existing = InformationRequest.objects.filter(form_token=form_token).first()
        if existing is not None:
            return existing, None
    submitted_at = submitted_at or timezone.now()
    calendar = build_calendar()
    request = InformationRequest(
        channel=InformationRequest.Channel.ONLINE,
        submitted_at=submitted_at,
        received_on=deadlines.propose_receipt_date(timezone.localdate(submitted_at), calendar),
        receipt_confirmed=False,
        form_token=form_token,
        status=InformationRequest.Status.PENDING,
        **{name: data.get(name, "") for name in APPLICANT_FIELDS},
    )
    code = request.set_new_lookup_code(form_token=form_token)
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        # A concurrent submission with the same token won the race (a double click): return it.
        existing = InformationRequest.objects.filter(form_token=form_token).first() if form_token else None
        if existing is None:
            raise
        return existing, None
    for upload in files:
        attachment = RequestAttachment(
            request=request, original_name=upload.name[:200], content_type=upload.content_type, size=upload.size
        )
        # Stored before its row is written, and listed at once: a rollback from here on deletes it.
        attachment.file.save(upload.name, upload.file, save=False)
        stored.append(attachment.file.name)
        attachment.save()
    RequestEvent.objects.create(
        request=request,
        kind=Kind.SUBMITTED,
        date=timezone.localdate(submitted_at),
        note=_("通过网络提交申请；收到申请之日待工作人员与申请人确认。"),
    )
    recompute_deadline(request=request, calendar=calendar)
    logger.info("information request %s submitted online", request.tracking_number)
    return request, code


def repeat_receipt_code(*, form_token, request: InformationRequest) -> str | None:
    """The lookup code of `request`, for a repeated submission of the form that filed it (a double
    click's second answer is the one the browser shows), in whichever process it lands: None once
    the receipt period is over, when the token did not file this request, or when the code was not
    derived from it (the secret key changed since). Only the holder of the form's token can ask."""
    if form_token is None or request.form_token != form_token:
        return None
    if timezone.now() - request.submitted_at > dt.timedelta(seconds=REPEAT_RECEIPT_SECONDS):
        return None
    code = InformationRequest.derived_lookup_code(form_token)
    return code if request.check_lookup_code(code) else None


@transaction.atomic
def record_offline_request(
    *, data: dict, channel: str, received_on: dt.date, actor=None, submitted_at=None
) -> tuple[InformationRequest, str]:
    """Record a request received by letter, fax, e-mail or in person, with its Art. 31 receipt date."""
    request = InformationRequest(
        channel=channel,
        submitted_at=submitted_at or timezone.now(),
        received_on=received_on,
        receipt_confirmed=True,
        status=InformationRequest.Status.IN_PROGRESS,
        **{name: data.get(name, "") for name in APPLICANT_FIELDS},
    )
    code = request.set_new_lookup_code()
    request.save()
    RequestEvent.objects.create(
        request=request,
        kind=Kind.RECEIVED,
        date=received_on,
        actor=actor,
        note=_("工作人员登记%(channel)s申请。") % {"channel": request.get_channel_display()},
    )
    recompute_deadline(request=request)
    return request, code


@transaction.atomic
def confirm_receipt(*, request: InformationRequest, received_on: dt.date, actor=None) -> InformationRequest:
    """Art. 31: staff confirm with the applicant; that day is the receipt date. Never before submission."""
    submitted_on = timezone.localdate(request.submitted_at)
    if received_on < submitted_on:
        raise ValidationError(
            _("收到申请之日不能早于提交日期（%(date)s）。") % {"date": submitted_on}, code="receipt_before_submission"
        )
    if not request.is_open:
        raise ValidationError(_("已办结的申请不能再确认收到。"), code="request_closed")
    if request.receipt_confirmed:
        raise ValidationError(
            _("收到申请之日已确认为%(date)s，不能再更改。") % {"date": request.received_on}, code="already_confirmed"
        )
    request.received_on = received_on
    request.receipt_confirmed = True
    if request.status == InformationRequest.Status.PENDING:
        request.status = InformationRequest.Status.IN_PROGRESS
    request.save(update_fields=["received_on", "receipt_confirmed", "status", "updated_at"])
    RequestEvent.objects.create(request=request, kind=Kind.RECEIVED, date=received_on, actor=actor)
    recompute_deadline(request=request)
    return request


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
    if kind == Kind.CORRECTION_NOTICE:
        if any(e.kind == Kind.CORRECTION_NOTICE for e in events):
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
    elif kind == Kind.CORRECTION_RECEIVED:
        if _open_count(events, Kind.CORRECTION_NOTICE, Kind.CORRECTION_RECEIVED) < 1:
            refuse(_("尚未告知补正，不能登记收到补正。"), "no_correction_notice")
        _not_before(date, _last(events, Kind.CORRECTION_NOTICE), _("补正告知"), refuse)
    elif kind == Kind.CONSULTATION_REPLY:
        if _open_count(events, Kind.CONSULTATION_SENT, Kind.CONSULTATION_REPLY) < 1:
            refuse(_("没有尚未答复的征求意见。"), "no_open_consultation")
        _not_before(date, _first_open(events, Kind.CONSULTATION_SENT, Kind.CONSULTATION_REPLY), _("征求意见"), refuse)
    elif kind in (Kind.CONSULTATION_SENT, Kind.FEE_NOTICE):
        if request.status != InformationRequest.Status.IN_PROGRESS:
            refuse(_("只有办理中的申请才能登记该事项。"), "not_in_progress")
        if kind == Kind.FEE_NOTICE and due and date > due:
            refuse(_("收费通知应在答复期限（%(date)s）内发出。") % {"date": due}, "fee_notice_after_due")
    elif kind == Kind.EXTENSION:
        if request.status != InformationRequest.Status.IN_PROGRESS:
            refuse(_("只有办理中的申请才能延长答复期限。"), "not_in_progress")
        if any(e.kind == Kind.EXTENSION for e in events):
            refuse(_("答复期限只能延长一次（条例第三十三条）。"), "second_extension")
        if due and date > due:
            refuse(_("答复期限已于%(date)s届满，不能再延长。") % {"date": due}, "extension_after_due")
        days = int(data.get("days") or 0)
        if not 1 <= days <= deadlines.EXTENSION_MAX_WORKING_DAYS:
            refuse(_("延长的期限应为1至20个工作日。"), "extension_days")
        if not str(data.get("approver", "")).strip():
            refuse(_("延长答复期限须经政府信息公开工作机构负责人同意，请填写批准人。"), "extension_approver")
    elif kind == Kind.CUSTOM_DEADLINE:
        custom = data.get("due_date")
        if not custom:
            refuse(_("请填写延迟答复的期限。"), "custom_date_missing")
        if due and date > due:
            refuse(_("答复期限已于%(date)s届满，不能再确定延迟答复期限。") % {"date": due}, "custom_after_due")
        if dt.date.fromisoformat(str(custom)) <= max(date, due or date):
            refuse(_("延迟答复的期限应晚于原答复期限（%(date)s）。") % {"date": due or date}, "custom_not_later")
        if not str(data.get("reason", "")).strip():
            refuse(_("确定延迟答复期限须说明理由（条例第三十五条）。"), "custom_reason_missing")
    elif kind == Kind.FEE_PAID:
        if _open_count(events, Kind.FEE_NOTICE, Kind.FEE_PAID) < 1:
            refuse(_("尚未发出收费通知，不能登记缴费。"), "no_fee_notice")
        notice = _last(events, Kind.FEE_NOTICE)
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
    if kind == Kind.CORRECTION_NOTICE:
        request.status = InformationRequest.Status.AWAITING_CORRECTION
    elif kind == Kind.CORRECTION_RECEIVED:
        request.status = InformationRequest.Status.IN_PROGRESS
    request.save(update_fields=["status", "updated_at"])
    recompute_deadline(request=request)
    return event
