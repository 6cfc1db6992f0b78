"""Public pages of the annual report (公开年报). Only published reports of the portal's organ, and
only their frozen tables (`compiled`): a live compilation never reaches the public."""

from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.utils.http import content_disposition_header

from disclosures.models import Organ
from reports import exports, files
from reports.models import AnnualReport


def _default_organ() -> Organ:
    organ = Organ.objects.default()
    if organ is None:
        raise Http404("No organ")
    return organ


def published_report(year: int) -> AnnualReport:
    """The published report of the default organ for `year`, or 404 (drafts and unknown years alike)."""
    organ = _default_organ()
    report = get_object_or_404(AnnualReport.objects.published(), organ=organ, year=year)
    report.organ = organ  # the same row: no second query for the title
    return report


def report_list(request):
    organ = Organ.objects.default()
    reports = []
    if organ is not None:
        reports = list(AnnualReport.objects.published().filter(organ=organ).defer("compiled").order_by("-year"))
        for report in reports:
            report.organ = organ
    return render(request, "reports/annualreport_list.html", {"reports": reports, "organ": organ})


def report_detail(request, year: int):
    report = published_report(year)
    context = exports.report_context(report.compiled, report.title)
    context.update(report=report, organ=report.organ)
    return render(request, "reports/annualreport_detail.html", context)


def _download(year: int, fmt: str) -> HttpResponse:
    """The stored file (tens of kilobytes: read whole, so the response has its length)."""
    report = published_report(year)
    with files.report_file(report, fmt) as handle:
        response = HttpResponse(handle.read(), content_type=files.FORMATS[fmt][1])
    response["Content-Disposition"] = content_disposition_header(True, f"{report.title}.{fmt}")
    return response


def report_docx(request, year: int):
    return _download(year, "docx")


def report_xlsx(request, year: int):
    return _download(year, "xlsx")
