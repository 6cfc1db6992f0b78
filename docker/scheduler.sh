#!/bin/sh
# The portal's daily jobs, without cron (the slim image has none): sleep until the next run time,
# run the management commands one after the other, log each run, and start over. Started through
# docker/entrypoint.sh (docker-compose.yml's `scheduler` service), so the database is up first;
# DJANGO_SKIP_MIGRATE=1 there leaves migrating to `web`. Environment:
#   SCHEDULER_DAILY_AT   HH:MM or HH:MM:SS, the wall-clock time of the daily run (default 07:30)
#   SCHEDULER_TZ         the time zone of SCHEDULER_DAILY_AT (default Asia/Shanghai, the portal's TIME_ZONE)
#   SCHEDULER_COMMANDS   manage.py commands separated by ";", run in this order
#                        (default "send_deadline_reminders; clearsessions; purge_personal_data")
#   PYTHON               the interpreter (default: python on PATH)
# A failing command is logged and the next one still runs; the loop goes on to the next day. A run
# missed while the container was down is not caught up (all default commands are safe to run by
# hand: `docker compose exec scheduler python manage.py send_deadline_reminders`; purge_personal_data
# catches up by itself, it purges whatever has come due since it last ran). SIGTERM or SIGINT
# stops the loop at once: a command that is running gets SIGTERM too, and the script exits 0.
set -u

# Run from the project folder (the parent of docker/), wherever we were started from.
cd "$(dirname "$0")/.."

PYTHON="${PYTHON:-python}"
DAILY_AT="${SCHEDULER_DAILY_AT:-07:30}"
SCHEDULE_TZ="${SCHEDULER_TZ:-Asia/Shanghai}"
COMMANDS="${SCHEDULER_COMMANDS:-send_deadline_reminders; clearsessions; purge_personal_data}"

log() {
    echo "scheduler: $(TZ="$SCHEDULE_TZ" date '+%Y-%m-%d %H:%M:%S %Z'): $*" >&2
}

# "07" -> 7: shell arithmetic would read a leading zero as octal.
decimal() {
    set -- "${1#"${1%%[!0]*}"}"
    echo "${1:-0}"
}

# Seconds of the day of HH:MM[:SS].
seconds_of_day() {
    old_ifs=$IFS
    IFS=:
    # shellcheck disable=SC2086  # split on ":" on purpose
    set -- $1
    IFS=$old_ifs
    echo $(( $(decimal "$1") * 3600 + $(decimal "$2") * 60 + $(decimal "${3:-0}") ))
}

case "$DAILY_AT" in
    [0-2][0-9]:[0-5][0-9] | [0-2][0-9]:[0-5][0-9]:[0-5][0-9]) ;;
    *)
        log "SCHEDULER_DAILY_AT must be HH:MM or HH:MM:SS, not '$DAILY_AT'"
        exit 64
        ;;
esac
target=$(seconds_of_day "$DAILY_AT")
if [ "$target" -ge 86400 ]; then
    log "SCHEDULER_DAILY_AT must be a time of day (00:00 to 23:59:59), not '$DAILY_AT'"
    exit 64
fi
# Without the zone file `date` silently falls back to UTC: the jobs would run hours off.
if [ ! -f "${TZDIR:-/usr/share/zoneinfo}/$SCHEDULE_TZ" ]; then
    log "unknown time zone '$SCHEDULE_TZ' (SCHEDULER_TZ): no ${TZDIR:-/usr/share/zoneinfo}/$SCHEDULE_TZ (is tzdata installed?)"
    exit 64
fi

# Seconds from now to the next SCHEDULER_DAILY_AT (a day on a daylight-saving change may be an hour
# off; Asia/Shanghai has none).
seconds_until_next_run() {
    now=$(seconds_of_day "$(TZ="$SCHEDULE_TZ" date +%H:%M:%S)")
    wait_seconds=$(( target - now ))
    [ "$wait_seconds" -gt 0 ] || wait_seconds=$(( wait_seconds + 86400 ))
    echo "$wait_seconds"
}

stopping=0
child=""

stop() {
    stopping=1
    log "received $1: stopping"
    [ -z "$child" ] || kill -TERM "$child" 2>/dev/null || :
}
trap 'stop SIGTERM' TERM
trap 'stop SIGINT' INT

# Run "$@" in the background and wait for it (a trapped signal interrupts `wait`, a foreground
# command would delay the trap until it ends). Sets $status to its exit status.
run_child() {
    status=0
    [ "$stopping" = 0 ] || return 0
    "$@" &
    child=$!
    # A signal between the fork and the line above found no child to pass SIGTERM to.
    [ "$stopping" = 0 ] || kill -TERM "$child" 2>/dev/null || :
    wait "$child" || status=$?
    # Interrupted by the trap, which passed SIGTERM on: wait until the child has gone.
    while [ "$stopping" = 1 ] && kill -0 "$child" 2>/dev/null; do
        wait "$child" || status=$?
    done
    child=""
}

run_commands() {
    old_ifs=$IFS
    IFS=";"
    set -f
    # shellcheck disable=SC2086  # split on ";" on purpose, without globbing
    set -- $COMMANDS
    set +f
    IFS=$old_ifs
    for command in "$@"; do
        [ "$stopping" = 0 ] || return 0
        set -f
        # shellcheck disable=SC2086  # one command's words: name and options
        set -- $command
        set +f
        [ "$#" -gt 0 ] || continue
        log "running: manage.py $*"
        started=$(date +%s)
        run_child "$PYTHON" manage.py "$@"
        elapsed=$(( $(date +%s) - started ))
        if [ "$status" -eq 0 ]; then
            log "finished: manage.py $* (${elapsed}s)"
        elif [ "$stopping" = 1 ]; then
            log "interrupted: manage.py $* (${elapsed}s)"
        else
            log "FAILED (exit status $status): manage.py $* (${elapsed}s); carrying on"
        fi
    done
}

log "running manage.py '$COMMANDS' daily at $DAILY_AT ($SCHEDULE_TZ)"
while [ "$stopping" = 0 ]; do
    wait_seconds=$(seconds_until_next_run)
    log "next run at $DAILY_AT, in ${wait_seconds}s"
    run_child sleep "$wait_seconds"
    [ "$stopping" = 0 ] || break
    run_commands
done
log "stopped"
exit 0
