"""Figures of the border registry over a ``core.scope.Scope`` — defined once; the schedule page, the dashboard
panel (``dashboard_panels.py``) and the report sections (``report_sections.py``) call them."""

from phoihop.border.models import Inspection, Marker, Patrol
from phoihop.border.schedule import compliance


def scope_markers(scope):
    """The markers of the scope's posts (through the gate, ``count``)."""
    return scope.records(Marker.objects.all())


def scope_patrols(scope):
    return scope.records(Patrol.objects.all())


def marker_compliance(scope) -> dict:
    """Markers by post and condition, overdue for inspection as at ``scope.today`` (``schedule.compliance``)."""
    return compliance(scope_markers(scope), scope.today)


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
