"""`manage.py load_demo` and the annual report: the seed's 2018 figures, a full 2025, open 2026 requests.

`loaded_demo` (tests/conftest.py) is the command's result, loaded once per session; running it again is the real command.
"""

import datetime as dt
import re
from io import StringIO

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import connection
from django.utils import timezone

from applications import queries
from applications.models import Appeal, InformationRequest, RequestEvent
from demo.request_data import DEMO_REQUESTS, REQUESTS_2026, SPREAD_2018
from demo.requests import load_demo_requests
from disclosures.models import Organ
from disclosures.validators import is_valid_resident_id, is_valid_uscc
from reports import labels
from reports.compiler import compile_annual_report
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db

D = dt.date
RESULT_ROWS = [row for row in labels.TABLE3_ROW_KEYS if row not in ("new", "carried_in", "total", "carried_out")]


def load_demo() -> str:
    out = StringIO()
    call_command("load_demo", stdout=out)
    return out.getvalue()


def organ() -> Organ:
    return Organ.objects.get(name="防城港市行政审批局")


def row_counts() -> dict[str, int]:
    tables = set(connection.introspection.table_names())
    models = apps.get_models(include_auto_created=True)
    return {model._meta.label: model.objects.count() for model in models if model._meta.db_table in tables}


def cells(row: dict) -> dict:
    """The non-zero cells of a table 三 row."""
    return {column: n for column, n in row.items() if n}


def test_the_2018_report_reproduces_every_figure_of_the_seed(loaded_demo):
    report = compile_annual_report(organ(), 2018)

    facts = report["facts"]
    # the seed's 2018 items were all published in time (Art. 26; decisions within 7 working days)
    assert facts["timeliness"]["disclosures_late"] == 0 and facts["timeliness"]["decisions_late"] == 0
    assert {key: facts[key] for key in facts if key != "timeliness"} == {
        "normative_documents": 13,
        "interpretations": 5,
        "licences": 586,
        "personnel": 2,
        "news": 117,
        "budgets": 2,
        "proactive_total": 725,
        "responses": 7,
        "requests_received": 10,
        "requests_answered": 10,
        "requests_on_time": 10,
        "reconsiderations": 0,
        "lawsuits": 0,
        "fee_notices": 0,
        "fee_amount": 0,
        "fee_collected": 0,
        "fee_amount_unknown": 0,
        "fee_collected_unknown": 0,
    }
    table3 = report["table3"]
    assert table3["new"]["total"] == table3["total"]["total"] == 10
    assert table3["carried_in"]["total"] == table3["carried_out"]["total"] == 0
    # the spread the demo chose and recorded, row by row; every other result row is empty
    for row in RESULT_ROWS:
        expected = SPREAD_2018.get(row, {})
        assert cells(table3[row]) == ({**expected, "total": sum(expected.values())} if expected else {}), row
    assert sum(sum(columns.values()) for columns in SPREAD_2018.values()) == 10
    assert all(group["total"] == 0 for group in report["table4"].values())
    assert report["checks"] == []
    assert "主动公开政府信息725条" in report["sections"]["1"] and "按期答复10件" in report["sections"]["1"]


def test_the_2018_requests_follow_the_seed_text(loaded_demo):
    requests = InformationRequest.objects.filter(received_on__year=2018)
    assert requests.count() == 10
    assert set(requests.values_list("channel", flat=True)) == {"online", "in_person", "mail", "fax"}
    assert not requests.filter(answered_late=True).exists()
    assert not requests.exclude(fee_notice_on=None).exists()
    assert not Appeal.objects.filter(filed_on__year=2018).exists()
    assert all(r.received_on >= D(2018, 3, 1) and r.answered_on.year == 2018 for r in requests)


def test_checks_hold_in_2018_2025_and_2026_and_requests_carry_over_into_2026(loaded_demo):
    reports = {year: compile_annual_report(organ(), year) for year in (2018, 2025, 2026)}

    assert [reports[year]["checks"] for year in reports] == [[], [], []]
    carried_out, carried_in = reports[2025]["table3"]["carried_out"], reports[2026]["table3"]["carried_in"]
    assert carried_out == carried_in and carried_out["total"] == 3
    carried = InformationRequest.objects.filter(received_on__year=2025, answered_on__year=2026)
    assert carried.count() == 3 and all(r.received_on >= D(2025, 12, 20) for r in carried)


def test_2025_has_non_trivial_tables(loaded_demo):
    report = compile_annual_report(organ(), 2025)

    table3, table4, facts = report["table3"], report["table4"], report["facts"]
    assert 25 <= table3["new"]["total"] <= 40
    assert all(table3["new"][column] for column in labels.TABLE3_COLUMN_KEYS)  # every applicant column
    groups = {row.split(".")[0] for row in RESULT_ROWS if table3[row]["total"]}
    assert groups == {"1", "2", "3", "4", "5", "6"}
    for row in ("6.1", "6.2", "6.3", "4.3"):
        assert table3[row]["total"] == 1, row
    assert table4["reconsideration"] == {"upheld": 1, "corrected": 0, "other": 0, "pending": 1, "total": 2}
    assert table4["litigation_direct"] == {"upheld": 0, "corrected": 1, "other": 0, "pending": 0, "total": 1}
    assert table4["litigation_after_reconsideration"]["pending"] == 1
    assert facts["requests_answered"] - facts["requests_on_time"] == 2  # two answered late
    assert (facts["fee_notices"], facts["fee_collected"]) == (2, 1100)

    steps = set(RequestEvent.objects.filter(date__year=2025).values_list("kind", flat=True))
    for kind in (
        RequestEvent.Kind.CORRECTION_RECEIVED,
        RequestEvent.Kind.CONSULTATION_REPLY,
        RequestEvent.Kind.EXTENSION,
        RequestEvent.Kind.CUSTOM_DEADLINE,
    ):
        assert kind in steps, kind
    paid = InformationRequest.objects.get(fee_paid_on__isnull=False)
    assert paid.fee_method == "per_page" and paid.outcome == "1"
    # the reconsideration pending on 31 December 2025 was closed in 2026: it counts there with its result
    assert compile_annual_report(organ(), 2026)["table4"]["reconsideration"]["other"] == 1


def test_2026_requests_are_still_open_and_nothing_lies_in_the_future(loaded_demo):
    today = timezone.localdate()

    open_2026 = InformationRequest.objects.open().filter(received_on__year=2026)
    assert open_2026.count() == 4
    assert all(D(2026, 11, 1) <= r.received_on <= today for r in open_2026)
    assert open_2026.filter(deadline_provisional=True, events__kind=RequestEvent.Kind.EXTENSION).exists()
    pending = open_2026.get(status=InformationRequest.Status.PENDING)
    assert pending.channel == "online" and not pending.receipt_confirmed
    assert not RequestEvent.objects.filter(date__gt=today).exists()
    assert not InformationRequest.objects.filter(answered_on__gt=today).exists()


def test_demo_requests_are_consistent_and_obviously_fictional(loaded_demo):
    calendar = queries.build_calendar()

    requests = InformationRequest.objects.filter(import_key__startswith="demo:").prefetch_related("events")
    assert requests.count() == len(DEMO_REQUESTS)
    for request in requests:
        assert calendar.day(request.received_on).is_workday, request.import_key
        for event in request.events.all():
            if event.kind == RequestEvent.Kind.SUBMITTED:  # online: sent any day, received on the day staff confirm it
                assert event.date <= request.received_on, request.import_key
            else:
                assert event.date >= request.received_on, (request.import_key, event.kind)
                assert calendar.day(event.date).is_workday, (request.import_key, event.kind, event.date)
        if request.answered_on:
            assert request.answered_on == max(e.date for e in request.events.all())
        assert re.fullmatch(r"1380770\d{4}", request.phone)
        assert request.email == ""  # the demo sends no mail
        if request.applicant_type == "natural_person":
            assert re.fullmatch(r"[\u4e00-\u9fff]某某", request.name) and is_valid_resident_id(request.id_number)
        else:
            assert "某某" in request.name and is_valid_uscc(request.uscc)
    for appeal in Appeal.objects.select_related("request"):
        assert appeal.request.answered_on < appeal.filed_on
        appeal.full_clean()
    # answered since the portal is in use: each with its sent reply letter, no blanks left
    for request in requests.filter(status="answered", received_on__year__gte=2025):
        letter = request.letters.get()
        assert letter.sent_on == request.answered_on and "【" not in letter.body


def test_running_again_changes_no_counts_and_the_2018_report_stays_frozen(loaded_demo):
    before = row_counts()
    report = AnnualReport.objects.get(organ=organ(), year=2018)
    frozen = report.compiled

    out = load_demo()

    assert row_counts() == before
    assert "requests 0 created" in out and "appeals 0 created" in out
    report.refresh_from_db()
    assert report.status == AnnualReport.Status.PUBLISHED and report.revision == 1
    assert report.compiled == frozen
    live = compile_annual_report(organ(), 2018)
    assert frozen["table3"] == live["table3"] and frozen["facts"] == live["facts"] and frozen["checks"] == []
    assert frozen["sections"]["5"] and frozen["sections"]["overview"]["on_request"]
    draft = AnnualReport.objects.get(organ=organ(), year=2025)
    assert draft.status == AnnualReport.Status.DRAFT and draft.compiled is None


def test_nothing_dated_after_today_is_loaded(loaded_demo):
    # `loaded_demo`: the organ and the public record; its requests and appeals are taken out again
    InformationRequest.objects.all().delete()
    Appeal.objects.all().delete()

    summary = load_demo_requests(today=D(2025, 12, 31))

    assert not InformationRequest.objects.filter(received_on__year=2026).exists()
    assert not InformationRequest.objects.filter(answered_on__gt=D(2025, 12, 31)).exists()
    assert summary.later["requests"] == 3 + len(REQUESTS_2026)
    assert summary.later["appeals"] == 1  # concluded in 2026
    assert "not yet due" in summary.line()
