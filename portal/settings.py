"""Settings of the disclosure portal.

One module for every environment: each difference is an environment variable
(listed in .env.example). Without DATABASE_URL the portal runs on an embedded
SQLite file in the project folder; production sets DATABASE_URL, a real
DJANGO_SECRET_KEY and DJANGO_ALLOWED_HOSTS, and leaves DJANGO_DEBUG off.
"""

from pathlib import Path

import environ
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env")  # optional; real environment variables win

DEBUG = env.bool("DJANGO_DEBUG", default=False)

SECRET_KEY = env("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY must be set when DJANGO_DEBUG is off.")
    SECRET_KEY = "dev-only-insecure-key-never-use-in-production"

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["localhost", "127.0.0.1", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django_filters",
    "simple_history",
    "disclosures",
    "applications",
    "reports",
    # Staff accounts and roles; after django.contrib.auth, whose user admin it replaces.
    "staff",
    "demo",
    # Admin login lockout after repeated failures; last, as django-axes asks.
    "axes",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # Content-Security-Policy (django-csp) and Permissions-Policy on every response.
    "csp.middleware.CSPMiddleware",
    "common.middleware.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    # After CommonMiddleware, so the Content-Length it adds counts the converted page.
    "common.middleware.TraditionalChineseMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Read replicas (DATABASE_REPLICA_URLS): where this request reads. After authentication: staff
    # always read the primary. Removes itself when no replica is configured (common/dbrouter.py).
    "common.dbrouter.PinPrimaryAfterWriteMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # Last, as django-axes asks: turns a locked-out login into the lockout page.
    "axes.middleware.AxesMiddleware",
]

AUTHENTICATION_BACKENDS = [
    # First: refuses a locked-out username/address before any password is checked.
    "axes.backends.AxesStandaloneBackend",
    "staff.lockout.UsernameLockoutBackend",
    "django.contrib.auth.backends.ModelBackend",
]

ROOT_URLCONF = "portal.urls"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "portal.context_processors.site",
            ],
        },
    },
]

WSGI_APPLICATION = "portal.wsgi.application"
ASGI_APPLICATION = "portal.asgi.application"

DATABASES = {"default": env.db("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}")}
DATABASES["default"]["CONN_MAX_AGE"] = env.int("DJANGO_CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
    # Page queries are short; JIT compilation costs more (100 ms+) than it saves on them.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("options", "-c jit=off")
    # A database host that does not answer at all must fail fast into the 503 page, not hold the
    # worker until gunicorn kills it; keepalives notice a connection that died silently.
    DATABASES["default"]["OPTIONS"].setdefault("connect_timeout", 3)
    DATABASES["default"]["OPTIONS"].setdefault("keepalives_idle", 30)
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets readers and the one writer work side by side; the timeout waits out short locks.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"timeout": 20, "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;"}
    )
# Read replicas (comma-separated database URLs): anonymous reads go there, everything else and
# every read that follows a write goes to the primary (common/dbrouter.py, docs/scaling.md).
DATABASE_REPLICA_URLS = env.list("DATABASE_REPLICA_URLS", default=[])
for _number, _url in enumerate(DATABASE_REPLICA_URLS, start=1):
    DATABASES[f"replica{_number}"] = {
        **env.db_url_config(_url),
        "CONN_MAX_AGE": DATABASES["default"]["CONN_MAX_AGE"],
        "CONN_HEALTH_CHECKS": True,
        "OPTIONS": dict(DATABASES["default"].get("OPTIONS", {})),
        # Tests read the replica's tables through the primary's connection.
        "TEST": {"MIRROR": "default"},
    }
# After a browser's POST (or other write), its reads stay on the primary this long (read-your-writes).
DATABASE_REPLICA_PIN_SECONDS = env.int("DJANGO_REPLICA_PIN_SECONDS", default=10)
if DATABASE_REPLICA_URLS:
    DATABASE_ROUTERS = ["common.dbrouter.PrimaryReplicaRouter"]
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL = env("REDIS_URL", default="")
if REDIS_URL:
    # Short timeouts: an unreachable Redis must fail fast (the 503 page, /healthz), not hang workers.
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "OPTIONS": {"socket_connect_timeout": 2, "socket_timeout": 2},
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]

LANGUAGE_CODE = "zh-hans"
LANGUAGES = [("zh-hans", _("简体中文")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Shanghai"
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = env.path("DJANGO_STATIC_ROOT", default=BASE_DIR / "staticfiles")
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = env.path("DJANGO_MEDIA_ROOT", default=BASE_DIR / "media")
# Requesters' identity documents: never under MEDIA_ROOT, never given a URL.
PRIVATE_MEDIA_ROOT = Path(env("DJANGO_PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
STORAGES = {
    # Attachments are served through a view that checks the item is published, never from MEDIA_URL.
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
# Attachments of published items: the upper bound of one file, in megabytes.
ATTACHMENT_MAX_MB = env.int("DJANGO_ATTACHMENT_MAX_MB", default=50)

# Security: strict by default, relaxed only by DEBUG or an explicit variable.
SECURE_SSL_REDIRECT = env.bool("DJANGO_SECURE_SSL_REDIRECT", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("DJANGO_SECURE_HSTS_SECONDS", default=0 if DEBUG else 31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("DJANGO_SECURE_HSTS_INCLUDE_SUBDOMAINS", default=not DEBUG)
SECURE_HSTS_PRELOAD = env.bool("DJANGO_SECURE_HSTS_PRELOAD", default=False)
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_SECURE = env.bool("DJANGO_SESSION_COOKIE_SECURE", default=not DEBUG)
CSRF_COOKIE_SECURE = env.bool("DJANGO_CSRF_COOKIE_SECURE", default=not DEBUG)
SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
# A refused CSRF check answers with the portal's Chinese page (its style allowed by the CSP).
CSRF_FAILURE_VIEW = "portal.views.csrf_failure"
# Content-Security-Policy: scripts, styles, fonts and images from this site only; no inline script
# or style, no plugins, no framing. Forms post only here.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
}
# Browser features the portal never uses, switched off for it and anything it embeds.
PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), microphone=(), payment=(), usb=()"
)

# Admin login lockout (django-axes): after AXES_FAILURE_LIMIT wrong passwords for one username from
# one client (an address; an IPv6 client by its /64), that pair is locked out for AXES_COOLOFF_TIME
# hours; after AXES_USERNAME_FAILURE_LIMIT for one username from all addresses together, the username
# is (staff.lockout; 0 turns that off). Attempts are kept in the database, where administrators see
# them (and lift a lockout) in the admin.
AXES_FAILURE_LIMIT = env.int("DJANGO_AXES_FAILURE_LIMIT", default=5)
AXES_USERNAME_FAILURE_LIMIT = env.int("DJANGO_AXES_USERNAME_FAILURE_LIMIT", default=10)
AXES_COOLOFF_TIME = env.float("DJANGO_AXES_COOLOFF_HOURS", default=1.0)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
# A refused attempt during a lockout is not counted: it would restart the lock, which a stranger could
# then keep up for ever with one try an hour.
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = False
AXES_LOCKOUT_TEMPLATE = "axes_lockout.html"
AXES_CLIENT_IP_CALLABLE = "applications.throttle.axes_client_address"
AXES_SENSITIVE_PARAMETERS = ["username", "password"]
# HSTS preload commits the whole registered domain (often a shared .gov.cn) to HTTPS-only lists in
# browsers: the domain owner decides, so its check is silenced unless DJANGO_SECURE_HSTS_PRELOAD is set.
SILENCED_SYSTEM_CHECKS = env.list(
    "DJANGO_SILENCED_SYSTEM_CHECKS", default=[] if SECURE_HSTS_PRELOAD else ["security.W021"]
)

# E-mail: requesters' notices and staff reminders. EMAIL_URL e.g. smtp+tls://user:pass@smtp.example.gov.cn:587.
# Unset (or consolemail://), mails are printed to the console with personal data and secret links
# masked as in the logs (common/mail.py); filemail:// writes them whole under var/mail/ (development;
# a path in the URL is taken relative to the project folder).
_email = env.email_url("EMAIL_URL", default="consolemail://")
if _email["EMAIL_BACKEND"] == "django.core.mail.backends.console.EmailBackend":
    _email["EMAIL_BACKEND"] = "common.mail.RedactingConsoleBackend"
elif _email["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend":
    _email["EMAIL_FILE_PATH"] = str(BASE_DIR / (_email["EMAIL_FILE_PATH"] or "var/mail"))
vars().update(_email)
DEFAULT_FROM_EMAIL = env("DJANGO_DEFAULT_FROM_EMAIL", default="noreply@localhost")
SERVER_EMAIL = DEFAULT_FROM_EMAIL
# Who gets server errors and the daily list of urgent requests without a handler (comma-separated e-mails).
ADMINS = [("", address) for address in env.list("DJANGO_ADMINS", default=[])]

# Audit trail (django-simple-history): readable only with the view permission of the history model
# (given to the 管理员 role), and never reverted or edited through the admin.
SIMPLE_HISTORY_ENFORCE_HISTORY_MODEL_PERMISSIONS = True
SIMPLE_HISTORY_REVERT_DISABLED = True

# The portal's own settings.
PORTAL_SITE_NAME = env("DJANGO_SITE_NAME", default="")
PAGINATE_BY = env.int("DJANGO_PAGINATE_BY", default=20)
# Public pages of the record are cached this long for visitors not logged in (0: off); any change
# to the record drops them at once (common/pagecache.py).
# It needs a cache shared by every process (Redis): with the per-process default, one worker would
# not hear of another's change. So without REDIS_URL it is off unless set.
PUBLIC_PAGE_CACHE_SECONDS = env.int("DJANGO_PUBLIC_PAGE_CACHE_SECONDS", default=300 if REDIS_URL else 0)
# CSV export of a public list (双公示 query, a catalogue category): the most rows one download holds.
EXPORT_MAX_ROWS = env.int("DJANGO_EXPORT_MAX_ROWS", default=50000)
# Identity documents a requester uploads: the upper bound of one file, in megabytes.
REQUEST_ATTACHMENT_MAX_MB = env.int("DJANGO_REQUEST_ATTACHMENT_MAX_MB", default=5)
# Days a closed request keeps its requester's personal data and identity documents, counted from its
# answer (or the conclusion of a later appeal); then `manage.py purge_personal_data` masks them
# (applications/retention.py, docs/personal-data.md). Five years: the longest time after which a
# 行政复议 (行政复议法 Art. 21) or 行政诉讼 (行政诉讼法 Art. 46) about the answer can still be brought.
PERSONAL_DATA_RETENTION_DAYS = env.int("DJANGO_PERSONAL_DATA_RETENTION_DAYS", default=1826)
# The portal's own address, scheme included, without a trailing slash: the requester's e-mails link
# to their status page with it (an e-mail has no page to be relative to). Unset: the links are paths.
SITE_URL = env("DJANGO_SITE_URL", default="").rstrip("/")
# After a lookup (tracking number + code), the minutes this browser may use the request's status
# page: download the reply letter and the released files, send a 补正, withdraw the request.
REQUESTER_ACCESS_SECONDS = env.int("DJANGO_REQUESTER_ACCESS_SECONDS", default=30 * 60)
# Days the released files and the letter PDF stay downloadable after the answer; then the daily
# `manage.py purge_personal_data` removes them (the DOCX stays with the other personal data).
RELEASED_FILES_RETENTION_DAYS = env.int("DJANGO_RELEASED_FILES_RETENTION_DAYS", default=365)
# Upper bound of one file released with an answer, in megabytes, and how many files one answer takes.
RELEASED_FILE_MAX_MB = env.int("DJANGO_RELEASED_FILE_MAX_MB", default=50)
RELEASED_FILES_MAX = env.int("DJANGO_RELEASED_FILES_MAX", default=10)
# The CJK font embedded in the letter PDF (Debian fonts-noto-cjk) and its face in the collection
# (2: Simplified Chinese).
LETTER_PDF_FONT = env("DJANGO_LETTER_PDF_FONT", default="/usr/share/fonts/opentype/noto/NotoSerifCJK-Regular.ttc")
LETTER_PDF_FONT_INDEX = env.int("DJANGO_LETTER_PDF_FONT_INDEX", default=2)
# Status lookup: wrong codes allowed for one tracking number from one client address in the window
# (a lock of that number for that address only: nobody can lock a requester out), and for all
# numbers from one address.
LOOKUP_MAX_FAILURES = env.int("DJANGO_LOOKUP_MAX_FAILURES", default=5)
LOOKUP_MAX_FAILURES_PER_ADDRESS = env.int("DJANGO_LOOKUP_MAX_FAILURES_PER_ADDRESS", default=20)
LOOKUP_FAILURE_WINDOW_SECONDS = env.int("DJANGO_LOOKUP_FAILURE_WINDOW_SECONDS", default=900)
# Status lookup and the request form: attempts of any outcome per client address in the window.
LOOKUP_RATE_LIMIT = env.int("DJANGO_LOOKUP_RATE_LIMIT", default=30)
LOOKUP_RATE_WINDOW_SECONDS = env.int("DJANGO_LOOKUP_RATE_WINDOW_SECONDS", default=600)
# Shared addresses (a 政务服务大厅 kiosk, a firm, carrier NAT) file several requests, and a form
# sent back with errors counts too: 20 attempts an hour. 0 switches a limit off.
SUBMIT_RATE_LIMIT = env.int("DJANGO_SUBMIT_RATE_LIMIT", default=20)
SUBMIT_RATE_WINDOW_SECONDS = env.int("DJANGO_SUBMIT_RATE_WINDOW_SECONDS", default=3600)
# The request form's proof of work (ALTCHA): the largest number a browser may have to try (the
# work grows with it; 0 switches the challenge off). Solved in the background, no puzzle to see.
REQUEST_CHALLENGE_MAX_NUMBER = env.int("DJANGO_REQUEST_CHALLENGE_MAX_NUMBER", default=100000)
REQUEST_CHALLENGE_EXPIRES_SECONDS = env.int("DJANGO_REQUEST_CHALLENGE_EXPIRES_SECONDS", default=2 * 60 * 60)
# A form sent back sooner than this after it was served is refused (a person needs longer to fill it).
REQUEST_CHALLENGE_MIN_SECONDS = env.int("DJANGO_REQUEST_CHALLENGE_MIN_SECONDS", default=3)
# How many reverse proxies in front of the portal append to X-Forwarded-For (0: none, use REMOTE_ADDR).
TRUSTED_PROXY_COUNT = env.int("DJANGO_TRUSTED_PROXY_COUNT", default=0)
# Whether the time from a fee notice to payment is left out of the reply period (docs/rules.md Decision 4).
FEE_PAUSES_DEADLINE = env.bool("DJANGO_FEE_PAUSES_DEADLINE", default=True)

# Every record is stripped of ID-card numbers, phone numbers and e-mail addresses before any
# handler writes or mails it (common/logs.py).
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "filters": {
        "personal_data": {"()": "common.logs.RedactPersonalData"},
        "require_debug_false": {"()": "django.utils.log.RequireDebugFalse"},
        # An outage answers every request with 503: /healthz and the server log tell, not a mail each.
        "not_unavailable": {
            "()": "django.utils.log.CallbackFilter",
            "callback": lambda record: getattr(record, "status_code", None) != 503,
        },
    },
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": "plain", "filters": ["personal_data"]},
        "mail_admins": {
            "class": "common.logs.RedactingAdminEmailHandler",
            "level": "ERROR",
            "filters": ["require_debug_false", "not_unavailable", "personal_data"],
        },
    },
    "root": {"handlers": ["console"], "level": env("DJANGO_LOG_LEVEL", default="INFO")},
    "loggers": {
        # Django's own handlers (console only with DEBUG, mail_admins) replaced by the filtered ones.
        "django": {"handlers": ["console", "mail_admins"], "level": "INFO", "propagate": False},
        "django.db.backends": {"level": "WARNING"},
        # fpdf2's font subsetting (applications.letter_pdf) says every table it touches at INFO.
        "fontTools": {"level": "WARNING"},
        # fpdf2 names a character the font lacks at WARNING: it may be part of a requester's name.
        "fpdf": {"level": "ERROR"},
    },
}
