"""gunicorn's settings, read from ./gunicorn.conf.py in the directory it starts in (/app in the image).

The address stays on the command line (`--bind`), and the number of workers comes from the
WEB_CONCURRENCY environment variable, which gunicorn reads itself; neither is set here.

What is set here: gunicorn's own logs pass through the filter Django's logs pass through
(common/logs.py), because an access log line holds the URL with its query string (and the
Referer): a visitor who searches for a phone or ID number puts it there, and a staff member's
calendar app fetches /apply/calendar/<secret token>.ics, whose token the filter masks as it masks
other secrets in URLs (set-password links, token= and sig= parameters). The filter rewrites the
finished line (the access log format's atoms filled in), so it holds for any access_log_format.
The access log goes to standard output and
the error log to standard error (the container's log); with this configuration the access log is
always written, with or without `--access-logfile -`.
"""

logconfig_dict = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {"personal_data": {"()": "common.logs.RedactPersonalData"}},
    "formatters": {
        # gunicorn's own formats
        "generic": {
            "format": "%(asctime)s [%(process)d] [%(levelname)s] %(message)s",
            "datefmt": "[%Y-%m-%d %H:%M:%S %z]",
            "class": "logging.Formatter",
        },
        "access": {"format": "%(message)s", "class": "logging.Formatter"},
    },
    "handlers": {
        "console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["personal_data"],
            "stream": "ext://sys.stdout",
        },
        "error_console": {
            "class": "logging.StreamHandler",
            "formatter": "generic",
            "filters": ["personal_data"],
            "stream": "ext://sys.stderr",
        },
        "access_console": {
            "class": "logging.StreamHandler",
            "formatter": "access",
            "filters": ["personal_data"],
            "stream": "ext://sys.stdout",
        },
    },
    "root": {"level": "INFO", "handlers": ["console"]},
    "loggers": {
        # No levels here: gunicorn has set them already (--log-level for the error log).
        "gunicorn.error": {"handlers": ["error_console"], "propagate": False},
        "gunicorn.access": {"handlers": ["access_console"], "propagate": False},
    },
}

# gunicorn 27's control socket ($HOME/.gunicorn/gunicorn.ctl) is not used here: in the image HOME
# is read-only, and two gunicorns on one host would remove each other's socket. (Older gunicorn
# versions ignore the name.)
control_socket_disable = True
