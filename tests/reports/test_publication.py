"""Review and publication of the annual report: frozen tables, revisions, refusals."""

import datetime as dt

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from applications.models import InformationRequest
from reports import services
from reports.models import AnnualReport
from tests.factories import InformationRequestFactory

pytestmark = pytest.mark.django_db

D = dt.date


def answered(received, on, outcome="1"):
    request = InformationRequestFactory(received_on=received)
    InformationRequest.objects.filter(pk=request.pk).update(outcome=outcome, answered_on=on, status="answered")
    return request


@pytest.fixture
def report(organ):
    answered(D(2025, 3, 3), D(2025, 3, 20))
    answered(D(2025, 4, 1), D(2025, 4, 20), "2")
    return AnnualReport.objects.create(organ=organ, year=2025, problems="一是……", fees_wan_yuan="1.5")


def test_publication_freezes_the_tables(report):
    services.submit_for_review(report=report)
    services.publish_report(report=report)
    report.refresh_from_db()
    assert report.is_published and report.revision == 1 and report.published_at
    assert report.compiled["table3"]["total"]["total"] == 2
    assert report.compiled["sections"]["5"] == "一是……"
    assert report.compiled["table2"]["fees_wan_yuan"] == "1.5"
    answered(D(2025, 5, 6), D(2025, 5, 20))  # data change after publication
    assert services.report_data(report)["table3"]["total"]["total"] == 2
    assert list(AnnualReport.objects.published()) == [report]


def test_publication_needs_review(report):
    with pytest.raises(ValidationError) as exc:
        services.publish_report(report=report)
    assert exc.value.code == "not_in_review"


def test_failed_identity_blocks_publication(report, monkeypatch):
    from reports import compiler

    real = compiler.compile_annual_report

    def broken(*args, **kwargs):
        data = real(*args, **kwargs)
        data["checks"] = [
            {"level": "error", "rule": "一 + 二 = 三（七） + 四", "cells": [], "message": "自然人列：2 ≠ 1"}
        ]
        return data

    monkeypatch.setattr(services, "compile_annual_report", broken)
    services.submit_for_review(report=report)
    with pytest.raises(ValidationError) as exc:
        services.publish_report(report=report)
    assert exc.value.code == "checks_failed" and "自然人列：2 ≠ 1" in exc.value.messages[0]
    report.refresh_from_db()
    assert not report.is_published


def test_a_revision_keeps_the_published_tables_until_republished(report):
    services.submit_for_review(report=report)
    services.publish_report(report=report)
    answered(D(2025, 5, 6), D(2025, 5, 20))
    with pytest.raises(ValidationError):
        services.revise_report(report=report, note=" ")
    services.revise_report(report=report, note="补录一件漏登的申请")
    report.refresh_from_db()
    assert report.status == "draft" and report.revisions.get().revision == 1
    assert list(AnnualReport.objects.published()) == [report]  # the public still sees revision 1
    assert report.compiled["table3"]["total"]["total"] == 2
    services.submit_for_review(report=report)
    services.publish_report(report=report)
    report.refresh_from_db()
    assert report.revision == 2 and report.compiled["table3"]["total"]["total"] == 3


def test_admin_walks_a_report_to_publication(staff_client, report):
    change = reverse("admin:reports_annualreport_change", args=[report.pk])
    html = staff_client.get(change).content.decode()
    assert "全部成立" in html and reverse("admin:reports_annualreport_act", args=[report.pk, "submit"]) in html
    staff_client.post(reverse("admin:reports_annualreport_act", args=[report.pk, "submit"]))
    staff_client.post(reverse("admin:reports_annualreport_act", args=[report.pk, "publish"]))
    report.refresh_from_db()
    assert report.is_published and report.published_by is not None
    # publish again is not offered and refused
    response = staff_client.post(reverse("admin:reports_annualreport_act", args=[report.pk, "publish"]), follow=True)
    assert "报告当前状态不能" in response.content.decode()
    staff_client.post(reverse("admin:reports_annualreport_act", args=[report.pk, "revise"]), {"note": "更正"})
    report.refresh_from_db()
    assert report.status == "draft" and report.revision_note == "更正"


def test_report_steps_need_the_change_permission_on_the_report(client, django_user_model, report):
    from django.contrib.auth.models import Permission

    reader = django_user_model.objects.create_user("report-reader", is_staff=True)
    reader.user_permissions.add(Permission.objects.get(codename="view_annualreport"))
    client.force_login(reader)
    submit = reverse("admin:reports_annualreport_act", args=[report.pk, "submit"])
    assert submit not in client.get(reverse("admin:reports_annualreport_change", args=[report.pk])).content.decode()
    assert client.post(submit).status_code == 403
    report.refresh_from_db()
    assert report.status == "draft"


def test_a_revision_needs_its_note(staff_client, report):
    services.submit_for_review(report=report)
    services.publish_report(report=report)
    revise = reverse("admin:reports_annualreport_act", args=[report.pk, "revise"])
    page = staff_client.get(revise)
    assert page.status_code == 200 and 'name="note"' in page.content.decode()
    assert staff_client.post(revise, {"note": ""}).status_code == 200
    report.refresh_from_db()
    assert report.is_published


def test_unfinished_year_cannot_be_published(organ):
    from django.utils import timezone

    report = AnnualReport.objects.create(organ=organ, year=timezone.localdate().year)
    services.submit_for_review(report=report)
    with pytest.raises(ValidationError) as exc:
        services.publish_report(report=report)
    assert exc.value.code == "year_not_over"


def test_cross_year_warning_compares_with_last_years_published_report(report):
    services.submit_for_review(report=report)
    services.publish_report(report=report)
    report.refresh_from_db()
    assert report.compiled["table3"]["carried_out"]["total"] == 0
    # an answer date moved after publication: a 2025 request is now open on 31 December 2025
    moved = InformationRequest.objects.filter(answered_on__year=2025).first()
    InformationRequest.objects.filter(pk=moved.pk).update(answered_on=D(2026, 1, 5))
    from reports.compiler import compile_annual_report

    checks = compile_annual_report(report.organ, 2026)["checks"]
    assert [c["level"] for c in checks] == ["warning", "warning"]  # the person's column and the total
    assert "上年报告结转下年度 0" in checks[0]["message"]


def test_statistics_page_shows_the_published_numbers(client, report):
    services.submit_for_review(report=report)
    services.publish_report(report=report)
    answered(D(2025, 5, 6), D(2025, 5, 20))
    from reports.compiler import compile_annual_report
    from reports.statistics_views import year_statistics

    assert compile_annual_report(report.organ, 2025)["facts"]["requests_answered"] == 3  # live data moved on
    assert year_statistics(report.organ, 2025)["facts"]["requests_answered"] == 2  # the page shows the report
    assert client.get(reverse("statistics:index"), {"year": 2025}).status_code == 200


def test_admin_shows_the_tables_and_prefills_the_generated_paragraph(staff_client, report):
    html = staff_client.get(reverse("admin:reports_annualreport_change", args=[report.pk])).content.decode()
    assert "（七）总计" in html and "二、上年结转政府信息公开申请数量" in html
    assert "2025年，" in html and "全年新收政府信息公开申请2件" in html
