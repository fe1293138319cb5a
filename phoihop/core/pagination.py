"""Pagination at national scale.

Pages count their rows up to a cap (:data:`COUNT_CAP`): ``SELECT COUNT(*) FROM (… LIMIT cap + 1)`` stops at the
cap instead of reading a whole national table, and an index serving the ordering gives the page itself. Beyond the
cap the list says "more than 10.000 records" and offers the pages up to it: an official narrows with the filters.

The large API lists page by cursor (:class:`RecordCursorPagination`): the next page continues from the last row's
position in the ordering, at the same cost whatever its depth, where ``?page=1000`` read and sorted every row before.
"""

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
    """Cursor pages for the large API lists: ``next``/``previous`` links, no total, in the list's own order (the
    ``ordering`` parameter still applies) with the id as the last key so that equal values never repeat or skip."""

    page_size = 50
    page_size_query_param = "page_size"
    max_page_size = 200

    def get_ordering(self, request, queryset, view):
        ordering = list(super().get_ordering(request, queryset, view))
        if not any(field.lstrip("-") in ("pk", "id") for field in ordering):
            ordering.append("-id" if ordering and ordering[0].startswith("-") else "id")
        return tuple(ordering)
