"""The staff page of publication timeliness, pending reviews and documents without 解读."""

from django.contrib.admin.views.decorators import staff_member_required
from django.core.exceptions import PermissionDenied
from django.shortcuts import render
from django.utils import timezone

from applications import queries
from disclosures.models import Disclosure, PublicationStatus
from reports import timeliness


@staff_member_required
def timeliness_page(request):
    if not request.user.has_perm("disclosures.view_disclosure"):
        raise PermissionDenied
    this_year = timezone.localdate().year
    try:
        year = int(request.GET.get("year", this_year))
    except ValueError:
        year = this_year
    year = min(max(year, 2008), this_year)
    calendar = queries.build_calendar()
    items = timeliness.disclosure_timings(year, calendar)
    decisions = timeliness.decision_timings(year, calendar)
    context = {
        "title": "公开时效与待办",
        "year": year,
        "years": list(range(this_year, 2007, -1)),
        "late_items": [t for t in items if t.late],
        "late_decisions": [t for t in decisions if t.late][:200],
        "counts": timeliness.counts(year, calendar, items=items, decisions=decisions),
        "items": items[:500],
        "pending": Disclosure.objects.filter(status__in=[PublicationStatus.SUBMITTED, PublicationStatus.REVIEWED])
        .select_related("submitted_by", "reviewed_by")
        .order_by("submitted_at"),
        "without_interpretation": Disclosure.objects.published()
        .without_interpretation()
        .order_by("-published_at")[:100],
        "limits": (timeliness.DISCLOSURE_LIMIT, timeliness.DECISION_LIMIT),
    }
    return render(request, "reports/timeliness.html", context)
