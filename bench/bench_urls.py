"""The portal's URLs plus /bench/ok, a bare Django view: the baseline page throughput is compared with."""

from django.http import HttpResponse
from django.urls import path

from portal.urls import handler404, handler500  # noqa: F401 (the error pages stay the portal's)
from portal.urls import urlpatterns as portal_urlpatterns


def ok(request):
    return HttpResponse("ok", content_type="text/plain")


urlpatterns = [path("bench/ok", ok, name="bench-ok"), *portal_urlpatterns]
