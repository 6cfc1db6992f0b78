"""Shared caching of the public record's pages for visitors who are not logged in.

A list or an item renders in tens of milliseconds of template work; most visitors ask for the
same pages. Cached copies are keyed by the full URL and, through ``Vary: Cookie``, by the
visitor's cookies (the accessibility and 简/繁 choices change the page), so visitors without
cookies share one copy. Every change to the record bumps a version that is part of the key: a
published or withdrawn item shows at once, never after a delay. Staff (logged in) always get a
fresh page. ``DJANGO_PUBLIC_PAGE_CACHE_SECONDS=0`` turns this off.
"""

import functools

from django.conf import settings
from django.core.cache import cache
from django.utils.cache import patch_vary_headers
from django.views.decorators.cache import cache_page

VERSION_KEY = "public-pages:version"


def public_page(view):
    def varying(request, *args, **kwargs):
        # Said here, where the cache learns its key (middleware adds Vary only after the cache saw it).
        response = view(request, *args, **kwargs)
        patch_vary_headers(response, ("Cookie",))
        return response

    @functools.wraps(view)
    def wrapped(request, *args, **kwargs):
        seconds = settings.PUBLIC_PAGE_CACHE_SECONDS
        if not seconds or request.user.is_authenticated:
            return view(request, *args, **kwargs)
        version = cache.get_or_set(VERSION_KEY, 1, None)
        return cache_page(seconds, key_prefix=f"public-{version}")(varying)(request, *args, **kwargs)

    return wrapped


def forget_public_pages(**kwargs):
    """The record changed: every cached page is out of date."""
    try:
        cache.incr(VERSION_KEY)
    except ValueError:  # no version yet (or it was evicted): any new value starts afresh
        cache.set(VERSION_KEY, 2, None)
