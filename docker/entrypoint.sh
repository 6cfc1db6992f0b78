#!/bin/sh
# Entrypoint of the portal's container: wait for the database, migrate, then run the command
# (gunicorn by default, see the Dockerfile's CMD). Environment:
#   DJANGO_DB_WAIT_SECONDS  how long to wait for the database before giving up (default 60)
#   DJANGO_SKIP_MIGRATE=1   skip `migrate` (extra replicas, one-off commands)
#   DJANGO_LOAD_DEMO=1      run `load_demo` after migrating (demo and staging sites only)
#   PYTHON                  the interpreter to use (default: python on PATH)
set -eu

# Run from the project folder (the parent of docker/), wherever we were started from.
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python}"
export DJANGO_SETTINGS_MODULE="${DJANGO_SETTINGS_MODULE:-portal.settings}"

log() {
    echo "entrypoint: $*" >&2
}

# Exit 0 when the database accepts a connection, 1 when it does not (yet), 3 when the settings
# themselves are broken (e.g. no DJANGO_SECRET_KEY): waiting would not help then.
db_probe='
import sys

import django

try:
    django.setup()
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(3)

from django.db import connection

try:
    connection.ensure_connection()
except Exception as exc:
    print(f"{type(exc).__name__}: {exc}", file=sys.stderr)
    sys.exit(1)
'

wait_for_db() {
    wait_seconds="${DJANGO_DB_WAIT_SECONDS:-60}"
    deadline=$(( $(date +%s) + wait_seconds ))
    attempt=1
    while :; do
        status=0
        error=$("$PYTHON" -c "$db_probe" 2>&1) || status=$?
        if [ "$status" -eq 0 ]; then
            [ "$attempt" -eq 1 ] || log "database is up"
            return 0
        fi
        if [ "$status" -eq 3 ]; then
            log "the settings do not load: $error"
            exit 1
        fi
        if [ "$(date +%s)" -ge "$deadline" ]; then
            log "database still unreachable after ${wait_seconds}s (DJANGO_DB_WAIT_SECONDS); last error:"
            log "$error"
            exit 1
        fi
        log "waiting for the database (attempt $attempt): $(printf '%s' "$error" | head -n 1)"
        attempt=$((attempt + 1))
        sleep 2
    done
}

wait_for_db

if [ "${DJANGO_SKIP_MIGRATE:-0}" = "1" ]; then
    log "DJANGO_SKIP_MIGRATE=1: not migrating"
else
    log "applying migrations"
    "$PYTHON" manage.py migrate --noinput
    # A new chinesecalendar release may know a year that was provisional: refresh derived deadlines.
    "$PYTHON" manage.py recompute_deadlines
fi

if [ "${DJANGO_LOAD_DEMO:-0}" = "1" ]; then
    log "DJANGO_LOAD_DEMO=1: loading demo data"
    "$PYTHON" manage.py load_demo
fi

if [ "$#" -eq 0 ]; then
    log "no command given"
    exit 64
fi
exec "$@"
