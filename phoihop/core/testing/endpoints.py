"""Every API operation, found the way the OpenAPI schema finds them: tests that walk it cover new record types."""

from drf_spectacular.generators import EndpointEnumerator
from rest_framework.test import APIRequestFactory


def api_operations():
    """(path template, HTTP method, view class, viewset action or None) of every documented API operation."""
    operations = []
    for path, _regex, method, callback in EndpointEnumerator().get_api_endpoints():
        cls = getattr(callback, "cls", None)
        if cls is None:
            continue
        actions = getattr(callback, "actions", None) or {}
        operations.append((path, method, cls, actions.get(method.lower())))
    return operations


def list_endpoints():
    """(path, viewset class) of every list endpoint that has a filterset."""
    return [
        (path, cls)
        for path, method, cls, action in api_operations()
        if action == "list" and "{" not in path and getattr(cls, "filterset_class", None) is not None
    ]


def action_endpoints():
    """(path template, viewset class, action name) of every extra POST action (@action) of a viewset."""
    standard = {"create", "update", "partial_update", "destroy", "list", "retrieve"}
    return [
        (path, cls, action)
        for path, method, cls, action in api_operations()
        if method == "POST" and action is not None and action not in standard
    ]


def filters_of(viewset, user):
    """The filters of a viewset's filterset, built as the API builds it for ``user``."""
    request = APIRequestFactory().get("/")
    request.user = user
    filterset = viewset.filterset_class(
        data={}, queryset=viewset.filterset_class._meta.model._default_manager.none(), request=request
    )
    return filterset.filters
