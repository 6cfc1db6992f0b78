"""The admin's forms for staff accounts: details, active state and role groups; nothing else.

Neither form has a field for superuser status, individual permissions or a password: whatever a
crafted POST sends for those is not read. `actor` (the user filling the form in) is set by the
admin on the form class; the role choices are the groups the actor may give (staff.access).
"""

from django import forms
from django.contrib.auth import get_user_model
from django.utils.translation import gettext_lazy as _

from staff import access


class StaffAccountForm(forms.ModelForm):
    actor = None  # set by StaffUserAdmin.get_form

    groups = forms.ModelMultipleChoiceField(
        label=_("角色"),
        queryset=None,
        required=False,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("账号的权限只来自角色；可选的角色以您本人具有的权限为限。"),
    )

    class Meta:
        model = get_user_model()
        fields = ["username", "last_name", "first_name", "email", "is_active", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.assignable = access.assignable_groups(self.actor)
        self.fields["groups"].queryset = self.assignable
        if self.instance.pk:
            self.initial["groups"] = [g.pk for g in self.instance.groups.all() if g in self.assignable]

    def clean_groups(self):
        """The groups chosen, plus those the account holds that the actor may not give (they stay)."""
        chosen = list(self.cleaned_data["groups"])
        if self.instance.pk:
            allowed = set(self.assignable.values_list("pk", flat=True))
            chosen += [g for g in self.instance.groups.all() if g.pk not in allowed]
        return chosen


class StaffCreationForm(StaffAccountForm):
    """A new account: it gets no password here; its owner sets one through the e-mailed link."""

    class Meta(StaffAccountForm.Meta):
        fields = ["username", "last_name", "first_name", "email", "groups"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["email"].required = True
        self.fields["email"].help_text = _("设置密码的链接将发送到这个地址。")

    def save(self, commit=True):
        user = super().save(commit=False)
        user.is_staff = True
        user.set_unusable_password()
        if commit:
            user.save()
            self.save_m2m()
        return user
