from django.urls import path

from applications import views

app_name = "applications"

urlpatterns = [
    path("apply/", views.submit, name="submit"),
    path("apply/receipt/<str:tracking_number>/", views.receipt, name="receipt"),
    path("apply/status/", views.lookup, name="lookup"),
    path("apply/deadline/", views.calculator, name="calculator"),
]
