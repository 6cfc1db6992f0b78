"""The working-day calendar in the admin: days, complete years and the holiday-arrangement upload."""

from django.contrib import admin, messages
from django.urls import path
from django.utils.translation import gettext as gettext_now
from django.utils.translation import gettext_lazy as _

from applications import calendar_file, calendar_import, services
from applications.forms import CalendarUploadForm
from applications.models import (
    CalendarDay,
    CalendarYear,
)
from common.imports.admin_flow import AdminImport, upload_view


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


def _calendar_preview(rows, result):
    headers = [gettext_now("行号"), gettext_now("日期"), gettext_now("星期"), gettext_now("类型"), gettext_now("名称")]
    kinds = dict(CalendarDay.Kind.choices)
    body = [[row.number, row.date.isoformat(), WEEKDAYS[row.date.weekday()], kinds[row.kind], row.name] for row in rows]
    return headers, body


def _import_calendar(checked, *, request, options, dry_run):
    return calendar_import.import_calendar(
        checked,
        source_notice=options.get("source_notice", ""),
        source_url=options.get("source_url", ""),
        actor=request.user,
        dry_run=dry_run,
    )


WEEKDAYS = "一二三四五六日"
CALENDAR_IMPORT = AdminImport(
    salt="applications.admin.calendar",
    title=_("导入节假日安排"),
    form_class=CalendarUploadForm,
    read=calendar_file.read_table,
    check=lambda table, options: calendar_file.parse_calendar(table),
    run=_import_calendar,
    summary=calendar_import.calendar_summary,
    preview=_calendar_preview,
    may_open=lambda model_admin, request: model_admin.has_add_permission(request),
    command="load_calendar",
    intro=_(
        "国务院办公厅公布下一年度节假日安排后，将通知中的每个放假日（休）和调休上班日（班）逐行录入 CSV 文件后导入。"
        "导入后该年度即视为已知：未列出的周一至周五为工作日，周六、周日为休息日；受影响的办理中申请将自动重新计算答复期限。"
    ),
    example="日期,类型,名称\n2027-01-01,休,元旦\n2027-02-06,班,春节",
)


@admin.register(CalendarDay)
class CalendarDayAdmin(RecomputesDeadlinesMixin, admin.ModelAdmin):
    list_display = ["date", "weekday", "kind", "name", "source_notice"]
    list_filter = ["kind", ("date", admin.DateFieldListFilter)]
    search_fields = ["name", "source_notice"]
    date_hierarchy = "date"
    change_list_template = "admin/applications/calendarday/change_list.html"

    @admin.display(description=_("星期"))
    def weekday(self, obj):
        return WEEKDAYS[obj.date.weekday()]

    def get_urls(self):
        return [
            path("upload/", self.admin_site.admin_view(self.upload_view), name="applications_calendarday_upload"),
            *super().get_urls(),
        ]

    def upload_view(self, request):
        return upload_view(CALENDAR_IMPORT, self, request)


@admin.register(CalendarYear)
class CalendarYearAdmin(RecomputesDeadlinesMixin, admin.ModelAdmin):
    """Years whose arrangement is complete. Removing one makes its deadlines provisional again."""

    year_field = "year"
    list_display = ["year", "source_notice", "entered_at"]
    fields = ["year", "source_notice", "source_url"]
