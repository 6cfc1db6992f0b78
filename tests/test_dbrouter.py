"""common/dbrouter.py: which database a read goes to, with and without read replicas.

The router and the middleware are tested as units with made-up alias lists. One test then runs the
portal with a replica alias configured the way settings.py does it from DATABASE_REPLICA_URLS (in
tests a TEST MIRROR of default, so the replica connection sees the test database): the suite
itself runs without replicas, so that test starts a second pytest with the variable set.
"""

import os
import subprocess
import sys
import time
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.core.exceptions import MiddlewareNotUsed
from django.db import connections
from django.http import HttpResponse
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext, override_settings
from django.urls import reverse

from common import dbrouter
from common.dbrouter import (
    PIN_COOKIE,
    PinPrimaryAfterWriteMiddleware,
    PrimaryReplicaRouter,
    current_read_alias,
    reads_from,
    replica_aliases,
)

ROOT = Path(__file__).resolve().parent.parent
MIDDLEWARE = "common.dbrouter.PinPrimaryAfterWriteMiddleware"
REPLICAS = ["replica1", "replica2"]


class Row:
    """Stands in for a model instance: the router only looks at `_state.db`."""

    def __init__(self, db):
        self._state = type("State", (), {"db": db})()


class StaffUser:
    is_authenticated = True


# --- the router --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("read_alias", "in_atomic_block", "instance_db", "expected"),
    [
        (None, False, None, "default"),  # outside a request: commands, the scheduler, the shell
        ("replica2", False, None, "replica2"),  # a safe anonymous request
        ("replica2", True, None, "default"),  # inside transaction.atomic() on the primary
        ("replica2", False, "default", "default"),  # related rows of a row read from the primary
        ("replica2", False, "replica1", "replica1"),  # … or from the replica it came from
        (None, False, "replica1", "default"),  # no replica allowed: the hint does not override that
        ("default", False, None, "default"),
    ],
)
def test_reads_go_to_the_replica_only_when_that_is_safe(
    monkeypatch, read_alias, in_atomic_block, instance_db, expected
):
    monkeypatch.setattr(connections["default"], "in_atomic_block", in_atomic_block)
    router = PrimaryReplicaRouter(replicas=REPLICAS)
    hints = {} if instance_db is None else {"instance": Row(instance_db)}
    with reads_from(read_alias):
        assert router.db_for_read(object, **hints) == expected


def test_writes_always_go_to_the_primary():
    router = PrimaryReplicaRouter(replicas=REPLICAS)
    with reads_from("replica1"):
        assert router.db_for_write(object) == "default"
        assert router.db_for_write(object, instance=Row("replica1")) == "default"


@pytest.mark.parametrize(
    ("db1", "db2", "expected"),
    [
        ("default", "replica1", True),
        ("replica1", "replica2", True),
        ("default", "default", True),
        ("default", "archive", None),  # not ours to decide
    ],
)
def test_relations_are_allowed_among_primary_and_replicas(db1, db2, expected):
    assert PrimaryReplicaRouter(replicas=REPLICAS).allow_relation(Row(db1), Row(db2)) is expected


@pytest.mark.parametrize(("db", "expected"), [("default", True), ("replica1", False), ("replica2", False)])
def test_only_the_primary_is_migrated(db, expected):
    assert PrimaryReplicaRouter(replicas=REPLICAS).allow_migrate(db, "disclosures") is expected


def test_replica_aliases_are_the_replica_entries_of_databases():
    assert replica_aliases({"default": {}, "replica2": {}, "replica1": {}, "archive": {}}) == REPLICAS
    assert replica_aliases({"default": {}}) == []


def test_reads_from_restores_the_previous_choice():
    assert current_read_alias() is None
    with reads_from("replica1"):
        with reads_from(None):
            assert current_read_alias() is None
        assert current_read_alias() == "replica1"
    assert current_read_alias() is None


# --- the middleware ----------------------------------------------------------------------------


def test_middleware_is_not_used_without_replicas():
    with pytest.raises(MiddlewareNotUsed):
        PinPrimaryAfterWriteMiddleware(lambda request: HttpResponse(), replicas=[])
    if not replica_aliases():  # this suite's settings: no DATABASE_REPLICA_URLS
        with pytest.raises(MiddlewareNotUsed):
            PinPrimaryAfterWriteMiddleware(lambda request: HttpResponse())


def _request(method="GET", user=None, pin=None):
    request = getattr(RequestFactory(), method.lower())("/")
    request.user = user or AnonymousUser()
    if pin is not None:
        request.COOKIES[PIN_COOKIE] = pin
    return request


def _serve(request, pin_seconds=10):
    """Run `request` through the middleware; the alias reads could use during the view, and the response."""
    seen = []

    def view(request):
        seen.append(current_read_alias())
        return HttpResponse()

    middleware = PinPrimaryAfterWriteMiddleware(view, replicas=REPLICAS)
    middleware.pin_seconds = pin_seconds
    response = middleware(request)
    return seen[0], response


@pytest.mark.parametrize(
    ("method", "user", "pin", "reads"),
    [
        ("GET", None, None, "replica"),
        ("HEAD", None, None, "replica"),
        ("GET", None, -60, "replica"),  # an expired pin
        ("GET", None, "not-a-number", "replica"),
        ("GET", None, 60, "primary"),  # wrote a moment ago: read your own writes
        ("GET", StaffUser(), None, "primary"),  # staff (the admin) always sees the primary
        ("POST", None, None, "primary"),
        ("PUT", None, None, "primary"),
        ("PATCH", None, None, "primary"),
        ("DELETE", None, None, "primary"),
    ],
)
def test_middleware_sends_only_safe_anonymous_unpinned_reads_to_a_replica(method, user, pin, reads):
    if isinstance(pin, int):  # seconds from now until the pin expires
        pin = str(int(time.time() + pin))
    alias, _response = _serve(_request(method, user, pin))
    assert alias in REPLICAS if reads == "replica" else alias is None, alias
    assert current_read_alias() is None  # reset after the request


def test_middleware_spreads_requests_over_the_replicas():
    assert {_serve(_request())[0] for _ in range(200)} == set(REPLICAS)


@pytest.mark.parametrize("method", ["POST", "PUT", "PATCH", "DELETE"])
def test_a_write_pins_the_visitor_to_the_primary_for_a_few_seconds(method):
    _alias, response = _serve(_request(method), pin_seconds=10)
    cookie = response.cookies[PIN_COOKIE]
    assert cookie["max-age"] == 10
    assert cookie["httponly"] and cookie["samesite"] == "Lax"
    assert time.time() + 9 <= float(cookie.value) <= time.time() + 11
    # The next request of that browser reads the primary; one after the pin has expired, a replica.
    assert _serve(_request("GET", pin=cookie.value))[0] is None
    assert dbrouter.is_pinned(cookie.value, now=time.time() + 11) is False


def test_safe_requests_set_no_pin():
    _alias, response = _serve(_request("GET"))
    assert PIN_COOKIE not in response.cookies


def test_the_read_alias_is_reset_when_the_view_raises():
    def view(request):
        assert current_read_alias() in REPLICAS
        raise RuntimeError("boom")

    middleware = PinPrimaryAfterWriteMiddleware(view, replicas=REPLICAS)
    with pytest.raises(RuntimeError):
        middleware(_request())
    assert current_read_alias() is None


# --- with a replica configured -----------------------------------------------------------------


def test_settings_install_the_middleware_right_after_authentication():
    middleware = list(settings.MIDDLEWARE)
    assert MIDDLEWARE in middleware, f"add {MIDDLEWARE!r} to MIDDLEWARE in portal/settings.py"
    assert (
        middleware.index(MIDDLEWARE) == middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    )


def test_the_portal_with_a_replica_alias_reads_it_and_pins_after_a_write(tmp_path):
    """Runs the test below in a second pytest with DATABASE_REPLICA_URLS set (settings.py then
    adds `replica1`, a TEST MIRROR of default, and the router). That run uses SQLite, so its test
    database never clashes with this run's."""
    env = {
        **{k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "PYTEST_XDIST_WORKER"}},
        "DATABASE_URL": f"sqlite:///{tmp_path / 'primary.sqlite3'}",
        "DATABASE_REPLICA_URLS": f"sqlite:///{tmp_path / 'replica.sqlite3'}",
        "DJANGO_REQUEST_CHALLENGE_MAX_NUMBER": "0",  # the form without its proof of work
    }
    result = subprocess.run(
        [
            sys.executable,
            "-m",
            "pytest",
            f"{Path(__file__).relative_to(ROOT)}::test_with_a_replica_anonymous_reads_use_it_and_writes_pin_the_primary",
            "-p",
            "no:cacheprovider",
            "-p",
            "no:xdist",
            "-q",
        ],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=180,
    )
    assert result.returncode == 0, result.stdout[-5000:] + result.stderr[-2000:]
    assert "1 passed" in result.stdout


@pytest.mark.skipif("replica1" not in settings.DATABASES, reason="runs with DATABASE_REPLICA_URLS set (see above)")
@pytest.mark.django_db(transaction=True, serialized_rollback=True, databases=["default", "replica1"])
def test_with_a_replica_anonymous_reads_use_it_and_writes_pin_the_primary(client, django_user_model):
    from tests.factories import DisclosureFactory
    from tests.utils import request_form_data

    assert settings.DATABASE_ROUTERS == ["common.dbrouter.PrimaryReplicaRouter"]
    assert settings.DATABASES["replica1"]["TEST"]["MIRROR"] == "default"
    middleware = list(settings.MIDDLEWARE)
    if MIDDLEWARE not in middleware:  # not wired yet: the test above says so; check the rest anyway
        middleware.insert(middleware.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1, MIDDLEWARE)
    item = DisclosureFactory()

    def reads(path, browser=client):
        """Which connections ran SELECTs on the item table while serving `path`."""
        with (
            CaptureQueriesContext(connections["default"]) as primary,
            CaptureQueriesContext(connections["replica1"]) as replica,
        ):
            response = browser.get(path)
        assert response.status_code == 200, path
        return {
            alias
            for alias, queries in (("default", primary), ("replica1", replica))
            if any("disclosures_disclosure" in q["sql"] and q["sql"].startswith("SELECT") for q in queries)
        }, response

    with override_settings(MIDDLEWARE=middleware):
        # Outside a request everything reads the primary.
        assert type(item).objects.all().db == "default"

        # An anonymous visitor reads the replica, which holds the primary's rows.
        used, response = reads(item.get_absolute_url())
        assert used == {"replica1"}
        assert item.title in response.content.decode()

        # Filing a request (a write) pins this browser: the receipt right after reads the primary.
        filed = client.post(reverse("applications:submit"), request_form_data())
        assert filed.status_code == 302, filed.content.decode()[:2000]
        assert PIN_COOKIE in filed.cookies
        with CaptureQueriesContext(connections["replica1"]) as replica:
            assert client.get(filed["Location"]).status_code == 200
        assert replica.captured_queries == []
        assert reads(item.get_absolute_url())[0] == {"default"}

        # Once the pin has expired, the replica again.
        client.cookies[PIN_COOKIE] = str(int(time.time()) - 1)
        assert reads(item.get_absolute_url())[0] == {"replica1"}

        # Staff always read the primary.
        staff = client.__class__()
        staff.force_login(django_user_model.objects.create_superuser("staff", "s@example.cn", "pw-staff-123"))
        assert reads(item.get_absolute_url(), staff)[0] == {"default"}
