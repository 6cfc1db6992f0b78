from django.urls import path

from applications import feeds, views

app_name = "applications"

urlpatterns = [
    path("apply/", views.submit, name="submit"),
    path("apply/receipt/<str:tracking_number>/", views.receipt, name="receipt"),
    path("apply/status/", views.lookup, name="lookup"),
    path("apply/deadline/", views.calculator, name="calculator"),
    path("apply/calendar/<str:token>.ics", feeds.calendar_feed, name="calendar-feed"),
    path("staff/calendar-feed/", feeds.feed_settings, name="calendar-feed-settings"),
]
