"""CSV downloads of the public lists: the 双公示 query page and each catalogue category.

The download holds the list the page shows: the same published rows, the same FilterSet bound to
the same query string, the same order, all pages at once up to settings.EXPORT_MAX_ROWS rows. It is
UTF-8 with a byte-order mark (Excel then reads the Chinese), streamed in chunks, with the fields'
Chinese names as headers. Identity numbers are not columns (disclosures.open_data). A cell that a
spreadsheet would run as a formula (= + - @, tab, carriage return) starts with a single quote.
"""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.views.decorators.http import require_safe

from disclosures.filters import DecisionFilter, DisclosureFilter
from disclosures.models import AdministrativeDecision, Category, Disclosure
from disclosures.open_data import (
    DECISION_FIELDS,
    DISCLOSURE_FIELDS,
    category_ids,
    table_headers,
    table_row,
    with_decision_columns,
    with_disclosure_columns,
)

CHUNK_SIZE = 2000
FORMULA_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"


def safe_cell(value: str) -> str:
    return f"'{value}" if value.startswith(FORMULA_PREFIXES) else value


class _Line:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value):
        return value


def csv_response(rows, headers: list[str], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Line())

    def lines():
        yield (BOM + writer.writerow(headers)).encode("utf-8")
        for row in rows:
            yield writer.writerow([safe_cell(cell) for cell in row]).encode("utf-8")

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def filtered(filterset_class, request, queryset):
    """The page's FilterSet on the query string; an invalid filter gives no rows, as on the page."""
    filterset = filterset_class(request.GET, queryset=queryset)
    return filterset.qs if filterset.is_valid() else queryset.none()


def decision_rows(queryset, request):
    absolute = request.build_absolute_uri
    capped = with_decision_columns(queryset)[: settings.EXPORT_MAX_ROWS]
    return (table_row(d, DECISION_FIELDS, absolute) for d in capped.iterator(chunk_size=CHUNK_SIZE))


def disclosure_rows(queryset, request):
    absolute = request.build_absolute_uri
    capped = with_disclosure_columns(queryset)[: settings.EXPORT_MAX_ROWS]
    return (table_row(item, DISCLOSURE_FIELDS, absolute) for item in capped.iterator(chunk_size=CHUNK_SIZE))


def _filename(stem: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.csv"


@require_safe
def decisions_csv(request):
    queryset = filtered(DecisionFilter, request, AdministrativeDecision.objects.published().newest_first())
    return csv_response(
        decision_rows(queryset, request), table_headers(AdministrativeDecision, DECISION_FIELDS), _filename("decisions")
    )


@require_safe
def category_csv(request, slug):
    category = get_object_or_404(Category, slug=slug)
    filename = _filename(f"catalogue-{category.slug}")
    if category.decision_kind:
        queryset = AdministrativeDecision.objects.published().filter(kind=category.decision_kind).newest_first()
        rows = decision_rows(filtered(DecisionFilter, request, queryset), request)
        return csv_response(rows, table_headers(AdministrativeDecision, DECISION_FIELDS), filename)
    queryset = Disclosure.objects.published().filter(category__in=category_ids(category)).newest_first()
    rows = disclosure_rows(filtered(DisclosureFilter, request, queryset), request)
    return csv_response(rows, table_headers(Disclosure, DISCLOSURE_FIELDS), filename)
