"""Deployment: docker/backup.sh and docker/restore.sh run without a database, with stand-ins for pg_dump and tar."""

import os
import shutil
import signal
import subprocess
from pathlib import Path

import pytest

from tests.deploy_helpers import BACKUP, RESTORE, _wait_for
from tests.test_settings import _clean_env, _run

# --- docker/restore.sh without a database --------------------------------------------------------


def test_restore_refuses_to_run_without_yes(tmp_path):
    for name in ("database.dump", "media.tar.gz", "private-media.tar.gz"):
        (tmp_path / name).write_bytes(b"")
    env = _clean_env(DATABASE_URL="postgres://portal:secret@db:5432/portal")
    result = _run([str(RESTORE), str(tmp_path)], env)
    assert result.returncode == 64
    assert "--yes" in result.stderr
    assert "secret" not in result.stderr


def test_restore_refuses_a_folder_that_is_not_a_backup(tmp_path):
    env = _clean_env(DATABASE_URL="postgres://portal:portal@db:5432/portal")
    result = _run([str(RESTORE), "--yes", str(tmp_path)], env)
    assert result.returncode == 1
    assert "database.dump is missing" in result.stderr


# --- docker/backup.sh with stand-ins for pg_dump, tar and date ---------------------------------------

# Stands in for pg_dump: writes the start of a dump to --file=…, records its process id, then takes
# FAKE_PG_DUMP_SECONDS (as one process, so SIGTERM reaches it).
FAKE_PG_DUMP = """#!/bin/sh
case "$1" in --version) echo "pg_dump (PostgreSQL) 16.0 (stand-in)"; exit 0 ;; esac
for argument; do case "$argument" in --file=*) file=${argument#--file=} ;; esac; done
echo "PGDMP stand-in" > "$file"
echo $$ > "$FAKE_PG_DUMP_PID"
exec sleep "${FAKE_PG_DUMP_SECONDS:-0}"
"""
# Stands in for tar: the real one, then the exit status FAKE_TAR_STATUS (GNU tar's 1: a file
# changed as it was read; 2: a fatal error).
FAKE_TAR = """#!/bin/sh
"$REAL_TAR" "$@" || exit $?
exit "${FAKE_TAR_STATUS:-0}"
"""


def _backup_env(tmp_path, **overrides):
    """backup.sh's environment with the stand-ins first on PATH, and some files to archive."""
    bin_folder = tmp_path / "bin"
    bin_folder.mkdir(exist_ok=True)
    for name, script in (("pg_dump", FAKE_PG_DUMP), ("tar", FAKE_TAR)):
        (bin_folder / name).write_text(script)
        (bin_folder / name).chmod(0o755)
    (tmp_path / "media" / "attachments").mkdir(parents=True, exist_ok=True)
    (tmp_path / "media" / "attachments" / "a.pdf").write_bytes(b"%PDF-1.4 stand-in")
    env = _clean_env(
        DATABASE_URL="postgres://portal:secret@db.invalid:5432/portal",
        DJANGO_MEDIA_ROOT=str(tmp_path / "media"),
        DJANGO_PRIVATE_MEDIA_ROOT=str(tmp_path / "private-media"),
        FAKE_PG_DUMP_PID=str(tmp_path / "pg_dump.pid"),
        REAL_TAR=shutil.which("tar"),
        **overrides,
    )
    env["PATH"] = f"{bin_folder}{os.pathsep}{env['PATH']}"
    return env


def _start_backup(tmp_path, env, name="backup"):
    log = (tmp_path / f"{name}.log").open("w")
    process = subprocess.Popen(
        [str(BACKUP), str(tmp_path / "backups")],
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
        # As from a terminal: SIGINT not ignored, whatever this test run was started from.
        preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
    )
    log.close()
    return process


def _gone(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    return False


def _complete_backup(folder: Path) -> bool:
    checked = subprocess.run(["sha256sum", "--check", "--quiet", "SHA256SUMS"], cwd=folder, capture_output=True)
    names = {"database.dump", "media.tar.gz", "private-media.tar.gz", "MANIFEST", "SHA256SUMS"}
    return checked.returncode == 0 and {path.name for path in folder.iterdir()} == names


@pytest.mark.parametrize(("sent", "status"), [(signal.SIGTERM, 143), (signal.SIGINT, 130)], ids=["SIGTERM", "SIGINT"])
def test_backup_stopped_by_a_signal_stops_pg_dump_and_keeps_nothing(tmp_path, sent, status):
    process = _start_backup(tmp_path, _backup_env(tmp_path, FAKE_PG_DUMP_SECONDS="30"))
    backups, pid_file = tmp_path / "backups", tmp_path / "pg_dump.pid"
    log = tmp_path / "backup.log"
    try:
        _wait_for(lambda: pid_file.exists() and pid_file.read_text().strip(), 10, lambda: log.read_text())
        assert [path.name.endswith(".partial") for path in backups.iterdir()] == [True]
        process.send_signal(sent)
        assert process.wait(timeout=5) == status, log.read_text()
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()
    assert list(backups.iterdir()) == []
    _wait_for(lambda: _gone(int(pid_file.read_text())), 5, lambda: "pg_dump still runs")
    assert "stopping" in log.read_text()


@pytest.mark.parametrize("tar_status", [0, 1])
def test_backup_is_kept_when_tar_only_warns_that_a_file_changed(tmp_path, tar_status):
    result = _run([str(BACKUP), str(tmp_path / "backups")], _backup_env(tmp_path, FAKE_TAR_STATUS=str(tar_status)))
    assert result.returncode == 0, result.stderr
    folder = Path(result.stdout.strip())
    assert folder.parent == tmp_path / "backups"
    assert _complete_backup(folder)
    assert [path.name for path in (tmp_path / "backups").iterdir()] == [folder.name]
    assert ("changed while they were archived" in result.stderr) == (tar_status == 1)
    assert "secret" not in result.stderr + (folder / "MANIFEST").read_text()


def test_backup_fails_and_keeps_nothing_when_tar_fails(tmp_path):
    result = _run([str(BACKUP), str(tmp_path / "backups")], _backup_env(tmp_path, FAKE_TAR_STATUS="2"))
    assert result.returncode == 1
    assert "tar failed (exit status 2)" in result.stderr
    assert list((tmp_path / "backups").iterdir()) == []


def test_two_backups_started_in_the_same_second_leave_one_complete_backup(tmp_path):
    env = _backup_env(tmp_path, FAKE_PG_DUMP_SECONDS="1")
    # Both runs read the same time: the second one must neither touch the first one's files nor
    # move its own folder into the first one's.
    (tmp_path / "bin" / "date").write_text("#!/bin/sh\necho 20260131T020000Z\n")
    (tmp_path / "bin" / "date").chmod(0o755)
    first = _start_backup(tmp_path, env, "first")
    second = _start_backup(tmp_path, env, "second")
    statuses = sorted([first.wait(timeout=30), second.wait(timeout=30)])
    logs = (tmp_path / "first.log").read_text() + (tmp_path / "second.log").read_text()
    assert statuses == [0, 1], logs
    backups = tmp_path / "backups"
    assert [path.name for path in backups.iterdir()] == ["20260131T020000Z"], logs
    assert _complete_backup(backups / "20260131T020000Z"), logs
