"""Production profile: everything from the environment, secure defaults, passes ``check --deploy``.

The scale-out settings (persistent connections, pgbouncer, a read-only replica, Redis) are explained in
docs/deployment.md. Values taken from ``base`` are copied, never changed in place: the test settings share them.
"""

from importlib.util import find_spec

from django.core.exceptions import ImproperlyConfigured

from .base import *  # noqa: F401,F403
from .base import CACHES, DATABASES, MIDDLEWARE, env

DEBUG = False
SECRET_KEY = env("SECRET_KEY")  # no default: production refuses to start without one
SECURE_SSL_REDIRECT = env.bool("SECURE_SSL_REDIRECT", default=True)
SECURE_PROXY_SSL_HEADER = ("HTTP_X_FORWARDED_PROTO", "https")
SECURE_HSTS_SECONDS = env.int("SECURE_HSTS_SECONDS", default=31536000)
SECURE_HSTS_INCLUDE_SUBDOMAINS = True
SECURE_HSTS_PRELOAD = env.bool("SECURE_HSTS_PRELOAD", default=True)
SESSION_COOKIE_SECURE = True
CSRF_COOKIE_SECURE = True
CSRF_COOKIE_HTTPONLY = True
SESSION_COOKIE_AGE = env.int("SESSION_COOKIE_AGE", default=8 * 3600)
REQUIRE_2FA_FOR_ADMINS = env.bool("REQUIRE_2FA_FOR_ADMINS", default=True)

# Database connections are kept for CONN_MAX_AGE seconds and checked before reuse, so a connection the server
# (or pgbouncer) closed meanwhile is replaced instead of failing the request. Behind pgbouncer in transaction
# mode (PGBOUNCER=1) a server-side cursor could outlive its transaction's server connection, so none are used;
# Django already disables psycopg's prepared statements, which transaction pooling would break too.
_conn_max_age = env.int("CONN_MAX_AGE", default=60)
_pgbouncer = env.bool("PGBOUNCER", default=False)


def _connection(database):
    database = {**database, "CONN_MAX_AGE": _conn_max_age, "CONN_HEALTH_CHECKS": True}
    if _pgbouncer:
        database["DISABLE_SERVER_SIDE_CURSORS"] = True
    return database


DATABASES = {alias: _connection(database) for alias, database in DATABASES.items()}

# A read-only streaming replica: only code wrapped in phoihop.core.db_routers.reading_from_replica() (report
# generation, exports) reads it; requests read the primary, and migrations run on the primary only.
if env("DATABASE_REPLICA_URL", default=""):
    DATABASES["replica"] = {**_connection(env.db("DATABASE_REPLICA_URL")), "TEST": {"MIRROR": "default"}}
    DATABASE_ROUTERS = ["phoihop.core.db_routers.ReplicaRouter"]

# Compressed HTML, JSON and GeoJSON (Django adds random bytes to each gzip header against BREACH). Right after
# WhiteNoise, which answers static files itself with the .gz copies it made at collectstatic, and before every
# middleware that reads or changes the body.
_gzip_at = MIDDLEWARE.index("whitenoise.middleware.WhiteNoiseMiddleware") + 1
MIDDLEWARE = [*MIDDLEWARE[:_gzip_at], "phoihop.core.middleware.TextGZipMiddleware", *MIDDLEWARE[_gzip_at:]]

# Redis (REDIS_URL, e.g. redis://redis.local:6379/0) shared by every web and worker host: the default cache, the
# import progress cache (unless CACHE_URL or IMPORT_PROGRESS_CACHE_URL name another), and sessions, kept in the
# database too (cached_db) so that a flushed or restarted Redis logs nobody out.
_redis_url = env("REDIS_URL", default="")
if _redis_url:
    if find_spec("redis") is None:
        raise ImproperlyConfigured("REDIS_URL is set but the Python package 'redis' is not installed.")

    def _redis_cache(prefix):
        return {
            "BACKEND": "django.core.cache.backends.redis.RedisCache",
            "LOCATION": _redis_url,
            "KEY_PREFIX": prefix,
            # A Redis that does not answer fails the request within seconds instead of hanging the worker.
            "OPTIONS": {"socket_connect_timeout": 5, "socket_timeout": 5},
        }

    CACHES = {**CACHES}
    if not env("CACHE_URL", default=""):
        CACHES["default"] = _redis_cache("phoihop")
    if not env("IMPORT_PROGRESS_CACHE_URL", default=""):
        CACHES["imports"] = _redis_cache("phoihop-imports")
    SESSION_ENGINE = "django.contrib.sessions.backends.cached_db"
