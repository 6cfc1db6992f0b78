"""Container health check of the web service (docker-compose.yml): GET /healthz from inside the container.

    python docker/healthcheck.py [URL]        (default http://127.0.0.1:8000/healthz)

Exits 0 when the portal answers 200 (its database is reachable), 1 otherwise. The request names a
host from DJANGO_ALLOWED_HOSTS (Django refuses any other) and carries X-Forwarded-Proto: https (with
DJANGO_SECURE_SSL_REDIRECT on, a plain-http probe would get a redirect). Standard library only: the
slim image has no curl.
"""

import os
import sys
import urllib.request

DEFAULT_URL = "http://127.0.0.1:8000/healthz"


def probe_host(allowed_hosts: str) -> str:
    """The first usable name in DJANGO_ALLOWED_HOSTS (".example.gov.cn" -> "example.gov.cn"; "*" is skipped)."""
    for host in allowed_hosts.split(","):
        host = host.strip().lstrip(".")
        if host and host != "*":
            return host
    return "localhost"


def main(argv: list[str]) -> int:
    url = argv[1] if len(argv) > 1 else DEFAULT_URL
    host = probe_host(os.environ.get("DJANGO_ALLOWED_HOSTS", "localhost"))
    request = urllib.request.Request(url, headers={"Host": host, "X-Forwarded-Proto": "https"})
    try:
        with urllib.request.urlopen(request, timeout=5) as response:
            status = response.status
    except OSError as exc:  # refused, timed out, or an HTTP error status (503: no database)
        print(f"healthcheck: {url}: {exc}", file=sys.stderr)
        return 1
    if status != 200:
        print(f"healthcheck: {url}: HTTP {status}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
