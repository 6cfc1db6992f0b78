from django.urls import path

from applications import feeds, requester_views, views

app_name = "applications"

urlpatterns = [
    path("apply/", views.submit, name="submit"),
    path("apply/receipt/<str:tracking_number>/", views.receipt, name="receipt"),
    path("apply/status/", views.lookup, name="lookup"),
    path("apply/status/<str:tracking_number>/", requester_views.status, name="status"),
    path("apply/status/<str:tracking_number>/letter/<int:pk>/", requester_views.letter_download, name="letter"),
    path("apply/status/<str:tracking_number>/files/<int:pk>/", requester_views.file_download, name="released-file"),
    path("apply/status/<str:tracking_number>/supplement/", requester_views.supplement, name="supplement"),
    path("apply/status/<str:tracking_number>/withdraw/", requester_views.withdraw, name="withdraw"),
    path("apply/deadline/", views.calculator, name="calculator"),
    path("apply/calendar/<str:token>.ics", feeds.calendar_feed, name="calendar-feed"),
    path("staff/calendar-feed/", feeds.feed_settings, name="calendar-feed-settings"),
]
