"""The movement summary: figures of the records the user may count, in a fixed number of aggregate queries.

Like the work statistics it uses the ``count`` action, so an organisation that receives another's figures as
"totals only" (a sharing rule) sees them counted here without seeing the records.
"""

import datetime
from decimal import Decimal

from django.db.models import Count, Q, Sum

from phoihop.border.models import Marker
from phoihop.core.choices import Action
from phoihop.movements.choices import TeamKind
from phoihop.movements.models import HolidayVisit, SelfManagementTeam, TowardsBorderEvent, Twinning, TwinningActivity


def tidy(value) -> Decimal:
    """A sum without trailing zeros (12.50 → 12.5, 12.00 → 12), 0 for an empty sum."""
    value = Decimal(value or 0)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def percent(part, whole):
    return round(Decimal(100) * part / whole, 1) if whole else None


def _within(queryset, organisation, path):
    return queryset.filter(**{f"{path}__path__startswith": organisation.path}) if organisation is not None else queryset


def team_summary(user, year=None, organisation=None):
    teams = _within(SelfManagementTeam.objects.restrict(user, Action.COUNT), organisation, "post").filter(active=True)
    if year:
        teams = teams.filter(Q(founded_on__isnull=True) | Q(founded_on__lte=datetime.date(year, 12, 31)))
    figures = {
        "teams": Count("pk", filter=Q(kind=TeamKind.TEAM)),
        "households": Count("pk", filter=Q(kind=TeamKind.HOUSEHOLD)),
        "members": Sum("members_count"),
        "households_covered": Sum("households_count"),
        "km": Sum("border_length_km"),
    }
    totals = teams.order_by().aggregate(**figures)
    by_post = list(teams.order_by().values("post_id", "post__name").annotate(**figures).order_by("post__name"))
    markers = _within(Marker.objects.restrict(user, Action.COUNT), organisation, "post").order_by()
    covered = teams.filter(markers__deleted_at__isnull=True).values("markers")
    marker_totals = markers.aggregate(visible=Count("pk"), covered=Count("pk", filter=Q(pk__in=covered)))
    for row in [totals, *by_post]:
        for key in ("members", "households_covered"):
            row[key] = row[key] or 0
        row["km"] = tidy(row["km"])
    return {
        **totals,
        "by_post": by_post,
        "markers_visible": marker_totals["visible"],
        "markers_covered": marker_totals["covered"],
        "markers_share": percent(marker_totals["covered"], marker_totals["visible"]),
    }


def event_summary(user, year=None, organisation=None):
    events = _within(TowardsBorderEvent.objects.restrict(user, Action.COUNT), organisation, "organiser")
    if year:
        events = events.filter(held_on__year=year)
    totals = events.order_by().aggregate(
        events=Count("pk"), participants=Sum("participants_count"), contributions=Sum("contributions_vnd")
    )
    return {
        "events": totals["events"],
        "participants": totals["participants"] or 0,
        "contributions": tidy(totals["contributions"]),
    }


def twinning_summary(user, year=None, organisation=None):
    twinnings = _within(Twinning.objects.restrict(user, Action.COUNT), organisation, "organisation").filter(active=True)
    activities = _within(TwinningActivity.objects.restrict(user, Action.COUNT), organisation, "twinning__organisation")
    if year:
        twinnings = twinnings.filter(started_on__lte=datetime.date(year, 12, 31)).filter(
            Q(ended_on__isnull=True) | Q(ended_on__gte=datetime.date(year, 1, 1))
        )
        activities = activities.filter(held_on__year=year)
    pairs = twinnings.order_by().aggregate(
        pairs=Count("pk"),
        with_organisations=Count("pk", filter=Q(partner_organisation__isnull=False)),
        with_villages=Count("pk", filter=Q(partner_village__isnull=False)),
    )
    totals = activities.order_by().aggregate(
        activities=Count("pk"), participants=Sum("participants_count"), value=Sum("value_vnd")
    )
    return {
        **pairs,
        "activities": totals["activities"],
        "participants": totals["participants"] or 0,
        "value": tidy(totals["value"]),
    }


def visit_summary(user, year=None, organisation=None):
    visits = _within(HolidayVisit.objects.restrict(user, Action.COUNT), organisation, "visiting_organisation")
    if year:
        visits = visits.filter(held_on__year=year)
    rows = list(
        visits.order_by()
        .values("occasion_id", "occasion__name", "occasion__sort_order")
        .annotate(
            visits=Count("pk"),
            households=Sum("households_visited"),
            gifts=Sum("gifts_count"),
            value=Sum("value_vnd"),
        )
        .order_by("occasion__sort_order", "occasion__name")
    )
    totals = {"visits": 0, "households": 0, "gifts": 0, "value": Decimal(0)}
    for row in rows:
        row["value"] = tidy(row["value"])
        for key in totals:
            row[key] = row[key] or 0
            totals[key] += row[key]
    totals["value"] = tidy(totals["value"])
    return {**totals, "by_occasion": rows}


def movement_summary(user, year=None, organisation=None):
    return {
        "teams": team_summary(user, year, organisation),
        "events": event_summary(user, year, organisation),
        "twinning": twinning_summary(user, year, organisation),
        "visits": visit_summary(user, year, organisation),
    }
