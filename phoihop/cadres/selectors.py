"""The figures of cadre work, defined once (``Model.objects.restrict(user, Action.COUNT)``, never a name): to come
(seconded officers by committee level, planning structure against targets, ratings by level, courses held …)."""

import datetime
from decimal import Decimal
from functools import reduce
from operator import or_

from django.conf import settings
from django.db.models import BooleanField, Count, Exists, ExpressionWrapper, F, OuterRef, Q, Subquery, Sum
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from phoihop.cadres.choices import (
    AUTOMATIC_REMOVAL_REASONS,
    COHORT_BOUNDS,
    FULL_TERM_YEARS,
    RETIREMENT_AGE,
    UNDER_40_AGE,
    AgeCohort,
    CommitteeLevel,
    CourseLevel,
    Gender,
    PlanLevel,
    PlannedSource,
    PlanTerm,
    RatingLevel,
    RemovalReason,
    SecondmentPosition,
    term_first_year,
)
from phoihop.cadres.models import (
    CadrePlan,
    HouseholdAssignment,
    MemberRating,
    OrganisationRating,
    Person,
    PlannedCadre,
    PositionHolding,
    Secondment,
    TrainingCourse,
)
from phoihop.core.access import NOTHING
from phoihop.core.choices import Action
from phoihop.core.numbers import rate
from phoihop.core.scope import shift_year
from phoihop.orgs.provinces import PROVINCE_KINDS, organisation_province_codes

# --- people ---


def person_records(user, person) -> dict:
    """What a person's page lists, each read through the gate (the same personal-data rule as the person): the
    positions, latest first (the current one: no end date), the training courses, the secondments and the households
    in charge. One query each, whatever their number."""
    positions = list(
        PositionHolding.objects.restrict(user, Action.VIEW)
        .filter(person=person)
        .select_related("organisation")
        .order_by("-from_date", "-pk")
    )
    return {
        "positions": positions,
        "current_position": next((p for p in positions if p.to_date is None), None),
        "courses": list(
            TrainingCourse.objects.restrict(user, Action.VIEW).filter(person=person).order_by("-from_date", "-pk")
        ),
        "secondments": list(
            Secondment.objects.restrict(user, Action.VIEW)
            .filter(person=person)
            .select_related("sending_unit", "receiving_committee")
            .order_by("-from_date", "-pk")
        ),
        "household_assignments": list(
            HouseholdAssignment.objects.restrict(user, Action.VIEW)
            .filter(person=person)
            .select_related("village__parent")
            .order_by("-from_date", "-pk")
        ),
    }


# --- figures ---
#
# The figures of cadre work and Party building, defined here once over one scope rule (``core.scope.Scope``); the
# statistics page and its Excel export (``views/statistics.py``), ``/api/cadres/statistics/``, the dashboard panel
# (``dashboard_panels.py``) and the report section "công tác cán bộ và xây dựng Đảng" (``report_sections.py``) call
# :func:`cadre_figures`, and ``tests/test_statistics.py`` proves they agree.
#
# **The scope rule**: the gate with the ``count`` action — counting people is not reading them (``core.access``): an
# organisation's viewers without the personal-data permission, and the Tỉnh ủy through a "totals only" sharing rule,
# count the Border Guard's cadres but open none — then the records of the scope's units and the units below them
# (a person's organisation, a secondment's sending unit *or* receiving committee, a plan's committee, a rating's
# party organisation). Nothing returned names a person: counts and shares by organisation, plan, level, ethnic group,
# sex and age band only. A record of a deleted person is not counted.
#
# **Dates.** Stocks are read on the scope's ``as_at`` day (the end of the period, never after today) and compared
# with the same day of the comparison period's end (``with_comparison``: the same day last year; a report keeps its
# own comparison). Courses are counted when held in the period (the course list's "held from … until" rule).
# Ratings are annual: the year rated by the end of the period (its own year when the period reaches 31 December,
# otherwise the year before, the last one rated), compared with the year before. People are counted as recorded now,
# their age on ``as_at``.


#: the age bands of the people totals: (key, from age, below age), completed years on the day they are read
AGE_BANDS = (
    ("under_30", None, 30),
    ("30_39", 30, 40),
    ("40_49", 40, 50),
    ("50_59", 50, 60),
    ("60_plus", 60, None),
)
#: the structure targets of a plan: (key, target field of CadrePlan)
STRUCTURE_TARGETS = (
    ("under_40", "under_40_target"),
    ("women", "women_target"),
    ("minority", "minority_target"),
    ("local", "local_target"),
)
RATING_LEVELS = tuple(RatingLevel.values)
#: a secondment concerns both the unit that sends the officer and the committee that receives them
SECONDMENT_FIELDS = ("sending_unit", "receiving_committee")


def stock_days(scope) -> tuple[datetime.date, datetime.date | None]:
    """The day stocks are read on (``scope.as_at``) and the day they are compared with: the end of the comparison
    period, never after today (None without a comparison)."""
    previous = min(scope.compare_end, scope.today) if scope.has_comparison else None
    return scope.as_at, previous


def rating_year(scope) -> int:
    """The year whose ratings the scope reports: the year of ``as_at`` when the period reaches its 31 December,
    otherwise the year before (a year is rated at its end)."""
    day = scope.as_at
    return day.year if (day.month, day.day) == (12, 31) else day.year - 1


def current_on_q(day, prefix="") -> Q:
    """Q: the record's period (``from_date`` – ``to_date``, empty: still running) holds ``day`` — the lists'
    ``current_on`` filter."""
    return Q(**{f"{prefix}from_date__lte": day}) & (
        Q(**{f"{prefix}to_date__isnull": True}) | Q(**{f"{prefix}to_date__gte": day})
    )


def held_q(start, end) -> Q:
    """Q over TrainingCourse: held in [start, end] — the course list's "held from" and "held until" filters (under
    way on or after the start: ended then or later, or begun then without an end; begun by the end)."""
    q = Q()
    if start is not None:
        q &= Q(to_date__isnull=True, from_date__gte=start) | Q(to_date__gte=start)
    if end is not None:
        q &= Q(from_date__lte=end)
    return q


def _share(part, whole):
    return rate(part, whole)


def _live_person(queryset, prefix="person__"):
    return queryset.filter(**{f"{prefix}deleted_at__isnull": True})


def has_cadre_records(scope) -> bool:
    """Whether the scope counts any record of cadre work at all (the report section applies only then)."""
    checks = (
        lambda: scope.records(Person.objects.all()).exists(),
        lambda: scope.records(Secondment.objects.all(), fields=SECONDMENT_FIELDS).exists(),
        lambda: scope.records(CadrePlan.objects.all()).exists(),
        lambda: scope.records(OrganisationRating.objects.all()).exists(),
    )
    return any(check() for check in checks)


# --- seconded officers and households in charge (KL 68-KL/TW, CT 681) -----------------------------------------------


def scope_secondments(scope, action=Action.COUNT):
    return _live_person(scope.records(Secondment.objects.all(), fields=SECONDMENT_FIELDS, action=action)).order_by()


def secondment_figures(scope) -> dict:
    """Officers seconded to local party committees and key local posts on the stock day and on the comparison day:
    officers (each counted once, whatever their positions), receiving committees, per committee level, per level
    and position, per sending unit. Four queries."""
    day, before = stock_days(scope)
    now = current_on_q(day)
    prev = current_on_q(before) if before else None
    rows = scope_secondments(scope).filter(now | prev if prev is not None else now)

    def people(q):
        return Count("person", distinct=True, filter=q)

    def aggregates():
        values = {"n_officers": people(now), "n_committees": Count("receiving_committee", distinct=True, filter=now)}
        if prev is not None:
            values.update(
                p_officers=people(prev), p_committees=Count("receiving_committee", distinct=True, filter=prev)
            )
        return values

    totals = rows.aggregate(**aggregates())
    pairs = {"n": people(now), **({"p": people(prev)} if prev is not None else {})}
    level_labels, position_labels = dict(CommitteeLevel.choices), dict(SecondmentPosition.choices)
    levels = {row["committee_level"]: row for row in rows.values("committee_level").annotate(**pairs)}
    by_level = [
        {
            "level": level,
            "label": str(level_labels[level]),
            "officers": levels.get(level, {}).get("n", 0),
            "previous": levels.get(level, {}).get("p", 0) if prev is not None else None,
        }
        for level in CommitteeLevel.values
    ]
    positions = {
        (row["committee_level"], row["position"]): row
        for row in rows.values("committee_level", "position").annotate(**pairs)
    }
    by_position = [
        {
            "level": level,
            "level_label": str(level_labels[level]),
            "position": position,
            "label": str(position_labels[position]),
            "officers": positions[(level, position)]["n"],
            "previous": positions[(level, position)].get("p", 0) if prev is not None else None,
        }
        for level in CommitteeLevel.values
        for position in SecondmentPosition.values
        if (level, position) in positions
    ]
    units = [
        {
            "id": row["sending_unit_id"],
            "name": row["sending_unit__name"],
            "officers": row["n"],
            "previous": row.get("p", 0) if prev is not None else None,
        }
        for row in rows.values("sending_unit_id", "sending_unit__name").annotate(**pairs)
    ]
    units.sort(key=lambda row: (row["name"] or "", row["id"]))
    return {
        "officers": totals["n_officers"],
        "committees": totals["n_committees"],
        "previous_officers": totals.get("p_officers"),
        "previous_committees": totals.get("p_committees"),
        "by_level": by_level,
        "by_position": by_position,
        "by_unit": units,
    }


def household_figures(scope) -> dict:
    """Party members in charge of households (Chỉ thị 681) on the stock day and on the comparison day: members,
    households, villages; per unit (the member's organisation). Two queries."""
    day, before = stock_days(scope)
    now = current_on_q(day)
    prev = current_on_q(before) if before else None
    rows = _live_person(scope.records(HouseholdAssignment.objects.all())).order_by()
    rows = rows.filter(now | prev if prev is not None else now)

    def aggregates(q, prefix):
        return {
            f"{prefix}members": Count("person", distinct=True, filter=q),
            f"{prefix}households": Sum("households", filter=q),
            f"{prefix}villages": Count("village", distinct=True, filter=q),
        }

    values = aggregates(now, "n_")
    if prev is not None:
        values.update(aggregates(prev, "p_"))
    totals = rows.aggregate(**values)
    per_unit = {"n_members": values["n_members"], "n_households": values["n_households"]}
    if prev is not None:
        per_unit.update(p_members=values["p_members"], p_households=values["p_households"])
    units = [
        {
            "id": row["person__organisation_id"],
            "name": row["person__organisation__name"],
            "members": row["n_members"],
            "households": row["n_households"] or 0,
            "previous_members": row.get("p_members") if prev is not None else None,
            "previous_households": (row.get("p_households") or 0) if prev is not None else None,
        }
        for row in rows.values("person__organisation_id", "person__organisation__name").annotate(**per_unit)
    ]
    units.sort(key=lambda row: (row["name"] or "", row["id"]))
    return {
        "members": totals["n_members"],
        "households": totals["n_households"] or 0,
        "villages": totals["n_villages"],
        "previous_members": totals.get("p_members"),
        "previous_households": (totals.get("p_households") or 0) if prev is not None else None,
        "previous_villages": totals.get("p_villages"),
        "by_unit": units,
    }


# --- cadre planning (QĐ 50-QĐ/TW, HD 16-HD/BTCTW) ------------------------------------------------------------------


def _born_after(years_before_term, prefix="plan__") -> Q:
    """Q over PlannedCadre: younger than ``years_before_term`` at the start of the plan's term (born after 1 January
    of the term's first year minus that many years: ``choices.age_on`` at ``choices.term_start``) — one condition per
    term, so one query serves plans of every term."""
    return reduce(
        or_,
        (
            Q(
                **{
                    f"{prefix}term": term,
                    "person__birth_date__gt": datetime.date(term_first_year(term) - years_before_term, 1, 1),
                }
            )
            for term in PlanTerm.values
        ),
    )


def structure_aggregates() -> dict:
    """The structure of planned people as aggregates over PlannedCadre (one row per plan when grouped by plan)."""
    younger_45, younger_50 = _born_after(COHORT_BOUNDS[0]), _born_after(COHORT_BOUNDS[1])
    return {
        "total": Count("pk"),
        "under_40": Count("pk", filter=_born_after(UNDER_40_AGE)),
        "women": Count("pk", filter=Q(person__sex=Gender.FEMALE)),
        "minority": Count("pk", filter=Q(person__ethnic_group__is_minority=True)),
        "local": Count("pk", filter=Q(source=PlannedSource.LOCAL)),
        "cohort_under_45": Count("pk", filter=younger_45),
        "cohort_45_49": Count("pk", filter=younger_50 & ~younger_45),
        "cohort_50_plus": Count("pk", filter=~younger_50),
        **{f"source_{value}": Count("pk", filter=Q(source=value)) for value in PlannedSource.values},
    }


def planned_in_force(queryset):
    """The planned people still in their plan (not removed), of live plans and people."""
    return _live_person(queryset.filter(plan__deleted_at__isnull=True, removed_on__isnull=True))


def structure_of(row) -> dict:
    """The structure of one plan (or of all of them) from the aggregates of :func:`structure_aggregates`: counts,
    shares (per cent, one decimal) and the three cohorts and sources."""
    total = row.get("total") or 0
    counts = {key: row.get(key) or 0 for key, _field in STRUCTURE_TARGETS}
    return {
        "total": total,
        **counts,
        "shares": {key: _share(value, total) for key, value in counts.items()},
        "cohorts": {value: row.get(f"cohort_{value}") or 0 for value in AgeCohort.values},
        "sources": {value: row.get(f"source_{value}") or 0 for value in PlannedSource.values},
    }


def target_met(count, total, target) -> bool | None:
    """Whether ``count`` of ``total`` reaches ``target`` per cent (exactly, not the rounded share); None without a
    target, or without anyone planned."""
    if target is None or not total:
        return None
    return Decimal(count) * 100 >= Decimal(str(target)) * total


def planning_figures(scope, term=None) -> dict:
    """Every plan of the scope (optionally of one term) with the structure of the people still in it against its
    targets — under 40 at the start of the term, women, ethnic minorities, local people (source "local") — and the
    overall structure of all of them, with how many plans reach each target. Two queries.

    A plan is named (title, planning committee, id, targets) only when the scope's user may *view* it; the plans the
    scope only counts (a "totals only" sharing rule) are folded into one row per term and level (:func:`fold_plans`),
    so the page, its export, the API, the dashboard and the review report print the same rows and none of them a
    hidden plan's title. Every row carries ``shared`` (a folded row), ``plans`` (how many plans it stands for) and
    ``with_target``, ``meeting_target``, ``below_target`` per target (how many of them have the target, reach it,
    fall below it); the overall figures are the sums of the rows."""
    plans = scope.records(CadrePlan.objects.all()).order_by()
    planned = planned_in_force(scope.records(PlannedCadre.objects.all())).order_by()
    if term:
        plans, planned = plans.filter(term=term), planned.filter(plan__term=term)
    viewable = scope.gate(CadrePlan.objects.filter(pk=OuterRef("pk")), Action.VIEW)
    plan_rows = list(
        plans.annotate(viewable=Exists(viewable)).values(
            "pk",
            "title",
            "term",
            "level",
            "organisation_id",
            "organisation__name",
            "viewable",
            *(field for _key, field in STRUCTURE_TARGETS),
        )
    )
    aggregates = structure_aggregates()
    structures = {row["plan_id"]: row for row in planned.values("plan_id").annotate(**aggregates)}
    term_labels, level_labels = dict(PlanTerm.choices), dict(PlanLevel.choices)
    named, hidden = [], []
    overall = dict.fromkeys(aggregates, 0)
    for plan in plan_rows:
        row = structures.get(plan["pk"], {})
        for key in aggregates:
            overall[key] += row.get(key) or 0
        structure = structure_of(row)
        targets = {key: plan[field] for key, field in STRUCTURE_TARGETS}
        met = {key: target_met(structure[key], structure["total"], targets[key]) for key, _field in STRUCTURE_TARGETS}
        listed = {
            "shared": False,
            "plans": 1,
            "id": plan["pk"],
            "title": plan["title"],
            "term": plan["term"],
            "term_label": str(term_labels.get(plan["term"], plan["term"])),
            "level": plan["level"],
            "level_label": str(level_labels.get(plan["level"], plan["level"])),
            "organisation": plan["organisation__name"],
            "organisation_id": plan["organisation_id"],
            **structure,
            "targets": targets,
            "met": met,
            **_target_counts([met]),
        }
        (named if plan["viewable"] else hidden).append((listed, row))
    rows = [listed for listed, _row in named]
    rows.sort(key=lambda row: (row["term"], row["organisation"] or "", row["title"], row["id"]))
    rows += fold_plans(hidden)
    summary = structure_of(overall)
    summary["plans"] = len(plan_rows)
    for key in ("with_target", "meeting_target", "below_target"):
        summary[key] = {target: sum(row[key][target] for row in rows) for target, _field in STRUCTURE_TARGETS}
    return {"plans": rows, "overall": summary, "term": term or None}


def _target_counts(mets) -> dict:
    """How many of the plans whose ``met`` are given have each target, reach it, fall below it."""
    keys = [key for key, _field in STRUCTURE_TARGETS]
    return {
        "with_target": {key: sum(1 for met in mets if met[key] is not None) for key in keys},
        "meeting_target": {key: sum(1 for met in mets if met[key]) for key in keys},
        "below_target": {key: sum(1 for met in mets if met[key] is False) for key in keys},
    }


def folded_plans_label(count, level_label) -> str:
    """ "2 quy hoạch cán bộ (cấp xã) của đơn vị khác (chia sẻ số tổng hợp)": a folded row's title."""
    level = str(level_label)
    if not (len(level) > 1 and level[1].isupper()):  # "Cấp xã" mid-sentence, an acronym as written
        level = level[:1].lower() + level[1:]
    return _("%(count)s cadre plans at the %(level)s of other units (figures shared as totals only)") % {
        "count": number_format(count, force_grouping=True),
        "level": level,
    }


def fold_plans(plans) -> list[dict]:
    """The plans the user may count but not view, as ``(row, aggregates)`` pairs of :func:`planning_figures`, one
    row per term and level (in the order of the choices): how many plans, their people and structure added up from
    the aggregates, how many have, reach and fall below each target. No id, title, planning committee or target."""
    groups = {}
    for listed, row in plans:
        groups.setdefault((listed["term"], listed["level"]), []).append((listed, row))
    terms, levels = list(PlanTerm.values), list(PlanLevel.values)

    def order(key):
        term, level = key
        return (
            terms.index(term) if term in terms else len(terms),
            term,
            levels.index(level) if level in levels else len(levels),
            level,
        )

    folded = []
    for term, level in sorted(groups, key=order):
        members = groups[(term, level)]
        sums = {key: sum(row.get(key) or 0 for _listed, row in members) for key in structure_aggregates()}
        first = members[0][0]
        folded.append(
            {
                "shared": True,
                "plans": len(members),
                "id": None,
                "title": folded_plans_label(len(members), first["level_label"]),
                "term": term,
                "term_label": first["term_label"],
                "level": level,
                "level_label": first["level_label"],
                "organisation": "",
                "organisation_id": None,
                **structure_of(sums),
                "targets": dict.fromkeys(key for key, _field in STRUCTURE_TARGETS),
                "met": dict.fromkeys(key for key, _field in STRUCTURE_TARGETS),
                **_target_counts([listed["met"] for listed, _row in members]),
            }
        )
    return folded


# --- annual ratings (QĐ 124-QĐ/TW) --------------------------------------------------------------------------------


def _rating_aggregates(year, prefix, organisations=True) -> dict:
    q = Q(year=year)
    values = {
        f"{prefix}total": Count("pk", filter=q),
        f"{prefix}undecided": Count("pk", filter=q & Q(decided_level="")),
        f"{prefix}disciplined": Count("pk", filter=q & Q(disciplined=True)),
        **{f"{prefix}{level}": Count("pk", filter=q & Q(decided_level=level)) for level in RATING_LEVELS},
    }
    if organisations:
        values[f"{prefix}clean_and_strong"] = Count("pk", filter=q & Q(clean_and_strong=True))
    return values


def _rating_totals(row, prefix, organisations=True) -> dict:
    totals = {
        "total": row[f"{prefix}total"] or 0,
        "levels": {level: row[f"{prefix}{level}"] or 0 for level in RATING_LEVELS},
        "undecided": row[f"{prefix}undecided"] or 0,
        "disciplined": row[f"{prefix}disciplined"] or 0,
    }
    totals["decided"] = totals["total"] - totals["undecided"]
    totals["excellent_share_of_good"] = _share(totals["levels"][RatingLevel.EXCELLENT], totals["levels"]["good"])
    if organisations:
        totals["clean_and_strong"] = row[f"{prefix}clean_and_strong"] or 0
        totals["clean_and_strong_share"] = _share(totals["clean_and_strong"], totals["total"])
    return totals


def rating_figures(scope) -> dict:
    """The ratings of the year the scope reports (:func:`rating_year`) and of the year before, of party
    organisations and of party members: per decided level (not yet decided apart), disciplined, and for
    organisations "trong sạch, vững mạnh". Two queries."""
    year = rating_year(scope)
    result = {"year": year, "previous_year": year - 1}
    for key, model, organisations in (
        ("organisations", OrganisationRating, True),
        ("members", MemberRating, False),
    ):
        queryset = scope.records(model.objects.filter(year__in=[year, year - 1])).order_by()
        if model is MemberRating:
            queryset = _live_person(queryset)
        row = queryset.aggregate(
            **_rating_aggregates(year, "n_", organisations), **_rating_aggregates(year - 1, "p_", organisations)
        )
        result[key] = {**_rating_totals(row, "n_", organisations), "previous": _rating_totals(row, "p_", organisations)}
    return result


# --- training and fostering ----------------------------------------------------------------------------------------


def training_figures(scope) -> dict:
    """Training and fostering courses held in the period and in the comparison period: courses (a name, a level and
    a first day make one course, whoever took it), attendances and people trained (each once), in total and per
    level. Three queries."""
    now = held_q(scope.start, scope.end)
    prev = held_q(scope.compare_start, scope.compare_end) if scope.has_comparison else None
    courses = _live_person(scope.records(TrainingCourse.objects.all())).order_by()
    courses = courses.filter(now | prev if prev is not None else now)

    def aggregates(q, prefix):
        return {
            f"{prefix}attendances": Count("pk", filter=q),
            f"{prefix}people": Count("person", distinct=True, filter=q),
        }

    values = aggregates(now, "n_")
    if prev is not None:
        values.update(aggregates(prev, "p_"))
    totals = courses.aggregate(**values)
    levels = {row["level"]: row for row in courses.values("level").annotate(**values)}
    distinct = {"n": Count("pk", filter=now), **({"p": Count("pk", filter=prev)} if prev is not None else {})}
    held = {}
    for row in courses.values("level", "name", "from_date").annotate(**distinct):
        counts = held.setdefault(row["level"], [0, 0])
        counts[0] += 1 if row["n"] else 0
        counts[1] += 1 if row.get("p") else 0
    labels = dict(CourseLevel.choices)
    by_level = []
    for level in CourseLevel.values:
        row = levels.get(level, {})
        by_level.append(
            {
                "level": level,
                "label": str(labels[level]),
                "courses": held.get(level, [0, 0])[0],
                "attendances": row.get("n_attendances", 0),
                "people": row.get("n_people", 0),
                "previous_courses": held.get(level, [0, 0])[1] if prev is not None else None,
                "previous_attendances": row.get("p_attendances", 0) if prev is not None else None,
                "previous_people": row.get("p_people", 0) if prev is not None else None,
            }
        )
    return {
        "courses": sum(counts[0] for counts in held.values()),
        "attendances": totals["n_attendances"],
        "people": totals["n_people"],
        "previous_courses": sum(counts[1] for counts in held.values()) if prev is not None else None,
        "previous_attendances": totals.get("p_attendances"),
        "previous_people": totals.get("p_people"),
        "by_level": by_level,
    }


# --- the people --------------------------------------------------------------------------------------------------


def age_band_q(day, low, high) -> Q:
    """Q over Person: ``low`` ≤ completed age on ``day`` < ``high`` (either bound may be open)."""
    q = Q()
    if low is not None:
        q &= Q(birth_date__lte=shift_year(day, -low))
    if high is not None:
        q &= Q(birth_date__gt=shift_year(day, -high))
    return q


def local_commune_q() -> Q:
    """Q over Person: the home commune is one of the areas their organisation is responsible for (người địa phương,
    ``Person.is_local_commune``)."""
    from phoihop.orgs.models import Organisation

    through = Organisation.areas.through
    return Q(
        Exists(through.objects.filter(organisation_id=OuterRef("organisation_id"), area_id=OuterRef("home_commune_id")))
    )


def home_province_q(code, prefix="home_commune") -> Q:
    """Q over Person: the home commune lies in the province ``code``, directly or under an abolished district."""
    return Q(**{f"{prefix}__parent__code": code, f"{prefix}__parent__kind__in": PROVINCE_KINDS}) | Q(
        **{f"{prefix}__parent__parent__code": code, f"{prefix}__parent__parent__kind__in": PROVINCE_KINDS}
    )


def local_province_q(people) -> Q:
    """Q over Person: the home commune lies in the province of the person's own organisation (``province_of``; the
    setting's province for an organisation without one, as on a fresh install) — ``Person.is_local_province`` for a
    queryset. One definition for the list filter, the API and every figure (page, export, API, dashboard, report).

    ``people`` is the queryset the Q will narrow: the organisations it holds are read once (one query) and matched
    with their provinces (``orgs.provinces.organisation_province_codes``, cached), so the Q is a few ``organisation
    IN (…) AND province = …`` terms, one for each province, whatever the number of people."""
    provinces = organisation_province_codes()
    by_code: dict[str, list[int]] = {}
    for org_id in sorted(set(people.order_by().values_list("organisation_id", flat=True).distinct())):
        by_code.setdefault(provinces.get(org_id) or settings.PHOIHOP_PROVINCE_CODE, []).append(org_id)
    if not by_code:
        return NOTHING
    return reduce(or_, (Q(organisation_id__in=ids) & home_province_q(code) for code, ids in sorted(by_code.items())))


def people_figures(scope) -> dict:
    """The people of the scope as recorded now: in total, party members (admitted by the stock day), by sex, ethnic
    minorities (with the share), from their organisation's province (``local_province_q``) and from a commune of
    their organisation, by age band on the stock day and by ethnic group (the list's order). Three queries (and the
    organisations' provinces when they are not cached)."""
    day = scope.as_at
    people = scope.records(Person.objects.all()).order_by()
    row = people.aggregate(
        total=Count("pk"),
        party_members=Count("pk", filter=Q(party_admitted_on__lte=day)),
        women=Count("pk", filter=Q(sex=Gender.FEMALE)),
        men=Count("pk", filter=Q(sex=Gender.MALE)),
        minority=Count("pk", filter=Q(ethnic_group__is_minority=True)),
        local_province=Count("pk", filter=local_province_q(people)),
        local_commune=Count("pk", filter=local_commune_q()),
        **{f"age_{key}": Count("pk", filter=age_band_q(day, low, high)) for key, low, high in AGE_BANDS},
    )
    total = row["total"]
    groups = [
        {
            "id": group["ethnic_group_id"],
            "code": group["ethnic_group__code"],
            "name": group["ethnic_group__name"],
            "is_minority": group["ethnic_group__is_minority"],
            "count": group["count"],
            "share": _share(group["count"], total),
            "sort_order": group["ethnic_group__sort_order"],
        }
        for group in people.values(
            "ethnic_group_id",
            "ethnic_group__code",
            "ethnic_group__name",
            "ethnic_group__is_minority",
            "ethnic_group__sort_order",
        ).annotate(count=Count("pk"))
    ]
    groups.sort(key=lambda group: (group["sort_order"], group["code"]))
    for group in groups:
        del group["sort_order"]
    sex_labels = dict(Gender.choices)
    band_labels = age_band_labels()
    return {
        "as_at": day,
        "total": total,
        **{key: row[key] for key in ("party_members", "women", "men", "minority", "local_province", "local_commune")},
        "shares": {
            key: _share(row[key], total)
            for key in ("party_members", "women", "minority", "local_province", "local_commune")
        },
        "by_sex": [
            {"sex": value, "label": str(sex_labels[value]), "count": row[key], "share": _share(row[key], total)}
            for value, key in ((Gender.MALE, "men"), (Gender.FEMALE, "women"))
        ],
        "by_age_band": [
            {
                "band": key,
                "label": band_labels[key],
                "count": row[f"age_{key}"],
                "share": _share(row[f"age_{key}"], total),
            }
            for key, _low, _high in AGE_BANDS
        ],
        "by_ethnic_group": groups,
    }


def age_band_labels() -> dict:
    """The age bands' labels in the active language."""
    return {
        "under_30": _("Under 30"),
        "30_39": _("30 to 39"),
        "40_49": _("40 to 49"),
        "50_59": _("50 to 59"),
        "60_plus": _("60 and over"),
    }


# --- all of them ---------------------------------------------------------------------------------------------------


def cadre_figures(scope, term=None) -> dict:
    """Every figure of cadre work and Party building for ``scope`` (see the section's comment): a fixed number of
    queries (about fifteen), whatever the number of people, plans and organisations."""
    day, before = stock_days(scope)
    return {
        "period": {"start": scope.start, "end": scope.end},
        "comparison": ({"start": scope.compare_start, "end": scope.compare_end} if scope.has_comparison else None),
        "as_at": day,
        "previous_as_at": before,
        "secondments": secondment_figures(scope),
        "households": household_figures(scope),
        "planning": planning_figures(scope, term),
        "ratings": rating_figures(scope),
        "training": training_figures(scope),
        "people": people_figures(scope),
    }


# --- the tables every place prints --------------------------------------------------------------------------------


def _day_text(value) -> str:
    """dd/mm/yyyy of a date or of the ISO string a stored report holds."""
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        value = datetime.date.fromisoformat(value)
    return value.strftime("%d/%m/%Y")


def summary_groups(figures, previous_label=None) -> list[dict]:
    """The summary tables of ``figures`` (live, or a report's stored snapshot), each with the headers of its two
    columns and its lines (key, label in the active language, indent level, value, the comparison's value or None):
    seconded officers and households in charge on the stock day against the comparison day, the ratings of the year
    against the year before, the courses of the period against the comparison period, the people now. The page, the
    Excel export, the API and the report print these. ``previous_label``: the header of the courses' comparison
    column (the report's own wording)."""
    secondments, households = figures["secondments"], figures["households"]
    ratings, training, people = figures["ratings"], figures["training"], figures["people"]
    compared = figures.get("previous_as_at") not in (None, "")
    on_day = _("On %(day)s")
    stock_headers = (
        on_day % {"day": _day_text(figures["as_at"])},
        on_day % {"day": _day_text(figures["previous_as_at"])} if compared else None,
    )

    def line(key, label, value, previous, level=0):
        return {"key": key, "label": str(label), "level": level, "value": value, "previous": previous}

    level_lines = [
        line(f"secondments_{row['level']}", row["label"], row["officers"], row["previous"], 1)
        for row in secondments["by_level"]
        if row["officers"] or row["previous"]
    ]
    rating_labels = dict(RatingLevel.choices)

    def rating_lines(kind, total_label):
        now, before = ratings[kind], ratings[kind]["previous"]
        lines = [line(f"{kind}_rated", total_label, now["total"], before["total"])]
        lines += [
            line(f"{kind}_{level}", rating_labels[level], now["levels"][level], before["levels"][level], 1)
            for level in RATING_LEVELS
        ]
        if now["undecided"] or before["undecided"]:
            lines.append(line(f"{kind}_undecided", _("not yet decided"), now["undecided"], before["undecided"], 1))
        return lines

    organisations = ratings["organisations"]
    groups = [
        {
            "key": "secondments",
            "title": _("Officers seconded to local party committees and households in charge"),
            "headers": stock_headers,
            "lines": [
                line("secondments", _("Officers seconded"), secondments["officers"], secondments["previous_officers"]),
                *level_lines,
                line(
                    "committees",
                    _("Committees receiving them"),
                    secondments["committees"],
                    secondments["previous_committees"],
                ),
                line(
                    "household_members",
                    _("Party members in charge of households"),
                    households["members"],
                    households["previous_members"],
                ),
                line(
                    "households",
                    _("Households in their charge"),
                    households["households"],
                    households["previous_households"],
                    1,
                ),
                line("villages", _("Villages"), households["villages"], households["previous_villages"], 1),
            ],
        },
        {
            "key": "ratings",
            "title": _("Annual review and rating"),
            "headers": (
                _("Year %(year)s") % {"year": ratings["year"]},
                _("Year %(year)s") % {"year": ratings["previous_year"]},
            ),
            "lines": [
                *rating_lines("organisations", _("Party organisations rated")),
                line(
                    "clean_and_strong",
                    _("Recognised \u201cclean and strong\u201d"),
                    organisations["clean_and_strong"],
                    organisations["previous"]["clean_and_strong"],
                ),
                *rating_lines("members", _("Party members rated")),
                line(
                    "members_disciplined",
                    _("Party members disciplined"),
                    ratings["members"]["disciplined"],
                    ratings["members"]["previous"]["disciplined"],
                    1,
                ),
            ],
        },
        {
            "key": "training",
            "title": _("Training and fostering"),
            "headers": (
                _("This period"),
                (previous_label or _("Same period last year")) if figures.get("comparison") else None,
            ),
            "lines": [
                line("courses", _("Courses held"), training["courses"], training["previous_courses"]),
                line("attendances", _("Attendances"), training["attendances"], training["previous_attendances"], 1),
                line("trained", _("People trained"), training["people"], training["previous_people"], 1),
            ],
        },
        {
            "key": "people",
            "title": _("Cadres and party members"),
            "headers": (on_day % {"day": _day_text(people["as_at"])}, None),
            "lines": [
                line("people", _("Cadres and party members recorded"), people["total"], None),
                line("party_members", _("Party members"), people["party_members"], None, 1),
                line("women", _("Women"), people["women"], None, 1),
                line("minority", _("Ethnic minorities"), people["minority"], None, 1),
                line("local_province", _("From the province"), people["local_province"], None, 1),
                line("local_commune", _("From a commune of their organisation"), people["local_commune"], None, 1),
            ],
        },
    ]
    for group in groups:
        group["headers"] = [str(header) if header is not None else None for header in group["headers"]]
        if group["headers"][1] is None:
            for item in group["lines"]:
                item["previous"] = None
    return groups


def structure_targets_labels() -> dict:
    """The structure targets' names in the active language."""
    return {
        "under_40": _("Under 40"),
        "women": _("Women"),
        "minority": _("Ethnic minorities"),
        "local": _("Local people"),
    }


# --- rating pages ---
#
# The 20 % rule of QĐ 124-QĐ/TW 2023 (``choices.EXCELLENT_SHARE_OF_GOOD``): within a comparable group — the same
# deciding organisation, year and kind of subject — those decided "excellent" are at most a fifth of those decided
# "good". Counted over the whole group, whoever reads (the rule is the deciding organisation's, not the reader's
# scope), and only as numbers; the indexes ``cadres_*rating_group`` serve the count.

from phoihop.cadres.choices import EXCELLENT_SHARE_OF_GOOD  # noqa: E402 (this section's own import)


def excellent_allowed(good_count) -> int:
    """How many may be decided "excellent" for ``good_count`` decided "good": floor(20 % of them)."""
    return int(EXCELLENT_SHARE_OF_GOOD * int(good_count or 0))  # Decimal → int truncates: the floor of a non-negative


def excellent_quota(model, deciding_organisation, year, exclude_pk=None) -> dict:
    """``{"good", "excellent", "allowed"}`` of the group of ``model`` (``OrganisationRating`` or ``MemberRating``)
    decided by ``deciding_organisation`` (a record or its id) in ``year``; ``exclude_pk`` leaves one record out (the
    one being decided, which its caller then counts with its new level). One query."""
    organisation_id = getattr(deciding_organisation, "pk", deciding_organisation)
    if organisation_id is None or not year:
        return {"good": 0, "excellent": 0, "allowed": 0}
    group = model.objects.filter(
        deciding_organisation_id=organisation_id,
        year=year,
        decided_level__in=(RatingLevel.GOOD, RatingLevel.EXCELLENT),
    )
    if exclude_pk is not None:
        group = group.exclude(pk=exclude_pk)
    counts = group.aggregate(
        good=Count("pk", filter=Q(decided_level=RatingLevel.GOOD)),
        excellent=Count("pk", filter=Q(decided_level=RatingLevel.EXCELLENT)),
    )
    return {"good": counts["good"], "excellent": counts["excellent"], "allowed": excellent_allowed(counts["good"])}


# --- planning pages ---
#
# What a plan's page reads: its people through the gate (``Action.VIEW``: the personal-data rule), the structure of
# those still in it as counts (``Action.COUNT``, with the figures above: ``structure_aggregates``, ``structure_of``,
# ``target_met``), and the removals the system proposes (QĐ 50-QĐ/TW: over age or disciplined, without assessment).


def plan_members(user, plan) -> list:
    """The planned cadres of ``plan`` the user may read, in force first, by name; each with ``age_at_start`` (at
    the start of the term, ``choices.term_start``) and ``cohort_value``. One query."""
    members = list(
        PlannedCadre.objects.restrict(user, Action.VIEW)
        .filter(plan=plan)
        .select_related("person__ethnic_group", "person__organisation")
        .order_by(F("removed_on").asc(nulls_first=True), "person__full_name", "pk")
    )
    for member in members:
        member.plan = plan  # the plan's term gives the age (no query per row)
        member.age_at_start = member.age_at_term_start
        member.cohort_value = member.cohort
    return members


def plan_structure(user, plan) -> dict:
    """The structure of the people still in ``plan`` against its targets (the figures of :func:`planning_figures`,
    for one plan): counts with :func:`structure_aggregates` over the gate's ``count`` rule, then
    :func:`structure_of` and :func:`target_met`. Each target row: key, label, count, share, target, met. One
    query."""
    planned = planned_in_force(PlannedCadre.objects.restrict(user, Action.COUNT).filter(plan=plan)).order_by()
    structure = structure_of(planned.aggregate(**structure_aggregates()))
    labels = structure_targets_labels()
    structure["targets"] = [
        {
            "key": key,
            "label": labels[key],
            "count": structure[key],
            "share": structure["shares"][key],
            "target": getattr(plan, field),
            "met": target_met(structure[key], structure["total"], getattr(plan, field)),
        }
        for key, field in STRUCTURE_TARGETS
    ]
    return structure


def _over_age_q(plan) -> Q:
    """Q over PlannedCadre: at the start of ``plan``'s term the person reaches retirement age
    (``choices.RETIREMENT_AGE`` by sex) before a whole term (``FULL_TERM_YEARS``) is served: born before the term's
    start day that many years earlier."""
    start = plan.term_start
    return reduce(
        or_,
        (
            Q(person__sex=sex, person__birth_date__lt=shift_year(start, -(age - FULL_TERM_YEARS)))
            for sex, age in RETIREMENT_AGE.items()
        ),
    )


def proposed_removals(user, plan) -> list[dict]:
    """The people still in ``plan`` (those the user may read) whom the system proposes to remove: ``OVER_AGE`` (see
    :func:`_over_age_q`) and ``DISCIPLINED`` (a party member rating the user may read, disciplined in a year from
    the year before the term's first year on). Each proposal: ``planned``, ``reason`` (the first that applies, in
    the order of ``AUTOMATIC_REMOVAL_REASONS``), ``label``, ``reasons`` (all that apply) and ``detail``. One
    query."""
    first_year = term_first_year(plan.term)
    disciplined = (
        MemberRating.objects.restrict(user, Action.VIEW)
        .filter(person=OuterRef("person_id"), disciplined=True, year__gte=first_year - 1)
        .order_by("-year")
        .values("year")[:1]
    )
    rows = (
        planned_in_force(PlannedCadre.objects.restrict(user, Action.VIEW).filter(plan=plan))
        .annotate(over_age=ExpressionWrapper(_over_age_q(plan), output_field=BooleanField()))
        .annotate(disciplined_year=Subquery(disciplined))
        .filter(Q(over_age=True) | Q(disciplined_year__isnull=False))
        .select_related("person__ethnic_group")
        .order_by("person__full_name", "pk")
    )
    labels = dict(RemovalReason.choices)
    proposals = []
    for planned in rows:
        planned.plan = plan
        applying = {
            RemovalReason.OVER_AGE: planned.over_age,
            RemovalReason.DISCIPLINED: planned.disciplined_year is not None,
        }
        reasons = [reason for reason in AUTOMATIC_REMOVAL_REASONS if applying[reason]]
        details = []
        if planned.over_age:
            details.append(
                _("%(age)s at the start of the term: retirement age (%(limit)s) comes before a full term ends.")
                % {"age": planned.age_at_term_start, "limit": RETIREMENT_AGE[planned.person.sex]}
            )
        if planned.disciplined_year is not None:
            details.append(_("Disciplined in %(year)s.") % {"year": planned.disciplined_year})
        proposals.append(
            {
                "planned": planned,
                "reason": reasons[0],
                "label": str(labels[reasons[0]]),
                "reasons": reasons,
                "detail": " ".join(details),
            }
        )
    return proposals
