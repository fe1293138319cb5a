"""The figures of crime prevention along the border — defined here once, over one scope rule.

Every place that prints one of these numbers calls :func:`crime_figures` with a ``core.scope.Scope``: the
statistics page and its Excel export (``views/statistics.py``), ``/api/security/statistics/``, the leadership
dashboard's panel (``dashboard_panels.py``) and the review report's "phòng, chống tội phạm" section
(``report_sections.py``). ``tests/test_statistics.py`` proves they agree.

**The scope rule** (``core.scope``): the gate with the ``count`` action — a "totals only" sharing rule counts the
records without showing them, and a classified record counts only for a user cleared for its level — then the
records of the scope's units and the units below them (a case's ``unit``, an operation's ``lead_unit``, a seized
item's case's unit). The other units a case names (``involved_units``) are descriptive: they do not count it.

**The figures** of a period (``scope.start``–``scope.end``, each end may be open) and, when the scope has one, of its
comparison period (``compare_start``–``compare_end``: the same period last year, see :func:`with_comparison`):

* ``operations`` — chuyên án opened in the period (``Operation.opened_on``); ``operations_closed`` — closed in it;
* ``cases`` — vụ việc that occurred in the period (``Case.occurred_on``), split ``criminal_cases`` /
  ``administrative_cases`` (the case's nature, by default its category's), ``lead`` / ``support`` (the unit led the
  case or supported another force) and ``ownerless`` (goods whose owner was not identified: their own line);
* ``subjects`` — đối tượng: the sum of the cases' ``subject_count`` (never the identities, which are personal data),
  split ``criminal_subjects`` / ``administrative_subjects``;
* ``outcomes`` — the cases of the period by their outcome as recorded today (prosecuted and transferred to the
  investigating agency, initial file drawn up and handed over, fined, ownerless goods confiscated, still being
  handled);
* ``fines`` and ``budget_receipts`` — the sums (VND) recorded on the cases of the period;
* ``by_category`` and ``by_unit`` — the same per case category and per recording unit;
* ``seizures`` — the items seized in the cases of the period, summed per **item type and unit of measure**: grams
  are never added to pills, blocks or kilograms.

``previous`` holds the same totals over the comparison period (None without one). A fixed number of queries (five),
whatever the number of cases, units and categories.
"""

from __future__ import annotations

from decimal import ROUND_HALF_UP, Decimal

from django.db.models import Case as Choose
from django.db.models import Count, F, Q, Sum, When
from django.utils.translation import gettext as _

from phoihop.core.choices import Action
from phoihop.core.scope import with_comparison  # noqa: F401 (the security figures' callers read it here)
from phoihop.security.choices import CaseNature, CaseOutcome, CaseRole, Unit
from phoihop.security.models import Case, Operation, SeizedItem

#: the totals of a period, in the order the summary prints them
CASE_TOTALS = (
    "cases",
    "criminal_cases",
    "administrative_cases",
    "lead",
    "support",
    "ownerless",
    "subjects",
    "criminal_subjects",
    "administrative_subjects",
)
MONEY = ("fines", "budget_receipts")
#: the outcomes in the order a report names them: the handed-over ones first
OUTCOME_ORDER = (
    CaseOutcome.PROSECUTED,
    CaseOutcome.TRANSFERRED,
    CaseOutcome.FINED,
    CaseOutcome.CONFISCATED,
    CaseOutcome.PENDING,
)


# --- the period ---------------------------------------------------------------------------------------------------


# ``shift_year`` and ``with_comparison`` (the same period last year) are ``core.scope``'s, shared by every figure.


# --- the records of a scope ---------------------------------------------------------------------------------------


def scope_cases(scope, action=Action.COUNT, category=None):
    """The cases of ``scope`` through the gate (``count`` by default): those recorded by one of its units."""
    cases = scope.records(Case.objects.all(), action=action)
    return cases.filter(category=category) if category is not None else cases


def scope_operations(scope, action=Action.COUNT, category=None):
    """The operations (chuyên án) led by one of the scope's units."""
    operations = scope.records(Operation.objects.all(), action=action)
    return operations.filter(category=category) if category is not None else operations


def scope_seized_items(scope, action=Action.COUNT, category=None):
    """The items seized in the cases of ``scope`` (the case's gate: its unit and its classification)."""
    items = scope.records(SeizedItem.objects.filter(case__deleted_at__isnull=True), action=action)
    return items.filter(case__category=category) if category is not None else items


def has_cases(scope) -> bool:
    """Whether the scope counts any case or operation at all (the report section applies only then)."""
    return scope_cases(scope).exists() or scope_operations(scope).exists()


def criminal_q(prefix: str = "") -> Q:
    """Q over Case: a criminal case (its nature, or its category's when the nature was left empty)."""
    return Q(**{f"{prefix}nature": CaseNature.CRIMINAL}) | Q(
        **{f"{prefix}nature": "", f"{prefix}category__default_nature": CaseNature.CRIMINAL}
    )


# --- numbers ------------------------------------------------------------------------------------------------------


def amount(value, places=0) -> Decimal:
    """A sum as a Decimal without trailing zeros; SQLite sums decimals as floats, hence the rounding."""
    value = Decimal(str(value or 0)).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)
    return value.quantize(Decimal(1)) if value == value.to_integral() else value.normalize()


def _case_aggregates(period: Q, prefix: str = "now_") -> dict:
    """The case figures over ``period`` as aggregates named ``<prefix><figure>`` (a prefix always: an aggregate may
    not take the name of a field it reads, such as ``ownerless``)."""
    criminal = criminal_q()
    administrative = ~criminal
    aggregates = {
        "cases": Count("pk", filter=period),
        "criminal_cases": Count("pk", filter=period & criminal),
        "administrative_cases": Count("pk", filter=period & administrative),
        "lead": Count("pk", filter=period & Q(role=CaseRole.LEAD)),
        "support": Count("pk", filter=period & Q(role=CaseRole.SUPPORT)),
        "ownerless": Count("pk", filter=period & Q(ownerless=True)),
        "subjects": Sum("subject_count", filter=period),
        "criminal_subjects": Sum("subject_count", filter=period & criminal),
        "administrative_subjects": Sum("subject_count", filter=period & administrative),
        "fines": Sum("fine_amount", filter=period),
        "budget_receipts": Sum("budget_receipts", filter=period),
        **{f"outcome_{value}": Count("pk", filter=period & Q(outcome=value)) for value in CaseOutcome.values},
    }
    return {f"{prefix}{key}": value for key, value in aggregates.items()}


def _case_totals(row: dict, prefix: str = "now_") -> dict:
    totals = {key: row[f"{prefix}{key}"] or 0 for key in CASE_TOTALS}
    totals.update({key: amount(row[f"{prefix}{key}"]) for key in MONEY})
    totals["outcomes"] = {value: row[f"{prefix}outcome_{value}"] or 0 for value in CaseOutcome.values}
    return totals


# --- the figures --------------------------------------------------------------------------------------------------


def crime_figures(scope, category=None) -> dict:
    """The crime-prevention figures of ``scope`` (see the module docstring), optionally of one case category."""
    now = scope.period_q("occurred_on")
    before = scope.period_q("occurred_on", previous=True) if scope.has_comparison else None
    cases = scope_cases(scope, category=category).order_by()
    if before is not None:
        cases = cases.filter(now | before)
    elif now:
        cases = cases.filter(now)

    aggregates = _case_aggregates(now)
    if before is not None:
        aggregates.update(_case_aggregates(before, "previous_"))
    row = cases.aggregate(**aggregates)
    figures = _case_totals(row)
    previous = _case_totals(row, "previous_") if before is not None else None

    operations = _operation_figures(scope, category)
    figures.update(operations["now"])
    if previous is not None:
        previous.update(operations["previous"])

    figures.update(
        {
            "period": {"start": scope.start, "end": scope.end},
            "comparison": ({"start": scope.compare_start, "end": scope.compare_end} if scope.has_comparison else None),
            "previous": previous,
            "by_category": _by_category(cases, now, before, operations["by_category"]),
            "by_unit": _by_unit(cases, now, before),
            "seizures": seizure_figures(scope, category),
        }
    )
    return figures


def _operation_figures(scope, category) -> dict:
    """Operations opened and closed in the period (and the comparison period), in total and per category. One
    query: grouped by category, summed here."""
    opened, closed = scope.period_q("opened_on"), scope.period_q("closed_on")
    aggregates = {
        "now_operations": Count("pk", filter=opened),
        "now_operations_closed": Count("pk", filter=Q(closed_on__isnull=False) & closed),
    }
    if scope.has_comparison:
        aggregates.update(
            previous_operations=Count("pk", filter=scope.period_q("opened_on", previous=True)),
            previous_operations_closed=Count(
                "pk", filter=Q(closed_on__isnull=False) & scope.period_q("closed_on", previous=True)
            ),
        )
    rows = list(scope_operations(scope, category=category).order_by().values("category_id").annotate(**aggregates))

    def total(key):
        return sum(row.get(key, 0) for row in rows)

    result = {
        "now": {"operations": total("now_operations"), "operations_closed": total("now_operations_closed")},
        "previous": {
            "operations": total("previous_operations"),
            "operations_closed": total("previous_operations_closed"),
        },
        "by_category": {row["category_id"]: (row["now_operations"], row.get("previous_operations", 0)) for row in rows},
    }
    return result


def _grouped(cases, now, before, fields, keys=("cases", "criminal_cases", "ownerless", "subjects")):
    wanted = {f"now_{key}" for key in keys} | {f"previous_{key}" for key in keys}
    aggregates = {key: value for key, value in _case_aggregates(now).items() if key in wanted}
    if before is not None:
        aggregates.update({key: value for key, value in _case_aggregates(before, "previous_").items() if key in wanted})
    for row in cases.values(*fields).annotate(**aggregates):
        yield {key.removeprefix("now_"): value for key, value in row.items()}


def _by_category(cases, now, before, operations) -> list[dict]:
    """Per case category (in the list's order): cases, of which criminal, ownerless, subjects, operations; the same
    over the comparison period. Categories without a figure in either period are left out."""
    keys = ("cases", "criminal_cases", "administrative_cases", "lead", "support", "ownerless", "subjects")
    rows = _grouped(
        cases, now, before, ("category_id", "category__code", "category__name", "category__sort_order"), keys
    )
    found = {}
    for row in rows:
        entry = {
            "id": row["category_id"],
            "code": row["category__code"],
            "name": row["category__name"],
            "sort_order": row["category__sort_order"],
            **{key: row[key] or 0 for key in keys},
            "previous_cases": row.get("previous_cases") or 0,
            "previous_subjects": row.get("previous_subjects") or 0,
        }
        entry["operations"], entry["previous_operations"] = operations.get(row["category_id"], (0, 0))
        found[row["category_id"]] = entry
    missing = [pk for pk in operations if pk not in found and any(operations[pk])]
    if missing:
        from phoihop.security.models import CaseCategory

        for category in CaseCategory.all_objects.filter(pk__in=[pk for pk in missing if pk is not None]):
            found[category.pk] = _empty_category(category.pk, category.code, category.name, category.sort_order)
            found[category.pk]["operations"], found[category.pk]["previous_operations"] = operations[category.pk]
        if None in missing:  # operations without a category
            found[None] = _empty_category(None, "", _("Other"), 10**6)
            found[None]["operations"], found[None]["previous_operations"] = operations[None]
    listed = [
        row
        for row in found.values()
        if row["cases"] or row["previous_cases"] or row["operations"] or row["previous_operations"]
    ]
    listed.sort(key=lambda row: (row["sort_order"], row["name"] or ""))
    for row in listed:
        del row["sort_order"]
    return listed


def _empty_category(pk, code, name, sort_order) -> dict:
    keys = ("cases", "criminal_cases", "administrative_cases", "lead", "support", "ownerless", "subjects")
    return {
        "id": pk,
        "code": code,
        "name": name,
        "sort_order": sort_order,
        **dict.fromkeys(keys, 0),
        "previous_cases": 0,
        "previous_subjects": 0,
    }


def _by_unit(cases, now, before) -> list[dict]:
    """Per recording unit (by name): cases, of which criminal, ownerless, subjects; cases and subjects over the
    comparison period. Units are named as the units figures are counted by, never the cases themselves."""
    rows = _grouped(cases, now, before, ("unit_id", "unit__name"))
    listed = [
        {
            "id": row["unit_id"],
            "name": row["unit__name"],
            "cases": row["cases"],
            "criminal_cases": row["criminal_cases"],
            "ownerless": row["ownerless"],
            "subjects": row["subjects"] or 0,
            "previous_cases": row.get("previous_cases") or 0,
            "previous_subjects": row.get("previous_subjects") or 0,
        }
        for row in rows
    ]
    listed = [row for row in listed if row["cases"] or row["previous_cases"]]
    listed.sort(key=lambda row: (row["name"] or "", row["id"]))
    return listed


def seizure_figures(scope, category=None) -> list[dict]:
    """The items seized in the cases of the period, per item type and unit of measure (never added across units):
    quantity, cases, estimated value and face value; the quantity over the comparison period. One query."""
    now = scope.period_q("case__occurred_on")
    before = scope.period_q("case__occurred_on", previous=True) if scope.has_comparison else None
    items = scope_seized_items(scope, category=category).order_by()
    items = items.filter(now | before) if before is not None else items.filter(now)
    measure = Choose(When(unit="", then=F("item_type__default_unit")), default=F("unit"))
    aggregates = {
        "n_quantity": Sum("quantity", filter=now),
        "n_cases": Count("case", filter=now, distinct=True),
        "n_estimated_value": Sum("estimated_value", filter=now),
        "n_face_value": Sum("face_value", filter=now),
    }
    if before is not None:
        aggregates["previous_quantity"] = Sum("quantity", filter=before)
        aggregates["previous_cases"] = Count("case", filter=before, distinct=True)
    rows = (
        items.annotate(measure=measure)
        .values("item_type_id", "item_type__code", "item_type__name", "item_type__sort_order", "measure")
        .annotate(**aggregates)
    )
    labels = dict(Unit.choices)
    listed = []
    for row in rows:
        listed.append(
            {
                "item_type": row["item_type_id"],
                "code": row["item_type__code"],
                "name": row["item_type__name"],
                "sort_order": row["item_type__sort_order"],
                "unit": row["measure"],
                "unit_label": str(labels.get(row["measure"], row["measure"])),
                "quantity": amount(row["n_quantity"], 3),
                "cases": row["n_cases"],
                "estimated_value": amount(row["n_estimated_value"]),
                "face_value": amount(row["n_face_value"]),
                "previous_quantity": amount(row.get("previous_quantity"), 3),
                "previous_cases": row.get("previous_cases") or 0,
            }
        )
    listed = [row for row in listed if row["cases"] or row["previous_cases"]]
    listed.sort(key=lambda row: (row["sort_order"], row["name"] or "", row["unit"]))
    for row in listed:
        del row["sort_order"]
    return listed


# --- the summary every place prints -------------------------------------------------------------------------------


def summary_lines(figures) -> list[dict]:
    """The summary table of ``figures`` (live or a report's stored snapshot): one line per figure, with its label
    in the active language, its value, the comparison period's value (None without one) and its indent level. The
    page, the Excel export, the API and the report's table print these lines."""
    previous = figures.get("previous") or None
    outcome_labels = dict(CaseOutcome.choices)

    def line(key, label, level=0, money=False, value=None, before=None):
        if value is None:
            value = figures[key]
            before = previous[key] if previous else None
        return {"key": key, "label": str(label), "level": level, "money": money, "value": value, "previous": before}

    lines = [
        line("operations", _("Operations opened")),
        line("operations_closed", _("Operations concluded"), 1),
        line("cases", _("Cases")),
        line("criminal_cases", _("criminal"), 1),
        line("administrative_cases", _("administrative"), 1),
        line("lead", _("led by the unit"), 1),
        line("support", _("in support of another force"), 1),
        line("ownerless", _("goods whose owner was not identified"), 1),
        line("subjects", _("Subjects")),
        line("criminal_subjects", _("criminal"), 1),
        line("administrative_subjects", _("administrative"), 1),
        line("outcomes", _("Outcome of the cases"), value="", before=""),
    ]
    for value in OUTCOME_ORDER:
        lines.append(
            line(
                f"outcome_{value}",
                outcome_labels[value],
                1,
                value=figures["outcomes"][value],
                before=previous["outcomes"][value] if previous else None,
            )
        )
    lines += [
        line("fines", _("Administrative fines (VND)"), money=True),
        line("budget_receipts", _("Paid to the budget (VND)"), money=True),
    ]
    return lines


def change_of(value, previous):
    """(difference, percent) of ``value`` against ``previous``; percent None on a zero baseline, both None without a
    comparison."""
    if previous is None or previous == "" or value == "":
        return None, None
    from phoihop.core.numbers import rate

    value, previous = Decimal(str(value or 0)), Decimal(str(previous or 0))
    difference = value - previous
    return amount(difference, 3), (rate(difference, previous) if previous else None)


# --- places of cases (the border map's layer) ---------------------------------------------------------------------


def case_places(scope, category=None) -> dict:
    """Where the cases of ``scope``'s period happened, for the map: the cases the user may **view** (a layer shows
    where cases are; totals shared as totals only show nothing here), each at its own point, else at its nearest
    marker's, else at the centre of its commune's markers the user may see (phoihop holds no commune boundaries).
    Cases at the same place (to about 10 m) make one point with their count and their count per category. A case's
    marker places it only for a user who may see that marker (``border.selectors.marker_points``). Three queries,
    whatever the number of cases."""
    from collections import defaultdict

    from phoihop.border.selectors import commune_centres, marker_points

    cases = scope_cases(scope, Action.VIEW, category).filter(scope.period_q("occurred_on")).order_by()
    rows = list(cases.values("category__name", "latitude", "longitude", "marker_id", "commune_id"))
    unpositioned = [row for row in rows if row["latitude"] is None or row["longitude"] is None]
    markers = marker_points(scope.user, {row["marker_id"] for row in unpositioned if row["marker_id"]})
    centres = commune_centres(
        scope.user, {row["commune_id"] for row in unpositioned if row["marker_id"] not in markers and row["commune_id"]}
    )
    places = defaultdict(lambda: {"count": 0, "parts": defaultdict(int)})
    summary = {"cases": len(rows), "at_point": 0, "at_marker": 0, "at_commune": 0, "unplaced": 0}
    for row in rows:
        if row["latitude"] is not None and row["longitude"] is not None:
            lat, lon, how = row["latitude"], row["longitude"], "at_point"
        elif row["marker_id"] in markers:
            (lat, lon), how = markers[row["marker_id"]], "at_marker"
        elif row["commune_id"] in centres:
            (lat, lon), how = centres[row["commune_id"]], "at_commune"
        else:
            summary["unplaced"] += 1
            continue
        summary[how] += 1
        place = places[(round(float(lat), 4), round(float(lon), 4))]
        place["count"] += 1
        place["parts"][row["category__name"]] += 1
    features = [
        {
            "type": "Feature",
            "geometry": {"type": "Point", "coordinates": [lon, lat]},
            "properties": {"layer": "cases", "count": place["count"], "parts": dict(sorted(place["parts"].items()))},
        }
        for (lat, lon), place in sorted(places.items())
    ]
    return {"type": "FeatureCollection", "features": features, "summary": summary}
