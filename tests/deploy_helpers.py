"""Shared pieces of the deployment tests: paths of docker/ and waiting on a subprocess.

There is no Docker engine in CI: the Compose file and the Dockerfile are checked as files, and the
scripts of docker/ run here directly. The PostgreSQL tests make throwaway databases of their own
next to the test database (never the test database itself), migrate them and load the demo data in
subprocesses with production settings, and drop them at the end; on SQLite they are skipped.
"""

import time

from tests.utils import ROOT

DOCKER = ROOT / "docker"
SCHEDULER = DOCKER / "scheduler.sh"
BACKUP = DOCKER / "backup.sh"
RESTORE = DOCKER / "restore.sh"
HEALTHCHECK = DOCKER / "healthcheck.py"


def _wait_for(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.1)
