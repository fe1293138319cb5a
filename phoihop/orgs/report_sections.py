"""Report sections of the orgs app: the organisations in the scope, and the implementation of the coordination
agreements (Quy chế phối hợp) clause by clause.

An agreement and its articles are named (number, title) only when the report's user may *view* the agreement; those
the report only counts are folded into one row per status, their articles counted, never named."""

from collections import defaultdict

from django.apps import apps
from django.db.models import Count
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.core.models import BaseModel
from phoihop.orgs.choices import AgreementStatus
from phoihop.orgs.models import Agreement, Area, Clause, Organisation
from phoihop.orgs.selectors import activity_in
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import (
    counted,
    date_text,
    in_previous,
    iso,
    join,
    lower_first,
    number,
    overlapping,
    percent,
    percent_text,
    scoped_any,
)
from phoihop.reports.sections import Section, register


@register
class OrganisationsSection(Section):
    """The organisations and units the report covers, by kind, and the border communes in their care."""

    key = "organisations"
    field = "scope"
    title = gettext_lazy("Organisations and units covered by the report")
    order = 10

    def compute(self, ctx):
        valid = overlapping("valid_from", "valid_to", ctx.start, ctx.end)
        units = ctx.scoped(Organisation.objects.all()).filter(valid)
        by_kind = list(
            units.order_by()
            .values("kind__name", "kind__sort_order")
            .annotate(count=Count("pk"))
            .order_by("kind__sort_order", "kind__name")
        )
        roots = list(
            units.filter(pk__in=[org.pk for org in ctx.organisations]).order_by("path").values_list("name", flat=True)
        )
        communes = Area.objects.filter(is_border_commune=True, organisations__in=units.values("pk")).distinct()
        narrowed = []
        if ctx.agreement is not None:
            from phoihop.orgs.selectors import agreement_scope

            territory = agreement_scope(ctx.agreement)
            narrowed = [
                {"party": party.name, "units": [unit.name for unit in party_units]}
                for party, party_units in territory.narrowed
            ]
            if territory.narrowed:  # a post's other communes are not the agreement's
                communes = communes.filter(pk__in=territory.territory)
        return {
            "roots": roots,
            "narrowed": narrowed,
            "total": sum(row["count"] for row in by_kind),
            "by_kind": [{"name": row["kind__name"], "count": row["count"]} for row in by_kind],
            "border_communes": communes.count(),
            "border_commune_names": list(communes.order_by("name").values_list("name", flat=True)[:2]),
        }

    def render(self, ctx, figures):
        if not figures["total"]:
            text = _("The scope of the report holds no organisation active in the period.")
            return SectionContent(self.key, str(self.title), [text])
        roots = ", ".join(figures["roots"]) or _("the organisations chosen")
        if figures["total"] == 1:
            paragraphs = [_("The report covers %(roots)s.") % {"roots": roots}]
        else:
            paragraphs = [
                _(
                    "The report covers %(roots)s and the units under them: %(total)s organisations and units in all, "
                    "of which %(breakdown)s."
                )
                % {
                    "roots": roots,
                    "total": number(figures["total"]),
                    "breakdown": counted(figures["by_kind"], lower=False),
                }
            ]
        for row in figures.get("narrowed", ()):
            if row["units"]:
                paragraphs.append(
                    _(
                        "The territory of %(party)s is wider than that of the regulation: the report counts its units "
                        "working on the regulation's territory, %(units)s, and the activities in which it takes part "
                        "with the other parties."
                    )
                    % {"party": row["party"], "units": join(row["units"])}
                )
            else:
                paragraphs.append(
                    _(
                        "The territory of %(party)s is wider than that of the regulation and none of its units works "
                        "on it: the report counts only the activities in which it takes part with the other parties."
                    )
                    % {"party": row["party"]}
                )
        names = figures.get("border_commune_names") or []
        if figures["border_communes"] == 1 and names:
            paragraphs.append(
                _("Its area of responsibility is the border commune of %(name)s.") % {"name": lower_first(names[0])}
            )
        elif figures["border_communes"]:
            paragraphs.append(
                _("Their areas of responsibility include %(count)s border communes and wards.")
                % {"count": number(figures["border_communes"])}
            )
        table = AnnexTable(
            title=_("Organisations and units covered by the report, by kind"),
            headers=[_("Kind of organisation"), _("Number of units")],
            rows=[[row["name"], row["count"]] for row in figures["by_kind"]] + [[_("Total"), figures["total"]]],
            numeric_columns=[1],
        )
        return SectionContent(self.key, str(self.title), paragraphs, [table])


#: agreements named in the text (more are listed in the annex only)
MAX_NAMED = 5


def clause_activity(ctx, clauses, start, end):
    """clause id → {record type: records of [start, end]}: every record type with a link to Clause (found from the
    model graph, like ``orgs.selectors.clause_activity``), owned by an organisation of the scope or with one taking
    part (the units of a task, the organisers of a session), through the gate. One query per record type, whatever
    the number of clauses."""
    result = defaultdict(dict)
    for rel in Clause._meta.related_objects:
        model, link = rel.related_model, rel.field.name
        if not issubclass(model, BaseModel) or model is Clause or model.access_org_field is None:
            continue
        org_fields = (model.access_org_field, *getattr(model, "access_participant_fields", ()))
        records = scoped_any(ctx, model.objects.filter(**{f"{link}__in": clauses.values("pk")}), *org_fields)
        records = records.filter(activity_in(model, start, end))
        for row in records.order_by().values(link).annotate(n=Count("pk", distinct=True)):
            result[row[link]][model._meta.label_lower] = row["n"]
    return result


def agreement_count(figures) -> int:
    """The number of agreements of the section's figures (a folded row stands for several)."""
    return sum(row.get("agreements", 1) for row in figures["agreements"])


def type_name(label) -> str:
    """The plural name of a record type from its label ("work.task" → "nhiệm vụ")."""
    try:
        return str(apps.get_model(label)._meta.verbose_name_plural)
    except LookupError:
        return label


def article_name(number) -> str:
    """ "11" → "Điều 11"; a number already worded ("Điều 3", "Khoản 2 Điều 5") is kept."""
    number = str(number or "").strip()
    return _("Article %(number)s") % {"number": number} if number[:1].isdigit() else number


@register
class AgreementsSection(Section):
    """The agreements in force in the period (or the agreement under review), their clauses, and which clauses
    saw records implementing them in the period."""

    key = "agreements"
    field = "direction"
    title = gettext_lazy("Implementation of the coordination agreements")
    order = 20

    def agreements(self, ctx):
        agreements = scoped_any(ctx, Agreement.objects.all(), "owner", "parties")
        if ctx.agreement is not None:
            return agreements.filter(pk=ctx.agreement.pk)
        in_period = overlapping("valid_from", "valid_to", ctx.start, ctx.end)
        return agreements.exclude(status=AgreementStatus.DRAFT).filter(in_period)

    def compute(self, ctx):
        agreements = self.agreements(ctx)
        rows = list(agreements.order_by("signed_on", "number").values("pk", "number", "title", "status", "signed_on"))
        clauses = scoped_any(
            ctx, Clause.objects.filter(agreement__in=agreements.values("pk")), "agreement__owner", "agreement__parties"
        )
        clause_rows = list(clauses.order_by("agreement_id", "number").values("pk", "agreement_id", "number", "title"))
        current = clause_activity(ctx, clauses, ctx.start, ctx.end)
        previous = clause_activity(ctx, clauses, *ctx.previous)
        types = sorted({label for per_type in current.values() for label in per_type})
        per_agreement = defaultdict(lambda: {"clauses": 0, "active": 0})
        detail = []
        for clause in clause_rows:
            records = current.get(clause["pk"], {})
            per_agreement[clause["agreement_id"]]["clauses"] += 1
            per_agreement[clause["agreement_id"]]["active"] += bool(records)
            detail.append(
                {
                    "agreement": clause["agreement_id"],
                    "number": clause["number"],
                    "title": clause["title"],
                    "records": records,
                    "total": sum(records.values()),
                }
            )
        totals = {label: sum(c["records"].get(label, 0) for c in detail) for label in types}
        named = ctx.viewable_ids(Agreement, [row["pk"] for row in rows])
        return {
            "review": ctx.agreement is not None,
            "agreements": [
                {
                    "id": row["pk"],
                    "number": row["number"],
                    "title": row["title"],
                    "status": row["status"],
                    "signed_on": iso(row["signed_on"]),
                    **per_agreement[row["pk"]],
                }
                for row in rows
                if row["pk"] in named
            ]
            + self.folded([row for row in rows if row["pk"] not in named], per_agreement),
            "in_force": sum(row["status"] == AgreementStatus.IN_FORCE for row in rows),
            "clauses": len(clause_rows),
            "clauses_active": sum(bool(c["records"]) for c in detail),
            "activity": [{"type": label, "count": totals[label]} for label in types],
            # the articles of the agreements named only: the others are in the totals
            "detail": [c for c in detail if c["agreement"] in named],
            "previous": {"clauses_active": sum(bool(previous.get(c["pk"])) for c in clause_rows)},
        }

    def folded(self, rows, per_agreement) -> list[dict]:
        """The agreements the user may not view (counted only), one row per status: how many, their articles and
        those with activity; no number, title or date."""
        groups = defaultdict(list)
        for row in rows:
            groups[row["status"]].append(row["pk"])
        order = list(AgreementStatus.values)
        return [
            {
                "id": None,
                "shared": True,
                "agreements": len(ids),
                "number": "",
                "title": _("%(count)s coordination agreements of other units (figures shared as totals only)")
                % {"count": number(len(ids))},
                "status": status,
                "signed_on": None,
                "clauses": sum(per_agreement[pk]["clauses"] for pk in ids),
                "active": sum(per_agreement[pk]["active"] for pk in ids),
            }
            for status, ids in sorted(groups.items(), key=lambda item: order.index(item[0]))
        ]

    def idle_clauses(self, figures) -> list[str]:
        """ "Điều 11"; when the report covers several regulations, one entry per regulation: "Quy chế 01-QC/…:
        Điều 1, Điều 2 và Điều 4"."""
        numbers = {row["id"]: row["number"] for row in figures["agreements"] if not row.get("shared")}
        by_agreement = defaultdict(list)
        for clause in figures["detail"]:
            if not clause["total"]:
                by_agreement[clause["agreement"]].append(article_name(clause["number"]))
        if len(numbers) <= 1:
            return [name for names in by_agreement.values() for name in names]
        return [
            _("regulation %(number)s: %(articles)s") % {"number": numbers.get(agreement, ""), "articles": join(names)}
            for agreement, names in by_agreement.items()
        ]

    def idle_text(self, figures) -> tuple[int, str]:
        """(the number of idle articles, the list naming them: at most 8 articles, or 5 regulations, then "và N …
        khác")."""
        count = sum(1 for clause in figures["detail"] if not clause["total"])
        entries = self.idle_clauses(figures)
        several = agreement_count(figures) > 1
        limit = 5 if several else 8
        shown = entries[:limit]
        rest = len(entries) - len(shown)
        if rest:
            more = (_("%(count)s other regulations") if several else _("%(count)s other articles")) % {
                "count": number(rest)
            }
            shown = [*shown, more]
        return count, join(shown, separator="; ")

    def strengths(self, ctx, figures):
        if not figures["clauses"] or figures["clauses_active"] < figures["clauses"]:
            return []
        return [
            _("Every one of the %(count)s articles of the regulation had coordination activity in the period.")
            % {"count": number(figures["clauses"])}
        ]

    def shortcomings(self, ctx, figures):
        count, text = self.idle_text(figures)
        if not count:
            return []
        if agreement_count(figures) > 1:
            sentence = _(
                "%(count)s articles of the regulations recorded no coordination activity in the period (%(clauses)s)."
            )
        else:
            sentence = _(
                "%(count)s articles of the regulation recorded no coordination activity in the period (%(clauses)s)."
            )
        return [sentence % {"count": number(count), "clauses": text}]

    def directions(self, ctx, figures):
        count, text = self.idle_text(figures)
        if not count:
            return []
        if agreement_count(figures) > 1:
            sentence = _("Carry out the contents of the regulations not yet put into practice (%(clauses)s).")
        else:
            sentence = _("Carry out the contents of the regulation not yet put into practice (%(clauses)s).")
        return [sentence % {"clauses": text}]

    def render(self, ctx, figures):
        heading = str(self.title)
        agreements = figures["agreements"]
        if not agreements:
            return SectionContent(self.key, heading, [_("No coordination agreement was in force in the scope.")])
        clauses, active = figures["clauses"], figures["clauses_active"]
        names = [a["number"] or a["title"] for a in agreements]
        count = agreement_count(figures)
        if len(agreements) <= MAX_NAMED:
            text = _(
                "In the period, %(count)s coordination agreements were carried out (%(names)s), with %(clauses)s "
                "articles in all."
            ) % {"count": number(count), "names": join(names), "clauses": number(clauses)}
        else:
            text = _(
                "In the period, %(count)s coordination agreements were carried out (listed in the annex), with "
                "%(clauses)s articles in all."
            ) % {"count": number(count), "clauses": number(clauses)}
        paragraphs = [text]
        if active:
            breakdown = counted([{"name": type_name(a["type"]), "count": a["count"]} for a in figures["activity"]])
            text = _(
                "%(active)s of %(clauses)s articles (%(rate)s) have records of implementation in the period "
                "(%(breakdown)s)"
            ) % {
                "active": number(active),
                "clauses": number(clauses),
                "rate": percent_text(percent(active, clauses)),
                "breakdown": breakdown,
            }
            if clauses > active:
                text += "; " + _("%(idle)s articles have none yet") % {"idle": number(clauses - active)}
            previous = figures["previous"]["clauses_active"]
            values = {"previous": number(previous)}
            if previous:
                text += ". " + in_previous(
                    _("In the same period last year, %(previous)s articles had activity.") % values,
                    _("In the previous period, %(previous)s articles had activity.") % values,
                )
            else:
                text += "."
            paragraphs.append(text)
        elif clauses:
            paragraphs.append(_("In the period, no record of implementation of the articles has been made yet."))
        idle = [c for c in figures["detail"] if not c["total"]]
        if idle and count == 1:
            numbers = join(_("Article %(number)s") % {"number": c["number"]} for c in idle)
            paragraphs.append(
                _("Articles without activity in the period, to be given attention: %(articles)s.")
                % {"articles": numbers}
            )
        return SectionContent(self.key, heading, paragraphs, self.tables(figures))

    def tables(self, figures):
        status_labels = dict(AgreementStatus.choices)
        tables = [
            AnnexTable(
                title=_("Coordination agreements and their articles with activity in the period"),
                headers=[
                    _("Number and symbol"),
                    _("Title"),
                    _("Signing date"),
                    _("Status"),
                    _("Articles"),
                    _("With activity"),
                    _("Without activity"),
                ],
                rows=[
                    [
                        a["number"],
                        a["title"],
                        date_text(a["signed_on"]),
                        str(status_labels.get(a["status"], a["status"])),
                        a["clauses"],
                        a["active"],
                        a["clauses"] - a["active"],
                    ]
                    for a in figures["agreements"]
                ],
                numeric_columns=[4, 5, 6],
            )
        ]
        if agreement_count(figures) == 1 and figures["detail"]:
            types = [a["type"] for a in figures["activity"]]
            tables.append(
                AnnexTable(
                    title=_("Records implementing each article in the period"),
                    headers=[_("Article"), _("Title"), *[type_name(t) for t in types], _("Total")],
                    rows=[
                        [c["number"], c["title"], *[c["records"].get(t, 0) for t in types], c["total"]]
                        for c in figures["detail"]
                    ],
                    numeric_columns=[0, *range(2, len(types) + 3)],
                )
            )
        return tables
