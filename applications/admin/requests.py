"""The staff side of requests: the register, offline entry, clock events, letters and attachments."""

import datetime as dt
import functools

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpResponse
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.http import content_disposition_header
from django.utils.translation import gettext_lazy as _

from applications import deadlines, letters, queries, register_admin, retention, services
from applications.actions import ACTIONS, CONFIRM_RECEIPT
from applications.forms import StaffRequestForm
from applications.models import (
    APPLICANT_FIELDS,
    PERSONAL_FIELDS,
    InformationRequest,
    Outcome,
    ReleasedFile,
    ReplyLetter,
    RequestAttachment,
    RequestEvent,
)
from common.admin_steps import AdminStepsMixin
from common.history import ReadOnlyHistoryAdmin

PERSONAL_PERMISSION = "applications.view_personal_data"


def can_see_personal_data(user) -> bool:
    return user.has_perm(PERSONAL_PERMISSION)


class YearFilter(admin.SimpleListFilter):
    title = _("收到年度")
    parameter_name = "year"

    def lookups(self, request, model_admin):
        this_year = timezone.localdate().year
        return [(str(y), str(y)) for y in range(this_year, this_year - 8, -1)]

    def queryset(self, request, queryset):
        if self.value() and self.value().isdigit():
            year = int(self.value())
            return queryset.filter(received_on__gte=dt.date(year, 1, 1), received_on__lte=dt.date(year, 12, 31))
        return queryset


class DeadlineFilter(admin.SimpleListFilter):
    title = _("期限")
    parameter_name = "deadline"

    def lookups(self, request, model_admin):
        return [("overdue", _("已逾期")), ("provisional", _("暂定期限")), ("open", _("办理中（未办结）"))]

    def queryset(self, request, queryset):
        if self.value() == "overdue":
            return queryset.overdue()
        if self.value() == "provisional":
            return queryset.provisional()
        if self.value() == "open":
            return queryset.open()
        return queryset


class RequestEventInline(admin.TabularInline):
    model = RequestEvent
    extra = 0
    can_delete = False
    fields = ["date", "kind", "note", "data", "actor", "created_at"]
    readonly_fields = fields
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class PersonalFilesInline(admin.TabularInline):
    """Files of a request's personal data: listed read-only, to those who may see personal data."""

    extra = 0
    can_delete = False

    def has_add_permission(self, request, obj=None):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_view_permission(self, request, obj=None):
        return can_see_personal_data(request.user)


class RequestAttachmentInline(PersonalFilesInline):
    model = RequestAttachment
    fields = ["original_name", "content_type", "size", "uploaded_at", "download"]
    readonly_fields = fields

    @admin.display(description=_("下载"))
    def download(self, obj):
        url = reverse("admin:applications_requestattachment_download", args=[obj.pk])
        return format_html('<a href="{}">{}</a>', url, _("下载"))


class ReleasedFileInline(PersonalFilesInline):
    """What was released to the requester with the answer (kept after the file itself expires)."""

    model = ReleasedFile
    fields = ["original_name", "size", "uploaded_by", "uploaded_at", "still_downloadable"]
    readonly_fields = fields

    @admin.display(description=_("申请人仍可下载"), boolean=True)
    def still_downloadable(self, obj):
        return bool(obj.file)


@admin.register(InformationRequest)
class InformationRequestAdmin(AdminStepsMixin, ReadOnlyHistoryAdmin):
    list_display = [
        "tracking_number",
        "channel",
        "applicant_kind",
        "status",
        "received_on",
        "due_date",
        "days_left",
        "overdue",
        "deadline_provisional",
    ]
    list_filter = ["status", "channel", "applicant_type", "organisation_kind", YearFilter, DeadlineFilter]
    form = StaffRequestForm
    date_hierarchy = "received_on"
    inlines = [RequestAttachmentInline, ReleasedFileInline, RequestEventInline]
    actions = ["confirm_receipt_today"]
    admin_steps = ACTIONS
    step_url = "act"
    step_done_message = _("已办理：%(step)s。")
    step_unavailable_message = _("该申请当前不能办理“%(step)s”。")
    readonly_fields = [
        "tracking_number",
        "submitted_at",
        "receipt_confirmed",
        "status",
        "due_date",
        "deadline_provisional",
        "deadline_state",
        "correction_due_date",
        "deadline_explanation",
        "outcome",
        "answered_on",
        "answered_late",
        "legal_basis",
        "handler",
        "fee_method",
        "fee_pages",
        "fee_amount",
        "fee_notice_on",
        "fee_paid_on",
        "promoted_disclosure",
    ]

    def lookup_allowed(self, lookup, value, request=None):
        # URL filters on personal fields (?name__startswith=…) would read them out letter by letter.
        if lookup.split("__")[0] in PERSONAL_FIELDS and not (request and can_see_personal_data(request.user)):
            return False
        return super().lookup_allowed(lookup, value, request)

    def get_inlines(self, request, obj):
        # On the add form there is nothing to list yet: the service writes the first event itself.
        return self.inlines if obj is not None else []

    def get_search_fields(self, request):
        # Searching by name reveals who asked: only for those allowed to see personal data.
        return ["tracking_number", "name"] if can_see_personal_data(request.user) else ["tracking_number"]

    def get_fieldsets(self, request, obj=None):
        applicant = ["applicant_type", "organisation_kind"]
        if can_see_personal_data(request.user) or obj is None:
            applicant += PERSONAL_FIELDS
        if obj is not None and obj.personal_data_purged_on:
            applicant.append("personal_data_purged_on")
        if obj is None:
            return [
                (_("收到申请"), {"fields": ["channel", "received_on"]}),
                (_("申请人"), {"fields": applicant}),
                (_("所需信息"), {"fields": ["description", "form_wanted", "delivery"]}),
            ]
        return [
            (_("申请"), {"fields": ["tracking_number", "channel", "submitted_at", "received_on", "receipt_confirmed"]}),
            (_("申请人"), {"fields": applicant}),
            (_("所需信息"), {"fields": ["description", "form_wanted", "delivery", "fee_items"]}),
            (
                _("答复期限"),
                {
                    "fields": [
                        "status",
                        "due_date",
                        "deadline_provisional",
                        "deadline_state",
                        "correction_due_date",
                        "deadline_explanation",
                    ]
                },
            ),
            (
                _("信息处理费"),
                {
                    "fields": ["fee_method", "fee_items", "fee_pages", "fee_amount", "fee_notice_on", "fee_paid_on"],
                    "classes": ["collapse"],
                },
            ),
            (
                _("答复"),
                {
                    "fields": [
                        "handler",
                        "outcome",
                        "legal_basis",
                        "answered_on",
                        "answered_late",
                        "promoted_disclosure",
                        "remarks",
                    ]
                },
            ),
        ]

    def get_readonly_fields(self, request, obj=None):
        if obj is None:
            return []
        # The receipt date changes only through 确认收到, so the deadline and its log stay consistent.
        fields = [*self.readonly_fields, "channel", "received_on", "applicant_type"]
        if obj.personal_data_purged_on:
            # Masked values would not pass the form's checks, and nothing is to be typed in again.
            fields += [*APPLICANT_FIELDS, "personal_data_purged_on"]
        return fields

    def has_add_permission(self, request):
        # Recording a request means typing the applicant's personal data.
        return super().has_add_permission(request) and can_see_personal_data(request.user)

    def save_model(self, request, obj, form, change):
        if change:
            super().save_model(request, obj, form, change)
            return
        data = {name: form.cleaned_data.get(name, "") for name in APPLICANT_FIELDS}
        created, code = services.record_offline_request(
            data=data,
            channel=form.cleaned_data["channel"],
            received_on=form.cleaned_data["received_on"],
            actor=request.user,
        )
        obj.pk = created.pk
        obj.tracking_number = created.tracking_number
        self.message_user(
            request,
            _("已登记申请 %(number)s。查询码：%(code)s（只显示这一次，请告知申请人）。")
            % {"number": created.tracking_number, "code": code},
            messages.WARNING,
        )

    def save_related(self, request, form, formsets, change):
        if change:
            super().save_related(request, form, formsets, change)

    def delete_model(self, request, obj):
        # Files deleted after the commit, history rows masked (the model's delete does the same).
        retention.delete_request(obj)

    def delete_queryset(self, request, queryset):
        retention.delete_requests(queryset)

    # -- list columns ----------------------------------------------------------------------

    @admin.display(description=_("申请人类型"), ordering="applicant_type")
    def applicant_kind(self, obj):
        if obj.applicant_type == InformationRequest.ApplicantType.ORGANISATION and obj.organisation_kind:
            return obj.get_organisation_kind_display()
        return obj.get_applicant_type_display()

    @admin.display(description=_("剩余工作日"))
    def days_left(self, obj, calendar=None):
        if not obj.is_open or obj.due_date is None:
            return "—"
        today = timezone.localdate()
        if obj.due_date < today:
            return _("逾期")
        return deadlines.working_days_between(today, obj.due_date, calendar or queries.build_calendar())

    @admin.display(description=_("逾期"), boolean=True)
    def overdue(self, obj):
        return obj.is_overdue

    def get_list_display(self, request):
        """The list's 剩余工作日 reads one work calendar, built for this changelist only.

        The admin is one object for every request and user: nothing per request is kept on it.
        """
        calendar = functools.cache(queries.build_calendar)

        @admin.display(description=self.days_left.short_description)
        def days_left(obj):
            return self.days_left(obj, calendar())

        return [days_left if name == "days_left" else name for name in super().get_list_display(request)]

    @admin.display(description=_("期限计算明细"))
    def deadline_explanation(self, obj):
        if obj.pk is None:
            return "—"
        from django.template.loader import render_to_string

        return render_to_string(
            "components/deadline_explanation.html", {"period": queries.explain_deadline(obj), "open": False}
        )

    # -- actions and extra views ---------------------------------------------------------

    @admin.action(description=_("确认收到（以今天为收到申请之日）"), permissions=["change"])
    def confirm_receipt_today(self, request, queryset):
        done = 0
        for info_request in queryset.filter(receipt_confirmed=False):
            try:
                services.confirm_receipt(request=info_request, received_on=timezone.localdate(), actor=request.user)
                done += 1
            except ValidationError as exc:
                self.message_user(request, f"{info_request}：{'；'.join(exc.messages)}", messages.ERROR)
        self.message_user(request, _("已确认收到 %(n)d 件申请。") % {"n": done})

    def get_urls(self):
        return [
            path("dashboard/", self.admin_site.admin_view(self.dashboard_view), name="applications_dashboard"),
            path(
                "import/",
                self.admin_site.admin_view(lambda request: register_admin.register_upload_view(self, request)),
                name="applications_informationrequest_import",
            ),
            path(
                "letters/<int:pk>/",
                self.admin_site.admin_view(self.letter_view),
                name="applications_replyletter_view",
            ),
            path(
                "letters/<int:pk>/docx/",
                self.admin_site.admin_view(self.letter_docx_view),
                name="applications_replyletter_docx",
            ),
            path(
                "<int:pk>/confirm/",
                self.admin_site.admin_view(self.confirm_receipt_view),
                name="applications_informationrequest_confirm",
            ),
            *super().get_urls(),
        ]

    def confirm_receipt_view(self, request, pk):
        return self.run_step(request, pk, CONFIRM_RECEIPT)

    def get_step_queryset(self, request):
        return InformationRequest.objects.prefetch_related("events")

    def has_personal_data_permission(self, request, obj=None):
        return can_see_personal_data(request.user)

    def dashboard_view(self, request):
        """办理看板: what needs doing now, and this year's results so far."""
        if not self.has_view_permission(request):
            raise PermissionDenied
        today = timezone.localdate()
        panels = queries.dashboard_panels(today, queries.build_calendar())
        results = panels.pop("results")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "title": _("依申请公开办理看板"),
            "today": today,
            "panels": [
                (_("已逾期"), panels["overdue"], "due_date"),
                (_("%(date)s前到期（3个工作日内）") % {"date": panels["soon"]}, panels["due_soon"], "due_date"),
                (
                    _("补正告知即将到期（须在收到申请后7个工作日内告知）"),
                    panels["correction_due"],
                    "correction_due_date",
                ),
                (_("暂定期限（跨入尚未录入放假安排的年份）"), panels["provisional"], "due_date"),
            ],
            "results": [(outcome.label, results.get(outcome.value, {}).get("total", 0)) for outcome in Outcome],
            "results_total": sum(row["total"] for row in results.values()),
            "year": today.year,
        }
        return TemplateResponse(request, "admin/applications/dashboard.html", context)

    def _letter(self, request, pk):
        letter = get_object_or_404(ReplyLetter.objects.select_related("request"), pk=pk)
        # A letter names the applicant: personal data.
        if not (self.has_view_permission(request, letter.request) and can_see_personal_data(request.user)):
            raise PermissionDenied
        return letter

    def letter_view(self, request, pk):
        letter = self._letter(request, pk)
        return render(request, "applications/reply_letter.html", letters.letter_context(letter))

    def letter_docx_view(self, request, pk):
        letter = self._letter(request, pk)
        # The stored file is the letter as sent; a draft without one is rendered now.
        if letter.docx:
            with letter.docx.open("rb") as handle:
                data = handle.read()
        else:
            data = letters.render_docx(letter)
        response = HttpResponse(
            data, content_type="application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        filename = f"答复告知书-{letter.request.tracking_number}.docx"
        response["Content-Disposition"] = content_disposition_header(True, filename)
        response["Cache-Control"] = "private, no-store"
        return response

    def change_view(self, request, object_id, form_url="", extra_context=None):
        # the 办理 steps' buttons come from AdminStepsMixin
        extra_context = extra_context or {}
        if can_see_personal_data(request.user) and str(object_id).isdigit():
            extra_context["letters"] = list(ReplyLetter.objects.filter(request_id=object_id))
        # 确认收到 is offered, like every step, only to those who may take it.
        if self.has_step_permission(request, CONFIRM_RECEIPT, None):
            extra_context["confirm_url"] = reverse("admin:applications_informationrequest_confirm", args=[object_id])
        return super().change_view(request, object_id, form_url, extra_context)


@admin.register(RequestAttachment)
class RequestAttachmentAdmin(admin.ModelAdmin):
    """Not listed: only its download view, which checks the personal-data permission."""

    def get_model_perms(self, request):
        return {}

    def has_module_permission(self, request):
        return False

    def get_urls(self):
        return [
            path(
                "<int:pk>/download/",
                self.admin_site.admin_view(self.download_view),
                name="applications_requestattachment_download",
            ),
        ]

    def download_view(self, request, pk):
        from django.http import FileResponse

        if not can_see_personal_data(request.user):
            raise PermissionDenied
        attachment = get_object_or_404(RequestAttachment, pk=pk)
        response = FileResponse(
            attachment.file.open("rb"),
            as_attachment=True,
            filename=attachment.original_name,
            content_type=attachment.content_type,
        )
        response["Cache-Control"] = "private, no-store"
        return response
