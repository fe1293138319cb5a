"""Error handlers: pages keep the Vietnamese HTML error pages, everything under /api/ answers JSON.

DRF already answers its own errors in JSON (``core.api.exceptions``); these cover what happens outside a
viewset: an unknown /api/ path (the resolver's 404), an exception DRF lets through (500), a request Django
refuses before any view runs (400, 403). Declared as ``handler400`` … ``handler500`` in the root URLconf.
"""

from django.http import JsonResponse
from django.utils.translation import gettext as _
from django.views import defaults

API_PREFIX = "/api/"


def is_api(request) -> bool:
    return request.path.startswith(API_PREFIX)


def json_error(status, detail):
    return JsonResponse({"detail": detail}, status=status, json_dumps_params={"ensure_ascii": False})


def bad_request(request, exception):
    if is_api(request):
        return json_error(400, _("The request is malformed."))
    return defaults.bad_request(request, exception)


def permission_denied(request, exception):
    if is_api(request):
        return json_error(403, _("You do not have permission to perform this action."))
    return defaults.permission_denied(request, exception)


def page_not_found(request, exception):
    if is_api(request):
        return json_error(404, _("This API address does not exist."))
    return defaults.page_not_found(request, exception)


def server_error(request):
    if is_api(request):
        return json_error(500, _("A server error occurred. Please try again later."))
    return defaults.server_error(request)
