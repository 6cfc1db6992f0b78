from django.urls import path

from reports import statistics_views

app_name = "statistics"

urlpatterns = [
    path("statistics/", statistics_views.index, name="index"),
]
