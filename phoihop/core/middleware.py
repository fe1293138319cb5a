"""Request guards that run before any view.

``UrlLengthLimitMiddleware`` refuses an address (path and query string) longer than ``MAX_URL_LENGTH`` with
414: JSON under /api/, the HTML error page elsewhere. The application answers it, not the WSGI server, so an
API client gets the same ``{"detail": …}`` body as for every other error. The server's own request-line limit
(gunicorn ``--limit-request-line``) must stay above ``MAX_URL_LENGTH`` for that; docs/operations.md gives the
values.
"""

from django.conf import settings
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
