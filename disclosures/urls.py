from django.urls import path

from common.pagecache import public_page
from disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("", public_page(views.home), name="home"),
    path("catalogue/", public_page(views.catalogue), name="catalogue"),
    path("catalogue/<slug:slug>/", public_page(views.CategoryListView.as_view()), name="category"),
    path("disclosures/<int:pk>/", public_page(views.DisclosureDetailView.as_view()), name="disclosure-detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("decisions/", public_page(views.DecisionListView.as_view()), name="decisions"),
    path("decisions/<int:pk>/", public_page(views.DecisionDetailView.as_view()), name="decision-detail"),
    path("guide/", public_page(views.guide), name="guide"),
    path("search/", views.search_view, name="search"),
]
