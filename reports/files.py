"""The published report's downloads (DOCX, XLSX): built once from its frozen tables, stored, served.

They are built right after the publication commits, and again only when missing (a report
published before files were kept, or storage lost): the first download then builds and stores them
under the report's row lock, so two visitors never build the same file twice. The stored name
carries the report's revision, so a revised and republished report gets new files and the old ones
are deleted. Reports never published have no files: the public views serve published reports only.
"""

from django.core.files.base import ContentFile
from django.db import transaction
from django.http import Http404

from reports import exports
from reports.models import AnnualReport

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FORMATS = {
    "docx": (exports.report_docx, DOCX_TYPE),
    "xlsx": (exports.report_xlsx, XLSX_TYPE),
}


def _relative_name(report: AnnualReport, fmt: str) -> str:
    """The name given to the field, which prefixes its `upload_to` folder."""
    return f"{report.organ_id}/{report.year}-r{report.revision}.{fmt}"


def stored_name(report: AnnualReport, fmt: str) -> str:
    return getattr(report, f"{fmt}_file").field.generate_filename(report, _relative_name(report, fmt))


def is_current(report: AnnualReport, fmt: str) -> bool:
    field = getattr(report, f"{fmt}_file")
    return field.name == stored_name(report, fmt) and field.storage.exists(field.name)


def store_report_files(report_pk: int) -> AnnualReport | None:
    """Build and store the files of a published report that lacks current ones; None if the report
    was never published. (While a revision is drafted, the public keeps the last published tables,
    `compiled`, and so their files.)"""
    with transaction.atomic():
        report = AnnualReport.objects.select_for_update().select_related("organ").filter(pk=report_pk).first()
        if report is None or not report.compiled:
            return None
        changed = []
        for fmt, (build, _content_type) in FORMATS.items():
            if is_current(report, fmt):
                continue
            field = getattr(report, f"{fmt}_file")
            old, name = field.name, stored_name(report, fmt)
            field.storage.delete(name)  # a leftover of a rolled-back build: replace it, keep the name
            field.save(_relative_name(report, fmt), ContentFile(build(report.compiled, report.title)), save=False)
            if old and old != field.name:
                field.storage.delete(old)
            changed.append(f"{fmt}_file")
        if changed:
            AnnualReport.objects.filter(pk=report.pk).update(**{f: getattr(report, f).name for f in changed})
        return report


def build_after_commit(report: AnnualReport) -> None:
    """Called by the publication: build the files once the report is committed as published."""
    transaction.on_commit(lambda: store_report_files(report.pk))


def report_file(report: AnnualReport, fmt: str):
    """The stored file of a published report, opened for reading (built first if missing)."""
    for _attempt in range(2):
        if not is_current(report, fmt):
            report = store_report_files(report.pk)
            if report is None:
                raise Http404("Not published")
        try:
            return getattr(report, f"{fmt}_file").open("rb")
        except FileNotFoundError:  # a new revision's files replaced it between the check and the open
            report = AnnualReport.objects.select_related("organ").get(pk=report.pk)
    raise Http404("Report file unavailable")
