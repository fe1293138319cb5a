"""Every list's ordering is served by an index (issue 15, national scale).

A list page or an API list answers its first page with ``ORDER BY … LIMIT``; without an index in that order the
database reads and sorts the whole table (1,000,000 patrols: 1.6 s a page), with one it reads a page of index
(0.2 ms). The lists are found where the site declares them — the generic list pages (``ObjectListView``) in the
URL patterns and the API's list endpoints — and each one's ORDER BY is read from the SQL it compiles, as the
page or the endpoint builds its queryset, so a new record type, a table's ``order_by`` or a viewset's
``ordering`` is checked without being named here.

An ordering is served when an index of the table (``Meta.indexes``, a unique constraint, a unique or indexed
column; partial only on the live rows, as ``ActiveManager`` reads them) starts with its columns, every direction
as in the ORDER BY or every one reversed (a B-tree read backwards, on PostgreSQL and SQLite alike). Where an
ordering crosses to another table (a clause by its agreement's date, then its number), the columns of the list's
own table before the first joined one must be served; an ordering that starts on a joined table needs an index
of that table for its first columns and, on the list's own table, one that starts with the foreign key followed
by the list's own columns that come next, so the database can walk the parent in order and each parent's rows by
index.
"""

import datetime
import re
from unittest import skipUnless

from django.apps import apps
from django.db import connection
from django.db.models.expressions import Col
from django.test import RequestFactory, TestCase
from django.urls import get_resolver
from django.utils import timezone
from rest_framework.request import Request

from phoihop.core.models import LIVE
from phoihop.core.testing.endpoints import api_operations
from phoihop.core.testing.urls import walk_patterns
from phoihop.core.testing.world import build_world
from phoihop.core.views.generic import ObjectListView

#: lists whose ordering no index of their own can serve, each with the reason it need not
NOT_SERVED = {
    # one user's inbox (WHERE user_id = …, index user/read_at), unread first: an expression, not a column
    "work.Notification": "the caller's own notifications, unread first",
}


def _superuser():
    User = apps.get_model("accounts", "User")
    clearance = max(choice for choice, _label in User._meta.get_field("clearance").choices)
    return User.objects.create_superuser("index-check", password="x", clearance=clearance)


def _project_model(model) -> bool:
    return model.__module__.startswith("phoihop.")


def list_querysets(user):
    """(where, model, queryset) of every list of the site, each queryset ordered as its first page is."""
    factory = RequestFactory()
    lists = []
    for route, pattern in walk_patterns(get_resolver("phoihop.urls").url_patterns):
        view_class = getattr(pattern.callback, "view_class", None)
        if view_class is None or not issubclass(view_class, ObjectListView):
            continue
        kwargs = pattern.callback.view_initkwargs
        queryset = kwargs["queryset"].restrict(user)
        # as ObjectListView.get builds it with no filter and no ?sort=: the table applies its own order_by, if any
        table = kwargs["table"](queryset)
        lists.append((f"page /{route}", queryset.model, table.data.data))
    for path, method, cls, action in api_operations():
        if action != "list" or method != "GET":
            continue
        view = cls(action="list", format_kwarg=None, args=(), kwargs={})
        request = factory.get(path)
        request.user = user
        view.request = Request(request)
        view.request.user = user
        queryset = view.filter_queryset(view.get_queryset())
        paginator = view.paginator
        if paginator is not None and hasattr(paginator, "get_ordering"):  # a cursor pagination orders the page
            queryset = queryset.order_by(*paginator.get_ordering(view.request, queryset, view))
        lists.append((f"API {path}", queryset.model, queryset))
    return [(where, model, queryset) for where, model, queryset in lists if _project_model(model)]


def order_terms(queryset):
    """The compiled ORDER BY of ``queryset``: (table alias, column, descending) per term; column None for an
    expression that is not a plain column."""
    compiler = queryset.query.get_compiler(connection=connection)
    compiler.setup_query()
    terms = []
    for order_by, _sql in compiler.get_order_by():
        expression = order_by.expression
        if isinstance(expression, Col):
            terms.append((expression.alias, expression.target.column, order_by.descending))
        else:
            terms.append((None, None, order_by.descending))
    return terms


def index_columns(model):
    """The column lists (column, descending) of every index of ``model``'s table that serves its live rows."""
    meta = model._meta
    indexes = []

    def columns(names):
        out = []
        for name in names:
            descending = name.startswith("-")
            out.append((meta.get_field(name.lstrip("-")).column, descending))
        return out

    for index in meta.indexes:
        if index.fields and not index.expressions and index.condition in (None, LIVE):
            indexes.append(columns(index.fields))
    for constraint in meta.constraints:
        fields = getattr(constraint, "fields", None)
        if fields and not getattr(constraint, "expressions", None) and constraint.condition in (None, LIVE):
            indexes.append(columns(fields))
    indexes.extend(columns(fields) for fields in meta.unique_together)
    for field in meta.concrete_fields:
        if field.primary_key or field.unique or field.db_index:
            indexes.append([(field.column, False)])
    return indexes


def serves(index, wanted, *, after=0) -> bool:
    """Whether ``index`` starts with the columns of ``wanted`` (from position ``after``, any columns before),
    every direction as wanted or every one reversed."""
    part = index[after : after + len(wanted)]
    if len(part) < len(wanted) or [column for column, _desc in part] != [column for column, _desc in wanted]:
        return False
    same = [desc == wanted_desc for (_column, desc), (_c, wanted_desc) in zip(part, wanted, strict=True)]
    return all(same) or not any(same)


def join_path(query, alias):
    """The aliases joined on the way from the base table to ``alias`` (itself included, the base table not)."""
    path = []
    while alias in query.alias_map and getattr(query.alias_map[alias], "parent_alias", None) is not None:
        path.append(alias)
        alias = query.alias_map[alias].parent_alias
    return list(reversed(path))


def ordering_problem(model, queryset):
    """None when the list's ordering is served by indexes, else what is missing."""
    query = queryset.query
    base = query.get_initial_alias()
    terms = order_terms(queryset)
    if not terms:
        return "the list has no ORDER BY (its pages are in no defined order)"
    if terms[0][1] is None:
        return "the list is ordered by an expression first"
    local = []
    for alias, column, descending in terms:
        if alias != base or column is None:
            break
        local.append((column, descending))
    if local:
        if any(serves(index, local) for index in index_columns(model)):
            return None
        return f"no index on {[('-' if d else '') + c for c, d in local]}"
    # the ordering starts on a joined table: that table's index for its first columns, and on this table an
    # index on the foreign key followed by the list's own columns that come right after
    first_alias = terms[0][0]
    path = join_path(query, first_alias)
    first_hop = query.alias_map[path[0]]
    joined_model = _model_of_table(query.alias_map[first_alias].table_name)
    segment = []
    for alias, column, descending in terms:
        if alias != first_alias:
            break
        segment.append((column, descending))
    if joined_model is None or not any(serves(index, segment) for index in index_columns(joined_model)):
        label = joined_model._meta.label if joined_model else query.alias_map[first_alias].table_name
        return f"no index on {label} {[('-' if d else '') + c for c, d in segment]}"
    fk_columns = [column for column, _other in first_hop.join_cols]
    if len(fk_columns) != 1:
        return "joined through a relation of several columns"
    reached = {alias for alias in query.alias_map if path[0] in join_path(query, alias)}
    rest = list(terms)
    while rest and rest[0][0] in reached:
        rest.pop(0)
    following = []
    for alias, column, descending in rest:
        if alias != base or column is None:
            break
        following.append((column, descending))
    for index in index_columns(model):
        if index[0][0] == fk_columns[0] and (not following or serves(index, following, after=1)):
            return None
    return f"no index on ({fk_columns[0]}, {[('-' if d else '') + c for c, d in following]})"


def _model_of_table(table):
    for model in apps.get_models():
        if model._meta.db_table == table:
            return model
    return None


class TestListOrderingIndexes(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.user = _superuser()

    def test_every_list_ordering_has_an_index(self):
        lists = list_querysets(self.user)
        self.assertGreater(len({model for _where, model, _qs in lists}), 50)  # the registry was found
        problems = {}
        for where, model, queryset in lists:
            if model._meta.label in NOT_SERVED:
                continue
            problem = ordering_problem(model, queryset)
            if problem:
                problems.setdefault(f"{model._meta.label}: {problem}", []).append(where)
        report = "\n".join(f"{problem} ({', '.join(wheres)})" for problem, wheres in sorted(problems.items()))
        if problems:
            self.fail(f"lists ordered without an index:\n{report}")

    def test_exceptions_are_still_lists_without_an_index(self):
        lists = {model._meta.label: (model, queryset) for _where, model, queryset in list_querysets(self.user)}
        for label in NOT_SERVED:
            self.assertIn(label, lists)
            self.assertIsNotNone(ordering_problem(*lists[label]), f"{label} is served now: drop it from NOT_SERVED")


@skipUnless(connection.vendor == "postgresql", "the plan of PostgreSQL's planner")
class TestFirstPagePlan(TestCase):
    """The first page of the busiest lists, as the superuser reads it, is read by index: no sort of the table.

    A few thousand rows are enough for the planner to tell the two apart (at 1,000 rows the index path is a fifth of
    the cost of sorting; without the index the plan is a Sort over a Seq Scan)."""

    ROWS = 3000

    @classmethod
    def setUpTestData(cls):
        from phoihop.border.models import Patrol
        from phoihop.work.models import Task

        cls.world = build_world()
        owners = [cls.world.province, cls.world.a, cls.world.a1, cls.world.b]
        start = timezone.now() - datetime.timedelta(days=400)
        Patrol.objects.bulk_create(
            Patrol(
                post=owners[i % len(owners)],
                started_at=start + datetime.timedelta(hours=i),
                ended_at=start + datetime.timedelta(hours=i + 3),
            )
            for i in range(cls.ROWS)
        )
        day = datetime.date(2025, 1, 1)
        Task.objects.bulk_create(
            Task(
                title=f"Nhiệm vụ {i}",
                assigned_by_org=owners[i % len(owners)],
                deadline=day + datetime.timedelta(days=i % 700),
                deadline_in_force=day + datetime.timedelta(days=i % 700),
                priority=1 + i % 3,
            )
            for i in range(cls.ROWS)
        )
        with connection.cursor() as cursor:
            for model in (Patrol, Task):
                cursor.execute(f"ANALYZE {connection.ops.quote_name(model._meta.db_table)}")

    def test_first_page_is_read_by_index(self):
        lists = list_querysets(self.world.superuser)
        checked = 0
        for where, model, queryset in lists:
            if model._meta.label not in ("border.Patrol", "work.Task"):
                continue
            table = model._meta.db_table
            plan = queryset[:50].explain()
            with self.subTest(where):
                self.assertRegex(plan, rf"Index (Only )?Scan (Backward )?using \w+ on {table}\b")
                self.assertNotIn(f"Seq Scan on {table}", plan)
                self.assertIsNone(re.search(r"\bSort\b", plan), plan)
            checked += 1
        self.assertEqual(checked, 4)  # each list's page and API endpoint
