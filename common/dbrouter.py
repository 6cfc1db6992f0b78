"""Reads from PostgreSQL read replicas where that is safe; every write and every other read on the primary.

settings.py adds ``replica1``, ``replica2``… to DATABASES from ``DATABASE_REPLICA_URLS`` and then
installs :class:`PrimaryReplicaRouter`. A replica lags the primary by a little (usually well under
a second), so a read goes there only when a slightly old answer cannot mislead anyone:

- the request is a safe one (GET, HEAD, OPTIONS, TRACE) from a visitor who is not logged in (staff
  work in the admin always sees the primary);
- the visitor did not write anything in the last ``DATABASE_REPLICA_PIN_SECONDS``: an unsafe
  request sets a short-lived cookie, so the receipt page right after filing a request, or the
  status page after a lookup, reads the primary (read-your-writes);
- the code is not inside ``transaction.atomic()`` on the primary (a read there belongs to the
  transaction's own snapshot).

:class:`PinPrimaryAfterWriteMiddleware` makes that decision once per request and keeps it in a
context variable, with one replica picked at random for the whole request (so one page never
mixes two replicas' states). Everything outside a request (management commands, the scheduler,
the shell, streaming a response after the view returned) reads the primary, unless code opts in
with :func:`reads_from`. Sessions are always read from the primary: the middleware loads the
visitor's session (through ``request.user``) before it picks a replica.
"""

import math
import random
import time
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.core.exceptions import MiddlewareNotUsed
from django.db import DEFAULT_DB_ALIAS, connections

PRIMARY = DEFAULT_DB_ALIAS
REPLICA_PREFIX = "replica"
# Set on the response to an unsafe request; its value is the Unix time until which reads stay on the primary.
PIN_COOKIE = "read_primary_until"
DEFAULT_PIN_SECONDS = 10
SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE"})

# The alias this request (or a `reads_from` block) may read from; None: the primary.
_read_alias: ContextVar[str | None] = ContextVar("portal_read_alias", default=None)


def replica_aliases(databases: Iterable[str] | None = None) -> list[str]:
    """The configured replica aliases (``replica1``, ``replica2``…), in order."""
    names = settings.DATABASES if databases is None else databases
    return sorted(alias for alias in names if alias.startswith(REPLICA_PREFIX))


def current_read_alias() -> str | None:
    """Where reads may go now: a replica alias, or None for the primary."""
    return _read_alias.get()


@contextmanager
def reads_from(alias: str | None) -> Iterator[None]:
    """Within the block, reads go to `alias` (None: the primary) when the router finds it safe.

    For read-only batch work that can live with replication lag, e.g. ``with reads_from("replica1"):``
    around a large export in a management command.
    """
    token = _read_alias.set(None if alias == PRIMARY else alias)
    try:
        yield
    finally:
        _read_alias.reset(token)


class PrimaryReplicaRouter:
    """DATABASE_ROUTERS entry: writes and migrations on ``default``; reads on a replica only when safe."""

    def __init__(self, replicas: Iterable[str] | None = None):
        self._replicas = None if replicas is None else list(replicas)

    @property
    def replicas(self) -> list[str]:
        return replica_aliases() if self._replicas is None else self._replicas

    def db_for_read(self, model, **hints):
        alias = _read_alias.get()
        if alias is None:
            return PRIMARY
        instance = hints.get("instance")
        if instance is not None and instance._state.db:
            return instance._state.db  # related rows from where the row itself came
        if connections[PRIMARY].in_atomic_block:
            return PRIMARY
        return alias

    def db_for_write(self, model, **hints):
        return PRIMARY

    def allow_relation(self, obj1, obj2, **hints):
        # Replicas hold the primary's rows: an object read from one may point at an object read from another.
        aliases = {PRIMARY, *self.replicas}
        if obj1._state.db in aliases and obj2._state.db in aliases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # Replicas get the schema by replication, never by `migrate`.
        return db == PRIMARY


def is_pinned(cookie_value: str | None, now: float) -> bool:
    """Whether the pin cookie's value still keeps this visitor on the primary."""
    try:
        return float(cookie_value) > now
    except (TypeError, ValueError):
        return False


class PinPrimaryAfterWriteMiddleware:
    """Picks where the request's reads go (see the module docstring); unused without replicas.

    Place it right after AuthenticationMiddleware: it asks ``request.user`` whether the visitor is
    logged in.
    """

    def __init__(self, get_response, replicas: Iterable[str] | None = None):
        self.replicas = replica_aliases() if replicas is None else list(replicas)
        if not self.replicas:
            raise MiddlewareNotUsed("no read replica configured (DATABASE_REPLICA_URLS)")
        self.get_response = get_response
        self.pin_seconds = getattr(settings, "DATABASE_REPLICA_PIN_SECONDS", DEFAULT_PIN_SECONDS)

    def __call__(self, request):
        token = _read_alias.set(self.read_alias(request))
        try:
            response = self.get_response(request)
        finally:
            _read_alias.reset(token)
        if request.method not in SAFE_METHODS and self.pin_seconds > 0:
            response.set_cookie(
                PIN_COOKIE,
                str(math.ceil(time.time() + self.pin_seconds)),
                max_age=self.pin_seconds,
                secure=settings.SESSION_COOKIE_SECURE,
                httponly=True,
                samesite="Lax",
            )
        return response

    def read_alias(self, request) -> str | None:
        """A replica for this request's reads, or None for the primary."""
        if request.method not in SAFE_METHODS:
            return None
        if is_pinned(request.COOKIES.get(PIN_COOKIE), time.time()):
            return None
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:  # loads the session from the primary, too
            return None
        return random.choice(self.replicas)
