"""Attempt limits on the shared cache (Redis when REDIS_URL is set, else local memory): failed lookups,
and attempts of any outcome at the request form and the status lookup."""

import ipaddress
import time

from django.conf import settings
from django.core.cache import cache


def client_address(request) -> str:
    """The client's address. Behind N trusted proxies (DJANGO_TRUSTED_PROXY_COUNT) it is the Nth
    address from the right of X-Forwarded-For, which those proxies append; anything further left
    was sent by the client and is not trusted. Without proxies it is REMOTE_ADDR."""
    proxies = settings.TRUSTED_PROXY_COUNT
    if proxies > 0:
        forwarded = [a.strip() for a in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if a.strip()]
        if len(forwarded) >= proxies:
            return forwarded[-proxies]
    return request.META.get("REMOTE_ADDR", "unknown")


class FailureThrottle:
    """Counts failures per key in a fixed window; `blocked()` once the limit is reached."""

    def __init__(self, scope: str, limit: int | None = None, window: int | None = None):
        self.scope = scope
        self.limit = limit or settings.LOOKUP_MAX_FAILURES
        self.window = window or settings.LOOKUP_FAILURE_WINDOW_SECONDS

    def _key(self, key: str) -> str:
        return f"throttle:{self.scope}:{key}"

    def blocked(self, *keys: str) -> bool:
        counts = cache.get_many([self._key(k) for k in keys])
        return any(count >= self.limit for count in counts.values())

    def fail(self, *keys: str) -> None:
        for key in keys:
            cache_key = self._key(key)
            if cache.add(cache_key, 1, self.window):
                continue
            try:
                cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.add(cache_key, 1, self.window)


class RateLimit:
    """At most `limit` attempts per key in each fixed window of `window` seconds, aligned to the clock
    (so every client's window ends at the same moment, which `retry_after()` tells). The limit and the
    window are read from the named settings at each attempt."""

    def __init__(self, scope: str, *, limit_setting: str, window_setting: str):
        self.scope = scope
        self.limit_setting = limit_setting
        self.window_setting = window_setting

    @property
    def limit(self) -> int:
        return getattr(settings, self.limit_setting)

    @property
    def window(self) -> int:
        return max(1, getattr(settings, self.window_setting))

    def hit(self, key: str) -> bool:
        """Count one attempt; False when it is over the limit (it is counted all the same)."""
        window = self.window
        cache_key = f"rate:{self.scope}:{key}:{int(time.time()) // window}"
        if cache.add(cache_key, 1, window):
            count = 1
        else:
            try:
                count = cache.incr(cache_key)
            except ValueError:  # expired between add and incr
                cache.add(cache_key, 1, window)
                count = 1
        return count <= self.limit

    def retry_after(self) -> int:
        """Seconds until the current window ends and attempts are counted afresh."""
        window = self.window
        return window - int(time.time()) % window

    def retry_after_minutes(self) -> int:
        return max(1, -(-self.retry_after() // 60))


def axes_client_address(request) -> str | None:
    """The client address django-axes locks out (AXES_CLIENT_IP_CALLABLE): the same as the throttles',
    or None when there is no valid one (axes stores it in an address column, which refuses "unknown")."""
    address = client_address(request)
    try:
        ipaddress.ip_address(address)
    except ValueError:
        return None
    return address
