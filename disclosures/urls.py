from django.urls import path

from disclosures import views

app_name = "disclosures"

urlpatterns = [
    path("", views.home, name="home"),
    path("catalogue/", views.catalogue, name="catalogue"),
    path("catalogue/<slug:slug>/", views.CategoryListView.as_view(), name="category"),
    path("disclosures/<int:pk>/", views.DisclosureDetailView.as_view(), name="disclosure-detail"),
    path("attachments/<int:pk>/", views.attachment_download, name="attachment"),
    path("decisions/", views.DecisionListView.as_view(), name="decisions"),
    path("decisions/<int:pk>/", views.DecisionDetailView.as_view(), name="decision-detail"),
    path("guide/", views.guide, name="guide"),
    path("search/", views.search_view, name="search"),
]
