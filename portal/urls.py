from django.conf import settings
from django.contrib import admin
from django.contrib.sitemaps import views as sitemap_views
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from portal import views
from portal.sitemaps import SITEMAPS

admin.site.site_header = _("政府信息公开管理后台")
admin.site.site_title = _("政府信息公开管理")
admin.site.index_title = _("信息公开工作")

urlpatterns = [
    path("healthz", views.healthz, name="healthz"),
    path("preferences/", views.preferences, name="preferences"),
    path("admin/", admin.site.urls),
    path("", include("staff.urls")),
    path("", include("applications.urls")),
    path("", include("reports.urls")),
    path("", include("reports.statistics_urls")),
    path("", include("disclosures.urls")),
    path("", include("disclosures.open_data_urls")),
    path("robots.txt", views.robots_txt, name="robots"),
    path(
        "sitemap.xml",
        sitemap_views.index,
        {"sitemaps": SITEMAPS, "sitemap_url_name": "sitemap-section"},
        name="sitemap",
    ),
    path("sitemap-<slug:section>.xml", sitemap_views.sitemap, {"sitemaps": SITEMAPS}, name="sitemap-section"),
]

handler400 = "portal.views.bad_request"
handler404 = "portal.views.page_not_found"
handler500 = "portal.views.server_error"

if settings.DEBUG:
    # Let `make run` show the error pages as the public sees them at these addresses.
    urlpatterns += [
        path("__400__/", views.bad_request),
        path("__403_csrf__/", views.csrf_failure),
        path("__404__/", views.page_not_found, {"exception": None}),
        path("__500__/", views.server_error),
        path("__503__/", views.service_unavailable),
    ]
