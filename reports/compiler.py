"""Compile the annual report (国办公开办函〔2021〕30号) of an organ and a year from recorded data.

`compile_annual_report(organ, year)` is the one entry point: the admin, the public pages, the
statistics page and `manage.py annual_report` all call it. It runs a small, fixed number of
aggregate queries whatever the number of requests (see tests), and returns plain data with the
stable JSON keys of the issue. Nothing is fixed up: the identities of docs/rules.md §2.7 are checked
and every failure is listed in `checks`.

Counting rules (docs/rules.md §2.3–§2.5, §2.7):
- table 二: 规章 / 行政规范性文件 issued (成文日期 in the year), repealed (废止日期 in the year) and in
  force on 31 December (issued by then, not repealed by then, not marked 失效); 行政许可/处罚/强制
  decisions dated in the year, published or not; 行政事业性收费 as staff enter it, in 万元.
- table 三: 一 requests received in the year (Art. 31 receipt date); 二 received before 1 January
  and unanswered then; each result by the year of its answer; （七）总计 their sum; 四 received by
  31 December and unanswered then. Hence 一 + 二 = 三（七）+ 四 per column by construction.
- table 四: appeals filed or concluded in the year, in the column of their result as of 31
  December (尚未审结 while pending).
"""

import datetime as dt
import statistics
from decimal import Decimal

from django.db.models import Count, Q
from django.utils import timezone

from applications import deadlines, queries, stats
from applications.models import Appeal
from disclosures.models import AdministrativeDecision, DecisionKind, Disclosure
from reports import labels, timeliness

COLUMNS = [c for c in labels.TABLE3_COLUMN_KEYS if c != "total"]

# Proactive items by kind for section 一's facts (the seed report's list), Disclosure kinds.
FACT_KINDS = {
    "normative_documents": [Disclosure.Kind.REGULATION, Disclosure.Kind.NORMATIVE],
    "interpretations": [Disclosure.Kind.INTERPRETATION],
    "personnel": [Disclosure.Kind.PERSONNEL],
    "news": [Disclosure.Kind.NEWS],
    "budgets": [Disclosure.Kind.BUDGET],
}


def _year_bounds(year: int) -> tuple[dt.date, dt.date]:
    return dt.date(year, 1, 1), dt.date(year, 12, 31)


def _aware(date: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(date, dt.time.min))


# ---------------------------------------------------------------------------
# Table 二
# ---------------------------------------------------------------------------


def compile_table2(organ, year: int, fees_wan_yuan: Decimal | None) -> dict:
    first, last = _year_bounds(year)
    documents = Disclosure.objects.filter(organ=organ, kind__in=Disclosure.NORMATIVE_KINDS).exclude(status="draft")
    counts = documents.values("kind").annotate(
        issued=Count("pk", filter=Q(written_on__gte=first, written_on__lte=last)),
        repealed=Count("pk", filter=Q(repealed_on__gte=first, repealed_on__lte=last)),
        in_force=Count(
            "pk",
            filter=Q(written_on__lte=last)
            & (Q(repealed_on__isnull=True) | Q(repealed_on__gt=last))
            & ~Q(validity=Disclosure.Validity.EXPIRED),
        ),
    )
    by_kind = {row["kind"]: row for row in counts.order_by()}

    def document_row(kind):
        row = by_kind.get(kind, {})
        return {key: row.get(key, 0) for key in ("issued", "repealed", "in_force")}

    decisions = dict(
        AdministrativeDecision.objects.filter(organ=organ, decided_on__gte=first, decided_on__lte=last)
        .values_list("kind")
        .annotate(n=Count("pk"))
        .order_by()
    )
    return {
        "regulations": document_row(Disclosure.Kind.REGULATION),
        "normative_documents": document_row(Disclosure.Kind.NORMATIVE),
        "licensing": {"decisions": decisions.get(DecisionKind.LICENCE, 0)},
        "penalties": {"decisions": decisions.get(DecisionKind.PENALTY, 0)},
        "coercion": {"decisions": decisions.get(DecisionKind.COERCION, 0)},
        "fees_wan_yuan": format((fees_wan_yuan or Decimal("0")).normalize(), "f"),
    }


# ---------------------------------------------------------------------------
# Table 三
# ---------------------------------------------------------------------------


def compile_table3(year: int) -> dict:
    """All rows in four grouped queries (applications.stats): new, carried in, results, carried out."""
    first, last = _year_bounds(year)
    table = {key: stats.empty_row() for key in labels.TABLE3_ROW_KEYS}
    table["new"] = stats.received_counts(first, last)
    table["carried_in"] = stats.pending_counts(first)  # received before 1 January, unanswered on it
    table.update(stats.result_counts(year))
    table["carried_out"] = stats.pending_counts(last + dt.timedelta(days=1))  # unanswered after 31 December
    for column in labels.TABLE3_COLUMN_KEYS:
        table["total"][column] = sum(table[row][column] for row in labels.RESULT_ROWS)
    return table


# ---------------------------------------------------------------------------
# Table 四
# ---------------------------------------------------------------------------


def compile_table4(year: int) -> dict:
    first, last = _year_bounds(year)
    table = {group: dict.fromkeys(labels.TABLE4_COLUMN_KEYS, 0) for group in labels.TABLE4_GROUP_KEYS}
    for kind, result, concluded_on in stats.appeals_between(first, last):
        # the result as of 31 December: a case concluded later is still pending in this year's report
        column = result if concluded_on is not None and concluded_on <= last else Appeal.Result.PENDING
        table[kind][column] += 1
        table[kind]["total"] += 1
    return table


# ---------------------------------------------------------------------------
# Checks (docs/rules.md §2.7)
# ---------------------------------------------------------------------------


def check_identities(table3: dict, table4: dict, previous_carried_out: dict | None = None) -> list[dict]:
    """Every failed identity with the cells involved; warnings are marked as such. Never fixes anything."""
    failures = []
    for column in labels.TABLE3_COLUMN_KEYS:
        left = table3["new"][column] + table3["carried_in"][column]
        right = table3["total"][column] + table3["carried_out"][column]
        if left != right:
            failures.append(
                {
                    "level": "error",
                    "rule": "一 + 二 = 三（七） + 四",
                    "cells": [
                        f"table3.new.{column}",
                        f"table3.carried_in.{column}",
                        f"table3.total.{column}",
                        f"table3.carried_out.{column}",
                    ],
                    "message": f"{labels.TABLE3_COLUMNS[column]}列：{left} ≠ {right}",
                }
            )
    for row in labels.TABLE3_ROW_KEYS:
        cells = table3[row]
        if cells["total"] != sum(cells[c] for c in COLUMNS):
            failures.append(
                {
                    "level": "error",
                    "rule": "总计 = 各类申请人之和",
                    "cells": [f"table3.{row}.total"],
                    "message": f"{labels.TABLE3_ROWS[row]}：总计 {cells['total']} ≠ {sum(cells[c] for c in COLUMNS)}",
                }
            )
    for column in labels.TABLE3_COLUMN_KEYS:
        results = sum(table3[r][column] for r in labels.RESULT_ROWS)
        if table3["total"][column] != results:
            failures.append(
                {
                    "level": "error",
                    "rule": "（七）总计 = 各项办理结果之和",
                    "cells": [f"table3.total.{column}"],
                    "message": f"{labels.TABLE3_COLUMNS[column]}列：{table3['total'][column]} ≠ {results}",
                }
            )
    for group, cells in table4.items():
        parts = cells["upheld"] + cells["corrected"] + cells["other"] + cells["pending"]
        if cells["total"] != parts:
            failures.append(
                {
                    "level": "error",
                    "rule": "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
                    "cells": [f"table4.{group}.total"],
                    "message": f"{labels.TABLE4_GROUPS[group]}：{cells['total']} ≠ {parts}",
                }
            )
    if previous_carried_out is not None:
        for column in labels.TABLE3_COLUMN_KEYS:
            if previous_carried_out[column] != table3["carried_in"][column]:
                failures.append(
                    {
                        "level": "warning",
                        "rule": "本年“上年结转” = 上年“结转下年度继续办理”",
                        "cells": [f"table3.carried_in.{column}"],
                        "message": f"{labels.TABLE3_COLUMNS[column]}列：上年结转 {table3['carried_in'][column]}，"
                        f"上年报告结转下年度 {previous_carried_out[column]}",
                    }
                )
    return failures


# ---------------------------------------------------------------------------
# Facts for section 一 and 六
# ---------------------------------------------------------------------------


def compile_facts(organ, year: int, table3: dict, table4: dict) -> dict:
    first, last = _year_bounds(year)
    published = Disclosure.objects.published().filter(
        organ=organ, published_at__gte=_aware(first), published_at__lt=_aware(last + dt.timedelta(days=1))
    )
    by_kind = dict(published.values_list("kind").annotate(n=Count("pk")).order_by())
    facts = {name: sum(by_kind.get(k, 0) for k in kinds) for name, kinds in FACT_KINDS.items()}
    facts["licences"] = (
        AdministrativeDecision.objects.published()
        .filter(
            organ=organ,
            kind=DecisionKind.LICENCE,
            published_at__gte=_aware(first),
            published_at__lt=_aware(last + dt.timedelta(days=1)),
        )
        .count()
    )
    facts["proactive_total"] = sum(facts[name] for name in [*FACT_KINDS, "licences"])
    facts["responses"] = by_kind.get(Disclosure.Kind.RESPONSE, 0)
    facts["requests_received"] = table3["new"]["total"]
    facts["requests_answered"] = table3["total"]["total"]
    facts["requests_on_time"] = stats.answered_on_time(first, last)
    facts["reconsiderations"] = table4["reconsideration"]["total"]
    facts["lawsuits"] = table4["litigation_direct"]["total"] + table4["litigation_after_reconsideration"]["total"]
    facts["timeliness"] = timeliness.counts(year)
    fee = stats.fee_totals(year)
    facts["fee_notices"], facts["fee_amount"], facts["fee_collected"] = fee["notices"], fee["amount"], fee["collected"]
    # notices of the year, and payments of the year, whose amount is not recorded (left out of the sums)
    facts["fee_amount_unknown"], facts["fee_collected_unknown"] = fee["amount_unknown"], fee["collected_unknown"]
    return facts


def overview_paragraph(organ, year: int, facts: dict) -> str:
    """The generated opening of section 一, from the facts; staff edit it."""
    name = organ.name if organ else "本机关"
    parts = [
        f"{year}年，{name}主动公开政府信息{facts['proactive_total']}条，其中规范性文件{facts['normative_documents']}条，"
        f"政策解读{facts['interpretations']}条，行政许可信息{facts['licences']}条，人事信息{facts['personnel']}条，"
        f"工作动态信息{facts['news']}条，财政预决算信息{facts['budgets']}条；在线回应公众关注热点{facts['responses']}次。",
        f"全年新收政府信息公开申请{facts['requests_received']}件，办结{facts['requests_answered']}件，"
        f"其中按期答复{facts['requests_on_time']}件。",
        f"因政府信息公开申请行政复议{facts['reconsiderations']}件，提起行政诉讼{facts['lawsuits']}件。",
    ]
    return "".join(parts)


def fee_paragraph(year: int, facts: dict) -> str:
    """Section 六 starts from the fee facts (信息处理费, 国办函〔2020〕109号; docs/rules.md §2.6).

    Notices issued in the year, their amount, and the amount collected (paid in the year, whichever
    year the notice was). An amount not recorded (a register imported without 收费金额) is never
    stated as 0 元: the first sentence keeps the format's wording for the known total and says 金额未记载
    where nothing of it is known; a second sentence says how many notices and payments were left out of
    a total stated. A year that neither issued a notice nor collected anything says so."""
    notices, unknown = facts["fee_notices"], facts["fee_amount_unknown"]
    collected, collected_unknown = facts["fee_collected"], facts["fee_collected_unknown"]
    if not notices and not collected and not collected_unknown:
        return f"{year}年，本机关未发出信息处理费收费通知，未收取信息处理费。"
    amount = "金额未记载" if unknown and unknown == notices else f"金额{facts['fee_amount']}元"
    paid = (
        f"实际收取信息处理费{collected_unknown}件，金额未记载"
        if collected_unknown and not collected
        else f"实际收取信息处理费{collected}元"
    )
    text = f"{year}年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知{notices}件，{amount}，{paid}。"
    left_out = []
    if unknown and unknown < notices:
        left_out.append(f"其中{unknown}件收费通知的金额未记载，未计入收费通知金额")
    if collected_unknown and collected:
        left_out.append(f"本年缴纳的信息处理费中有{collected_unknown}件金额未记载，未计入实际收取金额")
    return text + ("；".join(left_out) + "。" if left_out else "")


# ---------------------------------------------------------------------------
# Statistics beyond the report (the public statistics page)
# ---------------------------------------------------------------------------


def answer_working_days(year: int, calendar=None) -> list[int]:
    """Working days from receipt to answer of each request answered in `year` (receipt day not counted)."""
    first, last = _year_bounds(year)
    calendar = calendar or queries.build_calendar()
    pairs = stats.answer_dates(first, last)
    return [deadlines.working_days_between(received, answered, calendar) for received, answered in pairs]


def median_answer_days(year: int) -> float | None:
    days = answer_working_days(year)
    return statistics.median(days) if days else None


# ---------------------------------------------------------------------------
# The entry point
# ---------------------------------------------------------------------------


def previous_carried_out(organ, year: int) -> dict | None:
    """四 of last year's published report, to compare with this year's 二 (docs/rules.md §2.7 rule 5).

    The published tables, not a recompilation: recompiled from today's data it would always agree.
    """
    from reports.models import AnnualReport

    report = AnnualReport.objects.published().filter(organ=organ, year=year - 1).only("compiled").first()
    return report.compiled["table3"]["carried_out"] if report else None


def compile_annual_report(
    organ, year: int, *, fees_wan_yuan: Decimal | None = None, sections: dict | None = None
) -> dict:
    """Every cell of tables 二, 三, 四, the facts, the checks and the labels, as plain JSON-ready data."""
    table2 = compile_table2(organ, year, fees_wan_yuan)
    table3 = compile_table3(year)
    table4 = compile_table4(year)
    previous = previous_carried_out(organ, year)
    facts = compile_facts(organ, year, table3, table4)
    sections = dict(sections or {})
    sections.setdefault("1", overview_paragraph(organ, year, facts))
    sections.setdefault("5", "")
    sections.setdefault("6", fee_paragraph(year, facts))
    return {
        "organ": organ.name if organ else "",
        "year": year,
        "period": f"{year}年1月1日至{year}年12月31日",
        "table2": table2,
        "table3": table3,
        "table4": table4,
        "facts": facts,
        "sections": sections,
        "checks": check_identities(table3, table4, previous),
        "labels": labels.all_labels(),
    }
