"""Failed-attempt throttling on the shared cache (Redis when REDIS_URL is set, else local memory)."""

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


def axes_client_address(request) -> str:
    """The client address django-axes locks out (AXES_CLIENT_IP_CALLABLE): the same as the throttles'."""
    return client_address(request)
