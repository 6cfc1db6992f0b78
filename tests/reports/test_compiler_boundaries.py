"""The report's arithmetic at its edges: 1 January and 31 December, several cases in one cell, and
identities that fail (rules 2 and 3 of the format's checks) blocking publication. Worked by hand;
docs/mutants.md says which changes of the compiler these tests are there to catch."""

import datetime as dt
import io
from decimal import Decimal

import pytest
import time_machine
from django.core.exceptions import ValidationError
from django.core.management import call_command

from applications.models import Appeal
from reports import compiler, labels, services, timeliness
from reports.compiler import check_identities, compile_annual_report
from reports.models import AnnualReport
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date
EMPTY4 = {"upheld": 0, "corrected": 0, "other": 0, "pending": 0, "total": 0}


def appeal(kind="reconsideration", *, filed, concluded=None, result="pending"):
    return Appeal.objects.create(kind=kind, filed_on=filed, concluded_on=concluded, result=result)


@pytest.mark.parametrize(
    ("appeals", "expected", "why"),
    [
        (
            [dict(filed=D(2026, 3, 1), concluded=D(2026, 12, 31), result="upheld")],
            {**EMPTY4, "upheld": 1, "total": 1},
            "concluded on 31 December: its result, not 尚未审结",
        ),
        (
            [dict(filed=D(2026, 3, 1), concluded=D(2027, 1, 1), result="upheld")],
            {**EMPTY4, "pending": 1, "total": 1},
            "concluded on 1 January of the next year: still pending on 31 December",
        ),
        (
            [
                dict(filed=D(2026, 3, 1), concluded=D(2026, 5, 1), result="corrected"),
                dict(filed=D(2026, 4, 1), concluded=D(2026, 6, 1), result="corrected"),
                dict(filed=D(2026, 5, 1), concluded=D(2026, 7, 1), result="upheld"),
            ],
            {**EMPTY4, "corrected": 2, "upheld": 1, "total": 3},
            "two cases in one cell add up",
        ),
        (
            [dict(filed=D(2026, 12, 31)), dict(filed=D(2026, 1, 1))],
            {**EMPTY4, "pending": 2, "total": 2},
            "filed on the first and on the last day of the year",
        ),
        (
            [dict(filed=D(2025, 12, 31)), dict(filed=D(2027, 1, 1))],
            EMPTY4,
            "filed the day before or after the year, not concluded: not this year's",
        ),
        (
            [dict(filed=D(2025, 6, 1), concluded=D(2026, 1, 1), result="other")],
            {**EMPTY4, "other": 1, "total": 1},
            "filed earlier, concluded on 1 January: counted in the year it concluded",
        ),
        (
            [dict(filed=D(2025, 6, 1), concluded=D(2025, 12, 31), result="other")],
            EMPTY4,
            "filed and concluded the year before",
        ),
        (
            [dict(filed=D(2027, 1, 1), concluded=D(2027, 2, 1), result="upheld")],
            EMPTY4,
            "filed and concluded after the year",
        ),
    ],
)
def test_table4_at_the_year_boundaries(organ, appeals, expected, why):
    for kwargs in appeals:
        appeal(**kwargs)
    table = compile_annual_report(organ, 2026)["table4"]
    assert table["reconsideration"] == expected, why
    assert table["litigation_direct"] == EMPTY4


def request(received, answered=None, outcome="1"):
    status = "answered" if answered else "registered"
    return InformationRequestFactory(
        received_on=received,
        answered_on=answered,
        outcome=outcome if answered else "",
        status=status,
        applicant_type="natural_person",
    )


@pytest.mark.parametrize(
    ("received", "answered", "cells", "why"),
    [
        (D(2026, 1, 1), None, {"new": 1, "carried_out": 1}, "received on 1 January: this year's, still open"),
        (D(2026, 12, 31), None, {"new": 1, "carried_out": 1}, "received on 31 December, open"),
        (D(2025, 12, 31), None, {"carried_in": 1, "carried_out": 1}, "received the day before the year"),
        (D(2027, 1, 1), None, {}, "received the day after the year"),
        (D(2026, 3, 2), D(2026, 12, 31), {"new": 1, "1": 1, "total": 1}, "answered on 31 December"),
        (D(2026, 3, 2), D(2027, 1, 1), {"new": 1, "carried_out": 1}, "answered on 1 January: open at the year end"),
        (D(2025, 12, 1), D(2026, 1, 1), {"carried_in": 1, "1": 1, "total": 1}, "answered on the first day"),
        (D(2025, 12, 1), D(2025, 12, 31), {}, "answered the day before the year"),
        (D(2026, 1, 1), D(2026, 1, 1), {"new": 1, "1": 1, "total": 1}, "received and answered on 1 January"),
    ],
)
def test_table3_at_the_year_boundaries(organ, received, answered, cells, why):
    request(received, answered)
    table = compile_annual_report(organ, 2026)["table3"]
    got = {row: table[row]["natural_person"] for row in labels.TABLE3_ROW_KEYS if table[row]["natural_person"]}
    assert got == cells, why
    assert all(table[row]["total"] == table[row]["natural_person"] for row in labels.TABLE3_ROW_KEYS), why
    assert compile_annual_report(organ, 2026)["checks"] == []


def blank_table3():
    return {key: dict.fromkeys(labels.TABLE3_COLUMN_KEYS, 0) for key in labels.TABLE3_ROW_KEYS}


def blank_table4():
    return {group: dict(EMPTY4) for group in labels.TABLE4_GROUP_KEYS}


def row_total_broken():
    """Rule 2: a row's 总计 is not the sum of its applicant columns (new: 1 person, total 2)."""
    table = blank_table3()
    for row in ("new", "1", "total"):
        table[row]["natural_person"] = 1
        table[row]["total"] = 1
    table["new"]["total"] = 2
    table["1"]["total"] = table["total"]["total"] = 2
    return table


def results_total_broken():
    """Rule 3: (七) 总计 is not the sum of the result rows (one answered as 1, (七) says 2)."""
    table = blank_table3()
    for row in ("new", "1"):
        table[row]["natural_person"] = table[row]["total"] = 1
    table["carried_in"]["natural_person"] = table["carried_in"]["total"] = 1
    table["total"]["natural_person"] = table["total"]["total"] = 2
    return table


@pytest.mark.parametrize(
    ("table3", "rule", "cells", "message"),
    [
        (
            row_total_broken(),
            "总计 = 各类申请人之和",
            ["table3.new.total"],
            "一、本年新收政府信息公开申请数量：总计 2 ≠ 1",
        ),
        (results_total_broken(), "（七）总计 = 各项办理结果之和", ["table3.total.natural_person"], "自然人列：2 ≠ 1"),
    ],
)
def test_rules_2_and_3_are_errors_naming_their_cells(table3, rule, cells, message):
    failures = [f for f in check_identities(table3, blank_table4()) if f["rule"] == rule]
    assert failures, rule
    assert failures[0] == {"level": "error", "rule": rule, "cells": cells, "message": message}


@pytest.mark.parametrize("broken", [row_total_broken, results_total_broken])
def test_a_report_whose_tables_break_rule_2_or_3_cannot_be_published(organ, monkeypatch, broken):
    report = AnnualReport.objects.create(organ=organ, year=2025, fees_wan_yuan="0", problems="无")
    services.submit_for_review(report=report)
    monkeypatch.setattr(compiler, "compile_table3", lambda year: broken())
    with pytest.raises(ValidationError) as exc:
        services.publish_report(report=report)
    assert exc.value.code == "checks_failed"
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.IN_REVIEW and report.compiled is None


def test_the_command_prints_each_failure_with_its_cells(organ, monkeypatch):
    monkeypatch.setattr(compiler, "compile_table3", lambda year: results_total_broken())
    err = io.StringIO()
    call_command("annual_report", "2025", "--format", "json", stdout=io.StringIO(), stderr=err)
    assert "（七）总计 = 各项办理结果之和：自然人列：2 ≠ 1（table3.total.natural_person）" in err.getvalue()


# --- table 二, the facts and last year's report -------------------------------------------------------


def local(y, m, d, hour=0, minute=0):
    from django.utils import timezone

    return timezone.make_aware(dt.datetime(y, m, d, hour, minute))


def test_table2_counts_this_organs_documents_and_decisions_of_the_year_only(organ):
    from tests.factories import DecisionFactory, DisclosureFactory, OrganFactory

    other = OrganFactory(name="防城港市另一局")
    DisclosureFactory(organ=organ, kind="regulation", written_on=D(2026, 1, 1), published_at=local(2026, 1, 2))
    DisclosureFactory(organ=organ, normative=True, written_on=D(2026, 12, 31), published_at=local(2026, 12, 31))
    DisclosureFactory(  # issued the year before, repealed in the year
        organ=organ,
        normative=True,
        written_on=D(2025, 3, 1),
        repealed_on=D(2026, 12, 31),
        published_at=local(2025, 3, 2),
    )
    DisclosureFactory(  # repealed the year before: neither repealed this year nor in force
        organ=organ,
        normative=True,
        written_on=D(2024, 3, 1),
        repealed_on=D(2025, 12, 31),
        published_at=local(2024, 3, 2),
    )
    DisclosureFactory(organ=organ, kind="news", written_on=D(2026, 5, 1))  # not a normative document
    DisclosureFactory(organ=other, kind="regulation", written_on=D(2026, 5, 1))  # another organ's
    for kind, decided in [("licence", D(2026, 1, 1)), ("penalty", D(2026, 12, 31)), ("coercion", D(2026, 6, 1))]:
        DecisionFactory(organ=organ, kind=kind, decided_on=decided)
    DecisionFactory(organ=organ, kind="licence", decided_on=D(2027, 1, 1))
    DecisionFactory(organ=organ, kind="licence", decided_on=D(2025, 12, 31))
    DecisionFactory(organ=other, kind="licence", decided_on=D(2026, 6, 1))
    table = compile_annual_report(organ, 2026, fees_wan_yuan=dt.date and __import__("decimal").Decimal("1.50"))[
        "table2"
    ]
    assert table == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 1, "repealed": 1, "in_force": 1},
        "licensing": {"decisions": 1},
        "penalties": {"decisions": 1},
        "coercion": {"decisions": 1},
        "fees_wan_yuan": "1.5",
    }


def test_an_organ_with_nothing_has_zeros_not_blanks(organ):
    table = compile_annual_report(organ, 2026)["table2"]
    assert table == {
        "regulations": {"issued": 0, "repealed": 0, "in_force": 0},
        "normative_documents": {"issued": 0, "repealed": 0, "in_force": 0},
        "licensing": {"decisions": 0},
        "penalties": {"decisions": 0},
        "coercion": {"decisions": 0},
        "fees_wan_yuan": "0",
    }
    facts = compile_annual_report(organ, 2026)["facts"]
    assert facts["responses"] == 0 and facts["proactive_total"] == 0 and facts["licences"] == 0


@time_machine.travel(dt.datetime(2027, 2, 1, 9, tzinfo=dt.UTC), tick=False)
def test_facts_count_this_organs_items_published_in_the_year_local_time(organ):
    from tests.factories import DecisionFactory, DisclosureFactory, OrganFactory

    other = OrganFactory(name="防城港市另一局")
    for published in (local(2026, 1, 1, 0, 0), local(2026, 12, 31, 23, 59)):
        DisclosureFactory(organ=organ, kind="news", published_at=published)
        DisclosureFactory(organ=organ, kind="response", published_at=published)
        DecisionFactory(organ=organ, kind="licence", published_at=published)
    for published in (local(2025, 12, 31, 23, 59), local(2027, 1, 1, 0, 0)):
        DisclosureFactory(organ=organ, kind="news", published_at=published)
        DisclosureFactory(organ=organ, kind="response", published_at=published)
        DecisionFactory(organ=organ, kind="licence", published_at=published)
    DisclosureFactory(organ=other, kind="news", published_at=local(2026, 6, 1, 12))
    DisclosureFactory(organ=other, kind="response", published_at=local(2026, 6, 1, 12))
    DecisionFactory(organ=other, kind="licence", published_at=local(2026, 6, 1, 12))
    facts = compile_annual_report(organ, 2026)["facts"]
    assert (facts["news"], facts["responses"], facts["licences"]) == (2, 2, 2)
    assert facts["proactive_total"] == 4  # news and licences; responses are counted apart


def test_facts_of_requests_fees_and_timeliness(organ):
    on_time = request(D(2026, 3, 2), D(2026, 3, 10))
    late = request(D(2026, 3, 2), D(2026, 12, 31))
    late.answered_late = True
    late.save()
    request(D(2026, 3, 2), D(2027, 1, 1))  # answered after the year
    withdrawn_no_outcome = request(D(2026, 3, 2), D(2026, 4, 1))
    withdrawn_no_outcome.outcome = ""
    withdrawn_no_outcome.save()
    on_time.fee_notice_on, on_time.fee_amount, on_time.fee_paid_on = D(2026, 3, 5), Decimal("120"), D(2026, 3, 6)
    on_time.save()
    facts = compile_annual_report(organ, 2026)["facts"]
    assert facts["requests_on_time"] == 1
    assert (facts["fee_notices"], facts["fee_amount"], facts["fee_collected"]) == (1, Decimal("120"), Decimal("120"))
    assert facts["timeliness"] == timeliness.counts(2026)
    sections = compile_annual_report(organ, 2026)["sections"]
    assert sections["6"] == (
        "2026年，本机关依据《政府信息公开信息处理费管理办法》发出收费通知1件，金额120元，实际收取信息处理费120元。"
    )
    assert sections["1"].startswith(f"2026年，{organ.name}主动公开政府信息0条")


def test_without_an_organ_the_opening_says_this_organ():
    facts = dict.fromkeys(
        [
            "proactive_total",
            "normative_documents",
            "interpretations",
            "licences",
            "personnel",
            "news",
            "budgets",
            "responses",
            "requests_received",
            "requests_answered",
            "requests_on_time",
            "reconsiderations",
            "lawsuits",
        ],
        0,
    )
    text = compiler.overview_paragraph(None, 2026, facts)
    assert text.startswith("2026年，本机关主动公开政府信息0条") and "。全年新收" in text


def publish_2025(organ, carried_out: int):
    """A published 2025 report of `organ` whose table 三 carried out `carried_out` requests."""
    data = compile_annual_report(organ, 2025)
    data["table3"]["carried_out"]["natural_person"] = data["table3"]["carried_out"]["total"] = carried_out
    return AnnualReport.objects.create(organ=organ, year=2025, status="published", compiled=data)


def test_last_years_published_report_of_the_same_organ_is_compared(organ):
    from tests.factories import OrganFactory

    request(D(2025, 12, 1))  # carried into 2026: 二 = 1
    publish_2025(OrganFactory(name="防城港市另一局"), 5)  # another organ's report: not compared
    old = compile_annual_report(organ, 2024)
    AnnualReport.objects.create(organ=organ, year=2024, status="published", compiled=old)  # two years back
    assert compiler.previous_carried_out(organ, 2026) is None
    assert compile_annual_report(organ, 2026)["checks"] == []
    publish_2025(organ, 3)
    assert compiler.previous_carried_out(organ, 2026)["total"] == 3
    warnings = compile_annual_report(organ, 2026)["checks"]
    assert {(w["level"], w["cells"][0]) for w in warnings} == {
        ("warning", "table3.carried_in.natural_person"),
        ("warning", "table3.carried_in.total"),
    }


# --- working days to answer (the statistics page) ------------------------------------------------------


@pytest.mark.parametrize(
    ("pairs", "days", "median"),
    [
        ([], [], None),
        # Fri 09-18 → Mon 09-21: Sat 09-19 off, Sun 09-20 worked, Mon 09-21 → 2
        ([(D(2026, 9, 18), D(2026, 9, 21))], [2], 2),
        # answered the day it was received → 0; across 国庆: 09-30 → 10-08 is 09-30 not counted, 10-08 → 1
        ([(D(2026, 9, 15), D(2026, 9, 15)), (D(2026, 9, 30), D(2026, 10, 8))], [0, 1], 0.5),
        # 02-13 → 02-24: 02-14 (worked Sat) and 02-24 → 2; 03-02 → 03-30: 20
        (
            [(D(2026, 2, 13), D(2026, 2, 24)), (D(2026, 3, 2), D(2026, 3, 30)), (D(2026, 9, 15), D(2026, 9, 16))],
            [2, 20, 1],
            2,
        ),
    ],
)
def test_working_days_to_answer(organ, pairs, days, median):
    for received, answered in pairs:
        request(received, answered)
    request(D(2025, 12, 1), D(2025, 12, 31))  # answered the year before
    request(D(2026, 12, 1), D(2027, 1, 4))  # answered the year after
    no_outcome = request(D(2026, 3, 2), D(2026, 3, 3))
    no_outcome.outcome = ""
    no_outcome.save()
    assert sorted(compiler.answer_working_days(2026)) == sorted(days)
    assert compiler.median_answer_days(2026) == median


def test_table4_identity_holds_with_every_result_column_and_fails_naming_its_cells():
    table3 = blank_table3()
    table4 = blank_table4()
    table4["reconsideration"] = {"upheld": 1, "corrected": 2, "other": 1, "pending": 1, "total": 5}
    assert check_identities(table3, table4) == []
    table4["litigation_direct"] = {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 2}
    assert check_identities(table3, table4) == [
        {
            "level": "error",
            "rule": "总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结",
            "cells": ["table4.litigation_direct.total"],
            "message": f"{labels.TABLE4_GROUPS['litigation_direct']}：2 ≠ 1",
        }
    ]


def test_last_years_carried_out_is_a_warning_naming_its_cell():
    table3 = blank_table3()
    previous = dict.fromkeys(labels.TABLE3_COLUMN_KEYS, 0) | {"natural_person": 1, "total": 1}
    assert check_identities(table3, blank_table4(), previous)[0] == {
        "level": "warning",
        "rule": "本年“上年结转” = 上年“结转下年度继续办理”",
        "cells": ["table3.carried_in.natural_person"],
        "message": "自然人列：上年结转 0，上年报告结转下年度 1",
    }


def test_the_reports_frame_organ_period_and_sections(organ):
    data = compile_annual_report(organ, 2026)
    assert (data["organ"], data["year"], data["period"]) == (organ.name, 2026, "2026年1月1日至2026年12月31日")
    assert data["sections"]["5"] == "" and data["sections"]["6"].startswith("2026年，本机关未发出信息处理费收费通知")
    written = compile_annual_report(organ, 2026, sections={"5": "一是……", "1": "概述"})["sections"]
    assert (written["1"], written["5"]) == ("概述", "一是……")
    assert compile_annual_report(None, 2026)["organ"] == ""


@pytest.mark.parametrize(("fees", "shown"), [(Decimal("10"), "10"), (Decimal("0.50"), "0.5"), (None, "0")])
def test_fees_are_shown_in_plain_decimals(organ, fees, shown):
    assert compile_annual_report(organ, 2026, fees_wan_yuan=fees)["table2"]["fees_wan_yuan"] == shown


def test_working_days_to_answer_use_the_days_staff_entered(organ):
    # 09-15 → 09-17 is 2 working days on the packaged calendar; a local holiday on 09-16 makes it 1.
    from applications.models import CalendarDay

    request(D(2026, 9, 15), D(2026, 9, 17))
    assert compiler.answer_working_days(2026) == [2]
    CalendarDay.objects.create(date=D(2026, 9, 16), kind=CalendarDay.Kind.HOLIDAY, name="地方假日")
    assert compiler.answer_working_days(2026) == [1]


def test_results_add_up_applicants_whose_kinds_share_a_column(organ):
    # An organisation of no recorded kind counts under 其他, with those recorded as 其他: one cell.
    from applications import stats

    for kind in ("", "other", "other"):
        InformationRequestFactory(
            received_on=D(2026, 3, 2),
            answered_on=D(2026, 3, 20),
            outcome="1",
            status="answered",
            applicant_type="organisation",
            organisation_kind=kind,
        )
    closed_without_result = request(D(2026, 3, 2), D(2026, 3, 3))
    closed_without_result.outcome = ""
    closed_without_result.save()
    counts = stats.result_counts(2026)
    assert set(counts) == {"1"}  # a request without a result is in no row
    assert counts["1"]["other"] == 3 and counts["1"]["total"] == 3


def test_fee_facts_of_a_year_without_fees_are_zero_and_count_by_their_own_dates(organ):
    from applications import stats

    none = {"amount_unknown": 0, "collected_unknown": 0}  # every amount known (unknown ones: test_register_fee_amounts)
    assert stats.fee_totals(2026) == {"notices": 0, "amount": 0, "collected": 0, **none}
    # Noticed in December, paid in January: the notice counts in 2026, the money in 2027.
    InformationRequestFactory(
        received_on=D(2026, 12, 1), fee_notice_on=D(2026, 12, 20), fee_paid_on=D(2027, 1, 5), fee_amount=Decimal("120")
    )
    assert stats.fee_totals(2026) == {"notices": 1, "amount": Decimal("120"), "collected": 0, **none}
    assert stats.fee_totals(2027) == {"notices": 0, "amount": 0, "collected": Decimal("120"), **none}
