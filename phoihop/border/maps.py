"""The border map: a Leaflet page over the marker filters, its GeoJSON data, a marker's popup card, and the
GeoJSON/KML exports of the filtered markers.

Every read goes through the access gate (``restrict``) and the markers through ``MarkerFilterSet``, so the map,
the marker list and the exports always show the same markers for the same query string. Rows are read with
``values()`` in one query per layer: the number of queries does not depend on the number of markers.
"""

import datetime
import json
import re
import xml.etree.ElementTree as ET

from django.conf import settings
from django.contrib.auth.mixins import LoginRequiredMixin
from django.db.models import BooleanField, Case, Value, When
from django.http import HttpResponse, JsonResponse
from django.shortcuts import render
from django.templatetags.static import static
from django.urls import path, re_path, reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views import View

from phoihop.border.choices import CONDITION_COLOURS, CONDITION_SEVERITY, Condition, GateClass, GateStatus, PatrolKind
from phoihop.border.filtersets import MarkerFilterSet
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.border.schedule import overdue_q
from phoihop.core.choices import Action

#: Tabler's palette (the badge colours of the marker list) as hex, for the map and the KML styles; the yellow is
#: lighter than Tabler's amber so that it stays apart from the orange on the map.
TABLER_HEX = {
    "green": "#2fb344",
    "azure": "#4299e1",
    "yellow": "#ffd43b",
    "orange": "#f76707",
    "red": "#d63939",
    "dark": "#1d273b",
    "secondary": "#667382",
}
CONDITION_HEX = {value: TABLER_HEX[CONDITION_COLOURS.get(value, "secondary")] for value in Condition.values}
OVERDUE_HEX = TABLER_HEX["red"]
#: text on a cluster of that colour (dark on light hues, white on dark ones)
CONDITION_TEXT_HEX = {
    value: "#1d273b" if CONDITION_COLOURS[value] in ("yellow", "azure") else "#ffffff" for value in Condition.values
}
#: zoom levels from which the map prints marker numbers and commune names beside the points
MARKER_LABEL_ZOOM = 13
COMMUNE_LABEL_ZOOM = 10
#: the context layer drawn when there is no tile server: Natural Earth land boundaries (world-atlas, vendored)
CONTEXT_TOPOJSON = "vendor/world-atlas/countries-10m.json"
#: ISO 3166-1 numeric code of Viet Nam in world-atlas
CONTEXT_COUNTRY = "704"
#: patrol tracks shown with ``?tracks=1``: those started within this many days
TRACK_DAYS = 30
#: where the map opens when there is nothing to fit it to (Lạng Sơn's border)
DEFAULT_CENTER = (21.85, 106.75)
DEFAULT_ZOOM = 9

MARKER_FIELDS = (
    "id",
    "number",
    "condition",
    "latitude",
    "longitude",
    "last_inspected_on",
    "post__name",
    "commune_id",
    "commune__name",
)
GEOJSON_CONTENT_TYPE = "application/geo+json"
KML_CONTENT_TYPE = "application/vnd.google-earth.kml+xml; charset=utf-8"
KML_NS = "http://www.opengis.net/kml/2.2"
#: characters XML 1.0 does not allow at all (not even escaped)
_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


# --- reading --------------------------------------------------------------------------------------------------


def filtered_markers(request):
    """(queryset, filterset): the markers the user may see, filtered exactly as the marker list filters them.

    The queryset is None when the filters are invalid (the list then shows nothing; here the caller answers 400).
    """
    queryset = Marker.objects.restrict(request.user, Action.VIEW)
    filterset = MarkerFilterSet(request.GET or None, queryset=queryset, request=request)
    if not filterset.is_bound:
        return queryset, filterset
    if not filterset.is_valid():
        return None, filterset
    return filterset.qs, filterset


def with_overdue(queryset, today=None):
    """Annotate ``is_overdue`` with the same rule as the ``overdue`` filter (one query, no per-marker work)."""
    q = overdue_q(today or timezone.localdate())
    return queryset.annotate(
        is_overdue=Case(When(q, then=Value(True)), default=Value(False), output_field=BooleanField())
    )


def marker_rows(queryset):
    """Plain dicts of the markers (positioned or not), in register order."""
    return with_overdue(queryset).values(*MARKER_FIELDS, "is_overdue")


def filter_errors(filterset):
    return JsonResponse(
        {"errors": {field: [str(e) for e in errors] for field, errors in filterset.errors.items()}}, status=400
    )


def url_maker(name):
    """A fast ``pk → URL`` for a detail-like URL name: reverse() once, not once per row."""
    placeholder = 987654321
    head, tail = reverse(name, kwargs={"pk": placeholder}).split(str(placeholder))
    return lambda pk: f"{head}{pk}{tail}"


def day(value):
    return value.strftime("%d/%m/%Y") if value else None


def conditions_by_severity():
    """(value, label) of the conditions, from intact to lost: the legend's order."""
    return sorted(Condition.choices, key=lambda choice: CONDITION_SEVERITY[choice[0]])


def labels(choices):
    """value → translated label, computed once per request."""
    return {value: str(label) for value, label in choices.choices}


# --- GeoJSON ----------------------------------------------------------------------------------------------------


def point(longitude, latitude):
    """A GeoJSON Point: longitude first (RFC 7946)."""
    return {"type": "Point", "coordinates": [float(longitude), float(latitude)]}


def feature(geometry, properties):
    return {"type": "Feature", "geometry": geometry, "properties": properties}


def marker_features(rows):
    """(features, number of markers without a position)."""
    marker_url = url_maker("border:marker_detail")
    condition_labels = labels(Condition)
    features, unplaced = [], 0
    for row in rows:
        if row["latitude"] is None or row["longitude"] is None:
            unplaced += 1
            continue
        features.append(
            feature(
                point(row["longitude"], row["latitude"]),
                {
                    "layer": "marker",
                    "id": row["id"],
                    "number": row["number"],
                    "condition": row["condition"],
                    "condition_label": condition_labels.get(row["condition"], row["condition"]),
                    "colour": CONDITION_HEX.get(row["condition"], TABLER_HEX["secondary"]),
                    "severity": CONDITION_SEVERITY.get(row["condition"], 0),
                    "overdue": bool(row["is_overdue"]),
                    "post": row["post__name"],
                    "last_inspected_on": day(row["last_inspected_on"]),
                    "url": marker_url(row["id"]),
                },
            )
        )
    return features, unplaced


def commune_features(rows):
    """One point per commune of the markers shown: its name at the centre of its positioned markers.

    phoihop ships no commune boundaries (no licensed dataset of the post-2025 communes exists on npm); the names
    placed where the commune's markers are give the map its bearings on a closed network. Built from the rows
    already gated and filtered, so a commune is named only where the user sees its markers."""
    communes = {}
    for row in rows:
        if row["commune_id"] is None or row["latitude"] is None or row["longitude"] is None:
            continue
        entry = communes.setdefault(row["commune_id"], [row["commune__name"], 0.0, 0.0, 0])
        entry[1] += float(row["latitude"])
        entry[2] += float(row["longitude"])
        entry[3] += 1
    return [
        feature(point(round(lon / n, 6), round(lat / n, 6)), {"layer": "commune", "id": pk, "name": name, "markers": n})
        for pk, (name, lat, lon, n) in sorted(communes.items(), key=lambda item: item[1][0])
    ]


def segment_features(user, queryset=None):
    """LineString features of the segments the user may see (``queryset``: already gated and filtered)."""
    segment_url = url_maker("border:bordersegment_detail")
    features = []
    if queryset is None:
        queryset = BorderSegment.objects.restrict(user, Action.VIEW)
    rows = queryset.values("id", "code", "name", "geometry", "length_km", "post__name")
    for row in rows:
        geometry = row["geometry"]
        if not isinstance(geometry, dict) or geometry.get("type") not in ("LineString", "MultiLineString"):
            continue
        if not geometry.get("coordinates"):
            continue
        features.append(
            feature(
                {"type": geometry["type"], "coordinates": geometry["coordinates"]},
                {
                    "layer": "segment",
                    "id": row["id"],
                    "code": row["code"],
                    "name": row["name"],
                    "post": row["post__name"],
                    "length_km": float(row["length_km"]) if row["length_km"] is not None else None,
                    "url": segment_url(row["id"]),
                },
            )
        )
    return features


def gate_features(user, queryset=None):
    """Point features of the positioned gates the user may see (``queryset``: already gated and filtered)."""
    gate_url = url_maker("border:gate_detail")
    class_labels, status_labels = labels(GateClass), labels(GateStatus)
    if queryset is None:
        queryset = Gate.objects.restrict(user, Action.VIEW)
    rows = queryset.filter(latitude__isnull=False, longitude__isnull=False).values(
        "id", "name", "gate_class", "status", "latitude", "longitude", "post__name"
    )
    return [
        feature(
            point(row["longitude"], row["latitude"]),
            {
                "layer": "gate",
                "id": row["id"],
                "name": row["name"],
                "gate_class": class_labels.get(row["gate_class"], row["gate_class"]),
                "status": status_labels.get(row["status"], row["status"]),
                "post": row["post__name"],
                "url": gate_url(row["id"]),
            },
        )
        for row in rows
    ]


def track_features(user, now=None, queryset=None, recent_only=True):
    """Patrol tracks as LineStrings, those of the last TRACK_DAYS days unless ``recent_only`` is off
    (``queryset``: already gated and filtered). ``Patrol.track`` is [[lat, lon], …]: swapped."""
    patrol_url = url_maker("border:patrol_detail")
    kind_labels = labels(PatrolKind)
    if queryset is None:
        queryset = Patrol.objects.restrict(user, Action.VIEW)
    if recent_only:
        queryset = queryset.filter(started_at__gte=(now or timezone.now()) - datetime.timedelta(days=TRACK_DAYS))
    rows = queryset.values("id", "kind", "started_at", "track", "post__name")
    features = []
    for row in rows:
        coordinates = [[float(p[1]), float(p[0])] for p in (row["track"] or []) if len(p) >= 2]
        if len(coordinates) < 2:
            continue
        features.append(
            feature(
                {"type": "LineString", "coordinates": coordinates},
                {
                    "layer": "track",
                    "id": row["id"],
                    "kind": kind_labels.get(row["kind"], row["kind"]),
                    "started_at": timezone.localtime(row["started_at"]).strftime("%d/%m/%Y %H:%M"),
                    "post": row["post__name"],
                    "url": patrol_url(row["id"]),
                },
            )
        )
    return features


def geojson_response(data, filename=None):
    response = HttpResponse(
        json.dumps(data, ensure_ascii=False, separators=(",", ":")), content_type=GEOJSON_CONTENT_TYPE
    )
    if filename:
        response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# --- KML --------------------------------------------------------------------------------------------------------


def xml_text(value) -> str:
    """Text safe inside an XML element (ElementTree escapes &, <, >; characters XML forbids are dropped)."""
    return _XML_INVALID.sub("", "" if value is None else str(value))


def kml_colour(hex_colour, alpha="ff"):
    """KML writes colours as aabbggrr."""
    rr, gg, bb = hex_colour[1:3], hex_colour[3:5], hex_colour[5:7]
    return f"{alpha}{bb}{gg}{rr}"


def markers_kml(rows, title) -> bytes:
    ET.register_namespace("", KML_NS)

    def sub(parent, tag, text=None, **attrs):
        element = ET.SubElement(parent, f"{{{KML_NS}}}{tag}", attrs)
        if text is not None:
            element.text = xml_text(text)
        return element

    root = ET.Element(f"{{{KML_NS}}}kml")
    document = sub(root, "Document")
    sub(document, "name", title)
    for value in Condition.values:
        style = sub(document, "Style", id=f"condition-{value}")
        icon_style = sub(style, "IconStyle")
        sub(icon_style, "color", kml_colour(CONDITION_HEX[value]))
    condition_labels = labels(Condition)
    data_labels = {
        "number": _("Number"),
        "condition": _("Condition"),
        "post": _("Responsible post"),
        "last_inspected_on": _("Last inspected on"),
    }
    for row in rows:
        if row["latitude"] is None or row["longitude"] is None:
            continue
        placemark = sub(document, "Placemark", id=f"marker-{row['id']}")
        sub(placemark, "name", row["number"])
        sub(placemark, "styleUrl", f"#condition-{row['condition']}")
        extended = sub(placemark, "ExtendedData")
        values = {
            "number": row["number"],
            "condition": condition_labels.get(row["condition"], row["condition"]),
            "post": row["post__name"],
            "last_inspected_on": day(row["last_inspected_on"]) or "",
        }
        for key, value in values.items():
            data = sub(extended, "Data", name=key)
            sub(data, "displayName", data_labels[key])
            sub(data, "value", value)
        geometry = sub(placemark, "Point")
        sub(geometry, "coordinates", f"{row['longitude']},{row['latitude']}")
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True)


# --- layers of other apps -------------------------------------------------------------------------------------

_LAYERS: dict[str, type] = {}


class LayerFilterError(Exception):
    """Raised by ``MapLayer.data`` for invalid filters: the endpoint answers 400 with ``errors`` by field."""

    def __init__(self, errors):
        super().__init__(errors)
        self.errors = errors


class MapLayer:
    """A layer another app draws on the border map, declared in its ``map_layers.py`` (discovered at start-up, as
    the dashboard panels are) with :func:`register_layer`. Its GeoJSON comes from ``border:map_layer``
    (``/border/map/layers/<key>.geojson``).

    ``available(user)`` is the layer's gate: a user for whom it answers False gets no layer at all — none in the
    page's configuration or legend, and 404 from the data URL. ``data(request)`` returns the FeatureCollection,
    read through the access gate (``LayerFilterError`` for invalid filters). ``kind`` says how ``map.js`` draws
    it: ``"graduated"`` — points with a ``count``, aggregated per screen cell into circles whose area grows with the
    count (no heat-map plugin is vendored), with a popup listing ``properties.parts`` ({label: count})."""

    key = ""
    kind = "graduated"
    order = 100
    colour = TABLER_HEX["red"]
    #: drawn when the page opens (the layer control toggles it)
    shown = True

    def label(self) -> str:
        raise NotImplementedError

    def available(self, user) -> bool:
        raise NotImplementedError

    def data(self, request) -> dict:
        raise NotImplementedError

    def strings(self) -> dict:
        """Texts of the popup: ``count`` ("%(count)s cases")."""
        return {}

    def config(self) -> dict:
        return {
            "key": self.key,
            "kind": self.kind,
            "label": str(self.label()),
            "colour": self.colour,
            "shown": self.shown,
            "url": reverse("border:map_layer", kwargs={"key": self.key}),
            "strings": {name: str(text) for name, text in self.strings().items()},
        }


def register_layer(cls):
    """Class decorator: add a layer to the border map (its ``key`` must be unique)."""
    if cls.key in _LAYERS and _LAYERS[cls.key] is not cls:
        raise ValueError(f"Map layer {cls.key!r} is registered twice")
    _LAYERS[cls.key] = cls
    return cls


def map_layers(user) -> list[MapLayer]:
    """The registered layers ``user`` may see, in order."""
    layers = [cls() for cls in sorted(_LAYERS.values(), key=lambda c: (c.order, c.key))]
    return [layer for layer in layers if layer.available(user)]


# --- views ------------------------------------------------------------------------------------------------------


class JsonLoginRequiredMixin:
    """Endpoints called by the map's script: an expired session gets a 401 in JSON, not the login page."""

    def dispatch(self, request, *args, **kwargs):
        if not request.user.is_authenticated:
            return JsonResponse({"detail": _("Your session has ended. Please sign in again.")}, status=401)
        return super().dispatch(request, *args, **kwargs)


class MapView(LoginRequiredMixin, View):
    template_name = "border/map.html"

    def get(self, request):
        _queryset, filterset = filtered_markers(request)
        params = request.GET.copy()
        params.pop("tracks", None)
        marker_query = params.urlencode()
        show_tracks = request.GET.get("tracks") == "1"
        data_params = params.copy()
        if show_tracks:
            data_params["tracks"] = "1"
        config = {
            "dataUrl": reverse("border:map_data") + (f"?{data_params.urlencode()}" if data_params else ""),
            "cardUrl": reverse("border:marker_card", kwargs={"pk": 0}),
            "tileUrl": settings.MAP_TILE_URL,
            "tileAttribution": settings.MAP_TILE_ATTRIBUTION,
            "center": DEFAULT_CENTER,
            "zoom": DEFAULT_ZOOM,
            "overdueColour": OVERDUE_HEX,
            "conditions": [
                {
                    "value": value,
                    "label": str(label),
                    "colour": CONDITION_HEX[value],
                    "text": CONDITION_TEXT_HEX[value],
                    "severity": CONDITION_SEVERITY[value],
                }
                for value, label in conditions_by_severity()
            ],
            "markerLabelZoom": MARKER_LABEL_ZOOM,
            "communeLabelZoom": COMMUNE_LABEL_ZOOM,
            # no tile server: draw the national land boundary and coastline from the vendored Natural Earth data
            "contextUrl": "" if settings.MAP_TILE_URL else static(CONTEXT_TOPOJSON),
            "contextCountry": CONTEXT_COUNTRY,
            "strings": {
                "markers": _("Border markers"),
                "segments": _("Border segments"),
                "gates": _("Border gates"),
                "tracks": _("Patrol tracks (last 30 days)"),
                "condition": _("Condition"),
                "lastInspection": _("Last inspection"),
                "neverInspected": _("Never inspected"),
                "post": _("Responsible post"),
                "overdue": _("Inspection overdue"),
                "open": _("Open the record"),
                "latestInspections": _("Latest inspections"),
                "noInspections": _("No inspection has been recorded."),
                "loading": _("Loading…"),
                "cardError": _("The latest inspections could not be loaded."),
                "dataError": _("The map data could not be loaded."),
                "shown": _("Markers on the map: %(count)s"),
                "unplaced": _("Without a position (not on the map): %(count)s"),
                "overdueInCluster": _("Overdue for inspection: %(count)s"),
                "worstInCluster": _("Worst condition: %(condition)s"),
                "communes": _("Commune names"),
                "nationalBorder": _("National border (Natural Earth)"),
                "gateClass": _("Class"),
                "gateStatus": _("Status"),
                "lengthKm": _("Length (km)"),
            },
        }
        layers = map_layers(request.user)
        config["layers"] = [layer.config() for layer in layers]
        suffix = f"?{marker_query}" if marker_query else ""
        context = {
            "extra_layers": [(layer.key, str(layer.label()), layer.colour) for layer in layers],
            "filter_form": filterset.form,
            "filters_valid": not filterset.is_bound or filterset.is_valid(),
            "show_tracks": show_tracks,
            "config_json": json.dumps(config, ensure_ascii=False),
            "has_base_map": bool(settings.MAP_TILE_URL),
            "export_geojson_url": reverse("border:map_export", kwargs={"fmt": "geojson"}) + suffix,
            "export_kml_url": reverse("border:map_export", kwargs={"fmt": "kml"}) + suffix,
            "list_url": reverse("border:marker_list") + suffix,
            "legend": [(value, str(label), CONDITION_HEX[value]) for value, label in conditions_by_severity()],
            "overdue_colour": OVERDUE_HEX,
        }
        return render(request, self.template_name, context)


class MapDataView(JsonLoginRequiredMixin, View):
    """GeoJSON FeatureCollection for the map: filtered markers, segments, gates and (``?tracks=1``) tracks."""

    def get(self, request):
        queryset, filterset = filtered_markers(request)
        if queryset is None:
            return filter_errors(filterset)
        rows = list(marker_rows(queryset))
        markers, unplaced = marker_features(rows)
        communes = commune_features(rows)
        segments = segment_features(request.user)
        gates = gate_features(request.user)
        tracks = track_features(request.user) if request.GET.get("tracks") == "1" else []
        return geojson_response(
            {
                "type": "FeatureCollection",
                "features": [*communes, *segments, *tracks, *gates, *markers],
                # a foreign member (RFC 7946 §6.1): what the page's summary line shows
                "summary": {
                    "markers": len(markers),
                    "markers_without_position": unplaced,
                    "segments": len(segments),
                    "gates": len(gates),
                    "tracks": len(tracks),
                    "communes": len(communes),
                },
            }
        )


class MarkerCardView(JsonLoginRequiredMixin, View):
    """The popup card of one marker with its latest three inspections; 404 alike for missing and out of scope."""

    def get(self, request, pk):
        row = marker_rows(Marker.objects.restrict(request.user, Action.VIEW).filter(pk=pk)).first()
        if row is None:
            return JsonResponse({"detail": _("Not found.")}, status=404)
        condition_labels = labels(Condition)
        inspection_url = url_maker("border:inspection_detail")
        inspections = (
            Inspection.objects.restrict(request.user, Action.VIEW)
            .filter(marker_id=pk)
            .order_by("-inspected_on", "-pk")
            .values("id", "inspected_on", "condition", "inspecting_unit__name")[:3]
        )
        return JsonResponse(
            {
                "id": row["id"],
                "number": row["number"],
                "condition": row["condition"],
                "condition_label": condition_labels.get(row["condition"], row["condition"]),
                "colour": CONDITION_HEX.get(row["condition"], TABLER_HEX["secondary"]),
                "overdue": bool(row["is_overdue"]),
                "post": row["post__name"],
                "last_inspected_on": day(row["last_inspected_on"]),
                "url": reverse("border:marker_detail", kwargs={"pk": row["id"]}),
                "inspections": [
                    {
                        "id": i["id"],
                        "inspected_on": day(i["inspected_on"]),
                        "condition": i["condition"],
                        "condition_label": condition_labels.get(i["condition"], i["condition"]),
                        "colour": CONDITION_HEX.get(i["condition"], TABLER_HEX["secondary"]),
                        "unit": i["inspecting_unit__name"],
                        "url": inspection_url(i["id"]),
                    }
                    for i in inspections
                ],
            }
        )


class MapExportView(LoginRequiredMixin, View):
    """The filtered markers as GeoJSON or KML (markers only), for GIS tools and GPS devices."""

    def get(self, request, fmt):
        queryset, filterset = filtered_markers(request)
        if queryset is None:
            return filter_errors(filterset)
        rows = marker_rows(queryset)
        today = timezone.localdate()
        filename = f"border-markers-{today:%Y%m%d}.{fmt}"
        if fmt == "kml":
            title = _("Border markers") + f" — {day(today)}"
            response = HttpResponse(markers_kml(rows, title), content_type=KML_CONTENT_TYPE)
            response["Content-Disposition"] = f'attachment; filename="{filename}"'
            return response
        condition_labels = labels(Condition)
        features = [
            feature(
                point(row["longitude"], row["latitude"]),
                {
                    "id": row["id"],
                    "number": row["number"],
                    "condition": row["condition"],
                    "condition_label": condition_labels.get(row["condition"], row["condition"]),
                    "post": row["post__name"],
                    "last_inspected_on": row["last_inspected_on"].isoformat() if row["last_inspected_on"] else None,
                    "overdue": bool(row["is_overdue"]),
                },
            )
            for row in rows
            if row["latitude"] is not None and row["longitude"] is not None
        ]
        return geojson_response({"type": "FeatureCollection", "features": features}, filename=filename)


class MapLayerDataView(JsonLoginRequiredMixin, View):
    """GeoJSON of a layer another app registered (``MapLayer``); 404 alike for an unknown layer and one the user may
    not see."""

    def get(self, request, key):
        cls = _LAYERS.get(key)
        layer = cls() if cls is not None else None
        if layer is None or not layer.available(request.user):
            return JsonResponse({"detail": _("Not found.")}, status=404)
        try:
            return geojson_response(layer.data(request))
        except LayerFilterError as error:
            return JsonResponse(
                {"errors": {field: [str(e) for e in errors] for field, errors in error.errors.items()}}, status=400
            )


urlpatterns = [
    path("map/", MapView.as_view(), name="map"),
    path("map/data.geojson", MapDataView.as_view(), name="map_data"),
    path("map/layers/<slug:key>.geojson", MapLayerDataView.as_view(), name="map_layer"),
    re_path(r"^map/export\.(?P<fmt>geojson|kml)$", MapExportView.as_view(), name="map_export"),
    path("markers/<int:pk>/card.json", MarkerCardView.as_view(), name="marker_card"),
]
