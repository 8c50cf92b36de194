"""Settings for Mentorship, read from the environment (django-environ).

Development works with no configuration at all: SQLite under ``var/``, a filesystem
Celery broker, the database cache and e-mail printed to the console. Production is
switched on with ``DJANGO_ENV=production`` and then refuses to start without a real
secret key; see README.md for every variable.
"""

from pathlib import Path

import environ
from csp import constants as csp
from django.core.exceptions import ImproperlyConfigured
from django.utils.translation import gettext_lazy as _

env = environ.Env()
BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = Path(env.str("VAR_DIR", default=str(BASE_DIR / "var")))
VAR_DIR.mkdir(parents=True, exist_ok=True)  # SQLite, the embedded broker and uploads live here


def env_or(name: str, default: str) -> str:
    """An empty variable counts as unset, so ``FOO= make run`` falls back to the default."""
    return env.str(name, default="") or default


DJANGO_ENV = env.str("DJANGO_ENV", default="development")
PRODUCTION = DJANGO_ENV == "production"
if DJANGO_ENV not in {"development", "production"}:
    raise ImproperlyConfigured("DJANGO_ENV must be 'development' or 'production'.")

# --- Core -----------------------------------------------------------------------
DEV_SECRET_KEY = "django-insecure-development-only-key-never-use-in-production"  # noqa: S105
if PRODUCTION:
    SECRET_KEY = env.str("SECRET_KEY", default="")
    if len(SECRET_KEY) < 50 or SECRET_KEY == DEV_SECRET_KEY:
        raise ImproperlyConfigured(
            "SECRET_KEY must be set to a random value of at least 50 characters when "
            "DJANGO_ENV=production, e.g. "
            "python -c 'import secrets; print(secrets.token_urlsafe(64))'."
        )
else:
    SECRET_KEY = env.str("SECRET_KEY", default=DEV_SECRET_KEY)

DEBUG = env.bool("DEBUG", default=not PRODUCTION)
ALLOWED_HOSTS = env.list(
    "ALLOWED_HOSTS", default=[] if PRODUCTION else ["localhost", "127.0.0.1", "[::1]"]
)
if PRODUCTION and not ALLOWED_HOSTS:
    raise ImproperlyConfigured(
        "ALLOWED_HOSTS must name the site's host(s) when DJANGO_ENV=production."
    )
CSRF_TRUSTED_ORIGINS = env.list("CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    "modeltranslation",  # must come before the admin: texts in both languages side by side
    "django.contrib.admin",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "allauth",
    "allauth.account",
    "crispy_forms",
    "crispy_bootstrap5",
    "django_celery_beat",
    "bootstrap",  # django-bootstrap-static: Bootstrap's CSS/JS from PyPI, no CDN
    # One app per lifecycle stage, lowest first; imports run one way (see .importlinter).
    "accounts",
    "notifications",
    "programs",
    "intake",
    "events",
    "resources",
    "relationships",
    "matching",
    "goals",
    "meetings",
    "evaluations",
    "closure",
    "privacy",
    "dashboard",
    "mentorship",  # the seed_demo command
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "csp.middleware.CSPMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.UserPreferencesMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

# benchmarks/pages.py: a bare view to compare pages with, and query counts in a header.
# Never in production, whatever the environment says.
BENCHMARK = env.bool("BENCHMARK", default=False) and not PRODUCTION
if BENCHMARK:
    MIDDLEWARE.insert(0, "mentorship.benchmark.QueryCountMiddleware")

ROOT_URLCONF = "mentorship.urls"
WSGI_APPLICATION = "mentorship.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.template.context_processors.tz",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "csp.context_processors.nonce",
            ],
        },
    },
]

# --- Content-Security-Policy (django-csp) --------------------------------------------
# Scripts and styles come from our own origin only; an inline script needs the request's
# nonce (``<script nonce="{{ CSP_NONCE }}">``). No inline styles, no frames, no plugins, and
# forms post only to this site, so injected markup can neither run nor send data elsewhere.
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": [csp.SELF],
        "script-src": [csp.SELF, csp.NONCE],
        "style-src": [csp.SELF],
        "img-src": [csp.SELF, "data:"],
        "font-src": [csp.SELF],
        "connect-src": [csp.SELF],
        "object-src": [csp.NONE],
        "base-uri": [csp.SELF],
        "form-action": [csp.SELF],
        "frame-ancestors": [csp.NONE],
    },
}

# --- Database -------------------------------------------------------------------
DATABASES = {
    "default": env.db_url_config(
        env_or("DATABASE_URL", f"sqlite:///{VAR_DIR / 'mentorship.sqlite3'}")
    )
}
DATABASES["default"]["ATOMIC_REQUESTS"] = False
# Persistent connections everywhere: a new connection per request cost PostgreSQL more than
# many pages' queries. The health check reopens one the server dropped; runserver closes its
# threads' connections after each request, so the embedded SQLite keeps no stale handles.
DATABASES["default"]["CONN_MAX_AGE"] = env.int("CONN_MAX_AGE", default=60)
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True
if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql" and not env.bool(
    "DATABASE_JIT", default=False
):
    # PostgreSQL's JIT compiles a query once its estimated cost passes jit_above_cost. For a
    # page's short queries the compiling is most of the time (the wishes page's candidates
    # at 1,000 mentors: 58 of 90 ms), and it starts at a data size, so a page's cost jumps
    # as a programme grows. Reports that need it may set DATABASE_JIT=true.
    options = DATABASES["default"].setdefault("OPTIONS", {})
    options["options"] = f"{options.get('options', '')} -c jit=off".strip()
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":
    # The embedded database is shared by the web process, the worker and beat (make run):
    # a writer waits its turn for up to 20 s rather than failing at once.
    DATABASES["default"].setdefault("OPTIONS", {}).setdefault("timeout", 20)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# --- Cache: Redis when given, else the database (allauth's rate limits need a real one)
REDIS_URL = env_or("REDIS_URL", "")
CACHE_URL = env_or("CACHE_URL", "")
if CACHE_URL:
    CACHES = {"default": env.cache_url_config(CACHE_URL)}
elif REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="mentorship"),
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.db.DatabaseCache",
            "LOCATION": "django_cache",
        }
    }

# --- Accounts (django-allauth) ----------------------------------------------------
AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    # ASVS 2.1.1: at least 12 characters.
    {
        "NAME": "django.contrib.auth.password_validation.MinimumLengthValidator",
        "OPTIONS": {"min_length": 12},
    },
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "dashboard:mine"
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_LOGOUT_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
# An invitee (or anyone) who chooses a password from the e-mailed link is signed in.
ACCOUNT_LOGIN_ON_PASSWORD_RESET = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = env.str("EMAIL_SUBJECT_PREFIX", default="[Mentorship] ")
# Where links in e-mails point. Production defaults to https:// and the first allowed host;
# development to the port `make run PORT=…` serves on (honcho gives it to every process).
SITE_URL = env_or(
    "SITE_URL",
    f"https://{ALLOWED_HOSTS[0]}"
    if PRODUCTION and ALLOWED_HOSTS
    else f"http://127.0.0.1:{env.int('MENTORSHIP_PORT', default=8000)}",
)
SITE_NAME = env.str("SITE_NAME", default="Mentorship")
ACCOUNT_DEFAULT_HTTP_PROTOCOL = "https" if PRODUCTION else "http"
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_SIGNUP_FORM_CLASS = "accounts.forms.SignupExtraForm"
# allauth's rate limits are on by default; spelled out so they are visible and tested.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/5m/key",
    "signup": "20/m/ip",
    "reset_password": "20/m/ip,5/m/key",
    "confirm_email": "1/3m/key",
}

# --- Internationalisation ---------------------------------------------------------
LANGUAGE_CODE = env.str("LANGUAGE_CODE", default="en")
LANGUAGES = [("en", _("English")), ("sv", _("Swedish"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
# Dates and numbers as each language writes them: "15 dec. 2026", "5 000", "85 %".
FORMAT_MODULE_PATH = ["mentorship.formats"]
MODELTRANSLATION_DEFAULT_LANGUAGE = "en"
# A text a coordinator wrote in one language only is shown in that language to everyone.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("en", "sv"), "sv": ("en",), "en": ("sv",)}
TIME_ZONE = env.str("TIME_ZONE", default="Europe/Stockholm")
USE_I18N = True
USE_TZ = True

# --- Static files (whitenoise) ----------------------------------------------------
STATIC_URL = "static/"
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(VAR_DIR / "static")))
STATICFILES_DIRS = [BASE_DIR / "static"]
if not PRODUCTION:
    STATIC_ROOT.mkdir(parents=True, exist_ok=True)  # whitenoise warns when it is missing
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": "whitenoise.storage.CompressedManifestStaticFilesStorage"
        if PRODUCTION
        else "django.contrib.staticfiles.storage.StaticFilesStorage"
    },
}
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(VAR_DIR / "media")))
# Uploaded resources: never served as plain media, only by views that check who asks.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(VAR_DIR / "private")))
RESOURCE_MAX_UPLOAD_MB = env.int("RESOURCE_MAX_UPLOAD_MB", default=10)
IMPORT_MAX_UPLOAD_MB = env.int("IMPORT_MAX_UPLOAD_MB", default=2)
MEDIA_URL = "media/"

CRISPY_ALLOWED_TEMPLATE_PACKS = "bootstrap5"
CRISPY_TEMPLATE_PACK = "bootstrap5"

# --- E-mail ---------------------------------------------------------------------
if PRODUCTION and not env_or("EMAIL_URL", ""):
    # Without it, verification e-mails would be printed to a log nobody reads.
    raise ImproperlyConfigured(
        "EMAIL_URL must be set when DJANGO_ENV=production, "
        "e.g. smtp+tls://user:password@smtp.example.org:587."
    )
EMAIL_CONFIG = env.email_url_config(env_or("EMAIL_URL", "consolemail://"))
vars().update(EMAIL_CONFIG)
# A stalled mail server must not hold a worker (and the e-mail's record) for ever: the
# socket gives up, and the task retries later (notifications.tasks).
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=30)
DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Mentorship <noreply@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# --- Celery: Redis when given, else kombu's filesystem transport (no server needed) ---
CELERY_BROKER_URL = env_or("CELERY_BROKER_URL", REDIS_URL or "filesystem://")
CELERY_RESULT_BACKEND = env_or(
    "CELERY_RESULT_BACKEND", REDIS_URL or f"file://{VAR_DIR / 'celery' / 'results'}"
)
CELERY_BROKER_FOLDER = VAR_DIR / "celery" / "broker"
if CELERY_BROKER_URL.startswith("filesystem://"):
    CELERY_BROKER_TRANSPORT_OPTIONS = {
        "data_folder_in": str(CELERY_BROKER_FOLDER),
        "data_folder_out": str(CELERY_BROKER_FOLDER),
        "control_folder": str(VAR_DIR / "celery" / "control"),
        "store_processed": False,
    }
elif CELERY_BROKER_URL.startswith(("redis://", "rediss://")):
    # Redis hands an unacknowledged task out again after this long (acks are late). It
    # must outlast the longest wait between e-mail retries (an hour), or a retry would run
    # twice; reminders never wait as far-future ETAs, a frequent dispatcher claims them.
    CELERY_BROKER_TRANSPORT_OPTIONS = {"visibility_timeout": 6 * 60 * 60}
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_RESULT_EXPIRES = 60 * 60 * 24
CELERY_TASK_ACKS_LATE = True
# A task whose worker died is given back to the broker, not acknowledged as done.
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
CELERY_TIMEZONE = TIME_ZONE
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
# Periodic tasks live in the database (django-celery-beat), created by data migrations,
# so that changes made in the admin survive a restart of beat.

# --- Reminders (notifications/jobs.py; each app's reminders.py says who is due) ---------
# The timings below are the defaults; the README's "Reminders" table lists every reminder.
# A claimed reminder still unsent after this long (its task lost) is handed out again.
REMINDERS_RECLAIM_AFTER = env.int("REMINDERS_RECLAIM_AFTER", default=30 * 60)  # seconds
# The first wait between e-mail retries, in seconds (doubling up to an hour, with jitter).
EMAIL_RETRY_BACKOFF = env.int("EMAIL_RETRY_BACKOFF", default=60)
MEETING_REMINDER_HOURS = env.int("MEETING_REMINDER_HOURS", default=24)
AGENDA_REMINDER_DAYS = env.int("AGENDA_REMINDER_DAYS", default=3)
MEETING_CHECK_AFTER_MINUTES = env.int("MEETING_CHECK_AFTER_MINUTES", default=60)
MEETING_CHECK_UNTIL_DAYS = env.int("MEETING_CHECK_UNTIL_DAYS", default=14)
MEETING_CHECK_LINK_DAYS = env.int("MEETING_CHECK_LINK_DAYS", default=30)
STEP_REMINDER_DAYS_BEFORE = env.int("STEP_REMINDER_DAYS_BEFORE", default=2)
EVENT_REMINDER_HOURS = env.int("EVENT_REMINDER_HOURS", default=24)
AGREEMENT_REMINDER_DAYS = env.int("AGREEMENT_REMINDER_DAYS", default=7)
FIT_CHECK_REMINDER_DAYS = env.int("FIT_CHECK_REMINDER_DAYS", default=7)
FINAL_EVALUATION_DAYS_BEFORE = env.int("FINAL_EVALUATION_DAYS_BEFORE", default=7)
# How long the coordinators' dashboard is kept once worked out (0: worked out every time);
# "Refresh now" on the page works it out again.
DASHBOARD_CACHE_SECONDS = env.int("DASHBOARD_CACHE_SECONDS", default=60)
# Days before a survey occasion closes that those who have not answered are reminded.
SURVEY_REMINDER_DAYS_BEFORE = env.int("SURVEY_REMINDER_DAYS_BEFORE", default=3)
PAUSE_MAX_DAYS = env.int("PAUSE_MAX_DAYS", default=183)  # the longest pause of a relationship

# --- Security -------------------------------------------------------------------
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
X_FRAME_OPTIONS = "DENY"
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
# How many reverse proxies in front of the app set X-Forwarded-For/-Proto. Only then are
# those headers believed: for HTTPS detection and for allauth's per-IP rate limits.
TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_PROXY_COUNT = TRUSTED_PROXY_COUNT
if TRUSTED_PROXY_COUNT:
    SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
if PRODUCTION:
    SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
    SESSION_COOKIE_SECURE = True
    CSRF_COOKIE_SECURE = True
    SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=60 * 60 * 24 * 365)
    SECURE_HSTS_INCLUDE_SUBDOMAINS = env.bool("SECURE_HSTS_INCLUDE_SUBDOMAINS", default=True)
    SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
}
