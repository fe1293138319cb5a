"""Settings for phoihop.

Every value comes from an environment variable with a safe embedded default, so a fresh clone runs with
SQLite and local files and needs no configuration. ``phoihop.settings.production`` tightens the defaults.
"""

from pathlib import Path

import environ
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent.parent
env = environ.Env()

DEBUG = env.bool("DEBUG", default=False)
SECRET_KEY = env("SECRET_KEY", default="insecure-embedded-default-key-change-me-in-production-0123456789")
ALLOWED_HOSTS = env.list("ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "testserver"])
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

VAR_DIR = Path(env("PHOIHOP_VAR_DIR", default=str(BASE_DIR / "var")))

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "rest_framework.authtoken",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "django_filters",
    "django_tables2",
    "django_htmx",
    "import_export",
    "auditlog",
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_tasks",
    "django_tasks_db",
    "phoihop.core",
    "phoihop.accounts",
    "phoihop.orgs",
    "phoihop.audit",
    "phoihop.work",
    "phoihop.border",
    "phoihop.programs",
    "phoihop.movements",
    "phoihop.security",
    "phoihop.cadres",
    "phoihop.reports",
]

# SecurityHeadersMiddleware comes after WhiteNoise, which answers static files without calling what follows: they
# keep their long cache headers, while every other answer (error pages too) gets the CSP and, when signed in,
# no-store on its way out (phoihop/core/middleware.py).
MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "phoihop.core.middleware.SecurityHeadersMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "phoihop.accounts.middleware.UserLanguageMiddleware",
    "phoihop.core.middleware.UrlLengthLimitMiddleware",
    "phoihop.core.middleware.DatabaseBusyMiddleware",
    "django_otp.middleware.OTPMiddleware",
    "phoihop.accounts.middleware.RequireTwoFactorMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "django_htmx.middleware.HtmxMiddleware",
    "auditlog.middleware.AuditlogMiddleware",
    "axes.middleware.AxesMiddleware",
]

ROOT_URLCONF = "phoihop.urls"
WSGI_APPLICATION = "phoihop.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "phoihop" / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "phoihop.core.context_processors.navigation",
            ],
        },
    },
]

DATABASES = {
    "default": env.db("DATABASE_URL", default=f"sqlite:///{VAR_DIR / 'phoihop.sqlite3'}"),
}
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # WAL lets the background worker and the web server use the file at the same time. Write transactions
    # begin IMMEDIATE: the services read before their first write, and a deferred transaction that must be
    # upgraded to a write lock fails at once with "database is locked" instead of waiting the busy timeout.
    DATABASES["default"].setdefault("OPTIONS", {})
    DATABASES["default"]["OPTIONS"].update(
        {
            "timeout": env.int("SQLITE_BUSY_TIMEOUT", default=20),
            "init_command": "PRAGMA journal_mode=WAL;",
            "transaction_mode": "IMMEDIATE",
        }
    )
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
PASSWORD_HASHERS = [
    "django.contrib.auth.hashers.Argon2PasswordHasher",
    "django.contrib.auth.hashers.PBKDF2PasswordHasher",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "accounts:login"
LOGIN_REDIRECT_URL = "home"
LOGOUT_REDIRECT_URL = "accounts:login"

# Two-factor: TOTP is available to everyone; REQUIRE_2FA_FOR_ADMINS forces it for organisation admins
# and superusers (on in production).
OTP_TOTP_ISSUER = "phoihop"
REQUIRE_2FA_FOR_ADMINS = env.bool("REQUIRE_2FA_FOR_ADMINS", default=False)

# Login lockout (django-axes): a user name + IP pair is locked after repeated failures.
AXES_FAILURE_LIMIT = env.int("AXES_FAILURE_LIMIT", default=5)
AXES_COOLOFF_TIME = env.float("AXES_COOLOFF_HOURS", default=0.5)
AXES_LOCKOUT_PARAMETERS = [["username", "ip_address"]]
AXES_LOCKOUT_TEMPLATE = "accounts/locked_out.html"
AXES_RESET_ON_SUCCESS = True
AXES_ENABLED = env.bool("AXES_ENABLED", default=True)

# Internationalisation: Vietnamese by default, English switchable per user.
LANGUAGE_CODE = "vi"
LANGUAGES = [("vi", _("Vietnamese")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Asia/Ho_Chi_Minh"
USE_I18N = True
USE_TZ = True
USE_THOUSAND_SEPARATOR = True
# Django's own "vi" formats parse 01/07/2025 as 7 January and print hyphens; ours fix that.
FORMAT_MODULE_PATH = ["phoihop.formats"]

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env("STATIC_ROOT", default=str(VAR_DIR / "staticfiles")))
# Uploaded files live outside the web root and are served only through views behind the access gate.
MEDIA_ROOT = Path(env("MEDIA_ROOT", default=str(VAR_DIR / "private")))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"},
}
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
# Largest request body other than file uploads (form fields, API JSON); raise it with the proxy's body limit.
DATA_UPLOAD_MAX_MEMORY_SIZE = env.int("DATA_UPLOAD_MAX_MEMORY_SIZE", default=10 * 1024 * 1024)
# Longest address (path + query string) the application answers; longer gets 414. gunicorn's request-line
# limit (--limit-request-line, 8190 in the Makefile and README commands) must stay above it.
MAX_URL_LENGTH = env.int("MAX_URL_LENGTH", default=4096)
IMPORT_MAX_BYTES = env.int("IMPORT_MAX_BYTES", default=5 * 1024 * 1024)
# Imports run as background jobs; above these limits a file is refused with a message (docs/operations.md).
IMPORT_MAX_ROWS = env.int("IMPORT_MAX_ROWS", default=20_000)
IMPORT_MAX_CELLS = env.int("IMPORT_MAX_CELLS", default=1_000_000)
IMPORT_MAX_UNCOMPRESSED_BYTES = env.int("IMPORT_MAX_UNCOMPRESSED_BYTES", default=100 * 1024 * 1024)

EMAIL_CONFIG = env.email_url("EMAIL_URL", default="consolemail://")
vars().update(EMAIL_CONFIG)
DEFAULT_FROM_EMAIL = env("DEFAULT_FROM_EMAIL", default="phoihop@localhost")

CACHES = {
    "default": env.cache("CACHE_URL", default="locmemcache://"),
    # Progress of background imports, shared between the worker and the web processes (files, not the
    # database: the job's transaction would hide a row counter until it commits).
    "imports": env.cache("IMPORT_PROGRESS_CACHE_URL", default=f"filecache://{VAR_DIR / 'cache' / 'imports'}"),
}

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        # Token first so that an anonymous API call answers 401 with WWW-Authenticate.
        "phoihop.core.api.authentication.UserLanguageTokenAuthentication",
        "phoihop.core.api.authentication.VerifiedSessionAuthentication",
    ],
    "DEFAULT_PERMISSION_CLASSES": ["rest_framework.permissions.IsAuthenticated"],
    "DEFAULT_FILTER_BACKENDS": [
        "django_filters.rest_framework.DjangoFilterBackend",
        "rest_framework.filters.OrderingFilter",
    ],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": 50,
    "DEFAULT_SCHEMA_CLASS": "phoihop.core.api.schema.AutoSchema",
    "EXCEPTION_HANDLER": "phoihop.core.api.exceptions.exception_handler",
    # ISO 8601 (date.isoformat): always four-digit years, as the schema's format "date" says.
    "DATE_FORMAT": "iso-8601",
    "DATE_INPUT_FORMATS": ["%Y-%m-%d", "%d/%m/%Y"],
}
SPECTACULAR_SETTINGS = {
    "TITLE": "phoihop API",
    "DESCRIPTION": "API of phoihop, the information system of the border coordination regulation.",
    "VERSION": "0.1.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "COMPONENT_SPLIT_REQUEST": True,
    # The same state-secret levels appear as a user's clearance and a record's classification.
    "ENUM_NAME_OVERRIDES": {
        "ClassificationEnum": "phoihop.core.choices.Classification",
        "GenderEnum": "phoihop.programs.choices.Gender",  # security.choices.Sex is the same set
        "CaseNatureEnum": "phoihop.security.choices.CaseNature",
        "SeizureUnitEnum": "phoihop.security.choices.Unit",
        "RatingLevelEnum": "phoihop.cadres.choices.RatingLevel",
        "CommitteeLevelEnum": "phoihop.cadres.choices.CommitteeLevel",
        "CourseLevelEnum": "phoihop.cadres.choices.CourseLevel",
        "PlanLevelEnum": "phoihop.cadres.choices.PlanLevel",
    },
    # Error answers of every operation, version required on update (phoihop/core/api/schema.py).
    "POSTPROCESSING_HOOKS": [
        "drf_spectacular.hooks.postprocess_schema_enums",
        "phoihop.core.api.schema.postprocess_schema",
    ],
}

DJANGO_TABLES2_TEMPLATE = "django_tables2/phoihop.html"
DJANGO_TABLES2_TABLE_ATTRS = {"class": "table table-vcenter card-table table-striped"}

TASKS = {
    "default": {
        "BACKEND": env("TASKS_BACKEND", default="django_tasks_db.DatabaseBackend"),
    }
}

AUDITLOG_LOGENTRY_MODEL = "audit.ChangeRecord"
AUDITLOG_DISABLE_REMOTE_ADDR = False

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env("LOG_LEVEL", default="WARNING")},
}

SESSION_COOKIE_HTTPONLY = True
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"

# A fresh install's province (Lạng Sơn = 20). One deployment may serve every border province: the communes offered
# come from the provinces where organisations have areas (orgs.provinces), a cadre is local to their organisation's
# province and a report names its organisation's. This code is used only until an organisation has an area, and for
# an organisation without a province of its own; load_areas (--province) and seed_demo name theirs themselves.
PHOIHOP_PROVINCE_CODE = env("PHOIHOP_PROVINCE_CODE", default="20")

# Fallback parse formats (the active locale's format module normally wins): never month-first.
DATE_INPUT_FORMATS = ["%d/%m/%Y", "%d/%m/%y", "%Y-%m-%d"]
DATE_FORMAT = "d/m/Y"
SHORT_DATE_FORMAT = "d/m/Y"

# auditlog's own LogEntry table is swapped for audit.ChangeRecord; its migrations would still create the
# unused table (with foreign keys that block TRUNCATE in PostgreSQL test runs), so they are skipped.
MIGRATION_MODULES = {"auditlog": None}

# Daily task reminders (phoihop.work.reminders, run by `manage.py send_reminders` from cron or a systemd
# timer): an overdue task is escalated to the assigning organisation's approvers once it is this many days past
# its deadline, then to the approvers of that organisation's parent. E-mails link to REMINDER_SITE_URL.
REMINDER_ESCALATE_APPROVERS_AFTER_DAYS = env.int("REMINDER_ESCALATE_APPROVERS_AFTER_DAYS", default=3)
REMINDER_ESCALATE_PARENT_AFTER_DAYS = env.int("REMINDER_ESCALATE_PARENT_AFTER_DAYS", default=7)
REMINDER_SITE_URL = env("REMINDER_SITE_URL", default="http://localhost:8000")

# Border registry: required days between two inspections of a marker, per marker kind.
BORDER_INSPECTION_INTERVAL_DAYS = {
    "main": env.int("BORDER_INSPECTION_DAYS_MAIN", default=90),
    "secondary": env.int("BORDER_INSPECTION_DAYS_SECONDARY", default=180),
    "default": 90,
}

# Border map: an optional base map from a tile server inside the closed network, e.g.
# "http://tiles.local/{z}/{x}/{y}.png". Empty (the default): no tiles are loaded at all and the map shows only
# the border segments, gates and markers on a plain background.
MAP_TILE_URL = env("MAP_TILE_URL", default="")
MAP_TILE_ATTRIBUTION = env("MAP_TILE_ATTRIBUTION", default="")

# Periodic figures: remind participants this many days before a reporting deadline, and for this many days after.
REMINDER_FIGURE_DAYS_BEFORE = env.int("REMINDER_FIGURE_DAYS_BEFORE", default=3)
REMINDER_FIGURE_OVERDUE_DAYS = env.int("REMINDER_FIGURE_OVERDUE_DAYS", default=7)

# State secrets (Luật Bảo vệ bí mật nhà nước 29/2018/QH14, art. 5(5): no state-secret content drafted or stored on a
# networked computer except under the law on cipher). Off (the default): a record classified Mật or above is a
# register entry only (number, date, level, the unit holding the paper file, its custodian, where it is kept, the
# figures) and every content field and attachment refuses content. Turn it on only on a deployment approved under
# the law on cipher (cơ yếu); see docs/security.md and `manage.py check_state_secrets`.
STATE_SECRET_CONTENT = env.bool("PHOIHOP_STATE_SECRET_CONTENT", default=False)

# Review reports: Party documents are numbered per type per Party term (terms of five years starting in these
# years); the place on the date line when no province can be found above the issuing organisation.
PARTY_TERM_START_YEARS = tuple(env.list("PARTY_TERM_START_YEARS", cast=int, default=[2020, 2025]))
#: the most rows a list page exports in its own answer; a longer list is exported by the background worker
PAGE_EXPORT_MAX_ROWS = env.int("PAGE_EXPORT_MAX_ROWS", default=5000)
REPORT_PLACE = env("REPORT_PLACE", default="Lạng Sơn")
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=15 * 60)

# PDF of reports: each worker process keeps one LibreOffice, reused by its conversions (off: a one-shot soffice
# per PDF); the Python that can import LibreOffice's uno module (empty: found; see docs/operations.md).
PDF_OFFICE_SERVER = env.bool("PDF_OFFICE_SERVER", default=True)
PDF_UNO_PYTHON = env("PDF_UNO_PYTHON", default="")
