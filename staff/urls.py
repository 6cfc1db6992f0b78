"""Setting a password through an e-mailed link (new staff accounts): Django's views, admin look."""

from django.contrib import admin
from django.contrib.auth import views as auth_views
from django.urls import path


class AdminContextMixin:
    """The admin's header and title on these pages, as on the admin's own."""

    def get_context_data(self, **kwargs):
        return {**admin.site.each_context(self.request), **super().get_context_data(**kwargs)}


class SetPasswordView(AdminContextMixin, auth_views.PasswordResetConfirmView):
    pass


class SetPasswordDoneView(AdminContextMixin, auth_views.PasswordResetCompleteView):
    pass


urlpatterns = [
    path("accounts/reset/<uidb64>/<token>/", SetPasswordView.as_view(), name="password_reset_confirm"),
    path("accounts/reset/done/", SetPasswordDoneView.as_view(), name="password_reset_complete"),
]
