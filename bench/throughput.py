"""Page throughput through gunicorn, as a ratio to a bare Django view on the same server (issue 6: ≥ 0.6).

    .venv/bin/python bench/throughput.py --database-url postgres://postgres@127.0.0.1:5432/bench1m

Starts gunicorn with production settings (DEBUG off, a secret key, allowed hosts, SSL redirect off,
collected static files) and bench.bench_settings, which adds /bench/ok, a view returning "ok"
through the full middleware stack. Then loads each URL in turn with wrk (apt install wrk) for
--duration seconds over --connections keep-alive connections and prints requests/s, latency and
the ratio page/bare. Pages: a disclosure category list (/catalogue/<slug>/), a disclosure detail
page (/disclosures/<pk>/) and a search (/search/?q=<word>). wrk shares the machine's cores with
gunicorn and PostgreSQL, as any load generator on one machine does.
"""

from __future__ import annotations

import argparse
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
RATIO_TARGET = 0.6


def server_env(database_url: str, static_root: str) -> dict:
    return {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "bench.bench_settings",
        "DATABASE_URL": database_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz-0123456789",
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_STATIC_ROOT": static_root,
        # The production default unless the caller sets it (0 measures every page rendered afresh).
        "DJANGO_PUBLIC_PAGE_CACHE_SECONDS": os.environ.get("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", "300"),
        "PYTHONPATH": str(ROOT),
    }


def pick_targets(env: dict) -> dict:
    """The category with most published items, its newest item, and a word of its title."""
    code = """
import django; django.setup()
from django.db.models import Count
from disclosures.models import Disclosure
top = Disclosure.objects.published().values("category__slug").annotate(n=Count("pk")).order_by("-n").first()
item = Disclosure.objects.published().filter(category__slug=top["category__slug"]).newest_first().first()
print(top["category__slug"], item.pk)
"""
    out = subprocess.run([sys.executable, "-c", code], env=env, cwd=ROOT, check=True, capture_output=True, text=True)
    slug, pk = out.stdout.split()
    return {"slug": slug, "pk": int(pk)}


def wait_until_up(base: str, server: subprocess.Popen | None = None, timeout: float = 60) -> None:
    """Wait until gunicorn at `base` answers /healthz with 200 (or its process `server` has exited)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if server is not None and server.poll() is not None:
            raise SystemExit(f"gunicorn exited with {server.returncode}")
        try:
            with urllib.request.urlopen(f"{base}/healthz", timeout=2) as response:
                if response.status == 200:
                    return
        except OSError:
            time.sleep(0.3)
    raise SystemExit("gunicorn did not come up")


def check_page(url: str) -> int:
    try:
        response = urllib.request.urlopen(url, timeout=30)
    except urllib.error.HTTPError as exc:
        raise SystemExit(f"{url}: HTTP {exc.code}") from exc
    with response:
        body = response.read()
        if response.status != 200:
            raise SystemExit(f"{url}: HTTP {response.status}")
        return len(body)


def run_wrk(url: str, duration: int, connections: int, threads: int) -> dict:
    out = subprocess.run(
        ["wrk", f"-t{threads}", f"-c{connections}", f"-d{duration}s", "--latency", url],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    rate = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))

    def ms(label):
        match = re.search(rf"{label}\s+([\d.]+)(us|ms|s)\b", out)
        value, unit = float(match.group(1)), match.group(2)
        return value / 1000 if unit == "us" else value * 1000 if unit == "s" else value

    errors = re.search(r"Non-2xx or 3xx responses: (\d+)", out)
    return {"rate": rate, "p50": ms("50%"), "p99": ms("99%"), "errors": int(errors.group(1)) if errors else 0}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--database-url", default=os.environ.get("DATABASE_URL"), help="database seeded by seed_bench")
    parser.add_argument("--workers", type=int, default=2, help="gunicorn workers (default 2)")
    parser.add_argument("--threads", type=int, default=2, help="gunicorn threads per worker (default 2)")
    parser.add_argument("--connections", type=int, default=8, help="wrk keep-alive connections (default 8)")
    parser.add_argument("--duration", type=int, default=15, help="seconds per URL (default 15)")
    parser.add_argument("--port", type=int, default=18765, help="a free port for gunicorn (default 18765)")
    parser.add_argument("--query", default="政务公开", help="search word (default 政务公开)")
    args = parser.parse_args()
    if not args.database_url:
        parser.error("--database-url (or DATABASE_URL) is required")
    if not shutil.which("wrk"):
        raise SystemExit("wrk not found: apt-get install wrk")

    with tempfile.TemporaryDirectory() as static_root:
        env = server_env(args.database_url, static_root)
        subprocess.run(
            [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"], env=env, cwd=ROOT, check=True
        )
        targets = pick_targets(env)
        base = f"http://127.0.0.1:{args.port}"
        with socket.socket() as probe:
            if probe.connect_ex(("127.0.0.1", args.port)) == 0:
                raise SystemExit(f"port {args.port} is already in use: pass --port")
        urls = {
            "bare view /bench/ok": "/bench/ok",
            f"category list /catalogue/{targets['slug']}/": f"/catalogue/{targets['slug']}/",
            f"disclosure detail /disclosures/{targets['pk']}/": f"/disclosures/{targets['pk']}/",
            f"search /search/?q={args.query}": f"/search/?q={urllib.request.quote(args.query)}",
        }
        server = subprocess.Popen(
            [
                sys.executable, "-m", "gunicorn", "portal.wsgi",
                "--bind", f"127.0.0.1:{args.port}",
                "--workers", str(args.workers), "--threads", str(args.threads),
                "--worker-class", "gthread", "--keep-alive", "5", "--log-level", "warning",
            ],
            env=env,
            cwd=ROOT,
        )  # fmt: skip
        try:
            wait_until_up(base)
            print(
                f"gunicorn {args.workers} workers × {args.threads} threads (gthread), DEBUG off; "
                f"wrk {args.connections} connections, {args.duration} s per URL; {args.database_url.rsplit('/', 1)[-1]}"
            )
            results = {}
            for label, path in urls.items():
                size = check_page(base + path)
                for _ in range(20):  # warm every worker's caches and connections
                    check_page(base + path)
                results[label] = {**run_wrk(base + path, args.duration, args.connections, 2), "bytes": size}
                print(f"  {label}: {results[label]['rate']:.1f} req/s", flush=True)
        finally:
            server.send_signal(signal.SIGTERM)
            try:
                server.wait(timeout=40)  # slow requests wrk left in flight are allowed to finish
            except subprocess.TimeoutExpired:
                server.kill()
                server.wait()

    bare = results["bare view /bench/ok"]["rate"]
    print(f"\n{'URL':<44}{'req/s':>9}{'p50 ms':>9}{'p99 ms':>9}{'bytes':>9}{'ratio':>8}  target ≥ {RATIO_TARGET}")
    for label, r in results.items():
        ratio = r["rate"] / bare
        verdict = "" if label.startswith("bare") else ("ok" if ratio >= RATIO_TARGET else "MISSED")
        errors = f"  ({r['errors']} non-2xx)" if r["errors"] else ""
        print(
            f"{label:<44}{r['rate']:9.1f}{r['p50']:9.1f}{r['p99']:9.1f}{r['bytes']:9d}{ratio:8.2f}  {verdict}{errors}"
        )


if __name__ == "__main__":
    main()
