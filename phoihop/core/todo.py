"""The home page's "Việc cần xử lý": what waits for the signed-in user now.

Each app registers its items in ``<app>/todo.py`` (discovered at start-up, like the dashboard panels): an item
counts the records waiting for the user and gives the URL of the list that holds exactly those records (a filter of
that list, never a count of its own), so the number and the list cannot disagree. Items with nothing waiting are
left out; the page says so when nothing waits at all.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

_REGISTRY: dict[str, TodoItem] = {}


@dataclass(frozen=True)
class TodoItem:
    key: str
    order: int
    label: object  # a lazy translation
    #: (user, today) → (count, url) — the count is that of the list at ``url``
    compute: Callable
    #: "danger" for what is late, "warning" for what waits for a decision, "info" otherwise
    tone: str = "info"


def register(key: str, order: int, label, tone: str = "info"):
    """Decorator: ``@register("tasks_to_report", 10, _("…"))`` over ``def count(user, today) -> (count, url)``."""

    def wrap(function):
        _REGISTRY[key] = TodoItem(key=key, order=order, label=label, compute=function, tone=tone)
        return function

    return wrap


def all_items() -> list[TodoItem]:
    return sorted(_REGISTRY.values(), key=lambda item: (item.order, item.key))


def items_for(user, today) -> list[dict]:
    """The items with something waiting for ``user``: [{key, label, count, url, tone}], in order."""
    rows = []
    for item in all_items():
        count, url = item.compute(user, today)
        if count:
            rows.append({"key": item.key, "label": item.label, "count": count, "url": url, "tone": item.tone})
    return rows


class _Request:
    """What a filter set reads of a request: the user."""

    def __init__(self, user):
        self.user = user


def listed(user, url_name: str, filterset_class, queryset, **params) -> tuple[int, str]:
    """(count, URL) of the list at ``url_name`` filtered with ``params``: the count is the list's own — the same
    gate (``view``) and the same filter set — so opening the URL shows that many rows."""
    from urllib.parse import urlencode

    from django.http import QueryDict
    from django.urls import reverse

    from phoihop.core.choices import Action

    data = QueryDict(mutable=True)
    for key, value in params.items():
        data.setlist(key, [str(v) for v in value] if isinstance(value, list | tuple) else [str(value)])
    filterset = filterset_class(data, queryset=queryset.restrict(user, Action.VIEW), request=_Request(user))
    count = filterset.qs.count() if filterset.is_valid() else 0
    return count, f"{reverse(url_name)}?{urlencode(params, doseq=True)}"
