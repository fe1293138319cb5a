"""Pagination at national scale.

Pages count their rows up to a cap (:data:`COUNT_CAP`): ``SELECT COUNT(*) FROM (… LIMIT cap + 1)`` stops at the
cap instead of reading a whole national table, and an index serving the ordering gives the page itself. Beyond the
cap the list says "more than 10.000 records" and offers the pages up to it: an official narrows with the filters.

The large API lists page by cursor (:class:`RecordCursorPagination`): the next page continues from the last row's
position in the ordering, at the same cost whatever its depth, where ``?page=1000`` read and sorted every row before.
"""

from django.core.exceptions import FieldDoesNotExist
from django.core.paginator import Paginator
from django.utils.functional import cached_property
from rest_framework.pagination import CursorPagination

#: the most rows a list counts exactly
COUNT_CAP = 10_000


class CappedPaginator(Paginator):
    """A paginator whose count stops at :data:`COUNT_CAP` (``capped`` says the list holds more)."""

    cap = COUNT_CAP

    @cached_property
    def _limited_count(self):
        object_list = self.object_list
        if hasattr(object_list, "query"):  # a queryset: count at most cap + 1 rows
            return object_list[: self.cap + 1].count()
        return len(object_list)

    @cached_property
    def capped(self) -> bool:
        return self._limited_count > self.cap

    @cached_property
    def count(self):
        return min(self._limited_count, self.cap)


class RecordCursorPagination(CursorPagination):
    """Cursor pages for the large API lists: ``next``/``previous`` links and no total, in the list's own order.

    The cursor keeps the position of the ordering's first key, so that key must be a column of the row itself that
    is never empty (a date, a number, the id): an ``ordering`` asked for on anything else (a related name, a
    nullable date) gives the list's default order instead. The id is always the last key, so rows with equal
    values neither repeat nor vanish between pages."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200
    ordering = ("-id",)

    @staticmethod
    def keyable(model, name: str) -> bool:
        name = name.lstrip("-")
        if name == "pk":
            return True
        try:
            field = model._meta.get_field(name)
        except FieldDoesNotExist:
            return False
        return getattr(field, "concrete", False) and not field.is_relation and not field.null

    def get_ordering(self, request, queryset, view):
        model = queryset.model
        requested = None
        for backend in getattr(view, "filter_backends", ()):
            if hasattr(backend, "get_ordering"):
                requested = backend().get_ordering(request, queryset, view)
                break
        default = list(getattr(view, "ordering", None) or model._meta.ordering or self.ordering)
        ordering = list(requested or default)
        if not all(isinstance(key, str) for key in ordering) or not self.keyable(model, ordering[0]):
            ordering = default
        if not all(isinstance(key, str) for key in ordering) or not self.keyable(model, ordering[0]):
            ordering = list(self.ordering)
        ordering = ["-id" if key == "-pk" else "id" if key == "pk" else key for key in ordering]
        if not any(key.lstrip("-") == "id" for key in ordering):
            ordering.append("-id" if ordering[0].startswith("-") else "id")
        return tuple(ordering)
