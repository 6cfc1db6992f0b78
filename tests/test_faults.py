"""When the database or the cache is down: the public gets a Chinese 503 page with Retry-After (not a
500, no stack trace), /healthz says which part is down, a request filed meanwhile leaves neither a
row nor an identity document behind, and the site recovers by itself when the database returns.

Most tests make every query of this thread's connection fail (as a database that cannot be reached
does) and run on SQLite and PostgreSQL alike; the last one cuts a real PostgreSQL connection under
a running gunicorn.
"""

import contextlib
import json
import os
import re
import socket
import sqlite3
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import psycopg
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, OperationalError, connection
from django.test import Client
from django.urls import reverse

import disclosures.views
from applications import services
from applications.models import InformationRequest, RequestAttachment, RequestEvent
from tests import factories
from tests.utils import TINY_PDF, free_port, request_form_data, running_gunicorn

pytestmark = pytest.mark.django_db

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
# A one-page PDF: the request form opens every upload as the type it claims.
PDF = TINY_PDF
UNAVAILABLE = "服务暂时不可用"
# The test's own transaction (savepoints) is left alone, so the test can look at the rows afterwards.
TRANSACTION_CONTROL = re.compile(r"^\s*(SAVEPOINT|RELEASE SAVEPOINT|ROLLBACK)\b", re.I)


# A distinct applicant: the request filed during the outage must leave no row behind.
OUTAGE_APPLICANT = {
    "form_token": "0b3f6a52-8d1e-4f7a-9c2b-5e4d3c2b1a09",
    "name": "断线测试人",
    "phone": "13800138000",
    "email": "outage@example.cn",
}


def form_data(**overrides):
    return request_form_data(**{**OUTAGE_APPLICANT, **overrides})


def private_files(settings) -> list[Path]:
    root = Path(settings.PRIVATE_MEDIA_ROOT)
    return sorted(path for path in root.rglob("*") if path.is_file()) if root.exists() else []


def refuse_queries(when=lambda sql: True):
    """An execute wrapper failing queries (those `when` picks) as an unreachable database does."""

    def refuse(execute, sql, params, many, context):
        if when(sql) and not TRANSACTION_CONTROL.match(sql):
            raise OperationalError('connection to server at "127.0.0.1", port 5432 failed: Connection refused')
        return execute(sql, params, many, context)

    return refuse


@pytest.fixture
def client():
    """A client that gets the error page, as a visitor would, instead of the exception."""
    return Client(raise_request_exception=False)


@pytest.fixture
def no_challenge(settings):
    settings.REQUEST_CHALLENGE_MAX_NUMBER = 0  # the form's proof of work is not what is tested here


@pytest.fixture
def database_down():
    with connection.execute_wrapper(refuse_queries()):
        yield


def assert_unavailable_page(response, where: str) -> None:
    assert response.status_code == 503, (where, response.status_code)
    assert response["Retry-After"].isdigit(), where
    assert response["Content-Type"].startswith("text/html"), where
    html = response.content.decode()
    assert UNAVAILABLE in html and 'lang="zh-CN"' in html, where
    for leak in ("Traceback", "OperationalError", "Connection refused", "5432"):
        assert leak not in html, (where, leak)


# --- the database is unreachable -------------------------------------------------------------


def test_public_pages_answer_503_in_chinese_while_the_database_is_down(client, organ):
    item = factories.DisclosureFactory(organ=organ)
    urls = [
        reverse("disclosures:home"),
        reverse("disclosures:catalogue"),
        item.get_absolute_url(),
        reverse("disclosures:search") + "?q=审批",
        reverse("applications:submit"),
        reverse("open_data:api-disclosure-list"),
        "/no-such-page/",  # even the 404 page needs the database (the site name)
    ]
    with connection.execute_wrapper(refuse_queries()):
        for url in urls:
            assert_unavailable_page(client.get(url), url)


def test_the_site_recovers_when_the_database_returns(client, db):
    with connection.execute_wrapper(refuse_queries()):
        assert client.get(reverse("disclosures:home")).status_code == 503
    assert client.get(reverse("disclosures:home")).status_code == 200


def test_a_request_filed_while_the_database_is_down_gets_503_and_saves_nothing(client, settings, no_challenge):
    upload = SimpleUploadedFile("身份证.pdf", PDF, "application/pdf")
    with connection.execute_wrapper(refuse_queries()):
        response = client.post(reverse("applications:submit"), {**form_data(), "attachments": upload})
    assert_unavailable_page(response, "POST /apply/")
    assert not InformationRequest.objects.exists()
    assert private_files(settings) == []


def log_in(client) -> None:
    """Through the login form (force_login's request has no client address, which django-axes
    records, and PostgreSQL's inet column refuses)."""
    response = client.post(reverse("admin:login"), {"username": "staff", "password": "pw-staff-123"})
    assert response.status_code == 302, response.content.decode()[:500]


def test_the_admin_answers_503_while_the_database_is_down(client, staff_user):
    log_in(client)
    with connection.execute_wrapper(refuse_queries()):
        for url in [reverse("admin:index"), reverse("admin:applications_informationrequest_changelist")]:
            assert_unavailable_page(client.get(url), url)


class ReadUserMiddleware:
    """Reads request.user (the session, from the database) before the view, as many middlewares do."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        request.user.is_authenticated  # noqa: B018 (loads the session)
        return self.get_response(request)


def test_a_database_failure_inside_a_middleware_gives_the_503_page_too(client, settings, staff_user):
    position = settings.MIDDLEWARE.index("django.contrib.auth.middleware.AuthenticationMiddleware") + 1
    settings.MIDDLEWARE = [
        *settings.MIDDLEWARE[:position],
        f"{__name__}.ReadUserMiddleware",
        *settings.MIDDLEWARE[position:],
    ]
    log_in(client)
    with connection.execute_wrapper(refuse_queries()):
        response = client.get(reverse("disclosures:home"))
    assert_unavailable_page(response, "a middleware reading the session")
    # Still protected: CSP from a middleware outside it, X-Frame-Options from the error page itself
    # (XFrameOptionsMiddleware sits inside it and never saw the response).
    assert response["X-Frame-Options"] == "DENY" and "Content-Security-Policy" in response


def test_other_errors_still_get_the_500_page(client, monkeypatch, db):
    def broken():
        raise IntegrityError("a bug, not an outage")

    monkeypatch.setattr(disclosures.views, "catalogue_tree", broken)
    response = client.get(reverse("disclosures:catalogue"))
    assert response.status_code == 500
    assert "Retry-After" not in response
    assert "系统暂时无法响应" in response.content.decode()


def test_an_error_raised_while_handling_an_outage_still_counts_as_the_outage(client, monkeypatch, db):
    def wrapped():
        try:
            raise OperationalError("server closed the connection unexpectedly")
        except OperationalError as exc:
            raise RuntimeError("could not load the catalogue") from exc

    monkeypatch.setattr(disclosures.views, "catalogue_tree", wrapped)
    assert_unavailable_page(client.get(reverse("disclosures:catalogue")), "a wrapped OperationalError")


def _operational_error_from(cause: Exception) -> OperationalError:
    """A Django OperationalError as Django raises it: wrapping the driver's error."""
    try:
        raise OperationalError(str(cause)) from cause
    except OperationalError as error:
        return error


@pytest.mark.parametrize(
    ("cause", "outage"),
    [
        # PostgreSQL (psycopg): no SQLSTATE when the server never answered.
        (psycopg.OperationalError("connection failed: Connection refused"), True),
        (psycopg.errors.AdminShutdown("terminating connection due to administrator command"), True),  # 57P01
        (psycopg.errors.CannotConnectNow("the database system is starting up"), True),  # 57P03
        (psycopg.errors.TooManyConnections("too many clients already"), True),  # 53300
        (psycopg.errors.DeadlockDetected("deadlock detected"), False),  # 40P01: a fault, mail it
        (psycopg.errors.LockNotAvailable("could not obtain lock"), False),  # 55P03
        (psycopg.errors.QueryCanceled("canceling statement due to statement timeout"), False),  # 57014
        (psycopg.errors.DiskFull("could not extend file"), False),  # 53100
        # SQLite
        (sqlite3.OperationalError("unable to open database file"), True),
        (sqlite3.OperationalError("database is locked"), True),
        (sqlite3.OperationalError("no such table: disclosures_disclosure"), False),
    ],
    ids=lambda value: type(value).__name__ if isinstance(value, Exception) else str(value),
)
def test_only_a_lost_connection_counts_as_an_outage(client, monkeypatch, db, cause, outage):
    error = _operational_error_from(cause)

    def broken():
        raise error

    monkeypatch.setattr(disclosures.views, "catalogue_tree", broken)
    response = client.get(reverse("disclosures:catalogue"))
    if outage:
        assert_unavailable_page(response, repr(cause))
    else:
        assert response.status_code == 500, repr(cause)
        assert "Retry-After" not in response


# --- /healthz ------------------------------------------------------------------------------------


def test_healthz_reports_the_database_unavailable(client, database_down):
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unavailable", "cache": "ok"}


def test_healthz_reports_the_cache_unavailable_without_failing(client, settings):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    started = time.monotonic()
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "ok", "cache": "unavailable"}
    assert time.monotonic() - started < 5


def test_healthz_reports_both_down(client, settings, database_down):
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
        }
    }
    response = client.get(reverse("healthz"))
    assert response.status_code == 503
    assert response.json() == {"status": "degraded", "database": "unavailable", "cache": "unavailable"}


def test_healthz_probes_leave_no_key_behind(client, db):
    from django.core.cache import cache

    client.get(reverse("healthz"))
    if hasattr(cache, "_cache"):  # the local-memory cache of the test settings
        assert not [key for key in cache._cache if "healthz" in key]


# --- a submission that fails halfway leaves nothing behind -----------------------------------


def test_a_submission_failing_after_its_files_are_stored_leaves_no_file_and_no_row(client, settings, no_challenge):
    stored_when_it_failed = []

    def events_fail(sql):
        if sql.lstrip().upper().startswith("INSERT") and RequestEvent._meta.db_table in sql:
            stored_when_it_failed.extend(private_files(settings))
            return True
        return False

    upload = SimpleUploadedFile("身份证.pdf", PDF, "application/pdf")
    with connection.execute_wrapper(refuse_queries(when=events_fail)):
        response = client.post(reverse("applications:submit"), {**form_data(), "attachments": upload})
    assert_unavailable_page(response, "POST /apply/ failing at its timeline event")
    assert len(stored_when_it_failed) == 1  # the identity document was on disk when the database failed
    assert not InformationRequest.objects.exists()
    assert not RequestAttachment.objects.exists()
    assert private_files(settings) == []


def test_the_service_deletes_its_files_when_its_transaction_fails(settings, monkeypatch):
    def no_deadline(**kwargs):
        raise OperationalError("the connection was lost")

    monkeypatch.setattr(services.intake, "recompute_deadline", no_deadline)
    uploads = [
        services.UploadedFile(SimpleUploadedFile(name, PDF, "application/pdf"), name, "application/pdf", len(PDF))
        for name in ("身份证正面.pdf", "身份证反面.pdf")
    ]
    with pytest.raises(OperationalError):
        services.submit_online_request(data=form_data(), files=uploads)
    assert not InformationRequest.objects.exists()
    assert private_files(settings) == []


@pytest.mark.django_db(transaction=True, serialized_rollback=True)
def test_a_commit_that_fails_leaves_no_file_and_no_row(settings, monkeypatch):
    real_commit, failures = connection.commit, []

    def commit_fails_once():
        if not failures:
            failures.append(True)
            raise OperationalError("server closed the connection unexpectedly")
        return real_commit()

    monkeypatch.setattr(connection, "commit", commit_fails_once)
    upload = services.UploadedFile(
        SimpleUploadedFile("a.pdf", PDF, "application/pdf"), "a.pdf", "application/pdf", len(PDF)
    )
    with pytest.raises(OperationalError):
        services.submit_online_request(data=form_data(), files=[upload])
    assert failures
    monkeypatch.undo()
    assert not InformationRequest.objects.exists()
    assert private_files(settings) == []


def test_a_successful_submission_keeps_its_file(settings):
    upload = services.UploadedFile(
        SimpleUploadedFile("a.pdf", PDF, "application/pdf"), "a.pdf", "application/pdf", len(PDF)
    )
    request, _code = services.submit_online_request(data=form_data(), files=[upload])
    (attachment,) = request.attachments.all()
    assert private_files(settings) == [Path(settings.PRIVATE_MEDIA_ROOT) / attachment.file.name]


# --- a real outage: PostgreSQL behind a proxy that is cut, under gunicorn --------------------


class TcpProxy:
    """Forwards a local port to the database server. cut() stops listening and drops every live
    connection (the database is gone); restore() listens on the same port again."""

    def __init__(self, upstream: tuple[str, int]):
        self.upstream = upstream
        self.port = free_port()
        self.lock = threading.Lock()
        self.live: set[socket.socket] = set()
        self.restore()

    def restore(self) -> None:
        listener = socket.socket()
        listener.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        listener.bind(("127.0.0.1", self.port))
        listener.listen()
        listener.settimeout(0.1)
        self.stop = threading.Event()
        self.acceptor = threading.Thread(target=self._accept, args=(listener, self.stop), daemon=True)
        self.acceptor.start()

    def cut(self) -> None:
        self.stop.set()
        self.acceptor.join()  # the listener is closed: new connections are refused from now on
        with self.lock:
            live, self.live = self.live, set()
        for sock in live:
            self._close(sock)

    def _accept(self, listener: socket.socket, stop: threading.Event) -> None:
        with listener:
            while not stop.is_set():
                try:
                    client, _address = listener.accept()
                except TimeoutError:
                    continue
                try:
                    server = socket.create_connection(self.upstream, timeout=5)
                except OSError:
                    client.close()
                    continue
                client.settimeout(None)
                server.settimeout(None)
                with self.lock:
                    self.live |= {client, server}
                for source, target in ((client, server), (server, client)):
                    threading.Thread(target=self._pump, args=(source, target), daemon=True).start()

    def _pump(self, source: socket.socket, target: socket.socket) -> None:
        try:
            while data := source.recv(65536):
                target.sendall(data)
        except OSError:
            pass
        finally:
            self._close(source)
            self._close(target)

    @staticmethod
    def _close(sock: socket.socket) -> None:
        with contextlib.suppress(OSError):
            sock.shutdown(socket.SHUT_RDWR)
        sock.close()


class _NoRedirects(urllib.request.HTTPRedirectHandler):
    def redirect_request(self, *args, **kwargs):
        return None


def fetch(base: str, path: str, *, data: dict | None = None, headers: dict | None = None):
    """(status, headers, body) of one request; error statuses are answers too."""
    body = urllib.parse.urlencode(data).encode() if data is not None else None
    request = urllib.request.Request(base + path, data=body, headers=headers or {})
    opener = urllib.request.build_opener(_NoRedirects)
    try:
        with opener.open(request, timeout=15) as response:
            return response.status, response.headers, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.headers, error.read().decode()


def _server_env(database_url: str) -> dict:
    """The test settings (production settings, DEBUG off, without the HTTPS redirect) with this database."""
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URLS"}
    }
    env.update(
        PATH=f"{BIN}{os.pathsep}{env.get('PATH', '')}",
        DJANGO_SETTINGS_MODULE="tests.settings",
        DATABASE_URL=database_url,
        DJANGO_CONN_MAX_AGE="60",
        DJANGO_REQUEST_CHALLENGE_MAX_NUMBER="0",
    )
    return env


@pytest.mark.postgres
def test_a_real_database_outage_under_gunicorn_gives_503_and_recovers_without_a_restart(tmp_path):
    if connection.vendor != "postgresql":
        pytest.skip("cuts a real PostgreSQL connection")
    db = connection.settings_dict
    proxy = TcpProxy((db["HOST"] or "127.0.0.1", int(db["PORT"] or 5432)))
    credentials = urllib.parse.quote(db["USER"], safe="")
    if db["PASSWORD"]:
        credentials += ":" + urllib.parse.quote(db["PASSWORD"], safe="")
    # The test database (migrated, committed); the server reaches it only through the proxy.
    database_url = f"postgres://{credentials}@127.0.0.1:{proxy.port}/{urllib.parse.quote(db['NAME'], safe='')}"
    try:
        with running_gunicorn(_server_env(database_url), log_path=tmp_path / "gunicorn.log") as (port, server):
            base = f"http://127.0.0.1:{port}"
            # Up: pages serve, and the request form hands out its CSRF token (kept for the POST below).
            assert fetch(base, reverse("disclosures:home"))[0] == 200
            status, headers, html = fetch(base, reverse("applications:submit"))
            assert status == 200
            csrf_cookie = re.search(r"csrftoken=([^;]+)", headers["Set-Cookie"]).group(1)
            csrf_token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', html).group(1)
            form_token = re.search(r'name="form_token" value="([^"]+)"', html).group(1)

            proxy.cut()
            status, headers, html = fetch(base, reverse("disclosures:home"))
            assert status == 503, html[:500]
            assert UNAVAILABLE in html and "Traceback" not in html
            assert headers["Retry-After"].isdigit()
            status, _headers, body = fetch(base, reverse("healthz"))
            assert status == 503
            assert json.loads(body) == {"status": "degraded", "database": "unavailable", "cache": "ok"}
            status, _headers, html = fetch(
                base,
                reverse("applications:submit"),
                data={**form_data(form_token=form_token), "csrfmiddlewaretoken": csrf_token},
                headers={"Cookie": f"csrftoken={csrf_cookie}"},
            )
            assert status == 503, html[:500]
            assert UNAVAILABLE in html

            proxy.restore()  # the same gunicorn, never restarted
            assert fetch(base, reverse("disclosures:home"))[0] == 200
            status, _headers, body = fetch(base, reverse("healthz"))
            assert status == 200 and json.loads(body)["database"] == "ok"
            assert server.poll() is None
    finally:
        proxy.cut()
    assert not InformationRequest.objects.filter(name=form_data()["name"]).exists()


def test_a_public_page_answers_503_while_the_redis_cache_is_down(client, settings, db):
    # The page cache and the throttles use the cache: an unreachable Redis is an outage too.
    settings.PUBLIC_PAGE_CACHE_SECONDS = 300
    settings.CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": f"redis://127.0.0.1:{free_port()}/0",
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
    client.raise_request_exception = False
    response = client.get(reverse("disclosures:home"))
    assert response.status_code == 503
    assert response["Retry-After"]
    assert "服务暂时不可用" in response.content.decode()
