"""The published report's DOCX and XLSX are built once, stored and served as files (reports.files).

The attack: each anonymous download rebuilt the DOCX (1.2–2.6 s of a worker), with no cache and no
limit, so a few clients could keep every worker busy.
"""

import io

import docx
import openpyxl
import pytest
from django.core.files.storage import default_storage
from django.urls import reverse

from reports import exports, files, services
from reports.models import AnnualReport

pytestmark = pytest.mark.django_db


@pytest.fixture
def report(organ):
    return AnnualReport.objects.create(organ=organ, year=2025, fees_wan_yuan="0", problems="一是政策解读形式较单一。")


def publish(report, capture):
    services.submit_for_review(report=report)
    with capture(execute=True):
        return services.publish_report(report=report)


@pytest.fixture
def builds(monkeypatch):
    """Counts how often each file is built."""
    counts = {"docx": 0, "xlsx": 0}
    for fmt, (build, content_type) in list(files.FORMATS.items()):

        def counting(data, title, build=build, fmt=fmt):
            counts[fmt] += 1
            return build(data, title)

        monkeypatch.setitem(files.FORMATS, fmt, (counting, content_type))
    return counts


def download(client, fmt, year=2025):
    return client.get(reverse(f"reports:report-{fmt}", kwargs={"year": year}))


def test_publication_stores_both_files_and_downloads_never_rebuild_them(
    client, report, builds, django_capture_on_commit_callbacks
):
    report = publish(report, django_capture_on_commit_callbacks)
    assert builds == {"docx": 1, "xlsx": 1}
    report.refresh_from_db()
    assert report.docx_file.name == f"reports/{report.organ_id}/2025-r1.docx"
    stored = default_storage.open(report.docx_file.name).read()
    for _ in range(3):
        response = download(client, "docx")
        assert response.status_code == 200 and response.content == stored
        assert "attachment" in response["Content-Disposition"]
        assert download(client, "xlsx").status_code == 200
    assert builds == {"docx": 1, "xlsx": 1}
    table = docx.Document(io.BytesIO(stored)).tables
    assert table, "the stored DOCX holds the report's tables"
    assert openpyxl.load_workbook(io.BytesIO(download(client, "xlsx").content)).worksheets


def test_a_report_published_without_files_builds_them_on_the_first_download_only(client, report, builds):
    services.submit_for_review(report=report)
    services.publish_report(report=report)  # on_commit not run: as for reports published before files
    assert builds == {"docx": 0, "xlsx": 0}
    assert download(client, "docx").status_code == 200
    assert download(client, "docx").status_code == 200
    assert builds == {"docx": 1, "xlsx": 1}


def test_a_lost_file_is_built_again(client, report, builds, django_capture_on_commit_callbacks):
    report = publish(report, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    default_storage.delete(report.xlsx_file.name)
    assert download(client, "xlsx").status_code == 200
    assert builds == {"docx": 1, "xlsx": 2}
    assert default_storage.exists(report.xlsx_file.name)


def test_drafts_and_reports_under_review_have_no_public_file(client, report, builds):
    assert download(client, "docx").status_code == 404
    services.submit_for_review(report=report)
    assert download(client, "xlsx").status_code == 404
    assert builds == {"docx": 0, "xlsx": 0}
    assert files.store_report_files(report.pk) is None


def test_a_revised_report_gets_new_files_and_the_old_ones_go(client, report, django_capture_on_commit_callbacks):
    report = publish(report, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    first = report.docx_file.name
    services.revise_report(report=report, note="更正表三数字")
    # while the revision is drafted, the public keeps the published report and its files
    assert download(client, "docx").content == default_storage.open(first).read()
    report.refresh_from_db()
    republished = publish(report, django_capture_on_commit_callbacks)
    republished.refresh_from_db()
    assert republished.docx_file.name == f"reports/{report.organ_id}/2025-r2.docx"
    assert not default_storage.exists(first)
    assert download(client, "docx").content == default_storage.open(republished.docx_file.name).read()


def test_the_stored_file_is_what_the_export_builds(client, report, django_capture_on_commit_callbacks):
    report = publish(report, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    expected = exports.report_xlsx(report.compiled, report.title)
    served = openpyxl.load_workbook(io.BytesIO(download(client, "xlsx").content))
    built = openpyxl.load_workbook(io.BytesIO(expected))
    assert [[c.value for row in sheet.iter_rows() for c in row] for sheet in served.worksheets] == [
        [c.value for row in sheet.iter_rows() for c in row] for sheet in built.worksheets
    ]


def test_a_file_replaced_between_the_check_and_the_open_is_served_from_the_new_revision(
    client, report, django_capture_on_commit_callbacks, monkeypatch
):
    report = publish(report, django_capture_on_commit_callbacks)
    report.refresh_from_db()
    old = report.docx_file.name
    real_is_current, fired = files.is_current, []

    def current_then_gone(report, fmt):
        """The check passes; then a republication (revision 2) deletes the old file."""
        result = real_is_current(report, fmt)
        if not fired:
            fired.append(True)
            AnnualReport.objects.filter(pk=report.pk).update(revision=2)
            files.store_report_files(report.pk)
        return result

    monkeypatch.setattr(files, "is_current", current_then_gone)
    response = download(client, "docx")
    assert response.status_code == 200
    assert not default_storage.exists(old)
    assert response.content == default_storage.open(f"reports/{report.organ_id}/2025-r2.docx").read()
