"""Settings and deployment: production checks, settings from the environment, the container
entrypoint, gunicorn, and the files that document them.

Most tests run Django in a subprocess with an environment of its own (DJANGO_SETTINGS_MODULE=
portal.settings and its own DATABASE_URL in tmp_path), so they never touch the test database and
pass the same whether the suite runs on SQLite or PostgreSQL.
"""

import json
import os
import re
import secrets
import sqlite3
import string
import subprocess
import sys
import urllib.error
import urllib.request
from pathlib import Path

import pytest

from tests.utils import BIN, ROOT, free_port, running_gunicorn

ENTRYPOINT = ROOT / "docker" / "entrypoint.sh"
PRODUCTION_HOST = "gk.example.gov.cn"

# Prints the settings a deployment cares about, without opening a database connection.
SHOW_SETTINGS = """
import json

import django
from django.conf import settings

django.setup()
db = settings.DATABASES["default"]
cache = settings.CACHES["default"]
print(json.dumps({
    "engine": db["ENGINE"], "name": str(db["NAME"]), "host": db["HOST"], "port": db["PORT"],
    "cache": cache["BACKEND"], "cache_location": cache.get("LOCATION"), "debug": settings.DEBUG,
}))
"""


def _clean_env(**overrides):
    """This process's environment without the project's variables, plus `overrides`.

    tests/settings.py puts a test secret key and relaxed HTTPS settings into os.environ, and the
    run may have DATABASE_URL/REDIS_URL set: none of that may leak into a "production" subprocess.
    """
    env = {
        name: value
        for name, value in os.environ.items()
        if not name.startswith("DJANGO_") and name not in {"DATABASE_URL", "REDIS_URL", "WEB_CONCURRENCY"}
    }
    env["PATH"] = f"{BIN}{os.pathsep}{env.get('PATH', '')}"
    env["DJANGO_SETTINGS_MODULE"] = "portal.settings"
    env.update(overrides)
    return env


def _production_env(tmp_path, **overrides):
    alphabet = string.ascii_letters + string.digits + "!@#%^&*(-_=+)"
    production = {
        "DJANGO_DEBUG": "0",
        "DJANGO_SECRET_KEY": "".join(secrets.choice(alphabet) for _ in range(60)),
        "DJANGO_ALLOWED_HOSTS": PRODUCTION_HOST,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'db.sqlite3'}",
        "DJANGO_MEDIA_ROOT": str(tmp_path / "media"),
        "DJANGO_STATIC_ROOT": str(tmp_path / "staticfiles"),
    }
    return _clean_env(**{**production, **overrides})


def _run(args, env, timeout=60):
    return subprocess.run(args, cwd=ROOT, env=env, capture_output=True, text=True, timeout=timeout)


def _manage(*args, env):
    return _run([sys.executable, "manage.py", *args], env)


def _show_settings(env):
    result = _run([sys.executable, "-c", SHOW_SETTINGS], env)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


def _dotenv_sets(name):
    """Whether the project's optional .env file (read by settings.py) sets `name`."""
    dotenv = ROOT / ".env"
    if not dotenv.exists():
        return False
    return re.search(rf"^\s*(export\s+)?{name}\s*=", dotenv.read_text(encoding="utf-8"), re.M) is not None


def test_check_deploy_reports_no_issues_in_production(tmp_path):
    result = _manage("check", "--deploy", "--fail-level", "WARNING", env=_production_env(tmp_path))
    assert result.returncode == 0, result.stdout + result.stderr
    assert "System check identified no issues" in result.stdout


@pytest.mark.parametrize("secret", [None, ""], ids=["unset", "empty"])
def test_production_without_secret_key_fails_fast(tmp_path, secret):
    if secret is None and _dotenv_sets("DJANGO_SECRET_KEY"):
        pytest.skip("the project's .env sets DJANGO_SECRET_KEY")
    env = _production_env(tmp_path)
    del env["DJANGO_SECRET_KEY"]
    if secret is not None:
        env["DJANGO_SECRET_KEY"] = secret
    result = _manage("check", env=env)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_database_and_cache_come_from_the_environment(tmp_path):
    env = _production_env(tmp_path, DATABASE_URL="postgres://u:p@h:5433/dbname", REDIS_URL="redis://127.0.0.1:6379/1")
    shown = _show_settings(env)
    assert shown["engine"] == "django.db.backends.postgresql"
    assert (shown["name"], shown["host"], int(shown["port"])) == ("dbname", "h", 5433)
    assert shown["cache"] == "django.core.cache.backends.redis.RedisCache"
    assert shown["cache_location"] == "redis://127.0.0.1:6379/1"
    assert shown["debug"] is False


def test_without_database_url_the_database_is_a_sqlite_file_in_the_project_folder():
    if _dotenv_sets("DATABASE_URL") or _dotenv_sets("REDIS_URL"):
        pytest.skip("the project's .env sets DATABASE_URL or REDIS_URL")
    shown = _show_settings(_clean_env(DJANGO_DEBUG="1"))  # only reads settings: no file is created
    assert shown["engine"] == "django.db.backends.sqlite3"
    assert Path(shown["name"]) == ROOT / "db.sqlite3"
    assert shown["cache"] == "django.core.cache.backends.locmem.LocMemCache"


def test_env_example_lists_every_variable_settings_read():
    source = (ROOT / "portal" / "settings.py").read_text(encoding="utf-8")
    read = set(re.findall(r"\benv(?:\.\w+)?\(\s*\"([A-Z][A-Z0-9_]*)\"", source))
    assert {"DJANGO_SECRET_KEY", "DATABASE_URL", "REDIS_URL"} <= read  # the pattern still matches
    example = (ROOT / ".env.example").read_text(encoding="utf-8")
    listed = set(re.findall(r"^#?\s*([A-Z][A-Z0-9_]*)=", example, re.M))
    assert read - listed == set()


def test_collectstatic_works_with_the_production_storage(tmp_path):
    # The Dockerfile's build step: no database, a throwaway key, whitenoise's manifest storage.
    env = _production_env(tmp_path)
    result = _manage("collectstatic", "--noinput", env=env)
    assert result.returncode == 0, result.stdout + result.stderr
    assert (tmp_path / "staticfiles" / "staticfiles.json").exists()


def test_entrypoint_is_an_executable_shell_script():
    assert os.access(ENTRYPOINT, os.X_OK)
    for shell in ("bash", "sh"):
        result = _run([shell, "-n", str(ENTRYPOINT)], _clean_env())
        assert result.returncode == 0, result.stderr


def test_entrypoint_waits_for_sqlite_then_runs_the_command_without_migrating(tmp_path):
    env = _production_env(tmp_path, DJANGO_SKIP_MIGRATE="1")
    result = _run([str(ENTRYPOINT), "echo", "started"], env)
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "started"
    with sqlite3.connect(tmp_path / "db.sqlite3") as db:
        assert db.execute("SELECT name FROM sqlite_master WHERE name = 'django_migrations'").fetchone() is None


def test_entrypoint_migrates_before_the_command(tmp_path):
    env = _production_env(tmp_path)
    result = _run([str(ENTRYPOINT), "python", "manage.py", "showmigrations", "disclosures"], env)
    assert result.returncode == 0, result.stderr
    assert "[X] 0001_initial" in result.stdout
    assert "[ ]" not in result.stdout


def test_entrypoint_stops_at_once_when_settings_do_not_load(tmp_path):
    env = _production_env(tmp_path, DJANGO_SECRET_KEY="")
    result = _run([str(ENTRYPOINT), "echo", "started"], env, timeout=15)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "DJANGO_SECRET_KEY" in result.stderr


def test_entrypoint_gives_up_on_an_unreachable_database(tmp_path):
    env = _production_env(
        tmp_path, DATABASE_URL=f"postgres://nobody@127.0.0.1:{free_port()}/x", DJANGO_DB_WAIT_SECONDS="1"
    )
    result = _run([str(ENTRYPOINT), "echo", "started"], env, timeout=30)
    assert result.returncode != 0
    assert "started" not in result.stdout
    assert "database still unreachable" in result.stderr


def test_gunicorn_serves_healthz_with_production_settings(tmp_path):
    env = _production_env(tmp_path, DJANGO_SECURE_SSL_REDIRECT="0")
    migrated = _manage("migrate", "--noinput", env=env)
    assert migrated.returncode == 0, migrated.stderr
    host = {"Host": PRODUCTION_HOST}
    with running_gunicorn(env, log_path=tmp_path / "gunicorn.log", ready_headers=host) as (port, _server):
        # The production host name: a request for 127.0.0.1 would be refused by ALLOWED_HOSTS.
        request = urllib.request.Request(f"http://127.0.0.1:{port}/healthz", headers=host)
        with urllib.request.urlopen(request, timeout=5) as response:
            status, headers, body = response.status, response.headers, response.read()
        # The container's health check (docker-compose.yml) passes against it too.
        probe = _run(
            [sys.executable, str(ROOT / "docker" / "healthcheck.py"), f"http://127.0.0.1:{port}/healthz"],
            _clean_env(DJANGO_ALLOWED_HOSTS=PRODUCTION_HOST),
        )
    assert status == 200
    assert json.loads(body)["database"] == "ok"
    assert probe.returncode == 0, probe.stderr
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["X-Frame-Options"] == "DENY"


@pytest.mark.django_db
def test_behind_a_proxy_https_is_recognised_by_x_forwarded_proto(client, settings):
    settings.SECURE_SSL_REDIRECT = True
    settings.SECURE_HSTS_SECONDS = 31536000
    plain = client.get("/healthz")
    assert plain.status_code == 301
    assert plain["Location"].startswith("https://")
    proxied = client.get("/healthz", headers={"X-Forwarded-Proto": "https"})
    assert proxied.status_code == 200
    assert "max-age=31536000" in proxied["Strict-Transport-Security"]


def test_manage_py_in_an_unconfigured_checkout_runs_in_development_mode(tmp_path):
    if _dotenv_sets("DJANGO_SECRET_KEY"):
        pytest.skip("a local .env sets DJANGO_SECRET_KEY")
    env = _clean_env(DATABASE_URL=f"sqlite:///{tmp_path / 'dev.sqlite3'}")
    result = _manage("check", env=env)
    assert result.returncode == 0, result.stderr
    assert "System check identified no issues" in result.stdout


def test_manage_py_with_a_secret_stays_in_production_mode(tmp_path):
    env = _production_env(tmp_path)
    del env["DJANGO_DEBUG"]
    result = _run(
        [sys.executable, "manage.py", "shell", "-c", "from django.conf import settings; print(settings.DEBUG)"], env
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip().splitlines()[-1] == "False"
