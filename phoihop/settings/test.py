"""Test settings: fast hashing, immediate background jobs, no login lockout unless a test turns it on."""

import os
import tempfile
from pathlib import Path

from .base import *  # noqa: F401,F403

# Files written by tests (uploads, exports) go to a throw-away folder, never var/private.
MEDIA_ROOT = Path(tempfile.mkdtemp(prefix="phoihop-test-media-"))

PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
AXES_ENABLED = False
CACHES = {**CACHES, "imports": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "imports"}}  # noqa: F405
TASKS = {"default": {"BACKEND": "django_tasks.backends.immediate.ImmediateBackend"}}
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}

# As in production: classified records are register entries only (a test that needs content on a classified
# record says so with override_settings(STATE_SECRET_CONTENT=True)).
STATE_SECRET_CONTENT = False

# A classified record type that exists only in tests (tests/testapp).
INSTALLED_APPS = [*INSTALLED_APPS, "tests.testapp"]  # noqa: F405
ROOT_URLCONF = "tests.testapp.urls"

# On SQLite the test database is a file, never pytest-django's in-memory default: threads of the concurrency
# tests (phoihop/core/tests/test_concurrency.py) must share one database as the web server's workers do,
# with the same WAL journal, busy timeout and IMMEDIATE transactions. One file per test process.
if DATABASES["default"]["ENGINE"] == "django.db.backends.sqlite3":  # noqa: F405
    DATABASES["default"]["TEST"] = {  # noqa: F405
        "NAME": str(Path(tempfile.gettempdir()) / f"phoihop-test-{os.getpid()}.sqlite3"),
    }
