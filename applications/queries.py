"""Reads about one request or the calendar: the working calendar, a request's deadline and its
explanation, the fee facts a fee notice is computed from, the staff dashboard's panels and the
years the statistics page lists. Nothing here writes.

The service layer (applications.services) calls these before it acts; views, the admin, reminders
and reports call them to show or count.
"""

import datetime as dt

from django.conf import settings
from django.db.models import Exists, OuterRef, Q, Sum
from django.db.models.functions import ExtractYear

from applications import deadlines, stats
from applications.models import Appeal, CalendarDay, CalendarYear, InformationRequest, RequestEvent

# Events that shape the reply deadline; the others are only recorded.
CLOCK_EVENTS = {k.value for k in deadlines.EventKind}


def build_calendar() -> deadlines.WorkCalendar:
    """The official calendar with every staff-entered day and year on top (two queries)."""
    overrides = {
        day.date: deadlines.Override(is_workday=day.kind == CalendarDay.Kind.WORKDAY, name=day.name)
        for day in CalendarDay.objects.only("date", "kind", "name")
    }
    return deadlines.WorkCalendar(overrides, CalendarYear.objects.values_list("year", flat=True))


# ---------------------------------------------------------------------------
# The reply deadline (docs/rules.md §1.2, Decision 4)
# ---------------------------------------------------------------------------


def clock_events(request: InformationRequest) -> list[deadlines.ClockEvent]:
    """The request's events that move the reply clock, as the deadline arithmetic takes them."""
    return [deadlines.ClockEvent(e.kind, e.date, e.data) for e in request.events.all() if e.kind in CLOCK_EVENTS]


def explain_deadline(request: InformationRequest, calendar: deadlines.WorkCalendar | None = None):
    """The deadline and its day-by-day explanation, derived from the request's events."""
    return deadlines.reply_deadline(
        request.received_on,
        clock_events(request),
        calendar or build_calendar(),
        fee_pauses=settings.FEE_PAUSES_DEADLINE,
    )


# ---------------------------------------------------------------------------
# Fees (信息处理费, docs/rules.md §3)
# ---------------------------------------------------------------------------


def payment_due(request: InformationRequest, calendar: deadlines.WorkCalendar | None = None) -> dt.date:
    """The last day to pay: 20 工作日 from the day after the notice (docs/rules.md §3)."""
    return deadlines.count_period(
        request.fee_notice_on, deadlines.FEE_PAYMENT_WORKING_DAYS, calendar or build_calendar()
    ).due


def same_applicant(request: InformationRequest) -> Q:
    """Requests of the same applicant: the same identity number or credit code, or the same name and
    phone (requests entered without an identity number, e.g. from a register, still count)."""
    same = Q(name=request.name, phone=request.phone) if request.phone else Q(pk=request.pk)
    if request.applicant_type == InformationRequest.ApplicantType.ORGANISATION and request.uscc:
        return same | Q(uscc=request.uscc)
    if request.id_number:
        return same | Q(id_number=request.id_number)
    return same


def items_earlier_in_month(request: InformationRequest) -> int:
    """Items the same applicant filed earlier in the natural month of this request's receipt (§3)."""
    first = request.received_on.replace(day=1)
    earlier = (
        InformationRequest.objects.filter(same_applicant(request), received_on__gte=first)
        .filter(Q(received_on__lt=request.received_on) | Q(received_on=request.received_on, pk__lt=request.pk))
        .aggregate(n=Sum("fee_items"))
    )
    return earlier["n"] or 0


# ---------------------------------------------------------------------------
# The years the statistics page lists
# ---------------------------------------------------------------------------


def request_year_spans() -> list[tuple[int, int | None]]:
    """The distinct (year received, year answered or None) of all requests, in one query."""
    return list(
        InformationRequest.objects.annotate(received=ExtractYear("received_on"), answered=ExtractYear("answered_on"))
        .values_list("received", "answered")
        .order_by()
        .distinct()
    )


def appeal_year_spans() -> list[tuple[int, int | None]]:
    """The distinct (year filed, year concluded or None) of all appeals, in one query."""
    return list(
        Appeal.objects.annotate(filed=ExtractYear("filed_on"), concluded=ExtractYear("concluded_on"))
        .values_list("filed", "concluded")
        .order_by()
        .distinct()
    )


# ---------------------------------------------------------------------------
# The staff dashboard
# ---------------------------------------------------------------------------


def dashboard_panels(today, calendar, limit: int = 50) -> dict:
    """The staff dashboard: open requests by urgency, one query per panel (no N+1)."""
    soon = deadlines.count_period(today, 3, calendar).due
    open_requests = InformationRequest.objects.open().select_related("handler").order_by("due_date", "pk")
    notice_sent = RequestEvent.objects.filter(request=OuterRef("pk"), kind=RequestEvent.Kind.CORRECTION_NOTICE)
    return {
        "soon": soon,
        "overdue": list(open_requests.filter(due_date__lt=today)[:limit]),
        "due_soon": list(open_requests.filter(due_date__gte=today, due_date__lte=soon)[:limit]),
        "correction_due": list(
            open_requests.filter(
                status__in=[InformationRequest.Status.PENDING, InformationRequest.Status.IN_PROGRESS],
                correction_due_date__gte=today,
                correction_due_date__lte=soon,
            )
            .exclude(Exists(notice_sent))
            .order_by("correction_due_date", "pk")[:limit]
        ),
        "provisional": list(open_requests.filter(deadline_provisional=True)[:limit]),
        "results": stats.result_counts(today.year),
    }
