"""Abuse protection: the admin login lockout (django-axes)."""

import re

import pytest
from django.urls import reverse

from tests.utils import h1_count

pytestmark = pytest.mark.django_db


# --- the admin login lockout (django-axes) -----------------------------------------------------


def admin_login(client, username, password, address):
    return client.post(
        reverse("admin:login"),
        {"username": username, "password": password, "next": reverse("admin:index")},
        REMOTE_ADDR=address,
    )


def test_admin_login_locks_out_after_the_failure_limit_even_with_the_right_password(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "staff", "wrong-password", "203.0.113.5").status_code == 200
    locked = admin_login(client, "staff", "wrong-password", "203.0.113.5")
    assert locked.status_code == 429
    right = admin_login(client, "staff", "pw-staff-123", "203.0.113.5")
    assert right.status_code == 429
    page = right.content.decode()
    assert h1_count(page) == 1 and "登录已暂时锁定" in page and re.search(r"连续多次[^，。]*密码", page)
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in


def test_admin_lockout_is_per_username_and_address(client, staff_user, django_user_model, settings):
    django_user_model.objects.create_user(username="clerk", password="pw-clerk-123", is_staff=True)
    for _ in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "staff", "wrong-password", "203.0.113.5")
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.5").status_code == 429
    assert admin_login(client, "clerk", "pw-clerk-123", "203.0.113.5").status_code == 302
    client.logout()
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.6").status_code == 302


def test_successful_admin_login_resets_the_failures(client, staff_user, settings):
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        admin_login(client, "staff", "wrong-password", "203.0.113.5")
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.5").status_code == 302
    client.logout()
    for _ in range(settings.AXES_FAILURE_LIMIT - 1):
        assert admin_login(client, "staff", "wrong-password", "203.0.113.5").status_code == 200
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.5").status_code == 302


@pytest.mark.parametrize(
    ("meta", "expected"),
    [
        ({"REMOTE_ADDR": "203.0.113.7"}, "203.0.113.7"),
        ({"REMOTE_ADDR": "2001:db8::1"}, "2001:db8::"),  # an IPv6 client by its /64
        ({"REMOTE_ADDR": "2001:db8::1:2:3:4"}, "2001:db8::"),
        ({"REMOTE_ADDR": "::ffff:203.0.113.7"}, "203.0.113.7"),
        ({}, None),  # force_login and management code: no address, which axes must store as NULL
        ({"REMOTE_ADDR": "not-an-address"}, None),
    ],
)
def test_axes_gets_a_valid_address_or_none(rf, meta, expected):
    from applications.throttle import axes_client_address

    request = rf.get("/")
    request.META.pop("REMOTE_ADDR", None)
    request.META.update(meta)
    assert axes_client_address(request) == expected


@pytest.mark.django_db
def test_force_login_works_with_axes_on_every_database(client, django_user_model):
    user = django_user_model.objects.create_user("axes-staff", password="x-very-long-password", is_staff=True)
    client.force_login(user)
    assert client.get(reverse("admin:index")).status_code == 200


def test_admin_lockout_counts_an_ipv6_client_by_its_64(client, staff_user, settings):
    """The attack: 20 wrong passwords from four addresses of one /64, then the right one from a fifth."""
    for n in range(settings.AXES_FAILURE_LIMIT):
        admin_login(client, "staff", "wrong-password", f"2001:db8:1:2::{n + 1:x}")
    assert admin_login(client, "staff", "pw-staff-123", "2001:db8:1:2:ffff::9").status_code == 429
    client.logout()
    # another /64 is another client
    assert admin_login(client, "staff", "pw-staff-123", "2001:db8:1:3::1").status_code == 302


def test_admin_lockout_by_username_across_addresses(client, staff_user, django_user_model, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 8
    django_user_model.objects.create_user(username="clerk", password="pw-clerk-123", is_staff=True)
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):  # fewer than the per-address limit from each
        admin_login(client, "staff", "wrong-password", f"198.51.100.{n // 2 + 1}")
    fresh = admin_login(client, "staff", "pw-staff-123", "203.0.113.200")
    assert fresh.status_code == 429 and "登录已暂时锁定" in fresh.content.decode()
    assert client.get(reverse("admin:index")).status_code == 302  # not logged in
    # other usernames are not affected
    assert admin_login(client, "clerk", "pw-clerk-123", "203.0.113.200").status_code == 302


def test_the_username_lockout_can_be_switched_off(client, staff_user, settings):
    settings.AXES_USERNAME_FAILURE_LIMIT = 0
    for n in range(12):
        admin_login(client, "staff", "wrong-password", f"198.51.100.{n + 1}")
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.200").status_code == 302


def test_strangers_cannot_lock_the_owner_out_of_a_client_it_logged_in_from(client, staff_user, settings):
    """The attack: 10 wrong passwords from two addresses locked the username for everyone, the owner
    at its own office included, and each refused try restarted the lock."""
    from staff.lockout import failures_for

    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.10").status_code == 302  # the office
    client.logout()
    for n in range(settings.AXES_USERNAME_FAILURE_LIMIT):
        admin_login(client, "staff", "wrong-password", f"198.51.100.{n // 4 + 1}")
    assert admin_login(client, "staff", "pw-staff-123", "192.0.2.77").status_code == 429  # a new place
    counted = failures_for("staff")
    for _ in range(3):  # refusals by the username lock are not counted: they do not prolong it
        admin_login(client, "staff", "wrong-password", "192.0.2.77")
    assert failures_for("staff") == counted
    assert admin_login(client, "staff", "pw-staff-123", "203.0.113.10").status_code == 302  # the office


def test_the_admin_role_sees_and_lifts_lockouts(client, django_user_model):
    from axes.models import AccessAttempt
    from django.contrib.auth.models import Group

    admin_user = django_user_model.objects.create_user("lead", password="pw-lead-123", is_staff=True)
    admin_user.groups.add(Group.objects.get(name="管理员"))
    for _ in range(5):
        admin_login(client, "someone", "wrong-password", "198.51.100.9")
    attempt = AccessAttempt.objects.get(username="someone")
    client.force_login(admin_user)
    assert client.get(reverse("admin:axes_accessattempt_changelist")).status_code == 200
    url = reverse("admin:axes_accessattempt_delete", args=[attempt.pk])
    assert client.post(url, {"post": "yes"}).status_code == 302
    assert not AccessAttempt.objects.exists()
