"""Read helpers of the orgs app — always through the access gate."""

from dataclasses import dataclass, field

from django.db.models import Count
from django.urls import NoReverseMatch, reverse

from phoihop.core.models import BaseModel
from phoihop.orgs.models import Clause

#: the date that places a record implementing a clause in a period: the first of these fields the model has (a
#: model may name its own with ``report_date_field``); records without any count by creation or change
ACTIVITY_DATE_FIELDS = ("held_on", "inspected_on", "signed_on", "date", "deadline_in_force", "deadline", "started_on")


def activity_in(model, start, end):
    """Q over ``model``: the record belongs to [start, end] by its own date (``ACTIVITY_DATE_FIELDS``: a session
    by the day it was held, a task by its deadline), not by when it was typed in; an open end is not filtered.
    The agreement page's "by period" view and the report's clause section both read it."""
    from django.db.models import Q

    def between(name):
        q = Q()
        if start is not None:
            q &= Q(**{f"{name}__gte": start})
        if end is not None:
            q &= Q(**{f"{name}__lte": end})
        return q

    names = {f.name for f in model._meta.concrete_fields}
    field = getattr(model, "report_date_field", None) or next((n for n in ACTIVITY_DATE_FIELDS if n in names), None)
    if field:
        return between(field)
    return between("created_at__date") | between("updated_at__date")


def clause_activity(user, agreement, date_from=None, date_to=None):
    """Per clause of ``agreement``: the records that implement it (every record type with a link to Clause,
    found from the model graph, so a new module is traced without changes here), counted through the gate,
    optionally only those of [date_from, date_to] by their own dates (``activity_in``)."""
    clauses = list(agreement.clauses.all().prefetch_related("responsible"))
    relations = [
        rel
        for rel in Clause._meta.related_objects
        if issubclass(rel.related_model, BaseModel) and rel.related_model is not Clause
    ]
    per_clause = {clause.pk: [] for clause in clauses}
    for rel in relations:
        model, link = rel.related_model, rel.field.name
        queryset = model.objects.restrict(user).filter(**{f"{link}__agreement": agreement})
        if date_from or date_to:
            queryset = queryset.filter(activity_in(model, date_from, date_to))
        try:
            list_url = reverse(model.url_name("list"))
        except NoReverseMatch:
            list_url = None
        for row in queryset.order_by().values(link).annotate(n=Count("pk", distinct=True)):
            if row[link] in per_clause:
                url = f"{list_url}?{link}={row[link]}" if list_url else None
                per_clause[row[link]].append((model._meta.verbose_name_plural, row["n"], url))
    return [(clause, per_clause[clause.pk], sum(n for _, n, _ in per_clause[clause.pk])) for clause in clauses]


# --- the territory of an agreement -------------------------------------------------------------------------------


def area_closure(area_ids) -> set[int]:
    """The areas ``area_ids``, every area below them and every area that succeeded them (a commune formed in 2025
    from an abolished district), recursively: the territory an organisation with those areas answers for."""
    from django.db.models import Q

    from phoihop.orgs.models import Area

    seen = set(area_ids)
    frontier = set(seen)
    while frontier:
        found = set(
            Area.objects.filter(Q(parent__in=frontier) | Q(predecessors__in=frontier)).values_list("pk", flat=True)
        )
        frontier = found - seen
        seen |= frontier
    return seen


def area_ancestors(area_ids) -> set[int]:
    """The areas above ``area_ids`` through their parents (the province above a commune)."""
    from phoihop.orgs.models import Area

    seen: set[int] = set()
    frontier = set(area_ids)
    while frontier:
        parents = set(Area.objects.filter(pk__in=frontier, parent__isnull=False).values_list("parent_id", flat=True))
        frontier = parents - seen
        seen |= frontier
    return seen


@dataclass
class AgreementScope:
    """Whose records the review of an agreement counts.

    ``roots``: the organisations whose subtrees count. ``narrowed``: for each party whose territory is wider than
    the agreement's (the provincial Border Guard in an agreement with a district party committee), the units of it
    that work in the agreement's territory — those are its roots instead of itself. ``territory``: the ids of the
    areas of the agreement's territory (empty when the parties' territories do not narrow anything)."""

    roots: list
    narrowed: list = field(default_factory=list)  # [(party, [units])]
    territory: set = field(default_factory=set)


def agreement_scope(agreement) -> AgreementScope:
    """The scope of the review of ``agreement``: its parties' subtrees, except that a party whose territory is wider
    than the agreement's counts only its units working there.

    The agreement's territory is the common part of the parties' territories (``area_closure`` of their areas;
    parties without areas of their own do not narrow it). A party whose territory reaches beyond it is replaced by
    the highest units of its subtree whose areas lie below the province level of that territory and include a part
    of it (the border posts of a district, with their party cells); units without areas of their own count with
    the unit above them. So the review of a regulation between the provincial Border Guard's party committee and a
    district party committee counts the district and the posts on its territory, not the whole province."""
    from phoihop.orgs.models import Organisation

    parties = list(agreement.parties.all().order_by("path"))
    if not parties:
        return AgreementScope(roots=[])
    own_areas = {party.pk: set() for party in parties}
    for org_id, area_id in Organisation.areas.through.objects.filter(organisation__in=parties).values_list(
        "organisation_id", "area_id"
    ):
        own_areas[org_id].add(area_id)
    closures = {party.pk: area_closure(own_areas[party.pk]) for party in parties if own_areas[party.pk]}
    if len(closures) < 2:
        return AgreementScope(roots=parties)
    territory = set.intersection(*closures.values())
    wider = [party for party in parties if party.pk in closures and closures[party.pk] > territory]
    if not territory or not wider:
        return AgreementScope(roots=parties)
    above = area_ancestors(territory) - territory
    roots, narrowed = [], []
    for party in parties:
        if party not in wider:
            roots.append(party)
            continue
        units = _units_in(party, territory, above)
        narrowed.append((party, units))
        roots.extend(units)
    return AgreementScope(roots=sorted(roots, key=lambda org: org.path), narrowed=narrowed, territory=territory)


def _units_in(party, territory: set, above: set) -> list:
    """The highest units of ``party``'s subtree with areas of their own, none of them ``above`` the territory and
    some of them in it."""
    from phoihop.orgs.models import Organisation

    units = list(Organisation.objects.filter(path__startswith=party.path).order_by("path"))
    areas: dict[int, set] = {}
    for org_id, area_id in Organisation.areas.through.objects.filter(
        organisation__path__startswith=party.path
    ).values_list("organisation_id", "area_id"):
        areas.setdefault(org_id, set()).add(area_id)
    chosen = []
    for unit in units:
        if any(unit.path.startswith(root.path) for root in chosen):
            continue
        own = areas.get(unit.pk)
        if own and not own & above and own & territory:
            chosen.append(unit)
    return chosen


def province_of(organisation):
    """The province (or centrally-run city) an organisation works in: the province above one of its own areas,
    else that of its nearest ancestor with areas (a border post under the provincial command); None for a
    national body with no area (the Border Guard High Command, the Party Central Office). One deployment may
    hold every border province: the province, its bounds and its communes come from here, never from a setting."""
    from phoihop.orgs.choices import AreaKind

    province_kinds = (AreaKind.PROVINCE, AreaKind.CITY)
    for org in [organisation, *reversed(list(organisation.ancestors()))]:
        for area in org.areas.all():
            for _level in range(10):
                if area is None:
                    break
                if area.kind in province_kinds:
                    return area
                area = area.parent
    return None
