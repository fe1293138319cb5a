"""Report sections of the programmes: results from the records (forest planted, houses handed over, people
resettled, children sponsored) with the indicators against the year's targets, and the completeness and
timeliness of the periodic figures.

Only totals leave these sections: never a household or a sponsored child (personal data lives in models of its
own, which no query here touches). A programme or indicator is named only when the report's user may *view* it;
those the report only *counts* (a "totals only" sharing rule, the other party of a regulation under review) are
folded into rows "của đơn vị khác (chia sẻ số tổng hợp)" by category — an indicator's source, unit and aggregation,
a report's period type — with their counts and sums, never a name, code or owner, and never adding two units.

Definitions follow ``programs.progress`` (official figures: approved and locked; programme-wide target when the
report covers the programme's owner, else the targets of the organisations in the scope) and
``programs.completeness`` (a report is one organisation's values of every indicator of a period type for one period;
on time when each was submitted by its deadline).
"""

import datetime
from collections import Counter, defaultdict
from decimal import Decimal

from django.db.models import Q
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.programs import selectors
from phoihop.programs.choices import Aggregation, IndicatorSource, PeriodType
from phoihop.programs.completeness import percent as completeness_percent
from phoihop.programs.models import (
    ForestPlot,
    House,
    Indicator,
    IndicatorTarget,
    PeriodicFigure,
    Programme,
    Resettlement,
    Sponsorship,
)
from phoihop.programs.progress import OFFICIAL_STATUSES
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import (
    change,
    decimal_str,
    join,
    lower_first,
    named,
    number,
    percent,
    percent_text,
    rate_change,
    to_decimal,
)
from phoihop.reports.sections import Section, register, snapshot


def scoped_programmes(ctx, start=None, end=None):
    """Programmes owned by, or with a participant in, the scope, running during the period."""
    return selectors.scope_programmes(ctx.with_period(start or ctx.start, end or ctx.end))


def scoped_indicators(ctx, programmes):
    return selectors.scope_indicators(ctx, programmes)


def in_scope(ctx, path) -> bool:
    return any(path.startswith(org.path) for org in ctx.organisations)


def shared_programmes_label(count=None) -> str:
    """What names the programmes a report only counts: "Chương trình, dự án của đơn vị khác (chia sẻ số tổng hợp)"."""
    if count is None:
        return _("Programmes and projects of other units (figures shared as totals only)")
    return _("%(count)s programmes and projects of other units (figures shared as totals only)") % {
        "count": number(count)
    }


def shared_indicators_label(count, source) -> str:
    """ "2 chỉ tiêu của đơn vị khác (chia sẻ số tổng hợp)"; with the source of values when they are computed from the
    records ("…, diện tích rừng trồng (ha), từ hồ sơ lô rừng …")."""
    if source == IndicatorSource.MANUAL:
        return _("%(count)s indicators of other units (figures shared as totals only)") % {"count": number(count)}
    label = dict(IndicatorSource.choices).get(source, source)
    return _("%(count)s indicators of other units, %(source)s (figures shared as totals only)") % {
        "count": number(count),
        "source": lower_first(label),
    }


def indicator_values(achieved, in_period, cumulative, target, reported) -> dict:
    """An indicator row's figures as the snapshot keeps them (a named indicator's and a folded row's alike)."""
    return {
        "achieved": decimal_str(achieved) if achieved is not None else None,
        "in_period": decimal_str(in_period) if in_period is not None else None,
        "cumulative": decimal_str(cumulative) if cumulative is not None else None,
        "target": decimal_str(target) if target is not None else None,
        "percent": percent(achieved or 0, target) if target and reported else None,
        "reported": reported,
    }


def _sum(values):
    """The sum of the values that are not None; None when all are."""
    values = [value for value in values if value is not None]
    return sum(values, Decimal(0)) if values else None


def fold_indicators(rows) -> list[dict]:
    """Indicators the report may not name, one row per source of values, unit, aggregation and whether they have a
    target of the year: the count of indicators and the sums of their values and targets (never two units, nor a
    stock with a flow)."""
    groups = defaultdict(list)
    for row in rows:
        groups[(row["source"], row["unit"], row["aggregation"], row["target"] is not None)].append(row)
    sources = list(IndicatorSource.values)
    folded = []
    for (source, unit, _aggregation, _with_target), members in sorted(
        groups.items(),
        key=lambda item: (sources.index(item[0][0]) if item[0][0] in sources else len(sources), *item[0][1:3]),
    ):
        achieved, target = _sum(m["achieved"] for m in members), _sum(m["target"] for m in members)
        reported = any(m["reported"] for m in members)
        in_period, cumulative = _sum(m["in_period"] for m in members), _sum(m["cumulative"] for m in members)
        folded.append(
            {
                "shared": True,
                "indicators": len(members),
                "programme": shared_programmes_label(),
                "name": shared_indicators_label(len(members), source),
                "unit": unit,
                "decimals": max(m["decimals"] for m in members),
                **indicator_values(achieved, in_period, cumulative, target, reported),
            }
        )
    return folded


def fold_completeness(rows) -> list[dict]:
    """Completeness rows of programmes the report may not name, one per period type: the reports due, sent on time,
    late and overdue added up, the rates recomputed; no programme, period or unit named."""
    groups = defaultdict(list)
    for row in rows:
        groups[row["period_type"]].append(row)
    order = list(PeriodType.values)
    keys = ("reporters", "expected", "reported", "on_time", "late", "overdue", "not_due")
    folded = []
    for period_type, members in sorted(groups.items(), key=lambda item: order.index(item[0])):
        totals = {key: sum(m[key] for m in members) for key in keys}
        programmes = len({m["programme_id"] for m in members})
        folded.append(
            {
                "shared": True,
                "programme_id": None,
                "programme": shared_programmes_label(programmes),
                "code": "",
                "programmes": programmes,
                "period_type": period_type,
                "period_type_label": members[0]["period_type_label"],
                **totals,
                "completeness": completeness_percent(totals["reported"], totals["expected"]),
                "timeliness": completeness_percent(totals["on_time"], totals["expected"]),
                "missing": [],
            }
        )
    return folded


@register
class ProgrammesSection(Section):
    key = "programmes"
    field = "development"
    title = gettext_lazy("Programmes and projects in the border area")
    order = 100

    def applies(self, ctx):
        if scoped_programmes(ctx).exists():
            return True
        records = (ForestPlot, House, Resettlement, Sponsorship)
        return any(ctx.scoped(model.objects.all()).exists() for model in records)

    def compute(self, ctx):
        """``selectors.record_figures`` (the progress page's definition) over the period and its comparison."""
        figures = selectors.record_figures(ctx)
        forest, houses, resettled = figures["forest"], figures["houses"], figures["resettled"]

        def sponsored(row):
            return {
                "children": row["children"],
                "new": row["new_period"],
                "support": decimal_str(row["support_period"], 0),
            }

        programmes = scoped_programmes(ctx)
        listed = list(programmes.order_by("code", "pk").values_list("pk", "name"))
        named = ctx.viewable_ids(Programme, [pk for pk, _name in listed])
        return {
            "programmes": [name for pk, name in listed if pk in named],
            "shared_programmes": len(listed) - len(named),
            "forest": {
                "plots": forest["plots_period"],
                "ha": decimal_str(forest["ha_period"]),
                "households": forest["households_period"],
                "previous_ha": decimal_str(forest["previous_ha_period"]),
            },
            "houses": {
                "started": houses["started_period"],
                "handed_over": houses["handed_over_period"],
                "building": houses["building"],
                "previous_handed_over": houses["previous_handed_over_period"],
                "cost": decimal_str(houses["cost_period"], 0),
                "people": houses["people_period"],
            },
            "resettled": {
                "households": resettled["households_period"],
                "people": resettled["people_period"],
                "previous_households": resettled["previous_households_period"],
            },
            "sponsored": sponsored(figures["sponsored"]),
            "previous_sponsored": sponsored(figures["previous_sponsored"]),
            "year": ctx.end.year,
            "indicators": self.indicator_progress(ctx, programmes, named),
        }

    def indicator_progress(self, ctx, programmes, named_programmes):
        """Each indicator's official value from the start of the year to the end of the period (a stock: each
        organisation's latest value, summed), the value in the period, and the year's target. The indicators the
        user may view, of programmes they may view, are named; the others are folded (``fold_indicators``)."""
        year, year_start = ctx.end.year, datetime.date(ctx.end.year, 1, 1)
        indicators = list(
            scoped_indicators(ctx, programmes)
            .order_by("programme__code", "sort_order", "code")
            .values(
                "pk",
                "name",
                "unit",
                "decimals",
                "aggregation",
                "source",
                "programme_id",
                "programme__name",
                "programme__owner__path",
            )
        )
        ids = [row["pk"] for row in indicators]
        named = ctx.viewable_ids(
            Indicator, [row["pk"] for row in indicators if row["programme_id"] in named_programmes]
        )
        own_targets = ctx.scoped(IndicatorTarget.objects.filter(indicator__in=ids, year=year), org_field="organisation")
        wide_targets = ctx.scoped(IndicatorTarget.objects.filter(indicator__in=ids, year=year, organisation=None))
        wide, per_org = {}, defaultdict(Decimal)
        for indicator_id, organisation_id, value in IndicatorTarget.objects.filter(
            Q(pk__in=own_targets.values("pk")) | Q(pk__in=wide_targets.values("pk"))
        ).values_list("indicator_id", "organisation_id", "value"):
            if organisation_id is None:
                wide[indicator_id] = value
            else:
                per_org[indicator_id] += value
        figures = ctx.scoped(
            PeriodicFigure.objects.filter(
                indicator__in=ids, status__in=OFFICIAL_STATUSES, period_start__lte=ctx.end, value__isnull=False
            )
        ).order_by("period_start")
        series = defaultdict(list)
        for indicator_id, organisation_id, start, value in figures.values_list(
            "indicator_id", "organisation_id", "period_start", "value"
        ):
            series[indicator_id].append((organisation_id, start, value))
        result, hidden = [], []
        for row in indicators:
            rows = series[row["pk"]]
            if row["aggregation"] == Aggregation.LATEST:
                latest = {org: value for org, _start, value in rows}  # ordered by period: the last one wins
                achieved = sum(latest.values(), Decimal(0)) if latest else None
                in_period = cumulative = None
                reported = bool(latest)
            else:
                # no official figure of the year yet (a yearly figure comes after the year): not "0 of the target"
                reported = any(s >= year_start for _o, s, _v in rows)
                achieved = sum((v for _o, s, v in rows if s >= year_start), Decimal(0))
                in_period = sum((v for _o, s, v in rows if s >= ctx.start), Decimal(0))
                # every official value up to the end of the period: never below the period's or the year's
                cumulative = sum((v for _o, _s, v in rows), Decimal(0))
            if in_scope(ctx, row["programme__owner__path"]) and row["pk"] in wide:
                target = wide[row["pk"]]
            else:
                target = per_org.get(row["pk"])
            if row["pk"] not in named:
                hidden.append(
                    {
                        "source": row["source"],
                        "unit": row["unit"],
                        "aggregation": row["aggregation"],
                        "decimals": row["decimals"],
                        "achieved": achieved,
                        "in_period": in_period,
                        "cumulative": cumulative,
                        "target": target,
                        "reported": reported,
                    }
                )
                continue
            result.append(
                {
                    "programme": row["programme__name"],
                    "name": row["name"],
                    "unit": row["unit"],
                    "decimals": row["decimals"],
                    **indicator_values(achieved, in_period, cumulative, target, reported),
                }
            )
        # an indicator named like another one (two programmes' "Nhà bàn giao") is named with its programme
        names = Counter(row["name"] for row in result)
        for row in result:
            if names[row["name"]] > 1:
                row["name"] = f"{row['name']} ({row['programme']})"
        return result + fold_indicators(hidden)

    def strengths(self, ctx, figures):
        met = [row for row in figures["indicators"] if row["percent"] is not None and row["percent"] >= 100]
        if not met:
            return []
        return [
            _("The targets of %(year)s have been reached for %(names)s.")
            % {"year": figures["year"], "names": join(lower_first(row["name"]) for row in met[:5])}
        ]

    def directions(self, ctx, figures):
        open_targets = [row for row in figures["indicators"] if row["percent"] is not None and row["percent"] < 100]
        if not open_targets:
            return []
        entries = [
            _("%(name)s (%(achieved)s of %(target)s %(unit)s)")
            % {
                "name": lower_first(row["name"]),
                "achieved": number(row["achieved"] or 0, row["decimals"]),
                "target": number(row["target"], row["decimals"]),
                "unit": row["unit"],
            }
            for row in open_targets[:5]
        ]
        if ctx.end >= datetime.date(ctx.end.year, 12, 31):  # the year is over: its targets are made up next year
            sentence = _("Make up in the coming year for the targets of %(year)s not met: %(entries)s.")
        else:
            sentence = _("Strive to reach the targets of %(year)s not yet met: %(entries)s.")
        return [sentence % {"year": figures["year"], "entries": "; ".join(entries)}]

    def render(self, ctx, figures):
        paragraphs = []
        shared = figures.get("shared_programmes") or 0
        names = [*figures["programmes"], *([shared_programmes_label(shared)] if shared else [])]
        if names:
            paragraphs.append(
                _("In the scope of the report, %(count)s programmes and projects are under way: %(names)s.")
                % {"count": number(len(figures["programmes"]) + shared), "names": join(names)}
            )
        results = self.results(figures)
        paragraphs.append(
            " ".join(results) if results else _("In the period, the programmes and projects recorded no new result.")
        )
        targets = [row for row in figures["indicators"] if row["target"] is not None]
        if targets:
            entries = [
                (
                    _("%(name)s: %(achieved)s of %(target)s %(unit)s (%(percent)s)")
                    if row.get("reported", True)
                    else _("%(name)s: no figure reported for the year yet (target %(target)s %(unit)s)")
                )
                % {
                    "name": row["name"],
                    "achieved": number(row["achieved"] or 0, row["decimals"]),
                    "target": number(row["target"], row["decimals"]),
                    "unit": row["unit"],
                    "percent": percent_text(row["percent"]),
                }
                for row in targets[:6]
            ]
            paragraphs.append(
                _("Against the targets of %(year)s, the results up to the end of the period are: %(entries)s.")
                % {"year": figures["year"], "entries": "; ".join(entries)}
            )
        tables = []
        if figures["indicators"]:
            tables.append(
                AnnexTable(
                    title=_("Indicators of the programmes against the targets of %(year)s") % {"year": figures["year"]},
                    headers=[
                        _("Programme"),
                        _("Indicator"),
                        _("Unit of measure"),
                        _("Target of the year"),
                        _("Achieved since the start of the year"),
                        _("Achieved (%)"),
                        _("In the period"),
                        _("Cumulative to the end of the period"),
                    ],
                    rows=[
                        [
                            row["programme"],
                            row["name"],
                            row["unit"],
                            to_decimal(row["target"]) if row["target"] is not None else None,
                            to_decimal(row["achieved"])
                            if row["achieved"] is not None and row.get("reported", True)
                            else None,
                            row["percent"],
                            to_decimal(row["in_period"]) if row["in_period"] is not None else None,
                            to_decimal(row["cumulative"]) if row.get("cumulative") is not None else None,
                        ]
                        for row in figures["indicators"]
                    ],
                    numeric_columns=[3, 4, 5, 6, 7],
                )
            )
        return SectionContent(self.key, str(self.title), paragraphs, tables)

    def results(self, figures):
        """One sentence per kind of record with results in the period; parts that are zero are left out."""
        forest, houses, resettled = figures["forest"], figures["houses"], figures["resettled"]
        sponsored, previous_sponsored = figures["sponsored"], figures["previous_sponsored"]
        sentences = []
        if forest["plots"]:
            text = _("In the period, %(ha)s ha of forest were planted in %(plots)s plots, %(change)s") % {
                "ha": number(forest["ha"], 2),
                "plots": number(forest["plots"]),
                "change": change(forest["ha"], forest["previous_ha"], 2),
            }
            if forest["households"]:
                text += "; " + _("%(households)s households were contracted to protect them") % {
                    "households": number(forest["households"])
                }
            sentences.append(text + ".")
        parts = []
        if houses["started"]:
            parts.append(
                _("work started on %(count)s houses for poor households") % {"count": number(houses["started"])}
            )
        if houses["handed_over"]:
            text = _("%(count)s houses were handed over (%(change)s), giving %(people)s people a stable home") % {
                "count": number(houses["handed_over"]),
                "change": change(houses["handed_over"], houses["previous_handed_over"]),
                "people": number(houses["people"]),
            }
            if to_decimal(houses["cost"]):
                text += _(", at a total cost of %(cost)s VND") % {"cost": number(houses["cost"])}
            parts.append(text)
        if houses["building"]:
            parts.append(_("%(count)s houses are under construction") % {"count": number(houses["building"])})
        if parts:
            sentences.append(capfirst("; ".join(parts)) + ".")
        if resettled["households"]:
            sentences.append(
                _(
                    "%(households)s households with %(people)s people returned to their old villages or settled in "
                    "new ones, %(change)s."
                )
                % {
                    "households": number(resettled["households"]),
                    "people": number(resettled["people"]),
                    "change": change(resettled["households"], resettled["previous_households"]),
                }
            )
        if sponsored["children"] or sponsored["new"]:
            text = _("At the end of the period, the units sponsor %(children)s children (%(change)s)") % {
                "children": number(sponsored["children"]),
                "change": change(sponsored["children"], previous_sponsored["children"]),
            }
            if sponsored["new"]:
                text += _(", %(new)s of them taken on in the period") % {"new": number(sponsored["new"])}
            if to_decimal(sponsored["support"]):
                text += "; " + _("the support paid in the period came to %(support)s VND") % {
                    "support": number(sponsored["support"])
                }
            sentences.append(text + ".")
        return sentences


@register
class PeriodicFiguresSection(Section):
    key = "periodic_figures"
    field = "development"
    title = gettext_lazy("Periodic reporting of figures")
    order = 110

    def applies(self, ctx):
        return selectors.scope_indicators(ctx, selectors.scope_programmes(ctx)).exists()

    def compute(self, ctx):
        """``selectors.completeness_figures`` (the dashboard's) over the report's period and its comparison; the rows
        of the programmes the user may not view folded by period type (``fold_completeness``), the totals kept."""
        rows = selectors.completeness_figures(ctx)
        previous = selectors.completeness_figures(ctx.comparison())
        totals = selectors.completeness_totals(rows)
        named = ctx.viewable_ids(Programme, {row["programme_id"] for row in rows})
        rows = [row for row in rows if row["programme_id"] in named] + fold_completeness(
            row for row in rows if row["programme_id"] not in named
        )
        return snapshot({"rows": rows, **totals, "previous": selectors.completeness_totals(previous)})

    def shortcomings(self, ctx, figures):
        sentences = []
        if figures["overdue"]:
            rows = [{"name": name, "count": count} for name, count in figures["missing"]]
            sentences.append(
                _("%(count)s reports of periodic figures are overdue and not sent (%(units)s).")
                % {"count": number(figures["overdue"]), "units": named(rows)}
            )
        if figures["late"]:
            sentences.append(
                _("%(count)s reports of periodic figures were sent after their deadline.")
                % {"count": number(figures["late"])}
            )
        return sentences

    def directions(self, ctx, figures):
        if not figures["overdue"]:
            return []
        return [
            _("%(units)s send the periodic figures still missing and keep the reporting deadlines.")
            % {"units": join(name for name, _count in figures["missing"][:5])}
        ]

    def render(self, ctx, figures):
        if not figures["expected"]:
            text = _("No reporting period of the periodic figures ended within the period of the report.")
            return SectionContent(self.key, str(self.title), [text])
        if not figures["reported"]:
            template = _(
                "In the period, %(expected)s reports of periodic figures of %(programmes)s programmes were due; none "
                "has been sent yet."
            )
        elif not figures["late"]:
            template = _(
                "In the period, %(expected)s reports of periodic figures of %(programmes)s programmes were due; "
                "%(reported)s were sent (completeness %(completeness)s), all of them on time."
            )
        elif not figures["on_time"]:
            template = _(
                "In the period, %(expected)s reports of periodic figures of %(programmes)s programmes were due; "
                "%(reported)s were sent (completeness %(completeness)s), all of them late."
            )
        else:
            template = _(
                "In the period, %(expected)s reports of periodic figures of %(programmes)s programmes were due; "
                "%(reported)s were sent (completeness %(completeness)s), %(on_time)s of them on time (timeliness "
                "%(timeliness)s) and %(late)s late."
            )
        text = template % {
            "expected": number(figures["expected"]),
            "programmes": number(figures["programmes"]),
            "reported": number(figures["reported"]),
            "completeness": percent_text(figures["completeness"]),
            "on_time": number(figures["on_time"]),
            "timeliness": percent_text(figures["timeliness"]),
            "late": number(figures["late"]),
        }
        previous = figures["previous"]
        if previous["expected"]:
            text += " " + _("Completeness is %(change)s.") % {
                "change": rate_change(figures["completeness"], previous["completeness"])
            }
        paragraphs = [text]
        if figures["overdue"]:
            paragraphs.append(
                _("%(count)s reports are overdue and not yet sent (%(units)s); these units must report without delay.")
                % {"count": number(figures["overdue"]), "units": join(name for name, _count in figures["missing"][:8])}
            )
        labels = dict(PeriodType.choices)
        table = AnnexTable(
            title=_("Completeness and timeliness of the periodic figures in the period"),
            headers=[
                _("Programme"),
                _("Reporting period"),
                _("Reports due"),
                _("On time"),
                _("Late"),
                _("Overdue, not sent"),
                _("Completeness (%)"),
                _("Timeliness (%)"),
            ],
            rows=[
                [
                    row["programme"],
                    str(labels.get(row["period_type"], row["period_type"])),
                    row["expected"],
                    row["on_time"],
                    row["late"],
                    row["overdue"],
                    row["completeness"],
                    row["timeliness"],
                ]
                for row in figures["rows"]
            ],
            numeric_columns=[2, 3, 4, 5, 6, 7],
        )
        return SectionContent(self.key, str(self.title), paragraphs, [table])
