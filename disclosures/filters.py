"""Public list filters (django-filter)."""

import django_filters
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from disclosures import search
from disclosures.models import AdministrativeDecision, Category, DecisionKind, Disclosure, Organ
from disclosures.validators import normalize_code

FIRST_YEAR = 2008  # the 2007 条例 took effect on 2008-05-01


def year_choices():
    return [(y, str(y)) for y in range(timezone.localdate().year, FIRST_YEAR - 1, -1)]


class DisclosureFilter(django_filters.FilterSet):
    year = django_filters.ChoiceFilter(
        label=_("年度"), choices=year_choices, method="filter_year", empty_label=_("全部年度")
    )
    organ = django_filters.ModelChoiceFilter(
        label=_("发布机构"), queryset=Organ.objects.all(), empty_label=_("全部机构")
    )

    class Meta:
        model = Disclosure
        fields = ["year", "organ"]

    def filter_year(self, queryset, name, value):
        value = int(value)
        # A range on the indexed column, not __year (which defeats the index on some backends).
        start = timezone.make_aware(timezone.datetime(value, 1, 1))
        end = timezone.make_aware(timezone.datetime(value + 1, 1, 1))
        return queryset.filter(published_at__gte=start, published_at__lt=end)


class DecisionFilter(django_filters.FilterSet):
    party_name = django_filters.CharFilter(label=_("行政相对人名称"), method="filter_party_name", max_length=100)
    uscc = django_filters.CharFilter(label=_("统一社会信用代码"), method="filter_uscc", max_length=18)
    licence_number = django_filters.CharFilter(label=_("许可编号／决定文书号"), method="filter_number", max_length=100)
    kind = django_filters.ChoiceFilter(label=_("决定类型"), choices=DecisionKind.choices, empty_label=_("全部类型"))
    year = django_filters.ChoiceFilter(
        label=_("决定年度"), choices=year_choices, method="filter_year", empty_label=_("全部年度")
    )

    # Filters that match words through the full-text index (lists count less far with them).
    text_filters = ("party_name",)

    class Meta:
        model = AdministrativeDecision
        fields = ["party_name", "uscc", "licence_number", "kind", "year"]

    def filter_party_name(self, queryset, name, value):
        return search.match_decision_titles(queryset, value)

    def filter_uscc(self, queryset, name, value):
        return queryset.filter(party_uscc=normalize_code(value))

    def filter_number(self, queryset, name, value):
        # A number copied from a page read in Traditional characters (防審批許…號) is the same number.
        value = search.to_simplified(value.strip())
        return queryset.filter(Q(licence_number=value) | Q(document_number=value))

    def filter_year(self, queryset, name, value):
        value = int(value)
        return queryset.filter(
            decided_on__gte=timezone.datetime(value, 1, 1).date(),
            decided_on__lt=timezone.datetime(value + 1, 1, 1).date(),
        )


# ---------------------------------------------------------------------------
# The search page: the words come in ``q``; these narrow each kind of result.
# ---------------------------------------------------------------------------


class SearchSort(models.TextChoices):
    RELEVANCE = "relevance", _("按相关度")
    DATE = "date", _("按日期")


def category_choices_queryset():
    return Category.objects.filter(decision_kind="")


class DisclosureSearchFilter(DisclosureFilter):
    category = django_filters.ModelChoiceFilter(
        label=_("公开目录"),
        queryset=category_choices_queryset(),
        to_field_name="slug",
        method="filter_category",
        empty_label=_("全部目录"),
    )

    class Meta(DisclosureFilter.Meta):
        fields = ["category", "organ", "year"]

    def filter_category(self, queryset, name, value):
        # A root heading covers its subheadings.
        return queryset.filter(Q(category=value) | Q(category__parent=value))


class DecisionSearchFilter(django_filters.FilterSet):
    kind = DecisionFilter.base_filters["kind"]
    year = DecisionFilter.base_filters["year"]

    class Meta:
        model = AdministrativeDecision
        fields = ["kind", "year"]

    filter_year = DecisionFilter.filter_year
