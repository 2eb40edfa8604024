"""Broadsheet settings: one module, every deployment difference read from the environment."""

import ipaddress
import os
from datetime import timedelta
from pathlib import Path
from urllib.parse import unquote, urlsplit

import dj_database_url
from django.core.exceptions import ImproperlyConfigured
from django.utils.csp import CSP
from django.utils.translation import gettext_lazy as _
from js_asset import static_lazy

BASE_DIR = Path(__file__).resolve().parent.parent
VAR_DIR = BASE_DIR / "var"


def env_bool(name, default=False):
    return os.environ.get(name, str(default)).strip().lower() in {"1", "true", "yes", "on"}


def env_list(name, default=""):
    return [item.strip() for item in os.environ.get(name, default).split(",") if item.strip()]


# Core
DEBUG = env_bool("DJANGO_DEBUG")
# Used only with DEBUG on (a laptop); without DEBUG the start fails unless a real key is given.
DEVELOPMENT_SECRET_KEY = "django-insecure-development-key-never-use-in-production"  # noqa: S105
SECRET_KEY = os.environ.get("DJANGO_SECRET_KEY", "")
if not SECRET_KEY:
    if not DEBUG:
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
    "django_tasks_db",
    # Sign-in: throttling (axes), two-factor codes, recovery codes and passkeys (django-otp).
    "axes",
    "django_otp",
    "django_otp.plugins.otp_totp",
    "django_otp.plugins.otp_static",
    "django_otp_webauthn",
    # The site itself: the page cache that follows the data, background work's retries.
    "config.apps.SiteConfig",
    # Ours first, then django-comments-xtd before django-contrib-comments, as its docs order them.
    "comments",
    "django_comments_xtd",
    "django_comments",
    # Revisions, autosave and draft links for what the admin edits (knows none of our apps).
    "revisions",
    # Knows both the blog and the comments: the WordPress importer.
    "wordpress",
]
SITE_ID = 1

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    # The database down: a 503 page with Retry-After, not a 500.
    "config.unavailable.DatabaseUnavailableMiddleware",
    # Anonymous readers' cached pages, stored with the headers of the middleware below (the
    # CSP's among them): sessions, CSRF and authentication need not run for them.
    "config.page_cache.PageCacheMiddleware",
    "django.middleware.csp.ContentSecurityPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "django_otp.middleware.OTPMiddleware",  # request.user.is_verified(): passed two-factor
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    # WordPress's /?p=123, /?s=… on the home page redirect to what they name.
    "wordpress.redirects.LegacyAddressMiddleware",
    # Turns a sign-in refused for too many failures into the lockout page; last, as axes asks.
    "axes.middleware.AxesMiddleware",
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
DATABASE_WAIT_SECONDS = 2
if DATABASE_URL:
    DATABASES = {"default": dj_database_url.parse(DATABASE_URL)}
    if DATABASES["default"]["ENGINE"] == "django.db.backends.postgresql":
        # While the server is down a request waits this long for a connection, then gets the
        # 503 page (config/unavailable.py); a connection attempt gives up after connect_timeout.
        DATABASES["default"]["OPTIONS"] = {
            "pool": {"timeout": DATABASE_WAIT_SECONDS},
            "connect_timeout": DATABASE_WAIT_SECONDS,
        }
else:
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
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

# Cache: Redis shared by every app server through REDIS_URL; otherwise files in var/cache, which
# the workers of one server share (a per-process memory cache would serve stale pages after an
# edit made through another worker, and the background worker must reach it too). While Redis
# is down the blog runs without a cache (config/cache_backends.py), rendering every page.
REDIS_URL = os.environ.get("REDIS_URL", "")
if REDIS_URL:
    CACHES = {
        "default": {
            "BACKEND": "config.cache_backends.ForgivingRedisCache",
            "LOCATION": REDIS_URL,
            # Another blog (or a test run) on the same Redis keeps its keys apart with its own.
            "KEY_PREFIX": os.environ.get("REDIS_KEY_PREFIX", "broadsheet"),
            # A Redis that stops answering costs a request at most this long, in seconds.
            "OPTIONS": {"socket_connect_timeout": 1, "socket_timeout": 1},
        }
    }
else:
    CACHES = {
        "default": {
            "BACKEND": "config.cache_backends.PlainFileCache",
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
            if DEBUG
            else "whitenoise.storage.CompressedManifestStaticFilesStorage"
        )
    },
}

# Backups: `manage.py backup` writes its timestamped archives here unless told otherwise.
BACKUP_DIR = Path(os.environ.get("BACKUP_DIR", VAR_DIR / "backups"))

# Images: uploads are refused past these limits; the worker makes renditions after upload.
# MEDIA_URL is served by images.views.media unless it points elsewhere (an S3 bucket, a CDN).
IMAGE_MAX_UPLOAD_BYTES = int(os.environ.get("IMAGE_MAX_UPLOAD_BYTES", 20 * 1024 * 1024))
IMAGE_MAX_PIXELS = int(os.environ.get("IMAGE_MAX_PIXELS", 40_000_000))
# Sound and video files (images.sniffing): stored as they are, so the limit is the file's size.
MEDIA_MAX_UPLOAD_BYTES = int(os.environ.get("MEDIA_MAX_UPLOAD_BYTES", 200 * 1024 * 1024))
# import_wordpress --fetch: the worker downloads an old site's files with this timeout (seconds),
# never from private or loopback addresses unless tests allow them (a local server).
WORDPRESS_FETCH_TIMEOUT = 20
# import_wordpress --media ARCHIVE: the most an uploads archive may unpack to.
WORDPRESS_MEDIA_ARCHIVE_BYTES = int(os.environ.get("WORDPRESS_MEDIA_ARCHIVE_BYTES", 10 * 1024**3))
WORDPRESS_FETCH_ALLOW_PRIVATE = False

# Mail: MAILERS from EMAIL_URL (smtp://user:pass@host:587 for STARTTLS, smtps:// for TLS,
# console: to print mail). Without DEBUG it must be given: mail printed to a server's console
# is mail lost (make run gives console: on a laptop).
EMAIL_URL = urlsplit(os.environ.get("EMAIL_URL", "" if not DEBUG else "console:"))
if EMAIL_URL.scheme not in {"smtp", "smtps", "console"}:
    raise ImproperlyConfigured(
        "EMAIL_URL is not set (or not smtp://, smtps:// or console:). Set it to the mail "
        "server that sends the blog's mail, or to console: to print mail instead."
    )
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

# Background work: tasks stored in the database, run by `manage.py db_worker` (make run starts
# it). A task that fails is tried again after each of these delays, then kept as failed.
TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
TASK_RETRY_SECONDS = [10, 60, 5 * 60, 30 * 60, 2 * 60 * 60]

# Security: strict CSP, nothing from other sites
SECURE_CSP = {
    "default-src": [CSP.SELF],
    "script-src": [CSP.SELF, CSP.NONCE],
    "style-src": [CSP.SELF],
    "img-src": [CSP.SELF, "data:"],
    "media-src": [CSP.SELF],
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
CSRF_FAILURE_VIEW = "config.http.csrf_failure"  # a view may keep what the reader typed
SESSION_COOKIE_HTTPONLY = True
CSRF_COOKIE_HTTPONLY = False
BEHIND_PROXY = env_bool("DJANGO_BEHIND_PROXY")
PROXY_HOPS = int(os.environ.get("DJANGO_PROXY_HOPS", "1"))  # proxies appending X-Forwarded-For
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https") if BEHIND_PROXY else None
# Served over HTTPS (SITE_URL says so): cookies only over HTTPS, plain HTTP redirected to it,
# except the health check, which load balancers ask over plain HTTP.
HTTPS = SITE_URL.startswith("https://")
SESSION_COOKIE_SECURE = CSRF_COOKIE_SECURE = HTTPS
SECURE_SSL_REDIRECT = env_bool("DJANGO_SSL_REDIRECT", HTTPS)
SECURE_REDIRECT_EXEMPT = [r"^healthz$"]
# HSTS is a promise browsers keep for its whole lifetime: off until DJANGO_HSTS_SECONDS is set.
SECURE_HSTS_SECONDS = int(os.environ.get("DJANGO_HSTS_SECONDS", "0"))
SECURE_HSTS_INCLUDE_SUBDOMAINS = env_bool("DJANGO_HSTS_INCLUDE_SUBDOMAINS")
SECURE_HSTS_PRELOAD = env_bool("DJANGO_HSTS_PRELOAD")
# Preloading binds the whole registered domain and every subdomain for good, and anyone may
# submit a domain that sends it: a choice for its owner (DJANGO_HSTS_PRELOAD=1), not a default.
SILENCED_SYSTEM_CHECKS = [] if SECURE_HSTS_PRELOAD else ["security.W021"]

# The blog
BLOG_TITLE = os.environ.get("BLOG_TITLE", "Broadsheet")
BLOG_TAGLINE = os.environ.get("BLOG_TAGLINE", "Commentary, with sources")
POSTS_PER_PAGE = int(os.environ.get("POSTS_PER_PAGE", "10"))
SEARCH_RESULTS_PER_PAGE = int(os.environ.get("SEARCH_RESULTS_PER_PAGE", "10"))
EXCERPT_WORDS = 55

# Writing: revisions kept per post or page (besides those that published it), the editor's
# autosave and heartbeat, how long a shared draft link works
REVISIONS_KEPT = int(os.environ.get("REVISIONS_KEPT", "50"))
REVISIONS_AUTOSAVE_SECONDS = 5  # after a change, the editor saves a copy within this time
REVISIONS_HEARTBEAT_SECONDS = 15  # while the form is open, it says so this often
REVISIONS_PRESENCE_SECONDS = 45  # someone unheard of for this long has left
DRAFT_LINK_DAYS = int(os.environ.get("DRAFT_LINK_DAYS", "7"))


# The post editor's own extensions (static/js/editor/): their HTML is allowed by blog/html.py,
# which sanitises every saved body, so they add nothing to the editor's own allowlist.
def _allowed_by_blog_html(extension_config, shared_config):
    pass


DJANGO_PROSE_EDITOR_EXTENSIONS = [
    {
        "js": [static_lazy("js/editor/footnotes.js")],
        "extensions": {"Footnotes": _allowed_by_blog_html},
    },
    {
        "js": [static_lazy("js/editor/markdown_paste.js")],
        "extensions": {"MarkdownPaste": _allowed_by_blog_html},
    },
]

# Sign-in: throttling and two-factor
# Too many wrong passwords lock sign-in for that account and, separately, for that address.
AUTHENTICATION_BACKENDS = [
    "axes.backends.AxesStandaloneBackend",
    "django.contrib.auth.backends.ModelBackend",
]
AXES_FAILURE_LIMIT = int(os.environ.get("LOGIN_FAILURE_LIMIT", "5"))
AXES_COOLOFF_TIME = timedelta(minutes=int(os.environ.get("LOGIN_COOLOFF_MINUTES", "15")))
AXES_LOCKOUT_PARAMETERS = ["username", "ip_address"]  # each one locks on its own
AXES_CLIENT_IP_CALLABLE = "config.http.client_ip"  # the reader's address behind the proxy
AXES_LOCKOUT_CALLABLE = "config.signin.locked_out"
AXES_RESET_COOL_OFF_ON_FAILURE_DURING_LOCKOUT = True  # each try while locked restarts the wait
AXES_SENSITIVE_PARAMETERS = []  # failures and lockouts are logged with account and address
# Staff with a device (authenticator app, passkey) confirm each sign-in with it; with
# ADMIN_REQUIRE_2FA every staff account must set one up before it reaches the admin.
ADMIN_REQUIRE_2FA = env_bool("ADMIN_REQUIRE_2FA")
OTP_TOTP_ISSUER = BLOG_TITLE
OTP_WEBAUTHN_RP_NAME = BLOG_TITLE
OTP_WEBAUTHN_ALLOW_PASSWORDLESS_LOGIN = False  # a passkey is the second step, never the only one
# A passkey belongs to a domain name: a blog at an IP address (127.0.0.1) offers them at
# http://localhost on the same port, the one plain-HTTP origin browsers allow for them.
_site = urlsplit(SITE_URL)
try:
    ipaddress.ip_address(_site.hostname or "")
    OTP_WEBAUTHN_RP_ID = "localhost"
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [f"http://localhost{f':{_site.port}' if _site.port else ''}"]
except ValueError:
    OTP_WEBAUTHN_RP_ID = _site.hostname or "localhost"
    OTP_WEBAUTHN_ALLOWED_ORIGINS = [SITE_URL]

# Comments: django-comments-xtd with our model, form and moderator (comments/)
COMMENTS_APP = "django_comments_xtd"
COMMENTS_XTD_MODEL = "comments.models.Comment"
COMMENTS_XTD_FORM_CLASS = "comments.forms.CommentForm"
COMMENTS_THREAD_DEPTH = int(os.environ.get("COMMENTS_THREAD_DEPTH", "5"))
COMMENTS_XTD_MAX_THREAD_LEVEL = COMMENTS_THREAD_DEPTH - 1  # levels count from 0
COMMENTS_XTD_CONFIRM_EMAIL = env_bool("COMMENTS_CONFIRM_EMAIL")
COMMENTS_XTD_SALT = b"broadsheet-comments"
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
COMMENTS_SPAM_CHECKERS = ["comments.spam.Blocklist"]  # local; Akismet runs in the worker
AKISMET_API_KEY = os.environ.get("AKISMET_API_KEY", "")
AKISMET_URL = "https://{key}.rest.akismet.com/1.1/comment-check"
COMMENTS_IP_RETENTION_DAYS = int(os.environ.get("COMMENTS_IP_RETENTION_DAYS", "30"))

# Logging: errors to the console, where gunicorn and systemd collect them
LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "handlers": {"console": {"class": "logging.StreamHandler"}},
    "root": {"handlers": ["console"], "level": os.environ.get("LOG_LEVEL", "WARNING")},
}
