"""公开数据统计: the public statistics page.

Every figure comes from `compile_annual_report` (and `median_answer_days`), the function behind the
annual report, so the page and the report never disagree. The number of queries does not grow with
the number of requests (only `median_answer_days` reads one row per answered request).
"""

from django import forms
from django.core.cache import cache
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from applications import queries
from disclosures.models import AdministrativeDecision, DecisionKind, Disclosure, Organ
from reports import charts, labels
from reports.compiler import FACT_KINDS, compile_annual_report, median_answer_days
from reports.models import AnnualReport

LIVE_CACHE_SECONDS = 300  # figures of a year not yet reported may lag the data by this much

TEMPLATE = "reports/statistics.html"

# Proactive items by kind, in the order of the report's section 一 (facts keys, labels.FACTS).
PROACTIVE_KEYS = ["normative_documents", "interpretations", "licences", "personnel", "news", "budgets", "responses"]
# Table 四 groups with the heading 行政诉讼 restored for the two litigation groups.
APPEAL_GROUPS = {
    "reconsideration": labels.TABLE4_GROUPS["reconsideration"],
    "litigation_direct": f"{labels.TABLE4_GROUPS['litigation']}（{labels.TABLE4_GROUPS['litigation_direct']}）",
    "litigation_after_reconsideration": (
        f"{labels.TABLE4_GROUPS['litigation']}（{labels.TABLE4_GROUPS['litigation_after_reconsideration']}）"
    ),
}
# The group heading of each result row of table 三: "3.4" belongs to "（三）不予公开".
RESULT_GROUPS = {key: labels.TABLE3_ROWS[key.split(".")[0]] for key in labels.RESULT_ROWS if "." in key}


class YearForm(forms.Form):
    year = forms.TypedChoiceField(
        label=gettext_lazy("统计年度"),
        coerce=int,
        error_messages={
            "invalid_choice": gettext_lazy("所选年度没有统计数据。请从列表中选择有数据的年度。"),
            "required": gettext_lazy("请选择统计年度。"),
        },
    )

    def __init__(self, *args, years: list[int], **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [(year, _("%(year)s年") % {"year": year}) for year in years]


def years_with_data(organ) -> list[int]:
    """The years the page has figures for, newest first (a constant number of small queries).

    A request counts in the years from its receipt to its answer (it is carried over in between),
    or to this year while it is open; an appeal in the years it was filed and concluded; proactive
    items and licences in the year they were published or decided."""
    this_year = timezone.localdate().year
    years = set()
    for received, answered in queries.request_year_spans():
        years.update(range(received, (answered if answered is not None else max(received, this_year)) + 1))
    for filed, concluded in queries.appeal_year_spans():
        years.update(year for year in (filed, concluded) if year is not None)
    if organ is not None:
        kinds = [kind for group in FACT_KINDS.values() for kind in group] + [Disclosure.Kind.RESPONSE]
        published = Disclosure.objects.published().filter(organ=organ, kind__in=kinds)
        years.update(moment.year for moment in published.datetimes("published_at", "year"))
        licences = AdministrativeDecision.objects.filter(organ=organ, kind=DecisionKind.LICENCE)
        years.update(day.year for day in licences.dates("decided_on", "year"))
    return sorted(years, reverse=True)


def _days(value) -> str:
    """A median of working days: whole days as such, a half day with one decimal."""
    return str(int(value)) if value == int(value) else f"{value:.1f}"


def _short_result_label(key: str) -> str:
    """For the chart: the group's number before a sub-row's label, "（三）4.保护第三方合法权益"."""
    group = RESULT_GROUPS.get(key)
    return f"{group[: group.index('）') + 1]}{labels.TABLE3_ROWS[key]}" if group else labels.TABLE3_ROWS[key]


def year_statistics(organ, year: int) -> dict:
    """The figures of one year, read off the compiled report: the published (frozen) tables when the
    year's report is out, so this page and /reports/<year>/ never disagree; else a live compilation."""
    published = AnnualReport.objects.published().filter(organ=organ, year=year).only("compiled").first()
    if published:
        report = published.compiled
    else:
        # A live compilation walks the year's items for timeliness: shared by all visitors for a while.
        report = cache.get_or_set(
            f"statistics:{organ.pk}:{year}", lambda: compile_annual_report(organ, year), LIVE_CACHE_SECONDS
        )
    table3, table4, facts = report["table3"], report["table4"], report["facts"]

    answered = facts["requests_answered"]
    on_time = facts["requests_on_time"]
    late = answered - on_time
    results = [
        {
            "key": key,
            "group": RESULT_GROUPS.get(key, ""),
            "label": labels.TABLE3_ROWS[key],
            "short": _short_result_label(key),
            "count": table3[key]["total"],
            "share": charts.percent(table3[key]["total"], table3["total"]["total"]),
        }
        for key in labels.RESULT_ROWS
        if table3[key]["total"]
    ]
    proactive = [
        {
            "key": key,
            "label": labels.FACTS[key],
            "count": facts[key],
            "unit": _("次") if key == "responses" else _("条"),
        }
        for key in PROACTIVE_KEYS
    ]
    appeals = [
        {"key": group, "label": label, "cells": [table4[group][column] for column in labels.TABLE4_COLUMN_KEYS]}
        for group, label in APPEAL_GROUPS.items()
    ]
    appeal_total = sum(table4[group]["total"] for group in APPEAL_GROUPS)
    median = median_answer_days(year)

    on_time_parts = [(_("按期答复"), on_time), (_("逾期答复"), late)]
    return {
        "report": report,
        "facts": facts,
        "fact_labels": labels.FACTS,
        "row_labels": labels.TABLE3_ROWS,
        "table3": table3,
        "results": results,
        "results_total": table3["total"]["total"],
        "on_time": on_time,
        "late": late,
        "on_time_share": charts.percent(on_time, answered),
        "late_share": charts.percent(late, answered),
        "median_days": _days(median) if median is not None else None,
        "proactive": proactive,
        "appeals": appeals,
        "appeal_total": appeal_total,
        "appeal_columns": [labels.TABLE4_COLUMNS[column] for column in labels.TABLE4_COLUMN_KEYS],
        "on_time_chart": charts.stacked_bar(
            on_time_parts,
            chart_id="chart-on-time",
            title=_("%(year)s年按期答复情况") % {"year": year},
            desc=_("本年办结%(answered)s件，按期答复率%(share)s")
            % {"answered": answered, "share": charts.percent(on_time, answered)},
            unit=_("件"),
        )
        if answered
        else None,
        "results_chart": charts.bar_chart(
            [(row["short"], row["count"]) for row in results],
            chart_id="chart-results",
            title=_("%(year)s年依申请公开办理结果") % {"year": year},
            desc=_("办理结果共%(total)s件") % {"total": table3["total"]["total"]},
            unit=_("件"),
        )
        if results
        else None,
        "proactive_chart": charts.bar_chart(
            [(row["label"], row["count"], row["unit"]) for row in proactive],
            chart_id="chart-proactive",
            title=_("%(year)s年主动公开信息分类统计") % {"year": year},
            desc=_("主动公开政府信息%(total)s条") % {"total": facts["proactive_total"]},
        )
        if any(row["count"] for row in proactive)
        else None,
        "appeals_chart": charts.bar_chart(
            [(label, table4[group]["total"]) for group, label in APPEAL_GROUPS.items()],
            chart_id="chart-appeals",
            title=_("%(year)s年政府信息公开行政复议、行政诉讼") % {"year": year},
            desc=_("共%(total)s件") % {"total": appeal_total},
            unit=_("件"),
        )
        if appeal_total
        else None,
    }


def index(request):
    organ = Organ.objects.default()
    years = years_with_data(organ)
    context = {"organ": organ, "years": years}
    if not years:
        return render(request, TEMPLATE, context)
    data = request.GET if request.GET.get("year") else None
    form = YearForm(data, years=years, initial={"year": years[0]})
    context["form"] = form
    if form.is_bound and not form.is_valid():
        return render(request, TEMPLATE, context, status=404)
    year = form.cleaned_data["year"] if form.is_bound else years[0]
    context["year"] = year
    context["published_report"] = (
        organ is not None and AnnualReport.objects.published().filter(organ=organ, year=year).exists()
    )
    context.update(year_statistics(organ, year))
    return render(request, TEMPLATE, context)
