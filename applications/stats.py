"""Counts of requests and appeals for the annual report (tables 三 and 四, the facts of sections 一
and 六), the public statistics page and the staff dashboard's results panel.

One aggregate query per figure, whatever the number of requests; the report compiler
(reports.compiler), the statistics page and the dashboard all read these, so they never disagree.
The counting rules are docs/rules.md §2.3–§2.7; which year a request counts in is said at each.
"""

import datetime as dt
from collections import defaultdict

from django.db.models import Count, Q, Sum

from applications.models import REPORT_COLUMNS as COLUMNS
from applications.models import Appeal, InformationRequest, report_column


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


# ---------------------------------------------------------------------------
# Table 三 (docs/rules.md §2.4)
# ---------------------------------------------------------------------------


def received_counts(first: dt.date, last: dt.date) -> dict[str, int]:
    """Row 一: requests received (Art. 31 receipt date) from `first` to `last`, by column."""
    return column_counts(InformationRequest.objects.filter(received_on__gte=first, received_on__lte=last))


def pending_counts(day: dt.date) -> dict[str, int]:
    """Requests received before `day` and not answered before it, by column: row 二 on 1 January,
    row 四 on the day after 31 December."""
    unanswered = Q(answered_on__isnull=True) | Q(answered_on__gte=day)
    return column_counts(InformationRequest.objects.filter(Q(received_on__lt=day) & unanswered))


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


def _answered(first: dt.date, last: dt.date):
    return InformationRequest.objects.filter(answered_on__gte=first, answered_on__lte=last).exclude(outcome="")


def answered_on_time(first: dt.date, last: dt.date) -> int:
    """Requests answered or closed from `first` to `last` on or before their due date."""
    counts = _answered(first, last).aggregate(n=Count("pk"), late=Count("pk", filter=Q(answered_late=True)))
    return counts["n"] - counts["late"]


def answer_dates(first: dt.date, last: dt.date) -> list[tuple[dt.date, dt.date]]:
    """(receipt date, answer date) of each request answered or closed from `first` to `last`."""
    return list(_answered(first, last).values_list("received_on", "answered_on"))


def fee_totals(year: int) -> dict:
    """Fee facts of a year for the report's section 六 (docs/rules.md §2.6, §3), in two queries.

    A notice counts in the year of its 收费通知日期, its money in the year it was paid (collected when
    paid). An amount not recorded (a notice imported from a register without 收费金额) is left out of
    the sums and counted apart, never taken as 0 元: `amount_unknown` notices of the year and
    `collected_unknown` payments of the year have no amount."""
    unknown = Count("pk", filter=Q(fee_amount__isnull=True))
    notices = InformationRequest.objects.filter(fee_notice_on__year=year).aggregate(
        n=Count("pk"), amount=Sum("fee_amount"), unknown=unknown
    )
    paid = InformationRequest.objects.filter(fee_paid_on__year=year).aggregate(
        amount=Sum("fee_amount"), unknown=unknown
    )
    return {
        "notices": notices["n"],
        "amount": notices["amount"] or 0,
        "amount_unknown": notices["unknown"],
        "collected": paid["amount"] or 0,
        "collected_unknown": paid["unknown"],
    }


# ---------------------------------------------------------------------------
# Table 四 (docs/rules.md §2.5)
# ---------------------------------------------------------------------------


def appeals_between(first: dt.date, last: dt.date) -> list[tuple[str, str, dt.date | None]]:
    """(kind, result, concluded_on) of every appeal filed or concluded from `first` to `last`."""
    return list(
        Appeal.objects.filter(
            Q(filed_on__gte=first, filed_on__lte=last) | Q(concluded_on__gte=first, concluded_on__lte=last)
        ).values_list("kind", "result", "concluded_on")
    )
