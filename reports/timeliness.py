"""Timeliness of proactive publication (issue 7): working days from formation to publication.

Art. 26: proactive items within 20 工作日 of being formed or changed (成文日期 is the proxy,
docs/rules.md §4.2); 双公示 decisions within 7 工作日 of the decision (§4.7). Counted like every other
period here: the start day not counted, on the official calendar with staff-entered days.
Lives in `reports` because it needs both the record (disclosures) and the calendar (applications).
"""

import datetime as dt
from dataclasses import dataclass

from django.utils import timezone

from applications import deadlines, queries
from disclosures.models import AdministrativeDecision, Disclosure, PublicationStatus

DISCLOSURE_LIMIT = 20  # Art. 26
DECISION_LIMIT = 7  # 国办发〔2015〕51号 / 国发〔2016〕33号 (docs/rules.md §4.7)


MAX_SPAN_DAYS = 2 * 366  # beyond this an item is late whatever the holidays: no need to walk the days


def days_to_publish(start: dt.date, end: dt.date, calendar) -> int:
    """Working days after `start` up to and including `end` (0 when published the same day)."""
    if (end - start).days > MAX_SPAN_DAYS:
        return (end - start).days * 5 // 7  # an estimate, far above every limit
    return deadlines.working_days_between(start, end, calendar)


@dataclass(frozen=True)
class Timing:
    item: object
    formed: dt.date | None
    published: dt.date
    days: int | None
    limit: int

    @property
    def late(self) -> bool:
        return self.days is not None and self.days > self.limit


def _year_range(year: int):
    start = timezone.make_aware(dt.datetime(year, 1, 1))
    return start, timezone.make_aware(dt.datetime(year + 1, 1, 1))


def disclosure_timings(year: int, calendar=None) -> list[Timing]:
    calendar = calendar or queries.build_calendar()
    start, end = _year_range(year)
    items = (
        Disclosure.objects.filter(status=PublicationStatus.PUBLISHED, published_at__gte=start, published_at__lt=end)
        .exclude(kind=Disclosure.Kind.ANNUAL_REPORT)
        .only("pk", "title", "index_number", "written_on", "published_at", "kind")
        .order_by("published_at")
    )
    timings = []
    for item in items:
        published = timezone.localdate(item.published_at)
        days = days_to_publish(item.written_on, published, calendar) if item.written_on else None
        timings.append(Timing(item, item.written_on, published, days, DISCLOSURE_LIMIT))
    return timings


def decision_timings(year: int, calendar=None) -> list[Timing]:
    calendar = calendar or queries.build_calendar()
    start, end = _year_range(year)
    decisions = (
        AdministrativeDecision.objects.published()
        .filter(published_at__gte=start, published_at__lt=end)
        .only("pk", "party_name", "document_number", "decided_on", "published_at", "kind")
        .order_by("published_at")
    )
    return [
        Timing(
            d,
            d.decided_on,
            timezone.localdate(d.published_at),
            days_to_publish(d.decided_on, timezone.localdate(d.published_at), calendar),
            DECISION_LIMIT,
        )
        for d in decisions
    ]


def counts(year: int, calendar=None, *, items=None, decisions=None) -> dict:
    """Per year, for the annual report's narrative: items published on time and late."""
    calendar = calendar or queries.build_calendar()
    items = disclosure_timings(year, calendar) if items is None else items
    decisions = decision_timings(year, calendar) if decisions is None else decisions
    return {
        "disclosures_on_time": sum(1 for t in items if t.days is not None and not t.late),
        "disclosures_late": sum(1 for t in items if t.late),
        "disclosures_undated": sum(1 for t in items if t.days is None),
        "decisions_on_time": sum(1 for t in decisions if not t.late),
        "decisions_late": sum(1 for t in decisions if t.late),
    }
