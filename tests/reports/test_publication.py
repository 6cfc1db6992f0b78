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
    assert report.compiled["table2"]["fees_wan_yuan"] == "1.500000"
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
