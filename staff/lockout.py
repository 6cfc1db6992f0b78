"""Admin login lockout by username across every address, beside django-axes' own.

django-axes locks a username from one client (an IPv4 address, or an IPv6 /64: see
applications.throttle.axes_client_address) after AXES_FAILURE_LIMIT wrong passwords. Someone with
many addresses could still try AXES_FAILURE_LIMIT passwords from each, so this backend also refuses
every login to a username once AXES_USERNAME_FAILURE_LIMIT wrong passwords were given for it from
all addresses together within AXES_COOLOFF_TIME, counted from the attempts axes keeps. The person
then sees axes' lockout page; a successful login elsewhere before that does not reset the count of
other addresses, and an administrator lifts a lockout by deleting the attempts in the admin.
"""

import datetime as dt

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Sum
from django.utils import timezone


def failures_for(username: str) -> int:
    from axes.models import AccessAttempt

    since = timezone.now() - dt.timedelta(hours=settings.AXES_COOLOFF_TIME)
    attempts = AccessAttempt.objects.filter(username=username, attempt_time__gte=since)
    return attempts.aggregate(total=Sum("failures_since_start"))["total"] or 0


def username_locked(username: str) -> bool:
    limit = settings.AXES_USERNAME_FAILURE_LIMIT
    return limit > 0 and failures_for(username) >= limit


class UsernameLockoutBackend:
    """Authenticates nobody; refuses a locked username before the password is checked. (No
    get_user and no permission methods: sessions and force_login belong to ModelBackend.)"""

    def authenticate(self, request, username=None, password=None, **kwargs):
        if request is not None and username and username_locked(username):
            request.axes_locked_out = True  # axes' middleware answers with its lockout page
            raise PermissionDenied
        return None
