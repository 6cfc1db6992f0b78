"""Project-level views: health check, robots.txt and the public error pages."""

from django.db import connection
from django.http import HttpResponse, HttpResponseServerError, JsonResponse
from django.shortcuts import render
from django.template import loader
from django.urls import reverse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_safe


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
    """Crawl everything public; keep crawlers out of the admin and of requesters' own pages."""
    private = [
        reverse("admin:index"),
        reverse("applications:lookup"),
        _url_prefix("applications:receipt", "tracking_number"),
        _url_prefix("applications:calendar-feed", "token"),
    ]
    lines = [
        "User-agent: *",
        "Allow: /",
        *(f"Disallow: {path}" for path in private),
        f"Sitemap: {request.build_absolute_uri(reverse('sitemap'))}",
    ]
    return HttpResponse("\n".join(lines) + "\n", content_type="text/plain; charset=utf-8")
