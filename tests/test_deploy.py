"""Deployment: the Compose file and the image, the scheduler loop, the container health check,
backup and restore, and gunicorn with production settings on PostgreSQL.

There is no Docker engine in CI: the Compose file and the Dockerfile are checked as files, and the
scripts of docker/ run here directly. The PostgreSQL tests make throwaway databases of their own
next to the test database (never the test database itself), migrate them and load the demo data in
subprocesses with production settings, and drop them at the end; on SQLite they are skipped.
"""

import contextlib
import hashlib
import json
import os
import re
import runpy
import secrets
import shutil
import signal
import subprocess
import sys
import time
import urllib.error
import urllib.parse
import urllib.request
from datetime import datetime, timedelta
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from django.conf import settings

from tests.test_settings import PRODUCTION_HOST, _clean_env, _production_env, _run
from tests.utils import ROOT, free_port, running_gunicorn

DOCKER = ROOT / "docker"
SCHEDULER = DOCKER / "scheduler.sh"
BACKUP = DOCKER / "backup.sh"
RESTORE = DOCKER / "restore.sh"
HEALTHCHECK = DOCKER / "healthcheck.py"
COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"

# The tables the annual report and the public site are made of.
MAIN_TABLES = [
    "disclosures_disclosure",
    "disclosures_administrativedecision",
    "disclosures_attachment",
    "applications_informationrequest",
    "applications_requestevent",
    "applications_appeal",
    "reports_annualreport",
]


# --- the Compose file and the Dockerfile -------------------------------------------------------


def _outline(text: str) -> dict[str, list[str]]:
    """Top-level keys of a YAML file and the keys directly under each (two-space indentation)."""
    outline, section = {}, None
    for line in text.splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        if top := re.match(r"^([A-Za-z][\w-]*):", line):
            section = top.group(1)
            outline[section] = []
        elif (second := re.match(r"^  ([A-Za-z][\w-]*):", line)) and section:
            outline[section].append(second.group(1))
    return outline


def _compose() -> dict:
    """docker-compose.yml parsed by PyYAML: in this interpreter, else by a system python3 that has it."""
    text = COMPOSE_FILE.read_text(encoding="utf-8")
    try:
        import yaml
    except ImportError:
        pass
    else:
        return yaml.safe_load(text)
    for python in ("/usr/bin/python3", "/usr/local/bin/python3"):
        if not Path(python).exists():
            continue
        result = subprocess.run(
            [python, "-c", "import json, sys, yaml; print(json.dumps(yaml.safe_load(sys.stdin)))"],
            input=text,
            capture_output=True,
            text=True,
            timeout=30,
        )
        if result.returncode == 0:
            return json.loads(result.stdout)
    pytest.skip("PyYAML is not installed: only the outline of docker-compose.yml is checked")


def _env_example_names() -> set[str]:
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    return set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, re.M))


def _with_defaults(value: str) -> str:
    """A Compose value as it is when no variable is set: ${NAME:-default} -> default, ${NAME} -> ''."""
    return re.sub(r"\$\{[A-Z0-9_]+(?::?-([^}]*))?\}", lambda match: match.group(1) or "", value)


def test_compose_file_has_the_services_and_named_volumes():
    outline = _outline(COMPOSE_FILE.read_text(encoding="utf-8"))
    assert {"web", "scheduler", "db", "redis"} <= set(outline["services"])
    assert {"pgdata", "media", "private-media"} <= set(outline["volumes"])


def test_compose_web_keeps_uploads_in_volumes_and_is_health_checked():
    compose = _compose()
    web = compose["services"]["web"]
    assert {"media:/data/media", "private-media:/data/private-media"} <= set(web["volumes"])
    assert web["environment"]["DJANGO_MEDIA_ROOT"] == "/data/media"
    assert web["environment"]["DJANGO_PRIVATE_MEDIA_ROOT"] == "/data/private-media"
    assert web["healthcheck"]["test"] == ["CMD", "python", "/app/docker/healthcheck.py"]
    assert web["depends_on"]["db"]["condition"] == "service_healthy"
    assert compose["services"]["db"]["volumes"] == ["pgdata:/var/lib/postgresql/data"]


def test_compose_scheduler_runs_the_daily_jobs_after_web_has_migrated():
    services = _compose()["services"]
    web, scheduler = services["web"], services["scheduler"]
    assert scheduler["image"] == web["image"]
    assert scheduler["command"] == ["/app/docker/scheduler.sh"]
    assert scheduler["environment"]["DJANGO_SKIP_MIGRATE"] == "1"
    assert scheduler["depends_on"]["web"]["condition"] == "service_healthy"
    # The same database, cache, secret and mail settings as web.
    for name in ("DATABASE_URL", "REDIS_URL", "DJANGO_SECRET_KEY", "EMAIL_URL", "DJANGO_ADMINS"):
        assert scheduler["environment"][name] == web["environment"][name], name
    # The purge deletes identity documents: private-media as web has it; the public media it never needs.
    assert scheduler["volumes"] == ["private-media:/data/private-media"]
    assert scheduler["environment"]["DJANGO_PRIVATE_MEDIA_ROOT"] == web["environment"]["DJANGO_PRIVATE_MEDIA_ROOT"]
    for command in ("send_deadline_reminders", "purge_personal_data"):
        assert command in scheduler["environment"]["SCHEDULER_COMMANDS"]


def test_compose_publishes_gunicorn_on_the_loopback_address_only_by_default():
    # Docker's published ports bypass the host firewall: on all interfaces, anyone could reach
    # gunicorn past the proxy and choose their own X-Forwarded-For and X-Forwarded-Proto.
    services = _compose()["services"]
    assert [_with_defaults(str(port)) for port in services["web"]["ports"]] == ["127.0.0.1:8000:8000"]
    assert services["web"]["ports"] == ["${WEB_BIND:-127.0.0.1}:8000:8000"]
    assert [name for name, service in services.items() if "ports" in service] == ["web"]


def test_compose_services_reach_the_database_with_the_password_db_is_given():
    # One password, in one variable: changing it cannot leave the backup (or anything) behind.
    services = _compose()["services"]
    urls = {name: services[name]["environment"]["DATABASE_URL"] for name in ("web", "scheduler", "backup", "restore")}
    assert len(set(urls.values())) == 1, urls
    user, password, name = re.fullmatch(r"postgres://([^:@]+):(.+)@db:5432/(\w+)", urls["web"]).groups()
    db = services["db"]["environment"]
    assert (user, password, name) == (db["POSTGRES_USER"], db["POSTGRES_PASSWORD"], db["POSTGRES_DB"])
    assert password == "${POSTGRES_PASSWORD:-portal}"


def test_compose_backup_reads_the_uploads_and_restore_writes_them_both_only_on_demand():
    services = _compose()["services"]
    backup, restore = services["backup"], services["restore"]
    for service in (backup, restore):
        assert service["profiles"] == ["tools"]
        assert service["image"] == services["db"]["image"]  # pg_dump and pg_restore of the server's version
        assert service["environment"]["DJANGO_MEDIA_ROOT"] == "/data/media"
        assert service["environment"]["DJANGO_PRIVATE_MEDIA_ROOT"] == "/data/private-media"
    assert {"media:/data/media:ro", "private-media:/data/private-media:ro", "./backups:/backups"} <= set(
        backup["volumes"]
    )
    assert {"media:/data/media", "private-media:/data/private-media", "./backups:/backups:ro"} <= set(
        restore["volumes"]
    )
    assert backup["entrypoint"] == ["sh", "/portal-scripts/backup.sh"]
    assert restore["entrypoint"] == ["sh", "/portal-scripts/restore.sh"]


def test_compose_names_only_variables_that_env_example_documents():
    compose = _compose()
    named = set()
    for service in ("web", "scheduler"):
        named |= set(compose["services"][service]["environment"])
    # And every variable the file takes from the shell or .env (${NAME…}).
    named |= set(re.findall(r"\$\{([A-Z][A-Z0-9_]*)", COMPOSE_FILE.read_text(encoding="utf-8")))
    assert named - _env_example_names() == set()


def test_dockerfile_builds_a_slim_non_root_image_with_static_files_and_the_entrypoint():
    dockerfile = DOCKERFILE.read_text(encoding="utf-8")
    assert re.search(r"^FROM python:3\.11-slim\s*$", dockerfile, re.M)
    users = re.findall(r"^USER\s+(\S+)", dockerfile, re.M)
    assert users and users[-1] not in {"root", "0"}
    assert re.search(r"manage\.py collectstatic --noinput", dockerfile)
    assert re.search(r'^ENTRYPOINT \["/app/docker/entrypoint\.sh"\]', dockerfile, re.M)
    assert "docker/*.sh" in dockerfile  # the scripts are made executable in the image


@pytest.mark.parametrize("script", [SCHEDULER, BACKUP, RESTORE], ids=lambda path: path.name)
def test_scripts_are_executable_posix_shell(script):
    assert os.access(script, os.X_OK)
    for shell in ("sh", "bash"):
        result = _run([shell, "-n", str(script)], _clean_env())
        assert result.returncode == 0, result.stderr


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


def _wait_for(condition, seconds, message):
    deadline = time.monotonic() + seconds
    while not condition():
        assert time.monotonic() < deadline, message()
        time.sleep(0.1)


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


# --- docker/healthcheck.py ---------------------------------------------------------------------


def test_healthcheck_fails_when_nothing_answers():
    url = f"http://127.0.0.1:{free_port()}/healthz"
    result = _run([sys.executable, str(HEALTHCHECK), url], _clean_env(DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST))
    assert result.returncode == 1
    assert "healthcheck:" in result.stderr


@pytest.mark.parametrize(
    ("allowed", "host"),
    [("gk.example.gov.cn,localhost", "gk.example.gov.cn"), ("*,.example.gov.cn", "example.gov.cn"), ("", "localhost")],
)
def test_healthcheck_sends_an_allowed_host_name(allowed, host):
    probe_host = runpy.run_path(str(HEALTHCHECK))["probe_host"]  # not as __main__: nothing runs
    assert probe_host(allowed) == host


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


# --- PostgreSQL: backup and restore, gunicorn ----------------------------------------------------


def _require_postgresql():
    if settings.DATABASES["default"]["ENGINE"] != "django.db.backends.postgresql":
        pytest.skip("needs PostgreSQL (DATABASE_URL=postgres://…)")
    if not (shutil.which("pg_dump") and shutil.which("pg_restore") and shutil.which("psql")):
        pytest.skip("pg_dump, pg_restore and psql are not installed")


def _base_name() -> str:
    """The configured database's name, the prefix of the throwaway databases and roles made here."""
    base = settings.DATABASES["default"]["NAME"]
    if base.startswith("test_"):  # the test database's name: make ours from the configured one
        base = base[len("test_") :]
    return base


def _database_url(name: str, user: str | None = None, password: str | None = None) -> str:
    db = settings.DATABASES["default"]
    user = urllib.parse.quote(user or db["USER"] or "", safe="")
    password = urllib.parse.quote(password or db["PASSWORD"] or "", safe="")
    credentials = f"{user}:{password}@" if password else (f"{user}@" if user else "")
    return f"postgres://{credentials}{db['HOST'] or 'localhost'}:{db['PORT'] or 5432}/{name}"


def _maintenance_connection():
    import psycopg

    db = settings.DATABASES["default"]
    return psycopg.connect(
        dbname="postgres",
        user=db["USER"] or None,
        password=db["PASSWORD"] or None,
        host=db["HOST"] or None,
        port=db["PORT"] or None,
        autocommit=True,
    )


def _query(url: str, sql: str):
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        return connection.execute(sql).fetchall()


def _execute(url: str, sql: str) -> None:
    """Run statements (several, separated by ";") in one transaction, committed."""
    import psycopg

    with psycopg.connect(url.replace("postgres://", "postgresql://", 1)) as connection:
        connection.execute(sql)


@contextlib.contextmanager
def _throwaway_database(purpose: str, owner: str | None = None):
    """A new, empty database of our own (named after the configured one), dropped afterwards."""
    name = f"{_base_name()}_{purpose}_{secrets.token_hex(4)}"
    with _maintenance_connection() as connection:
        connection.execute(f'CREATE DATABASE "{name}"' + (f' OWNER "{owner}"' if owner else ""))
    try:
        yield name
    finally:
        with _maintenance_connection() as connection:
            connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _columns(url: str) -> set[tuple[str, str]]:
    return set(
        _query(url, "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'")
    )


def _table_counts(url: str) -> dict[str, int]:
    tables = [
        name
        for (name,) in _query(
            url,
            "SELECT table_name FROM information_schema.tables "
            "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY table_name",
        )
    ]
    union = " UNION ALL ".join(f"SELECT '{name}', count(*) FROM \"{name}\"" for name in tables)
    return dict(_query(url, union))


def _content_digests(url: str) -> dict[str, str]:
    """An md5 of every row of the main tables, in primary-key order (text, dates, JSON and all)."""
    return {
        table: _query(url, f"SELECT md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t.id), '')) FROM \"{table}\" t")[
            0
        ][0]
        for table in MAIN_TABLES
    }


def _sequences(url: str) -> dict[str, int | None]:
    return dict(_query(url, "SELECT sequencename, last_value FROM pg_sequences WHERE schemaname = 'public'"))


def _files(folder: Path) -> dict[str, bytes]:
    return {str(path.relative_to(folder)): path.read_bytes() for path in sorted(folder.rglob("*")) if path.is_file()}


@pytest.fixture(scope="module")
def demo_site(tmp_path_factory):
    """A throwaway PostgreSQL database, migrated, with the demo data, and its two upload folders."""
    _require_postgresql()
    base = _base_name()
    suffix = secrets.token_hex(4)
    names = {"source": f"{base}_deploy_{suffix}", "restored": f"{base}_restored_{suffix}"}
    folder = tmp_path_factory.mktemp("demo-site")
    with _maintenance_connection() as connection:
        for name in names.values():
            connection.execute(f'CREATE DATABASE "{name}"')
    try:
        site = {
            "url": _database_url(names["source"]),
            "restored_url": _database_url(names["restored"]),
            "media": folder / "media",
            "private_media": folder / "private-media",
            "folder": folder,
        }
        env = _site_env(folder, site["url"], site["media"], site["private_media"])
        for command in (["migrate", "--noinput"], ["load_demo"]):
            result = _run([sys.executable, "manage.py", *command], env, timeout=120)
            assert result.returncode == 0, result.stdout + result.stderr
        # Files the backup must carry besides the demo's attachments: one in a nested folder of
        # each root, one of them with a Chinese name.
        (site["media"] / "attachments" / "extra").mkdir(parents=True)
        (site["media"] / "attachments" / "extra" / "说明.txt").write_text("公开附件\n", encoding="utf-8")
        (site["private_media"] / "requests" / "2026").mkdir(parents=True)
        (site["private_media"] / "requests" / "2026" / "id-card.jpg").write_bytes(secrets.token_bytes(2048))
        yield site
    finally:
        with _maintenance_connection() as connection:
            for name in names.values():
                connection.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')


def _site_env(folder: Path, url: str, media: Path, private_media: Path, **overrides):
    return _production_env(
        folder,
        DATABASE_URL=url,
        DJANGO_MEDIA_ROOT=str(media),
        DJANGO_PRIVATE_MEDIA_ROOT=str(private_media),
        **overrides,
    )


def _backup(folder: Path, url: str, media: Path, private_media: Path) -> Path:
    """Run docker/backup.sh into folder/backups; the new backup's folder."""
    result = _run([str(BACKUP), str(folder / "backups")], _site_env(folder, url, media, private_media), timeout=120)
    assert result.returncode == 0, result.stderr
    backup = Path(result.stdout.strip().splitlines()[-1])
    assert backup.parent == folder / "backups"
    return backup


@pytest.fixture(scope="module")
def demo_backup(demo_site, tmp_path_factory):
    """A backup of the demo site by docker/backup.sh (taken once for the module)."""
    return _backup(
        tmp_path_factory.mktemp("demo-backup"), demo_site["url"], demo_site["media"], demo_site["private_media"]
    )


@pytest.mark.postgres
def test_backup_restores_into_an_empty_database_and_new_folders(demo_site, demo_backup, tmp_path):
    source, backup = demo_site["url"], demo_backup
    assert {path.name for path in backup.iterdir()} == {
        "database.dump",
        "media.tar.gz",
        "private-media.tar.gz",
        "MANIFEST",
        "SHA256SUMS",
    }
    assert (backup / "private-media.tar.gz").stat().st_mode & 0o077 == 0  # owner only

    restored_media, restored_private = tmp_path / "restored" / "media", tmp_path / "restored" / "private-media"
    restore_env = _site_env(tmp_path, demo_site["restored_url"], restored_media, restored_private)
    restored = _run([str(RESTORE), "--yes", str(backup)], restore_env, timeout=120)
    assert restored.returncode == 0, restored.stderr

    counts = _table_counts(source)
    assert all(counts[table] > 0 for table in MAIN_TABLES), counts
    assert _table_counts(demo_site["restored_url"]) == counts
    assert _content_digests(demo_site["restored_url"]) == _content_digests(source)
    assert _sequences(demo_site["restored_url"]) == _sequences(source)
    assert _files(restored_media) == _files(demo_site["media"])
    assert _files(restored_private) == _files(demo_site["private_media"])
    assert "attachments/extra/说明.txt" in _files(restored_media)
    assert "requests/2026/id-card.jpg" in _files(restored_private)

    # The restored site works: Django finds nothing to migrate, and a backup of it restores over it
    # (its schema public is the one restore.sh made, not the one a new database comes with).
    check = _run([sys.executable, "manage.py", "migrate", "--check"], restore_env)
    assert check.returncode == 0, check.stdout + check.stderr
    second = _backup(tmp_path / "second", demo_site["restored_url"], restored_media, restored_private)
    again = _run([str(RESTORE), "--yes", str(second)], restore_env, timeout=120)
    assert again.returncode == 0, again.stderr
    assert _table_counts(demo_site["restored_url"]) == counts
    assert _content_digests(demo_site["restored_url"]) == _content_digests(source)


# What an upgrade's migrations might do: a new table that points at a user, a new column, new and
# changed rows, a migration recorded.
NEWER_SCHEMA = """
CREATE TABLE newer_feature (id serial PRIMARY KEY, user_id integer NOT NULL REFERENCES auth_user (id));
INSERT INTO auth_user (password, is_superuser, username, first_name, last_name, email, is_staff, is_active, date_joined)
    VALUES ('!', false, 'newer-user', '', '', '', false, true, now());
INSERT INTO newer_feature (user_id) SELECT id FROM auth_user WHERE username = 'newer-user';
ALTER TABLE applications_informationrequest ADD COLUMN newer_column text NOT NULL DEFAULT '';
UPDATE disclosures_disclosure SET title = title || '（新版）';
DELETE FROM applications_requestevent WHERE id = (SELECT max(id) FROM applications_requestevent);
INSERT INTO django_migrations (app, name, applied) VALUES ('applications', '9999_newer_feature', now());
"""


@pytest.mark.postgres
def test_restore_goes_back_from_a_newer_schema_to_the_backup(demo_site, demo_backup, tmp_path):
    # Going back after an upgrade: the database was migrated forward after the backup was taken.
    source = demo_site["url"]
    with _throwaway_database("rollback") as name:
        url = _database_url(name)
        env = _site_env(tmp_path, url, tmp_path / "media", tmp_path / "private-media")
        first = _run([str(RESTORE), "--yes", str(demo_backup)], env, timeout=120)
        assert first.returncode == 0, first.stderr
        _execute(url, NEWER_SCHEMA)
        assert ("newer_feature", "user_id") in _columns(url)

        restored = _run([str(RESTORE), "--yes", str(demo_backup)], env, timeout=120)
        assert restored.returncode == 0, restored.stderr
        assert "newer_feature" not in _table_counts(url)
        assert not {column for column in _columns(url) if column[1] == "newer_column"}
        assert _columns(url) == _columns(source)
        assert _table_counts(url) == _table_counts(source)
        assert _content_digests(url) == _content_digests(source)
        assert _sequences(url) == _sequences(source)
        # The older code finds its schema as it left it: nothing to migrate, nothing unknown.
        check = _run([sys.executable, "manage.py", "migrate", "--check"], env)
        assert check.returncode == 0, check.stdout + check.stderr


def _checksums(folder: Path) -> str:
    names = ("database.dump", "media.tar.gz", "private-media.tar.gz", "MANIFEST")
    return "".join(f"{hashlib.sha256((folder / name).read_bytes()).hexdigest()}  {name}\n" for name in names)


@pytest.mark.postgres
def test_restore_that_fails_halfway_leaves_the_database_and_the_folders_as_they_were(demo_backup, tmp_path):
    # A dump that breaks off in its data (its checksums written after it broke, so they match):
    # pg_restore reads its table of contents and the first tables, then fails.
    broken = tmp_path / "broken"
    shutil.copytree(demo_backup, broken)
    dump = broken / "database.dump"
    dump.write_bytes(dump.read_bytes()[: dump.stat().st_size * 3 // 4])
    (broken / "SHA256SUMS").write_text(_checksums(broken))
    listed = _run(["pg_restore", "--list", str(dump)], _clean_env())
    assert listed.returncode == 0, listed.stderr

    with _throwaway_database("halfway") as name:
        url = _database_url(name)
        env = _site_env(tmp_path, url, tmp_path / "media", tmp_path / "private-media")
        first = _run([str(RESTORE), "--yes", str(demo_backup)], env, timeout=120)
        assert first.returncode == 0, first.stderr
        _execute(url, NEWER_SCHEMA)
        before = (_columns(url), _table_counts(url), _content_digests(url), _sequences(url))

        new_media, new_private = tmp_path / "new" / "media", tmp_path / "new" / "private-media"
        failed_env = _site_env(tmp_path, url, new_media, new_private)
        failed = _run([str(RESTORE), "--yes", str(broken)], failed_env, timeout=120)
        assert failed.returncode == 1
        assert "pg_restore" in failed.stderr
        assert "unchanged" in failed.stderr
        assert (_columns(url), _table_counts(url), _content_digests(url), _sequences(url)) == before
        assert not new_media.exists() and not new_private.exists()  # the files come after the database


@pytest.mark.postgres
def test_restore_as_the_database_owner_without_superuser_rights(demo_site, demo_backup, tmp_path):
    # As in production: the portal's own user owns its database and nothing else.
    with _maintenance_connection() as connection:
        (may_create_roles,) = connection.execute(
            "SELECT rolsuper OR rolcreaterole FROM pg_roles WHERE rolname = current_user"
        ).fetchone()
        server_version = connection.info.server_version
    if not may_create_roles:
        pytest.skip("the test user may not create roles")
    role, password = f"{_base_name()}_owner_{secrets.token_hex(4)}", secrets.token_hex(16)
    with _maintenance_connection() as connection:
        connection.execute(f"CREATE ROLE \"{role}\" LOGIN PASSWORD '{password}'")
    try:
        with _throwaway_database("owner", owner=role) as name:
            if server_version < 150000:  # before 15 the schema public belongs to the superuser
                _execute(_database_url(name), f'ALTER SCHEMA public OWNER TO "{role}"')
            url = _database_url(name, user=role, password=password)
            env = _site_env(tmp_path, url, tmp_path / "media", tmp_path / "private-media")
            # Into the new database's schema public, then into the one the first restore made.
            for _ in range(2):
                restored = _run([str(RESTORE), "--yes", str(demo_backup)], env, timeout=120)
                assert restored.returncode == 0, restored.stderr
            assert _table_counts(url) == _table_counts(demo_site["url"])
            assert {
                owner for (owner,) in _query(url, "SELECT tableowner FROM pg_tables WHERE schemaname = 'public'")
            } == {role}
            check = _run([sys.executable, "manage.py", "migrate", "--check"], env)
            assert check.returncode == 0, check.stdout + check.stderr
            _execute(url, "CREATE TABLE newer_table (id integer); DROP TABLE newer_table")  # an upgrade can migrate
    finally:
        with _maintenance_connection() as connection:
            connection.execute(f'DROP ROLE IF EXISTS "{role}"')


def test_backup_leaves_nothing_behind_when_the_database_is_unreachable(tmp_path):
    if not shutil.which("pg_dump"):
        pytest.skip("pg_dump is not installed")
    env = _clean_env(DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/x")
    result = _run([str(BACKUP), str(tmp_path / "backups")], env, timeout=60)
    assert result.returncode != 0
    assert list((tmp_path / "backups").iterdir()) == []


# Prints the addresses of a published item, decision and attachment, and the item's title.
DEMO_ADDRESSES = """
import json

import django

django.setup()
from django.urls import reverse

from disclosures.models import AdministrativeDecision, Attachment, Disclosure

item = Disclosure.objects.published().order_by("pk").first()
decision = AdministrativeDecision.objects.published().order_by("pk").first()
attachment = Attachment.objects.filter(disclosure__in=Disclosure.objects.published()).order_by("pk").first()
print(json.dumps({
    "item": item.get_absolute_url(), "title": item.title, "decision": decision.get_absolute_url(),
    "decisions": reverse("disclosures:decisions"), "submit": reverse("applications:submit"),
    "attachment": attachment.get_absolute_url(), "attachment_file": attachment.file.path,
}))
"""


PROXIED = {"Host": PRODUCTION_HOST, "X-Forwarded-Proto": "https"}


def _get(port: int, path: str):
    """GET through a pretend HTTPS proxy: the production host name and X-Forwarded-Proto."""
    request = urllib.request.Request(f"http://127.0.0.1:{port}{path}", headers=PROXIED)
    with urllib.request.urlopen(request, timeout=10) as response:
        return response.status, response.headers, response.read()


@pytest.mark.postgres
def test_gunicorn_serves_the_public_pages_on_postgresql_with_production_settings(demo_site, tmp_path):
    # Production as shipped: DEBUG off, a real secret, one host name, https redirect on (the
    # requests come "through the proxy"), static files collected and served by whitenoise.
    env = _site_env(tmp_path, demo_site["url"], demo_site["media"], demo_site["private_media"])
    assert "DJANGO_SECURE_SSL_REDIRECT" not in env
    collected = _run([sys.executable, "manage.py", "collectstatic", "--noinput"], env, timeout=120)
    assert collected.returncode == 0, collected.stderr
    shown = _run([sys.executable, "-c", DEMO_ADDRESSES], env)
    assert shown.returncode == 0, shown.stderr
    demo = json.loads(shown.stdout)

    log_path = tmp_path / "gunicorn.log"
    with running_gunicorn(env, log_path=log_path, args=("--workers", "2"), ready_headers=PROXIED) as (port, _server):
        status, _headers, body = _get(port, "/healthz")
        assert (status, json.loads(body)["database"]) == (200, "ok")

        pages = {}
        for path in ("/", demo["item"], demo["decisions"], demo["decision"], demo["submit"]):
            status, headers, body = _get(port, path)
            assert status == 200, path
            assert headers["Content-Type"].startswith("text/html")
            assert "Content-Security-Policy" in headers
            pages[path] = body.decode("utf-8")
        assert demo["title"] in pages[demo["item"]]

        css = re.search(r'<link rel="stylesheet" href="([^"]+)"', pages["/"]).group(1)
        assert re.search(r"/static/css/site\.[0-9a-f]{12}\.css$", css), css  # the manifest's hashed name
        status, headers, body = _get(port, css)
        assert status == 200
        assert headers["Content-Type"].startswith("text/css")
        assert "immutable" in headers["Cache-Control"]
        assert body

        status, headers, body = _get(port, demo["attachment"])
        assert status == 200
        assert body == Path(demo["attachment_file"]).read_bytes()

        # The container's health check, against this server.
        probe = _run(
            [sys.executable, str(HEALTHCHECK), f"http://127.0.0.1:{port}/healthz"],
            _clean_env(DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST),
        )
        assert probe.returncode == 0, probe.stderr
    assert "Traceback" not in log_path.read_text()
