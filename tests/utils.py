import contextlib
import os
import re
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

from django.db import connection
from django.test.utils import CaptureQueriesContext
from hypothesis import HealthCheck
from hypothesis import settings as hypothesis_settings

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent  # the venv's bin: python, gunicorn


# --- real uploads: the request form opens every upload as the type it claims -------------------------

TINY_PDF = (
    b"%PDF-1.4\n1 0 obj\n<< /Type /Catalog /Pages 2 0 R >>\nendobj\n2 0 obj\n<< /Type /Pages /Kids [3 0 R] /Count 1 >>\n"
    b"endobj\n3 0 obj\n<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] >>\nendobj\nxref\n0 4\n"
    b"0000000000 65535 f \n0000000009 00000 n \n0000000058 00000 n \n0000000115 00000 n \n"
    b"trailer\n<< /Size 4 /Root 1 0 R >>\nstartxref\n186\n%%EOF\n"
)


def tiny_image(image_format: str) -> bytes:
    """An 8 × 8 white image in `image_format` (PNG, JPEG)."""
    import io

    from PIL import Image

    out = io.BytesIO()
    Image.new("RGB", (8, 8), "white").save(out, image_format)
    return out.getvalue()


def count_queries(client, url) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200, (url, response.status_code)
    return len(ctx.captured_queries)


def h1_count(html: str) -> int:
    return len(re.findall(r"<h1[\s>]", html))


# --- the request form ----------------------------------------------------------------------------


def request_form_data(**overrides) -> dict:
    """A valid online request of a natural person; an override of None leaves that field out."""
    data = {
        "form_token": "6f1c1c1e-2f4b-4e8a-9a55-6e9f1c2b7a10",
        "applicant_type": "natural_person",
        "name": "王小明",
        "id_type": "resident_id",
        "id_number": "11010519491231002X",
        "phone": "138 0013 8000",
        "email": "wxm@example.cn",
        "address": "防城港市港口区北部湾大道1号",
        "postal_code": "538001",
        "description": "请公开2026年本局行政许可事项办理情况统计表。",
        "form_wanted": "electronic",
        "delivery": "email",
        "declaration": "on",
    }
    data.update(overrides)
    return {k: v for k, v in data.items() if v is not None}


# --- fuzzing (hypothesis) ------------------------------------------------------------------------


def fuzz(examples: int):
    """Hypothesis settings for `examples` cases; FUZZ_SCALE=10 runs ten times as many."""
    return hypothesis_settings(
        max_examples=max(1, int(examples * float(os.environ.get("FUZZ_SCALE", "1")))),
        deadline=None,
        database=None,  # no example database written into the work tree
        suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
    )


def cases_line(label: str, cases: Counter[str], *, on: str | None = None) -> str:
    """'fuzz: 12 cases on sqlite (api 4, search 8)': how many cases ran, of each kind (and where)."""
    detail = ", ".join(f"{name} {n}" for name, n in sorted(cases.items()))
    where = f" on {on}" if on else ""
    return f"{label}: {sum(cases.values())} cases{where} ({detail})"


def report_line(request, line: str) -> None:
    """Write a line to the terminal even while output is captured (how many cases ran is worth seeing)."""
    plugins = request.config.pluginmanager
    reporter, capture = plugins.get_plugin("terminalreporter"), plugins.get_plugin("capturemanager")
    if reporter is None or capture is None:  # pragma: no cover - e.g. an xdist worker
        print(line)
        return
    with capture.global_and_fixture_disabled():
        reporter.write_line(line)


# --- servers in a subprocess ---------------------------------------------------------------------


def free_port() -> int:
    """A local port nothing listens on (bound and released at once)."""
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@contextlib.contextmanager
def running_gunicorn(
    env: dict,
    *,
    log_path: Path,
    args=("--workers", "1"),
    ready_headers: dict | None = None,
    wait_for_healthz: bool = True,
    timeout: float = 30,
) -> Iterator[tuple[int, subprocess.Popen]]:
    """Run gunicorn (portal.wsgi) on a free port with `env`, its output in `log_path`; yield (port, process).

    Unless told not to, waits until /healthz answers 200 (sent with `ready_headers`); the server is
    stopped on the way out.
    """
    port = free_port()
    with log_path.open("w") as log:
        server = subprocess.Popen(
            [str(BIN / "gunicorn"), "portal.wsgi", "--bind", f"127.0.0.1:{port}", *args],
            cwd=ROOT,
            env=env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
    try:
        if wait_for_healthz:
            request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=ready_headers or {})
            deadline = time.monotonic() + timeout
            while True:
                assert server.poll() is None, log_path.read_text()
                try:
                    with urllib.request.urlopen(request, timeout=5):
                        break
                except (urllib.error.URLError, ConnectionError):
                    assert time.monotonic() < deadline, log_path.read_text()
                    time.sleep(0.2)
        yield port, server
    finally:
        server.terminate()
        try:
            server.wait(timeout=20)
        except subprocess.TimeoutExpired:
            server.kill()
            server.wait()
