"""bench/load_submit.py: the browsers (asyncio + httpx, each its own cookie jar) and what they record."""

from __future__ import annotations

import asyncio
import os
import random
import re
import resource
import signal
import time
from dataclasses import dataclass, field
from urllib.parse import urlsplit

import httpx
from load_forms import TINY_PDF, FormInputs, filled_form, form_errors, receipt_number

RECEIPT_PATH = re.compile(r"/apply/receipt/([^/]+)/$")

SUBMIT_PATH = "/apply/"


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
