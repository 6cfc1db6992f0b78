"""Real-browser tests: Playwright drives Debian's chromium (/usr/bin/chromium) against the live server.

`playwright install` is never needed (or possible here): the browser comes from apt
(`apt install chromium fonts-noto-cjk`) and axe-core from npm (`npm ci`, which `make test` runs).
Without chromium every test here skips, without axe-core the accessibility checks skip; with
E2E_REQUIRED=1 (CI sets it) either absence fails the run instead.
"""

import os
from pathlib import Path

import pytest
from django.conf import settings

from tests.e2e.helpers import BrowserLog

# Playwright's sync API runs an event loop in the test thread; the ORM calls the tests make around
# it (building data) are synchronous and safe.
os.environ["DJANGO_ALLOW_ASYNC_UNSAFE"] = "true"

CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking"]
AXE_SCRIPT = Path(settings.BASE_DIR) / "node_modules" / "axe-core" / "axe.min.js"
E2E_DIR = Path(__file__).parent

NO_CHROMIUM = "Debian's chromium is not installed (apt install chromium); browser tests skipped"
NO_AXE = "axe-core is not installed (npm ci, which `make test` runs, installs it); accessibility checks skipped"

DESKTOP = {"width": 1280, "height": 900}
PHONE = {"width": 360, "height": 740}


def e2e_required() -> bool:
    return os.environ.get("E2E_REQUIRED") == "1"


def skip_or_fail(reason: str):
    """Skip with the reason, or fail when the run requires the browser tests (E2E_REQUIRED=1, as CI does)."""
    if e2e_required():
        missing = reason.split(";")[0]
        pytest.fail(f"E2E_REQUIRED=1 but {missing}: the browser tests must run here", pytrace=False)
    pytest.skip(reason)


def pytest_collection_modifyitems(config, items):
    """Skip the whole folder at once when there is no browser (unless the run requires it)."""
    if CHROMIUM.exists() or e2e_required():
        return
    skip = pytest.mark.skip(reason=NO_CHROMIUM)
    for item in items:
        if E2E_DIR in Path(item.path).parents:
            item.add_marker(skip)


CALL_FAILED = pytest.StashKey[bool]()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.when == "call":
        item.stash[CALL_FAILED] = report.failed
    return report


def require_serialized_rollback(request) -> None:
    """The live server needs committed rows, so these tests flush the database afterwards; without
    serialized_rollback the flush would also take the catalogue headings the migrations seed, and
    later tests on this worker would miss them."""
    marker = request.node.get_closest_marker("django_db")
    if marker is None or not marker.kwargs.get("serialized_rollback"):
        pytest.fail(
            "browser tests need @pytest.mark.django_db(transaction=True, serialized_rollback=True)", pytrace=False
        )


@pytest.fixture(scope="session")
def browser():
    """One chromium per test session (per xdist worker); each test gets a fresh context."""
    if not CHROMIUM.exists():
        skip_or_fail(NO_CHROMIUM)
    from django.db import connections
    from playwright.sync_api import sync_playwright

    # Playwright's sync API leaves its event loop marked as running in this thread. Django then keeps
    # a second, separate set of database connections here (asgiref's Local switches to its "async"
    # storage), which would not carry the test database's state (the serialized_rollback contents,
    # the open test transactions). Hand Django the same connection objects in both.
    thread_connections = {alias: connections[alias] for alias in connections}
    playwright = sync_playwright().start()
    for alias, connection in thread_connections.items():
        connections[alias] = connection
    try:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
    except Exception:
        playwright.stop()
        raise
    yield browser
    browser.close()
    playwright.stop()


@pytest.fixture(scope="session")
def axe_script() -> Path:
    if not AXE_SCRIPT.exists():
        skip_or_fail(NO_AXE)
    return AXE_SCRIPT


@pytest.fixture
def open_page(request, browser, live_server):
    """Open a page in a fresh browser context: `open_page()` for a desktop, `open_page(PHONE)` for a phone.

    Every request, console message and uncaught error is logged; at the end of a passing test the
    log must be clean: no console errors, no failed or 4xx/5xx requests to the live server, and no
    request to any other origin (those are also blocked, so nothing leaves the machine).
    """
    require_serialized_rollback(request)
    opened: list[tuple[object, BrowserLog]] = []

    def _open(viewport=DESKTOP, *, bypass_csp=False, javascript=True):
        phone = viewport["width"] < 600
        context = browser.new_context(
            base_url=live_server.url,
            viewport=viewport,
            device_scale_factor=1,
            is_mobile=phone,
            has_touch=phone,
            locale="zh-CN",
            timezone_id="Asia/Shanghai",
            bypass_csp=bypass_csp,
            java_script_enabled=javascript,
        )
        context.set_default_timeout(15_000)
        log = BrowserLog(live_server.url)
        log.attach(context)
        opened.append((context, log))
        page = context.new_page()
        page.log = log
        return page

    yield _open
    try:
        if not request.node.stash.get(CALL_FAILED, True):
            for _context, log in opened:
                log.assert_clean()
    finally:
        for context, _log in opened:
            context.close()


@pytest.fixture
def page(open_page):
    """A desktop browser page (1280 × 900) on a fresh context."""
    return open_page()


@pytest.fixture
def portal(request, transactional_db):
    """A small slice of the demo data: items in every home-page section, decisions, the guide and
    the published 2018 annual report. Built per test (the live server needs committed rows, so each
    test is transactional); a few seconds at most, where the whole demo would take ten or more."""
    from tests.factories import load_demo_sample

    require_serialized_rollback(request)
    return load_demo_sample()
