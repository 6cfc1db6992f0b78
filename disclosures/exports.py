"""CSV downloads of the public lists: the 双公示 query page and each catalogue category.

The download holds the list the page shows: the same published rows, the same FilterSet bound to
the same query string, the same order, all pages at once up to settings.EXPORT_MAX_ROWS rows. It is
UTF-8 with a byte-order mark (Excel then reads the Chinese), streamed in chunks, with the fields'
Chinese names as headers. Identity numbers are not columns (disclosures.open_data), and those typed
into a person's decision text are masked (each row is read from ``decision.public``). A cell that a spreadsheet would run as a formula starts
with a single quote (common.cells). A filter value the page would refuse (year=abc)
answers 400 with a plain-text message naming the parameter, not a file of headers only.
"""

from __future__ import annotations

import csv

from django.conf import settings
from django.http import HttpResponse, HttpResponseBadRequest, StreamingHttpResponse
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.http import content_disposition_header
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from common.cells import neutralise
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
BOM = "\ufeff"


class _Line:
    """A file-like object whose write() returns what it was given, for csv.writer."""

    def write(self, value):
        return value


def csv_response(rows, headers: list[str], filename: str) -> StreamingHttpResponse:
    writer = csv.writer(_Line())

    def lines():
        yield (BOM + writer.writerow(headers)).encode("utf-8")
        for row in rows:
            yield writer.writerow([neutralise(cell) for cell in row]).encode("utf-8")

    response = StreamingHttpResponse(lines(), content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = content_disposition_header(True, filename)
    return response


def invalid_filter_response(filterset) -> HttpResponse:
    """400 in plain Chinese text, one line per wrong parameter (as the API's invalid_parameters).

    The page shows an invalid filter's error beside its field; a download has nowhere to show it,
    and a file of headers only would read as "no such rows".
    """
    lines = [_("查询参数有误，请按提示修改后重新下载。")]
    for name, errors in filterset.errors.items():
        field = filterset.form.fields.get(name)
        label = f"{field.label}（{name}）" if field is not None and field.label else name
        lines.extend(f"{label}：{error}" for error in errors)
    return HttpResponseBadRequest("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


def decision_rows(queryset, request):
    absolute = request.build_absolute_uri
    capped = with_decision_columns(queryset)[: settings.EXPORT_MAX_ROWS]
    return (table_row(d.public, DECISION_FIELDS, absolute) for d in capped.iterator(chunk_size=CHUNK_SIZE))


def disclosure_rows(queryset, request):
    absolute = request.build_absolute_uri
    capped = with_disclosure_columns(queryset)[: settings.EXPORT_MAX_ROWS]
    return (table_row(item, DISCLOSURE_FIELDS, absolute) for item in capped.iterator(chunk_size=CHUNK_SIZE))


def _filename(stem: str) -> str:
    return f"{stem}-{timezone.localdate():%Y%m%d}.csv"


@require_safe
def decisions_csv(request):
    filterset = DecisionFilter(request.GET, queryset=AdministrativeDecision.objects.published().newest_first())
    if not filterset.is_valid():
        return invalid_filter_response(filterset)
    return csv_response(
        decision_rows(filterset.qs, request),
        table_headers(AdministrativeDecision, DECISION_FIELDS),
        _filename("decisions"),
    )


@require_safe
def category_csv(request, slug):
    """A 双公示 category's decisions, or the items of a category and (for a root) its children."""
    category = get_object_or_404(Category, slug=slug)
    filename = _filename(f"catalogue-{category.slug}")
    if category.decision_kind:
        queryset = AdministrativeDecision.objects.published().filter(kind=category.decision_kind).newest_first()
        filterset = DecisionFilter(request.GET, queryset=queryset)
    else:
        queryset = Disclosure.objects.published().filter(category__in=category_ids(category)).newest_first()
        filterset = DisclosureFilter(request.GET, queryset=queryset)
    if not filterset.is_valid():
        return invalid_filter_response(filterset)
    if category.decision_kind:
        return csv_response(
            decision_rows(filterset.qs, request), table_headers(AdministrativeDecision, DECISION_FIELDS), filename
        )
    return csv_response(disclosure_rows(filterset.qs, request), table_headers(Disclosure, DISCLOSURE_FIELDS), filename)
