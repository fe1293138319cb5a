"""Progress of a programme against its targets: selectors for the progress page, its charts and its map.

Every read goes through the access gate: the programme (``Programme.objects.restrict``), its figures
(``PeriodicFigure.objects.restrict`` — a border post sees its own subtree's figures, the programme's owner every
figure through ``access_participant_fields``), its targets and its records. Only approved and locked figures count
in the official progress; draft, submitted and reopened figures are shown apart as "pending approval".

Figures are read with ``values()`` in one query and combined in Python; records are aggregated in the database.
The number of queries does not depend on the number of figures or records.

How values combine (``Indicator.aggregation``):

* ``sum`` (a flow: ha planted, houses handed over): a year's value is the sum over its periods and the reporting
  organisations; the cumulative value adds up every year since the programme started, up to the selected year.
* ``latest`` (a stock: children sponsored now): each organisation's latest value, carried forward until it
  reports again, summed over the organisations; the cumulative value is that latest value.

Figures of different organisations are added up, so an indicator is expected to be reported by the units that do
the work (the border posts), not also by the organisations above them.
"""

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal

from django.core.exceptions import ValidationError
from django.db.models import Avg, Count, Q, Sum
from django.shortcuts import get_object_or_404
from django.urls import NoReverseMatch, reverse
from django.utils import timezone
from django.utils.formats import number_format

from phoihop.core.access import member_paths
from phoihop.core.choices import Action
from phoihop.core.numbers import rate
from phoihop.orgs.models import Organisation
from phoihop.programs.choices import Aggregation, FigureStatus, HouseStatus
from phoihop.programs.geojson import validate_polygon
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
from phoihop.programs.periods import period_label, periods_between

#: statuses that count in the official progress
OFFICIAL_STATUSES = (FigureStatus.APPROVED, FigureStatus.LOCKED)
#: statuses still awaiting approval (shown apart)
PENDING_STATUSES = (FigureStatus.DRAFT, FigureStatus.SUBMITTED, FigureStatus.REOPENED)
ZERO = Decimal(0)


# --- formatting -------------------------------------------------------------------------------------------------


def number(value, decimals=2):
    """A number as Vietnamese officials write it: 3.840,5 — grouped, decimal comma, at most ``decimals`` places
    and no trailing zeros. ``None`` prints as a dash."""
    if value is None:
        return "—"
    value = Decimal(value).quantize(Decimal(1).scaleb(-decimals), rounding=ROUND_HALF_UP)
    places = max(0, -value.normalize().as_tuple().exponent) if value else 0
    return number_format(value, decimal_pos=min(places, decimals), use_l10n=True, force_grouping=True)


def as_float(value):
    return float(value) if value is not None else None


def detail_url_maker(model):
    """``pk → URL`` of the model's detail page, reverse()d once; ``None`` while the page does not exist."""
    placeholder = 987654321
    try:
        head, tail = reverse(model.url_name("detail"), kwargs={"pk": placeholder}).split(str(placeholder))
    except NoReverseMatch:
        return lambda pk: None
    return lambda pk: f"{head}{pk}{tail}"


# --- scope ------------------------------------------------------------------------------------------------------


def visible_programme(user, pk):
    """The programme if it passes the gate; 404 otherwise."""
    return get_object_or_404(Programme.objects.restrict(user, Action.VIEW).select_related("owner"), pk=pk)


def reads_every_figure(user, programme) -> bool:
    """Whether the user reads every figure of the programme (a member of its owner's subtree, or a superuser).
    The programme-wide target then applies; anyone else is measured against their own organisations' targets."""
    if user.is_superuser:
        return True
    return any(programme.owner.path.startswith(path) for path in member_paths(user))


def programme_figures(user, programme, organisation=None):
    """The programme's figures the user may see, within ``organisation``'s subtree if given."""
    queryset = PeriodicFigure.objects.restrict(user, Action.VIEW).filter(indicator__programme=programme)
    return _in_subtree(queryset, organisation)


def filter_organisations(user, programme):
    """The organisations offered by the filter: the programme's owner, participants and reporting organisations,
    as far as the user may see them."""
    participants = Programme.participants.through.objects.filter(programme=programme).values("organisation_id")
    reporting = programme_figures(user, programme).values("organisation_id")
    return (
        Organisation.objects.restrict(user, Action.VIEW)
        .filter(Q(pk=programme.owner_id) | Q(pk__in=participants) | Q(pk__in=reporting))
        .order_by("path")
    )


def year_choices(programme, today=None):
    """The years the page offers, newest first: from the programme's start to this year (or its end)."""
    today = today or timezone.localdate()
    last = max(today.year, programme.end_date.year if programme.end_date else today.year)
    first = min(programme.start_date.year, today.year)
    return list(range(last, first - 1, -1))


def _in_subtree(queryset, organisation, field="organisation"):
    if organisation is None:
        return queryset
    return queryset.filter(**{f"{field}__path__startswith": organisation.path})


# --- indicators -------------------------------------------------------------------------------------------------


@dataclass
class IndicatorProgress:
    """One indicator's progress in one year. Values are Decimals (``None``: nothing reported)."""

    indicator: Indicator
    year: int
    official: Decimal | None = None  # the year's value from approved and locked figures
    pending: Decimal | None = None  # flow: amount awaiting approval in the year; stock: the value if approved
    pending_counts: dict = field(default_factory=dict)  # status → figures awaiting approval in the year
    target: Decimal | None = None
    target_kind: str = ""  # "programme": the programme-wide target; "organisations": a sum of theirs
    cumulative: Decimal | None = None  # since the programme started, up to the end of the year
    by_period: list = field(default_factory=list)  # [{start, label, official, pending, cumulative}]
    by_year: list = field(default_factory=list)  # [{year, official, cumulative}]
    by_organisation: list = field(default_factory=list)  # [{id, name, official, pending, target}]

    @property
    def is_stock(self):
        return self.indicator.aggregation == Aggregation.LATEST

    @property
    def percent(self):
        """The share of the target reached, one decimal (``core.numbers.rate``: never 100,0 short of it)."""
        value = rate(self.official or ZERO, self.target)
        return None if value is None else Decimal(str(value))

    @property
    def pending_total(self):
        return sum(self.pending_counts.values())

    @property
    def pending_breakdown(self):
        """[(status label, figures)] awaiting approval in the year."""
        labels = dict(FigureStatus.choices)
        return [(labels[status], count) for status, count in self.pending_counts.items()]

    def fmt(self, value):
        return number(value, self.indicator.decimals)

    @property
    def display(self):
        """The values as text, Vietnamese style (3.840,5)."""
        return {
            "official": self.fmt(self.official),
            "pending": self.fmt(self.pending),
            "target": self.fmt(self.target),
            "cumulative": self.fmt(self.cumulative),
            "percent": number(self.percent, 1) if self.percent is not None else "—",
        }

    @property
    def organisation_rows(self):
        return [
            {
                **row,
                "official_text": self.fmt(row["official"]),
                "pending_text": self.fmt(row["pending"]),
                "target_text": self.fmt(row["target"]),
            }
            for row in self.by_organisation
        ]

    def chart(self):
        """JSON-ready data of the indicator's charts (raw numbers; the page's script formats them)."""
        return {
            "id": self.indicator.pk,
            "code": self.indicator.code,
            "name": self.indicator.name,
            "unit": self.indicator.unit,
            "decimals": self.indicator.decimals,
            "stock": self.is_stock,
            "target": as_float(self.target),
            "periods": [
                {
                    "label": row["label"],
                    "official": as_float(row["official"]),
                    "pending": as_float(row["pending"]),
                    "cumulative": as_float(row["cumulative"]),
                }
                for row in self.by_period
            ],
            "years": [
                {"year": row["year"], "official": as_float(row["official"]), "cumulative": as_float(row["cumulative"])}
                for row in self.by_year
            ],
            "organisations": [
                {"name": row["name"], "official": as_float(row["official"]), "pending": as_float(row["pending"])}
                for row in self.by_organisation
            ],
        }


def indicator_progress(user, programme, year, organisation=None, today=None):
    """[IndicatorProgress] of the programme's indicators in ``year``, from the figures the user may see (within
    ``organisation``'s subtree if given)."""
    today = today or timezone.localdate()
    indicators = list(
        Indicator.objects.restrict(user, Action.VIEW).filter(programme=programme).order_by("sort_order", "code")
    )
    if not indicators:
        return []
    rows = list(
        programme_figures(user, programme, organisation)
        .order_by()
        .values("indicator_id", "organisation_id", "organisation__name", "period_start", "status", "value")
    )
    targets = _targets(user, programme, year, organisation)
    by_indicator = defaultdict(list)
    for row in rows:
        by_indicator[row["indicator_id"]].append(row)
    first_year = min([programme.start_date.year, *(row["period_start"].year for row in rows)])
    years = list(range(first_year, max(year, first_year) + 1))
    return [
        _progress_of(indicator, by_indicator[indicator.pk], targets.get(indicator.pk), year, years, today)
        for indicator in indicators
    ]


def _targets(user, programme, year, organisation):
    """indicator id → (kind, target, {organisation id: its target}) for ``year``.

    Without an organisation filter, a user who reads every figure gets the programme-wide target (or, without
    one, the sum of the organisations' targets); any other user, and any organisation filter, gets the sum of the
    targets of the organisations in scope.
    """
    rows = (
        IndicatorTarget.objects.restrict(user, Action.VIEW)
        .filter(indicator__programme=programme, year=year)
        .order_by()
        .values("indicator_id", "organisation_id", "organisation__path", "value")
    )
    if organisation is not None:
        roots = [organisation.path]
    elif reads_every_figure(user, programme):
        roots = None
    else:
        roots = member_paths(user)
    return combine_targets(rows, roots)


def combine_targets(rows, roots):
    """indicator id → (kind, target, {organisation id: its target}) from target rows (indicator_id,
    organisation_id, organisation__path, value): the programme-wide target when ``roots`` is None and there is
    one, else the sum of the targets of the organisations under ``roots``."""
    wide, per_org = {}, defaultdict(dict)
    for row in rows:
        if row["organisation_id"] is None:
            wide[row["indicator_id"]] = row["value"]
        elif roots is None or any(row["organisation__path"].startswith(root) for root in roots):
            per_org[row["indicator_id"]][row["organisation_id"]] = row["value"]
    result = {}
    for indicator_id in set(wide) | set(per_org):
        orgs = per_org.get(indicator_id, {})
        if roots is None and indicator_id in wide:
            result[indicator_id] = ("programme", wide[indicator_id], orgs)
        elif orgs:
            result[indicator_id] = ("organisations", sum(orgs.values(), ZERO), orgs)
        else:
            result[indicator_id] = ("", None, orgs)
    return result


def _progress_of(indicator, rows, target, year, years, today):
    kind, target_value, org_targets = target or ("", None, {})
    progress = IndicatorProgress(indicator=indicator, year=year, target=target_value, target_kind=kind)
    official = sorted(
        (r for r in rows if r["status"] in OFFICIAL_STATUSES and r["value"] is not None),
        key=lambda r: r["period_start"],
    )
    pending = sorted((r for r in rows if r["status"] in PENDING_STATUSES), key=lambda r: r["period_start"])
    counts = defaultdict(int)
    for r in pending:
        if r["period_start"].year == year:
            counts[r["status"]] += 1
    progress.pending_counts = {status: counts[status] for status in PENDING_STATUSES if counts[status]}
    pending = [r for r in pending if r["value"] is not None]
    periods = periods_between(indicator.period_type, datetime.date(year, 1, 1), datetime.date(year, 12, 31))
    names = {r["organisation_id"]: r["organisation__name"] for r in rows}
    fill = _fill_stock if indicator.aggregation == Aggregation.LATEST else _fill_flow
    fill(progress, official, pending, periods, years, today, names)
    for row in progress.by_organisation:
        row["target"] = org_targets.get(row["id"])
    return progress


def _fill_flow(progress, official, pending, periods, years, today, names):
    year = progress.year
    in_year = [r for r in official if r["period_start"].year == year]
    pending_in_year = [r for r in pending if r["period_start"].year == year]
    progress.official = _sum(r["value"] for r in in_year) or ZERO
    progress.pending = _sum(r["value"] for r in pending_in_year)
    progress.cumulative = _sum(r["value"] for r in official if r["period_start"].year <= year) or ZERO

    per_period, pending_per_period = defaultdict(Decimal), defaultdict(Decimal)
    for r in in_year:
        per_period[r["period_start"]] += r["value"]
    for r in pending_in_year:
        pending_per_period[r["period_start"]] += r["value"]
    running = _sum(r["value"] for r in official if r["period_start"].year < year) or ZERO
    for start in periods:
        running += per_period.get(start, ZERO)
        progress.by_period.append(
            {
                "start": start,
                "label": period_label(progress.indicator.period_type, start),
                "official": per_period.get(start),
                "pending": pending_per_period.get(start),
                "cumulative": running if start <= today else None,
            }
        )

    per_year = defaultdict(Decimal)
    for r in official:
        per_year[r["period_start"].year] += r["value"]
    running = ZERO
    for y in years:
        running += per_year.get(y, ZERO)
        progress.by_year.append({"year": y, "official": per_year.get(y, ZERO), "cumulative": running})

    orgs = defaultdict(lambda: {"official": None, "pending": None})
    for key, source in (("official", in_year), ("pending", pending_in_year)):
        for r in source:
            slot = orgs[r["organisation_id"]]
            slot[key] = (slot[key] or ZERO) + r["value"]
    progress.by_organisation = _organisation_rows(orgs, names)


def _fill_stock(progress, official, pending, periods, years, today, names):
    year = progress.year
    official_by_org = _series_by_org(official)
    with_pending_by_org = _series_by_org(official + pending)  # one figure per period: no overlap
    reference = min(datetime.date(year, 12, 31), today)
    has_pending = any(r["period_start"].year == year for r in pending)
    if year <= today.year:
        progress.official = _stock(official_by_org, reference)  # None: nothing reported yet
        progress.cumulative = progress.official
        if has_pending:
            progress.pending = _stock(with_pending_by_org, reference)
    for start in periods:
        past = start <= today
        pending_here = any(r["period_start"] == start for r in pending)
        value = _stock(official_by_org, start) if past else None
        progress.by_period.append(
            {
                "start": start,
                "label": period_label(progress.indicator.period_type, start),
                "official": value,
                "pending": _stock(with_pending_by_org, start) if past and pending_here else None,
                "cumulative": value,
            }
        )
    for y in years:
        value = _stock(official_by_org, min(datetime.date(y, 12, 31), today)) if y <= today.year else None
        progress.by_year.append({"year": y, "official": value, "cumulative": value})

    orgs = {}
    for org_id in set(official_by_org) | set(with_pending_by_org):
        touched = any(r["organisation_id"] == org_id and r["period_start"].year == year for r in official + pending)
        if not touched:
            continue
        orgs[org_id] = {
            "official": _stock({org_id: official_by_org.get(org_id, [])}, reference),
            "pending": _stock({org_id: with_pending_by_org[org_id]}, reference) if has_pending else None,
        }
    progress.by_organisation = _organisation_rows(orgs, names)


def _series_by_org(rows):
    series = defaultdict(list)
    for r in sorted(rows, key=lambda r: r["period_start"]):
        series[r["organisation_id"]].append((r["period_start"], r["value"]))
    return series


def _stock(series_by_org, upto):
    """Sum over organisations of each one's latest value of a period starting on or before ``upto``."""
    total, found = ZERO, False
    for series in series_by_org.values():
        value = None
        for start, amount in series:
            if start > upto:
                break
            value = amount
        if value is not None:
            total += value
            found = True
    return total if found else None


def _sum(values):
    values = [v for v in values if v is not None]
    return sum(values, ZERO) if values else None


def _organisation_rows(orgs, names):
    return sorted(
        ({"id": org_id, "name": names.get(org_id, ""), **values} for org_id, values in orgs.items()),
        key=lambda row: row["name"],
    )


# --- records ----------------------------------------------------------------------------------------------------


def _decimal(value, places=2):
    """A sum of a decimal column as an exact Decimal: SQLite adds decimals up as floats (96.30000000000001)."""
    return Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP) if value is not None else None


def programme_records(user, programme, organisation=None):
    """The programme's records the user may see, within ``organisation``'s subtree if given."""
    return {
        "plots": _in_subtree(ForestPlot.objects.restrict(user, Action.VIEW).filter(programme=programme), organisation),
        "houses": _in_subtree(House.objects.restrict(user, Action.VIEW).filter(programme=programme), organisation),
        "resettlements": _in_subtree(
            Resettlement.objects.restrict(user, Action.VIEW).filter(programme=programme), organisation
        ),
        "sponsorships": _in_subtree(
            Sponsorship.objects.restrict(user, Action.VIEW).filter(programme=programme),
            organisation,
            field="sponsoring_unit",
        ),
    }


def record_totals(user, programme, year, organisation=None, today=None):
    """Totals "from the records", which exist independently of the periodic figures: up to the end of ``year``
    (children: sponsored at the end of the year, or today) and within the year — ``selectors.record_figures`` (the
    report's definition) over the year, for the records the user may view, named as the progress page shows them."""
    from phoihop.core.scope import Scope
    from phoihop.programs.selectors import record_figures

    scope = Scope(
        user=user,
        organisations=[organisation] if organisation is not None else [],
        start=datetime.date(year, 1, 1),
        end=datetime.date(year, 12, 31),
        today=today or timezone.localdate(),
    )
    figures = record_figures(scope, programme, Action.VIEW)
    forest, houses, resettled, sponsored = (figures[k] for k in ("forest", "houses", "resettled", "sponsored"))
    return {
        "reference": figures["as_at"],
        "forest": {
            **{key: forest[key] for key in ("records", "plots", "ha", "households")},
            "ha_year": forest["ha_period"],
        },
        "houses": {
            **{key: houses[key] for key in ("records", "handed_over", "building", "people", "cost")},
            "handed_over_year": houses["handed_over_period"],
        },
        "resettled": {
            **{key: resettled[key] for key in ("records", "households", "people")},
            "households_year": resettled["households_period"],
            "people_year": resettled["people_period"],
        },
        "sponsored": {key: sponsored[key] for key in ("records", "children", "monthly_support", "ever")},
    }


def commune_totals(user, programme, organisation=None):
    """Per commune: ha planted, forest plots, houses and houses handed over, and the centroid of the records
    that have a position (for the map's circles; no boundary polygons are shipped). Two queries."""
    records = programme_records(user, programme, organisation)
    placed = {"lat": Avg("latitude"), "lon": Avg("longitude"), "placed": Count("latitude")}
    plots = (
        records["plots"]
        .order_by()
        .values("commune_id", "commune__name")
        .annotate(ha=Sum("area_ha"), plots=Count("pk"), **placed)
    )
    houses = (
        records["houses"]
        .order_by()
        .values("commune_id", "commune__name")
        .annotate(houses=Count("pk"), handed_over=Count("pk", filter=Q(status=HouseStatus.HANDED_OVER)), **placed)
    )
    communes = {}
    for row in [*plots, *houses]:
        commune = communes.setdefault(
            row["commune_id"],
            {
                "id": row["commune_id"],
                "name": row["commune__name"],
                "ha": ZERO,
                "plots": 0,
                "houses": 0,
                "handed_over": 0,
                "_lat": 0.0,
                "_lon": 0.0,
                "_placed": 0,
            },
        )
        for key in ("ha", "plots", "houses", "handed_over"):
            if key in row:
                commune[key] += row[key] or 0
        if row["placed"]:
            commune["_lat"] += float(row["lat"]) * row["placed"]
            commune["_lon"] += float(row["lon"]) * row["placed"]
            commune["_placed"] += row["placed"]
    result = []
    for commune in sorted(communes.values(), key=lambda c: c["name"] or ""):
        count = commune.pop("_placed")
        lat, lon = commune.pop("_lat"), commune.pop("_lon")
        commune["ha"] = _decimal(commune["ha"])
        commune["latitude"] = round(lat / count, 6) if count else None
        commune["longitude"] = round(lon / count, 6) if count else None
        commune["ha_text"] = number(commune["ha"], 2)
        commune["plots_text"] = number(commune["plots"], 0)
        commune["houses_text"] = number(commune["houses"], 0)
        commune["handed_over_text"] = number(commune["handed_over"], 0)
        result.append(commune)
    return result


# --- map --------------------------------------------------------------------------------------------------------


def _point(longitude, latitude):
    return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}


def _feature(geometry, properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def valid_polygon(value):
    """The plot's boundary if it is a valid GeoJSON Polygon or MultiPolygon (WGS 84), else ``None`` (the plot is
    then drawn as a point)."""
    if not isinstance(value, dict):
        return None
    try:
        validate_polygon(value)
    except ValidationError:
        return None
    return {"type": value["type"], "coordinates": value["coordinates"]}


def map_data(user, programme, organisation=None):
    """A GeoJSON FeatureCollection: the programme's forest plots (polygons when present, else points), houses
    (points) and one circle per commune at its records' centroid with the commune's totals. Four queries."""
    records = programme_records(user, programme, organisation)
    plot_url, house_url = detail_url_maker(ForestPlot), detail_url_maker(House)
    status_labels = {value: str(label) for value, label in HouseStatus.choices}
    features, unplaced = [], {"plots": 0, "houses": 0}
    plots = records["plots"].values(
        "id",
        "code",
        "commune__name",
        "organisation__name",
        "year_planted",
        "area_ha",
        "species",
        "survival_pct",
        "households_contracted",
        "latitude",
        "longitude",
        "polygon",
    )
    for row in plots:
        polygon = valid_polygon(row["polygon"])
        if polygon is None and (row["latitude"] is None or row["longitude"] is None):
            unplaced["plots"] += 1
            continue
        geometry = polygon or _point(row["longitude"], row["latitude"])
        features.append(
            _feature(
                geometry,
                {
                    "layer": "plot",
                    "id": row["id"],
                    "code": row["code"],
                    "commune": row["commune__name"],
                    "organisation": row["organisation__name"],
                    "year": row["year_planted"],
                    "area_ha": as_float(row["area_ha"]),
                    "area_text": number(row["area_ha"], 2),
                    "species": row["species"],
                    "survival_pct": as_float(row["survival_pct"]),
                    "households": row["households_contracted"],
                    "url": plot_url(row["id"]),
                },
            )
        )
    houses = records["houses"].values(
        "id",
        "commune__name",
        "village__name",
        "organisation__name",
        "status",
        "handover_date",
        "household_size",
        "latitude",
        "longitude",
    )
    for row in houses:
        if row["latitude"] is None or row["longitude"] is None:
            unplaced["houses"] += 1
            continue
        features.append(
            _feature(
                _point(row["longitude"], row["latitude"]),
                {
                    "layer": "house",
                    "id": row["id"],
                    "commune": row["commune__name"],
                    "village": row["village__name"],
                    "organisation": row["organisation__name"],
                    "status": row["status"],
                    "status_label": status_labels.get(row["status"], row["status"]),
                    "handover_date": row["handover_date"].strftime("%d/%m/%Y") if row["handover_date"] else None,
                    "household_size": row["household_size"],
                    "url": house_url(row["id"]),
                },
            )
        )
    communes = commune_totals(user, programme, organisation)
    for commune in communes:
        if commune["latitude"] is None:
            continue
        features.append(
            _feature(
                _point(commune["longitude"], commune["latitude"]),
                {
                    "layer": "commune",
                    "id": commune["id"],
                    "name": commune["name"],
                    "ha": as_float(commune["ha"]),
                    "ha_text": commune["ha_text"],
                    "plots": commune["plots"],
                    "houses": commune["houses"],
                    "handed_over": commune["handed_over"],
                },
            )
        )
    layers = defaultdict(int)
    for item in features:
        layers[item["properties"]["layer"]] += 1
    return {
        "type": "FeatureCollection",
        "features": features,
        # a foreign member (RFC 7946 §6.1): what the page's summary line shows
        "summary": {
            "plots": layers["plot"],
            "houses": layers["house"],
            "communes": layers["commune"],
            "plots_without_position": unplaced["plots"],
            "houses_without_position": unplaced["houses"],
        },
    }
