"""Report section "công tác cán bộ và xây dựng Đảng": officers seconded to local party committees and party members in
charge of households on the last day of the period against the comparison day, the structure of the cadre plans
against their targets, the annual ratings of party organisations and members, the training and fostering courses of
the period and the cadres and party members by sex, ethnic group and age — ``cadres.selectors.cadre_figures``, the
figures of the statistics page, its API and the dashboard.

The section names no person: only counts and shares by committee level, position, plan, level, ethnic group, sex and
age band, and the units (sending units, planning committees) they belong to. A report made by a reader who counts
the people through a "totals only" sharing rule (the Tỉnh ủy for the Border Guard), or without the personal-data
permission, carries the same totals and never a name. A cadre plan is named (its title and planning committee) only
when the report's user may *view* it; the plans the report only counts are folded by the selector
(``selectors.planning_figures``, as on the statistics page) into one row per term and level ("… quy hoạch cán bộ
(cấp xã) của đơn vị khác (chia sẻ số tổng hợp)"), their people added up, never a title or a committee. It applies
when the scope counts any record of cadre work.

Order 65: the field "cadres" comes third in Phần I (``reports.sections.FIELDS``), after the direction (10–30, 60) and
the propaganda sections (40, 50) and before the border (70–90): its annex tables follow theirs."""

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from phoihop.cadres import selectors
from phoihop.cadres.choices import RatingLevel
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.prose import change, date_text, join, lower_first, number, percent_text, previous_label
from phoihop.reports.sections import Section, register, snapshot


def compared(figure) -> str:
    """A comparison column's header: "Số cán bộ (cùng kỳ năm trước)"."""
    return _("%(figure)s (%(period)s)") % {"figure": figure, "period": lower_first(previous_label())}


def below_target(figures, key) -> list[str]:
    """ "Bí thư Đảng ủy xã (Đảng ủy xã Ba Sơn)" of the plans below ``key``'s target (plans and committees, never a
    person); the plans folded by ``selectors.planning_figures`` (counted, not viewable) by their number only."""
    plans = figures["planning"]["plans"]
    named = [
        f"{plan['title']} ({plan['organisation']})"
        for plan in plans
        if not plan.get("shared") and plan["met"][key] is False
    ]
    shared = sum(plan["below_target"][key] for plan in plans if plan.get("shared"))
    if shared:
        named.append(
            _("%(count)s cadre plans of other units (figures shared as totals only)") % {"count": number(shared)}
        )
    return named


@register
class CadreSection(Section):
    key = "cadres"
    field = "cadres"
    title = gettext_lazy("Seconded officers, cadre planning, training and the annual ratings")
    order = 65

    def applies(self, ctx):
        return selectors.has_cadre_records(ctx)

    def compute(self, ctx):
        return snapshot(selectors.cadre_figures(ctx))

    # --- the evaluation and the coming period ----------------------------------------------------------------

    def strengths(self, ctx, figures):
        sentences = []
        organisations = figures["ratings"]["organisations"]
        if organisations["clean_and_strong"]:
            sentences.append(
                _(
                    "%(clean)s of %(rated)s party organisations were recognised \u201cclean and strong\u201d in "
                    "%(year)s."
                )
                % {
                    "clean": number(organisations["clean_and_strong"]),
                    "rated": number(organisations["total"]),
                    "year": figures["ratings"]["year"],
                }
            )
        overall = figures["planning"]["overall"]
        reached = [
            lower_first(label)
            for key, label in selectors.structure_targets_labels().items()
            if overall["with_target"][key] and overall["meeting_target"][key] == overall["with_target"][key]
        ]
        if reached:
            sentences.append(
                _("Every cadre plan reaches its structure targets for %(targets)s.") % {"targets": join(reached)}
            )
        return sentences

    def shortcomings(self, ctx, figures):
        labels = selectors.structure_targets_labels()
        sentences = []
        for key in ("under_40", "women"):
            plans = below_target(figures, key)
            if plans:
                sentences.append(
                    _("Plans below the target for %(target)s: %(plans)s.")
                    % {"target": lower_first(labels[key]), "plans": join(plans[:5], separator="; ")}
                    + (" " + _("%(count)s other plans.") % {"count": number(len(plans) - 5)} if len(plans) > 5 else "")
                )
        return sentences

    def directions(self, ctx, figures):
        overall = figures["planning"]["overall"]
        below = [key for key in ("under_40", "women") if overall["below_target"][key]]
        if not below:
            return []
        labels = selectors.structure_targets_labels()
        return [
            _("Supplement the cadre plans below their structure targets (%(targets)s).")
            % {"targets": join(lower_first(labels[key]) for key in below)}
        ]

    # --- the text ------------------------------------------------------------------------------------------

    def render(self, ctx, figures):
        paragraphs = [
            text
            for text in (
                self.secondments_text(figures),
                self.planning_text(figures),
                self.ratings_text(figures),
                self.training_text(figures),
                self.people_text(figures),
            )
            if text
        ]
        if not paragraphs:
            paragraphs = [_("In the period, the system holds no figure of cadre work and Party building.")]
        return SectionContent(self.key, str(self.title), paragraphs, self.tables(figures))

    def secondments_text(self, figures) -> str:
        secondments, households = figures["secondments"], figures["households"]
        parts = []
        if secondments["officers"] or secondments["previous_officers"]:
            levels = [
                _("%(count)s at the %(level)s") % {"count": number(row["officers"]), "level": lower_first(row["label"])}
                for row in secondments["by_level"]
                if row["officers"]
            ]
            text = _(
                "On %(day)s, the units had %(officers)s officers seconded to %(committees)s local party committees "
                "(%(change)s)"
            ) % {
                "day": date_text(figures["as_at"]),
                "officers": number(secondments["officers"]),
                "committees": number(secondments["committees"]),
                "change": change(secondments["officers"], secondments["previous_officers"]),
            }
            parts.append(text + (": " + join(levels) if levels else "") + ".")
        if households["members"] or households["previous_members"]:
            parts.append(
                _(
                    "%(members)s party members were in charge of %(households)s households in %(villages)s villages "
                    "(households %(change)s)."
                )
                % {
                    "members": number(households["members"]),
                    "households": number(households["households"]),
                    "villages": number(households["villages"]),
                    "change": change(households["households"], households["previous_households"]),
                }
            )
        return " ".join(parts)

    def planning_text(self, figures) -> str:
        overall = figures["planning"]["overall"]
        if not overall["plans"]:
            return ""
        shares = overall["shares"]
        text = _(
            "The %(plans)s cadre plans hold %(total)s people: %(under_40)s under 40 (%(under_40_share)s), %(women)s "
            "women (%(women_share)s), %(minority)s from ethnic minorities (%(minority_share)s) and %(local)s local "
            "people (%(local_share)s)."
        ) % {
            "plans": number(overall["plans"]),
            "total": number(overall["total"]),
            "under_40": number(overall["under_40"]),
            "under_40_share": percent_text(shares["under_40"]),
            "women": number(overall["women"]),
            "women_share": percent_text(shares["women"]),
            "minority": number(overall["minority"]),
            "minority_share": percent_text(shares["minority"]),
            "local": number(overall["local"]),
            "local_share": percent_text(shares["local"]),
        }
        labels = selectors.structure_targets_labels()
        reached = [
            _("%(meeting)s of %(with)s plans reach the target for %(target)s")
            % {
                "meeting": number(overall["meeting_target"][key]),
                "with": number(overall["with_target"][key]),
                "target": lower_first(labels[key]),
            }
            for key, _field in selectors.STRUCTURE_TARGETS
            if overall["with_target"][key]
        ]
        if reached:
            text += " " + join(reached, separator="; ") + "."
        return text

    def ratings_text(self, figures) -> str:
        ratings = figures["ratings"]
        organisations, members = ratings["organisations"], ratings["members"]
        if not (organisations["total"] or members["total"]):
            return ""
        labels = dict(RatingLevel.choices)

        def levels(totals):
            return join(
                _("%(count)s %(level)s")
                % {"count": number(totals["levels"][level]), "level": lower_first(labels[level])}
                for level in selectors.RATING_LEVELS
                if totals["levels"][level]
            )

        parts = []
        if organisations["total"]:
            parts.append(
                _(
                    "In %(year)s, %(total)s party organisations were reviewed and rated (%(previous)s in "
                    "%(previous_year)s)"
                )
                % {
                    "year": ratings["year"],
                    "total": number(organisations["total"]),
                    "previous": number(organisations["previous"]["total"]),
                    "previous_year": ratings["previous_year"],
                }
                + (": " + levels(organisations) if organisations["decided"] else "")
                + "; "
                + _("%(count)s recognised \u201cclean and strong\u201d.")
                % {"count": number(organisations["clean_and_strong"])}
            )
        if members["total"]:
            text = _("%(total)s party members were rated in %(year)s") % {
                "total": number(members["total"]),
                "year": ratings["year"],
            }
            if members["decided"]:
                text += ": " + levels(members)
            if members["disciplined"]:
                text += "; " + _("%(count)s disciplined") % {"count": number(members["disciplined"])}
            parts.append(text + ".")
        return " ".join(parts)

    def training_text(self, figures) -> str:
        training = figures["training"]
        if not (training["courses"] or training["previous_courses"]):
            return ""
        levels = join(
            _("%(count)s %(level)s courses") % {"count": number(row["courses"]), "level": lower_first(row["label"])}
            for row in training["by_level"]
            if row["courses"]
        )
        text = _(
            "In the period, %(courses)s training and fostering courses were held with %(people)s cadres and party "
            "members trained (courses %(change)s)"
        ) % {
            "courses": number(training["courses"]),
            "people": number(training["people"]),
            "change": change(training["courses"], training["previous_courses"]),
        }
        return text + (": " + levels if levels else "") + "."

    def people_text(self, figures) -> str:
        people = figures["people"]
        if not people["total"]:
            return ""
        shares = people["shares"]
        return _(
            "On %(day)s, the system follows %(total)s cadres and party members: %(party)s party members, %(women)s "
            "women (%(women_share)s), %(minority)s from ethnic minorities (%(minority_share)s), %(province)s from the "
            "province (%(province_share)s)."
        ) % {
            "day": date_text(people["as_at"]),
            "total": number(people["total"]),
            "party": number(people["party_members"]),
            "women": number(people["women"]),
            "women_share": percent_text(shares["women"]),
            "minority": number(people["minority"]),
            "minority_share": percent_text(shares["minority"]),
            "province": number(people["local_province"]),
            "province_share": percent_text(shares["local_province"]),
        }

    # --- the annex -----------------------------------------------------------------------------------------

    def tables(self, figures) -> list[AnnexTable]:
        tables = []
        for group in selectors.summary_groups(figures, previous_label=previous_label()):
            compared_too = group["headers"][1] is not None
            tables.append(
                AnnexTable(
                    title=group["title"],
                    headers=[_("Figure"), group["headers"][0], *([group["headers"][1]] if compared_too else [])],
                    rows=[
                        [
                            ("- " if line["level"] else "") + line["label"],
                            line["value"],
                            *([line["previous"]] if compared_too else []),
                        ]
                        for line in group["lines"]
                    ],
                    numeric_columns=[1, 2] if compared_too else [1],
                    total_rows=[index for index, line in enumerate(group["lines"]) if not line["level"]],
                )
            )
        planning = figures["planning"]
        if planning["plans"]:
            labels = selectors.structure_targets_labels()
            keys = [key for key, _field in selectors.STRUCTURE_TARGETS]

            def cells(row):
                return [value for key in keys for value in (row[key], row["shares"][key])]

            overall = planning["overall"]
            tables.append(
                AnnexTable(
                    title=_("Structure of the cadre plans against their targets"),
                    headers=[
                        _("Planned title"),
                        _("Planning committee"),
                        _("Term"),
                        _("Planned people"),
                        *[
                            header
                            for key in keys
                            for header in (labels[key], _("%(name)s (%%)") % {"name": labels[key]})
                        ],
                    ],
                    rows=[
                        *[
                            [plan["title"], plan["organisation"], plan["term_label"], plan["total"], *cells(plan)]
                            for plan in planning["plans"]
                        ],
                        [_("Total"), "", "", overall["total"], *cells(overall)],
                    ],
                    numeric_columns=list(range(3, 4 + 2 * len(keys))),
                    total_rows=[len(planning["plans"])],
                    note=_("Targets: under 40 at least 15 per cent, women at least 25 per cent of the planned people."),
                )
            )
        ratings = figures["ratings"]
        organisations, members = ratings["organisations"], ratings["members"]
        if organisations["total"] or members["total"] or organisations["previous"]["total"]:
            levels = dict(RatingLevel.choices)
            rows = [
                [
                    str(levels[level]),
                    organisations["levels"][level],
                    organisations["previous"]["levels"][level],
                    members["levels"][level],
                    members["previous"]["levels"][level],
                ]
                for level in selectors.RATING_LEVELS
            ]
            rows.append(
                [
                    _("Not yet decided"),
                    organisations["undecided"],
                    organisations["previous"]["undecided"],
                    members["undecided"],
                    members["previous"]["undecided"],
                ]
            )
            rows.append(
                [
                    _("Total"),
                    organisations["total"],
                    organisations["previous"]["total"],
                    members["total"],
                    members["previous"]["total"],
                ]
            )
            tables.append(
                AnnexTable(
                    title=_("Ratings of party organisations and party members"),
                    headers=[
                        _("Rating"),
                        _("Party organisations, %(year)s") % {"year": ratings["year"]},
                        _("Party organisations, %(year)s") % {"year": ratings["previous_year"]},
                        _("Party members, %(year)s") % {"year": ratings["year"]},
                        _("Party members, %(year)s") % {"year": ratings["previous_year"]},
                    ],
                    rows=rows,
                    numeric_columns=[1, 2, 3, 4],
                    total_rows=[len(rows) - 1],
                )
            )
        training = figures["training"]
        if training["courses"] or training["previous_courses"]:
            comparison = training["previous_courses"] is not None
            tables.append(
                AnnexTable(
                    title=_("Training and fostering courses by level"),
                    headers=[
                        _("Course level"),
                        _("Courses"),
                        _("Attendances"),
                        _("People trained"),
                        *([compared(_("Courses"))] if comparison else []),
                    ],
                    rows=[
                        *[
                            [
                                row["label"],
                                row["courses"],
                                row["attendances"],
                                row["people"],
                                *([row["previous_courses"]] if comparison else []),
                            ]
                            for row in training["by_level"]
                        ],
                        [
                            _("Total"),
                            training["courses"],
                            training["attendances"],
                            training["people"],
                            *([training["previous_courses"]] if comparison else []),
                        ],
                    ],
                    numeric_columns=[1, 2, 3, 4] if comparison else [1, 2, 3],
                    total_rows=[len(training["by_level"])],
                )
            )
        people = figures["people"]
        if people["total"]:
            rows = [[row["name"], row["count"], row["share"]] for row in people["by_ethnic_group"]]
            rows += [[row["label"], row["count"], row["share"]] for row in people["by_sex"]]
            rows += [[row["label"], row["count"], row["share"]] for row in people["by_age_band"]]
            rows.append([_("Total"), people["total"], 100.0])
            tables.append(
                AnnexTable(
                    title=_("Cadres and party members by ethnic group, sex and age"),
                    headers=[_("Group"), _("Headcount"), _("Share (%)")],
                    rows=rows,
                    numeric_columns=[1, 2],
                    total_rows=[len(rows) - 1],
                    note=_("Ages on %(day)s.") % {"day": date_text(people["as_at"])},
                )
            )
        return tables
