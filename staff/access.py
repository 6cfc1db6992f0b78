"""Who may manage which staff account: the rules that keep a 管理员 from escalating.

A 管理员 (an account holding `auth.change_user` without being a superuser) manages the office's
accounts only within what it holds itself:

- it gives roles only through the portal's role groups (staff.roles.ROLE_NAMES), and only groups
  whose every permission it holds;
- it never edits a superuser, nor an account that holds a permission it lacks;
- it never sets another account's password (a new account sets its own through an e-mailed link);
- nobody sets superuser status or individual permissions in the admin: superusers come from
  `manage.py createsuperuser` only.

A superuser may manage every account, but is bound by the last rule too.
"""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.db.models import Q

from staff.roles import ROLE_NAMES


def _codes(permissions) -> set[str]:
    return {f"{app}.{code}" for app, code in permissions.values_list("content_type__app_label", "codename")}


def permissions_of(account) -> set[str]:
    """Every permission an account holds, directly or through its groups, whether it is active or
    not (the auth backend reports none for an inactive account, which could then be reactivated)."""
    return _codes(Permission.objects.filter(Q(user=account) | Q(group__user=account)).distinct())


def actor_permissions(actor) -> set[str]:
    """What the acting user holds, as the auth backend reports it (cached on the user)."""
    return actor.get_all_permissions()


def may_manage(actor, account) -> bool:
    """May `actor` edit `account` (its details, roles, active state)?"""
    if actor.is_superuser:
        return True
    if account.is_superuser:
        return False
    if account.pk == actor.pk:
        return True
    return permissions_of(account) <= actor_permissions(actor)


def may_set_password(actor, account) -> bool:
    """Only one's own password, or any as a superuser."""
    return account.pk == actor.pk or actor.is_superuser


def assignable_groups(actor):
    """The role groups `actor` may give: all of them for a superuser, else those whose every
    permission the actor holds."""
    groups = Group.objects.filter(name__in=ROLE_NAMES).prefetch_related("permissions__content_type")
    if actor.is_superuser:
        return groups
    held = actor_permissions(actor)
    allowed = [
        group.pk
        for group in groups
        if {f"{p.content_type.app_label}.{p.codename}" for p in group.permissions.all()} <= held
    ]
    return Group.objects.filter(pk__in=allowed).order_by("name")
