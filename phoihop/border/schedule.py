"""Schedule compliance: how often each marker must be inspected, and which are overdue."""

import datetime

from django.conf import settings
from django.db.models import Q

from phoihop.border.choices import MarkerKind


def interval_days(kind) -> int:
    """Required days between inspections for a marker kind (setting BORDER_INSPECTION_INTERVAL_DAYS)."""
    intervals = getattr(settings, "BORDER_INSPECTION_INTERVAL_DAYS", {})
    return int(intervals.get(kind, intervals.get("default", 90)))


def overdue_q(today: datetime.date) -> Q:
    """Q over Marker: never inspected, or last inspected longer ago than its kind's interval."""
    q = Q(last_inspected_on__isnull=True)
    for kind in (MarkerKind.MAIN, MarkerKind.SECONDARY, ""):
        limit = today - datetime.timedelta(days=interval_days(kind or "default"))
        q |= Q(kind=kind, last_inspected_on__lt=limit)
    return q
