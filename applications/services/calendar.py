"""Staff-entered calendar days (Decision 2, docs/rules.md §5) and the deadlines they move."""

import datetime as dt
from collections.abc import Iterable

from django.db import transaction
from django.utils.translation import gettext as _

from applications import calendar_file
from applications.models import CalendarDay, CalendarYear, InformationRequest
from applications.queries import build_calendar
from applications.services.clock import recompute_deadline


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
