"""Report sections of the coordination work: documents, dissemination, outreach and tasks.

Every figure comes from ``work.selectors`` — the functions the statistics page and the dashboard call — over the
report's scope (``ReportContext`` is a ``core.scope.Scope``): a dissemination duty belongs to the period of its
deadline and is done once a session is held by the end of the period; a task belongs to the period of its deadline
in force, is on time when accepted by that deadline and overdue while open after it. The comparison period is the
report's (``sections.comparison_period``).
"""

from django.utils.text import capfirst
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import (
    change,
    counted,
    date_text,
    in_previous,
    join,
    named,
    number,
    percent,
    percent_text,
    previous_label,
    rate_change,
)
from phoihop.reports.sections import Section, register
from phoihop.work import selectors
from phoihop.work.choices import TaskRole

#: "Luật Biên phòng Việt Nam (15 sessions)" (a template for ``prose.counted``)
TOPIC = gettext_lazy("%(name)s (%(count)s sessions)")


def compared(current, previous):
    """Table cells: this period, the same period last year, the difference."""
    return [current, previous, current - previous]


@register
class DocumentsSection(Section):
    key = "documents"
    field = "direction"
    title = gettext_lazy("Documents issued for leadership and direction")
    order = 30

    def compute(self, ctx):
        return selectors.document_figures(ctx)

    def render(self, ctx, figures):
        total, previous = figures["total"], figures["previous"]["total"]
        if not total:
            text = _("In the period, no new document of leadership and direction was issued or registered.")
            if previous:
                values = {"count": number(previous)}
                text += " " + in_previous(
                    _("In the same period last year there were %(count)s.") % values,
                    _("In the previous period there were %(count)s.") % values,
                )
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
            headers=[_("Type of document"), _("This period"), previous_label(), _("Difference")],
            rows=[[row["name"], *compared(row["count"], row["previous"])] for row in figures["by_type"]]
            + [[_("Total"), *compared(total, previous)]],
            numeric_columns=[1, 2, 3],
        )
        return SectionContent(self.key, str(self.title), [text], [table])


@register
class DisseminationSection(Section):
    key = "dissemination"
    field = "propaganda"
    title = gettext_lazy("Dissemination of documents")
    order = 40

    def compute(self, ctx):
        duties = selectors.dissemination_figures(ctx)
        documents = selectors.dissemination_by_document(ctx)
        sessions = selectors.dissemination_session_figures(ctx)
        return {
            "total": duties["total"],
            "done": duties["done"],
            "overdue": duties["overdue"],
            "documents": duties["documents"],
            "coverage": duties["rate"],
            "sessions": sessions["sessions"],
            "participants": sessions["participants"],
            "attendance": sessions["attendance"],
            "by_document": documents["rows"],
            "unnamed": {
                "total": duties["total"] - documents["named_total"],
                "done": duties["done"] - documents["named_done"],
            },
            "laggards": selectors.dissemination_laggards(ctx),
            "previous": {
                "total": duties["previous"]["total"],
                "done": duties["previous"]["done"],
                "coverage": duties["previous"]["rate"],
                **sessions["previous"],
            },
        }

    def strengths(self, ctx, figures):
        if not figures["total"] or (figures["coverage"] or 0) < 90:
            return []
        return [
            _(
                "The documents were grasped and disseminated promptly: %(done)s of the %(total)s duties due were "
                "carried out (%(coverage)s)."
            )
            % {
                "done": number(figures["done"]),
                "total": number(figures["total"]),
                "coverage": percent_text(figures["coverage"]),
            }
        ]

    def shortcomings(self, ctx, figures):
        laggards = figures.get("laggards") or []
        if not laggards:
            return []
        return [
            _("%(count)s organisations have not yet disseminated the documents due in the period (%(units)s).")
            % {"count": number(len(laggards)), "units": named(laggards, "not_done")}
        ]

    def directions(self, ctx, figures):
        laggards = figures.get("laggards") or []
        if not laggards:
            return []
        return [
            _("Urge %(units)s to disseminate the documents still outstanding.")
            % {"units": join(row["name"] for row in laggards[:5])}
        ]

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
    field = "propaganda"
    title = gettext_lazy("Outreach to the people of the border area")
    order = 50

    def compute(self, ctx):
        figures = selectors.outreach_figures(ctx)

        def rows(key):
            return [{"name": r["name"], "count": r["sessions"], "audience": r["audience"]} for r in figures[key]]

        return {
            **{key: figures[key] for key in ("sessions", "audience", "copies", "communes", "villages")},
            "by_topic": rows("by_topic"),
            "by_language": rows("by_language"),
            "previous": figures["previous"],
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


@register
class TasksSection(Section):
    key = "tasks"
    field = "direction"
    title = gettext_lazy("Carrying out the tasks assigned")
    order = 60

    def compute(self, ctx):
        """``selectors.task_figures`` of the tasks concerning the scope (assigned by, led or coordinated by one of
        its organisations), and the totals by role."""
        figures = selectors.task_figures(ctx)
        figures["by_role"] = {
            role: {
                key: value
                for key, value in selectors.task_figures(ctx, role, by_unit=False).items()
                if key in ("total", "done", "on_time", "overdue")
            }
            for role in (TaskRole.ASSIGNING, TaskRole.LEAD, TaskRole.COORDINATING)
        }
        figures["open_conclusions"] = selectors.open_conclusions(ctx, limit=20)
        return figures

    def strengths(self, ctx, figures):
        if not figures["total"] or (figures["completion"] or 0) < 80:
            return []
        return [
            _(
                "The coordination tasks were carried out seriously: %(done)s of the %(total)s tasks due were completed "
                "(%(completion)s), %(on_time)s of them on time."
            )
            % {
                "done": number(figures["done"]),
                "total": number(figures["total"]),
                "completion": percent_text(figures["completion"]),
                "on_time": number(figures["on_time"]),
            }
        ]

    def shortcomings(self, ctx, figures):
        sentences = []
        if figures["overdue"]:
            sentences.append(
                _("%(count)s tasks are past their deadline and not completed (%(units)s).")
                % {"count": number(figures["overdue"]), "units": named(figures["by_unit"], "overdue")}
            )
        if figures["late"]:
            sentences.append(
                _("%(count)s tasks were completed after their deadline (%(units)s).")
                % {"count": number(figures["late"]), "units": named(figures["by_unit"], "late")}
            )
        return sentences

    def directions(self, ctx, figures):
        unfinished = figures["open"] + figures["overdue"]
        if not unfinished:
            return self.conclusion_directions(figures)
        units = named(figures["by_unit"], "overdue")
        if not figures["open"]:
            return [
                _("Complete the %(count)s overdue tasks without delay (%(units)s).")
                % {"count": number(figures["overdue"]), "units": units},
                *self.conclusion_directions(figures),
            ]
        text = _("Complete the %(count)s tasks still under way") % {"count": number(unfinished)}
        if figures["overdue"]:
            text += _(", first of all the %(overdue)s overdue ones (%(units)s)") % {
                "overdue": number(figures["overdue"]),
                "units": units,
            }
        return [text + ".", *self.conclusion_directions(figures)]

    def conclusion_directions(self, figures) -> list[str]:
        """The conclusions of review conferences not yet carried out, by conference."""
        by_conference = {}
        for row in figures.get("open_conclusions") or []:
            by_conference.setdefault((row["held_on"], row["agreement"]), []).append(row)
        sentences = []
        for (held_on, agreement), rows in by_conference.items():
            sentences.append(
                _(
                    "Carry out the conclusions of the review conference of %(date)s (regulation %(agreement)s) not "
                    "yet done: %(items)s."
                )
                % {
                    "date": date_text(held_on),
                    "agreement": agreement,
                    "items": "; ".join(f"{row['number']}. {row['text'].rstrip('.')}" for row in rows[:5]),
                }
            )
        return sentences

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
            values = {
                "done": number(figures["done"]),
                "completion": percent_text(figures["completion"]),
                "on_time": number(figures["on_time"]),
                "late": number(figures["late"]),
                "rate": percent_text(figures["on_time_rate"]),
            }
            if not figures["late"]:
                text = _("%(done)s tasks have been completed (%(completion)s), all of them on time") % values
            elif not figures["on_time"]:
                text = (
                    _("%(done)s tasks have been completed (%(completion)s), all of them after their deadline") % values
                )
            else:
                text = (
                    _(
                        "%(done)s tasks have been completed (%(completion)s), %(on_time)s of them on time and "
                        "%(late)s late; the on-time rate reached %(rate)s"
                    )
                    % values
                )
            if previous.get("on_time_rate") is not None and figures["on_time"]:
                text += " (" + rate_change(figures["on_time_rate"], previous["on_time_rate"]) + ")"
            paragraphs.append(text + ".")
        else:
            paragraphs.append(_("No task due in the period has been completed yet."))
        if figures.get("done_ahead"):
            paragraphs.append(
                _("Besides, %(count)s tasks due after the period were completed ahead of their deadline.")
                % {"count": number(figures["done_ahead"])}
            )
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
