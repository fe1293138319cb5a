"""Report sections of the coordination work: documents, dissemination, outreach and tasks.

The definitions follow ``phoihop.work.statistics`` (the statistics page): a dissemination duty belongs to the
period of its deadline and is done once a session is recorded; a task belongs to the period of its deadline in
force, is on time when accepted by that deadline and overdue while open after it. Here every figure is computed for
the report's scope and period through ``ctx.scoped``, with the same period of last year alongside.
"""

from django.db.models import Count, Exists, OuterRef, Q, Sum
from django.utils import timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.core.choices import Action
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import (
    between,
    change,
    counted,
    join,
    number,
    percent,
    percent_text,
    period_qs,
    rate_change,
    scoped_any,
)
from phoihop.reports.sections import Section, register
from phoihop.work.choices import OPEN_STATUSES, RelationKind, TaskStatus, UnitRole
from phoihop.work.models import Dissemination, DisseminationSession, Document, OutreachSession, Task, TaskUnit

#: "Luật Biên phòng Việt Nam (15 sessions)" (a template for ``prose.counted``)
TOPIC = gettext_lazy("%(name)s (%(count)s sessions)")


def compared(current, previous):
    """Table cells: this period, the same period last year, the difference."""
    return [current, previous, current - previous]


@register
class DocumentsSection(Section):
    key = "documents"
    title = gettext_lazy("Documents issued for leadership and direction")
    order = 30

    def compute(self, ctx):
        now, before = period_qs(ctx, "signed_on")
        documents = ctx.scoped(Document.objects.all()).filter(now | before)
        rows = list(
            documents.order_by()
            .values("doc_type__name", "doc_type__sort_order")
            .annotate(count=Count("pk", filter=now), previous=Count("pk", filter=before))
            .order_by("doc_type__sort_order", "doc_type__name")
        )
        implementing = Q(relations_out__kind=RelationKind.IMPLEMENTS, relations_out__deleted_at__isnull=True)
        return {
            "total": sum(row["count"] for row in rows),
            "implementing": documents.filter(now & implementing).values("pk").distinct().count(),
            "by_type": [
                {"name": row["doc_type__name"], "count": row["count"], "previous": row["previous"]} for row in rows
            ],
            "previous": {"total": sum(row["previous"] for row in rows)},
        }

    def render(self, ctx, figures):
        total, previous = figures["total"], figures["previous"]["total"]
        if not total:
            text = _("In the period, no new document of leadership and direction was issued or registered.")
            if previous:
                text += " " + _("In the same period last year there were %(count)s.") % {"count": number(previous)}
            return SectionContent(self.key, str(self.title), [text])
        text = _(
            "In the period, the organisations issued and registered for follow-up %(total)s documents of leadership "
            "and direction, %(change)s, namely %(breakdown)s."
        ) % {"total": number(total), "change": change(total, previous), "breakdown": counted(figures["by_type"])}
        if figures["implementing"]:
            text += " " + _(
                "Of these, %(count)s documents give concrete form to and implement documents of the higher level."
            ) % {"count": number(figures["implementing"])}
        table = AnnexTable(
            title=_("Documents issued and registered in the period, by type"),
            headers=[_("Type of document"), _("This period"), _("Same period last year"), _("Difference")],
            rows=[[row["name"], *compared(row["count"], row["previous"])] for row in figures["by_type"]]
            + [[_("Total"), *compared(total, previous)]],
            numeric_columns=[1, 2, 3],
        )
        return SectionContent(self.key, str(self.title), [text], [table])


@register
class DisseminationSection(Section):
    key = "dissemination"
    title = gettext_lazy("Dissemination of documents")
    order = 40

    def compute(self, ctx):
        today = timezone.localdate()
        now, before = period_qs(ctx, "deadline")
        sessions_held = DisseminationSession.objects.filter(dissemination=OuterRef("pk"))
        duties = (
            ctx.scoped(Dissemination.objects.all()).filter(now | before).annotate(has_session=Exists(sessions_held))
        )
        done = Q(has_session=True)
        totals = duties.aggregate(
            total=Count("pk", filter=now),
            done=Count("pk", filter=now & done),
            overdue=Count("pk", filter=now & Q(has_session=False, deadline__lt=today)),
            documents=Count("document", filter=now, distinct=True),
            previous_total=Count("pk", filter=before),
            previous_done=Count("pk", filter=before & done),
        )
        # Named rows only for duties the user may view (totals-only sharing counts the rest, unnamed).
        viewable = ctx.scoped(Dissemination.objects.all(), action=Action.VIEW).values("pk")
        by_document = list(
            duties.filter(now, pk__in=viewable)
            .order_by()
            .values("document__number", "document__subject")
            .annotate(total=Count("pk"), done=Count("pk", filter=done))
            .order_by("document__number", "document__subject")
        )
        held, held_before = period_qs(ctx, "held_on")
        sessions = ctx.scoped(DisseminationSession.objects.all()).aggregate(
            sessions=Count("pk", filter=held),
            attended=Sum("participants", filter=held),
            invited=Sum("expected", filter=held),
            previous_sessions=Count("pk", filter=held_before),
            previous_participants=Sum("participants", filter=held_before),
        )
        return {
            "total": totals["total"],
            "done": totals["done"],
            "overdue": totals["overdue"],
            "documents": totals["documents"],
            "coverage": percent(totals["done"], totals["total"]),
            "sessions": sessions["sessions"],
            "participants": sessions["attended"] or 0,
            "attendance": percent(sessions["attended"] or 0, sessions["invited"] or 0),
            "by_document": [
                {
                    "number": row["document__number"],
                    "subject": row["document__subject"],
                    "total": row["total"],
                    "done": row["done"],
                    "coverage": percent(row["done"], row["total"]),
                }
                for row in by_document
            ],
            "unnamed": {
                "total": totals["total"] - sum(row["total"] for row in by_document),
                "done": totals["done"] - sum(row["done"] for row in by_document),
            },
            "previous": {
                "total": totals["previous_total"],
                "done": totals["previous_done"],
                "coverage": percent(totals["previous_done"], totals["previous_total"]),
                "sessions": sessions["previous_sessions"],
                "participants": sessions["previous_participants"] or 0,
            },
        }

    def render(self, ctx, figures):
        previous = figures["previous"]
        if not figures["total"] and not figures["sessions"]:
            text = _("In the period, no duty to disseminate a document fell due and no dissemination session was held.")
            return SectionContent(self.key, str(self.title), [text])
        paragraphs = []
        if figures["total"]:
            text = _(
                "%(total)s duties to disseminate %(documents)s documents fell due in the period; %(done)s of them "
                "have been carried out, a coverage of %(coverage)s"
            ) % {
                "total": number(figures["total"]),
                "documents": number(figures["documents"]),
                "done": number(figures["done"]),
                "coverage": percent_text(figures["coverage"]),
            }
            if previous["total"]:
                text += " (" + rate_change(figures["coverage"], previous["coverage"]) + ")"
            text += "."
            if figures["overdue"]:
                text += " " + _(
                    "%(count)s duties are past their deadline without a dissemination session and must be urged on."
                ) % {"count": number(figures["overdue"])}
            paragraphs.append(text)
        if figures["sessions"]:
            text = _(
                "The organisations held %(sessions)s dissemination sessions with %(participants)s participants, "
                "%(change)s"
            ) % {
                "sessions": number(figures["sessions"]),
                "participants": number(figures["participants"]),
                "change": change(figures["sessions"], previous["sessions"]),
            }
            if figures["attendance"] is not None:
                text += "; " + _("attendance reached %(rate)s of those expected") % {
                    "rate": percent_text(figures["attendance"])
                }
            paragraphs.append(text + ".")
        tables = []
        if figures["total"]:
            tables.append(
                AnnexTable(
                    title=_("Dissemination duties falling due in the period, by document"),
                    headers=[
                        _("Number and symbol"),
                        _("Subject"),
                        _("Duties to disseminate"),
                        _("Carried out"),
                        _("Coverage (%)"),
                    ],
                    rows=[
                        [row["number"], row["subject"], row["total"], row["done"], row["coverage"]]
                        for row in figures["by_document"]
                    ]
                    + [
                        ["", _("Other documents (figures shared as totals only)"), n, done, percent(done, n)]
                        for n, done in [(figures["unnamed"]["total"], figures["unnamed"]["done"])]
                        if n
                    ],
                    numeric_columns=[2, 3, 4],
                )
            )
        return SectionContent(self.key, str(self.title), paragraphs, tables)


@register
class OutreachSection(Section):
    key = "outreach"
    title = gettext_lazy("Outreach to the people of the border area")
    order = 50

    def compute(self, ctx):
        now, before = period_qs(ctx, "held_on")
        sessions = scoped_any(ctx, OutreachSession.objects.all(), "owner", "organisers")
        totals = sessions.aggregate(
            sessions=Count("pk", filter=now),
            audience_total=Sum("audience", filter=now),
            copies=Sum("materials_count", filter=now),
            communes=Count("commune", filter=now, distinct=True),
            villages=Count("village", filter=now, distinct=True),
            previous_sessions=Count("pk", filter=before),
            previous_audience=Sum("audience", filter=before),
        )
        in_period = sessions.filter(now)

        def breakdown(field):
            rows = (
                in_period.filter(**{f"{field}__isnull": False})
                .order_by()
                .values(f"{field}__name")
                .annotate(sessions=Count("pk", distinct=True), audience_total=Sum("audience"))
                .order_by("-sessions", f"{field}__name")
            )
            return [
                {"name": r[f"{field}__name"], "count": r["sessions"], "audience": r["audience_total"]} for r in rows
            ]

        return {
            "sessions": totals["sessions"],
            "audience": totals["audience_total"] or 0,
            "copies": totals["copies"] or 0,
            "communes": totals["communes"],
            "villages": totals["villages"],
            "by_topic": breakdown("topics"),
            "by_language": breakdown("languages"),
            "previous": {"sessions": totals["previous_sessions"], "audience": totals["previous_audience"] or 0},
        }

    def render(self, ctx, figures):
        previous = figures["previous"]
        if not figures["sessions"]:
            text = _("In the period, no outreach session was recorded.")
            return SectionContent(self.key, str(self.title), [text])
        places = [
            template % {"count": number(figures[key])}
            for key, template in (("communes", _("%(count)s communes")), ("villages", _("%(count)s villages")))
            if figures[key]
        ]
        text = _(
            "In the period, the organisations held %(sessions)s outreach sessions (%(change)s) for %(audience)s "
            "people (%(audience_change)s) in %(places)s."
        ) % {
            "sessions": number(figures["sessions"]),
            "change": change(figures["sessions"], previous["sessions"]),
            "audience": number(figures["audience"]),
            "audience_change": change(figures["audience"], previous["audience"]),
            "places": join(places),
        }
        if figures["copies"]:
            text += " " + _("%(copies)s copies of materials were distributed.") % {"copies": number(figures["copies"])}
        paragraphs = [text]
        if figures["by_topic"]:
            paragraphs.append(
                _("The main topics: %(topics)s.")
                % {"topics": counted(figures["by_topic"], TOPIC, lower=False, separator="; ", limit=6)}
            )
        if figures["by_language"]:
            languages = join(row["name"] for row in figures["by_language"])
            paragraphs[-1] += " " + _("Sessions were held in %(languages)s.") % {"languages": languages}
        tables = [
            AnnexTable(
                title=title,
                headers=[header, _("Sessions"), _("Audience")],
                rows=[[row["name"], row["count"], row["audience"]] for row in figures[key]],
                numeric_columns=[1, 2],
            )
            for key, title, header in (
                ("by_topic", _("Outreach sessions in the period, by topic"), _("Topic")),
                ("by_language", _("Outreach sessions in the period, by language used"), _("Language")),
            )
            if figures[key]
        ]
        return SectionContent(self.key, str(self.title), paragraphs, tables)


def scoped_tasks(ctx):
    """Tasks of the scope: assigned by one of its organisations or led by one (the gate of the task, and of the
    lead unit — which follows the task's classification — applies)."""
    assigned = ctx.scoped(Task.objects.all()).values("pk")
    led = ctx.scoped(TaskUnit.objects.filter(role=UnitRole.LEAD)).values("task_id")
    return Task.objects.filter(Q(pk__in=assigned) | Q(pk__in=led))


@register
class TasksSection(Section):
    key = "tasks"
    title = gettext_lazy("Carrying out the tasks assigned")
    order = 60

    def compute(self, ctx):
        today = timezone.localdate()
        due, due_before = period_qs(ctx, "deadline_in_force")
        live, done = ~Q(status=TaskStatus.CANCELLED), Q(status=TaskStatus.DONE)
        on_time = done & Q(completed_on_time=True)
        overdue = Q(status__in=OPEN_STATUSES, deadline_in_force__lt=today)
        open_in_time = Q(status__in=OPEN_STATUSES, deadline_in_force__gte=today)
        tasks = scoped_tasks(ctx)
        totals = tasks.aggregate(
            total=Count("pk", filter=due & live),
            done=Count("pk", filter=due & done),
            on_time=Count("pk", filter=due & on_time),
            overdue=Count("pk", filter=due & overdue),
            open=Count("pk", filter=due & open_in_time),
            cancelled=Count("pk", filter=due & ~live),
            from_clauses=Count("pk", filter=due & live & Q(clause__isnull=False)),
            new=Count("pk", filter=between("created_at__date", ctx.start, ctx.end)),
            previous_total=Count("pk", filter=due_before & live),
            previous_done=Count("pk", filter=due_before & done),
            previous_on_time=Count("pk", filter=due_before & on_time),
        )
        units = (
            TaskUnit.objects.filter(role=UnitRole.LEAD, task__in=tasks.filter(due & live).values("pk"))
            .order_by()
            .values("organisation__name")
            .annotate(
                total=Count("task"),
                done=Count("task", filter=Q(task__status=TaskStatus.DONE)),
                on_time=Count("task", filter=Q(task__status=TaskStatus.DONE, task__completed_on_time=True)),
                overdue=Count("task", filter=Q(task__status__in=OPEN_STATUSES, task__deadline_in_force__lt=today)),
            )
            .order_by("organisation__name")
        )
        previous = {
            "total": totals.pop("previous_total"),
            "done": totals.pop("previous_done"),
            "on_time": totals.pop("previous_on_time"),
        }
        previous["on_time_rate"] = percent(previous["on_time"], previous["done"])
        return {
            **totals,
            "late": totals["done"] - totals["on_time"],
            "completion": percent(totals["done"], totals["total"]),
            "on_time_rate": percent(totals["on_time"], totals["done"]),
            "by_unit": [
                {
                    "name": row["organisation__name"],
                    "total": row["total"],
                    "done": row["done"],
                    "on_time": row["on_time"],
                    "late": row["done"] - row["on_time"],
                    "overdue": row["overdue"],
                    "on_time_rate": percent(row["on_time"], row["done"]),
                }
                for row in units
            ],
            "previous": previous,
        }

    def render(self, ctx, figures):
        previous = figures["previous"]
        if not figures["total"]:
            text = _("In the period, no task fell due.")
            if figures["new"]:
                text += " " + _("%(count)s new tasks were assigned in the period.") % {"count": number(figures["new"])}
            return SectionContent(self.key, str(self.title), [text])
        first = _("In the period, %(total)s tasks fell due, %(change)s.") % {
            "total": number(figures["total"]),
            "change": change(figures["total"], previous["total"]),
        }
        if figures["new"]:
            first += " " + _("%(count)s new tasks were assigned in the period.") % {"count": number(figures["new"])}
        if figures["from_clauses"]:
            first += " " + _("%(count)s of the tasks due implement articles of the coordination agreements.") % {
                "count": number(figures["from_clauses"])
            }
        paragraphs = [first]
        if figures["done"]:
            text = _(
                "%(done)s tasks have been completed (%(completion)s), %(on_time)s of them on time and %(late)s late; "
                "the on-time rate reached %(rate)s"
            ) % {
                "done": number(figures["done"]),
                "completion": percent_text(figures["completion"]),
                "on_time": number(figures["on_time"]),
                "late": number(figures["late"]),
                "rate": percent_text(figures["on_time_rate"]),
            }
            if previous["on_time_rate"] is not None:
                text += " (" + rate_change(figures["on_time_rate"], previous["on_time_rate"]) + ")"
            paragraphs.append(text + ".")
        else:
            paragraphs.append(_("No task due in the period has been completed yet."))
        status = []
        if figures["open"]:
            status.append(_("%(open)s tasks are under way within their deadline") % {"open": number(figures["open"])})
        if figures["overdue"]:
            late_units = sorted((u for u in figures["by_unit"] if u["overdue"]), key=lambda u: -u["overdue"])[:3]
            status.append(
                _(
                    "%(overdue)s tasks are past their deadline and not completed (%(units)s) and need close direction "
                    "and urging"
                )
                % {
                    "overdue": number(figures["overdue"]),
                    "units": join(f"{u['name']}: {number(u['overdue'])}" for u in late_units),
                }
            )
        else:
            status.append(_("no task is overdue"))
        paragraphs.append(capfirst("; ".join(status)) + ".")
        table = AnnexTable(
            title=_("Tasks falling due in the period, by lead unit"),
            headers=[
                _("Lead unit"),
                _("Tasks due"),
                _("Completed"),
                _("On time"),
                _("Late"),
                _("Overdue"),
                _("On-time rate (%)"),
            ],
            rows=[
                [u["name"], u["total"], u["done"], u["on_time"], u["late"], u["overdue"], u["on_time_rate"]]
                for u in figures["by_unit"]
            ]
            + [
                [
                    _("Total"),
                    figures["total"],
                    figures["done"],
                    figures["on_time"],
                    figures["late"],
                    figures["overdue"],
                    figures["on_time_rate"],
                ]
            ],
            numeric_columns=[1, 2, 3, 4, 5, 6],
        )
        return SectionContent(self.key, str(self.title), paragraphs, [table])
