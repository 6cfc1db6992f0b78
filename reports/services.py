"""Write actions on annual reports: compile (live or frozen), review, publish, revise."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from reports import files
from reports.compiler import compile_annual_report
from reports.models import AnnualReport, AnnualReportRevision


def report_data(report: AnnualReport) -> dict:
    """The report's tables: frozen once published, else compiled live from the data."""
    if report.is_published and report.compiled:
        return report.compiled
    return compile_annual_report(
        report.organ, report.year, fees_wan_yuan=report.fees_wan_yuan, sections=report.narrative()
    )


@transaction.atomic
def submit_for_review(*, report: AnnualReport, actor=None) -> AnnualReport:
    if report.status != AnnualReport.Status.DRAFT:
        raise ValidationError(_("只有草稿可以提交审核。"), code="not_draft")
    report.status = AnnualReport.Status.IN_REVIEW
    report.save(update_fields=["status", "updated_at"])
    return report


@transaction.atomic
def return_to_draft(*, report: AnnualReport, actor=None) -> AnnualReport:
    if report.status != AnnualReport.Status.IN_REVIEW:
        raise ValidationError(_("只有审核中的报告可以退回修改。"), code="not_in_review")
    report.status = AnnualReport.Status.DRAFT
    report.save(update_fields=["status", "updated_at"])
    return report


@transaction.atomic
def publish_report(*, report: AnnualReport, actor=None) -> AnnualReport:
    """Freeze the compiled tables. Refused while an identity of §2.7 fails (warnings do not block)."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if report.status != AnnualReport.Status.IN_REVIEW:
        raise ValidationError(_("报告须经审核后发布。"), code="not_in_review")
    if report.year >= timezone.localdate().year:
        raise ValidationError(
            _("%(year)s年尚未结束，不能发布该年度报告。") % {"year": report.year}, code="year_not_over"
        )
    data = compile_annual_report(
        report.organ, report.year, fees_wan_yuan=report.fees_wan_yuan, sections=report.narrative()
    )
    errors = [check for check in data["checks"] if check["level"] == "error"]
    if errors:
        raise ValidationError(
            _("统计表勾稽关系不成立，不能发布：%(errors)s") % {"errors": "；".join(c["message"] for c in errors)},
            code="checks_failed",
        )
    report.compiled = data
    report.revision += 1
    report.status = AnnualReport.Status.PUBLISHED
    report.published_at = timezone.now()
    report.published_by = actor
    report.save()
    files.build_after_commit(report)
    return report


@transaction.atomic
def revise_report(*, report: AnnualReport, note: str, actor=None) -> AnnualReport:
    """Reopen a published report for a new compilation; the published tables are kept as a revision."""
    report = AnnualReport.objects.select_for_update().get(pk=report.pk)
    if not report.is_published:
        raise ValidationError(_("只有已发布的报告可以修订。"), code="not_published")
    if not note.strip():
        raise ValidationError(_("请填写修订说明。"), code="revision_note_missing")
    AnnualReportRevision.objects.create(
        report=report,
        revision=report.revision,
        compiled=report.compiled,
        published_at=report.published_at,
        note=note,
    )
    report.status = AnnualReport.Status.DRAFT
    report.revision_note = note
    report.save(update_fields=["status", "revision_note", "updated_at"])
    return report
