"""Project-level views: health check, robots.txt, the public error pages and display preferences."""

from django.db import connection
from django.http import HttpResponse, HttpResponseRedirect, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe

from portal.middleware import a11y_preferences, set_a11y_cookie


@never_cache
def healthz(request):
    """Tell a load balancer whether this process can reach its database."""
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
        database = "ok"
    except Exception:  # any database error means "not ready"; details stay in the server log
        database = "unavailable"
    status = 200 if database == "ok" else 503
    return JsonResponse({"status": "ok" if status == 200 else "degraded", "database": database}, status=status)


def page_not_found(request, exception=None):
    return render(request, "404.html", status=404)


def server_error(request):
    # Rendered without a request context: the database may be the reason we are here.
    return HttpResponseServerError(loader.get_template("500.html").render())


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
    public pages then carry none, which lets them be cached and shared (portal/pagecache.py).
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
