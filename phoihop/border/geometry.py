"""GeoJSON line geometry: validation and geodesic length on the WGS 84 ellipsoid."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _
from pyproj import Geod

WGS84 = Geod(ellps="WGS84")


def line_coordinates(geometry):
    """[(lon, lat), …] of a GeoJSON LineString or MultiLineString (parts joined in order)."""
    kind = geometry.get("type") if isinstance(geometry, dict) else None
    if kind == "LineString":
        return [tuple(point[:2]) for point in geometry.get("coordinates", [])]
    if kind == "MultiLineString":
        return [tuple(point[:2]) for part in geometry.get("coordinates", []) for point in part]
    raise ValidationError({"geometry": _("The geometry must be a GeoJSON LineString or MultiLineString.")})


def validate_line(geometry):
    try:
        points = line_coordinates(geometry)
    except (TypeError, ValueError, IndexError):
        raise ValidationError(
            {"geometry": _("The geometry must be a GeoJSON LineString or MultiLineString.")}
        ) from None
    if len(points) < 2:
        raise ValidationError({"geometry": _("A line needs at least two points.")})
    for point in points:
        try:
            lon, lat = float(point[0]), float(point[1])
        except (TypeError, ValueError, IndexError):
            lon, lat = 999, 999
        if not (-180 <= lon <= 180 and -90 <= lat <= 90):
            raise ValidationError({"geometry": _("Coordinates must be longitude, latitude in degrees (WGS 84).")})


def line_length_km(geometry) -> Decimal:
    """Geodesic length in km (the sum over a MultiLineString's parts, not the gaps between them)."""
    kind = geometry.get("type")
    parts = geometry["coordinates"] if kind == "MultiLineString" else [geometry["coordinates"]]
    total = 0.0
    for part in parts:
        lons = [float(p[0]) for p in part]
        lats = [float(p[1]) for p in part]
        total += WGS84.line_length(lons, lats)
    return Decimal(str(round(total / 1000, 3)))
