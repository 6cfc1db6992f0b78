from django.urls import path

from reports import timeliness_views, views

app_name = "reports"

urlpatterns = [
    path("reports/", views.report_list, name="report-list"),
    path("reports/<int:year>/", views.report_detail, name="report-detail"),
    path("reports/<int:year>/download.docx", views.report_docx, name="report-docx"),
    path("reports/<int:year>/download.xlsx", views.report_xlsx, name="report-xlsx"),
    path("staff/timeliness/", timeliness_views.timeliness_page, name="timeliness"),
]
