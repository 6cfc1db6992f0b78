"""Counts of requests in the categories of the annual report (table 三), by applicant column.

One aggregate query per figure, whatever the number of requests; the report compiler and the
staff dashboard both read these, so they never disagree.
"""

from collections import defaultdict

from django.db.models import Count

from applications.models import REPORT_COLUMNS as COLUMNS
from applications.models import InformationRequest, report_column


def empty_row() -> dict[str, int]:
    return dict.fromkeys([*COLUMNS, "total"], 0)


def _table(rows) -> dict[str, dict[str, int]]:
    table = defaultdict(empty_row)
    for key, applicant_type, organisation_kind, n in rows:
        cells = table[key]
        cells[report_column(applicant_type, organisation_kind)] += n
        cells["total"] += n
    return dict(table)


def column_counts(queryset) -> dict[str, int]:
    """One row of table 三: the requests of `queryset` by applicant column, in one query."""
    rows = queryset.values_list("applicant_type", "organisation_kind").annotate(n=Count("pk")).order_by()
    return _table((None, *row) for row in rows).get(None, empty_row())


def result_counts(year: int) -> dict[str, dict[str, int]]:
    """{result code: {column: n, "total": n}} for requests answered or closed in `year` (by answer date)."""
    rows = (
        InformationRequest.objects.filter(answered_on__year=year)
        .exclude(outcome="")
        .values_list("outcome", "applicant_type", "organisation_kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return _table(rows)


def dashboard_panels(today, calendar, limit: int = 50) -> dict:
    """The staff dashboard: open requests by urgency, one query per panel (no N+1)."""
    from django.db.models import Exists, OuterRef

    from applications import deadlines
    from applications.models import RequestEvent

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
        "results": result_counts(today.year),
    }
