#!/bin/sh
# Back up the portal: the PostgreSQL database and both upload folders, into a new folder
#   TARGET/<UTC time, e.g. 20260131T020000Z>/
#       database.dump          pg_dump --format=custom (compressed; pg_restore can pick tables)
#       media.tar.gz           DJANGO_MEDIA_ROOT: attachments of the public record
#       private-media.tar.gz   DJANGO_PRIVATE_MEDIA_ROOT: requesters' identity documents (personal data)
#       MANIFEST  SHA256SUMS   what was backed up from where; checksums that docker/restore.sh verifies
# and print that folder's path on stdout. Usage:
#   docker/backup.sh [TARGET]            (default: $BACKUP_DIR, else <project>/backups)
# Environment: DATABASE_URL (postgres://…, required; the pg_dump on PATH must be at least the
# server's major version), DJANGO_MEDIA_ROOT and DJANGO_PRIVATE_MEDIA_ROOT (defaults as in
# portal/settings.py). With Compose: `docker compose run --rm backup` (docker-compose.yml).
#
# The database is dumped first and the files archived after it, so every file a dumped row names
# is in the archive (a file uploaded in between is an unused extra; GNU tar's "file changed as we
# read it", exit status 1, is therefore only a warning). Everything is written readable by its
# owner only (umask 077) into TARGET/<time>.<pid>.partial, which gets the final name only when
# complete: a run that fails or is stopped (SIGINT, SIGTERM: Ctrl-C, `docker stop`)
# removes it and exits non-zero, and two runs started in the same second do not touch each other's
# files (the second finds the name taken and fails). Only SIGKILL or a crash can leave a .partial
# folder behind. Restore with docker/restore.sh; the round trip is tested by
# tests/test_deploy_postgresql.py::test_backup_restores_into_an_empty_database_and_new_folders.
set -eu
umask 077

project=$(cd "$(dirname "$0")/.." && pwd)

log() {
    echo "backup: $*" >&2
}

. "$(dirname "$0")/lib.sh"

usage() {
    echo "usage: $0 [TARGET]   (DATABASE_URL, DJANGO_MEDIA_ROOT, DJANGO_PRIVATE_MEDIA_ROOT from the environment)" >&2
}

# Run "$@" in the background and wait for it: a trapped signal interrupts `wait` at once (a
# foreground command would delay the trap until it ends), and the trap stops the command too.
# Sets $status to its exit status.
run() {
    status=0
    "$@" &
    child=$!
    wait "$child" || status=$?
    child=""
}

# SIGINT or SIGTERM: stop the running command, wait for it to let go of its files, and exit
# non-zero, which makes the EXIT trap remove the unfinished folder. (dash runs no EXIT trap when
# a signal without a trap kills it.)
stop() {
    trap '' INT TERM
    log "received $1: stopping; nothing is kept"
    if [ -n "$child" ]; then
        kill -TERM "$child" 2>/dev/null || :
        wait "$child" 2>/dev/null || :
    fi
    exit "$2"
}

# archive NAME FOLDER: FOLDER's contents into NAME.tar.gz (an empty archive when FOLDER is missing).
# GNU tar exits 1 when a file changed while it was read (an upload in progress): the archive is
# complete otherwise, so that is a warning; 2 and above is a failure.
archive() {
    if [ -d "$2" ]; then
        run tar -czf "$work/$1.tar.gz" -C "$2" .
    else
        log "warning: $2 does not exist; $1.tar.gz is empty"
        mkdir "$work/.empty"
        run tar -czf "$work/$1.tar.gz" -C "$work/.empty" .
        rmdir "$work/.empty"
    fi
    case "$status" in
        0) ;;
        1) log "warning: files in $2 changed while they were archived (tar exit status 1); kept as read" ;;
        *) fail "tar failed (exit status $status) on $2" ;;
    esac
}

case "${1:-}" in
    -h | --help)
        usage
        exit 0
        ;;
    -*)
        usage
        exit 64
        ;;
esac
[ "$#" -le 1 ] || { usage; exit 64; }

[ -n "${DATABASE_URL:-}" ] || fail "DATABASE_URL is not set"
url=$(libpq_url "$DATABASE_URL")
media=${DJANGO_MEDIA_ROOT:-$project/media}
private_media=${DJANGO_PRIVATE_MEDIA_ROOT:-$project/private-media}
target=${1:-${BACKUP_DIR:-$project/backups}}
command -v pg_dump >/dev/null || fail "pg_dump not found (Debian: apt-get install postgresql-client)"

stamp=$(date -u +%Y%m%dT%H%M%SZ)
folder="$target/$stamp"
# Unique to this run: another run started in the same second has a .partial folder of its own.
work="$folder.$$.partial"
[ ! -e "$folder" ] || fail "$folder exists already"
mkdir -p "$target"
child=""
# Set before the folder is made, so that no moment is left without them.
trap 'status=$?; [ "$status" -eq 0 ] || rm -rf "$work"' EXIT
trap 'stop SIGINT 130' INT
trap 'stop SIGTERM 143' TERM
mkdir "$work"

log "database $(shown_url "$url") -> $folder/database.dump"
run pg_dump --format=custom --file="$work/database.dump" --dbname="$url"
[ "$status" -eq 0 ] || fail "pg_dump failed (exit status $status)"
log "media $media -> media.tar.gz"
archive media "$media"
log "private media $private_media -> private-media.tar.gz"
archive private-media "$private_media"

{
    echo "created_utc=$stamp"
    echo "database=$(shown_url "$url")"
    echo "media_root=$media"
    echo "private_media_root=$private_media"
    echo "pg_dump=$(pg_dump --version)"
} >"$work/MANIFEST"
(cd "$work" && sha256sum database.dump media.tar.gz private-media.tar.gz MANIFEST >SHA256SUMS)

# mv -T renames, or fails when a run of the same second took the name first (it never moves the
# folder into the other one).
mv -T "$work" "$folder" || fail "could not name the backup $folder (another backup of the same second?)"
log "done: $folder ($(du -sh "$folder" | cut -f1))"
echo "$folder"
