"""Request guards that run before any view, the answer when the embedded database stays busy, and the security
headers of every answer.

``UrlLengthLimitMiddleware`` refuses an address (path and query string) longer than ``MAX_URL_LENGTH`` with
414: JSON under /api/, the HTML error page elsewhere. The application answers it, not the WSGI server, so an
API client gets the same ``{"detail": …}`` body as for every other error. The server's own request-line limit
(gunicorn ``--limit-request-line``) must stay above ``MAX_URL_LENGTH`` for that; docs/operations.md gives the
values.

``SecurityHeadersMiddleware`` gives every answer the Content-Security-Policy and keeps what a signed-in person
read out of the browser's cache (``Cache-Control: private, no-store``); docs/security.md, "Headers".
"""

import re
from urllib.parse import urlsplit

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured
from django.db import OperationalError
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
from django.utils.cache import patch_vary_headers
from django.utils.translation import gettext as _

from phoihop.core.views.errors import is_api, json_error


class UrlLengthLimitMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        limit = settings.MAX_URL_LENGTH
        length = len(request.path_info) + len(request.META.get("QUERY_STRING", ""))
        if limit and length > limit:
            if is_api(request):
                return json_error(
                    414,
                    _("The address is too long (%(length)s characters; at most %(limit)s). Use fewer filters.")
                    % {"length": length, "limit": limit},
                )
            return render(request, "414.html", {"limit": limit}, status=414)
        return self.get_response(request)


#: seconds a client is asked to wait before retrying a write the busy database refused
RETRY_AFTER = 30


def is_database_busy(error) -> bool:
    """SQLite's "database is locked": another writer (usually a long import) held the write lock for longer than
    ``SQLITE_BUSY_TIMEOUT``. PostgreSQL never raises it (writers run in parallel there)."""
    return isinstance(error, OperationalError) and "database is locked" in str(error)


def busy_message():
    return _(
        "The system is busy saving a large operation (an import) of another user; nothing of yours was saved. "
        "Try again in a minute."
    )


class DatabaseBusyMiddleware:
    """A write refused because the embedded database stayed locked answers 503 with Retry-After and a message
    (JSON under /api/, the HTML page elsewhere), not a 500: nothing was written, the user only has to retry."""

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_exception(self, request, exception):
        if not is_database_busy(exception):
            return None
        if is_api(request):
            response = json_error(503, busy_message())
        else:
            response = render(request, "503.html", {"message": busy_message()}, status=503)
        response["Retry-After"] = str(RETRY_AFTER)
        return response


class TextGZipMiddleware(GZipMiddleware):
    """Gzip for what is text (pages, JSON, GeoJSON, CSV, calendars): a national map layer shrinks tenfold.

    Downloads already compressed (.docx, .xlsx, .pdf, photos) pass as they are, keeping their ``Content-Length``
    (the browser shows the download's progress) and the CPU for work that gains from it."""

    compressible = ("text/", "application/json", "application/geo+json", "application/javascript")

    def process_response(self, request, response):
        content_type = response.get("Content-Type", "").split(";")[0].strip().lower()
        if not content_type.startswith(self.compressible) and not content_type.endswith("+json"):
            return response
        return super().process_response(request, response)


#: a Leaflet URL template's placeholder ("{s}" sub-domain, "{z}", "{x}", "{y}" …)
PLACEHOLDER = re.compile(r"\{[^}]*\}")


def tile_origin(url: str) -> str:
    """The origin of a tile URL template as a CSP source: "http://tiles.local/{z}/{x}/{y}.png" → "http://tiles.local",
    "http://{s}.tiles.local/…" → "http://*.tiles.local". Empty for an empty or relative template (served by 'self')."""
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        return ""
    labels = parts.netloc.rpartition("@")[2].split(".")
    if PLACEHOLDER.search(labels[0]):
        labels[0] = "*"
    host = ".".join(labels)
    if PLACEHOLDER.search(host):
        raise ImproperlyConfigured(
            f"MAP_TILE_URL {url!r}: a placeholder in the host is allowed only as its first label ({{s}}.tiles.local)."
        )
    return f"{parts.scheme.lower()}://{host.lower()}"


def content_security_policy(tile_url: str = "") -> str:
    """The policy of every answer that brings none of its own. Scripts only from our own files: no inline script,
    no event-handler attribute, no ``eval`` (htmx runs with ``allowEval: false``, see base.html)."""
    images = ["'self'", "data:", "blob:"]
    tiles = tile_origin(tile_url)
    if tiles:
        images.append(tiles)  # the base map's tiles are <img> elements loaded from the tile server
    directives = {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        # Inline styles stay allowed: templates carry style attributes (bar widths, colours) and a few <style>
        # blocks, Leaflet and its cluster icons and ECharts' tooltips write style attributes into the HTML they
        # build. A style cannot run code; the scripts, which can, stay strict.
        "style-src": ["'self'", "'unsafe-inline'"],
        "img-src": images,
        "font-src": ["'self'", "data:"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    }
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in directives.items())


NO_STORE = "private, no-store"


class SecurityHeadersMiddleware:
    """Content-Security-Policy on every answer, and ``Cache-Control: private, no-store`` on what a signed-in person
    reads, on every /api/ answer and on every file (exports, attachments, reports): the computer of a border post is
    shared, and its browser must not keep one person's pages, data or files for the next one to open from its cache
    or history.

    It sits right after WhiteNoise, which answers static files itself without calling the rest of the chain: they
    keep WhiteNoise's long cache headers and get neither header. Everything else, error pages (404, 500, 503)
    included, passes through here on its way out, after the session and the user are known.

    A view's own policy wins (an attachment is sent with ``sandbox``), and so does its own ``no-store``."""

    def __init__(self, get_response):
        self.get_response = get_response
        # settings are read once, at start-up (a test that changes MAP_TILE_URL builds a new instance)
        self.content_security_policy = content_security_policy(settings.MAP_TILE_URL)

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.content_security_policy
        if is_api(request) or "Content-Disposition" in response or self.signed_in(request, response):
            if "no-store" not in response.get("Cache-Control", "").lower():
                response["Cache-Control"] = NO_STORE
                response.headers.pop("Expires", None)
        return response

    @staticmethod
    def signed_in(request, response) -> bool:
        user = getattr(request, "user", None)  # absent when a middleware before authentication answered
        if user is None:
            return False
        if hasattr(request, "session"):
            # Whether the answer may be stored depends on the session cookie: a cache must not give an anonymous
            # person's stored answer to a signed-in one, nor the other way round. The session middleware has
            # already added this header if a view read the session; reading the user here may be the first read.
            patch_vary_headers(response, ("Cookie",))
        return user.is_authenticated
