"""Every cell of the report on a hand-built data set across two years (docs/rules.md §2.3–§2.7)."""

import datetime as dt
from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from applications.models import Appeal, Outcome
from reports import labels
from reports.compiler import check_identities, compile_annual_report
from tests.factories import DecisionFactory, DisclosureFactory, InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


def at(y, m, d):
    return dt.datetime(y, m, d, 10, tzinfo=dt.UTC)


def person(**kwargs):
    return InformationRequestFactory(applicant_type="natural_person", **kwargs)


def org(kind, **kwargs):
    return InformationRequestFactory(
        applicant_type="organisation", organisation_kind=kind, uscc="91110000600037341L", id_number="", **kwargs
    )


def answered(request, outcome, on, late=False, status="answered"):
    request.outcome, request.answered_on, request.answered_late, request.status = outcome, on, late, status
    request.save()
    return request


@pytest.fixture
def data(organ):
    # requests
    answered(person(received_on=D(2025, 12, 20)), "1", D(2026, 1, 10))  # A: carried into 2026
    answered(org("commercial", received_on=D(2025, 6, 1)), "2", D(2025, 6, 20))  # B: 2025 only
    answered(org("research", received_on=D(2026, 3, 2)), "3.4", D(2026, 3, 20))  # C
    org("legal_services", received_on=D(2026, 12, 28))  # D: open at the year end
    answered(person(received_on=D(2026, 5, 5)), "6.3", D(2026, 5, 6), status="closed")  # E: withdrawn
    answered(org("public_interest", received_on=D(2026, 10, 10)), "5.2", D(2026, 12, 31), late=True)  # F
    answered(org("other", received_on=D(2024, 12, 30)), "4.2", D(2026, 2, 1))  # G: two years open
    # appeals
    Appeal.objects.create(kind="reconsideration", filed_on=D(2025, 11, 1), concluded_on=D(2026, 2, 1), result="upheld")
    Appeal.objects.create(
        kind="litigation_direct", filed_on=D(2026, 3, 1), concluded_on=D(2027, 1, 15), result="corrected"
    )
    Appeal.objects.create(kind="litigation_after_reconsideration", filed_on=D(2026, 6, 1), result="pending")
    Appeal.objects.create(kind="reconsideration", filed_on=D(2024, 5, 1), concluded_on=D(2024, 8, 1), result="other")
    # normative documents and decisions
    DisclosureFactory(organ=organ, kind="regulation", written_on=D(2026, 3, 1), published_at=at(2026, 3, 5))
    DisclosureFactory(
        organ=organ, normative=True, written_on=D(2025, 5, 1), published_at=at(2025, 5, 3),
        validity="repealed", repealed_on=D(2026, 7, 1),
    )  # fmt: skip
    DisclosureFactory(organ=organ, normative=True, written_on=D(2026, 2, 1), published_at=at(2026, 2, 3))
    DisclosureFactory(
        organ=organ, normative=True, written_on=D(2024, 1, 1), published_at=at(2024, 1, 2), validity="expired"
    )
    DisclosureFactory(organ=organ, normative=True, draft=True, written_on=D(2026, 4, 1))
    DisclosureFactory.create_batch(2, organ=organ, published_at=at(2026, 8, 1))  # news
    DisclosureFactory(organ=organ, kind="response", published_at=at(2026, 9, 1))
    DecisionFactory.create_batch(2, organ=organ, decided_on=D(2026, 4, 1))
    DecisionFactory(organ=organ, decided_on=D(2026, 5, 1), draft=True)  # counted, published or not
    DecisionFactory(organ=organ, decided_on=D(2025, 12, 31))
    DecisionFactory.create_batch(2, organ=organ, kind="penalty", decided_on=D(2026, 6, 1))
    return organ


def row(**cells):
    full = dict.fromkeys(labels.TABLE3_COLUMN_KEYS, 0)
    full.update(cells)
    full["total"] = sum(v for k, v in full.items() if k != "total")
    return full


def test_table3_of_2026(data):
    table = compile_annual_report(data, 2026)["table3"]
    assert table["new"] == row(natural_person=1, research=1, legal_services=1, public_interest=1)
    assert table["carried_in"] == row(natural_person=1, other=1)
    assert table["1"] == row(natural_person=1)
    assert table["3.4"] == row(research=1)
    assert table["4.2"] == row(other=1)
    assert table["5.2"] == row(public_interest=1)
    assert table["6.3"] == row(natural_person=1)
    assert table["2"] == row()
    assert table["total"] == row(natural_person=2, research=1, public_interest=1, other=1)
    assert table["carried_out"] == row(legal_services=1)
    assert list(table) == labels.TABLE3_ROW_KEYS


def test_table3_of_2025(data):
    table = compile_annual_report(data, 2025)["table3"]
    assert table["new"] == row(natural_person=1, commercial=1)
    assert table["carried_in"] == row(other=1)
    assert table["2"] == row(commercial=1)
    assert table["total"] == row(commercial=1)
    assert table["carried_out"] == row(natural_person=1, other=1)


def test_table4_counts_each_year_a_case_was_filed_or_concluded_as_of_31_december(data):
    table = compile_annual_report(data, 2026)["table4"]
    assert table["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 1}
    # concluded (corrected) only in 2027: still pending in the 2026 report
    assert table["litigation_direct"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert table["litigation_after_reconsideration"] == {
        "upheld": 0,
        "corrected": 0,
        "other": 0,
        "pending": 1,
        "total": 1,
    }
    earlier = compile_annual_report(data, 2025)["table4"]
    assert earlier["reconsideration"] == {"upheld": 0, "corrected": 0, "other": 0, "pending": 1, "total": 1}
    assert compile_annual_report(data, 2024)["table4"]["reconsideration"]["other"] == 1


def test_table2_of_2026(data):
    table = compile_annual_report(data, 2026, fees_wan_yuan=Decimal("5949.088667"))["table2"]
    assert table == {
        "regulations": {"issued": 1, "repealed": 0, "in_force": 1},
        "normative_documents": {"issued": 1, "repealed": 1, "in_force": 1},
        "licensing": {"decisions": 3},
        "penalties": {"decisions": 2},
        "coercion": {"decisions": 0},
        "fees_wan_yuan": "5949.088667",
    }
    # at the end of 2025 the document repealed in 2026 was still in force; the 失效 one (no date) never counts
    assert compile_annual_report(data, 2025)["table2"]["normative_documents"] == {
        "issued": 1,
        "repealed": 0,
        "in_force": 1,
    }


def test_facts_and_generated_paragraphs(data):
    report = compile_annual_report(data, 2026)
    facts = report["facts"]
    assert facts["normative_documents"] == 2 and facts["news"] == 2 and facts["licences"] == 3
    assert facts["proactive_total"] == 7 and facts["responses"] == 1
    assert facts["requests_received"] == 4 and facts["requests_answered"] == 5 and facts["requests_on_time"] == 4
    assert facts["reconsiderations"] == 1 and facts["lawsuits"] == 2
    assert "主动公开政府信息7条" in report["sections"]["1"] and "按期答复4件" in report["sections"]["1"]
    assert report["sections"]["6"] == "2026年，本机关未发出信息处理费收费通知，未收取信息处理费。"
    assert report["period"] == "2026年1月1日至2026年12月31日"


def test_identities_hold_by_construction(data):
    for year in (2024, 2025, 2026):
        assert compile_annual_report(data, year)["checks"] == []


def test_broken_identities_are_listed_not_fixed():
    table3 = {key: dict.fromkeys(labels.TABLE3_COLUMN_KEYS, 0) for key in labels.TABLE3_ROW_KEYS}
    table3["new"]["natural_person"] = table3["new"]["total"] = 2
    table3["1"]["natural_person"] = table3["1"]["total"] = 1
    table3["total"]["natural_person"] = table3["total"]["total"] = 1
    table4 = {g: {"upheld": 1, "corrected": 0, "other": 0, "pending": 0, "total": 2} for g in labels.TABLE4_GROUP_KEYS}
    previous = dict.fromkeys(labels.TABLE3_COLUMN_KEYS, 0) | {"natural_person": 3, "total": 3}
    failures = check_identities(table3, table4, previous)
    rules = {(f["rule"], f["level"]) for f in failures}
    assert ("一 + 二 = 三（七） + 四", "error") in rules
    assert ("总计 = 结果维持 + 结果纠正 + 其他结果 + 尚未审结", "error") in rules
    assert ("本年“上年结转” = 上年“结转下年度继续办理”", "warning") in rules
    natural = next(f for f in failures if f["cells"][0] == "table3.new.natural_person")
    assert natural["message"] == "自然人列：2 ≠ 1"
    assert table3["new"]["natural_person"] == 2  # nothing was changed


def test_labels_are_the_official_wording(data):
    report = compile_annual_report(data, 2026)
    assert report["labels"]["table3.row.3.3"] == "3.危及“三安全一稳定”"
    assert report["labels"]["table3.row.total"] == "（七）总计"
    assert report["labels"]["table4.column.pending"] == "尚未审结"
    assert report["labels"]["table2.fees_amount"] == "本年收费金额（单位：万元）"


def _queries(organ, year):
    with CaptureQueriesContext(connection) as ctx:
        compile_annual_report(organ, year)
    return len(ctx.captured_queries)


def test_query_count_does_not_grow_with_requests(organ):
    for i in range(10):
        answered(person(received_on=D(2026, 3, 2)), "1", D(2026, 3, 9 + i % 5))
    ten = _queries(organ, 2026)
    from applications.models import InformationRequest

    batch = [
        InformationRequest(
            tracking_number=f"2026-{100000 + i}",
            tracking_year=2026,
            tracking_sequence=100000 + i,
            lookup_code_hash="0" * 64,
            applicant_type="natural_person" if i % 2 else "organisation",
            organisation_kind="" if i % 2 else "commercial",
            name="x",
            phone="13800000000",
            description="请公开",
            form_wanted="paper",
            delivery="pickup",
            received_on=D(2026, 4, 1),
            outcome="1" if i % 3 else "",
            answered_on=D(2026, 4, 20) if i % 3 else None,
            status="answered" if i % 3 else "in_progress",
        )
        for i in range(990)
    ]
    InformationRequest.objects.bulk_create(batch)
    assert _queries(organ, 2026) == ten


def test_a_register_imported_with_import_register_compiles_to_the_expected_tables(organ, tmp_path):
    from django.core.management import call_command

    from applications.register_import import REGISTER_COLUMNS

    def line(received, channel, kind, name, answered="", outcome=""):
        cells = dict.fromkeys(REGISTER_COLUMNS, "")
        cells.update(
            {"收到日期": received, "申请渠道": channel, "申请人类型": kind, "申请人姓名或名称": name,
             "申请内容": f"{name}申请公开的政府信息", "答复日期": answered, "办理结果": outcome}
        )  # fmt: skip
        return ",".join(cells[c] for c in REGISTER_COLUMNS)

    rows = [
        line("2026-03-02", "当面", "自然人", "张某", "2026-03-20", "1"),
        line("2026-03-03", "网络", "商业企业", "某贸易公司", "2026-03-25", "3.4"),
        line("2026-11-20", "邮寄", "社会公益组织", "某协会"),  # open at the year end
        line(
            "2025-12-29",
            "传真",
            "法律服务机构",
            "某律师事务所",
            "2026-01-08",
            "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
        ),
        line("2026-04-01", "当面", "科研机构", "某研究院", "2026-04-03", "6.3"),
    ]
    path = tmp_path / "台账.csv"
    path.write_text(",".join(REGISTER_COLUMNS) + "\n" + "\n".join(rows) + "\n", encoding="utf-8")
    call_command("import_register", str(path))
    table = compile_annual_report(organ, 2026)["table3"]
    assert table["new"] == row(natural_person=1, commercial=1, public_interest=1, research=1)
    assert table["carried_in"] == row(legal_services=1)
    assert table["1"] == row(natural_person=1) and table["3.4"] == row(commercial=1)
    assert table["2"] == row(legal_services=1) and table["6.3"] == row(research=1)
    assert table["total"] == row(natural_person=1, commercial=1, legal_services=1, research=1)
    assert table["carried_out"] == row(public_interest=1)
    assert compile_annual_report(organ, 2026)["checks"] == []


def test_result_rows_are_the_outcome_codes_in_the_official_order_with_their_labels():
    # The codes are defined once (applications.models.Outcome); the report keeps its own row labels.
    assert Outcome.values == labels.RESULT_ROWS
    assert [key for key in labels.TABLE3_ROWS if key in Outcome.values] == labels.RESULT_ROWS
    assert labels.TABLE3_ROWS["3.4"] == "4.保护第三方合法权益" and labels.TABLE3_ROWS["6.3"] == "3.其他"
