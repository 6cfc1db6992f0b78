"""The working-day calendar in the admin: days, complete years and the holiday-arrangement upload."""

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext_lazy as _

from applications import calendar_file, services
from applications.forms import CalendarUploadForm
from applications.models import (
    CalendarDay,
    CalendarYear,
)


class RecomputesDeadlinesMixin:
    """Admin of calendar data: every save or delete recomputes the open requests of the years touched."""

    year_field = "date"

    @staticmethod
    def _year(value) -> int:
        return value if isinstance(value, int) else value.year

    def save_model(self, request, obj, form, change):
        years = {self._year(getattr(obj, self.year_field))}
        if change and self.year_field in form.changed_data:
            years.add(self._year(form.initial[self.year_field]))
        super().save_model(request, obj, form, change)
        self._recompute(request, years)

    def delete_model(self, request, obj):
        year = self._year(getattr(obj, self.year_field))
        super().delete_model(request, obj)
        self._recompute(request, {year})

    def delete_queryset(self, request, queryset):
        years = {self._year(v) for v in queryset.values_list(self.year_field, flat=True)}
        super().delete_queryset(request, queryset)
        self._recompute(request, years)

    def _recompute(self, request, years):
        n = services.recompute_for_years(years, actor=request.user)
        if n:
            self.message_user(request, _("%(n)d 件办理中申请的答复期限已重新计算。") % {"n": n}, messages.WARNING)


@admin.register(CalendarDay)
class CalendarDayAdmin(RecomputesDeadlinesMixin, admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "source_notice"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name", "source_notice"]
    date_hierarchy = "date"
    change_list_template = "admin/applications/calendarday/change_list.html"

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return "一二三四五六日"[obj.date.weekday()]

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="applications_calendarday_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = CalendarUploadForm(request.POST or None, request.FILES or None)
        errors = []
        if request.method == "POST" and form.is_valid():
            try:
                rows = calendar_file.parse_calendar_csv(form.cleaned_data["file"].read())
            except calendar_file.CalendarFileError as exc:
                errors = exc.errors
            else:
                summary = services.load_calendar(
                    rows=rows,
                    source_notice=form.cleaned_data["source_notice"],
                    source_url=form.cleaned_data["source_url"],
                    actor=request.user,
                )
                self.message_user(
                    request,
                    _(
                        "已导入 %(years)s 年的日历：新增 %(created)d 天，更新 %(updated)d 天；%(recomputed)d 件申请的期限已重新计算。"
                    )
                    % {**summary, "years": "、".join(map(str, summary["years"]))},
                )
                return redirect("admin:applications_calendarday_changelist")
        context = {
            **self.admin_site.each_context(request),
            "opts": self.model._meta,
            "form": form,
            "errors": errors,
            "title": _("导入节假日安排"),
        }
        return render(request, "admin/applications/calendarday/upload.html", context)


@admin.register(CalendarYear)
class CalendarYearAdmin(RecomputesDeadlinesMixin, admin.ModelAdmin):
    """Years whose arrangement is complete. Removing one makes its deadlines provisional again."""

    year_field = "year"
    list_display = ["year", "source_notice", "entered_at"]
    fields = ["year", "source_notice", "source_url"]
