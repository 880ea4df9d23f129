"""GA Planner settings: the only settings module; every value comes from the environment.

With nothing set it runs embedded: SQLite in var/, Celery's filesystem broker in var/celery/,
e-mail to the console. DATABASE_URL and CELERY_BROKER_URL switch to PostgreSQL and Redis.
"""

from pathlib import Path

import environ
from celery.schedules import crontab
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
VAR_DIR = Path(env.str("GA_VAR_DIR", default=str(BASE_DIR / "var")))

DEBUG = env.bool("DJANGO_DEBUG", default=False)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
if not SECRET_KEY:
    if not DEBUG:
        raise ImproperlyConfigured("DJANGO_SECRET_KEY is required when DJANGO_DEBUG is off.")
    SECRET_KEY = "insecure-development-key-only-for-DJANGO_DEBUG-on"  # noqa: S105 - debug only

ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])
CSRF_TRUSTED_ORIGINS = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])
# Links in e-mails start with this (`make run` sets it from PORT).
SITE_URL = env.str("SITE_URL", default="http://127.0.0.1:8000")
# Encrypts secrets that must be read back (TOTP); derived from SECRET_KEY when not set.
GA_ENCRYPTION_KEY = env.str("GA_ENCRYPTION_KEY", default="")
# Signs badge QR tokens: base64 of a raw 32-byte Ed25519 private key; generated under
# GA_VAR_DIR when not set (the embedded default).
BADGE_SIGNING_KEY = env.str("BADGE_SIGNING_KEY", default="")
# Media applications (names, e-mail, press card number, photo) are erased this many days after
# the assembly's last day, in its own zone; the public form's consent text gives the date.
BADGES_MEDIA_ERASE_AFTER_DAYS = env.int("BADGES_MEDIA_ERASE_AFTER_DAYS", default=30)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_celery_beat",
    "simple_history",
    "apps.core",
    "apps.accounts",
    "apps.delegations",
    "apps.agenda",
    "apps.meetings",
    "apps.ceremonies",
    "apps.notifications",
    # On-the-day apps. Their demo loaders run in this order: the elections demo settles the
    # 93rd's credentials and voting delegates before badges are issued to approved delegates.
    "apps.elections",
    "apps.badges",
    "apps.logistics",
]
if env.str("DATABASE_URL", default="").startswith(("postgres", "postgis")):
    INSTALLED_APPS.append("django.contrib.postgres")

MIDDLEWARE = [
    "apps.core.middleware.RequestIdMiddleware",
    "apps.core.metrics.RequestLatencyMiddleware",
    "django.middleware.security.SecurityMiddleware",
    "apps.core.middleware.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "apps.core.middleware.ApiBodyLimitMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "apps.core.access.DeniedAccessAuditMiddleware",
    "apps.core.middleware.AssemblyTimeZoneMiddleware",
    "apps.accounts.middleware.UserLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "apps.accounts.sessions.SessionPolicyMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "simple_history.middleware.HistoryRequestMiddleware",
]

ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "apps.core.context_processors.portal",
                "apps.notifications.context_processors.inbox",
            ],
        },
    },
]

# Database: SQLite in var/ unless DATABASE_URL says otherwise.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'gaplanner.sqlite3'}")
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    VAR_DIR.mkdir(parents=True, exist_ok=True)
    # Web server, worker and beat share one file: wait for locks, write-ahead log, take the
    # write lock at BEGIN so concurrent writers queue instead of failing with "database is locked".
    DATABASES["default"]["OPTIONS"] = {
        "timeout": 20,
        "transaction_mode": "IMMEDIATE",
        "init_command": "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL;",
    }
    # A file, not memory, so a Celery worker started by a test sees the test database.
    DATABASES["default"]["TEST"] = {"NAME": str(VAR_DIR / "test_gaplanner.sqlite3")}
else:
    DATABASES["default"]["CONN_MAX_AGE"] = env.int("DATABASE_CONN_MAX_AGE", default=60)
    DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = ["django.contrib.auth.backends.ModelBackend"]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "core:home"
LOGOUT_REDIRECT_URL = "core:home"
PASSWORD_RESET_TIMEOUT = env.int("PASSWORD_RESET_TIMEOUT", default=3 * 24 * 3600)

# Organisers (staff accounts) log in with a second factor; only the embedded default
# (DJANGO_DEBUG) lets the demo organiser skip it.
TWO_FACTOR_REQUIRED_FOR_STAFF = env.bool("GA_TWO_FACTOR_REQUIRED", default=not DEBUG)
# Sessions: organisers' end 12 h after log-in or after 1 h idle; focal points keep theirs longer.
STAFF_SESSION_ABSOLUTE = env.int("GA_STAFF_SESSION_HOURS", default=12) * 3600
STAFF_SESSION_IDLE = env.int("GA_STAFF_SESSION_IDLE_MINUTES", default=60) * 60
PORTAL_SESSION_ABSOLUTE = env.int("GA_PORTAL_SESSION_DAYS", default=30) * 24 * 3600
PORTAL_SESSION_IDLE = env.int("GA_PORTAL_SESSION_IDLE_DAYS", default=14) * 24 * 3600
SESSION_COOKIE_AGE = PORTAL_SESSION_IDLE
# How many reverse proxies stand in front (their X-Forwarded-For names the client's address,
# which the brute-force throttle counts); 0 when clients connect directly.
GA_TRUSTED_PROXIES = env.int("GA_TRUSTED_PROXIES", default=0)

# Cache (the brute-force counters): Redis when CACHE_URL or REDIS_URL says so, else local
# memory (fine for one process, the embedded default).
if env.str("CACHE_URL", default="") or env.str("REDIS_URL", default=""):
    CACHES = {"default": env.cache_url("CACHE_URL", default=env.str("REDIS_URL", default=""))}
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}

# Languages: the four official languages of INTERPOL.
LANGUAGE_CODE = "en"
LANGUAGES = [
    ("ar", _("Arabic")),
    ("en", _("English")),
    ("fr", _("French")),
    ("es", _("Spanish")),
]
LOCALE_PATHS = [BASE_DIR / "locale"]
USE_I18N = True
# UTC outside a request; each request activates its assembly's zone
# (apps.core.middleware.AssemblyTimeZoneMiddleware).
TIME_ZONE = "UTC"
USE_TZ = True

STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("DJANGO_STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "media/"
MEDIA_ROOT = Path(env.str("DJANGO_MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded files (credentials letters): the local folder MEDIA_ROOT by default; with several
# machines, S3-compatible storage shared by all (MEDIA_STORAGE=s3 and the AWS_* variables).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
if MEDIA_STORAGE == "local":
    MEDIA_BACKEND: dict = {"BACKEND": "django.core.files.storage.FileSystemStorage"}
elif MEDIA_STORAGE == "s3":
    MEDIA_BACKEND = {
        "BACKEND": "storages.backends.s3.S3Storage",
        "OPTIONS": {
            "bucket_name": env.str("AWS_STORAGE_BUCKET_NAME"),
            # Access keys from AWS_ACCESS_KEY_ID / AWS_SECRET_ACCESS_KEY (read by boto3) or the
            # machine's role; an endpoint for MinIO, Ceph, OVH, Scaleway...
            "endpoint_url": env.str("AWS_S3_ENDPOINT_URL", default="") or None,
            "region_name": env.str("AWS_S3_REGION_NAME", default="") or None,
            "location": env.str("AWS_LOCATION", default="media"),
            # Private objects: files reach people only through the protected views.
            "default_acl": "private",
            "querystring_auth": True,
            "querystring_expire": 300,
            "file_overwrite": False,
        },
    }
else:
    raise ImproperlyConfigured(f"MEDIA_STORAGE must be 'local' or 's3', not {MEDIA_STORAGE!r}.")
STORAGES = {
    "default": MEDIA_BACKEND,
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}
WHITENOISE_USE_FINDERS = DEBUG
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
DATA_UPLOAD_MAX_MEMORY_SIZE = 10 * 1024 * 1024

# E-mail: printed to the console unless EMAIL_URL names an SMTP server.
EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
# Seconds before an SMTP connection or command gives up: a silent relay must not hold a worker.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="GA Planner <no-reply@ga-planner.local>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Security: on by default; DJANGO_DEBUG turns the HTTPS-only parts off for local work.
SECURE_HTTPS = env.bool("DJANGO_SECURE_HTTPS", default=not DEBUG)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_SSL_REDIRECT = SECURE_HTTPS
SECURE_REDIRECT_EXEMPT = [r"^healthz(/ready)?$", r"^metrics$"]
SESSION_COOKIE_SECURE = SECURE_HTTPS
CSRF_COOKIE_SECURE = SECURE_HTTPS
LANGUAGE_COOKIE_SECURE = SECURE_HTTPS
SECURE_HSTS_SECONDS = env.int("DJANGO_HSTS_SECONDS", default=31536000 if SECURE_HTTPS else 0)
SECURE_HSTS_INCLUDE_SUBDOMAINS = SECURE_HTTPS
SECURE_HSTS_PRELOAD = SECURE_HTTPS
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SESSION_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_HTTPONLY = True
LANGUAGE_COOKIE_SAMESITE = "Lax"
X_FRAME_OPTIONS = "DENY"
CONTENT_SECURITY_POLICY = env.str(
    "DJANGO_CONTENT_SECURITY_POLICY",
    default=(
        "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
        "script-src 'self'; connect-src 'self'; frame-ancestors 'none'; form-action 'self'; "
        "base-uri 'self'; object-src 'none'"
    ),
)

# REST API.
REST_FRAMEWORK = {
    # API keys first: a request without credentials is then a 401 with WWW-Authenticate.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "apps.accounts.api.authentication.ApiTokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["apps.accounts.api.authentication.ApiTokenRateThrottle"],
    "DEFAULT_THROTTLE_RATES": {"api_key": env.str("GA_API_KEY_RATE", default="1200/min")},
    # JSON only (depth-limited); the operations that take a file say multipart themselves.
    "DEFAULT_PARSER_CLASSES": ["apps.core.api.parsers.JSONParser"],
    "TEST_REQUEST_DEFAULT_FORMAT": "json",
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_PAGINATION_CLASS": "apps.core.api.pagination.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_SCHEMA_CLASS": "apps.core.api.schema.ApiSchema",
    "EXCEPTION_HANDLER": "apps.core.api.errors.exception_handler",
    "DEFAULT_VERSIONING_CLASS": None,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "GA Planner API",
    "DESCRIPTION": "Delegations, agenda, bilateral meetings and ceremonies of the INTERPOL "
    "General Assembly. Delegation users see only their own delegation's data.",
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "COMPONENT_SPLIT_REQUEST": True,
    # Swagger UI from our own static files: the machines are offline and the CSP allows 'self'.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Several models have a "kind" or "status" choice; name each enum after its model.
    "ENUM_NAME_OVERRIDES": {
        "LanguageEnum": "apps.core.models.OFFICIAL_LANGUAGES",
        "OrganisationKindEnum": "apps.delegations.models.Organisation.Kind",
        "DelegationKindEnum": "apps.delegations.models.Delegation.Kind",
        "DelegationStatusEnum": "apps.delegations.models.Delegation.Status",
        "CredentialsStatusEnum": "apps.delegations.models.Credentials.Status",
        "RoomKindEnum": "apps.agenda.models.Room.Kind",
        "SessionKindEnum": "apps.agenda.models.Session.Kind",
        "SpeakerRoleEnum": "apps.agenda.models.SessionSpeaker.Role",
        "RoleKindEnum": "apps.ceremonies.models.RoleKind",
        "CeremonyKindEnum": "apps.ceremonies.models.Ceremony.Kind",
        "CeremonyStatusEnum": "apps.ceremonies.models.Ceremony.Status",
        "TravelModeEnum": "apps.logistics.models.TravelMode",
        "TransferDirectionEnum": "apps.logistics.models.Direction",
        "ScanDirectionEnum": "apps.badges.models.Direction",
    },
}

# Celery: filesystem broker in var/celery/ by default, Redis when CELERY_BROKER_URL says so.
CELERY_BROKER_URL = env.str(
    "CELERY_BROKER_URL", default=env.str("REDIS_URL", default="filesystem://")
)
CELERY_FILESYSTEM_BROKER_DIR = VAR_DIR / "celery"
if CELERY_BROKER_URL.startswith("filesystem"):
    # Kombu's filesystem transport does not create its folders; web, worker and beat all load
    # these settings first, so whichever starts first makes them.
    for _folder in ("queue", "processed", "control"):
        (CELERY_FILESYSTEM_BROKER_DIR / _folder).mkdir(parents=True, exist_ok=True)
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "data_folder_out": str(CELERY_FILESYSTEM_BROKER_DIR / "queue"),
        "processed_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "processed"),
        # Without this kombu writes its exchange table to ./control, wherever it was started.
        "control_folder": str(CELERY_FILESYSTEM_BROKER_DIR / "control"),
        "store_processed": False,
    }
else:
    # Redis redelivers an unacknowledged task after this; longer than any task's hard limit.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_RESULT_BACKEND = None
CELERY_TASK_IGNORE_RESULT = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# No remote control (pidbox over Redis pub/sub): with it, a worker whose Redis restarts dies of
# an AttributeError instead of reconnecting (Celery 5.7, kombu); nothing here uses it.
CELERY_WORKER_ENABLE_REMOTE_CONTROL = env.bool("CELERY_WORKER_ENABLE_REMOTE_CONTROL", default=False)
CELERY_TASK_SOFT_TIME_LIMIT = 300
CELERY_TASK_TIME_LIMIT = 360
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_ALWAYS_EAGER = env.bool("CELERY_TASK_ALWAYS_EAGER", default=False)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Only one beat may send the schedule: beat holds a PostgreSQL advisory lock (a second one
# waits as a standby); apps/core/celery_signals.py.
GA_BEAT_LOCK = env.bool("GA_BEAT_LOCK", default=True)
CELERY_BEAT_SCHEDULE = {
    "core.record_heartbeat": {"task": "core.record_heartbeat", "schedule": 30.0},
    "meetings.expire_meeting_requests": {
        "task": "meetings.expire_meeting_requests",
        "schedule": 300.0,
    },
    # Scheduler runs whose worker died are written off and the waiting run is queued again.
    "meetings.recover_schedule_runs": {
        "task": "meetings.recover_schedule_runs",
        "schedule": 10.0,
        "options": {"expires": 30},
    },
    # The outbox: claim what is due every few seconds; a run not started in time is dropped,
    # the next one does the work.
    "notifications.dispatch_due": {
        "task": "notifications.dispatch_due",
        "schedule": 3.0,
        "options": {"expires": 9},
    },
    "notifications.queue_daily_digests": {
        "task": "notifications.queue_daily_digests",
        "schedule": 900.0,
    },
    # Daily: passport data and media applications of assemblies whose erase date has come (in
    # their own zone).
    "logistics.erase_passport_data": {
        "task": "logistics.erase_passport_data",
        "schedule": crontab(hour=3, minute=10),
    },
    "badges.erase_media_applications": {
        "task": "badges.erase_media_applications",
        "schedule": crontab(hour=3, minute=20),
    },
}

# Readiness (/healthz/ready) fails past these; the metrics report the same figures.
# The worker's heartbeat task runs every 30 s and beat sends a task every few seconds.
GA_HEALTH_HEARTBEAT_MAX_AGE = env.int("GA_HEALTH_HEARTBEAT_MAX_AGE", default=90)
GA_HEALTH_OUTBOX_MAX_LATENESS = env.int("GA_HEALTH_OUTBOX_MAX_LATENESS", default=120)
GA_HEALTH_OUTBOX_MAX_BACKLOG = env.int("GA_HEALTH_OUTBOX_MAX_BACKLOG", default=50000)
GA_HEALTH_OUTBOX_MAX_FAILED = env.int("GA_HEALTH_OUTBOX_MAX_FAILED", default=50)
GA_HEALTH_RELAY_MAX_DOWN = env.int("GA_HEALTH_RELAY_MAX_DOWN", default=300)
GA_HEALTH_SCHEDULER_MAX_WAIT = env.int("GA_HEALTH_SCHEDULER_MAX_WAIT", default=600)
# A running scheduler run beats every 5 s and is written off after 20 s without.
GA_HEALTH_SCHEDULER_MAX_SILENCE = env.int("GA_HEALTH_SCHEDULER_MAX_SILENCE", default=60)

# /metrics (Prometheus): with this bearer token, or for a user with core.view_heartbeat; without
# a token only such users, and never anyone anonymous (a 404).
METRICS_TOKEN = env.str("METRICS_TOKEN", default="")

# Logs: one JSON object per line in production (LOG_FORMAT=json, the default without
# DJANGO_DEBUG), plain lines in development; every line carries the request id when there is one.
LOG_FORMAT = env.str("LOG_FORMAT", default="plain" if DEBUG else "json")
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {
        "plain": {
            "()": "logging.Formatter",
            "fmt": "%(asctime)s %(levelname)s %(name)s [%(request_id)s]: %(message)s",
            # Records made before CoreConfig.ready() installs the request id have none.
            "defaults": {"request_id": "-"},
        },
        "json": {"()": "apps.core.logging.JsonFormatter"},
    },
    "handlers": {
        "console": {"class": "logging.StreamHandler", "formatter": LOG_FORMAT},
    },
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}
# Celery keeps Django's logging (JSON lines in production) instead of installing its own.
CELERY_WORKER_HIJACK_ROOT_LOGGER = LOG_FORMAT != "json"

# Error reports to Sentry (or a compatible self-hosted service) only when a DSN is given.
SENTRY_DSN = env.str("SENTRY_DSN", default="")
if SENTRY_DSN:
    from apps.core.observability import init_sentry

    init_sentry(
        dsn=SENTRY_DSN,
        environment=env.str("SENTRY_ENVIRONMENT", default="production"),
        traces_sample_rate=env.float("SENTRY_TRACES_SAMPLE_RATE", default=0.0),
    )
