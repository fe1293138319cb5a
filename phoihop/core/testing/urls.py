"""Every URL pattern of the site with its converters, so tests can walk every page and API path."""

from django.urls import URLPattern, URLResolver, get_resolver
from django.urls.converters import IntConverter


def walk_patterns(patterns=None, prefix=""):
    """Yield (route, pattern) for every URLPattern; ``route`` joins the routes of its resolvers."""
    if patterns is None:
        patterns = get_resolver().url_patterns
    for entry in patterns:
        route = prefix + str(entry.pattern)
        if isinstance(entry, URLResolver):
            yield from walk_patterns(entry.url_patterns, route)
        elif isinstance(entry, URLPattern):
            yield route, entry


def integer_routes():
    """Routes ("border/markers/<int:pk>/") whose every parameter is an integer (<int:…> or its like)."""
    routes = []
    for route, pattern in walk_patterns():
        converters = dict(pattern.pattern.converters)
        if not converters or "^" in route:
            continue
        if all(isinstance(conv, IntConverter) for conv in converters.values()):
            routes.append((route, list(converters)))
    return routes
