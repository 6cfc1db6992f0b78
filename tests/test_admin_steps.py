"""The admin step mechanism (common/admin_steps.py) on a model admin of its own: buttons, the URL,
the checks in their order, the form page, the service call, the hooks, CSRF, the system check."""

import pytest
from django import forms
from django.contrib import admin
from django.contrib.auth.models import Permission
from django.core.exceptions import ValidationError
from django.http import Http404
from django.test import Client
from django.urls import path, reverse

from common.admin_steps import AdminStep, AdminStepsMixin, NoFieldsForm
from disclosures.models import Organ
from tests.factories import OrganFactory

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.test_admin_steps")]

CALLS = []


class OrganStep(AdminStep):
    subject = "organ"


class RenameForm(forms.Form):
    name = forms.CharField(label="名称", max_length=50)


def rename(*, organ, actor, name):
    if name == "拒绝":
        raise ValidationError("服务拒绝了这个名称。", code="refused")
    CALLS.append(("rename", organ.pk, actor.username, name))
    organ.name = name
    organ.save()
    return organ


def close(*, organ, actor):
    CALLS.append(("close", organ.pk, actor.username))
    organ.short_name = "已关闭"
    organ.save()
    return organ


class TwoSubmitStep(OrganStep):
    """The first submit fills the form in; the second takes the step."""

    def apply(self, obj, form, user):
        if form.cleaned_data["name"] != "确认":
            form.add_error(None, "请核对后再次提交。")
            return None
        return super().apply(obj, form, user)


class PhoneStep(OrganStep):
    def initial(self, obj):
        return {"name": f"{obj.name}（新）"}


STEPS = (
    OrganStep("rename", "更名", RenameForm, rename, lambda o: o.short_name != "已关闭", "更名后旧名称不再显示。"),
    OrganStep(
        "close", "关闭", NoFieldsForm, close, lambda o: o.short_name != "已关闭", permissions=("change", "close")
    ),
    TwoSubmitStep("twice", "两次提交", RenameForm, rename, lambda o: True),
    PhoneStep(
        "field",
        "改名（字段错误）",
        RenameForm,
        rename,
        lambda o: True,
        done_message="名称已改为新名称。",
        submit_label="确定",
        error_field="name",
    ),
)


class OrganStepsAdmin(AdminStepsMixin, admin.ModelAdmin):
    admin_steps = STEPS
    step_url = "go"
    step_unavailable_message = "机关当前不能“%(step)s”。"

    def has_close_permission(self, request, obj=None):
        # a per-row rule: nobody closes the organ marked as kept
        return obj is None or obj.office_name != "保留"


site = admin.AdminSite(name="admin")
site.register(Organ, OrganStepsAdmin)
urlpatterns = [path("admin/", site.urls)]


def step_url(organ, name):
    return reverse("admin:disclosures_organ_go", args=[organ.pk, name])


def change_url(organ):
    return reverse("admin:disclosures_organ_change", args=[organ.pk])


@pytest.fixture(autouse=True)
def _calls():
    CALLS.clear()


@pytest.fixture
def organ(db):
    return OrganFactory(name="甲局", short_name="甲")


@pytest.fixture
def clerk(client, django_user_model):
    """May change organs: the "change" permission of every step."""
    user = django_user_model.objects.create_user("steps-clerk", is_staff=True)
    user.user_permissions.add(*Permission.objects.filter(codename__in=["view_organ", "change_organ"]))
    client.force_login(user)
    return client


@pytest.fixture
def viewer(client, django_user_model):
    user = django_user_model.objects.create_user("steps-viewer", is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="view_organ"))
    client.force_login(user)
    return client


def test_the_change_page_shows_the_steps_allowed_now(clerk, organ):
    response = clerk.get(change_url(organ))
    assert response.context["step_buttons"] == [
        ("更名", step_url(organ, "rename")),
        ("关闭", step_url(organ, "close")),
        ("两次提交", step_url(organ, "twice")),
        ("改名（字段错误）", step_url(organ, "field")),
    ]
    organ.short_name = "已关闭"
    organ.office_name = "保留"
    organ.save()
    labels = [label for label, _url in clerk.get(change_url(organ)).context["step_buttons"]]
    assert labels == ["两次提交", "改名（字段错误）"]


def test_buttons_only_for_steps_the_user_may_take(viewer, organ):
    assert viewer.get(change_url(organ)).context["step_buttons"] == []


def test_the_form_page(clerk, organ):
    response = clerk.get(step_url(organ, "rename"))
    html = response.content.decode()
    assert response.status_code == 200 and response.templates[0].name == "admin/step_form.html"
    assert response.context["title"] == "更名：甲局" and "更名后旧名称不再显示。" in html
    assert 'value="更名"' in html and 'name="csrfmiddlewaretoken"' in html and 'name="name"' in html
    assert CALLS == []


def test_a_valid_post_calls_the_service_then_goes_back_with_the_message(clerk, organ):
    response = clerk.post(step_url(organ, "rename"), {"name": "乙局"}, follow=True)
    assert response.redirect_chain == [(change_url(organ), 302)]
    assert [("rename", organ.pk, "steps-clerk", "乙局")] == CALLS
    assert "已更名：乙局" in response.content.decode()  # the mixin's default message names the object


def test_an_invalid_form_stays_and_calls_nothing(clerk, organ):
    response = clerk.post(step_url(organ, "rename"), {"name": ""})
    assert response.status_code == 200 and response.context["form"].errors and CALLS == []


def test_the_services_refusal_is_shown_on_the_form(clerk, organ):
    response = clerk.post(step_url(organ, "rename"), {"name": "拒绝"})
    assert response.status_code == 200
    assert response.context["form"].non_field_errors() == ["服务拒绝了这个名称。"]
    organ.refresh_from_db()
    assert organ.name == "甲局"


def test_a_step_without_the_permission_is_refused(viewer, organ):
    assert viewer.get(step_url(organ, "rename")).status_code == 403
    assert viewer.post(step_url(organ, "rename"), {"name": "乙局"}).status_code == 403
    assert CALLS == []


def test_a_per_row_permission_is_asked_with_the_object(clerk, organ):
    organ.office_name = "保留"
    organ.save()
    assert clerk.post(step_url(organ, "close")).status_code == 403
    other = OrganFactory(name="丙局")
    assert clerk.post(step_url(other, "close")).status_code == 302
    assert [("close", other.pk, "steps-clerk")] == CALLS


def test_a_step_not_available_now_goes_back_with_the_admins_message(clerk, organ):
    organ.short_name = "已关闭"
    organ.save()
    response = clerk.post(step_url(organ, "rename"), {"name": "乙局"}, follow=True)
    assert response.redirect_chain == [(change_url(organ), 302)]
    assert "机关当前不能“更名”。" in response.content.decode() and CALLS == []


def test_permission_comes_before_availability(viewer, organ):
    organ.short_name = "已关闭"
    organ.save()
    assert viewer.post(step_url(organ, "rename"), {"name": "乙局"}).status_code == 403


def test_unknown_step_or_object_is_404(rf, organ, staff_user):
    # called directly: the project's 404 page needs the project's URLs, which this module replaces
    model_admin = site._registry[Organ]
    request = rf.get("/")
    request.user = staff_user
    with pytest.raises(Http404):
        model_admin.step_view(request, organ.pk, "nope")
    with pytest.raises(Http404):
        model_admin.step_view(request, organ.pk + 100, "rename")


def test_a_step_in_two_submits_stays_on_the_form_until_done(clerk, organ):
    first = clerk.post(step_url(organ, "twice"), {"name": "乙局"})
    assert first.status_code == 200 and "请核对后再次提交。" in first.content.decode() and CALLS == []
    second = clerk.post(step_url(organ, "twice"), {"name": "确认"})
    assert second.status_code == 302 and [("rename", organ.pk, "steps-clerk", "确认")] == CALLS


def test_the_page_hooks_initial_error_field_submit_label_and_message(clerk, organ):
    page = clerk.get(step_url(organ, "field"))
    assert page.context["form"].initial == {"name": "甲局（新）"} and 'value="确定"' in page.content.decode()
    refused = clerk.post(step_url(organ, "field"), {"name": "拒绝"})
    assert refused.context["form"].errors == {"name": ["服务拒绝了这个名称。"]}
    done = clerk.post(step_url(organ, "field"), {"name": "丁局"}, follow=True)
    assert "名称已改为新名称。" in done.content.decode()


def test_posts_need_the_csrf_token(django_user_model, organ):
    user = django_user_model.objects.create_superuser("steps-root", password="pw-root-123")
    client = Client(enforce_csrf_checks=True)
    client.force_login(user)
    assert client.post(step_url(organ, "rename"), {"name": "乙局"}).status_code == 403
    assert CALLS == []


def test_the_system_check_finds_missing_permission_methods_and_twin_names():
    class Broken(AdminStepsMixin, admin.ModelAdmin):
        admin_steps = (
            OrganStep("a", "甲", NoFieldsForm, close, lambda o: True, permissions=("approve",)),
            OrganStep("a", "乙", NoFieldsForm, close, lambda o: True),
        )

    messages = [error.msg for error in Broken(Organ, admin.AdminSite(name="broken")).check()]
    assert any("has_approve_permission" in m for m in messages)
    assert any("share a name" in m for m in messages)
    assert OrganStepsAdmin(Organ, site).check() == []
