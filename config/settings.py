"""Broadsheet settings: one module, every deployment difference read from the environment."""

import os
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core
DEBUG = env_bool("DJANGO_DEBUG")
TESTING = "PYTEST_VERSION" in os.environ
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not (DEBUG or TESTING):
        raise ImproperlyConfigured(
            "DJANGO_SECRET_KEY is not set. Set it (or DJANGO_DEBUG=1 on a laptop) to start."
        )
    SECRET_KEY = DEVELOPMENT_SECRET_KEY
ALLOWED_HOSTS = env_list("DJANGO_ALLOWED_HOSTS", "127.0.0.1,localhost,[::1]")
SITE_URL = os.environ.get("SITE_URL", "http://127.0.0.1:8000").rstrip("/")
CSRF_TRUSTED_ORIGINS = env_list("DJANGO_CSRF_TRUSTED_ORIGINS", SITE_URL)
ROOT_URLCONF = "config.urls"
WSGI_APPLICATION = "config.wsgi.application"

# Applications
INSTALLED_APPS = [
    "blog",
    "images",
    "django_prose_editor",
    "config.apps.BroadsheetAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.sitemaps",
    "django.contrib.sites",
    # Ours first, then django-comments-xtd before django-contrib-comments, as its docs order them.
    "comments",
    "django_comments_xtd",
    "django_comments",
    # Knows both the blog and the comments: the WordPress importer.
    "wordpress",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
]

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
                "django.template.context_processors.csp",
                "blog.context_processors.site",
            ],
        },
    },
]

# Database: SQLite by default, PostgreSQL (or any other) through DATABASE_URL
DATABASE_URL = os.environ.get("DATABASE_URL", "")
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        DATABASES["default"]["OPTIONS"] = {"pool": not TESTING}
else:
    VAR_DIR.mkdir(exist_ok=True)
    DATABASES = {
        "default": {
            "ENGINE": "django.db.backends.sqlite3",
            "NAME": Path(os.environ.get("SQLITE_PATH", VAR_DIR / "db.sqlite3")),
            "CONN_MAX_AGE": None,  # opening SQLite and setting its pragmas costs more than a query
            "OPTIONS": {
                "transaction_mode": "IMMEDIATE",
                "timeout": 20,
                "init_command": (
                    "PRAGMA journal_mode=WAL; PRAGMA synchronous=NORMAL; PRAGMA foreign_keys=ON;"
                ),
            },
        }
    }
    if TESTING:
        # A file, not SQLite's default in-memory test database: tests that post from many
        # threads to the live server need real concurrent connections with WAL and locking.
        DATABASES["default"]["TEST"] = {"NAME": VAR_DIR / "test-db.sqlite3"}
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis shared by every app server through REDIS_URL; otherwise files in var/cache, which
# the workers of one server share (a per-process memory cache would serve stale pages after an
# edit made through another worker). Development and tests use local memory.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": "broadsheet",
        }
    }
elif DEBUG or TESTING:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
else:
    CACHES = {
        "default": {
            "BACKEND": "django.core.cache.backends.filebased.FileBasedCache",
            "LOCATION": Path(os.environ.get("CACHE_DIR", VAR_DIR / "cache")),
            "OPTIONS": {"MAX_ENTRIES": 5000},
        }
    }

# Authentication
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator"},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "admin:login"

# Language and time
LANGUAGE_CODE = os.environ.get("LANGUAGE_CODE", "en")
LANGUAGES = [("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = os.environ.get("TIME_ZONE", "Europe/London")
USE_I18N = True
USE_TZ = True

# Static files (WhiteNoise) and uploaded media
STATIC_URL = "static/"
STATIC_ROOT = Path(os.environ.get("STATIC_ROOT", BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "media/"
MEDIA_ROOT = Path(os.environ.get("MEDIA_ROOT", VAR_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {
        "BACKEND": (
            "django.contrib.staticfiles.storage.StaticFilesStorage"
            if DEBUG or TESTING
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Images: uploads are refused past these limits; renditions are made at upload time.
# MEDIA_URL is served by images.views.media unless it points elsewhere (an S3 bucket, a CDN).
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 50_000_000))

# Mail: MAILERS from EMAIL_URL (smtp://user:pass@host:587 for STARTTLS, smtps:// for TLS)
EMAIL_URL = urlsplit(os.environ.get("EMAIL_URL", ""))
if EMAIL_URL.scheme in {"smtp", "smtps"}:
    MAILERS = {
        "default": {
            "BACKEND": "django.core.mail.backends.smtp.EmailBackend",
            "OPTIONS": {
                "host": EMAIL_URL.hostname,
                "port": EMAIL_URL.port or (465 if EMAIL_URL.scheme == "smtps" else 587),
                "username": unquote(EMAIL_URL.username or ""),
                "password": unquote(EMAIL_URL.password or ""),
                "use_tls": EMAIL_URL.scheme == "smtp",
                "use_ssl": EMAIL_URL.scheme == "smtps",
                "timeout": 10,
            },
        }
    }
else:
    MAILERS = {"default": {"BACKEND": "django.core.mail.backends.console.EmailBackend"}}
DEFAULT_FROM_EMAIL = os.environ.get("DEFAULT_FROM_EMAIL", "Broadsheet <blog@localhost>")
SERVER_EMAIL = DEFAULT_FROM_EMAIL

# Background work: immediate by default
TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}

# Security: strict CSP, nothing from other sites
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "font-src": [CSP.SELF],
    "connect-src": [CSP.SELF],
    "object-src": [CSP.NONE],
    "base-uri": [CSP.SELF],
    "form-action": [CSP.SELF],
    "frame-ancestors": [CSP.NONE],
}
# Readers' pages allow no inline style at all; the admin's editor widgets need style attributes.
ADMIN_CSP = {**SECURE_CSP, "style-src": [CSP.SELF, CSP.UNSAFE_INLINE]}
SECURE_CONTENT_TYPE_NOSNIFF = True
SECURE_REFERRER_POLICY = "same-origin"
X_FRAME_OPTIONS = "DENY"
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
PROXY_HOPS = int(os.environ.get("DJANGO_PROXY_HOPS", "1"))  # proxies appending X-Forwarded-For
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = SITE_URL.startswith("https://")
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT")
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))

# The blog
BLOG_TITLE = os.environ.get("BLOG_TITLE", "Broadsheet")
BLOG_TAGLINE = os.environ.get("BLOG_TAGLINE", "Commentary, with sources")
POSTS_PER_PAGE = int(os.environ.get("POSTS_PER_PAGE", "10"))
SEARCH_RESULTS_PER_PAGE = int(os.environ.get("SEARCH_RESULTS_PER_PAGE", "10"))
EXCERPT_WORDS = 55

# Comments: django-comments-xtd with our model, form and moderator (comments/)
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "comments.models.Comment"
COMMENTS_XTD_FORM_CLASS = "comments.forms.CommentForm"
COMMENTS_THREAD_DEPTH = int(os.environ.get("COMMENTS_THREAD_DEPTH", "5"))
COMMENTS_XTD_MAX_THREAD_LEVEL = COMMENTS_THREAD_DEPTH - 1  # levels count from 0
COMMENTS_XTD_CONFIRM_EMAIL = env_bool("COMMENTS_CONFIRM_EMAIL")
COMMENTS_XTD_SALT = b"broadsheet-comments"
CSRF_FAILURE_VIEW = "comments.views.csrf_failure"  # a comment form without a token: confirm
COMMENTS_PER_PAGE = int(os.environ.get("COMMENTS_PER_PAGE", "50"))  # top-level comments
COMMENTS_NEWEST_FIRST = env_bool("COMMENTS_NEWEST_FIRST")
COMMENTS_CLOSE_AFTER_DAYS = int(os.environ.get("COMMENTS_CLOSE_AFTER_DAYS", "0")) or None
COMMENTS_EDIT_MINUTES = int(os.environ.get("COMMENTS_EDIT_MINUTES", "15"))
COMMENTS_NOTIFY_AUTHOR = os.environ.get("COMMENTS_NOTIFY_AUTHOR", "held")  # held, all or none
COMMENTS_HOLD_FIRST_COMMENT = env_bool("COMMENTS_HOLD_FIRST_COMMENT", True)
COMMENTS_MAX_LINKS = int(os.environ.get("COMMENTS_MAX_LINKS", "2"))
COMMENTS_BLOCKLIST = env_list("COMMENTS_BLOCKLIST")  # words, email addresses and IPs
COMMENTS_MIN_SECONDS = int(os.environ.get("COMMENTS_MIN_SECONDS", "3"))
COMMENTS_RATE_LIMIT = (int(os.environ.get("COMMENTS_RATE_LIMIT", "5")), 60)  # posts per IP, per s
COMMENTS_CONFIRMATIONS_PER_DAY = 3  # confirmation mails per address and per IP
COMMENTS_SPAM_CHECKERS = ["comments.spam.Blocklist", "comments.spam.Akismet"]
AKISMET_API_KEY = os.environ.get("AKISMET_API_KEY", "")
COMMENTS_IP_RETENTION_DAYS = int(os.environ.get("COMMENTS_IP_RETENTION_DAYS", "30"))
COMMENTS_MAIL_ATTEMPTS = 3
COMMENTS_MAIL_RETRY_SECONDS = 2

# Logging: errors to the console, where gunicorn and systemd collect them
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
