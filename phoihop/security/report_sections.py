"""Report section "phòng, chống tội phạm": operations, cases and subjects of the period against the comparison
period, by nature, role and category, their outcomes, fines and budget receipts, and the items seized per item and
unit of measure — ``security.selectors.crime_figures``, the figures of the statistics page and the dashboard.

The section names no case and no operation: only counts and sums by category, item type and counting unit, so a
report made by a reader who counts the cases through a "totals only" sharing rule (the Tỉnh ủy for the Border
Guard) carries the figures and never a case's code or content. It applies when the scope counts any case or
operation at all."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import change, join, lower_first, number, previous_label, to_decimal
from phoihop.reports.sections import Section, register, snapshot
from phoihop.security import selectors
from phoihop.security.choices import CaseOutcome, Unit


def compared(figure) -> str:
    """A comparison column's header: "Vụ việc (cùng kỳ năm trước)", "Số lượng (giai đoạn trước)"."""
    return _("%(figure)s (%(period)s)") % {"figure": figure, "period": lower_first(previous_label())}


def unit_label(row) -> str:
    """The unit of measure in the active language (a stored report is laid out again from its figures)."""
    return str(dict(Unit.choices).get(row["unit"], row["unit"]))


def seized_text(row, quantity_key="quantity") -> str:
    """ "8.978 g heroin", "12 bánh heroin", "864,9 kg pháo"."""
    return f"{number(row[quantity_key], 3)} {unit_label(row)} {lower_first(row['name'])}"


@register
class CrimeSection(Section):
    key = "crime"
    field = "crime"
    title = gettext_lazy("Crime prevention and combat along the border")
    order = 130

    def applies(self, ctx):
        return selectors.has_cases(ctx)

    def compute(self, ctx):
        figures = selectors.crime_figures(ctx)
        return snapshot({key: value for key, value in figures.items() if key not in ("period", "comparison")})

    # --- the evaluation and the coming period ----------------------------------------------------------------

    def strengths(self, ctx, figures):
        if not figures["cases"]:
            return []
        outcomes = figures["outcomes"]
        handed = outcomes.get(CaseOutcome.PROSECUTED, 0) + outcomes.get(CaseOutcome.TRANSFERRED, 0)
        return [
            _(
                "The units detected and handled %(cases)s cases with %(subjects)s subjects of crime and violations "
                "along the border, %(handed)s of them prosecuted or handed over to the competent agencies."
            )
            % {"cases": number(figures["cases"]), "subjects": number(figures["subjects"]), "handed": number(handed)}
        ]

    def directions(self, ctx, figures):
        pending = figures["outcomes"].get(CaseOutcome.PENDING, 0)
        if not pending:
            return []
        return [
            _("Complete the handling of the %(count)s cases still being handled and hand over their evidence.")
            % {"count": number(pending)}
        ]

    # --- the text ------------------------------------------------------------------------------------------

    def render(self, ctx, figures):
        previous = figures.get("previous") or {}
        if not (figures["cases"] or figures["operations"]):
            text = _("In the period, the units recorded no case or operation of crime along the border.")
            if previous.get("cases"):
                text += " " + _("In the same period last year: %(cases)s cases, %(subjects)s subjects.") % {
                    "cases": number(previous["cases"]),
                    "subjects": number(previous["subjects"]),
                }
            return SectionContent(self.key, str(self.title), [text])
        paragraphs = [self.cases_text(figures, previous)]
        outcomes = self.outcomes_text(figures)
        if outcomes:
            paragraphs.append(outcomes)
        categories = [
            _("%(name)s %(cases)s cases, %(subjects)s subjects")
            % {"name": lower_first(row["name"]), "cases": number(row["cases"]), "subjects": number(row["subjects"])}
            for row in figures["by_category"]
            if row["cases"]
        ]
        if categories:
            paragraphs.append(_("By category: %(categories)s.") % {"categories": "; ".join(categories)})
        if figures["seizures"]:
            seized = [seized_text(row) for row in figures["seizures"] if to_decimal(row["quantity"])]
            if seized:
                paragraphs.append(_("Evidence seized: %(items)s.") % {"items": join(seized, separator="; ")})
        return SectionContent(self.key, str(self.title), paragraphs, self.tables(figures))

    def cases_text(self, figures, previous) -> str:
        values = {
            "operations": number(figures["operations"]),
            "cases": number(figures["cases"]),
            "subjects": number(figures["subjects"]),
            "change": change(figures["cases"], previous.get("cases")),
            "criminal": number(figures["criminal_cases"]),
            "criminal_subjects": number(figures["criminal_subjects"]),
            "administrative": number(figures["administrative_cases"]),
            "administrative_subjects": number(figures["administrative_subjects"]),
        }
        if figures["operations"]:
            text = _(
                "In the period, the units led and took part in %(operations)s operations and detected and handled "
                "%(cases)s cases with %(subjects)s subjects (cases %(change)s), of which %(criminal)s criminal cases "
                "with %(criminal_subjects)s subjects and %(administrative)s administrative cases with "
                "%(administrative_subjects)s subjects."
            )
        else:
            text = _(
                "In the period, the units detected and handled %(cases)s cases with %(subjects)s subjects (cases "
                "%(change)s), of which %(criminal)s criminal cases with %(criminal_subjects)s subjects and "
                "%(administrative)s administrative cases with %(administrative_subjects)s subjects."
            )
        text %= values
        roles = _("The units led %(lead)s cases and supported other forces in %(support)s.") % {
            "lead": number(figures["lead"]),
            "support": number(figures["support"]),
        }
        if figures["ownerless"]:
            roles += " " + _("%(count)s cases concern goods whose owner was not identified.") % {
                "count": number(figures["ownerless"])
            }
        return f"{text} {roles}"

    def outcomes_text(self, figures) -> str:
        labels = dict(CaseOutcome.choices)
        parts = []
        for value in selectors.OUTCOME_ORDER:
            count = figures["outcomes"].get(value, 0)
            if not count:
                continue
            part = _("%(label)s: %(count)s cases") % {"label": lower_first(labels[value]), "count": number(count)}
            if value == CaseOutcome.FINED and to_decimal(figures["fines"]):
                part += _(", fines of %(amount)s VND") % {"amount": number(figures["fines"])}
            parts.append(part)
        if not parts:
            return ""
        text = _("Outcome: %(outcomes)s.") % {"outcomes": "; ".join(parts)}
        if to_decimal(figures["budget_receipts"]):
            text += " " + _("%(amount)s VND were paid to the state budget.") % {
                "amount": number(figures["budget_receipts"])
            }
        return text

    def tables(self, figures) -> list[AnnexTable]:
        comparison = figures.get("previous") is not None
        lines = selectors.summary_lines(figures)
        tables = [
            AnnexTable(
                title=_("Results of crime prevention along the border"),
                headers=[_("Figure"), _("This period"), *([previous_label()] if comparison else [])],
                rows=[
                    [
                        ("- " if line["level"] else "") + line["label"],
                        None if line["value"] == "" else to_decimal(line["value"]),
                        *([None if line["value"] == "" else to_decimal(line["previous"])] if comparison else []),
                    ]
                    for line in lines
                ],
                numeric_columns=[1, 2] if comparison else [1],
                total_rows=[index for index, line in enumerate(lines) if not line["level"]],
            )
        ]
        if figures["by_category"]:
            tables.append(
                AnnexTable(
                    title=_("Cases and subjects by category"),
                    headers=[
                        _("Case category"),
                        _("Operations"),
                        _("Cases"),
                        _("Criminal cases"),
                        _("Administrative cases"),
                        _("Owner not identified"),
                        _("Subjects"),
                        *([compared(_("Cases"))] if comparison else []),
                    ],
                    rows=[
                        [
                            row["name"],
                            row["operations"],
                            row["cases"],
                            row["criminal_cases"],
                            row["administrative_cases"],
                            row["ownerless"],
                            row["subjects"],
                            *([row["previous_cases"]] if comparison else []),
                        ]
                        for row in figures["by_category"]
                    ],
                    numeric_columns=list(range(1, 8 if comparison else 7)),
                )
            )
        if figures["by_unit"]:
            tables.append(
                AnnexTable(
                    title=_("Cases and subjects by unit"),
                    headers=[
                        _("Unit"),
                        _("Cases"),
                        _("Criminal cases"),
                        _("Subjects"),
                        *([compared(_("Cases"))] if comparison else []),
                    ],
                    rows=[
                        [
                            row["name"],
                            row["cases"],
                            row["criminal_cases"],
                            row["subjects"],
                            *([row["previous_cases"]] if comparison else []),
                        ]
                        for row in figures["by_unit"]
                    ],
                    numeric_columns=list(range(1, 5 if comparison else 4)),
                )
            )
        if figures["seizures"]:
            tables.append(
                AnnexTable(
                    title=_("Evidence seized, by item and unit of measure"),
                    headers=[
                        _("Item type"),
                        _("Unit of measure"),
                        _("Quantity"),
                        _("Cases"),
                        *([compared(_("Quantity"))] if comparison else []),
                    ],
                    rows=[
                        [
                            row["name"],
                            unit_label(row),
                            to_decimal(row["quantity"]),
                            row["cases"],
                            *([to_decimal(row["previous_quantity"])] if comparison else []),
                        ]
                        for row in figures["seizures"]
                    ],
                    numeric_columns=[2, 3, 4] if comparison else [2, 3],
                    note=_("Quantities in different units of measure are not added together."),
                )
            )
        return tables
