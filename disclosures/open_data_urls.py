"""Open data: the JSON API, CSV exports of the public lists, feeds and the page that lists them."""

from django.urls import path

from disclosures import api, exports, feeds, open_data

app_name = "open_data"

# Every pattern here is described in disclosures/openapi.py (a test checks it).
api_urlpatterns = [
    path("api/v1/disclosures/", api.disclosure_list, name="api-disclosure-list"),
    path("api/v1/disclosures/<int:pk>/", api.disclosure_detail, name="api-disclosure-detail"),
    path("api/v1/decisions/", api.decision_list, name="api-decision-list"),
    path("api/v1/decisions/<int:pk>/", api.decision_detail, name="api-decision-detail"),
    path("api/v1/openapi.json", api.openapi_document, name="api-openapi"),
]

urlpatterns = [
    *api_urlpatterns,
    path("open-data/", open_data.index, name="index"),
    path("decisions/export.csv", exports.decisions_csv, name="decisions-csv"),
    path("catalogue/<slug:slug>/export.csv", exports.category_csv, name="category-csv"),
    path("feeds/latest.rss", feeds.LatestDisclosuresFeed(), name="feed-latest-rss"),
    path("feeds/latest.atom", feeds.LatestDisclosuresAtomFeed(), name="feed-latest-atom"),
    path("feeds/category/<slug:slug>.rss", feeds.CategoryFeed(), name="feed-category-rss"),
    path("feeds/category/<slug:slug>.atom", feeds.CategoryAtomFeed(), name="feed-category-atom"),
    path("feeds/decisions.rss", feeds.LatestDecisionsFeed(), name="feed-decisions-rss"),
    path("feeds/decisions.atom", feeds.LatestDecisionsAtomFeed(), name="feed-decisions-atom"),
]
