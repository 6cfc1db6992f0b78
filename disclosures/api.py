"""Read-only JSON API of the public record (/api/v1/), described by disclosures/openapi.py.

Only what `published()` returns is ever served: drafts, items under review, withdrawn and
future-dated rows answer 404 and never appear in a list.

Lists never count rows (the tables hold a million). Without `q` they page by keyset on the list
order: the opaque `cursor` holds the (date, id) of the last row served, and the next page starts
after it, so a walk through the pages sees every row once even when dates tie. With `q` rows come
by relevance (`search_rank`, then date, then id) and the cursor holds an offset; paging through
one search stops after MAX_SEARCH_RESULTS rows (narrow the search with the filters instead).
"""

from __future__ import annotations

import base64
import datetime as dt
import json

from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import Q
from django.http import JsonResponse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_safe

from common.json_responses import api_response, error_response
from disclosures import openapi
from disclosures.filters import year_choices
from disclosures.models import Category, DecisionKind, Disclosure, Organ
from disclosures.open_data import (
    MAX_PAGE_SIZE,
    MAX_SEARCH_RESULTS,
    category_ids,
    decision_record,
    disclosure_record,
    published_decisions,
    published_disclosures,
)
from disclosures.search import by_relevance, search_decisions, search_disclosures
from disclosures.validators import normalize_code

# ---------------------------------------------------------------------------
# Responses
# ---------------------------------------------------------------------------


def invalid_parameters(form: forms.Form) -> JsonResponse:
    return error_response(400, "invalid_parameters", _("查询参数有误，请按提示修改。"), form.errors.get_json_data())


def not_found() -> JsonResponse:
    return error_response(404, "not_found", _("没有找到该信息，或该信息尚未公开。"))


# ---------------------------------------------------------------------------
# Cursors: base64url of a small JSON object, opaque to clients
# ---------------------------------------------------------------------------

MAX_ID = 2**63 - 1  # a cursor's id must fit the bigint column


def encode_cursor(payload: dict) -> str:
    text = json.dumps(payload, separators=(",", ":"))
    return base64.urlsafe_b64encode(text.encode()).decode().rstrip("=")


def decode_cursor(text: str):
    """The cursor's JSON; ValueError for anything that is not one of ours."""
    return json.loads(base64.urlsafe_b64decode((text + "=" * (-len(text) % 4)).encode("ascii")))


def encode_key(value) -> str:
    if isinstance(value, dt.datetime):
        return value.astimezone(dt.UTC).isoformat()
    return value.isoformat()


# ---------------------------------------------------------------------------
# Query parameters
# ---------------------------------------------------------------------------


def optional_year_choices():
    return [("", ""), *year_choices()]


class ListForm(forms.Form):
    """Parameters every list takes. `clean()` turns the cursor into `after` (keyset) or `offset` (search)."""

    q = forms.CharField(label=gettext_lazy("关键词"), required=False, max_length=100)
    year = forms.TypedChoiceField(
        label=gettext_lazy("年度"), required=False, coerce=int, empty_value=None, choices=optional_year_choices
    )
    cursor = forms.CharField(label=gettext_lazy("游标"), required=False, max_length=500)
    page_size = forms.IntegerField(label=gettext_lazy("每页条数"), required=False, min_value=1, max_value=MAX_PAGE_SIZE)

    def parse_key(self, value):
        raise NotImplementedError

    def clean(self):
        cleaned = super().clean()
        cleaned["page_size"] = cleaned.get("page_size") or settings.PAGINATE_BY
        cleaned["after"], cleaned["offset"] = None, 0
        raw = cleaned.get("cursor")
        if raw and "q" not in self.errors:
            try:
                payload = decode_cursor(raw)
                if cleaned.get("q"):
                    offset = payload["offset"]
                    if type(offset) is not int or not 0 < offset < MAX_SEARCH_RESULTS:
                        raise ValueError(offset)
                    cleaned["offset"] = offset
                else:
                    key, pk = payload["after"]
                    if type(pk) is not int or not 0 < pk <= MAX_ID:
                        raise ValueError(pk)
                    cleaned["after"] = (self.parse_key(key), pk)
            except (ValueError, KeyError, TypeError):
                self.add_error(
                    "cursor",
                    ValidationError(_("游标无效：请使用上一页响应中 next 给出的链接。"), code="invalid_cursor"),
                )
        return cleaned


class DisclosureListForm(ListForm):
    category = forms.SlugField(label=gettext_lazy("公开目录"), required=False, max_length=50)
    organ = forms.ModelChoiceField(label=gettext_lazy("发布机构"), required=False, queryset=Organ.objects.all())
    kind = forms.ChoiceField(
        label=gettext_lazy("信息类别"), required=False, choices=[("", ""), *Disclosure.Kind.choices]
    )

    def clean_category(self):
        slug = self.cleaned_data["category"]
        if not slug:
            return None
        try:
            return Category.objects.get(slug=slug)
        except Category.DoesNotExist:
            raise ValidationError(
                _("没有网址标识为“%(slug)s”的公开目录。"), code="unknown_category", params={"slug": slug}
            ) from None

    def parse_key(self, value):
        moment = dt.datetime.fromisoformat(value)
        if timezone.is_naive(moment):
            raise ValueError(value)
        return moment


class DecisionListForm(ListForm):
    kind = forms.ChoiceField(label=gettext_lazy("决定类型"), required=False, choices=[("", ""), *DecisionKind.choices])
    uscc = forms.CharField(label=gettext_lazy("统一社会信用代码"), required=False, max_length=40)
    number = forms.CharField(label=gettext_lazy("许可编号或决定文书号"), required=False, max_length=100)

    def clean_uscc(self):
        code = normalize_code(self.cleaned_data["uscc"])
        if len(code) > 18:
            raise ValidationError(_("统一社会信用代码为18位。"), code="uscc_too_long")
        return code

    def parse_key(self, value):
        return dt.date.fromisoformat(value)


def filter_disclosures(queryset, data: dict):
    if data["category"]:
        queryset = queryset.filter(category__in=category_ids(data["category"]))
    if data["organ"]:
        queryset = queryset.filter(organ=data["organ"])
    if data["kind"]:
        queryset = queryset.filter(kind=data["kind"])
    if data["year"]:
        # A range on the indexed column in local time, as the public list's year filter does.
        start = timezone.make_aware(dt.datetime(data["year"], 1, 1))
        end = timezone.make_aware(dt.datetime(data["year"] + 1, 1, 1))
        queryset = queryset.filter(published_at__gte=start, published_at__lt=end)
    return queryset


def filter_decisions(queryset, data: dict):
    if data["kind"]:
        queryset = queryset.filter(kind=data["kind"])
    if data["year"]:
        queryset = queryset.filter(
            decided_on__gte=dt.date(data["year"], 1, 1), decided_on__lt=dt.date(data["year"] + 1, 1, 1)
        )
    if data["uscc"]:
        queryset = queryset.filter(party_uscc=data["uscc"])
    if data["number"]:
        queryset = queryset.filter(Q(licence_number=data["number"]) | Q(document_number=data["number"]))
    return queryset


# ---------------------------------------------------------------------------
# Paging
# ---------------------------------------------------------------------------


def page_of(queryset, data: dict, *, date_field: str, search) -> tuple[list, dict | None]:
    """One page of rows and the cursor of the next page (None on the last), without counting."""
    size = data["page_size"]
    if data["q"]:
        queryset = by_relevance(search(queryset, data["q"]), date_field)
        start = data["offset"]
        end = min(start + size, MAX_SEARCH_RESULTS)
        rows = list(queryset[start : end + 1])  # one row more tells whether there is a next page
        has_next = len(rows) > end - start and end < MAX_SEARCH_RESULTS
        return rows[: end - start], ({"offset": end} if has_next else None)
    if data["after"]:
        key, pk = data["after"]
        # The redundant ``<= key`` bounds the index scan; the OR alone is a filter over every row read.
        queryset = queryset.filter(**{f"{date_field}__lte": key}).filter(
            Q(**{f"{date_field}__lt": key}) | Q(**{date_field: key, "pk__lt": pk})
        )
    rows = list(queryset[: size + 1])
    if len(rows) <= size:
        return rows, None
    last = rows[size - 1]
    return rows[:size], {"after": [encode_key(getattr(last, date_field)), last.pk]}


def list_response(request, rows, cursor, record, page_size) -> JsonResponse:
    next_url = None
    if cursor is not None:
        query = request.GET.copy()
        query["cursor"] = encode_cursor(cursor)
        next_url = request.build_absolute_uri(f"{request.path}?{query.urlencode()}")
    absolute = request.build_absolute_uri
    return api_response({"results": [record(row, absolute) for row in rows], "next": next_url, "page_size": page_size})


# ---------------------------------------------------------------------------
# Views
# ---------------------------------------------------------------------------


def list_view(form_class, published, filter_rows, date_field: str, search, record):
    """A list endpoint: validated filters, then one keyset (or relevance) page of records."""

    @require_safe
    def view(request):
        form = form_class(request.GET)
        if not form.is_valid():
            return invalid_parameters(form)
        data = form.cleaned_data
        rows, cursor = page_of(filter_rows(published(), data), data, date_field=date_field, search=search)
        return list_response(request, rows, cursor, record, data["page_size"])

    return view


def detail_view(published, record):
    """A detail endpoint: one published row by id, else 404."""

    @require_safe
    def view(request, pk):
        row = published().filter(pk=pk).first()
        if row is None:
            return not_found()
        return api_response(record(row, request.build_absolute_uri))

    return view


disclosure_list = list_view(
    DisclosureListForm, published_disclosures, filter_disclosures, "published_at", search_disclosures, disclosure_record
)
disclosure_detail = detail_view(published_disclosures, disclosure_record)
decision_list = list_view(
    DecisionListForm, published_decisions, filter_decisions, "decided_on", search_decisions, decision_record
)
decision_detail = detail_view(published_decisions, decision_record)


@require_safe
def openapi_document(request):
    return api_response(openapi.document(server_url=request.build_absolute_uri("/")))
