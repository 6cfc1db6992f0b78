#!/bin/sh
# Restore a backup made by docker/backup.sh: the database into DATABASE_URL and the two upload
# folders into DJANGO_MEDIA_ROOT and DJANGO_PRIVATE_MEDIA_ROOT. Usage:
#   docker/restore.sh --yes BACKUP_FOLDER
# Environment: DATABASE_URL (postgres://…, an existing database of the portal's own, and the user
# the portal connects as: the schema public is dropped and made again, owned by that user, with
# everything in it; the pg_restore on PATH must be at least the dump's version, psql is needed
# too), DJANGO_MEDIA_ROOT and DJANGO_PRIVATE_MEDIA_ROOT (created when missing; files already there
# are kept, the backup's files overwrite those of the same name), as in portal/settings.py.
#
# Stop the web and scheduler processes first. The checksums are verified before anything is
# touched. The database is replaced in one transaction: DROP SCHEMA public CASCADE, CREATE SCHEMA
# public, then the dump (pg_restore --no-owner --no-privileges as SQL into psql), and COMMIT only
# once pg_restore has read the whole dump. So a database migrated past the backup (an upgrade to go
# back from) comes back exactly as backed up, without the newer tables, and on any error (an
# unreadable dump, a failed statement, a lock held for 30 s) the database stays as it was. The
# user must own the schema public: on PostgreSQL 15 and later the database's owner does (and a
# schema made by this script is its own); on older servers run `ALTER SCHEMA public OWNER TO <user>`
# once as a superuser. Tested by tests/test_deploy_postgresql.py (test_backup_restores_into_…,
# test_restore_goes_back_from_a_newer_schema…, test_restore_that_fails_halfway_…).
set -eu

project=$(cd "$(dirname "$0")/.." && pwd)

log() {
    echo "restore: $*" >&2
}

. "$(dirname "$0")/lib.sh"

usage() {
    echo "usage: $0 --yes BACKUP_FOLDER   (DATABASE_URL, DJANGO_MEDIA_ROOT, DJANGO_PRIVATE_MEDIA_ROOT from the environment)" >&2
}

# restore_database DUMP: replace everything in the schema public with DUMP, in one transaction.
# COMMIT is sent only when pg_restore has written out the whole dump (a dump that breaks off
# halfway must not commit the half that came through); any error stops psql (ON_ERROR_STOP), and
# psql ending without COMMIT rolls the transaction back. The line psql echoes after a COMMIT that
# succeeded is the proof that the database was replaced.
restore_database() {
    committed=$(
        {
            echo "SET client_min_messages = warning;"
            echo "SET lock_timeout = '30s';"
            echo "BEGIN;"
            echo "DROP SCHEMA IF EXISTS public CASCADE;"
            echo "CREATE SCHEMA public;"
            if pg_restore --no-owner --no-privileges --exit-on-error --file=- "$1"; then
                echo "COMMIT;"
                printf '%s\n' '\echo committed'
            fi
        } | psql --no-psqlrc --quiet --set=ON_ERROR_STOP=1 --output=/dev/null --dbname="$url"
    ) || :
    [ "$committed" = committed ] || fail "the database was not restored (the error is above); it is unchanged"
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
command -v psql >/dev/null || fail "psql not found (Debian: apt-get install postgresql-client)"

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
restore_database "$backup/database.dump"
log "media.tar.gz -> $media"
extract media "$media"
log "private-media.tar.gz -> $private_media"
extract private-media "$private_media"
log "done; start the portal (its entrypoint migrates if the code is newer than the backup)"
