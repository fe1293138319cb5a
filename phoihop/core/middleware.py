"""Request guards that run before any view, and the answer when the embedded database stays busy.

``UrlLengthLimitMiddleware`` refuses an address (path and query string) longer than ``MAX_URL_LENGTH`` with
414: JSON under /api/, the HTML error page elsewhere. The application answers it, not the WSGI server, so an
API client gets the same ``{"detail": …}`` body as for every other error. The server's own request-line limit
(gunicorn ``--limit-request-line``) must stay above ``MAX_URL_LENGTH`` for that; docs/operations.md gives the
values.
"""

from django.conf import settings
from django.db import OperationalError
from django.middleware.gzip import GZipMiddleware
from django.shortcuts import render
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
