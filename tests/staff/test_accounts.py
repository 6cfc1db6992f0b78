"""Staff accounts in the admin: roles that cannot escalate (staff.access, staff.admin).

The attack this guards against: a 管理员 (who holds auth.change_user) ticked is_superuser on its own
account through the stock UserAdmin, or set the superuser's password and logged in with it.
"""

import re

import pytest
from django.contrib.auth.models import Group, Permission
from django.urls import reverse

pytestmark = pytest.mark.django_db

ROLES = ["信息员", "保密审查员", "发布员", "依申请办理人员", "管理员"]


@pytest.fixture
def people(django_user_model):
    users = {}
    for role in ROLES:
        user = django_user_model.objects.create_user(
            username=f"u-{role}", password="pw-role-123", is_staff=True, email=f"{len(users)}@example.cn"
        )
        user.groups.add(Group.objects.get(name=role))
        users[role] = user
    users["superuser"] = django_user_model.objects.create_superuser(username="root", password="pw-root-123")
    return users


def change_url(user):
    return reverse("admin:auth_user_change", args=[user.pk])


def account_data(user, **overrides):
    data = {
        "username": user.username,
        "last_name": user.last_name,
        "first_name": user.first_name,
        "email": user.email,
        "is_active": "on",
        "groups": [g.pk for g in user.groups.all()],
    }
    data.update(overrides)
    return data


# Each action is tried as a role and answers whether it took effect (read back from the database).


def list_accounts(client, people, actor):
    return client.get(reverse("admin:auth_user_changelist")).status_code == 200


def create_account(client, people, actor, mailoutbox):
    client.post(
        reverse("admin:auth_user_add"),
        {
            "username": "new-clerk",
            "last_name": "黄",
            "first_name": "丽",
            "email": "clerk@example.cn",
            "groups": [Group.objects.get(name="信息员").pk],
        },
    )
    from django.contrib.auth.models import User

    created = User.objects.filter(username="new-clerk").first()
    return created is not None and created.groups.filter(name="信息员").exists()


def grant_superuser(client, people, actor):
    """On one's own account (a superuser tries it on a 管理员's)."""
    target = people["管理员"] if actor.is_superuser else actor
    client.post(change_url(target), account_data(target, is_superuser="on", is_staff="on"))
    target.refresh_from_db()
    return target.is_superuser


def give_individual_permission(client, people, actor):
    target = people["信息员"]
    permission = Permission.objects.get(codename="publish_administrativedecision")
    client.post(change_url(target), account_data(target, user_permissions=[permission.pk]))
    return target.user_permissions.exists()


def assign_role(client, people, actor):
    target = people["信息员"]
    client.post(change_url(target), account_data(target, groups=[Group.objects.get(name="发布员").pk]))
    return target.groups.filter(name="发布员").exists()


def assign_non_role_group(client, people, actor):
    everything = Group.objects.create(name="全部权限")
    everything.permissions.set(Permission.objects.all())
    target = people["信息员"]
    client.post(change_url(target), account_data(target, groups=[everything.pk]))
    return target.groups.filter(pk=everything.pk).exists()


def edit_superuser(client, people, actor):
    target = people["superuser"]
    client.post(change_url(target), account_data(target, email="taken@example.cn"))
    target.refresh_from_db()
    return target.email == "taken@example.cn"


def edit_account_holding_more(client, people, actor):
    target = people["信息员"]
    target.user_permissions.add(Permission.objects.get(codename="delete_user"))  # the 管理员 lacks it
    client.post(change_url(target), account_data(target, email="taken@example.cn"))
    target.refresh_from_db()
    return target.email == "taken@example.cn"


def deactivate_colleague(client, people, actor):
    target = people["发布员"]
    data = account_data(target)
    del data["is_active"]
    client.post(change_url(target), data)
    target.refresh_from_db()
    return not target.is_active


def set_superuser_password(client, people, actor):
    target = people["superuser"]
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    client.post(url, {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"})
    target.refresh_from_db()
    return target.check_password("Taken-over-2026!")


def set_colleague_password(client, people, actor):
    target = people["信息员"]
    url = reverse("admin:auth_user_password_change", args=[target.pk])
    client.post(url, {"password1": "Taken-over-2026!", "password2": "Taken-over-2026!"})
    target.refresh_from_db()
    return target.check_password("Taken-over-2026!")


def set_own_password(client, people, actor):
    url = reverse("admin:auth_user_password_change", args=[actor.pk])
    client.post(url, {"password1": "My-own-new-2026!", "password2": "My-own-new-2026!"})
    actor.refresh_from_db()
    return actor.check_password("My-own-new-2026!")


ACTIONS = {
    "list_accounts": list_accounts,
    "create_account": create_account,
    "grant_superuser": grant_superuser,
    "give_individual_permission": give_individual_permission,
    "assign_role": assign_role,
    "assign_non_role_group": assign_non_role_group,
    "edit_superuser": edit_superuser,
    "edit_account_holding_more": edit_account_holding_more,
    "deactivate_colleague": deactivate_colleague,
    "set_superuser_password": set_superuser_password,
    "set_colleague_password": set_colleague_password,
    "set_own_password": set_own_password,
}

# What each role may do to staff accounts. Everything not listed as allowed is refused.
ALLOWED = {
    "信息员": set(),
    "保密审查员": set(),
    "发布员": set(),
    "依申请办理人员": set(),
    "管理员": {"list_accounts", "create_account", "assign_role", "deactivate_colleague", "set_own_password"},
    "superuser": {
        "list_accounts",
        "create_account",
        "assign_role",
        "deactivate_colleague",
        "edit_superuser",
        "edit_account_holding_more",
        "set_superuser_password",
        "set_colleague_password",
        "set_own_password",
    },
}
MATRIX = [(role, action, action in ALLOWED[role]) for role in ALLOWED for action in ACTIONS]


@pytest.mark.parametrize(("role", "action", "allowed"), MATRIX)
def test_staff_account_matrix(client, people, mailoutbox, role, action, allowed):
    actor = people[role]
    client.force_login(actor)
    run = ACTIONS[action]
    kwargs = {"mailoutbox": mailoutbox} if action == "create_account" else {}
    assert run(client, people, actor, **kwargs) is allowed


def test_no_admin_form_offers_superuser_status_or_individual_permissions(client, people):
    client.force_login(people["superuser"])
    for url in (reverse("admin:auth_user_add"), change_url(people["信息员"])):
        html = client.get(url).content.decode()
        assert 'name="is_superuser"' not in html
        assert 'name="user_permissions"' not in html
        assert 'name="password1"' not in html


def test_the_role_choices_are_the_portal_roles_only(client, people):
    Group.objects.create(name="临时组")
    client.force_login(people["管理员"])
    html = client.get(reverse("admin:auth_user_add")).content.decode()
    assert "临时组" not in html
    for role in ROLES:
        assert role in html


def test_a_group_the_account_holds_but_the_actor_may_not_give_is_kept(client, people):
    extra = Group.objects.create(name="档案室")  # no permissions: within the actor's, but not a role
    target = people["信息员"]
    target.groups.add(extra)
    client.force_login(people["管理员"])
    client.post(change_url(target), account_data(target, groups=[Group.objects.get(name="发布员").pk]))
    assert set(target.groups.values_list("name", flat=True)) == {"发布员", "档案室"}


def test_a_new_account_sets_its_own_password_through_the_mailed_link(
    client, people, mailoutbox, django_capture_on_commit_callbacks
):
    client.force_login(people["管理员"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("admin:auth_user_add"),
            {
                "username": "wang",
                "last_name": "王",
                "first_name": "芳",
                "email": "wang@example.cn",
                "groups": [Group.objects.get(name="保密审查员").pk],
            },
            follow=True,
        )
    assert "设置密码的链接已发送至 wang@example.cn" in response.content.decode()
    from django.contrib.auth.models import User

    wang = User.objects.get(username="wang")
    assert wang.is_staff and not wang.is_superuser and not wang.has_usable_password()
    assert len(mailoutbox) == 1 and mailoutbox[0].to == ["wang@example.cn"]
    link = re.search(r"http://testserver(/accounts/reset/\S+/)", mailoutbox[0].body).group(1)

    client.logout()
    form_page = client.get(link, follow=True)
    assert form_page.status_code == 200
    set_url = form_page.redirect_chain[-1][0]
    done = client.post(set_url, {"new_password1": "Wang-sets-2026!", "new_password2": "Wang-sets-2026!"}, follow=True)
    assert done.status_code == 200
    wang.refresh_from_db()
    assert wang.check_password("Wang-sets-2026!")
    # used once: the same link no longer works
    again = client.get(link, follow=True)
    assert 'name="new_password1"' not in again.content.decode()


def test_a_new_account_needs_an_email_address(client, people, mailoutbox):
    client.force_login(people["管理员"])
    response = client.post(reverse("admin:auth_user_add"), {"username": "li", "groups": []})
    assert response.status_code == 200
    from django.contrib.auth.models import User

    assert not User.objects.filter(username="li").exists()
    assert mailoutbox == []


def test_superusers_come_from_createsuperuser(people):
    from django.core.management import call_command

    call_command("createsuperuser", username="ops", email="ops@example.cn", interactive=False)
    from django.contrib.auth.models import User

    assert User.objects.get(username="ops").is_superuser
