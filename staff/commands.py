"""Management commands that act for a staff account (`--user USERNAME`).

Run without `--user`, a command acts as the server's operator, who holds the database itself. With
`--user`, it acts as that account: the account must be active staff and hold the permissions the
command needs, the account's other permissions decide what it may do (publish or not), and the
audit trail names it.
"""

from django.contrib.auth import get_user_model
from django.core.management.base import CommandError


def acting_user(username: str | None, *, needs_any: list[str]):
    """The active staff account `username` holding at least one permission of `needs_any` (the
    command then checks what each step needs); None without a name."""
    if not username:
        return None
    user = get_user_model().objects.filter(username=username).first()
    if user is None or not user.is_active or not user.is_staff:
        raise CommandError(f"没有名为 {username} 的在职工作人员账号。")
    if not any(user.has_perm(p) for p in needs_any):
        raise CommandError(f"账号 {username} 没有执行此操作的权限（需要{'或'.join(needs_any)}）。")
    return user
