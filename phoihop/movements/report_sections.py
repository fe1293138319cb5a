"""Report section of the mass movements: self-management teams and the markers they look after, activities
"towards the border", twinning, and holiday visits with gifts.

The figures are those of the movement summary page (``movements.summary``: active teams founded by the end of
the period, markers covered by an active team, twinnings running in the period), computed for the report's
scope and period through ``ctx.scoped``, with the same period of last year alongside.
"""

from django.db.models import Count, Q, Sum
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.border.models import Marker
from phoihop.movements.choices import TeamKind
from phoihop.movements.models import HolidayVisit, SelfManagementTeam, TowardsBorderEvent, Twinning, TwinningActivity
from phoihop.movements.summary import tidy
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import (
    change,
    decimal_str,
    join,
    number,
    overlapping,
    percent,
    percent_text,
    period_qs,
    scoped_any,
    to_decimal,
)
from phoihop.reports.sections import Section, register


def teams_figures(ctx):
    teams = ctx.scoped(SelfManagementTeam.objects.filter(active=True)).filter(
        Q(founded_on__isnull=True) | Q(founded_on__lte=ctx.end)
    )
    figures = {
        "teams": Count("pk", filter=Q(kind=TeamKind.TEAM)),
        "households": Count("pk", filter=Q(kind=TeamKind.HOUSEHOLD)),
        "members": Sum("members_count"),
        "households_covered": Sum("households_count"),
        "km": Sum("border_length_km"),
    }
    totals = teams.order_by().aggregate(**figures)
    by_post = teams.order_by().values("post__name").annotate(**figures).order_by("post__name")
    covered = teams.filter(markers__deleted_at__isnull=True).values("markers")
    markers = (
        ctx.scoped(Marker.objects.all())
        .order_by()
        .aggregate(total=Count("pk"), covered=Count("pk", filter=Q(pk__in=covered)))
    )

    def clean(row):
        return {
            "teams": row["teams"],
            "households": row["households"],
            "members": row["members"] or 0,
            "households_covered": row["households_covered"] or 0,
            "km": decimal_str(tidy(row["km"])),
        }

    return {
        **clean(totals),
        "by_post": [{"name": row["post__name"], **clean(row)} for row in by_post],
        "markers": markers["total"],
        "markers_covered": markers["covered"],
        "markers_share": percent(markers["covered"], markers["total"]),
    }


def activity_figures(ctx):
    """Towards-the-border events, twinning activities and holiday visits in the period and last year's."""
    now, before = period_qs(ctx, "held_on")
    events = scoped_any(ctx, TowardsBorderEvent.objects.all(), "organiser", "co_organisers").aggregate(
        events=Count("pk", filter=now),
        participants=Sum("participants_count", filter=now),
        contributions=Sum("contributions_vnd", filter=now),
        previous_events=Count("pk", filter=before),
    )
    twinnings = ctx.scoped(Twinning.objects.filter(active=True)).filter(
        overlapping("started_on", "ended_on", ctx.start, ctx.end)
    )
    pairs = twinnings.aggregate(
        pairs=Count("pk"),
        with_villages=Count("pk", filter=Q(partner_village__isnull=False)),
        new=Count("pk", filter=Q(started_on__gte=ctx.start)),
    )
    activities = ctx.scoped(TwinningActivity.objects.all()).aggregate(
        activities=Count("pk", filter=now),
        participants=Sum("participants_count", filter=now),
        value=Sum("value_vnd", filter=now),
        previous_activities=Count("pk", filter=before),
    )
    visits = ctx.scoped(HolidayVisit.objects.all())
    visit_totals = visits.aggregate(
        visits=Count("pk", filter=now),
        households=Sum("households_visited", filter=now),
        gifts=Sum("gifts_count", filter=now),
        value=Sum("value_vnd", filter=now),
        previous_visits=Count("pk", filter=before),
        previous_value=Sum("value_vnd", filter=before),
    )
    by_occasion = (
        visits.filter(now)
        .order_by()
        .values("occasion__name", "occasion__sort_order")
        .annotate(
            visits=Count("pk"), households=Sum("households_visited"), gifts=Sum("gifts_count"), value=Sum("value_vnd")
        )
        .order_by("occasion__sort_order", "occasion__name")
    )
    return {
        "events": {
            "events": events["events"],
            "participants": events["participants"] or 0,
            "contributions": decimal_str(tidy(events["contributions"]), 0),
            "previous": events["previous_events"],
        },
        "twinning": {
            **pairs,
            "activities": activities["activities"],
            "participants": activities["participants"] or 0,
            "value": decimal_str(tidy(activities["value"]), 0),
            "previous": activities["previous_activities"],
        },
        "visits": {
            "visits": visit_totals["visits"],
            "households": visit_totals["households"] or 0,
            "gifts": visit_totals["gifts"] or 0,
            "value": decimal_str(tidy(visit_totals["value"]), 0),
            "previous": visit_totals["previous_visits"],
            "previous_value": decimal_str(tidy(visit_totals["previous_value"]), 0),
            "by_occasion": [
                {
                    "name": row["occasion__name"],
                    "visits": row["visits"],
                    "households": row["households"] or 0,
                    "gifts": row["gifts"] or 0,
                    "value": decimal_str(tidy(row["value"]), 0),
                }
                for row in by_occasion
            ],
        },
    }


def worth(value, template=None) -> str:
    """ ", worth 5.000.000 VND in all" — nothing for an amount of 0."""
    if not to_decimal(value):
        return ""
    return (template or _(", worth %(value)s VND in all")) % {"value": number(value)}


@register
class MovementsSection(Section):
    key = "movements"
    title = gettext_lazy("Mass movements for the border")
    order = 120

    def applies(self, ctx):
        models = (SelfManagementTeam, TowardsBorderEvent, Twinning, HolidayVisit)
        return any(ctx.scoped(model.objects.all()).exists() for model in models)

    def compute(self, ctx):
        return {"teams": teams_figures(ctx), **activity_figures(ctx)}

    def render(self, ctx, figures):
        teams, events, twinning, visits = figures["teams"], figures["events"], figures["twinning"], figures["visits"]
        paragraphs = []
        if teams["teams"] or teams["households"]:
            units = [
                template % {"count": number(teams[key])}
                for key, template in (
                    ("teams", _("%(count)s self-management teams")),
                    ("households", _("%(count)s self-managing households")),
                )
                if teams[key]
            ]
            text = _(
                "The movement of the people taking part in the self-management of the border line and markers and "
                "of security and order in the villages is maintained: %(units)s with %(members)s members and "
                "%(covered)s households look after %(km)s km of the border line"
            ) % {
                "units": join(units),
                "members": number(teams["members"]),
                "covered": number(teams["households_covered"]),
                "km": number(teams["km"], 2),
            }
            if teams["markers"]:
                text += _(" and %(covered)s of %(markers)s border markers (%(share)s)") % {
                    "covered": number(teams["markers_covered"]),
                    "markers": number(teams["markers"]),
                    "share": percent_text(teams["markers_share"]),
                }
            paragraphs.append(text + ".")
        activities = []
        if events["events"]:
            activities.append(
                _("%(events)s activities towards the border were held (%(change)s) with %(participants)s participants")
                % {
                    "events": number(events["events"]),
                    "change": change(events["events"], events["previous"]),
                    "participants": number(events["participants"]),
                }
                + worth(events["contributions"], _(", and contributions worth %(value)s VND"))
            )
        if twinning["pairs"] or twinning["activities"]:
            new = _(" (%(count)s new in the period)") % {"count": number(twinning["new"])} if twinning["new"] else ""
            activities.append(
                _("%(pairs)s twinnings are maintained%(new)s, with %(activities)s joint activities")
                % {"pairs": number(twinning["pairs"]), "new": new, "activities": number(twinning["activities"])}
                + worth(twinning["value"])
            )
        if visits["visits"]:
            activities.append(
                _(
                    "the units made %(visits)s holiday visits (%(change)s) to %(households)s households, giving "
                    "%(gifts)s gifts"
                )
                % {
                    "visits": number(visits["visits"]),
                    "change": change(visits["visits"], visits["previous"]),
                    "households": number(visits["households"]),
                    "gifts": number(visits["gifts"]),
                }
                + worth(visits["value"])
            )
        if activities:
            paragraphs.append(_("In the period, %(activities)s.") % {"activities": "; ".join(activities)})
        if not paragraphs:
            paragraphs.append(_("In the period, no activity of the mass movements was recorded."))
        tables = []
        if teams["by_post"]:
            tables.append(
                AnnexTable(
                    title=_("Self-management teams and households, by sponsoring post"),
                    headers=[
                        _("Post"),
                        _("Teams"),
                        _("Self-managing households"),
                        _("Members"),
                        _("Border length (km)"),
                    ],
                    rows=[
                        [row["name"], row["teams"], row["households"], row["members"], tidy(row["km"])]
                        for row in teams["by_post"]
                    ],
                    numeric_columns=[1, 2, 3, 4],
                )
            )
        if visits["by_occasion"]:
            tables.append(
                AnnexTable(
                    title=_("Holiday visits and gifts in the period, by occasion"),
                    headers=[_("Occasion"), _("Visits"), _("Households visited"), _("Gifts"), _("Value (VND)")],
                    rows=[
                        [row["name"], row["visits"], row["households"], row["gifts"], tidy(row["value"])]
                        for row in visits["by_occasion"]
                    ],
                    numeric_columns=[1, 2, 3, 4],
                )
            )
        return SectionContent(self.key, str(self.title), paragraphs, tables)
