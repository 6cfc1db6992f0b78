"""Public pages of the record. Only what `published()` returns is ever shown."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Prefetch
from django.db.models.functions import Substr
from django.http import FileResponse, Http404, QueryDict
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy as _lazy
from django.views.generic import DetailView, ListView

from common.pagination import TEXT_COUNT_CAP, CappedPaginator
from disclosures import search
from disclosures.counts import published_counts
from disclosures.filters import (
    DecisionFilter,
    DecisionSearchFilter,
    DisclosureFilter,
    DisclosureSearchFilter,
    SearchSort,
)
from disclosures.models import (
    AdministrativeDecision,
    Attachment,
    Category,
    Disclosure,
    GuideSection,
    Organ,
)

# Home page sections, by category slug; a section lists its category and the children's items.
HOME_SECTIONS = ["regulations", "interpretation", "news", "response", "personnel", "budget"]
HOME_ITEMS_PER_SECTION = 6


def home(request):
    categories = list(Category.objects.all())
    by_slug = {c.slug: c for c in categories}
    children = defaultdict(list)
    for category in categories:
        children[category.parent_id].append(category.pk)
    sections = []
    for slug in HOME_SECTIONS:
        category = by_slug.get(slug)
        if category is None:
            continue
        items = list(
            Disclosure.objects.published()
            .filter(category__in=[category.pk, *children[category.pk]])
            .for_list()
            .newest_first()[:HOME_ITEMS_PER_SECTION]
        )
        sections.append({"category": category, "items": items})
    latest_decisions = list(
        AdministrativeDecision.objects.published().for_list().newest_first()[:HOME_ITEMS_PER_SECTION]
    )
    return render(
        request,
        "disclosures/home.html",
        {"sections": sections, "latest_decisions": latest_decisions},
    )


def category_descendant_ids(category):
    return list(Category.objects.filter(parent=category).values_list("pk", flat=True))


def catalogue_tree():
    """The 公开目录 as (root, count, [(child, count)]) with counts of published items; three queries."""
    categories = list(Category.objects.all())
    disclosure_counts, decision_counts = published_counts()

    def own_count(category):
        if category.decision_kind:
            return decision_counts.get(category.decision_kind, 0)
        return disclosure_counts.get(category.pk, 0)

    children = defaultdict(list)
    for category in categories:
        if category.parent_id:
            children[category.parent_id].append(category)
    tree = []
    for category in categories:
        if category.parent_id:
            continue
        kids = [(child, own_count(child)) for child in children[category.pk]]
        tree.append((category, own_count(category) + sum(n for _c, n in kids), kids))
    return tree


def catalogue(request):
    return render(request, "disclosures/catalogue.html", {"tree": catalogue_tree()})


class PaginatedFilterMixin:
    """A ListView whose queryset goes through a django-filter FilterSet bound to the query string.

    Lists may hold a million rows: the paginator counts at most a cap (common/pagination.py).
    """

    filterset_class = None
    paginate_by = settings.PAGINATE_BY
    paginator_class = CappedPaginator

    def filtered(self, queryset):
        self.filterset = self.filterset_class(self.request.GET, queryset=queryset)
        # An invalid filter (e.g. a year out of range) shows the form error and no rows, never a 500.
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()

    def get_paginator(self, queryset, per_page, **kwargs):
        # A list narrowed by words (the 双公示 name filter) counts less far: each match is a row visit.
        by_words = self.filterset.is_valid() and any(
            self.filterset.form.cleaned_data.get(name) for name in getattr(self.filterset, "text_filters", ())
        )
        return super().get_paginator(queryset, per_page, count_cap=TEXT_COUNT_CAP if by_words else None, **kwargs)

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["filter"] = self.filterset
        query = self.request.GET.copy()
        query.pop("page", None)
        context["query_string"] = query.urlencode()
        return context


class CategoryListView(PaginatedFilterMixin, ListView):
    template_name = "disclosures/category_list.html"
    context_object_name = "items"

    def get_filterset_class(self):
        return DecisionFilter if self.category.decision_kind else DisclosureFilter

    def get_queryset(self):
        self.category = get_object_or_404(Category.objects.select_related("parent"), slug=self.kwargs["slug"])
        self.filterset_class = self.get_filterset_class()
        if self.category.decision_kind:
            queryset = AdministrativeDecision.objects.published().filter(kind=self.category.decision_kind)
            return self.filtered(queryset.for_list().newest_first())
        ids = [self.category.pk, *category_descendant_ids(self.category)]
        queryset = Disclosure.objects.published().filter(category__in=ids)
        return self.filtered(queryset.for_list().newest_first())

    def get_context_data(self, **kwargs):
        context = super().get_context_data(**kwargs)
        context["category"] = self.category
        context["children"] = list(self.category.children.all()) if not self.category.parent_id else []
        return context


class DisclosureDetailView(DetailView):
    template_name = "disclosures/disclosure_detail.html"
    context_object_name = "item"

    def get_queryset(self):
        published = Disclosure.objects.published()
        return published.select_related("organ", "category", "topic__parent").prefetch_related(
            "attachments",
            Prefetch("related", queryset=Disclosure.objects.published().only("pk", "title", "published_at")),
            Prefetch("interpretations", queryset=Disclosure.objects.published().only("pk", "title", "interprets_id")),
            Prefetch("interprets", queryset=Disclosure.objects.published().only("pk", "title")),
        )


def attachment_download(request, pk):
    """Serve an attachment only while its item is public; withdrawn items take their files with them."""
    attachment = get_object_or_404(
        Attachment.objects.select_related("disclosure"),
        pk=pk,
        disclosure__in=Disclosure.objects.published(),
    )
    try:
        handle = attachment.file.open("rb")
    except FileNotFoundError as exc:
        raise Http404(_("附件文件不存在。")) from exc
    filename = attachment.display_name
    if not filename.lower().endswith(f".{attachment.extension.lower()}"):
        filename = f"{filename}.{attachment.extension.lower()}"
    return FileResponse(handle, as_attachment=True, filename=filename, content_type=attachment.content_type)


class DecisionListView(PaginatedFilterMixin, ListView):
    template_name = "disclosures/decision_list.html"
    context_object_name = "decisions"
    filterset_class = DecisionFilter

    def get_queryset(self):
        return self.filtered(AdministrativeDecision.objects.published().for_list().newest_first())


class DecisionDetailView(DetailView):
    template_name = "disclosures/decision_detail.html"
    context_object_name = "decision"

    def get_queryset(self):
        return AdministrativeDecision.objects.published().select_related("organ")


def guide(request):
    organ = Organ.objects.default()
    sections = GuideSection.objects.filter(organ=organ) if organ else GuideSection.objects.none()
    return render(
        request,
        "disclosures/guide.html",
        {"guide_organ": organ, "sections": list(sections), "tree": catalogue_tree()},
    )


# ---------------------------------------------------------------------------
# Search
# ---------------------------------------------------------------------------

# The excerpt of a result is cut from the summary and the first part of the body.
EXCERPT_SOURCE_CHARS = 20_000
SEARCH_KINDS = {"disclosures": _lazy("政府信息"), "decisions": _lazy("双公示决定")}


def _search_page(request, queryset, filterset_class, date_field, unfiltered_total):
    """Filter, order and paginate one kind of result.

    Returns (filterset, paginator, page, total, by_date_for_volume). Relevance is ranked when the
    matches are countable (at most TEXT_COUNT_CAP); beyond that, ranking would mean reading every
    match, so the newest come first and the page says why.
    """
    filterset = filterset_class(request.GET, queryset=queryset)
    queryset = filterset.qs if filterset.is_valid() else queryset.none()
    total = _filtered_total(filterset, unfiltered_total)
    by_date_for_volume = total.count_is_capped and request.GET.get("sort") != SearchSort.DATE
    if request.GET.get("sort") == SearchSort.DATE or by_date_for_volume:
        queryset = queryset.order_by(f"-{date_field}", "-pk")
    else:
        queryset = search.by_relevance(queryset, date_field)
    # The ordered page holds exactly the counted matches: the count is known, not run again.
    paginator = CappedPaginator(queryset, settings.PAGINATE_BY, count_cap=TEXT_COUNT_CAP, known_count=total.count)
    page = paginator.get_page(request.GET.get("page"))
    return filterset, paginator, page, total, by_date_for_volume


def search_view(request):
    """/search/?q=: published disclosures and decisions matching the words, one kind at a time.

    ``scope`` picks the kind shown (disclosures or decisions); the other parameters are that
    kind's filters (a decision's ``kind`` is its 决定类型).
    """
    query = request.GET.get("q", "").strip()[: search.MAX_QUERY_LENGTH]
    parsed = search.parse_query(query)
    kind = request.GET.get("scope")
    context = {"query": query, "sorts": SearchSort.choices, "catalogue_url": reverse("disclosures:catalogue")}
    if not parsed:
        return render(request, "disclosures/search.html", {**context, "kind": kind or "disclosures"})

    matches = {
        "disclosures": search.search_disclosures(Disclosure.objects.published(), parsed),
        "decisions": search.search_decisions(AdministrativeDecision.objects.published(), parsed),
    }
    # Each kind counts its matches (capped); the page shows one kind, the other as a tab with its count.
    counts = {key: CappedPaginator(queryset, 1, count_cap=TEXT_COUNT_CAP) for key, queryset in matches.items()}
    if kind not in SEARCH_KINDS:
        kind = "decisions" if not counts["disclosures"].count and counts["decisions"].count else "disclosures"
    if kind == "disclosures":
        disclosures = matches["disclosures"].select_related("organ", "category").only(
            "pk", "title", "document_number", "published_at", "summary", "index_number",
            "organ__name", "organ__short_name", "category__name", "category__slug",
        ).annotate(body_head=Substr("body", 1, EXCERPT_SOURCE_CHARS))  # fmt: skip
        filterset, paginator, page, total, by_date_for_volume = _search_page(
            request, disclosures, DisclosureSearchFilter, "published_at", counts["disclosures"]
        )
        for item in page.object_list:
            item.title_html = search.excerpt(item.title, parsed, width=300)
            item.excerpt_html = search.excerpt(f"{item.summary} {search.plain_text_head(item.body_head)}", parsed)
    else:
        decisions = matches["decisions"].only(
            "pk", "kind", "party_name", "party_type", "party_uscc", "document_number", "licence_number", "decided_on",
            "content", "authority",
        )  # fmt: skip
        filterset, paginator, page, total, by_date_for_volume = _search_page(
            request, decisions, DecisionSearchFilter, "decided_on", counts["decisions"]
        )
        for decision in page.object_list:
            decision.title_html = search.excerpt(decision.party_name, parsed, width=300)
            # A person's ID and mobile numbers are masked before the excerpt is cut, as on the page.
            decision.excerpt_html = search.excerpt(decision.public.content, parsed)
    query_string = request.GET.copy()
    query_string.pop("page", None)
    tabs = []
    for key, label in SEARCH_KINDS.items():
        tab_query = QueryDict(mutable=True)
        tab_query.update({"q": query, "scope": key})
        tabs.append(
            {
                "key": key,
                "label": label,
                "count": min(counts[key].count, counts[key].count_cap),
                "capped": counts[key].count_is_capped,
                "url": f"?{tab_query.urlencode()}",
                "current": key == kind,
            }
        )
    return render(
        request,
        "disclosures/search.html",
        {
            **context,
            "parsed": parsed,
            "kind": kind,
            "tabs": tabs,
            # The number of matches (with this kind's filters), counted apart from the ranked page.
            "total": total,
            "by_date_for_volume": by_date_for_volume,
            "filter": filterset,
            "paginator": paginator,
            "page_obj": page,
            "results": page.object_list,
            "query_string": query_string.urlencode(),
            "suggestions": _suggestions(parsed, query) if not paginator.count else [],
        },
    )


def _filtered_total(filterset, unfiltered):
    """The count of matches under the kind's filters; the tab's own count when none is set."""
    if not filterset.is_valid():
        return CappedPaginator([], 1)
    if not any(filterset.form.cleaned_data.values()):
        return unfiltered
    return CappedPaginator(filterset.qs, 1, count_cap=TEXT_COUNT_CAP)


def _suggestions(parsed, query):
    """For an empty result: each word of a several-word query on its own."""
    words = [w for w in query.split() if w]
    if len(words) > 1:
        return words
    return parsed.words if len(parsed.words) > 1 else []
