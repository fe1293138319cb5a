"""Figures of the border registry over a ``core.scope.Scope`` — defined once; the schedule page, the dashboard
panel (``dashboard_panels.py``) and the report sections (``report_sections.py``) call them."""

import datetime

from django.db.models import Avg, CharField, DateField, OuterRef, Subquery, Value
from django.db.models.functions import Coalesce

from phoihop.border.choices import Condition
from phoihop.border.models import Inspection, Marker, Patrol
from phoihop.border.schedule import compliance
from phoihop.core.choices import Action


def scope_markers(scope):
    """The markers of the scope's posts (through the gate, ``count``)."""
    return scope.records(Marker.objects.all())


def scope_patrols(scope):
    return scope.records(Patrol.objects.all())


def markers_as_at(markers, day: datetime.date):
    """``markers`` annotated with their state on ``day``: ``condition_at`` (the condition of the latest inspection
    on or before it — a marker's condition follows its latest inspection — else intact) and ``inspected_at`` (that
    inspection's date). A marker is a physical object older than its record, so every registered marker counts."""
    latest = Inspection.objects.filter(marker=OuterRef("pk"), inspected_on__lte=day).order_by("-inspected_on", "-pk")
    return markers.annotate(
        condition_at=Coalesce(
            Subquery(latest.values("condition")[:1], output_field=CharField()), Value(Condition.INTACT)
        ),
        inspected_at=Subquery(latest.values("inspected_on")[:1], output_field=DateField()),
    )


def marker_compliance(scope) -> dict:
    """Markers by post and condition, overdue for inspection (``schedule.compliance``) as at the end of the period
    (``scope.as_at``): today's state for a period running to today, the state rebuilt from the inspections for a
    period that ended before."""
    day = scope.as_at
    if day >= scope.today:
        return compliance(scope_markers(scope), scope.today)
    return compliance(markers_as_at(scope_markers(scope), day), day, "condition_at", "inspected_at")


def scope_inspections(scope):
    """The inspections of live markers of the scope made in the period."""
    return (
        scope.records(Inspection.objects.all())
        .filter(marker__deleted_at__isnull=True)
        .filter(scope.period_q("inspected_on"))
    )


def has_border(scope) -> bool:
    """Whether the scope holds markers or patrols (the border sections apply only then)."""
    return scope_markers(scope).exists() or scope_patrols(scope).exists()


def marker_points(user, marker_ids) -> dict:
    """{marker id: (latitude, longitude)} of the positioned markers among ``marker_ids`` that ``user`` may see:
    a record placed "near marker 979" is drawn there only for a user who may see that marker. One query."""
    if not marker_ids:
        return {}
    rows = (
        Marker.objects.restrict(user, Action.VIEW)
        .filter(pk__in=marker_ids, latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values_list("pk", "latitude", "longitude")
    )
    return {pk: (lat, lon) for pk, lat, lon in rows}


def commune_centres(user, commune_ids) -> dict:
    """{commune id: (latitude, longitude)}: the centre of each commune's positioned markers that ``user`` may see.
    phoihop holds no commune boundaries; this is where a record known only by its commune is drawn (the map's
    commune names, ``border.maps.commune_features``, sit at the same place). One query."""
    if not commune_ids:
        return {}
    rows = (
        Marker.objects.restrict(user, Action.VIEW)
        .filter(commune_id__in=commune_ids, latitude__isnull=False, longitude__isnull=False)
        .order_by()
        .values("commune_id")
        .annotate(lat=Avg("latitude"), lon=Avg("longitude"))
    )
    return {row["commune_id"]: (row["lat"], row["lon"]) for row in rows}
