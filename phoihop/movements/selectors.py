"""Figures of the mass movements over a ``core.scope.Scope`` — defined once: the movement summary page, the
dashboard panel (``dashboard_panels.py``) and the report section (``report_sections.py``) call them.

Scope rule (``core.scope``): the gate with the ``count`` action (an organisation that receives another's figures as
"totals only" sees them counted without seeing the records), then the records owned by or involving an
organisation of the subtrees — a team of its posts, an event it organised or co-organised, a twinning it or its
partner belongs to, a visit it made or received. Period: teams active and founded by the end of the period (stock,
as at the end), twinnings running at some time in the period, events, activities and visits held in it.
"""

from decimal import Decimal

from django.db.models import Count, Q, Sum

from phoihop.border.models import Marker
from phoihop.core.numbers import rate
from phoihop.movements.choices import TeamKind
from phoihop.movements.models import HolidayVisit, SelfManagementTeam, TowardsBorderEvent, Twinning, TwinningActivity


def tidy(value) -> Decimal:
    """A sum without trailing zeros (12.50 → 12.5, 12.00 → 12), 0 for an empty sum."""
    value = Decimal(value or 0)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def percent(part, whole):
    value = rate(part, whole)
    return None if value is None else Decimal(str(value))


def scope_teams(scope):
    """Active teams of the scope founded by the end of the period."""
    teams = scope.records(SelfManagementTeam.objects.filter(active=True))
    if scope.end is not None:
        teams = teams.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=scope.end))
    return teams


def team_figures(scope) -> dict:
    """Teams and self-managing households, members, households covered, km of border line, per post; the scope's
    markers and how many an active team looks after."""
    teams = scope_teams(scope)
    figures = {
        "teams": Count("pk", filter=Q(kind=TeamKind.TEAM)),
        "households": Count("pk", filter=Q(kind=TeamKind.HOUSEHOLD)),
        "members": Sum("members_count"),
        "households_covered": Sum("households_count"),
        "km": Sum("border_length_km"),
    }
    totals = teams.order_by().aggregate(**figures)
    by_post = list(teams.order_by().values("post_id", "post__name").annotate(**figures).order_by("post__name"))
    covered = teams.filter(markers__deleted_at__isnull=True).values("markers")
    markers = scope.records(Marker.objects.all()).order_by()
    marker_totals = markers.aggregate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=covered)))

    def clean(row):
        return {
            "teams": row["teams"],
            "households": row["households"],
            "members": row["members"] or 0,
            "households_covered": row["households_covered"] or 0,
            "km": tidy(row["km"]),
        }

    return {
        **clean(totals),
        "by_post": [{"id": row["post_id"], "name": row["post__name"], **clean(row)} for row in by_post],
        "markers": marker_totals["total"],
        "markers_covered": marker_totals["covered"],
        "markers_share": percent(marker_totals["covered"], marker_totals["total"]),
    }


def _held(scope, queryset):
    """(in the period, in the comparison period or nothing) filters on ``held_on``."""
    now = scope.period_q("held_on")
    before = scope.period_q("held_on", previous=True) if scope.has_comparison else Q(pk__in=[])
    return scope.records(queryset), now, before


def event_figures(scope) -> dict:
    events, now, before = _held(scope, TowardsBorderEvent.objects.all())
    totals = events.order_by().aggregate(
        events=Count("pk", filter=now),
        participants=Sum("participants_count", filter=now),
        contributions=Sum("contributions_vnd", filter=now),
        previous=Count("pk", filter=before),
    )
    return {
        "events": totals["events"],
        "participants": totals["participants"] or 0,
        "contributions": tidy(totals["contributions"]),
        "previous": totals["previous"],
    }


def twinning_figures(scope) -> dict:
    twinnings = scope.records(Twinning.objects.filter(active=True))
    if scope.end is not None:
        twinnings = twinnings.filter(started_on__lte=scope.end)
    if scope.start is not None:
        twinnings = twinnings.filter(Q(ended_on__isnull=True) | Q(ended_on__gte=scope.start))
    new = Q(started_on__gte=scope.start) if scope.start is not None else Q(pk__in=[])
    pairs = twinnings.order_by().aggregate(
        pairs=Count("pk"),
        with_organisations=Count("pk", filter=Q(partner_organisation__isnull=False)),
        with_villages=Count("pk", filter=Q(partner_village__isnull=False)),
        new=Count("pk", filter=new),
    )
    activities, now, before = _held(scope, TwinningActivity.objects.all())
    totals = activities.order_by().aggregate(
        activities=Count("pk", filter=now),
        participants=Sum("participants_count", filter=now),
        value=Sum("value_vnd", filter=now),
        previous=Count("pk", filter=before),
    )
    return {
        **pairs,
        "activities": totals["activities"],
        "participants": totals["participants"] or 0,
        "value": tidy(totals["value"]),
        "previous": totals["previous"],
    }


def visit_figures(scope) -> dict:
    """Holiday visits held in the period with households, gifts and value, in all and by occasion (id, name);
    ``previous`` and ``previous_value`` over the comparison period."""
    visits, now, before = _held(scope, HolidayVisit.objects.all())
    totals = visits.order_by().aggregate(
        visits=Count("pk", filter=now),
        households=Sum("households_visited", filter=now),
        gifts=Sum("gifts_count", filter=now),
        value=Sum("value_vnd", filter=now),
        previous=Count("pk", filter=before),
        previous_value=Sum("value_vnd", filter=before),
    )
    rows = (
        visits.filter(now)
        .order_by()
        .values("occasion_id", "occasion__name", "occasion__sort_order")
        .annotate(
            visits=Count("pk"), households=Sum("households_visited"), gifts=Sum("gifts_count"), value=Sum("value_vnd")
        )
        .order_by("occasion__sort_order", "occasion__name")
    )
    return {
        "visits": totals["visits"],
        "households": totals["households"] or 0,
        "gifts": totals["gifts"] or 0,
        "value": tidy(totals["value"]),
        "previous": totals["previous"],
        "previous_value": tidy(totals["previous_value"]),
        "by_occasion": [
            {
                "id": row["occasion_id"],
                "name": row["occasion__name"],
                "visits": row["visits"],
                "households": row["households"] or 0,
                "gifts": row["gifts"] or 0,
                "value": tidy(row["value"]),
            }
            for row in rows
        ],
    }


def has_movements(scope) -> bool:
    """Whether the scope holds any record of the movements (the report section applies only then)."""
    models = (SelfManagementTeam, TowardsBorderEvent, Twinning, HolidayVisit)
    return any(scope.records(model.objects.all()).exists() for model in models)


def movement_figures(scope) -> dict:
    """Every figure of the movements (the summary page and the report section)."""
    return {
        "teams": team_figures(scope),
        "events": event_figures(scope),
        "twinning": twinning_figures(scope),
        "visits": visit_figures(scope),
    }


def movement_summary(user, year=None, organisation=None, today=None):
    """The summary page's figures: ``organisation``'s subtree (every organisation the user may count when None),
    ``year`` (every year when None)."""
    import datetime

    from phoihop.core.scope import Scope

    start = datetime.date(year, 1, 1) if year else None
    end = datetime.date(year, 12, 31) if year else None
    kwargs = {"today": today} if today else {}
    scope = Scope(user=user, organisations=[organisation] if organisation else [], start=start, end=end, **kwargs)
    return movement_figures(scope)
