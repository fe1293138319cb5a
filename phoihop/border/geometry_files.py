"""Reading border lines (GeoJSON, KML) and GPS tracks (GPX) uploaded by users."""

import json
import xml.etree.ElementTree as ET

from django.core.exceptions import ValidationError
from django.utils.translation import gettext as _

from phoihop.border.geometry import line_coordinates, validate_line

MAX_POINTS = 200_000


def _kml_coordinates(text):
    points = []
    for chunk in (text or "").split():
        parts = chunk.split(",")
        if len(parts) >= 2:
            points.append([float(parts[0]), float(parts[1])])
    return points


def read_line(content: bytes, filename: str) -> dict:
    """A GeoJSON LineString/MultiLineString from a .geojson/.json or .kml file (first line feature(s))."""
    name = filename.lower()
    try:
        if name.endswith(".kml"):
            root = ET.fromstring(content)
            parts = []
            for line in root.iter():
                if line.tag.endswith("LineString"):
                    for child in line:
                        if child.tag.endswith("coordinates"):
                            parts.append(_kml_coordinates(child.text))
            parts = [p for p in parts if len(p) >= 2]
            geometry = (
                {"type": "LineString", "coordinates": parts[0]}
                if len(parts) == 1
                else {"type": "MultiLineString", "coordinates": parts}
            )
        else:
            data = json.loads(content.decode("utf-8-sig"))
            if data.get("type") == "FeatureCollection":
                lines = [f["geometry"] for f in data.get("features", []) if f.get("geometry")]
                lines = [g for g in lines if g.get("type") in ("LineString", "MultiLineString")]
                if not lines:
                    raise ValueError
                geometry = (
                    lines[0]
                    if len(lines) == 1
                    else {
                        "type": "MultiLineString",
                        "coordinates": [
                            c
                            for g in lines
                            for c in ([g["coordinates"]] if g["type"] == "LineString" else g["coordinates"])
                        ],
                    }
                )
            elif data.get("type") == "Feature":
                geometry = data["geometry"]
            else:
                geometry = data
    except (ValueError, KeyError, TypeError, AttributeError, ET.ParseError, UnicodeDecodeError):
        raise ValidationError(_("The file is not a GeoJSON or KML line.")) from None
    if not isinstance(geometry, dict):
        raise ValidationError(_("The file is not a GeoJSON or KML line."))
    try:
        validate_line(geometry)
        if len(line_coordinates(geometry)) > MAX_POINTS:
            raise ValidationError(_("The line has too many points."))
    except ValidationError as error:
        raise ValidationError(error.messages) from None
    except (TypeError, ValueError, IndexError):
        raise ValidationError(_("The file is not a GeoJSON or KML line.")) from None
    return geometry


def read_gpx(content: bytes) -> list:
    """[[lat, lon], …] of the track points (or route points) of a GPX file."""
    try:
        root = ET.fromstring(content)
    except ET.ParseError:
        raise ValidationError(_("The file is not a GPX track.")) from None
    points = []
    for node in root.iter():
        if node.tag.endswith("trkpt") or node.tag.endswith("rtept"):
            try:
                lat, lon = float(node.attrib["lat"]), float(node.attrib["lon"])
            except (KeyError, ValueError):
                raise ValidationError(_("A GPX point has no valid latitude/longitude.")) from None
            if not (-90 <= lat <= 90 and -180 <= lon <= 180):
                raise ValidationError(_("A GPX point has no valid latitude/longitude."))
            points.append([round(lat, 6), round(lon, 6)])
            if len(points) > MAX_POINTS:
                raise ValidationError(_("The track has too many points."))
    if len(points) < 2:
        raise ValidationError(_("The GPX file has no track."))
    return points
