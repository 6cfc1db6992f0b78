"""Public pages of the record. Only what `published()` returns is ever shown."""

from collections import defaultdict

from django.conf import settings
from django.db.models import Count, Prefetch
from django.http import FileResponse, Http404
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.generic import DetailView, ListView

from disclosures.filters import DecisionFilter, DisclosureFilter
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
    disclosure_counts = dict(Disclosure.objects.published().values_list("category").annotate(n=Count("pk")).order_by())
    decision_counts = dict(
        AdministrativeDecision.objects.published().values_list("kind").annotate(n=Count("pk")).order_by()
    )

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
    """A ListView whose queryset goes through a django-filter FilterSet bound to the query string."""

    filterset_class = None
    paginate_by = settings.PAGINATE_BY

    def filtered(self, queryset):
        self.filterset = self.filterset_class(self.request.GET, queryset=queryset)
        # An invalid filter (e.g. a year out of range) shows the form error and no rows, never a 500.
        return self.filterset.qs if self.filterset.is_valid() else queryset.none()

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
