"""Staff compile, review, publish and revise annual reports here."""

from django import forms
from django.contrib import admin
from django.template.loader import render_to_string
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.admin_steps import AdminStep, AdminStepsMixin, NoFieldsForm, in_status
from common.history import ReadOnlyHistoryAdmin
from reports import compiler, exports, services
from reports.models import AnnualReport, AnnualReportRevision


class RevisionForm(forms.Form):
    note = forms.CharField(
        label=_("修订说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("将随新版本公开。")
    )


class AnnualReportForm(forms.ModelForm):
    """Section 一 and 六 start from the paragraphs generated from the data; staff edit them."""

    class Meta:
        model = AnnualReport
        fields = "__all__"  # noqa: DJ007 - the admin's fieldsets choose and order the fields

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        report = self.instance
        if report.pk and not report.is_published and ("overview" in self.fields or "other_matters" in self.fields):
            data = compiler.compile_annual_report(report.organ, report.year, fees_wan_yuan=report.fees_wan_yuan)
            if "overview" in self.fields and not report.overview.strip():
                self.initial["overview"] = data["sections"]["1"]
            if "other_matters" in self.fields and not report.other_matters.strip():
                self.initial["other_matters"] = data["sections"]["6"]


class ReportStep(AdminStep):
    """A step of a report's review and publication: its service takes the report as `report`.

    Every step needs the change permission on the report (the default of AdminStep.permissions).
    """

    subject = "report"


REPORT_STEPS = (
    ReportStep("submit", _("提交审核"), NoFieldsForm, services.submit_for_review, in_status(AnnualReport.Status.DRAFT)),
    ReportStep(
        "return", _("退回修改"), NoFieldsForm, services.return_to_draft, in_status(AnnualReport.Status.IN_REVIEW)
    ),
    ReportStep(
        "publish", _("审核通过并发布"), NoFieldsForm, services.publish_report, in_status(AnnualReport.Status.IN_REVIEW)
    ),
    ReportStep(
        "revise", _("修订已发布的报告"), RevisionForm, services.revise_report, in_status(AnnualReport.Status.PUBLISHED)
    ),
)


class RevisionInline(admin.TabularInline):
    model = AnnualReportRevision
    extra = 0
    can_delete = False
    fields = ["revision", "published_at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(AdminStepsMixin, ReadOnlyHistoryAdmin):
    form = AnnualReportForm
    admin_steps = REPORT_STEPS
    step_url = "act"
    step_done_message = _("已%(step)s。")
    step_unavailable_message = _("报告当前状态不能“%(step)s”。")
    list_display = ["year", "organ", "status", "revision", "published_at"]
    list_filter = ["status", "organ"]
    readonly_fields = ["status", "revision", "published_at", "published_by", "checks", "tables"]
    inlines = [RevisionInline]
    fieldsets = [
        (None, {"fields": ["organ", "year", "status", "revision", "published_at", "published_by"]}),
        (
            _("一、总体情况"),
            {
                "fields": [
                    "overview",
                    "overview_proactive",
                    "overview_on_request",
                    "overview_management",
                    "overview_platforms",
                    "overview_supervision",
                ]
            },
        ),
        (_("二、主动公开政府信息情况（数据无法记录的项目）"), {"fields": ["fees_wan_yuan"]}),
        (_("五、六"), {"fields": ["problems", "other_matters", "revision_note"]}),
        (_("统计表（根据数据生成）"), {"fields": ["checks", "tables"]}),
    ]

    def get_readonly_fields(self, request, obj=None):
        fields = list(self.readonly_fields)
        if obj is not None:
            fields += ["organ", "year"]
            if obj.status != AnnualReport.Status.DRAFT:
                # Under review or published: the text is what was reviewed; revise to change it.
                fields += [f.name for f in AnnualReport._meta.fields if f.editable and f.name not in fields]
        return fields

    def _data(self, obj):
        # compiled once per page: both read-only fields show the same compilation
        if getattr(obj, "_report_data", None) is None:
            obj._report_data = services.report_data(obj)
        return obj._report_data

    @admin.display(description=_("勾稽关系检查"))
    def checks(self, obj):
        if obj.pk is None:
            return "—"
        failures = self._data(obj)["checks"]
        if not failures:
            return _("全部成立。")
        return format_html(
            "<ul>{}</ul>",
            format_html_join("", "<li>{}：{}（{}）</li>", ((f["rule"], f["message"], f["level"]) for f in failures)),
        )

    @admin.display(description=_("统计表"))
    def tables(self, obj):
        if obj.pk is None:
            return _("保存后根据数据生成。")
        return render_to_string(
            "reports/includes/report_tables.html", exports.report_context(self._data(obj), obj.title)
        )

    def get_step_queryset(self, request):
        return AnnualReport.objects.select_related("organ")
