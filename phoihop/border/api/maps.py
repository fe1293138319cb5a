"""The border map's data as API endpoints: one GeoJSON FeatureCollection per layer.

The same gate (``restrict(user, "view")``) and FilterSets as the map page and the lists, and the same feature
builders as the map page (``border.maps``): a client gets exactly what the map draws for the same query string.
Invalid filters answer a field-level 400. Rows are read with ``values()``, one query per layer.
"""

from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiResponse, extend_schema
from rest_framework.generics import GenericAPIView
from rest_framework.response import Response

from phoihop.border import filtersets, maps
from phoihop.border.models import BorderSegment, Gate, Marker, Patrol
from phoihop.core.choices import Action


def feature_collection_schema(geometry_types, properties, summary=None):
    """The OpenAPI schema of a GeoJSON FeatureCollection (RFC 7946) with the given feature properties."""
    schema = {
        "type": "object",
        "required": ["type", "features"],
        "properties": {
            "type": {"type": "string", "enum": ["FeatureCollection"]},
            "features": {
                "type": "array",
                "items": {
                    "type": "object",
                    "required": ["type", "geometry", "properties"],
                    "properties": {
                        "type": {"type": "string", "enum": ["Feature"]},
                        "geometry": {
                            "type": "object",
                            "required": ["type", "coordinates"],
                            "properties": {
                                "type": {"type": "string", "enum": list(geometry_types)},
                                "coordinates": {
                                    "type": "array",
                                    "description": "Longitude first (RFC 7946): [lon, lat], [[lon, lat], …] "
                                    "or [[[lon, lat], …], …].",
                                    "items": {},
                                },
                            },
                        },
                        "properties": {"type": "object", "properties": properties},
                    },
                },
            },
        },
    }
    if summary:
        schema["properties"]["summary"] = {"type": "object", "properties": summary}
    return schema


STRING = {"type": "string"}
NULLABLE_STRING = {"type": "string", "nullable": True}
INTEGER = {"type": "integer"}
COMMON = {"layer": STRING, "id": INTEGER, "post": STRING, "url": STRING}


class MapLayerView(GenericAPIView):
    """Base: gate → FilterSet (400 when invalid) → the map page's feature builder."""

    filter_backends = [DjangoFilterBackend]
    pagination_class = None
    model = None

    def get_queryset(self):
        return self.model.objects.restrict(self.request.user, Action.VIEW)

    def features(self, queryset) -> dict:
        raise NotImplementedError

    def get(self, request):
        return Response(self.features(self.filter_queryset(self.get_queryset())))


class MarkerLayerView(MapLayerView):
    model = Marker
    filterset_class = filtersets.MarkerFilterSet

    @extend_schema(
        filters=True,
        summary="Border markers as GeoJSON",
        description="The markers the map shows for the same filters as the marker list. Markers without a "
        "position are left out and counted in `summary.markers_without_position`.",
        responses={
            200: OpenApiResponse(
                feature_collection_schema(
                    ["Point"],
                    {
                        **COMMON,
                        "number": STRING,
                        "condition": STRING,
                        "condition_label": STRING,
                        "colour": STRING,
                        "overdue": {"type": "boolean"},
                        "last_inspected_on": {**NULLABLE_STRING, "description": "dd/mm/yyyy"},
                    },
                    summary={"markers": INTEGER, "markers_without_position": INTEGER},
                ),
                description="A GeoJSON FeatureCollection.",
            )
        },
    )
    def get(self, request):
        return super().get(request)

    def features(self, queryset):
        markers, unplaced = maps.marker_features(maps.marker_rows(queryset))
        return {
            "type": "FeatureCollection",
            "features": markers,
            "summary": {"markers": len(markers), "markers_without_position": unplaced},
        }


class SegmentLayerView(MapLayerView):
    model = BorderSegment
    filterset_class = filtersets.SegmentFilterSet

    @extend_schema(
        filters=True,
        summary="Border segments as GeoJSON",
        description="The segments with a line geometry.",
        responses={
            200: OpenApiResponse(
                feature_collection_schema(
                    ["LineString", "MultiLineString"],
                    {**COMMON, "code": STRING, "name": STRING, "length_km": {"type": "number", "nullable": True}},
                ),
                description="A GeoJSON FeatureCollection.",
            )
        },
    )
    def get(self, request):
        return super().get(request)

    def features(self, queryset):
        return {"type": "FeatureCollection", "features": maps.segment_features(self.request.user, queryset)}


class GateLayerView(MapLayerView):
    model = Gate
    filterset_class = filtersets.GateFilterSet

    @extend_schema(
        filters=True,
        summary="Border gates as GeoJSON",
        description="The gates with a position.",
        responses={
            200: OpenApiResponse(
                feature_collection_schema(
                    ["Point"], {**COMMON, "name": STRING, "gate_class": STRING, "status": STRING}
                ),
                description="A GeoJSON FeatureCollection.",
            )
        },
    )
    def get(self, request):
        return super().get(request)

    def features(self, queryset):
        return {"type": "FeatureCollection", "features": maps.gate_features(self.request.user, queryset)}


class TrackLayerView(MapLayerView):
    model = Patrol
    filterset_class = filtersets.PatrolFilterSet

    @extend_schema(
        filters=True,
        summary="Patrol tracks as GeoJSON",
        description=f"Patrol tracks of at least two points, as LineStrings: those started in the last "
        f"{maps.TRACK_DAYS} days (as on the map), or those of `date_from`/`date_to` when either is given.",
        responses={
            200: OpenApiResponse(
                feature_collection_schema(
                    ["LineString"],
                    {**COMMON, "kind": STRING, "started_at": {**STRING, "description": "dd/mm/yyyy HH:MM"}},
                ),
                description="A GeoJSON FeatureCollection.",
            )
        },
    )
    def get(self, request):
        return super().get(request)

    def features(self, queryset):
        params = self.request.query_params
        recent_only = not (params.get("date_from") or params.get("date_to"))
        features = maps.track_features(self.request.user, queryset=queryset, recent_only=recent_only)
        return {"type": "FeatureCollection", "features": features}
