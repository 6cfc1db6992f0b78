"""Search and filtered-list latency at two database sizes (issue 6: ratio ≤ 1.5, p95 < 50 ms).

    createdb -h 127.0.0.1 -U postgres bench10k     # and bench1m; migrate and seed_bench each (bench/README.md)
    .venv/bin/python bench/latency.py \\
        --db 10k=postgres://postgres@127.0.0.1:5432/bench10k \\
        --db 1M=postgres://postgres@127.0.0.1:5432/bench1m

In-process: each page is requested with django.test.Client (production settings, DEBUG off), so
the figures are Django + database time without HTTP or a server in front. Each --db runs in its
own process (settings are per process); the last --db is compared with the first. For each page
it prints the median and p95 over --requests requests (after a few warm-up requests), and with
--explain (the default) EXPLAIN (ANALYZE, BUFFERS) of the slowest SQL query of any page that
misses a target.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
P95_TARGET_MS = 50.0
RATIO_TARGET = 1.5
# Words people type: a party-name word (a 字号 of BRANDS) and a 许可内容 word.
PARTY_WORD = "海润"
CONTENT_WORD = "预包装食品"
YEAR = 2024


def pages(uscc: str) -> list[tuple[str, str]]:
    return [
        ("search: party-name word", f"/search/?q={PARTY_WORD}&scope=decisions"),
        ("search: 许可内容 word", f"/search/?q={CONTENT_WORD}&scope=decisions"),
        ("search: a common word (许可)", "/search/?q=许可&scope=decisions"),
        ("/decisions/ unfiltered", "/decisions/"),
        ("/decisions/ by year", f"/decisions/?year={YEAR}"),
        ("/decisions/ by kind+year", f"/decisions/?kind=licence&year={YEAR}"),
        ("/decisions/ by party_name", f"/decisions/?party_name={PARTY_WORD}"),
        ("/decisions/ by uscc", f"/decisions/?uscc={uscc}"),
        ("category list (news)", "/catalogue/news/"),
    ]


def percentile(values: list[float], share: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(share * (len(ordered) - 1)))]


def measure_one(requests: int, explain: bool) -> dict:
    """Run in a child process whose DATABASE_URL is the database to measure."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "portal.settings")
    os.environ.setdefault("DJANGO_SECRET_KEY", "bench-only-secret-key-0123456789abcdefghijklmnopqrstuvwxyz")
    os.environ.setdefault("DJANGO_ALLOWED_HOSTS", "testserver,localhost")
    os.environ["DJANGO_DEBUG"] = "0"
    # Latency of the database-backed path: the shared page cache (common/pagecache.py) is off here.
    os.environ["DJANGO_PUBLIC_PAGE_CACHE_SECONDS"] = "0"
    os.environ["DJANGO_SECURE_SSL_REDIRECT"] = "0"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.conf import settings
    from django.db import connection
    from django.test import Client
    from django.test.utils import CaptureQueriesContext

    from disclosures.models import AdministrativeDecision

    # Pages render without collectstatic: only the static file storage differs from production.
    settings.STORAGES = {
        **settings.STORAGES,
        "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
    }
    decisions = AdministrativeDecision.objects.published()
    total = decisions.count()
    uscc = decisions.exclude(party_uscc="").order_by("pk").values_list("party_uscc", flat=True)[total // 2]
    client = Client()
    results = []
    for label, url in pages(uscc):
        for _ in range(3):
            assert client.get(url).status_code == 200, url
        timings = []
        for _ in range(requests):
            started = time.perf_counter()
            response = client.get(url)
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, url
        with CaptureQueriesContext(connection) as ctx:
            client.get(url)
        slowest = max(ctx.captured_queries, key=lambda q: float(q["time"]))
        sql = slowest["sql"]
        if sql.startswith("DECLARE "):  # a server-side cursor (.iterator()): explain its SELECT
            sql = sql.split(" FOR ", 1)[1]
        row = {
            "label": label,
            "url": url,
            "median": statistics.median(timings),
            "p95": percentile(timings, 0.95),
            "queries": len(ctx.captured_queries),
            "slowest_query_ms": float(slowest["time"]) * 1000,
            "slowest_sql": sql,
        }
        if explain and row["p95"] >= P95_TARGET_MS and connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {sql}")
                row["explain"] = "\n".join(line for (line,) in cursor.fetchall())
        results.append(row)
    return {"decisions": total, "database": connection.settings_dict["NAME"], "pages": results}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument(
        "--db", action="append", metavar="LABEL=DATABASE_URL", help="a database to measure (give two to compare)"
    )
    parser.add_argument("--requests", type=int, default=200, help="timed requests per page (default 200)")
    parser.add_argument("--no-explain", dest="explain", action="store_false", help="skip EXPLAIN ANALYZE")
    parser.add_argument("--json", help=argparse.SUPPRESS)  # child mode: write results to this file
    args = parser.parse_args()

    if args.json:
        Path(args.json).write_text(json.dumps(measure_one(args.requests, args.explain)))
        return
    if not args.db:
        parser.error("give at least one --db LABEL=DATABASE_URL")
    runs = {}
    for spec in args.db:
        label, _, url = spec.partition("=")
        out = Path(f"/tmp/bench-latency-{os.getpid()}-{label}.json")
        command = [sys.executable, __file__, "--json", str(out), "--requests", str(args.requests)]
        if not args.explain:
            command.append("--no-explain")
        subprocess.run(command, check=True, env={**os.environ, "DATABASE_URL": url})
        runs[label] = json.loads(out.read_text())
        out.unlink()
        print(f"{label}: {runs[label]['database']}, {runs[label]['decisions']:,} published decisions")
    labels = list(runs)
    first, last = runs[labels[0]], runs[labels[-1]]
    header = f"{'page':<28}" + "".join(f"{lab + ' med':>10}{lab + ' p95':>10}" for lab in labels)
    header += f"{'ratio p95':>11}{'queries':>9}  verdict"
    print(f"\nin-process django.test.Client, {args.requests} requests per page, milliseconds\n{header}")
    for index, page in enumerate(last["pages"]):
        cells = "".join(
            f"{runs[lab]['pages'][index]['median']:10.1f}{runs[lab]['pages'][index]['p95']:10.1f}" for lab in labels
        )
        ratio = page["p95"] / first["pages"][index]["p95"]
        missed = []
        if page["p95"] >= P95_TARGET_MS:
            missed.append("p95")
        if len(labels) > 1 and ratio > RATIO_TARGET:
            missed.append("ratio")
        verdict = "ok" if not missed else "MISSED " + "+".join(missed)
        print(f"{page['label']:<28}{cells}{ratio:11.2f}{page['queries']:9d}  {verdict}")
    for label in labels:
        for page in runs[label]["pages"]:
            if "explain" in page:
                print(f"\n--- {label} {page['label']} ({page['url']}): slowest query {page['slowest_query_ms']:.1f} ms")
                print(page["slowest_sql"])
                print(page["explain"])


if __name__ == "__main__":
    main()
