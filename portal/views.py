"""Project-level views: health check, robots.txt, the public error pages and display preferences."""

import base64
import hashlib
import re
import sqlite3
import sys
import uuid

import redis.exceptions
from django.conf import settings
from django.core.cache import cache
from django.db import InterfaceError, OperationalError, connection
from django.http import HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from common.json_responses import error_response
from common.middleware import a11y_preferences, set_a11y_cookie

# What a client is told to wait before trying again while the database is unreachable.
RETRY_AFTER_SECONDS = 30
# How long the health check's probe key lives in the cache (it is deleted at once when it can be).
CACHE_PROBE_SECONDS = 10
# The errors of a database or a Redis cache that cannot be reached (connection refused, lost or
# timed out, server shutting down): the site is unavailable, not broken. An OperationalError counts
# only when its cause says so (_lost_connection): a deadlock, a lock timeout or a missing table is
# a fault to be mailed to the administrators, and /healthz would not see it.
UNAVAILABLE_ERRORS = (InterfaceError, redis.exceptions.ConnectionError, redis.exceptions.TimeoutError)
# PostgreSQL SQLSTATEs of a lost or refused connection: class 08 (connection exception), the server
# shutting down or starting (57P01-57P03), too many connections (53300).
UNAVAILABLE_SQLSTATES = ("57P01", "57P02", "57P03", "53300")
# SQLite: the file cannot be opened or read, or another process holds it longer than the timeout.
SQLITE_UNAVAILABLE = ("unable to open database file", "database is locked", "disk i/o error")
STYLE_ELEMENT_RE = re.compile(r"<style>(.*?)</style>", re.S)


def _database_status() -> str:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        return "ok"
    except Exception:  # any database error means "not ready"; details stay in the server log
        return "unavailable"


def _cache_status() -> str:
    """Write, read back and delete a probe key of its own (concurrent probes never collide)."""
    key, value = f"healthz:{uuid.uuid4().hex}", uuid.uuid4().hex
    try:
        cache.set(key, value, timeout=CACHE_PROBE_SECONDS)
        ok = cache.get(key) == value
        cache.delete(key)
    except Exception:  # a cache server that is down or unreachable; never an error of the check
        return "unavailable"
    return "ok" if ok else "unavailable"


@never_cache
def healthz(request):
    """Tell a load balancer whether this process can reach its database and its cache.

    200 only when both answer; otherwise 503, and the JSON says which one does not.
    """
    checks = {"database": _database_status(), "cache": _cache_status()}
    healthy = all(state == "ok" for state in checks.values())
    return JsonResponse({"status": "ok" if healthy else "degraded", **checks}, status=200 if healthy else 503)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def _self_contained_page(template_name: str, status: int) -> HttpResponse:
    """An error page rendered without a request context (no database, no static files): its small
    stylesheet is inline, so the Content-Security-Policy of this response allows exactly that
    stylesheet by its hash, and no other inline style."""
    html = loader.get_template(template_name).render()
    response = HttpResponse(html, status=status)
    # Set here too: a failure in a middleware outside XFrameOptionsMiddleware skips that middleware.
    response["X-Frame-Options"] = settings.X_FRAME_OPTIONS
    hashes = [
        f"'sha256-{base64.b64encode(hashlib.sha256(css.encode()).digest()).decode()}'"
        for css in STYLE_ELEMENT_RE.findall(html)
    ]
    if hashes:
        response._csp_update = {"style-src": hashes}  # read by csp.middleware.CSPMiddleware
    return response


def _database_unavailable(exception: BaseException | None) -> bool:
    """Whether the exception (or one it was raised from or while handling) says the database or
    the cache cannot be reached."""
    seen = set()
    while exception is not None and id(exception) not in seen:
        if isinstance(exception, UNAVAILABLE_ERRORS):
            return True
        if isinstance(exception, OperationalError) and _lost_connection(exception):
            return True
        seen.add(id(exception))
        exception = exception.__cause__ or exception.__context__
    return False


def _lost_connection(error: OperationalError) -> bool:
    """Whether a database OperationalError is a connection that could not be made or was lost."""
    cause = error.__cause__
    if cause is None:  # raised by Django itself (e.g. a connection it found closed)
        return True
    if isinstance(cause, sqlite3.Error):
        return any(text in str(cause).lower() for text in SQLITE_UNAVAILABLE)
    sqlstate = getattr(cause, "sqlstate", None)
    # psycopg: no SQLSTATE when the server never answered (refused, timed out, closed).
    return sqlstate is None or sqlstate.startswith("08") or sqlstate in UNAVAILABLE_SQLSTATES


def service_unavailable(request=None):
    """503 with a Chinese page and Retry-After: the database is unreachable. Nothing half-done is
    kept (each write is one transaction) and the site recovers by itself when the database is back
    (CONN_HEALTH_CHECKS reconnects)."""
    response = _self_contained_page("503.html", status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    return response


def server_error(request):
    """handler500: an unhandled exception, anywhere in a view or a middleware.

    A database that cannot be reached is an outage, not a bug: it gets the 503 page.
    """
    if _database_unavailable(sys.exc_info()[1]):
        return service_unavailable(request)
    # Rendered without a request context: the database may be the reason we are here.
    return _self_contained_page("500.html", status=500)


def bad_request(request, exception=None):
    """handler400: a request Django refuses before any view reads it (too many parameters, a Host
    not allowed, a broken multipart body). Nothing of the request is used, not even its host: the
    JSON API answers in its own error format, everything else gets a self-contained page."""
    if request is not None and request.path.startswith(_api_prefix()):
        return error_response(400, "bad_request", _("请求无效：查询参数过多或格式有误，请检查后重试。"))
    return _self_contained_page("400.html", status=400)


def _api_prefix() -> str:
    """/api/v1/: the folder of the API's OpenAPI document."""
    return reverse("open_data:api-openapi").rsplit("/", 1)[0] + "/"


def csrf_failure(request, reason=""):
    """CSRF_FAILURE_VIEW: a form sent without its security token (an expired page, cookies blocked).
    The reason stays in the server log; the page says what to do."""
    return _self_contained_page("403_csrf.html", status=403)


def _url_prefix(name: str, argument: str) -> str:
    """The path of a named URL up to its argument: /apply/receipt/ for /apply/receipt/<tracking_number>/."""
    return reverse(name, kwargs={argument: "placeholder"}).split("placeholder", 1)[0]


@require_safe
def robots_txt(request):
    """Crawl everything public; keep crawlers out of the admin and of requesters' own pages, and off
    the endless combinations of search results, API pages and CSV exports (the sitemap lists every
    item once)."""
    private = [
        reverse("admin:index"),
        reverse("password_reset_complete").removesuffix("done/"),
        reverse("applications:lookup"),
        _url_prefix("applications:receipt", "tracking_number"),
        _url_prefix("applications:calendar-feed", "token"),
        reverse("disclosures:search"),
        "/api/",
        "/*export.csv",
        reverse("preferences"),
        "/*variant=",
    ]
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {path}" for path in private),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")


@require_safe
def preferences(request):
    """The accessibility toolbar without JavaScript: apply one button to the a11y cookie and go
    back to the page it was pressed on (only a page of this site; anything else goes home).

    A GET form: it changes nothing but the visitor's own display, so it needs no CSRF token, and
    public pages then carry none, which lets them be cached and shared (common/pagecache.py).
    """
    prefs = a11y_preferences(request).apply(request.GET.get("action", ""))
    next_url = request.GET.get("next", "")
    if not next_url.startswith("/") or not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
    ):
        next_url = reverse("disclosures:home")
    response = HttpResponseRedirect(next_url)
    set_a11y_cookie(response, request, prefs)
    return response
