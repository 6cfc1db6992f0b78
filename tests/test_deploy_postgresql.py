"""Deployment on PostgreSQL with production settings: backup and restore round trips, and gunicorn serving the public pages."""

import contextlib
import hashlib
import json
import re
import secrets
import shutil
import sys
import urllib.error
import urllib.parse
import urllib.request
from pathlib import Path

import pytest
from django.conf import settings

from tests.deploy_helpers import BACKUP, HEALTHCHECK, RESTORE
from tests.test_settings import PRODUCTION_HOST, _clean_env, _production_env, _run
from tests.utils import free_port, running_gunicorn

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
