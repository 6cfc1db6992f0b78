"""Staff accounts in the admin, managed within the rules of staff.access (no escalation).

Replaces django.contrib.auth's UserAdmin: no superuser box, no individual permissions, no setting of
another account's password, and a 管理员 edits only accounts that hold nothing it lacks.
"""

from django.contrib import admin, messages
from django.contrib.admin.utils import unquote
from django.contrib.auth import get_user_model
from django.contrib.auth.admin import UserAdmin
from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from staff import access
from staff.forms import StaffAccountForm, StaffCreationForm
from staff.invitations import send_set_password_link

User = get_user_model()

admin.site.unregister(User)


@admin.register(User)
class StaffUserAdmin(UserAdmin):
    form = StaffAccountForm
    add_form = StaffCreationForm
    fieldsets = (
        (None, {"fields": ("username",)}),
        (_("个人信息"), {"fields": ("last_name", "first_name", "email")}),
        (_("角色"), {"fields": ("is_active", "groups")}),
        (_("记录"), {"fields": ("is_superuser", "last_login", "date_joined")}),
    )
    add_fieldsets = (
        (None, {"classes": ("wide",), "fields": ("username", "last_name", "first_name", "email", "groups")}),
    )
    readonly_fields = ("is_superuser", "last_login", "date_joined")
    list_display = ("username", "full_name", "email", "roles", "is_active", "is_superuser", "last_login")
    list_filter = ("is_active", "is_superuser", "groups")
    filter_horizontal = ()

    def get_queryset(self, request):
        return super().get_queryset(request).prefetch_related("groups")

    @admin.display(description=_("姓名"))
    def full_name(self, obj):
        return f"{obj.last_name}{obj.first_name}"

    @admin.display(description=_("角色"))
    def roles(self, obj):
        return "、".join(sorted(g.name for g in obj.groups.all()))

    def get_form(self, request, obj=None, **kwargs):
        form = super().get_form(request, obj, **kwargs)
        return type(form.__name__, (form,), {"actor": request.user})

    def has_change_permission(self, request, obj=None):
        allowed = super().has_change_permission(request, obj)
        return allowed and (obj is None or access.may_manage(request.user, obj))

    def has_delete_permission(self, request, obj=None):
        allowed = super().has_delete_permission(request, obj)
        return allowed and (obj is None or (obj.pk != request.user.pk and access.may_manage(request.user, obj)))

    def user_change_password(self, request, id, form_url=""):
        account = self.get_object(request, unquote(id))
        if account is not None and not access.may_set_password(request.user, account):
            raise PermissionDenied
        return super().user_change_password(request, id, form_url)

    def save_model(self, request, obj, form, change):
        super().save_model(request, obj, form, change)
        if not change:
            base_url = request.build_absolute_uri("/")
            transaction.on_commit(lambda: send_set_password_link(obj, base_url=base_url))
            self.message_user(
                request,
                _("账号已创建，设置密码的链接已发送至 %(email)s。") % {"email": obj.email},
                messages.SUCCESS,
            )
