"""bench/load_submit.py keeps working: a 5-second run with 5 browsers loses and duplicates nothing.

The figures of the real run (50 clients × 60 s) are in bench/README.md; here only the checks count.
"""

import json
import subprocess
import sys
from pathlib import Path
from urllib.parse import quote

import pytest
from django.conf import settings

ROOT = Path(__file__).resolve().parents[1]

pytestmark = pytest.mark.postgres


def postgres_server_url() -> str:
    """The test database's server, by its maintenance database: the script creates its own database there."""
    db = settings.DATABASES["default"]
    user = quote(db.get("USER") or "postgres")
    password = f":{quote(db['PASSWORD'])}" if db.get("PASSWORD") else ""
    return f"postgres://{user}{password}@{db.get('HOST') or '127.0.0.1'}:{db.get('PORT') or 5432}/postgres"


def test_load_submit_stores_every_accepted_request_once_with_its_deadline():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("the load bench creates a PostgreSQL database; this run is on SQLite")
    command = [
        sys.executable, "bench/load_submit.py",
        "--clients", "5", "--duration", "5", "--workers", "2",
        "--double-share", "0.2", "--no-demo", "--json",
        "--postgres", postgres_server_url(),
    ]  # fmt: skip
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True, timeout=180)
    assert result.stdout, result.stderr[-3000:]
    summary = json.loads(result.stdout)
    assert summary["accepted"] > 0, summary
    assert summary["lost"] == summary["duplicated"] == summary["server_errors"] == 0, summary
    assert summary["wrong_deadlines"] == 0 and summary["deadlines_checked"] == summary["stored"], summary
    assert summary["failures"] == {} and result.returncode == 0, summary
