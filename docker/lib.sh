# Shared by docker/backup.sh and docker/restore.sh, which source it after defining log().

fail() {
    log "$*"
    exit 1
}

# A URL libpq accepts (django-environ also knows pgsql:// and psql://).
libpq_url() {
    case "$1" in
        postgres://* | postgresql://*) echo "$1" ;;
        pgsql://* | psql://*) echo "postgresql://${1#*://}" ;;
        *) fail "DATABASE_URL must be a PostgreSQL URL (postgres://user:password@host:5432/name)" ;;
    esac
}

# The URL without its password, for the log.
shown_url() {
    echo "$1" | sed 's#://\([^:@/]*\):[^@/]*@#://\1:***@#'
}
