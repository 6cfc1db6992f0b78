"""Load without loss (issue 9): concurrent browsers file requests online, then every one is checked in the database.

    .venv/bin/python bench/load_submit.py                       # 50 clients × 60 s, gunicorn 2 × cores + 1 workers
    .venv/bin/python bench/load_submit.py --clients 20 --duration 10 --redis
    .venv/bin/python bench/load_submit.py --json                 # machine-readable summary on stdout

1. Creates a throwaway PostgreSQL database (benchload_<random>, on --postgres), migrates it and
   loads the demo data (`manage.py load_demo`, so tracking numbers continue after the demo's),
   with production settings: DEBUG off, a secret key, no SSL redirect, no secure-only cookies.
2. Starts gunicorn (`portal.wsgi`, --workers, sync workers as in production) on a free port. All
   clients come from one address, so the per-address submit limit is lifted
   (DJANGO_SUBMIT_RATE_LIMIT=1000000) and the form's proof of work is switched off
   (DJANGO_REQUEST_CHALLENGE_MAX_NUMBER=0): the bench measures storage under concurrency, not the
   abuse protection.
3. Runs --clients browsers (asyncio + httpx, each its own cookie jar) for --duration seconds. Each
   loads /apply/ (CSRF cookie and token, the hidden form_token), fills the form as a person would
   (a valid 居民身份证号 or 统一社会信用代码, phone, delivery, the declaration; some with a small PDF
   as proof of identity) with a unique marker in the description, posts it as multipart, and
   follows the redirect to the receipt, where it reads the 申请编号. A share of the submissions is
   sent twice with the same form_token: a double click (a fresh browser posts twice at once) or a
   resend (the same browser posts again after the answer). Both answers must name one tracking number.
4. Checks the database: every accepted submission stored exactly once (by its marker) under the
   tracking number its answer gave, no marker stored twice, tracking numbers unique, YYYY-NNNNNN
   and without gaps per year (common/sequences.py: the counter is taken in the request's own
   transaction), one "submitted" event and every attachment per request, and the deadline: the
   proposed receipt date (the submission day or the next working day, Decision 3) and 20 working
   days from it (7 for the 补正 notice), recomputed with applications/deadlines.py over the
   database's calendar, and equal to queries.explain_deadline.
5. Stops gunicorn and drops the database (unless --keep-db), also on Ctrl-C or failure.

Exits 1 when anything was lost or stored twice, a 5xx was answered, a deadline or tracking number
is wrong, a double submission was stored twice or answered with two numbers, a request is half
saved, or a browser that filed once, resent or double-clicked cannot open its receipt from every
answer it got (the answer a browser shows after a double click is usually the second). The clients, gunicorn and PostgreSQL share this
machine's cores; the summary gives the load average and the CPU each side used.

The parts, next to this script: load_forms.py (the form data, reading the pages), load_clients.py
(the browsers), load_server.py (database, gunicorn, CPU), load_checks.py (the database checks) and
load_report.py (the summary and the printed report).
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import secrets
import signal
import subprocess
import sys
import tempfile
import time
from dataclasses import asdict
from pathlib import Path

# bench/ is this script's folder: its sibling modules import as top-level names.
from load_checks import check_database
from load_clients import run_clients
from load_report import print_report, summarise
from load_server import (
    DEFAULT_POSTGRES,
    DEFAULT_REDIS,
    ROOT,
    create_database,
    database_url,
    drop_database,
    empty_bench_cache,
    free_port,
    log,
    manage,
    process_cpu,
    server_cpu_used,
    server_env,
    server_processes,
    stop_server,
)
from throughput import wait_until_up


def interrupted(signum, frame):
    raise KeyboardInterrupt


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0], formatter_class=argparse.RawTextHelpFormatter)
    parser.add_argument("--clients", type=int, default=50, help="concurrent browsers (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument(
        "--workers", type=int, default=2 * (os.cpu_count() or 1) + 1, help="gunicorn workers (default 2 × cores + 1)"
    )
    parser.add_argument(
        "--redis",
        nargs="?",
        const=DEFAULT_REDIS,
        default=None,
        metavar="URL",
        help=f"use Redis as the cache (default URL {DEFAULT_REDIS}, the bench's own: emptied afterwards)",
    )
    parser.add_argument(
        "--postgres",
        default=os.environ.get("BENCH_POSTGRES_URL", DEFAULT_POSTGRES),
        help=f"server to create the throwaway database on (default {DEFAULT_POSTGRES})",
    )
    parser.add_argument(
        "--double-share", type=float, default=0.05, help="share of submissions sent twice (default 0.05)"
    )
    parser.add_argument("--no-demo", action="store_true", help="migrate only, without load_demo (faster)")
    parser.add_argument("--keep-db", action="store_true", help="keep the database (and print its URL)")
    parser.add_argument("--json", action="store_true", help="print the summary as JSON on stdout")
    parser.add_argument("--records", type=Path, metavar="FILE", help="write every POST and its answer as JSON lines")
    parser.add_argument("--seed", type=int, default=None, help="random seed of the form data")
    args = parser.parse_args()

    run_id = secrets.token_hex(3)
    seed = args.seed if args.seed is not None else secrets.randbelow(10**6)
    db_name = f"benchload_{run_id}"
    db_url = database_url(args.postgres, db_name)
    server = None
    # SIGTERM (a CI timeout, kill) cleans up like Ctrl-C does; Ctrl-C works also when started in the background.
    signal.signal(signal.SIGTERM, interrupted)
    signal.signal(signal.SIGINT, signal.default_int_handler)
    with tempfile.TemporaryDirectory(prefix="load_submit_") as tmp_dir:
        tmp = Path(tmp_dir)
        env = server_env(db_url, tmp, args.redis)
        server_log = tmp / "gunicorn.log"
        created = False
        try:
            setup_started = time.monotonic()
            create_database(args.postgres, db_name)
            created = True
            log(f"database {db_name}: migrate{'' if args.no_demo else ', load_demo'}, collectstatic …")
            # collectstatic needs no database: it runs alongside the migrations.
            static = subprocess.Popen(
                [sys.executable, "manage.py", "collectstatic", "--noinput", "-v0"],
                env=env, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
            )  # fmt: skip
            try:
                manage(env, "migrate", "--noinput", "-v0")
                if not args.no_demo:
                    manage(env, "load_demo")
            finally:
                static.wait()
            if static.returncode != 0:
                raise SystemExit(f"manage.py collectstatic failed:\n{static.stderr.read()[-4000:]}")
            port = free_port()
            base = f"http://127.0.0.1:{port}"
            with server_log.open("w") as log_file:
                server = subprocess.Popen(
                    [
                        sys.executable, "-m", "gunicorn", "portal.wsgi",
                        "--workers", str(args.workers), "--bind", f"127.0.0.1:{port}",
                        "--log-level", "warning",
                    ],
                    env=env, cwd=ROOT, stdout=log_file, stderr=subprocess.STDOUT, start_new_session=True,
                )  # fmt: skip
            wait_until_up(base, server)
            log(
                f"ready in {time.monotonic() - setup_started:.1f} s: gunicorn {args.workers} workers on {base};"
                " DJANGO_SUBMIT_RATE_LIMIT=1000000 and DJANGO_REQUEST_CHALLENGE_MAX_NUMBER=0 (one client address;"
                " storage under concurrency is measured, not the abuse protection)"
            )
            log(f"{args.clients} clients for {args.duration:g} s (run {run_id}, seed {seed}) …")
            before = [process_cpu(pids) for pids in server_processes(server.pid, db_url)]
            run = asyncio.run(run_clients(base, args.clients, args.duration, run_id, args.double_share, seed))
            after = [process_cpu(pids) for pids in server_processes(server.pid, db_url)]
            run.gunicorn_cpu_s, run.postgres_cpu_s = (server_cpu_used(b, a) for b, a in zip(before, after, strict=True))
            if args.records:
                with args.records.open("w") as out:
                    out.writelines(json.dumps(asdict(a), ensure_ascii=False) + "\n" for a in run.answers)
            log("checking the database …")
            check = check_database(db_url, env, run_id, run.answers)
            summary = summarise(args, run, check, args.workers)
            if summary["server_errors"]:
                text = server_log.read_text(errors="replace")
                summary["server_log_tail"] = text[-6000:]
            if args.keep_db:
                summary["database_url"] = db_url
        except (KeyboardInterrupt, asyncio.CancelledError):
            log("interrupted: stopping gunicorn" + ("" if args.keep_db else f", dropping {db_name}"))
            return 130
        finally:
            if server is not None:
                stop_server(server)
            if args.redis == DEFAULT_REDIS:
                empty_bench_cache()
            if created and not args.keep_db:
                drop_database(args.postgres, db_name)
    if args.json:
        print(json.dumps(summary, ensure_ascii=False, indent=2))
    else:
        print_report(summary)
        if "server_log_tail" in summary:
            print("\n--- gunicorn log (tail) ---\n" + summary["server_log_tail"])
        if args.keep_db:
            print(f"  database kept: {db_url}")
    return 0 if summary["ok"] else 1


if __name__ == "__main__":
    sys.exit(main())
