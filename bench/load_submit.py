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
   database's calendar, and equal to services.explain_deadline.
5. Stops gunicorn and drops the database (unless --keep-db), also on Ctrl-C or failure.

Exits 1 when anything was lost or stored twice, a 5xx was answered, a deadline or tracking number
is wrong, a double submission was stored twice or answered with two numbers, a request is half
saved, or a browser that filed once, resent or double-clicked cannot open its receipt from every
answer it got (the answer a browser shows after a double click is usually the second). The clients, gunicorn and PostgreSQL share this
machine's cores; the summary gives the load average and the CPU each side used.
"""

from __future__ import annotations

import argparse
import asyncio
import html
import json
import os
import random
import re
import resource
import secrets
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter, defaultdict
from dataclasses import asdict, dataclass, field
from datetime import date, timedelta
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import httpx
import psycopg
from psycopg import sql
from stdnum.cn import ric
from throughput import wait_until_up  # bench/ is this script's folder

ROOT = Path(__file__).resolve().parents[1]
DEFAULT_POSTGRES = "postgres://postgres@127.0.0.1:5432/postgres"
DEFAULT_REDIS = "redis://127.0.0.1:6379/13"  # a database number of its own
TRACKING_NUMBER = re.compile(r"^(\d{4})-(\d{6})$")
RECEIPT_PATH = re.compile(r"/apply/receipt/([^/]+)/$")
MARKER = re.compile(r"LOAD-[0-9a-f]{6}-C\d{3}-S\d{5}")
SUBMIT_PATH = "/apply/"

# A few real-looking values; the check digits are computed, never copied.
AREA_CODES = ["450602", "450603", "450621", "450681", "450103", "110105", "310115", "440305"]
SURNAMES = "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾"
GIVEN = "伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超秀兰霞平刚桂英华建国志红海燕"
TOPICS = [
    "2025年度部门预算执行情况",
    "港口区道路改造工程的环境影响评价批复",
    "本市2024年行政许可事项办理统计",
    "防城港市城市总体规划修编的征求意见稿",
    "2025年第三季度食品安全监督抽检结果",
    "某小区旧城改造项目的房屋征收补偿方案",
]
ORGANISATION_KINDS = ["commercial", "research", "public_interest", "legal_services", "other"]
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = [pow(3, i, 31) for i in range(17)]
# About the smallest file the form accepts as a PDF (it opens it: a catalogue and one page), padded.
TINY_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
    b"endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\nxref\n0 4\n"
    b"0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n" + b"%" * 2000 + b"\n"
)


def log(message: str) -> None:
    print(message, file=sys.stderr, flush=True)


# ---------------------------------------------------------------------------
# Test data
# ---------------------------------------------------------------------------


def resident_id(rng: random.Random) -> str:
    birth = date(1950, 1, 1) + timedelta(days=rng.randrange(365 * 55))
    first17 = f"{rng.choice(AREA_CODES)}{birth:%Y%m%d}{rng.randrange(1000):03d}"
    return first17 + ric.calc_check_digit(first17 + "0")  # stdnum wants a placeholder check digit


def uscc(rng: random.Random) -> str:
    # 9 (工商) 1 (企业), the region, a 9-character organisation code, then the GB 32100 check character.
    first17 = "91" + rng.choice(AREA_CODES) + "".join(rng.choice(USCC_ALPHABET) for _ in range(9))
    total = sum(USCC_ALPHABET.index(c) * w for c, w in zip(first17, USCC_WEIGHTS, strict=True))
    return first17 + USCC_ALPHABET[(31 - total % 31) % 31]


def person_name(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2))))


def filled_form(rng: random.Random, marker: str) -> tuple[dict, bool]:
    """The visible fields as a requester fills them, and whether a proof of identity is attached."""
    data = {
        "phone": f"1{rng.choice('3456789')}{rng.randrange(10**9):09d}",
        "description": f"请公开{rng.choice(TOPICS)}的相关文件（文号不详）。测试标记 {marker}",
        "form_wanted": rng.choice(["electronic", "paper"]),
        "declaration": "on",
    }
    if rng.random() < 0.8:
        data |= {
            "applicant_type": "natural_person",
            "name": person_name(rng),
            "id_type": "resident_id",
            "id_number": resident_id(rng),
        }
    else:
        data |= {
            "applicant_type": "organisation",
            "name": f"防城港市{rng.choice(['海润', '港城', '北部湾', '东兴'])}贸易有限公司",
            "organisation_kind": rng.choice(ORGANISATION_KINDS),
            "uscc": uscc(rng),
            "legal_representative": person_name(rng),
            "contact_person": person_name(rng),
        }
    delivery = rng.choice(["email", "mail", "pickup", "on_site"])
    data["delivery"] = delivery
    if delivery == "email":
        data["email"] = f"applicant{rng.randrange(10**6)}@example.cn"
    if delivery == "mail":
        data |= {"address": "广西防城港市港口区渔州路18号", "postal_code": "538001"}
    return data, rng.random() < 0.1


class FormInputs(HTMLParser):
    """The hidden inputs of the request form (CSRF token, form_token, whatever else it carries)."""

    def __init__(self):
        super().__init__()
        self.in_form = False
        self.hidden: dict[str, str] = {}

    def handle_starttag(self, tag, attrs):
        attrs = dict(attrs)
        if tag == "form" and "data-application-form" in attrs:
            self.in_form = True
        elif tag == "input" and self.in_form and attrs.get("type") == "hidden" and attrs.get("name"):
            self.hidden[attrs["name"]] = attrs.get("value") or ""

    def handle_endtag(self, tag):
        if tag == "form":
            self.in_form = False


def form_errors(page: str) -> str:
    """The error summary of a form sent back, as one line."""
    match = re.search(r'class="error-summary".*?<ul>(.*?)</ul>', page, re.S)
    if not match:
        return "form shown again without an error summary"
    items = [
        html.unescape(re.sub(r"<[^>]+>", "", item)).strip() for item in re.findall(r"<li>(.*?)</li>", match[1], re.S)
    ]
    return "; ".join(item for item in items if item) or "form shown again"


def receipt_number(page: str) -> str | None:
    match = re.search(r"申请编号</th>\s*<td>\s*<strong[^>]*>\s*([^<\s]+)\s*<", page)
    return match[1] if match else None


# ---------------------------------------------------------------------------
# The clients
# ---------------------------------------------------------------------------


@dataclass
class Answer:
    """One POST of the form and what came of it."""

    marker: str
    client: int
    kind: str  # single | double-click | resend (the repeated POST of a pair is "…-2")
    outcome: str  # accepted | rejected | server_error | transport_error
    status: int | None = None
    reason: str = ""
    latency_ms: float = 0.0
    tracking_number: str | None = None  # from the redirect
    receipt_status: int | None = None
    receipt_number: str | None = None  # read off the receipt page
    attachment: bool = False


@dataclass
class Run:
    answers: list[Answer] = field(default_factory=list)
    page_errors: list[dict] = field(default_factory=list)  # GET /apply/ or receipt: 5xx or transport
    started: float = 0.0
    ended: float = 0.0
    load_before: tuple = ()
    load_after: tuple = ()
    client_cpu_s: float = 0.0  # CPU the clients themselves used: taken from the cores the server shares
    gunicorn_cpu_s: float = 0.0  # Linux only
    postgres_cpu_s: float = 0.0  # the backends of the bench database (on this machine, Linux only)


def new_browser(base: str) -> httpx.AsyncClient:
    # One connection per browser; a generous timeout, since 50 clients queue for a few workers.
    return httpx.AsyncClient(
        base_url=base,
        timeout=httpx.Timeout(60.0),
        follow_redirects=False,
        limits=httpx.Limits(max_connections=2, max_keepalive_connections=2),
        headers={"User-Agent": "load_submit/1 (bench)", "Accept-Language": "zh-CN,zh;q=0.9"},
    )


async def load_form(browser: httpx.AsyncClient, run: Run, client: int) -> dict | None:
    try:
        response = await browser.get(SUBMIT_PATH)
    except httpx.HTTPError as exc:
        run.page_errors.append({"client": client, "page": "GET /apply/", "error": f"{type(exc).__name__}: {exc}"})
        return None
    if response.status_code != 200:
        run.page_errors.append({"client": client, "page": "GET /apply/", "status": response.status_code})
        return None
    page = response.text
    start = page.rfind("<form", 0, max(0, page.find("data-application-form")))
    parser = FormInputs()
    parser.feed(page[start : page.find("</form>", start) + 7] if start >= 0 else page)  # the form only: less client CPU
    if "form_token" not in parser.hidden or "csrfmiddlewaretoken" not in parser.hidden:
        run.page_errors.append({"client": client, "page": "GET /apply/", "error": "no form_token or CSRF token"})
        return None
    return parser.hidden


async def post_form(
    browser: httpx.AsyncClient, fields: dict, attachment: bool, marker: str, client: int, kind: str
) -> Answer:
    answer = Answer(marker=marker, client=client, kind=kind, outcome="transport_error", attachment=attachment)
    # multipart/form-data, as the form's enctype makes a browser send it (an empty file part when no file).
    files = {
        "attachments": ("shenfenzheng.pdf", TINY_PDF, "application/pdf")
        if attachment
        else ("", b"", "application/octet-stream")
    }
    started = time.perf_counter()
    try:
        response = await browser.post(
            SUBMIT_PATH, data=fields, files=files, headers={"Referer": str(browser.base_url.join(SUBMIT_PATH))}
        )
    except httpx.HTTPError as exc:
        answer.latency_ms = (time.perf_counter() - started) * 1000
        answer.reason = f"{type(exc).__name__}: {exc}"
        return answer
    answer.latency_ms = (time.perf_counter() - started) * 1000
    answer.status = response.status_code
    location = response.headers.get("location", "")
    match = RECEIPT_PATH.search(urlsplit(location).path)
    if response.status_code == 302 and match:
        answer.outcome, answer.tracking_number = "accepted", match[1]
    elif response.status_code >= 500:
        answer.outcome, answer.reason = "server_error", f"HTTP {response.status_code}"
    else:
        answer.outcome = "rejected"
        if response.status_code == 200:
            answer.reason = form_errors(response.text)
        else:
            answer.reason = f"HTTP {response.status_code}" + (f" → {location}" if location else "")
    return answer


async def open_receipt(browser: httpx.AsyncClient, answer: Answer, run: Run) -> None:
    try:
        response = await browser.get(f"/apply/receipt/{answer.tracking_number}/")
    except httpx.HTTPError as exc:
        run.page_errors.append({"client": answer.client, "page": "receipt", "error": f"{type(exc).__name__}: {exc}"})
        return
    answer.receipt_status = response.status_code
    if response.status_code >= 500:
        run.page_errors.append({"client": answer.client, "page": "receipt", "status": response.status_code})
    if response.status_code == 200:
        answer.receipt_number = receipt_number(response.text)


async def one_browser(client: int, base: str, stop_at: float, run: Run, seed: int, run_id: str, double_share: float):
    rng = random.Random(seed)
    sequence = 0
    browser = new_browser(base)
    try:
        while time.monotonic() < stop_at:
            sequence += 1
            marker = f"LOAD-{run_id}-C{client:03d}-S{sequence:05d}"
            data, attachment = filled_form(rng, marker)
            double = rng.random() < double_share
            if double and sequence % 2:
                await double_click(client, base, run, marker, data, attachment)
                continue
            hidden = await load_form(browser, run, client)
            if hidden is None:
                await asyncio.sleep(0.2)
                continue
            fields = {**hidden, **data}
            kind = "resend" if double else "single"
            answer = await post_form(browser, fields, attachment, marker, client, kind)
            run.answers.append(answer)
            if answer.outcome == "accepted":
                await open_receipt(browser, answer, run)
            if double:
                # The browser sends the same form again (reload, or back and submit): same jar, same token.
                again = await post_form(browser, fields, attachment, marker, client, "resend-2")
                run.answers.append(again)
                if again.outcome == "accepted":
                    await open_receipt(browser, again, run)
    finally:
        await browser.aclose()


async def double_click(client: int, base: str, run: Run, marker: str, data: dict, attachment: bool) -> None:
    """A first-time visitor clicks twice: two POSTs of one form leave before either answer returns.
    Each answer's receipt is then opened with its own browser's cookies (the form page's and what
    that answer set), as a browser that shows the second answer (it dropped the first) would."""
    first, second = new_browser(base), new_browser(base)
    try:
        hidden = await load_form(first, run, client)
        if hidden is None:
            await asyncio.sleep(0.2)
            return
        second.cookies = httpx.Cookies(first.cookies)
        fields = {**hidden, **data}

        async def later():
            await asyncio.sleep(0.02)
            return await post_form(second, fields, attachment, marker, client, "double-click-2")

        answers = await asyncio.gather(post_form(first, fields, attachment, marker, client, "double-click"), later())
        for browser, answer in zip((first, second), answers, strict=True):
            run.answers.append(answer)
            if answer.outcome == "accepted":
                await open_receipt(browser, answer, run)
    finally:
        await first.aclose()
        await second.aclose()


async def run_clients(base: str, clients: int, duration: float, run_id: str, double_share: float, seed: int) -> Run:
    run = Run()
    # SIGTERM stops the clients as Ctrl-C does (asyncio.run turns Ctrl-C into a cancellation itself).
    asyncio.get_running_loop().add_signal_handler(signal.SIGTERM, asyncio.current_task().cancel)
    # Warm every worker (imports, templates, database connections) before the clock starts.
    async with new_browser(base) as warm:
        for _ in range(10):
            await warm.get(SUBMIT_PATH)
    run.load_before = os.getloadavg()
    cpu_before = resource.getrusage(resource.RUSAGE_SELF)
    run.started = time.monotonic()
    stop_at = run.started + duration
    await asyncio.gather(
        *(one_browser(n, base, stop_at, run, seed * 1000 + n, run_id, double_share) for n in range(1, clients + 1))
    )
    run.ended = time.monotonic()
    run.load_after = os.getloadavg()
    cpu_after = resource.getrusage(resource.RUSAGE_SELF)
    run.client_cpu_s = (cpu_after.ru_utime - cpu_before.ru_utime) + (cpu_after.ru_stime - cpu_before.ru_stime)
    return run


# ---------------------------------------------------------------------------
# Database, server
# ---------------------------------------------------------------------------


def database_url(server_url: str, name: str) -> str:
    parts = urlsplit(server_url)
    return urlunsplit((parts.scheme, parts.netloc, f"/{name}", parts.query, ""))


def create_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(server_url: str, name: str) -> None:
    with psycopg.connect(server_url, autocommit=True) as conn:
        conn.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def server_env(db_url: str, tmp: Path, redis_url: str | None) -> dict:
    env = {
        key: value
        for key, value in os.environ.items()
        if not key.startswith("DJANGO_") and key not in ("DATABASE_URL", "REDIS_URL", "DATABASE_REPLICA_URLS")
    }
    env |= {
        "DJANGO_SETTINGS_MODULE": "portal.settings",
        "DATABASE_URL": db_url,
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "load-bench-only-" + secrets.token_urlsafe(40),
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_SECURE_SSL_REDIRECT": "0",
        "DJANGO_SESSION_COOKIE_SECURE": "0",
        "DJANGO_CSRF_COOKIE_SECURE": "0",
        "DJANGO_STATIC_ROOT": str(tmp / "static"),
        "DJANGO_MEDIA_ROOT": str(tmp / "media"),
        "DJANGO_PRIVATE_MEDIA_ROOT": str(tmp / "private-media"),
        # One address sends everything: the per-address limit and the proof of work are not what is measured.
        "DJANGO_SUBMIT_RATE_LIMIT": "1000000",
        "DJANGO_REQUEST_CHALLENGE_MAX_NUMBER": "0",
        "DJANGO_LOG_LEVEL": "WARNING",
        "PYTHONPATH": str(ROOT),
    }
    if redis_url:
        env["REDIS_URL"] = redis_url
    return env


def manage(env: dict, *args: str) -> None:
    result = subprocess.run([sys.executable, "manage.py", *args], env=env, cwd=ROOT, capture_output=True, text=True)
    if result.returncode != 0:
        raise SystemExit(f"manage.py {' '.join(args)} failed:\n{result.stdout[-2000:]}{result.stderr[-4000:]}")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def process_cpu(pids: list[int]) -> dict[int, float]:
    """CPU seconds (user + system) used so far by each process (Linux /proc; empty elsewhere)."""
    ticks = os.sysconf("SC_CLK_TCK") if hasattr(os, "sysconf") else 100
    used = {}
    for pid in pids:
        try:
            fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        used[pid] = (int(fields[11]) + int(fields[12])) / ticks
    return used


def server_processes(master: int, db_url: str) -> tuple[list[int], list[int]]:
    """gunicorn's master and workers; the PostgreSQL backends serving the bench database."""
    pids = [master]
    for status in Path("/proc").glob("[0-9]*/status"):
        try:
            if f"\nPPid:\t{master}\n" in status.read_text():
                pids.append(int(status.parent.name))
        except OSError:
            continue
    with psycopg.connect(db_url) as conn:
        backends = [
            row[0]
            for row in conn.execute(
                "SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()"
            )
        ]
    return pids, backends


def server_cpu_used(before: dict[int, float], after: dict[int, float]) -> float:
    """CPU seconds the server side used between two readings (processes that came later count whole)."""
    return sum(value - before.get(pid, 0.0) for pid, value in after.items())


def empty_bench_cache() -> None:
    """Empty the bench's own Redis database (the default --redis URL only; never one given by hand)."""
    import redis

    try:
        redis.Redis.from_url(DEFAULT_REDIS).flushdb()
    except redis.RedisError as exc:
        log(f"could not empty {DEFAULT_REDIS}: {exc}")


def stop_server(server: subprocess.Popen) -> None:
    if server.poll() is not None:
        return
    server.send_signal(signal.SIGTERM)
    try:
        server.wait(timeout=30)
    except subprocess.TimeoutExpired:
        os.killpg(server.pid, signal.SIGKILL)  # its own process group: the master and its workers only
        server.wait()


# ---------------------------------------------------------------------------
# Verification
# ---------------------------------------------------------------------------

# Run in a child process against the bench database: the deadline of every bench request, recomputed
# with the project's own calendar code. Prints JSON.
DEADLINE_CHECK = r"""
import json, sys
import django
django.setup()
from django.utils import timezone
from applications import deadlines, services
from applications.models import InformationRequest

calendar = services.build_calendar()
checked, wrong = 0, []
rows = InformationRequest.objects.filter(description__contains=sys.argv[1]).prefetch_related("events")
for req in rows:
    checked += 1
    submitted_on = timezone.localdate(req.submitted_at)
    received = deadlines.propose_receipt_date(submitted_on, calendar)
    reply = deadlines.count_period(received, deadlines.REPLY_WORKING_DAYS, calendar)
    notice = deadlines.count_period(received, deadlines.CORRECTION_NOTICE_WORKING_DAYS, calendar)
    explained = services.explain_deadline(req, calendar)
    problems = []
    if req.received_on != received:
        problems.append(f"received_on {req.received_on}, expected {received} (submitted {submitted_on})")
    if req.due_date != reply.due or req.deadline_provisional != reply.provisional:
        problems.append(f"due {req.due_date} provisional={req.deadline_provisional}, expected {reply.due} provisional={reply.provisional}")
    if req.correction_due_date != notice.due:
        problems.append(f"correction notice due {req.correction_due_date}, expected {notice.due}")
    if explained.due != req.due_date:
        problems.append(f"explain_deadline gives {explained.due}, stored {req.due_date}")
    if req.deadline_state != "running" or req.status != "pending" or req.receipt_confirmed or req.channel != "online":
        problems.append(f"state {req.deadline_state}/{req.status}/confirmed={req.receipt_confirmed}/{req.channel}")
    if problems:
        wrong.append({"tracking_number": req.tracking_number, "problems": problems})
print(json.dumps({"checked": checked, "wrong": wrong, "sample": {
    "received_on": str(received) if checked else None, "due": str(reply.due) if checked else None,
    "provisional": reply.provisional if checked else None}}))
"""


def check_database(db_url: str, env: dict, run_id: str, answers: list[Answer]) -> dict:
    tag = f"LOAD-{run_id}-"
    with psycopg.connect(db_url) as conn:
        rows = conn.execute(
            """SELECT r.id, r.tracking_number, r.tracking_year, r.tracking_sequence, r.description,
                      (SELECT count(*) FROM applications_requestevent e WHERE e.request_id = r.id AND e.kind = 'submitted'),
                      (SELECT count(*) FROM applications_requestevent e WHERE e.request_id = r.id),
                      (SELECT count(*) FROM applications_requestattachment a WHERE a.request_id = r.id),
                      r.form_token IS NOT NULL
               FROM applications_informationrequest r WHERE r.description LIKE %s""",
            (f"%{tag}%",),
        ).fetchall()
        all_numbers = conn.execute(
            "SELECT tracking_number, tracking_year, tracking_sequence FROM applications_informationrequest"
        ).fetchall()
        counters = dict(conn.execute("SELECT year, last FROM applications_requestcounter").fetchall())

    stored: dict[str, list[tuple]] = defaultdict(list)
    for row in rows:
        found = MARKER.search(row[4])
        stored[found[0] if found else "?"].append(row)

    by_marker: dict[str, list[Answer]] = defaultdict(list)
    for answer in answers:
        by_marker[answer.marker].append(answer)
    accepted = {m: a for m, a in by_marker.items() if any(x.outcome == "accepted" for x in a)}

    lost, mismatched = [], []
    for marker, group in accepted.items():
        numbers = {x.tracking_number for x in group if x.outcome == "accepted"}
        if marker not in stored:
            lost.append({"marker": marker, "answered": sorted(numbers)})
        elif {row[1] for row in stored[marker]} != numbers:
            mismatched.append({"marker": marker, "answered": sorted(numbers), "stored": [r[1] for r in stored[marker]]})
    duplicated = [{"marker": m, "stored": [r[1] for r in rs]} for m, rs in stored.items() if len(rs) > 1]
    unanswered = sorted(m for m in stored if m not in accepted)

    # Tracking numbers: format, unique, and each year's sequence 1..N without a gap, matching its counter.
    bad_format = [n for n, year, seq in all_numbers if not TRACKING_NUMBER.match(n) or n != f"{year}-{seq:06d}"]
    repeated_numbers = [n for n, count in Counter(n for n, _y, _s in all_numbers).items() if count > 1]
    gaps = []
    per_year: dict[int, list[int]] = defaultdict(list)
    for _n, year, seq in all_numbers:
        per_year[year].append(seq)
    for year, seqs in sorted(per_year.items()):
        missing = sorted(set(range(1, max(seqs) + 1)) - set(seqs))
        if missing or counters.get(year) != max(seqs):
            gaps.append(
                {
                    "year": year,
                    "missing": missing[:20],
                    "n_missing": len(missing),
                    "max": max(seqs),
                    "counter": counters.get(year),
                }
            )

    # Nothing half saved: one "submitted" event, the attachment when one was sent, the form token kept.
    attached = {a.marker for a in answers if a.attachment}
    half_saved = []
    for marker, rs in stored.items():
        for _id, number, _y, _s, _d, submitted_events, events, attachments, has_token in rs:
            expected_files = 1 if marker in attached else 0
            if submitted_events != 1 or events != 1 or attachments != expected_files or not has_token:
                half_saved.append(
                    {
                        "tracking_number": number,
                        "events": events,
                        "attachments": attachments,
                        "expected": expected_files,
                    }
                )

    # Double submissions: both answers name one number, one row stored. Also: how many of the two
    # answers open a receipt page with the cookies that answer's browser holds.
    doubles = {kind: Counter() for kind in ("double-click", "resend")}
    split = []
    for marker, group in by_marker.items():
        if len(group) < 2:
            continue
        tally = doubles[group[0].kind]
        tally["pairs"] += 1
        numbers = {x.tracking_number for x in group if x.outcome == "accepted"}
        if any(x.outcome != "accepted" for x in group):
            tally["with_a_failed_answer"] += 1
        if len(numbers) == 1 and len(stored.get(marker, [])) == 1:
            tally["collapsed"] += 1
        elif numbers:
            tally["split"] += 1
            split.append(
                {"marker": marker, "answered": sorted(numbers), "stored": [r[1] for r in stored.get(marker, [])]}
            )
        opened = sum(x.receipt_status == 200 for x in group)
        tally[{2: "receipt_both_answers", 1: "receipt_one_answer_only"}.get(opened, "receipt_neither")] += 1

    result = subprocess.run(
        [sys.executable, "-c", DEADLINE_CHECK, tag], env=env, cwd=ROOT, capture_output=True, text=True
    )
    if result.returncode != 0:
        raise SystemExit(f"deadline check failed:\n{result.stderr[-4000:]}")
    deadline = json.loads(result.stdout.strip().splitlines()[-1])

    return {
        "stored": len(rows),
        "lost": lost,
        "mismatched": mismatched,
        "duplicated": duplicated,
        "stored_without_accepted_answer": unanswered,
        "bad_tracking_numbers": bad_format + repeated_numbers,
        "sequence_gaps": gaps,
        "half_saved": half_saved,
        "deadlines_checked": deadline["checked"],
        "wrong_deadlines": deadline["wrong"],
        "deadline_sample": deadline["sample"],
        "double_submits": {kind: dict(tally) for kind, tally in doubles.items()},
        "double_split": split,
    }


# ---------------------------------------------------------------------------
# Report
# ---------------------------------------------------------------------------


def percentile(values: list[float], share: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(share * len(ordered) + 0.5) - 1))]


def summarise(args, run: Run, check: dict, workers: int) -> dict:
    answers = run.answers
    outcomes = Counter(a.outcome for a in answers)
    page_5xx = sum(1 for e in run.page_errors if e.get("status", 0) >= 500)
    page_transport = sum(1 for e in run.page_errors if "error" in e)
    latencies = [a.latency_ms for a in answers if a.status is not None]
    accepted_markers = {a.marker for a in answers if a.outcome == "accepted"}
    elapsed = run.ended - run.started
    # A browser that filed once must see its receipt (the lookup code is shown only there).
    receipts = Counter(a.receipt_status for a in answers if a.kind in ("single", "resend") and a.outcome == "accepted")
    receipt_wrong = [
        a.tracking_number for a in answers if a.receipt_status == 200 and a.receipt_number != a.tracking_number
    ]
    summary = {
        "clients": args.clients,
        "duration_s": round(elapsed, 1),
        "workers": workers,
        "redis": bool(args.redis),
        "cores": os.cpu_count(),
        "load_average_before": [round(x, 2) for x in run.load_before],
        "load_average_after": [round(x, 2) for x in run.load_after],
        "client_cpu_s": round(run.client_cpu_s, 1),
        "gunicorn_cpu_s": round(run.gunicorn_cpu_s, 1),
        "postgres_cpu_s": round(run.postgres_cpu_s, 1),
        "server_cpu_ms_per_accepted": round(
            1000 * (run.gunicorn_cpu_s + run.postgres_cpu_s) / max(1, len(accepted_markers)), 1
        ),
        "submissions": len({a.marker for a in answers}),
        "posts": len(answers),
        "attempted": len(answers),
        "accepted": outcomes["accepted"],
        "accepted_submissions": len(accepted_markers),
        "rejected": outcomes["rejected"],
        "server_errors": outcomes["server_error"] + page_5xx,
        "transport_errors": outcomes["transport_error"] + page_transport,
        "throughput_per_s": round(len(accepted_markers) / elapsed, 1) if elapsed else 0.0,
        "latency_ms": {
            "p50": round(percentile(latencies, 0.50), 1),
            "p95": round(percentile(latencies, 0.95), 1),
            "p99": round(percentile(latencies, 0.99), 1),
            "max": round(max(latencies, default=0.0), 1),
        },
        "rejected_reasons": dict(Counter(a.reason for a in answers if a.outcome == "rejected").most_common(10)),
        "errors_sample": [
            {"kind": a.kind, "outcome": a.outcome, "reason": a.reason}
            for a in answers
            if a.outcome in ("server_error", "transport_error")
        ][:10]
        + run.page_errors[:10],
        "receipt_pages": {str(k): v for k, v in sorted(receipts.items(), key=str)},
        "receipt_missing": sum(n for status, n in receipts.items() if status != 200),
        "receipt_shows_other_number": receipt_wrong,
        "stored": check["stored"],
        "lost": len(check["lost"]) + len(check["mismatched"]),
        "duplicated": len(check["duplicated"]),
        "stored_without_accepted_answer": len(check["stored_without_accepted_answer"]),
        "bad_tracking_numbers": len(check["bad_tracking_numbers"]),
        "sequence_gaps": len(check["sequence_gaps"]),
        "half_saved": len(check["half_saved"]),
        "deadlines_checked": check["deadlines_checked"],
        "wrong_deadlines": len(check["wrong_deadlines"]),
        "deadline_sample": check["deadline_sample"],
        "double_submits": check["double_submits"],
        "details": {
            key: check[key][:20]
            for key in (
                "lost",
                "mismatched",
                "duplicated",
                "bad_tracking_numbers",
                "sequence_gaps",
                "half_saved",
                "wrong_deadlines",
                "double_split",
            )
            if check[key]
        },
    }
    failures = {
        "lost": summary["lost"],
        "duplicated": summary["duplicated"],
        "server_errors": summary["server_errors"],
        "wrong_deadlines": summary["wrong_deadlines"],
        "bad_tracking_numbers": summary["bad_tracking_numbers"],
        "sequence_gaps": summary["sequence_gaps"],
        "half_saved": summary["half_saved"],
        "double_split": len(check["double_split"]),
        "receipt_missing": summary["receipt_missing"],
        "receipt_shows_other_number": len(receipt_wrong),
        # Either answer of a double submission is the one a browser may show: both must open the receipt.
        "double_receipt_missing": sum(
            t.get("receipt_one_answer_only", 0) + t.get("receipt_neither", 0) for t in check["double_submits"].values()
        ),
    }
    summary["failures"] = {k: v for k, v in failures.items() if v}
    summary["ok"] = not summary["failures"] and summary["accepted"] > 0
    return summary


def print_report(s: dict) -> None:
    lat = s["latency_ms"]
    doubles = "; ".join(
        f"{kind} {t.get('pairs', 0)} pairs: {t.get('collapsed', 0)} stored once under one number, {t.get('split', 0)} split,"
        f" receipt page opens from both answers {t.get('receipt_both_answers', 0)}, from one only"
        f" {t.get('receipt_one_answer_only', 0)}"
        for kind, t in s["double_submits"].items()
    )
    lines = [
        "",
        f"load_submit: {s['clients']} clients for {s['duration_s']} s against gunicorn {s['workers']} sync workers"
        f" ({'Redis cache' if s['redis'] else 'per-process cache'}); submit rate limit lifted, proof of work off",
        f"  machine: {s['cores']} cores, load average (1/5/15 min) {s['load_average_before']} before,"
        f" {s['load_average_after']} after the run; CPU used by the clients {s['client_cpu_s']} s, gunicorn"
        f" {s['gunicorn_cpu_s']} s, PostgreSQL {s['postgres_cpu_s']} s (server side"
        f" {s['server_cpu_ms_per_accepted']} ms per accepted request: form page, POST, receipt)",
        f"  submissions {s['submissions']} ({s['posts']} POSTs, double submissions counted twice)",
        f"  answers: accepted {s['accepted']}, rejected {s['rejected']}, 5xx {s['server_errors']}, transport errors {s['transport_errors']}",
        f"  throughput {s['throughput_per_s']} accepted requests/s",
        f"  latency of a POST (ms): p50 {lat['p50']}  p95 {lat['p95']}  p99 {lat['p99']}  max {lat['max']}",
        f"  receipt pages after an accepted single submission: {s['receipt_pages']}",
        f"  double submissions: {doubles}",
        f"  database: {s['stored']} stored; lost {s['lost']}, duplicated {s['duplicated']}, stored without an accepted"
        f" answer {s['stored_without_accepted_answer']}, half saved {s['half_saved']}",
        f"  tracking numbers: bad or repeated {s['bad_tracking_numbers']}, years with gaps {s['sequence_gaps']}",
        f"  deadlines: {s['deadlines_checked']} checked, {s['wrong_deadlines']} wrong"
        f" (e.g. received {s['deadline_sample']['received_on']} → due {s['deadline_sample']['due']},"
        f" provisional {s['deadline_sample']['provisional']})",
    ]
    if s["rejected_reasons"]:
        lines.append("  rejected: " + "; ".join(f"{n}× {reason}" for reason, n in s["rejected_reasons"].items()))
    if s["errors_sample"]:
        lines.append("  errors (first): " + json.dumps(s["errors_sample"][:5], ensure_ascii=False))
    if s["details"]:
        lines.append("  details: " + json.dumps(s["details"], ensure_ascii=False)[:3000])
    lines.append("  RESULT: " + ("ok" if s["ok"] else f"FAILED {s['failures'] or 'nothing accepted'}"))
    print("\n".join(lines))


# ---------------------------------------------------------------------------


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
