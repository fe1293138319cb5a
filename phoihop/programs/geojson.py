"""Checking the GeoJSON boundary of a forest plot: a Polygon or MultiPolygon with numeric WGS 84 coordinates."""

import json
import math

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

POLYGON_TYPES = ("Polygon", "MultiPolygon")


def parse_geojson(value):
    """``value`` as a Python object: pasted text is parsed; a Feature gives its geometry."""
    if isinstance(value, str):
        text = value.strip()
        if not text:
            return None
        try:
            value = json.loads(text)
        except ValueError:
            raise ValidationError(_("This is not valid GeoJSON text.")) from None
    if isinstance(value, dict) and value.get("type") == "Feature":
        value = value.get("geometry")
    return value


def _number(value):
    return isinstance(value, (int, float)) and not isinstance(value, bool) and math.isfinite(value)


def _check_ring(ring):
    if not isinstance(ring, list) or len(ring) < 4:
        raise ValidationError(_("Each ring of the polygon needs at least four positions."))
    for position in ring:
        if not (isinstance(position, list) and len(position) in (2, 3) and all(_number(c) for c in position)):
            raise ValidationError(_("Every position must be a pair of numbers [longitude, latitude]."))
        longitude, latitude = position[0], position[1]
        if not (-180 <= longitude <= 180 and -90 <= latitude <= 90):
            raise ValidationError(_("The coordinates must be longitude and latitude in WGS 84 degrees."))
    if ring[0][:2] != ring[-1][:2]:
        raise ValidationError(_("Each ring of the polygon must end where it starts."))


def _check_polygon(rings):
    if not isinstance(rings, list) or not rings:
        raise ValidationError(_("A polygon needs at least one ring of positions."))
    for ring in rings:
        _check_ring(ring)


def validate_polygon(value):
    """Raise ``ValidationError`` unless ``value`` is a GeoJSON Polygon or MultiPolygon geometry."""
    if value in (None, ""):
        return
    if not isinstance(value, dict) or value.get("type") not in POLYGON_TYPES:
        raise ValidationError(_("Give a GeoJSON Polygon or MultiPolygon."))
    coordinates = value.get("coordinates")
    if value["type"] == "Polygon":
        _check_polygon(coordinates)
    else:
        if not isinstance(coordinates, list) or not coordinates:
            raise ValidationError(_("A multipolygon needs at least one polygon."))
        for polygon in coordinates:
            _check_polygon(polygon)
