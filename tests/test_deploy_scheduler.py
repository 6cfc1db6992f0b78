"""Deployment: the daily scheduler loop, docker/scheduler.sh."""

import re
import signal
import subprocess
import time
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest

from tests.deploy_helpers import SCHEDULER, _wait_for
from tests.test_settings import _clean_env

# --- docker/scheduler.sh -----------------------------------------------------------------------

# Stands in for `python`: records `manage.py <command> …`, fails for a command named fail*, and
# sleeps (as one process, so SIGTERM reaches it) for a command named slow.
FAKE_PYTHON = """#!/bin/sh
echo "$*" >> "$FAKE_PYTHON_LOG"
case "$2" in
    fail*) echo "simulated failure" >&2; exit 3 ;;
    slow) exec sleep 30 ;;
esac
"""


def _start_scheduler(tmp_path, commands, seconds_ahead=2, **extra_env):
    fake = tmp_path / "python"
    fake.write_text(FAKE_PYTHON)
    fake.chmod(0o755)
    # Rounded up to a whole second (the script takes HH:MM:SS): at least seconds_ahead from now, so a
    # slow start on a busy machine cannot find the time already past and wait for tomorrow.
    at = (datetime.now(ZoneInfo("Asia/Shanghai")) + timedelta(seconds=seconds_ahead)).replace(
        microsecond=0
    ) + timedelta(seconds=1)
    env = _clean_env(
        PYTHON=str(fake),
        FAKE_PYTHON_LOG=str(tmp_path / "ran.log"),
        SCHEDULER_DAILY_AT=at.strftime("%H:%M:%S"),
        SCHEDULER_COMMANDS=commands,
        **extra_env,
    )
    log = (tmp_path / "scheduler.log").open("w")
    process = subprocess.Popen([str(SCHEDULER)], cwd=tmp_path, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    return process


def _stop(process, seconds=2.0):
    """SIGTERM, then the seconds it took to exit (and its exit status)."""
    started = time.monotonic()
    process.send_signal(signal.SIGTERM)
    try:
        status = process.wait(timeout=seconds + 3)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()
        raise
    return time.monotonic() - started, status


def test_scheduler_runs_the_commands_at_the_daily_time_survives_a_failure_and_stops_on_sigterm(tmp_path):
    process = _start_scheduler(tmp_path, "failing_command --dry-run; send_deadline_reminders --days 3")
    ran = tmp_path / "ran.log"
    output = tmp_path / "scheduler.log"
    try:
        _wait_for(
            lambda: ran.exists() and len(ran.read_text().splitlines()) == 2 and "finished" in output.read_text(),
            10,
            lambda: output.read_text(),
        )
        time.sleep(0.3)
        assert process.poll() is None, output.read_text()  # still waiting for the next day
    finally:
        elapsed, status = _stop(process)
    assert ran.read_text().splitlines() == [
        "manage.py failing_command --dry-run",
        "manage.py send_deadline_reminders --days 3",
    ]
    log = output.read_text()
    assert "FAILED (exit status 3): manage.py failing_command --dry-run" in log
    assert "finished: manage.py send_deadline_reminders --days 3" in log
    assert re.search(r"next run at \S+, in 86[34]\d\ds", log)  # tomorrow, after the run
    assert status == 0
    assert elapsed < 2, log
    assert log.rstrip().endswith("stopped")


def test_scheduler_passes_sigterm_to_a_running_command_and_exits(tmp_path):
    process = _start_scheduler(tmp_path, "slow")
    output = tmp_path / "scheduler.log"
    try:
        _wait_for(lambda: "running: manage.py slow" in output.read_text(), 8, lambda: output.read_text())
        time.sleep(0.3)
    finally:
        elapsed, status = _stop(process)
    assert status == 0
    assert elapsed < 2
    assert "interrupted: manage.py slow" in output.read_text()


def test_scheduler_waits_until_the_daily_time(tmp_path):
    process = _start_scheduler(tmp_path, "send_deadline_reminders", seconds_ahead=3600)
    output = tmp_path / "scheduler.log"
    try:
        _wait_for(lambda: "next run at" in output.read_text(), 5, lambda: output.read_text())
        time.sleep(0.5)
    finally:
        elapsed, status = _stop(process)
    assert not (tmp_path / "ran.log").exists()
    assert re.search(r"in 3[56]\d\ds", output.read_text())
    assert (status, elapsed < 2) == (0, True)


@pytest.mark.parametrize(
    ("variable", "value", "message"),
    [
        ("SCHEDULER_DAILY_AT", "7.30", "HH:MM"),
        ("SCHEDULER_DAILY_AT", "25:00", "a time of day"),
        ("SCHEDULER_TZ", "Asia/Nowhere", "unknown time zone"),
    ],
)
def test_scheduler_refuses_a_bad_schedule(tmp_path, variable, value, message):
    env = _clean_env(**{variable: value})
    result = subprocess.run([str(SCHEDULER)], env=env, capture_output=True, text=True, timeout=10)
    assert result.returncode == 64
    assert message in result.stderr
