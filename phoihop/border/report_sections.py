"""Report sections of the border registry: markers by condition, patrols and their forces, marker inspections
with their findings and follow-up tasks. They apply only when the scope has markers or patrols."""

from django.db.models import Count, Q, Sum
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.border import selectors
from phoihop.border.choices import SERIOUS_CONDITIONS, Condition, MarkerKind, PatrolKind
from phoihop.border.models import Inspection, Patrol
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import change, counted, date_text, named, number, percent, percent_text, period_qs
from phoihop.reports.sections import Section, register
from phoihop.work.choices import OPEN_STATUSES, TaskStatus
from phoihop.work.models import Task

FORCES = ("border_guards", "militia", "people", "police")
#: "5 markers damaged" (a template for ``prose.counted``)
MARKERS_IN = gettext_lazy("%(count)s markers %(name)s")


def condition_rows(counts):
    """[{code, name, count}] in the order of the choices, zeros left out."""
    labels = dict(Condition.choices)
    return [{"code": code, "name": str(labels[code]), "count": counts[code]} for code in labels if counts.get(code)]


def force_names():
    return {
        "border_guards": _("border guards"),
        "militia": _("militia"),
        "people": _("people of the self-management teams"),
        "police": _("police officers"),
    }


class BorderSection(Section):
    def applies(self, ctx):
        return selectors.has_border(ctx)


@register
class MarkersSection(BorderSection):
    key = "markers"
    field = "border"
    title = gettext_lazy("Management and protection of the border markers")
    order = 70

    def compute(self, ctx):
        """``selectors.marker_compliance`` (the dashboard's) as at the end of the period."""
        figures = selectors.marker_compliance(ctx)
        totals = figures["totals"]
        kinds = selectors.scope_markers(ctx).aggregate(
            main=Count("pk", filter=Q(kind=MarkerKind.MAIN)), secondary=Count("pk", filter=Q(kind=MarkerKind.SECONDARY))
        )
        return {
            "as_at": ctx.as_at.isoformat(),
            "total": totals["total"],
            **kinds,
            "overdue": totals["overdue"],
            "never": totals["never"],
            "by_condition": dict(zip(Condition.values, totals["conditions"], strict=True)),
            "by_post": [
                {
                    "name": row["name"],
                    "total": row["total"],
                    "overdue": row["overdue"],
                    **dict(zip(Condition.values, row["conditions"], strict=True)),
                }
                for row in figures["posts"]
            ],
        }

    def shortcomings(self, ctx, figures):
        if not figures["overdue"]:
            return []
        return [
            _("%(count)s border markers are overdue for their periodic inspection (%(posts)s).")
            % {"count": number(figures["overdue"]), "posts": named(figures["by_post"], "overdue")}
        ]

    def directions(self, ctx, figures):
        if not figures["overdue"]:
            return []
        return [
            _("Inspect the %(count)s border markers overdue for inspection and repair the damaged ones.")
            % {"count": number(figures["overdue"])}
        ]

    def render(self, ctx, figures):
        total = figures["total"]
        if not total:
            return SectionContent(self.key, str(self.title), [_("No border marker is in the care of the scope.")])
        intact = figures["by_condition"][Condition.INTACT]
        kinds = ""
        if figures["main"] and figures["secondary"]:
            kinds = " " + _("(%(main)s main and %(secondary)s secondary markers)") % {
                "main": number(figures["main"]),
                "secondary": number(figures["secondary"]),
            }
        text = _(
            "On %(date)s, the units look after %(total)s border markers%(kinds)s; %(intact)s markers (%(share)s) "
            "are intact."
        ) % {
            "date": date_text(figures.get("as_at") or ctx.as_at),
            "total": number(total),
            "kinds": kinds,
            "intact": number(intact),
            "share": percent_text(percent(intact, total)),
        }
        others = [row for row in condition_rows(figures["by_condition"]) if row["code"] != Condition.INTACT]
        if others:
            text += " " + _("The others: %(conditions)s.") % {"conditions": counted(others, MARKERS_IN, separator="; ")}
        paragraphs = [text]
        if figures["overdue"]:
            paragraphs.append(
                _(
                    "%(overdue)s markers are overdue for their periodic inspection (%(never)s never inspected); the "
                    "posts must schedule their inspection."
                )
                % {"overdue": number(figures["overdue"]), "never": number(figures["never"])}
            )
        else:
            paragraphs.append(_("Every marker has been inspected within the required interval."))
        codes = [c for c in Condition.values if figures["by_condition"][c]]
        labels = dict(Condition.choices)
        table = AnnexTable(
            title=_("Border markers by responsible post and condition"),
            headers=[_("Post"), _("Markers"), *[str(labels[c]) for c in codes], _("Overdue for inspection")],
            rows=[[row["name"], row["total"], *[row[c] for c in codes], row["overdue"]] for row in figures["by_post"]],
            numeric_columns=list(range(1, len(codes) + 3)),
        )
        return SectionContent(self.key, str(self.title), paragraphs, [table])


@register
class PatrolsSection(BorderSection):
    key = "patrols"
    field = "border"
    title = gettext_lazy("Patrols and control of the border")
    order = 80

    def compute(self, ctx):
        now, before = period_qs(ctx, "started_at__date")
        figures = {
            "count": Count("pk", filter=now),
            **{kind: Count("pk", filter=now & Q(kind=kind)) for kind in PatrolKind.values},
            **{f"{force}_sum": Sum(force, filter=now) for force in FORCES},
        }
        patrols = ctx.scoped(Patrol.objects.all()).filter(now | before).order_by()
        totals = patrols.aggregate(
            **figures,
            previous_count=Count("pk", filter=before),
            **{f"previous_{force}_sum": Sum(force, filter=before) for force in FORCES},
        )
        rows = patrols.filter(now).values("post__name").annotate(**figures).order_by("post__name")

        def forces(row, prefix=""):
            return {force: row[f"{prefix}{force}_sum"] or 0 for force in FORCES}

        return {
            "count": totals["count"],
            "by_kind": {kind: totals[kind] for kind in PatrolKind.values},
            "forces": forces(totals),
            "by_post": [
                {"name": row["post__name"], "count": row["count"], "joint": row[PatrolKind.JOINT], **forces(row)}
                for row in rows
            ],
            "previous": {"count": totals["previous_count"], "forces": forces(totals, "previous_")},
        }

    def render(self, ctx, figures):
        previous = figures["previous"]
        if not figures["count"]:
            return SectionContent(self.key, str(self.title), [_("No patrol or control was recorded in the period.")])
        labels = dict(PatrolKind.choices)
        kinds = [{"name": str(labels[k]), "count": n} for k, n in figures["by_kind"].items()]
        person_turns = sum(figures["forces"].values())
        text = _(
            "In the period, the posts organised %(count)s patrols and controls along the border (%(kinds)s), "
            "%(change)s, with %(turns)s person-turns taking part (%(forces)s)."
        ) % {
            "count": number(figures["count"]),
            "change": change(figures["count"], previous["count"]),
            "kinds": counted(kinds, _("%(count)s turns of %(name)s")),
            "turns": number(person_turns),
            "forces": counted(
                [{"name": force_names()[force], "count": n} for force, n in figures["forces"].items()], separator="; "
            ),
        }
        table = AnnexTable(
            title=_("Patrols and controls in the period, by post"),
            headers=[
                _("Post"),
                _("Patrols and controls"),
                _("Joint patrols"),
                _("Border guards"),
                _("Militia"),
                _("Civilians"),
                _("Police"),
            ],
            rows=[[row["name"], row["count"], row["joint"], *[row[f] for f in FORCES]] for row in figures["by_post"]],
            numeric_columns=[1, 2, 3, 4, 5, 6],
        )
        return SectionContent(self.key, str(self.title), [text], [table])


@register
class InspectionsSection(BorderSection):
    key = "inspections"
    field = "border"
    title = gettext_lazy("Inspections of the border markers")
    order = 90

    def compute(self, ctx):
        today = timezone.localdate()
        now, before = period_qs(ctx, "inspected_on")
        serious = Q(condition__in=SERIOUS_CONDITIONS)
        inspections = ctx.scoped(Inspection.objects.all()).filter(now | before).order_by()
        totals = inspections.aggregate(
            count=Count("pk", filter=now),
            markers=Count("marker", filter=now, distinct=True),
            serious=Count("pk", filter=now & serious),
            previous_count=Count("pk", filter=before),
            previous_serious=Count("pk", filter=before & serious),
        )
        found = dict(inspections.filter(now).values_list("condition").annotate(n=Count("pk")))
        follow_ups = ctx.scoped(Task.objects.filter(pk__in=inspections.filter(now).values("follow_up_task"))).aggregate(
            opened=Count("pk"),
            done=Count("pk", filter=Q(status=TaskStatus.DONE)),
            overdue=Count("pk", filter=Q(status__in=OPEN_STATUSES, deadline_in_force__lt=today)),
        )
        return {
            "count": totals["count"],
            "markers": totals["markers"],
            "serious": totals["serious"],
            "by_condition": {c: found.get(c, 0) for c in Condition.values},
            "follow_ups": follow_ups,
            "previous": {"count": totals["previous_count"], "serious": totals["previous_serious"]},
        }

    def shortcomings(self, ctx, figures):
        overdue = (figures.get("follow_ups") or {}).get("overdue") or 0
        if not overdue:
            return []
        return [
            _("%(count)s follow-up tasks opened after marker inspections are overdue.") % {"count": number(overdue)}
        ]

    def render(self, ctx, figures):
        previous = figures["previous"]
        if not figures["count"]:
            return SectionContent(self.key, str(self.title), [_("No marker inspection was recorded in the period.")])
        text = _(
            "In the period, the posts carried out %(count)s inspections of %(markers)s border markers, %(change)s."
        ) % {
            "count": number(figures["count"]),
            "markers": number(figures["markers"]),
            "change": change(figures["count"], previous["count"]),
        }
        findings = [row for row in condition_rows(figures["by_condition"]) if row["code"] != Condition.INTACT]
        if findings:
            text += " " + _("The inspections found: %(findings)s.") % {
                "findings": counted(findings, MARKERS_IN, separator="; ")
            }
        else:
            text += " " + _("Every marker inspected was found intact.")
        paragraphs = [text]
        follow_ups = figures["follow_ups"]
        if follow_ups["opened"]:
            paragraphs.append(
                _(
                    "Serious findings (damaged, displaced or lost markers) opened %(opened)s follow-up tasks: "
                    "%(done)s completed, %(overdue)s overdue."
                )
                % {key: number(value) for key, value in follow_ups.items()}
            )
        table = AnnexTable(
            title=_("Marker inspections in the period, by condition found"),
            headers=[_("Condition found"), _("Inspections")],
            rows=[[row["name"], row["count"]] for row in condition_rows(figures["by_condition"])],
            numeric_columns=[1],
        )
        return SectionContent(self.key, str(self.title), paragraphs, [table])
