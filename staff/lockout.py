"""Admin login lockout by username across every address, beside django-axes' own.

django-axes locks a username from one client (an IPv4 address, or an IPv6 /64: see
applications.throttle.axes_client_address) after AXES_FAILURE_LIMIT wrong passwords. Someone with
many addresses could still try AXES_FAILURE_LIMIT passwords from each, so this backend also refuses
logins to a username once AXES_USERNAME_FAILURE_LIMIT wrong passwords were given for it from all
addresses together within AXES_COOLOFF_TIME, counted from the attempts axes keeps, except from a
client the account logged in from before (so strangers cannot lock its owner out of the office).
The person then sees axes' lockout page; an administrator lifts a lockout by deleting the attempts
in the admin.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone

# How long a successful login keeps its client exempt from the username-wide lock.
KNOWN_CLIENT_DAYS = 90


def failures_for(username: str) -> int:
    from axes.models import AccessAttempt

    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def username_locked(username: str) -> bool:
    limit = settings.AXES_USERNAME_FAILURE_LIMIT
    return limit > 0 and failures_for(username) >= limit


def known_client(request, username: str) -> bool:
    """Has this username logged in successfully from this client (address, or IPv6 /64) within
    KNOWN_CLIENT_DAYS? Its owner's usual office or home is not locked out by strangers' failures."""
    from axes.models import AccessLog

    from applications.throttle import axes_client_address

    address = axes_client_address(request)
    since = timezone.now() - dt.timedelta(days=KNOWN_CLIENT_DAYS)
    return address is not None and (
        AccessLog.objects.filter(username=username, ip_address=address, attempt_time__gte=since).exists()
    )


class UsernameLockoutBackend:
    """Authenticates nobody; refuses a locked username before the password is checked, except from a
    client it logged in from before. (No get_user and no permission methods: sessions and
    force_login belong to ModelBackend.) A refused attempt is not recorded
    (AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT off), so refusals do not prolong the lock."""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username and username_locked(username) and not known_client(request, username):
            request.axes_locked_out = True  # axes' middleware answers with its lockout page
            raise PermissionDenied
        return None
