"""Staff compile, review, publish and revise annual reports here."""

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext_lazy as _

from common.history import ReadOnlyHistoryAdmin
from reports import compiler, exports, services
from reports.models import AnnualReport, AnnualReportRevision


class RevisionForm(forms.Form):
    note = forms.CharField(
        label=_("修订说明"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}), help_text=_("将随新版本公开。")
    )


class EmptyForm(forms.Form):
    pass


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


# action name → (label, form, service, allowed statuses)
REPORT_ACTIONS = {
    "submit": (_("提交审核"), EmptyForm, services.submit_for_review, {AnnualReport.Status.DRAFT}),
    "return": (_("退回修改"), EmptyForm, services.return_to_draft, {AnnualReport.Status.IN_REVIEW}),
    "publish": (_("审核通过并发布"), EmptyForm, services.publish_report, {AnnualReport.Status.IN_REVIEW}),
    "revise": (_("修订已发布的报告"), RevisionForm, services.revise_report, {AnnualReport.Status.PUBLISHED}),
}


class RevisionInline(admin.TabularInline):
    model = AnnualReportRevision
    extra = 0
    can_delete = False
    fields = ["revision", "published_at", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(AnnualReport)
class AnnualReportAdmin(ReadOnlyHistoryAdmin):
    form = AnnualReportForm
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

    def get_urls(self):
        return [
            path(
                "<int:pk>/act/<slug:action>/",
                self.admin_site.admin_view(self.action_view),
                name="reports_annualreport_act",
            ),
            *super().get_urls(),
        ]

    def action_view(self, request, pk, action):
        report = get_object_or_404(AnnualReport.objects.select_related("organ"), pk=pk)
        if action not in REPORT_ACTIONS or not self.has_change_permission(request, report):
            raise PermissionDenied
        label, form_class, service, statuses = REPORT_ACTIONS[action]
        if report.status not in statuses:
            self.message_user(request, _("报告当前状态不能“%(action)s”。") % {"action": label}, messages.ERROR)
            return redirect("admin:reports_annualreport_change", pk)
        form = form_class(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                service(report=report, actor=request.user, **form.cleaned_data)
            except ValidationError as exc:
                form.add_error(None, exc)
            else:
                self.message_user(request, _("已%(action)s。") % {"action": label})
                return redirect("admin:reports_annualreport_change", pk)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "original": report,
            "form": form,
            "title": f"{label}：{report}",
            "submit_label": label,
        }
        return TemplateResponse(request, "admin/applications/simple_form.html", context)

    def change_view(self, request, object_id, form_url="", extra_context=None):
        report = AnnualReport.objects.filter(pk=object_id).first()
        extra_context = extra_context or {}
        if report is not None:
            extra_context["report_actions"] = [
                (label, reverse("admin:reports_annualreport_act", args=[object_id, name]))
                for name, (label, _form, _service, statuses) in REPORT_ACTIONS.items()
                if report.status in statuses
            ]
        return super().change_view(request, object_id, form_url, extra_context)
