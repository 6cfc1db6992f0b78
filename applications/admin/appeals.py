"""行政复议 and 行政诉讼 about requests in the admin, with their register import."""

from django.contrib import admin
from django.urls import path

from applications import register_admin
from applications.models import (
    Appeal,
)


@admin.register(Appeal)
class AppealAdmin(admin.ModelAdmin):
    """行政复议 and 行政诉讼 about requests (report table 四)."""

    list_display = ["kind", "case_number", "request", "filed_on", "result", "concluded_on"]
    list_filter = ["kind", "result", ("filed_on", admin.DateFieldListFilter)]
    list_select_related = ["request"]
    search_fields = ["case_number", "request__tracking_number"]
    date_hierarchy = "filed_on"
    raw_id_fields = ["request"]
    fields = ["kind", "request", "case_number", "filed_on", "result", "concluded_on", "notes"]
    change_list_template = "admin/applications/appeal/change_list.html"

    def get_urls(self):
        return [
            path(
                "import/",
                self.admin_site.admin_view(lambda request: register_admin.appeals_upload_view(self, request)),
                name="applications_appeal_import",
            ),
            *super().get_urls(),
        ]
