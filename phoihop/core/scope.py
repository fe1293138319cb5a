"""The scope of a figure: one rule for every count the system prints.

A :class:`Scope` is what a figure is computed *for*: the user it is computed for (the access gate, with their
clearance and the sharing rules that benefit them), the organisations whose subtrees it covers, the period and the
date "today". Every figure of every app (``<app>/selectors.py``) takes a scope; the statistics pages, the lists'
counts, the dashboard panels, the API statistics and the report sections build one and call the same function, so a
figure printed in two places cannot disagree.

The rule, in order:

1. **the gate** — ``restrict(queryset, user, Action.COUNT)``: the user's subtrees, what sharing rules give them
   (a "totals only" rule counts without showing records), participants, and classified records only up to the
   user's clearance;
2. **the subtrees** — the records that *concern* one of the scope's organisations or an organisation below it:
   owned by it (the model's ``access_org_field``) or involving it as a participant (``access_participant_fields``:
   a task's units, a duty's assigning organisation, a visit's visited organisation, a programme's participants).
   A figure that is about one side only (documents *issued* by the scope, tasks *led* by it) names the field it
   reads (``fields=``). A scope without organisations (``everything``) is the gate alone;
3. **the period** — ``in_period(queryset, field)``: the field's date within ``start``–``end``, both included.
   Stocks (markers by condition, houses handed over) are read *as at* ``end``.

The comparison period (``compare_start``–``compare_end``) is set by whoever builds the scope (a report: the same
period of the previous year, or the previous period of the same length for a multi-year review); ``comparison()`` is
the same scope over it.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field, replace
from functools import reduce
from operator import or_

from django.apps import apps
from django.db.models import Q
from django.utils import timezone

from phoihop.core.access import NOTHING, org_fields_q, restrict, sharing_rules
from phoihop.core.choices import Action


def countable_organisations(user, rules=None):
    """The organisations a figure may be computed for (the dashboard's and the statistics pages' unit choice):
    those the user may count (their subtrees, what sharing rules show them), including the owners of "totals only"
    rules of any record type (with their subtrees when the rule says so). A Tỉnh ủy sharing the Border Guard's
    cases as totals may draw the figures *of* the Border Guard, although it cannot open its records."""
    Organisation = apps.get_model("orgs", "Organisation")
    queryset = restrict(Organisation.objects.all(), user, Action.COUNT)
    if user is None or user.is_superuser or not user.is_active:
        return queryset.order_by("path")
    extra = NOTHING
    for _pk, _ct, _mode, include_subtree, owner_path, _owner in rules if rules is not None else sharing_rules(user):
        extra |= Q(path__startswith=owner_path) if include_subtree else Q(path=owner_path)
    return Organisation.objects.filter(Q(pk__in=queryset.values("pk")) | extra).order_by("path")


def _today() -> datetime.date:
    return timezone.localdate()


@dataclass
class Scope:
    """See the module docstring. ``organisations``: the roots of the subtrees (``orgs.Organisation`` rows; empty for
    every organisation the user may count)."""

    user: object
    organisations: list = field(default_factory=list)
    start: datetime.date | None = None
    end: datetime.date | None = None
    today: datetime.date = field(default_factory=_today)
    compare_start: datetime.date | None = None
    compare_end: datetime.date | None = None

    # --- organisations ---------------------------------------------------------------------------------------

    @property
    def everything(self) -> bool:
        return not self.organisations

    @property
    def paths(self) -> list[str]:
        return [org.path for org in self.organisations]

    def organisation_q(self, prefix: str = "") -> Q:
        """Q over Organisation (or, with ``prefix``, a relation to it): within the scope's subtrees."""
        if self.everything:
            return Q()
        return reduce(or_, (Q(**{f"{prefix}path__startswith": path}) for path in self.paths))

    def organisation_ids(self):
        """Subquery of the ids of the organisations in the subtrees (abolished ones included: their records still
        count for the periods they lived in)."""
        Organisation = apps.get_model("orgs", "Organisation")
        return Organisation.all_objects.filter(self.organisation_q()).values("pk")

    def contains(self, path: str) -> bool:
        return self.everything or any((path or "").startswith(root) for root in self.paths)

    # --- records ---------------------------------------------------------------------------------------------

    def concerning_q(self, model, fields=None) -> Q:
        """Q over ``model``: owned by or involving an organisation of the subtrees (``fields``: the organisation
        fields to read instead of the model's owner and participants)."""
        if self.everything:
            return Q()
        if fields is None:
            fields = (model.access_org_field, *getattr(model, "access_participant_fields", ()))
        return org_fields_q(model, fields, self.organisation_ids())

    def records(self, queryset, *, fields=None, action=Action.COUNT):
        """``queryset`` through the gate (``count`` by default) and narrowed to the records concerning the scope."""
        return self.gate(queryset, action).filter(self.concerning_q(queryset.model, fields))

    def gate(self, queryset, action=Action.COUNT):
        """``queryset`` through the gate only (for rows already narrowed to the scope by a parent record)."""
        return restrict(queryset, self.user, action)

    def viewable_ids(self, model, ids) -> set:
        """The ids among ``ids`` the user may *view*: the records a figure may name (``core.naming``). The others
        were only counted (a "totals only" sharing rule, the other party of a regulation under review) and are
        folded into rows by category, never named."""
        ids = [pk for pk in ids if pk is not None]
        if not ids:
            return set()
        return set(self.gate(model.objects.filter(pk__in=ids), Action.VIEW).values_list("pk", flat=True))

    # --- period ----------------------------------------------------------------------------------------------

    def period_q(self, date_field: str, previous: bool = False) -> Q:
        """Q: ``date_field`` within the period (or the comparison period); a datetime field (``…_at``) is
        compared on its local date. An open end is not filtered."""
        start, end = (self.compare_start, self.compare_end) if previous else (self.start, self.end)
        lookup = f"{date_field}__date" if date_field.endswith("_at") else date_field
        q = Q()
        if start is not None:
            q &= Q(**{f"{lookup}__gte": start})
        if end is not None:
            q &= Q(**{f"{lookup}__lte": end})
        return q

    def in_period(self, queryset, date_field: str, previous: bool = False):
        return queryset.filter(self.period_q(date_field, previous))

    @property
    def has_comparison(self) -> bool:
        return self.compare_start is not None and self.compare_end is not None

    @property
    def as_at(self) -> datetime.date:
        """The date stocks are read at: the end of the period, never after today."""
        return min(self.end, self.today) if self.end else self.today

    def comparison(self) -> Scope:
        """The same scope over the comparison period (no comparison of its own)."""
        return replace(self, start=self.compare_start, end=self.compare_end, compare_start=None, compare_end=None)

    def with_period(self, start, end) -> Scope:
        return replace(self, start=start, end=end)


# --- the comparison period ----------------------------------------------------------------------------------------


def shift_year(day: datetime.date, years: int = -1) -> datetime.date:
    """The same day ``years`` years later (earlier when negative); 29 February becomes the 28th."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:  # 29 February
        return day.replace(year=day.year + years, day=28)


def with_comparison(scope):
    """``scope`` compared with the same period last year ("so với cùng kỳ năm trước"), unless it has a comparison
    already (a report sets its own). A period running past today is compared up to the same day last year: records
    cannot be made ahead, so "this year" is this year so far. A period with an open end has no comparison."""
    if scope.has_comparison or scope.start is None or scope.end is None:
        return scope
    end = min(scope.end, scope.today)
    return replace(scope, compare_start=shift_year(scope.start), compare_end=shift_year(max(end, scope.start)))
