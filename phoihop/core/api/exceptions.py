"""API errors are JSON: field-level with 400 for bad input, 404 for anything outside the caller's scope."""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import DataError, IntegrityError
from django.db.models import ProtectedError
from django.utils.translation import gettext as _
from rest_framework import exceptions, status
from rest_framework.renderers import JSONRenderer
from rest_framework.response import Response
from rest_framework.views import exception_handler as drf_exception_handler

from phoihop.core.services import ConflictError, StaleVersionError


class Conflict(exceptions.APIException):
    status_code = status.HTTP_409_CONFLICT
    default_code = "conflict"


def exception_handler(exc, context):
    from phoihop.core.middleware import RETRY_AFTER, busy_message, is_database_busy

    if is_database_busy(exc):
        return Response({"detail": busy_message()}, status=503, headers={"Retry-After": str(RETRY_AFTER)})
    if isinstance(exc, StaleVersionError):
        return Response(
            {
                "version": [_("This record has been changed by someone else. Reload it and apply your change again.")],
                "current_version": getattr(exc.current, "version", None),
            },
            status=status.HTTP_409_CONFLICT,
        )
    if isinstance(exc, ConflictError):
        return Response({exc.field or "non_field_errors": [exc.message]}, status=status.HTTP_409_CONFLICT)
    if isinstance(exc, ValidationError):
        detail = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        exc = exceptions.ValidationError(detail)
    elif isinstance(exc, ProtectedError):
        exc = exceptions.ValidationError({"non_field_errors": [_("Other records still refer to this one.")]})
    elif isinstance(exc, DataError):  # e.g. a NUL character PostgreSQL cannot store or compare
        exc = exceptions.ValidationError(
            {"non_field_errors": [_("The data contains a character or value that cannot be stored.")]}
        )
    elif isinstance(exc, IntegrityError):
        exc = exceptions.ValidationError({"non_field_errors": [_("The data conflicts with an existing record.")]})
    elif isinstance(exc, PermissionDenied) and not isinstance(exc, exceptions.PermissionDenied):
        exc = exceptions.PermissionDenied(str(exc) or None)
    response = drf_exception_handler(exc, context)
    request = context.get("request")
    renderer = getattr(request, "accepted_renderer", None)
    if response is not None and renderer is not None and renderer.format not in ("json", "api"):
        # An error of a view that renders another format (the schema's YAML) is JSON all the same.
        request.accepted_renderer, request.accepted_media_type = JSONRenderer(), JSONRenderer.media_type
    return response
