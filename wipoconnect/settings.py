"""Settings, all read from the environment (see README, Configuration). Defaults need no services."""

from pathlib import Path

from wipoconnect.env import (
    database_from_url,
    env_bool,
    env_int,
    env_list,
    env_pattern,
    env_str,
    secret_key_from_file,
)

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env_str("VAR_DIR") or BASE_DIR / "var")

DEBUG = env_bool("DEBUG", False)
SECRET_KEY = env_str("SECRET_KEY") or secret_key_from_file(VAR_DIR / "secret_key")
ALLOWED_HOSTS = env_list("ALLOWED_HOSTS", ["localhost", "127.0.0.1", "[::1]", "testserver"])
CSRF_TRUSTED_ORIGINS = env_list("CSRF_TRUSTED_ORIGINS", [])

# Behind a TLS proxy (docker-compose sets HTTPS=true): HTTPS only, HSTS, secure cookies and a Content-Security-Policy.
# The demo (bin/serve, plain HTTP on localhost) leaves it off.
HTTPS = env_bool("HTTPS", False)
if HTTPS:
    SECURE_SSL_REDIRECT = True
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
    SECURE_HSTS_SECONDS = 365 * 24 * 3600
    SECURE_HSTS_INCLUDE_SUBDOMAINS = True
    SECURE_HSTS_PRELOAD = True
    SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = True
# Pages load nothing from another host and run no inline script: what the browser may load, when HTTPS is on.
CONTENT_SECURITY_POLICY = (
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; "
    "object-src 'none'; base-uri 'self'; form-action 'self'; frame-ancestors 'none'"
    if HTTPS
    else ""
)

# The CMO running this instance.
SOCIETY_CODE = env_pattern("SOCIETY_CODE", "999", r"\d{3}", "a 3-digit CISAC society code")
SOCIETY_TERRITORY = env_pattern("SOCIETY_TERRITORY", "2136", r"\d{1,4}", "a TIS numeric territory code")
CURRENCY = env_pattern("CURRENCY", "EUR", r"[A-Z]{3}", "an ISO 4217 currency code")
# Money loop (issue 11): claims period of suspense, deduction on money received from sister societies, our bank.
CLAIMS_PERIOD_DAYS = env_int("CLAIMS_PERIOD_DAYS", 3 * 365)
INCOMING_ADMIN_PERCENT = env_pattern("INCOMING_ADMIN_PERCENT", "0", r"(100|\d{1,2})(\.\d{1,2})?", "a percentage")
PAYMENT_DEBTOR_NAME = env_str("PAYMENT_DEBTOR_NAME", "WIPO Connect demo society")
PAYMENT_DEBTOR_IBAN = env_pattern(
    "PAYMENT_DEBTOR_IBAN", "DE89370400440532013000", r"[A-Z]{2}\d{2}[A-Z0-9]{10,30}", "an IBAN"
)
PAYMENT_DEBTOR_BIC = env_pattern("PAYMENT_DEBTOR_BIC", "COBADEFFXXX", r"[A-Z0-9]{8}([A-Z0-9]{3})?", "a BIC")
# Shared level (issue 8): request budget per partner API key, DRF rate syntax (`1000/hour`).
PARTNER_API_RATE = env_pattern("PARTNER_API_RATE", "1000/hour", r"\d+/(second|minute|hour|day)", "a rate: 1000/hour")
# International level: ISWC network and IPI look-ups, off unless their URLs are set (see README, Configuration).
ISWC_NETWORK_URL = env_str("ISWC_NETWORK_URL")
ISWC_NETWORK_TOKEN = env_str("ISWC_NETWORK_TOKEN")
IPI_NETWORK_URL = env_str("IPI_NETWORK_URL")
IPI_NETWORK_TOKEN = env_str("IPI_NETWORK_TOKEN")
NETWORK_TIMEOUT = env_int("NETWORK_TIMEOUT", 20)
# Anyone may read works, recordings and societies through the API (a public repertoire search).
PUBLIC_REPERTOIRE = env_bool("PUBLIC_REPERTOIRE", True)

INSTALLED_APPS = [
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",  # Swagger UI served from our static files, never from another host
    "wipoconnect",
    "rightowners",
    "works",
    "distribution",
    "exchange",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "wipoconnect.core.middleware.RefuseNulCharacters",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "exchange.partners.middleware.PartnerRequestLog",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "wipoconnect.core.middleware.ContentSecurityPolicy",
]

ROOT_URLCONF = "wipoconnect.urls"
WSGI_APPLICATION = "wipoconnect.wsgi.application"

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
            ],
        },
    },
]

DATABASES = {"default": database_from_url(env_str("DATABASE_URL", "sqlite:///var/db.sqlite3"), BASE_DIR)}
# Two test runs at once on one PostgreSQL server need different test database names (pytest-xdist adds _gw0, ...).
DATABASES["default"]["TEST"] = {"NAME": env_str("TEST_DATABASE_NAME") or None}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

SESSION_ENGINE = "django.contrib.sessions.backends.db"
LOGIN_URL = "/accounts/login/"
LOGIN_REDIRECT_URL = "/"

LANGUAGE_CODE = "en"
LANGUAGES = [("en", "English"), ("fr", "Français"), ("es", "Español")]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = env_str("TIME_ZONE", "UTC")
USE_I18N = True
USE_TZ = True

STATIC_URL = "static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = VAR_DIR / "staticfiles"
# Serve the stylesheet and scripts from the source folders too, so `bin/serve` (no collectstatic, DEBUG off) is styled.
WHITENOISE_USE_FINDERS = True
MEDIA_ROOT = VAR_DIR / "media"
MEDIA_URL = "media/"

REST_FRAMEWORK = {
    "DEFAULT_AUTHENTICATION_CLASSES": [
        "exchange.partners.auth.ApiKeyAuthentication",  # first: its header makes a refused key a 401, not a 403
        "rest_framework.authentication.SessionAuthentication",
        "rest_framework.authentication.BasicAuthentication",
    ],
    "DEFAULT_THROTTLE_CLASSES": ["exchange.partners.auth.PartnerKeyThrottle"],
    "DEFAULT_PERMISSION_CLASSES": ["wipoconnect.core.api.permissions.StaffModelPermissions"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "rest_framework.pagination.PageNumberPagination",
    "PAGE_SIZE": env_int("API_PAGE_SIZE", 50),
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    "EXCEPTION_HANDLER": "wipoconnect.core.api.errors.exception_handler",
}
SPECTACULAR_SETTINGS = {
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "TITLE": "WIPO Connect API",
    "DESCRIPTION": "Documentation, usage, distribution and exchange data of a collective management organization.",
    "VERSION": "1",
    "SERVE_INCLUDE_SCHEMA": False,
    "ENUM_NAME_OVERRIDES": {
        "RightTypeEnum": "rightowners.models.RIGHT_TYPE_CHOICES",
        "MembershipRightTypeEnum": "rightowners.models.MEMBERSHIP_RIGHT_CHOICES",
        "UsageReportFormatEnum": "distribution.usage.models.UsageReport.Format",
        "UsageReportStatusEnum": "distribution.usage.models.UsageReport.Status",
        "MatchStatusEnum": "distribution.usage.models.Match.Status",
        "MatchMethodEnum": "distribution.usage.models.Match.Method",
        "DistributionRunWeightingEnum": "distribution.runs.models.DistributionRun.Weighting",
        "BankAccountKindEnum": "distribution.payments.models.BankAccount.Kind",
        "LicenseeKindEnum": "distribution.licensing.models.Licensee.Kind",
        "InvoiceKindEnum": "distribution.licensing.models.Invoice.Kind",
        "PaymentAllocationMethodEnum": "distribution.licensing.models.PaymentAllocation.Method",
    },
}

# Celery: without a broker, tasks run eagerly in the calling process (the default set-up needs no services).
CELERY_BROKER_URL = env_str("CELERY_BROKER_URL")
CELERY_RESULT_BACKEND = env_str("CELERY_RESULT_BACKEND", CELERY_BROKER_URL)
CELERY_TASK_ALWAYS_EAGER = not CELERY_BROKER_URL
if CELERY_TASK_ALWAYS_EAGER:  # tasks run in-process: an in-memory transport, so nothing looks for a broker
    CELERY_BROKER_URL, CELERY_RESULT_BACKEND = "memory://localhost/", CELERY_RESULT_BACKEND or "cache+memory://"
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Task modules not named tasks.py (autodiscovery misses them).
CELERY_IMPORTS = ("distribution.usage.tasks", "distribution.runs.tasks")

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env_str("LOG_LEVEL", "WARNING")},
}
