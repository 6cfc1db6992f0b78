#!/bin/sh
# Restore a backup made by docker/backup.sh: the database into DATABASE_URL and the two upload
# folders into DJANGO_MEDIA_ROOT and DJANGO_PRIVATE_MEDIA_ROOT. Usage:
#   docker/restore.sh --yes BACKUP_FOLDER
# Environment: DATABASE_URL (postgres://…, an existing database: the portal's tables in it are
# dropped and recreated; the pg_restore on PATH must be at least the dump's version),
# DJANGO_MEDIA_ROOT and DJANGO_PRIVATE_MEDIA_ROOT (created when missing; files already there are
# kept, the backup's files overwrite those of the same name), as in portal/settings.py.
#
# Stop the web and scheduler processes first. The checksums are verified before anything is
# touched; the database is restored in one transaction (--single-transaction: on any error nothing
# is changed), owned by the connecting user (--no-owner --no-privileges). Tested by
# tests/test_deploy.py::test_backup_restores_into_an_empty_database_and_new_folders.
set -eu

project=$(cd "$(dirname "$0")/.." && pwd)

log() {
    echo "restore: $*" >&2
}

fail() {
    log "$*"
    exit 1
}

usage() {
    echo "usage: $0 --yes BACKUP_FOLDER   (DATABASE_URL, DJANGO_MEDIA_ROOT, DJANGO_PRIVATE_MEDIA_ROOT from the environment)" >&2
}

libpq_url() {
    case "$1" in
        postgres://* | postgresql://*) echo "$1" ;;
        pgsql://* | psql://*) echo "postgresql://${1#*://}" ;;
        *) fail "DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/name)" ;;
    esac
}

shown_url() {
    echo "$1" | sed 's#://\([^:@/]*\):[^@/]*@#://\1:***@#'
}

# extract NAME FOLDER: NAME.tar.gz into FOLDER.
extract() {
    mkdir -p "$2"
    if [ -n "$(ls -A "$2")" ]; then
        log "note: $2 is not empty; its files stay, those of the same name are overwritten"
    fi
    tar -xzf "$backup/$1.tar.gz" -C "$2"
}

confirmed=0
while [ "$#" -gt 0 ]; do
    case "$1" in
        --yes)
            confirmed=1
            shift
            ;;
        -h | --help)
            usage
            exit 0
            ;;
        -*)
            usage
            exit 64
            ;;
        *) break ;;
    esac
done
[ "$#" -eq 1 ] || { usage; exit 64; }
backup=$1

[ -n "${DATABASE_URL:-}" ] || fail "DATABASE_URL is not set"
url=$(libpq_url "$DATABASE_URL")
media=${DJANGO_MEDIA_ROOT:-$project/media}
private_media=${DJANGO_PRIVATE_MEDIA_ROOT:-$project/private-media}
command -v pg_restore >/dev/null || fail "pg_restore not found (Debian: apt-get install postgresql-client)"

for name in database.dump media.tar.gz private-media.tar.gz; do
    [ -f "$backup/$name" ] || fail "$backup/$name is missing: not a backup made by docker/backup.sh"
done
if [ "$confirmed" -ne 1 ]; then
    log "this replaces the database $(shown_url "$url") and writes into $media and $private_media;"
    log "run again with --yes to go ahead"
    exit 64
fi
if [ -f "$backup/SHA256SUMS" ]; then
    (cd "$backup" && sha256sum --check --quiet SHA256SUMS) || fail "$backup: checksums do not match"
else
    log "warning: no SHA256SUMS in $backup; not verified"
fi

log "database $backup/database.dump -> $(shown_url "$url")"
pg_restore --clean --if-exists --no-owner --no-privileges --single-transaction --exit-on-error \
    --dbname="$url" "$backup/database.dump"
log "media.tar.gz -> $media"
extract media "$media"
log "private-media.tar.gz -> $private_media"
extract private-media "$private_media"
log "done; start the portal (its entrypoint migrates if the code is newer than the backup)"
