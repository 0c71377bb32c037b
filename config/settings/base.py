"""Settings shared by every environment; dev, prod and test override a few values."""

from __future__ import annotations

import datetime
from pathlib import Path

import dj_database_url
from csp.constants import NONE, SELF
from django.utils.translation import gettext_lazy as _

from config.celery import queues_for
from config.env import env_bool, env_int, env_list, env_str
from config.signing import signing_keys

BASE_DIR = Path(__file__).resolve().parent.parent.parent

SECRET_KEY = env_str("DJANGO_SECRET_KEY", "dev-insecure-key-change-me")
DEBUG = env_bool("DJANGO_DEBUG", False)
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", ["127.0.0.1", "localhost"])
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", [])

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "nested_admin",
    "django_filters",
    "django_htmx",
    "rest_framework",
    "knox",  # API tokens: stored hashed, expiring, revoked with the password or the 2FA device
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "csp",
    "axes",  # login throttling and lock-out; keeps the log of logins (issue 8)
    "auditlog",  # before/after record of every change to the registered models (issue 8)
    "django_otp",  # two-factor login: users enrol their own TOTP device (units.two_factor)
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",  # its one-use backup codes
    "config",
    "units",
    "indicators",
    "directives",
    "reports",
    "notifications",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "config.middleware.PortalLanguageMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified() after a 2FA login
    # Roles that must use two-factor login, without a device yet: to the enrolment page first.
    "units.middleware.TwoFactorEnrolmentMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "csp.middleware.CSPMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    # Who and from where, for the audit log entries written during the request.
    "config.middleware.AuditMiddleware",
    # Last: it turns a lock-out flagged by the auth backend into the lock-out page.
    "axes.middleware.AxesMiddleware",
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
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "django.template.context_processors.i18n",
                "notifications.context_processors.portal",
            ],
        },
    },
]

# Content-Security-Policy: only the portal's own files run or style a page; no inline script or
# style, no plugins, no framing. Pages keep behaviour in static/js and looks in static/css.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:"],
        "object-src": [NONE],
        "base-uri": [SELF],
        "form-action": [SELF],
        "frame-ancestors": [NONE],
    }
}

# SQLite by default so the portal starts with nothing installed; production sets DATABASE_URL.
DATABASES = {
    "default": dj_database_url.parse(
        env_str("DATABASE_URL", f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
        conn_max_age=env_int("DATABASE_CONN_MAX_AGE", 0),
        conn_health_checks=True,
    )
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # Concurrent writers: a transaction that reads and then writes cannot wait for the lock a
    # reader holds (SQLite answers "database is locked" at once), so every transaction takes
    # the write lock when it starts and waits up to 5 seconds for it.
    DATABASES["default"].setdefault("OPTIONS", {}).update(
        {"transaction_mode": "IMMEDIATE", "timeout": env_int("CHITIEU_SQLITE_TIMEOUT", 5)}
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"
AUTH_USER_MODEL = "units.User"

AUTH_PASSWORD_VALIDATORS = [
    # Django's similarity rule; its hook also revokes the API tokens when a password changes.
    {"NAME": "units.passwords.SimilarityValidatorRevokingTokens"},
    {
        "NAME": "config.passwords.MinimumLengthValidator",
        "OPTIONS": {"min_length": 10},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
# Axes first: it refuses a locked-out user before any password is checked.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
# Five wrong passwords for one account from one address lock that pair out for 15 minutes.
# Not by address alone: a whole department often shares one NAT address.
AXES_FAILURE_LIMIT = env_int("CHITIEU_LOGIN_FAILURE_LIMIT", 5)
AXES_COOLOFF_TIME = datetime.timedelta(minutes=env_int("CHITIEU_LOGIN_COOLOFF_MINUTES", 15))
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_RESET_ON_SUCCESS = True
AXES_LOCKOUT_CALLABLE = "config.auth.lockout_response"
# Reverse proxies in front of the portal (nginx: 1). The lock-out, the change log and the API
# throttles read the client's address the same way (config/client_address.py); with 0,
# X-Forwarded-For is ignored, since any client can write it.
CHITIEU_TRUSTED_PROXIES = env_int("CHITIEU_TRUSTED_PROXIES", 0)
AXES_CLIENT_IP_CALLABLE = "config.client_address.client_address"
# Keep every failed attempt too (not only the counter), for the audit trail.
AXES_ENABLE_ACCESS_FAILURE_LOG = True
# django-auditlog: who changed what, when, from where, with before/after values, for these
# models (AuditlogMiddleware fills in the actor and address, config.api_auth the actor behind
# an API token). Workflow actions keep their own record (reports.SubmissionEvent); logins are
# kept by axes (AccessLog, AccessFailureLog).
AUDITLOG_INCLUDE_TRACKING_MODELS = (
    {"model": "directives.Directive", "exclude_fields": ["search_text", "updated_at"]},
    {"model": "directives.Task", "exclude_fields": ["search_text"]},
    "directives.Target",
    "directives.TargetScope",
    "reports.Period",
    {"model": "reports.Submission", "exclude_fields": ["updated_at"]},
    # Publishing and withdrawing official figures (the snapshot itself is not a change).
    {"model": "reports.Publication", "exclude_fields": ["document"]},
    "reports.IndicatorValue",
    "reports.TaskUpdate",
    {"model": "units.Unit", "exclude_fields": ["search_text"]},
    "units.Membership",
    # Published figures change targets' outcomes: who entered which value from which source.
    "indicators.ExternalFigure",
    "indicators.IndexResult",
    "indicators.CriterionAssessment",
    {"model": "indicators.IndexEdition", "exclude_fields": ["imported_at"]},
)
# Roles (membership roles; "admin" includes superusers) that must sign in with a second factor;
# empty here (the demo, the tests), "reviewer,admin" in production.
CHITIEU_TWO_FACTOR_ROLES = env_list("CHITIEU_TWO_FACTOR_ROLES", [])
# A working day, and ended when the browser closes: office PCs are shared.
SESSION_COOKIE_AGE = env_int("DJANGO_SESSION_COOKIE_AGE", 8 * 3600)
SESSION_EXPIRE_AT_BROWSER_CLOSE = True
PASSWORD_RESET_TIMEOUT = 3600
LOGIN_URL = "login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "login"

# Vietnamese by default, English available.
LANGUAGE_CODE = "vi"
# A list filter's blank choice says what it does, rather than django-filter's "---------".
FILTERS_EMPTY_CHOICE_LABEL = _("Tất cả")
LANGUAGES = [("vi", _("Tiếng Việt")), ("en", _("English"))]
# locale/: the project's catalogues (msgids in Vietnamese). locale-drf/: Vietnamese for Django REST
# framework's English messages, kept apart so that makemessages never mixes the two.
LOCALE_PATHS = [BASE_DIR / "locale", BASE_DIR / "locale-drf"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
FORMAT_MODULE_PATH = ["config.formats"]
FORM_RENDERER = "config.form_renderer.FormRenderer"

STATIC_URL = "/static/"
STATIC_ROOT = Path(env_str("DJANGO_STATIC_ROOT", str(BASE_DIR / "staticfiles")))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env_str("DJANGO_MEDIA_ROOT", str(BASE_DIR / "media")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    # Exports (PDF reports, workbooks): outside MEDIA_ROOT, so that no web server serving the
    # media directory exposes them; served only by a view that checks permission.
    "exports": {
        "BACKEND": "django.core.files.storage.FileSystemStorage",
        "OPTIONS": {"location": env_str("CHITIEU_EXPORT_ROOT", str(BASE_DIR / "exports"))},
    },
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}

# Uploads: directive source documents, evidence files and import files.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
CHITIEU_MAX_UPLOAD_BYTES = env_int("CHITIEU_MAX_UPLOAD_BYTES", 20 * 1024 * 1024)
# Largest units CSV or directive YAML accepted by the API (a province's units fit in ~200 KB).
CHITIEU_MAX_IMPORT_BYTES = env_int("CHITIEU_MAX_IMPORT_BYTES", 2 * 1024 * 1024)

# Celery: with REDIS_URL the broker is Redis; without it tasks run in-process (eager).
REDIS_URL = env_str("REDIS_URL", "")
# The cache is shared by every web process and worker through Redis (the dashboards' figures,
# the API throttles), so any process answers any request alike; one process's memory without it.
CHITIEU_CACHE_URL = env_str("CHITIEU_CACHE_URL", REDIS_URL)
CACHES = {
    "default": {
        "BACKEND": "django.core.cache.backends.redis.RedisCache",
        "LOCATION": CHITIEU_CACHE_URL,
        "KEY_PREFIX": "chitieu",
    }
    if CHITIEU_CACHE_URL
    else {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}
}
CELERY_BROKER_URL = REDIS_URL or "memory://"
CELERY_RESULT_BACKEND = REDIS_URL or None
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# A task its worker took but never acknowledged (the worker died: acks_late) is handed out again
# after this many seconds; longer than the longest task (an export: 25 minutes at most).
# A worker restoring such tasks holds a lock in Redis meanwhile; one killed while holding it
# keeps the others from restoring until the lock expires after this many seconds.
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env_int("CHITIEU_BROKER_VISIBILITY_TIMEOUT", 3600),
    "unacked_mutex_expire": env_int("CHITIEU_BROKER_RESTORE_LOCK_SECONDS", 300),
}
CELERY_TASK_DEFAULT_QUEUE = env_str("CELERY_QUEUE", "chitieu")
CELERY_TASK_QUEUES = queues_for(CELERY_TASK_DEFAULT_QUEUE)
CELERY_TIMEZONE = TIME_ZONE
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True

REST_FRAMEWORK = {
    # Token first: an anonymous script is answered 401 with `WWW-Authenticate: Token`.
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "config.api_auth.AuditedTokenAuthentication",  # and the token's user in the change log
        "rest_framework.authentication.SessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    # JSON only: the browsable HTML API needs inline styles the CSP refuses; people read
    # the API at /api/docs/ (Swagger UI) instead.
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    # JSON in and out (the contract); the import endpoints take multipart files themselves.
    "DEFAULT_PARSER_CLASSES": ["config.api_parsers.JsonParser"],
    # Scoped throttles: getting a token (per client address) and imports (per user).
    "NUM_PROXIES": CHITIEU_TRUSTED_PROXIES,  # DRF's default (None) believes X-Forwarded-For
    "DEFAULT_THROTTLE_RATES": {
        "auth": env_str("CHITIEU_THROTTLE_AUTH", "10/minute"),
        "imports": env_str("CHITIEU_THROTTLE_IMPORTS", "30/hour"),
        "verify": env_str("CHITIEU_THROTTLE_VERIFY", "30/minute"),  # public, per address
        # The public figures' pages, files and API, per address.
        "public": env_str("CHITIEU_THROTTLE_PUBLIC", "120/minute"),
    },
    "DEFAULT_FILTER_BACKENDS": [
        "units.api_scope.ProvinceScopeFilter",  # the one province scope, before any filter
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "config.api_paging.ApiPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "config.api.ApiSchema",
    "EXCEPTION_HANDLER": "config.api.api_exception_handler",
}
# API tokens (django-rest-knox): `Authorization: Token <key>`, valid this many days from issue;
# a password change or reset, a change of two-factor device, deactivation revoke them all.
CHITIEU_API_TOKEN_DAYS = env_int("CHITIEU_API_TOKEN_DAYS", 30)
REST_KNOX = {
    "TOKEN_TTL": datetime.timedelta(days=CHITIEU_API_TOKEN_DAYS),
    "AUTH_HEADER_PREFIX": "Token",
    "AUTO_REFRESH": False,
}
SPECTACULAR_SETTINGS = {
    "TITLE": "chitieu API",
    "DESCRIPTION": "Chỉ tiêu, nhiệm vụ và báo cáo định kỳ — REST API v1 (guide: docs/api.md).",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    # Swagger UI served from the installed sidecar package: no CDN.
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "ENUM_NAME_OVERRIDES": {
        "DirectiveKindEnum": "directives.models.Directive.Kind",
        "IndicatorKindEnum": "indicators.models.Indicator.Kind",
        "PeriodKindEnum": "directives.models.PeriodKind",
        "ComplianceStructureEnum": ["historic", "current"],
        "PublicationStructureEnum": ["historic"],
        "PeriodStatusEnum": "reports.models.Period.Status",
        "SubmissionStatusEnum": "reports.models.Submission.Status",
        "TaskUpdateStatusEnum": "reports.models.TaskUpdate.Status",
    },
}

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("DJANGO_LOG_LEVEL", "INFO")},
    # WeasyPrint logs every rendering step at INFO.
    "loggers": {"weasyprint.progress": {"level": "WARNING"}},
}

# --- chitieu deployment settings (texts and rules that differ per province, not code) ---
# The department that owns the portal: Sở Thông tin và Truyền thông before the 2025 merger,
# Sở Khoa học và Công nghệ after it.
CHITIEU_OWNER_NAME = env_str("CHITIEU_OWNER_NAME", "Sở Khoa học và Công nghệ")
CHITIEU_PROVINCE_NAME = env_str("CHITIEU_PROVINCE_NAME", "Phú Thọ")
# "decree_09_2019": cut-off windows of Decree 09/2019/NĐ-CP; "calendar": plain calendar windows.
CHITIEU_PERIOD_WINDOWS = env_str("CHITIEU_PERIOD_WINDOWS", "decree_09_2019")
# Review by level: "commune:district" makes district reviewers review their communes' reports
# (and provincial reviewers no longer do); empty: reviewers review their whole subtree.
CHITIEU_REVIEW_DELEGATION = dict(
    pair.split(":", 1) for pair in env_list("CHITIEU_REVIEW_DELEGATION", [])
)
# Separation of duties: whoever sent a report may not accept it; true allows it (one-person units).
CHITIEU_ALLOW_SELF_ACCEPT = env_bool("CHITIEU_ALLOW_SELF_ACCEPT", False)
# Seconds a recompute waits after an acceptance, so a burst of acceptances is computed once.
CHITIEU_RECOMPUTE_DELAY = env_int("CHITIEU_RECOMPUTE_DELAY", 5)
# Working days after the cut-off by which a report is due, unless a directive says otherwise.
CHITIEU_DUE_WORKING_DAYS = env_int("CHITIEU_DUE_WORKING_DAYS", 2)
# A task not yet done is "due soon" this many days before its deadline.
CHITIEU_TASK_DUE_SOON_DAYS = env_int("CHITIEU_TASK_DUE_SOON_DAYS", 7)

# Reminders: days before a report's due date (each sent once), review waiting time in working
# days, the grace in days after which a late unit's supervising unit is told, the portal's
# address for links in e-mails.
CHITIEU_REMIND_DAYS_BEFORE = [int(d) for d in env_list("CHITIEU_REMIND_DAYS_BEFORE", ["7", "2"])]
CHITIEU_REVIEW_REMIND_WORKING_DAYS = env_int("CHITIEU_REVIEW_REMIND_WORKING_DAYS", 3)
CHITIEU_ESCALATION_GRACE_DAYS = env_int("CHITIEU_ESCALATION_GRACE_DAYS", 5)
CHITIEU_BASE_URL = env_str("CHITIEU_BASE_URL", "http://127.0.0.1:8000")

# --- Exports: the official report (Decree 30/2020/NĐ-CP layout) and workbooks ---
# The issuing body's superior and itself, as printed top left ("UBND TỈNH …" / "SỞ …").
CHITIEU_REPORT_SUPERIOR = env_str("CHITIEU_REPORT_SUPERIOR", "UBND TỈNH PHÚ THỌ")
CHITIEU_REPORT_ISSUER = env_str("CHITIEU_REPORT_ISSUER", "SỞ KHOA HỌC VÀ CÔNG NGHỆ")
# "Số: {number}/BC-SKHCN": the number is left blank for the clerk unless the export gives one.
CHITIEU_REPORT_NUMBER = env_str("CHITIEU_REPORT_NUMBER", "{number}/BC-SKHCN")
CHITIEU_REPORT_PLACE = env_str("CHITIEU_REPORT_PLACE", "Phú Thọ")
# Signing on behalf ("KT. GIÁM ĐỐC" over "PHÓ GIÁM ĐỐC") or in one's own name (empty prefix).
CHITIEU_REPORT_SIGNER_FOR = env_str("CHITIEU_REPORT_SIGNER_FOR", "KT. GIÁM ĐỐC")
CHITIEU_REPORT_SIGNER_TITLE = env_str("CHITIEU_REPORT_SIGNER_TITLE", "PHÓ GIÁM ĐỐC")
CHITIEU_REPORT_SIGNER_NAME = env_str("CHITIEU_REPORT_SIGNER_NAME", "")
# "Nơi nhận", separated by "|" (entries hold commas: "Lưu: VT, BCVT").
CHITIEU_REPORT_RECIPIENTS = [
    line.strip()
    for line in env_str(
        "CHITIEU_REPORT_RECIPIENTS",
        "UBND tỉnh (b/c)|Các sở, ban, ngành|UBND các huyện, thành phố|Lưu: VT, BCVT",
    ).split("|")
    if line.strip()
]
# Days an export file is kept before the nightly clean-up deletes it.
CHITIEU_EXPORT_RETENTION_DAYS = env_int("CHITIEU_EXPORT_RETENTION_DAYS", 30)
# Minutes after which an export still queued or running is taken as lost (its worker died).
CHITIEU_EXPORT_STALE_MINUTES = env_int("CHITIEU_EXPORT_STALE_MINUTES", 30)
# Signed official reports (README, "Signed reports"): each province's key (a PKCS#12 file or a
# PKCS#11 token) by its root unit's code, an RFC 3161 timestamp server, the trusted roots
# (a folder or file of PEM certificates: the Government CA's) that verification chains to.
CHITIEU_SIGNING = signing_keys("CHITIEU_SIGNING")
# The issuing body's own key per province, same form: its seal then goes on as a second PAdES
# signature over the seal's place (Decree 30), not only a picture in the signer's signature.
CHITIEU_SIGNING_SEAL = signing_keys("CHITIEU_SIGNING_SEAL")
CHITIEU_SIGNING_TSA_URL = env_str("CHITIEU_SIGNING_TSA_URL", "")
CHITIEU_SIGNING_TRUST_ROOTS = env_str("CHITIEU_SIGNING_TRUST_ROOTS", "")
