"""Attempt limits on the shared cache (Redis when REDIS_URL is set, else local memory): failed lookups,
and attempts of any outcome at the request form and the status lookup.

Both count in fixed windows aligned to the clock, with the window's number in the cache key: a counter
that outlives its window (Django's RedisCache.incr checks the key exists, then increments; if it expires
in between, Redis creates it again without an expiry) is simply never read again. Limits and windows
are read from the settings at each attempt; a limit of 0 switches it off."""

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


def client_network(address: str) -> str | None:
    """The address a client is counted by: an IPv4 address as it is, an IPv6 client by its /64 (one
    subscriber or host usually holds a whole /64 and can pick a new address in it at will), written
    as that network's first address; None for anything that is not an address."""
    try:
        ip = ipaddress.ip_address(address)
    except ValueError:
        return None
    if ip.version == 6 and ip.ipv4_mapped is not None:
        return str(ip.ipv4_mapped)
    if ip.version == 6:
        return str(ipaddress.ip_network(f"{ip}/64", strict=False).network_address)
    return str(ip)


def client_key(request) -> str:
    """What the throttles count a client by (client_network), as a cache key part."""
    address = client_address(request)
    return f"ip:{client_network(address) or address}"


class FixedWindow:
    """Counts per key in fixed windows of `window` seconds, aligned to the clock (so every client's
    window ends at the same moment, which `retry_after()` tells). The limit and the window are read
    from the named settings at each attempt; `divisor` takes a share of the limit (at least 1)."""

    prefix = "rate"

    def __init__(self, scope: str, *, limit_setting: str, window_setting: str, divisor: int = 1):
        self.scope = scope
        self.limit_setting = limit_setting
        self.window_setting = window_setting
        self.divisor = divisor

    @property
    def limit(self) -> int:
        """0 when the limit is switched off."""
        limit = getattr(settings, self.limit_setting)
        return max(1, limit // self.divisor) if limit > 0 else 0

    @property
    def window(self) -> int:
        return max(1, getattr(settings, self.window_setting))

    def _cache_key(self, key: str, window: int) -> str:
        return f"{self.prefix}:{self.scope}:{key}:{int(time.time()) // window}"

    def _count(self, key: str) -> int:
        window = self.window
        cache_key = self._cache_key(key, window)
        if cache.add(cache_key, 1, window):
            return 1
        try:
            return cache.incr(cache_key)
        except ValueError:  # expired between add and incr
            cache.add(cache_key, 1, window)
            return 1

    def retry_after(self) -> int:
        """Seconds until the current window ends and attempts are counted afresh."""
        window = self.window
        return window - int(time.time()) % window

    def retry_after_minutes(self) -> int:
        return max(1, -(-self.retry_after() // 60))


class RateLimit(FixedWindow):
    """At most `limit` attempts per key in each window."""

    def hit(self, key: str) -> bool:
        """Count one attempt; False when it is over the limit (it is counted all the same)."""
        limit = self.limit
        return limit == 0 or self._count(key) <= limit


class FailureThrottle(FixedWindow):
    """Counts failures per key in each window; `blocked()` once the limit is reached."""

    prefix = "throttle"

    def blocked(self, *keys: str) -> bool:
        limit = self.limit
        if limit == 0:
            return False
        window = self.window
        counts = cache.get_many([self._cache_key(k, window) for k in keys])
        return any(count >= limit for count in counts.values())

    def fail(self, *keys: str) -> None:
        if self.limit == 0:
            return
        for key in keys:
            self._count(key)


def axes_client_address(request) -> str | None:
    """The client address django-axes locks out (AXES_CLIENT_IP_CALLABLE): the same as the throttles'
    (client_network: an IPv6 client by its /64), or None when there is no valid one (axes stores it in
    an address column, which refuses "unknown")."""
    return client_network(client_address(request))
