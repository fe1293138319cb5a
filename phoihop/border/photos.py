"""Where an inspection photo was taken: EXIF GPS, compared with the marker's position."""

from dataclasses import dataclass

from django.conf import settings
from PIL import Image, UnidentifiedImageError
from pyproj import Geod

WGS84 = Geod(ellps="WGS84")
GPS_IFD = 0x8825


@dataclass(frozen=True)
class PhotoPosition:
    attachment: object
    latitude: float
    longitude: float
    distance_m: float | None
    too_far: bool


def _degrees(values, ref) -> float:
    degrees, minutes, seconds = (float(v) for v in values)
    value = degrees + minutes / 60 + seconds / 3600
    return -value if ref in ("S", "W") else value


def exif_position(path):
    """(lat, lon) from a JPEG/PNG's EXIF GPS block, or None."""
    try:
        with Image.open(path) as image:
            gps = image.getexif().get_ifd(GPS_IFD)
    except (UnidentifiedImageError, OSError, ValueError):
        return None
    try:
        lat = _degrees(gps[2], gps.get(1, "N"))
        lon = _degrees(gps[4], gps.get(3, "E"))
    except (KeyError, TypeError, ValueError, ZeroDivisionError):
        return None
    if not (-90 <= lat <= 90 and -180 <= lon <= 180):
        return None
    return lat, lon


def photo_positions(marker, attachments):
    """For each image attachment with EXIF GPS: where it was taken and how far from the marker."""
    limit = getattr(settings, "BORDER_PHOTO_MAX_DISTANCE_M", 200)
    positions = []
    for attachment in attachments:
        if not attachment.mime_type.startswith("image/"):
            continue
        try:
            where = exif_position(attachment.file.path)
        except (ValueError, NotImplementedError):
            where = None
        if where is None:
            continue
        distance = None
        if marker.latitude is not None:
            _a, _b, distance = WGS84.inv(float(marker.longitude), float(marker.latitude), where[1], where[0])
        positions.append(
            PhotoPosition(
                attachment,
                round(where[0], 6),
                round(where[1], 6),
                round(distance, 1) if distance is not None else None,
                distance is not None and distance > limit,
            )
        )
    return positions
