"""Deployment: the Compose file and the Dockerfile, checked as files, and the scripts of docker/."""

import json
import os
import re
import subprocess
from pathlib import Path

import pytest

from tests.deploy_helpers import BACKUP, RESTORE, SCHEDULER
from tests.test_settings import _clean_env, _run
from tests.utils import ROOT

COMPOSE_FILE = ROOT / "docker-compose.yml"
DOCKERFILE = ROOT / "Dockerfile"


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
