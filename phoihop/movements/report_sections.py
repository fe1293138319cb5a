"""Report section of the mass movements: self-management teams and the markers they look after, activities
"towards the border", twinning, and holiday visits with gifts.

The figures are those of the movement summary page and the dashboard (``movements.selectors``: active teams
founded by the end of the period, markers covered by an active team, twinnings running in the period), for the
report's scope and period, with the comparison period alongside.
"""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.movements import selectors
from phoihop.movements.selectors import tidy
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import change, join, number, percent_text, to_decimal
from phoihop.reports.sections import Section, register, snapshot


def worth(value, template=None) -> str:
    """ ", worth 5.000.000 VND in all" — nothing for an amount of 0."""
    if not to_decimal(value):
        return ""
    return (template or _(", worth %(value)s VND in all")) % {"value": number(value)}


@register
class MovementsSection(Section):
    key = "movements"
    field = "movements"
    title = gettext_lazy("Mass movements for the border")
    order = 120

    def applies(self, ctx):
        return selectors.has_movements(ctx)

    def compute(self, ctx):
        return snapshot(selectors.movement_figures(ctx))

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
            if twinning["activities"]:
                text = _("%(pairs)s twinnings are maintained%(new)s, with %(activities)s joint activities") % {
                    "pairs": number(twinning["pairs"]),
                    "new": new,
                    "activities": number(twinning["activities"]),
                }
            else:
                text = _("%(pairs)s twinnings are maintained%(new)s, with no joint activity recorded yet") % {
                    "pairs": number(twinning["pairs"]),
                    "new": new,
                }
            activities.append(text + worth(twinning["value"]))
        if visits["visits"]:
            activities.append(
                (
                    _(
                        "the units made %(visits)s holiday visits (%(change)s) to %(households)s households, giving "
                        "%(gifts)s gifts"
                    )
                    if visits["households"]
                    else _("the units made %(visits)s holiday visits (%(change)s), giving %(gifts)s gifts")
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
