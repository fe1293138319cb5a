"""VN-2000 ↔ WGS 84 for border marker coordinates.

Official marker coordinates are given in VN-2000, Vietnam's national reference system. Its ellipsoid has the
size of WGS 84 but sits about 224 m away from the WGS 84 one, so **taking VN-2000 latitude/longitude (or the
latitude/longitude behind a VN-2000 grid) as WGS 84 puts a marker roughly 200–250 m off** (≈ 224 m in Lạng Sơn)
— on the wrong side of the border line in places. A GPS, OpenStreetMap or a web map use WGS 84.

Conventions
    Vietnamese surveyors write **X = northing** (≈ 2.4 million m in Lạng Sơn) and **Y = easting**
    (≈ 0.4–0.6 million m), the reverse of the mathematical x/y. Every function here takes and returns
    ``(x_northing, y_easting)`` in that surveyors' order, and ``(lat, lon)`` for geographic coordinates. On the
    geographic grid EPSG:4756 "X" is the VN-2000 latitude and "Y" the VN-2000 longitude (B, L), in degrees.

Grids
    Lạng Sơn's provincial grid is **VN-2000 / TM-3 107-15, EPSG:9215** (Transverse Mercator, central meridian
    107°15′, scale factor 0.9999, false easting 500 000 m, false northing 0, on the WGS 84-sized ellipsoid of
    VN-2000). ``GRIDS`` also offers the other TM-3 zones that PROJ's EPSG database knows around it, VN-2000 / UTM
    zones 48N and 49N and geographic VN-2000. Grid codes are strings such as ``"EPSG:9215"``.

Datum shift, pinned
    VN-2000 → WGS 84 uses the 7-parameter Helmert transformation published in Decision 05/2007/QĐ-BTNMT
    (27 February 2007), which the EPSG dataset holds as **EPSG:6960 "VN-2000 to WGS 84 (2)"**, method EPSG:9607
    *Coordinate Frame rotation (geog2D domain)*::

        dX = -191.90441429 m   rX = -0.00928836″   dS = +0.252906278 ppm  (k = 1.000000252906278)
        dY =  -39.30318279 m   rY = +0.01975479″
        dZ = -111.45032835 m   rZ = -0.00427372″

    Rotation convention: **coordinate frame** (the rotation signs above are applied as in EPSG:9607; a PROJ.4
    ``+towgs84`` string, which is position-vector, needs the three rotation signs flipped). Read with the other
    convention the result moves by ≈ 0.8 m in Lạng Sơn; a wrong translation sign moves it by ≈ 450 m.

    PROJ is never asked to *choose* an operation. The datum shift is built with
    ``Transformer.from_pipeline("EPSG:6960")`` and checked (name, method, every parameter against the QĐ 05/2007
    values above, ``convention=coordinate_frame``, no ballpark); the grid step is a ``Transformer.from_crs`` between
    a VN-2000 grid and VN-2000 geographic (EPSG:4756), which shares the datum and so can only be the map projection —
    also checked (no Helmert, grid shift or geocentric step). A PROJ database that differed raises
    ``ImproperlyConfigured`` instead of silently falling back to another transformation (EPSG:5194 "VN-2000 to
    WGS 84 (1)", a Mekong-delta fit) or to a null "ballpark" one. Note that EPSG labels EPSG:6960's scope
    "Academic research, not officially adopted" although the parameters are those of the ministerial decision.

Heights
    ``h`` is an optional VN-2000 ellipsoidal height in metres (0 if omitted, as the geog2D method assumes). It barely
    matters: 1 000 m changes the horizontal result by ≈ 3 cm, so a normal (Hòn Dấu) height can be passed as is.

Accuracy
    The conversion itself is exact to well below a millimetre; the QĐ 05/2007 parameters represent the relation
    between the two systems to about a metre (EPSG quotes 1 m).

User input goes through ``validate_vn2000`` (numbers, X/Y order, plausible range for the grid) first; the
conversion functions themselves do not check plausibility.
"""

import math
import re
from dataclasses import dataclass
from decimal import Decimal, InvalidOperation
from functools import cache, lru_cache
from typing import NamedTuple

from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _
from pyproj import CRS, Transformer
from pyproj.crs import CoordinateOperation
from pyproj.enums import TransformDirection
from pyproj.exceptions import CRSError

__all__ = [
    "DATUM_SHIFT",
    "DEFAULT_GRID",
    "GEOGRAPHIC_GRID",
    "GRIDS",
    "GRID_CHOICES",
    "LANG_SON_BOUNDS",
    "LANG_SON_CODE",
    "QD_05_2007",
    "ROTATION_CONVENTION",
    "Bounds",
    "Grid",
    "Range",
    "VIETNAM_BOUNDS",
    "bounds_for",
    "datum_shift",
    "get_grid",
    "inside_province",
    "parse_coordinate",
    "plausible_range",
    "province_bounds",
    "validate_vn2000",
    "vn2000_to_lat_lon",
    "vn2000_to_wgs84",
    "wgs84_to_vn2000",
]

# --------------------------------------------------------------------------------------------------------------
# The datum shift
# --------------------------------------------------------------------------------------------------------------

#: The 7 parameters of Decision 05/2007/QĐ-BTNMT, VN-2000 → WGS 84: translations in metres, rotations in
#: arc-seconds (coordinate frame convention), scale difference in parts per million.
QD_05_2007 = {
    "tx": -191.90441429,
    "ty": -39.30318279,
    "tz": -111.45032835,
    "rx": -0.00928836,
    "ry": 0.01975479,
    "rz": -0.00427372,
    "ds": 0.252906278,
}

#: The EPSG transformation that carries those parameters; pinned, never chosen by PROJ.
DATUM_SHIFT = "EPSG:6960"
DATUM_SHIFT_EPSG = 6960
DATUM_SHIFT_NAME = "VN-2000 to WGS 84 (2)"
#: EPSG:9607 "Coordinate Frame rotation (geog2D domain)"
DATUM_SHIFT_METHOD = "9607"
ROTATION_CONVENTION = "coordinate_frame"

# EPSG parameter name → (key in QD_05_2007, unit PROJ must report)
_EPSG_PARAMETERS = {
    "X-axis translation": ("tx", "metre"),
    "Y-axis translation": ("ty", "metre"),
    "Z-axis translation": ("tz", "metre"),
    "X-axis rotation": ("rx", "arc-second"),
    "Y-axis rotation": ("ry", "arc-second"),
    "Z-axis rotation": ("rz", "arc-second"),
    "Scale difference": ("ds", "parts per million"),
}

# Words that betray a datum step (or a guess) in a PROJ pipeline that should only be a map projection.
_DATUM_STEPS = ("proj=helmert", "proj=cart", "gridshift", "towgs84", "molodensky", "proj=deformation", "geocent")


@lru_cache(maxsize=1)
def datum_shift() -> Transformer:
    """The VN-2000 → WGS 84 transformer, EPSG:6960, checked against the QĐ 05/2007 parameters.

    Axis order is EPSG's (latitude, longitude in degrees) in and out; callers here always pass (lat, lon).
    """
    try:
        operation = CoordinateOperation.from_epsg(DATUM_SHIFT_EPSG)
    except CRSError as error:
        raise ImproperlyConfigured(f"PROJ does not know {DATUM_SHIFT}: {error}") from error
    problems = []
    if operation.name != DATUM_SHIFT_NAME:
        problems.append(f"name {operation.name!r}")
    if str(operation.method_code) != DATUM_SHIFT_METHOD:
        problems.append(f"method {operation.method_code} {operation.method_name!r}")
    seen = set()
    for param in operation.params:
        key, unit = _EPSG_PARAMETERS.get(param.name, (None, None))
        if key is None:
            problems.append(f"unexpected parameter {param.name!r}")
            continue
        seen.add(key)
        if param.unit_name != unit or not math.isclose(param.value, QD_05_2007[key], rel_tol=0, abs_tol=1e-12):
            problems.append(f"{param.name} = {param.value} {param.unit_name}")
    if seen != set(QD_05_2007):
        problems.append(f"parameters {sorted(seen)}")
    transformer = Transformer.from_pipeline(DATUM_SHIFT)
    definition = transformer.definition
    if transformer.description != DATUM_SHIFT_NAME or "ballpark" in transformer.description.lower():
        problems.append(f"transformer {transformer.description!r}")
    if "proj=helmert" not in definition or f"convention={ROTATION_CONVENTION}" not in definition:
        problems.append(f"pipeline {definition!r}")
    if problems:
        raise ImproperlyConfigured(
            f"{DATUM_SHIFT} in PROJ's database is not the QĐ 05/2007/QĐ-BTNMT transformation: " + "; ".join(problems)
        )
    return transformer


def _shift(lat, lon, h=None, inverse=False):
    direction = TransformDirection.INVERSE if inverse else TransformDirection.FORWARD
    if h is None:
        return datum_shift().transform(lat, lon, direction=direction)
    new_lat, new_lon, _h = datum_shift().transform(lat, lon, float(h), direction=direction)
    return new_lat, new_lon


# --------------------------------------------------------------------------------------------------------------
# Grids
# --------------------------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Grid:
    code: str  # "EPSG:9215"
    epsg: int
    name: str  # PROJ's CRS name, e.g. "VN-2000 / TM-3 107-15"
    label: str  # for choices
    projected: bool  # False: geographic VN-2000, X = latitude, Y = longitude in degrees
    central_meridian: float | None
    scale_factor: float | None
    area: tuple[float, float, float, float]  # EPSG area of use: west, south, east, north (degrees)


DEFAULT_GRID = "EPSG:9215"
GEOGRAPHIC_GRID = "EPSG:4756"

# (EPSG code, label or None for PROJ's name followed by the code). Order = order of the choices.
_GRID_CODES = [
    (9215, "VN-2000 / TM-3 107-15 (Lạng Sơn)"),
    # the other TM-3 zones of VN-2000 (provincial grids) that PROJ knows, west to east; there is no separate
    # "105-00" provincial code: the 105° meridian is EPSG:5897 "TM-3 zone 482"
    (9207, None),  # 104-30
    (5897, None),  # zone 482, 105°00′
    (9209, None),  # 105-30
    (9210, None),  # 105-45 (Cao Bằng, …)
    (9211, None),  # 106-00
    (9212, None),  # 106-15
    (9213, None),  # 106-30 (Bắc Kạn, Thái Nguyên)
    (9214, None),  # 107-00 (Bắc Giang, …)
    (9216, None),  # 107-30
    (5899, None),  # 107-45 (Quảng Ninh, …)
    (3405, None),  # UTM zone 48N
    (3406, None),  # UTM zone 49N
    (4756, _("VN-2000 geographic (latitude, longitude in degrees)")),
]


def _build_grids():
    grids = {}
    for epsg, label in _GRID_CODES:
        try:
            crs = CRS.from_epsg(epsg)
        except CRSError:  # an older PROJ database: offer what it knows
            continue
        if crs.geodetic_crs is None or crs.geodetic_crs.to_epsg() != 4756:
            raise ImproperlyConfigured(f"EPSG:{epsg} is not based on VN-2000")
        central_meridian = scale_factor = None
        if crs.is_projected:
            params = {p.name: p.value for p in crs.coordinate_operation.params}
            central_meridian = params.get("Longitude of natural origin")
            scale_factor = params.get("Scale factor at natural origin")
        area = crs.area_of_use
        grids[f"EPSG:{epsg}"] = Grid(
            code=f"EPSG:{epsg}",
            epsg=epsg,
            name=crs.name,
            label=label or f"{crs.name} (EPSG:{epsg})",
            projected=crs.is_projected,
            central_meridian=central_meridian,
            scale_factor=scale_factor,
            area=(area.west, area.south, area.east, area.north) if area else (102.14, 8.33, 109.53, 23.4),
        )
    return grids


#: Selectable VN-2000 grids by code ("EPSG:9215" → Grid); names come from PROJ's database.
GRIDS: dict[str, Grid] = _build_grids()
#: (code, label) pairs for a form field or model choices.
GRID_CHOICES = [(grid.code, grid.label) for grid in GRIDS.values()]

MSG_UNKNOWN_GRID = _("Unknown coordinate grid “%(grid)s”. Choose one of the VN-2000 grids offered.")


def get_grid(grid=DEFAULT_GRID) -> Grid:
    """The Grid for "EPSG:9215", "epsg:9215", "9215", 9215 or a Grid; ValidationError if it is not offered."""
    if isinstance(grid, Grid):
        return grid
    if grid is None or grid == "":
        grid = DEFAULT_GRID
    text = str(grid).strip().upper().replace(" ", "")
    if text.isdigit():
        text = f"EPSG:{text}"
    try:
        return GRIDS[text]
    except KeyError:
        raise ValidationError(MSG_UNKNOWN_GRID, code="grid", params={"grid": grid}) from None


@cache
def _projection(code: str) -> Transformer:
    """Grid (easting, northing) → VN-2000 (lon, lat): the inverse map projection, nothing else."""
    transformer = Transformer.from_crs(CRS.from_user_input(code), CRS.from_epsg(4756), always_xy=True)
    definition = transformer.definition.lower()
    if any(word in definition for word in _DATUM_STEPS) or "ballpark" in transformer.description.lower():
        raise ImproperlyConfigured(f"{code} → EPSG:4756 is not a pure map projection: {transformer.definition}")
    return transformer


# --------------------------------------------------------------------------------------------------------------
# Conversions
# --------------------------------------------------------------------------------------------------------------


def _finite(*values):
    if not all(math.isfinite(v) for v in values):
        raise ValueError(f"coordinates outside the domain of the projection: {values}")
    return values


def vn2000_to_lat_lon(x_northing, y_easting, grid=DEFAULT_GRID) -> tuple[float, float]:
    """VN-2000 grid X (northing), Y (easting) → VN-2000 geodetic (lat, lon) in degrees. No datum shift."""
    grid = get_grid(grid)
    x, y = float(x_northing), float(y_easting)
    if not grid.projected:
        return x, y
    lon, lat = _projection(grid.code).transform(y, x)
    return _finite(lat, lon)


def vn2000_to_wgs84(x_northing, y_easting, grid=DEFAULT_GRID, h=None) -> tuple[float, float]:
    """VN-2000 X (northing), Y (easting) on ``grid`` → WGS 84 (lat, lon) in degrees.

    X first, as Vietnamese surveyors write it. On EPSG:4756, X and Y are the VN-2000 latitude and longitude.
    ``h``: VN-2000 ellipsoidal height in metres (optional, see the module docstring). Raises ValidationError for a
    grid that is not offered, ValueError when the numbers cannot be projected at all; call ``validate_vn2000``
    on user input first.
    """
    lat, lon = vn2000_to_lat_lon(x_northing, y_easting, grid)
    return _finite(*_shift(lat, lon, h))


def wgs84_to_vn2000(lat, lon, grid=DEFAULT_GRID, h=None) -> tuple[float, float]:
    """WGS 84 (lat, lon) in degrees → VN-2000 X (northing), Y (easting) on ``grid`` (or lat, lon on EPSG:4756).

    The exact inverse of ``vn2000_to_wgs84`` with the same ``h``: the inverse Helmert of a geog2D-domain operation
    is off by ≈ 1 mm (both sides assume their own ellipsoidal height), so the result is refined until the forward
    conversion reproduces (lat, lon) to 1e-12°.
    """
    grid = get_grid(grid)
    lat, lon = float(lat), float(lon)
    vn_lat, vn_lon = _finite(*_shift(lat, lon, h, inverse=True))
    for _attempt in range(5):
        fwd_lat, fwd_lon = _shift(vn_lat, vn_lon, h)
        d_lat, d_lon = lat - fwd_lat, lon - fwd_lon
        vn_lat, vn_lon = vn_lat + d_lat, vn_lon + d_lon
        if abs(d_lat) < 1e-12 and abs(d_lon) < 1e-12:
            break
    if not grid.projected:
        return vn_lat, vn_lon
    easting, northing = _projection(grid.code).transform(vn_lon, vn_lat, direction=TransformDirection.INVERSE)
    return _finite(northing, easting)


# --------------------------------------------------------------------------------------------------------------
# Validation of user input
# --------------------------------------------------------------------------------------------------------------

MSG_REQUIRED = _("Enter both X and Y.")
MSG_NOT_NUMERIC = _(
    "X and Y must be numbers: metres on a VN-2000 grid (e.g. X = 2414000.25, Y = 470000.5), "
    "decimal degrees on geographic VN-2000."
)
MSG_SWAPPED = _("X and Y seem to be swapped: X is the northing and Y is the easting.")
MSG_SWAPPED_GEOGRAPHIC = _("X and Y seem to be swapped: X is the latitude and Y is the longitude.")
MSG_OUT_OF_RANGE = _(
    "X = %(x)s, Y = %(y)s is outside the area of the grid %(grid)s: X (northing) should be between %(x_min)s and "
    "%(x_max)s m and Y (easting) between %(y_min)s and %(y_max)s m. Check the numbers and the grid."
)
MSG_OUT_OF_RANGE_GEOGRAPHIC = _(
    "X = %(x)s, Y = %(y)s is outside Vietnam: on geographic VN-2000, X (latitude) should be between %(x_min)s° "
    "and %(x_max)s° and Y (longitude) between %(y_min)s° and %(y_max)s°."
)

#: margin around a grid's EPSG area of use within which coordinates are accepted (degrees, ≈ 55 km)
RANGE_MARGIN_DEGREES = 0.5

_SPACES = re.compile(r"[\s\u00a0\u202f\u2009'’_]")
_PLAIN_NUMBER = re.compile(r"[+-]?(\d+(\.\d*)?|\.\d+)")


def parse_coordinate(value) -> float:
    """A number from a float, int, Decimal or text; ValueError otherwise.

    Text may use Vietnamese or English grouping and decimals: "2414000,25", "2.414.000,25", "2 414 000.25",
    "2,414,000.25". With both "." and "," the last one is the decimal separator; a single "," or "." is a
    decimal separator; several of the same are thousand separators.
    """
    if isinstance(value, bool) or value is None:
        raise ValueError("not a number")
    if isinstance(value, int | float | Decimal):
        number = float(value)
    else:
        text = _SPACES.sub("", str(value)).replace("\u2212", "-")
        dots, commas = text.count("."), text.count(",")
        if dots and commas:
            decimal_sep = "." if text.rfind(".") > text.rfind(",") else ","
            group_sep = "," if decimal_sep == "." else "."
            text = text.replace(group_sep, "").replace(decimal_sep, ".")
        elif commas > 1 or dots > 1:
            text = text.replace(",", "").replace(".", "")
        else:
            text = text.replace(",", ".")
        if not _PLAIN_NUMBER.fullmatch(text):
            raise ValueError(f"not a number: {value!r}")
        try:
            number = float(Decimal(text))
        except InvalidOperation as error:
            raise ValueError(f"not a number: {value!r}") from error
    if not math.isfinite(number):
        raise ValueError("not a finite number")
    return number


class Range(NamedTuple):
    x_min: float
    x_max: float
    y_min: float
    y_max: float

    def __contains__(self, point):
        x, y = point
        return self.x_min <= x <= self.x_max and self.y_min <= y <= self.y_max


@cache
def plausible_range(grid=DEFAULT_GRID) -> Range:
    """The X and Y a point may have on ``grid``: its EPSG area of use widened by RANGE_MARGIN_DEGREES."""
    grid = get_grid(grid)
    west, south, east, north = grid.area
    m = RANGE_MARGIN_DEGREES
    west, south, east, north = west - m, south - m, east + m, north + m
    if not grid.projected:
        return Range(south, north, west, east)
    e_min, n_min, e_max, n_max = _projection(grid.code).transform_bounds(
        west, south, east, north, densify_pts=41, direction=TransformDirection.INVERSE
    )
    return Range(n_min, n_max, e_min, e_max)


def _fmt(value, projected):
    if projected:
        return number_format(round(value), decimal_pos=0, use_l10n=True, force_grouping=True)
    return number_format(round(value, 2), decimal_pos=2, use_l10n=True)


def validate_vn2000(x, y, grid=DEFAULT_GRID) -> tuple[float, float]:
    """Check user-entered VN-2000 X (northing) and Y (easting) for ``grid``; return them as floats.

    Raises ValidationError (a single message, codes "grid", "required", "invalid", "swapped", "out_of_range")
    when the grid is not offered, a value is missing or not a number, X and Y look swapped (on EPSG:9215:
    X ≈ 0.4–0.6 million and Y ≈ 2.3–2.6 million), or the point lies outside the grid's area of use (+0.5°).
    """
    grid = get_grid(grid)
    if x is None or y is None or str(x).strip() == "" or str(y).strip() == "":
        raise ValidationError(MSG_REQUIRED, code="required")
    try:
        x, y = parse_coordinate(x), parse_coordinate(y)
    except ValueError:
        raise ValidationError(MSG_NOT_NUMERIC, code="invalid") from None
    bounds = plausible_range(grid.code)
    if (x, y) in bounds:
        return x, y
    # Any VN-2000 northing (≥ ~900 km) exceeds any easting (< ~900 km): Y > X is a swap, not a typo.
    looks_swapped = (y, x) in bounds or (grid.projected and x < y and bounds.x_min <= y <= bounds.x_max)
    if looks_swapped:
        raise ValidationError(MSG_SWAPPED if grid.projected else MSG_SWAPPED_GEOGRAPHIC, code="swapped")
    raise ValidationError(
        MSG_OUT_OF_RANGE if grid.projected else MSG_OUT_OF_RANGE_GEOGRAPHIC,
        code="out_of_range",
        params={
            "x": _fmt(x, grid.projected) if abs(x) < 1e12 else x,
            "y": _fmt(y, grid.projected) if abs(y) < 1e12 else y,
            "grid": grid.name,
            **{key: _fmt(value, grid.projected) for key, value in bounds._asdict().items()},
        },
    )


# --------------------------------------------------------------------------------------------------------------
# The province (and the country)
# --------------------------------------------------------------------------------------------------------------


class Bounds(NamedTuple):
    min_lat: float
    max_lat: float
    min_lon: float
    max_lon: float


#: Approximate bounding box of Lạng Sơn province in WGS 84 degrees (EPSG's area of use for EPSG:9215 is
#: 21.32–22.47 N, 106.09–107.37 E; rounded outwards). A box, not the boundary: a point inside it may still be in
#: a neighbouring province or in China.
LANG_SON_BOUNDS = Bounds(min_lat=21.3, max_lat=22.5, min_lon=106.05, max_lon=107.4)
#: The code of Lạng Sơn among the administrative areas (``orgs.Area.code``, after the 2025 reform as before).
LANG_SON_CODE = "20"

#: Vietnam's mainland and islands, for a record whose province has no box of its own. North: Lũng Cú (≈ 23.38 N);
#: west: A Pa Chải (≈ 102.14 E); east and south: the islands, Trường Sa to ≈ 117.3 E and An Bang (≈ 7.9 N), below
#: the mainland's southern tip at Cà Mau (≈ 8.6 N). The islands make the box wide: on the mainland alone the east
#: edge would be ≈ 109.5 E. It is only a sanity check (a swapped latitude and longitude, a point in another country
#: far away); the province's own box is the real one.
VIETNAM_BOUNDS = Bounds(min_lat=7.5, max_lat=23.4, min_lon=102.1, max_lon=117.9)

_PROVINCE_BOUNDS = "_province_bounds"  # cache attribute on an organisation instance


def inside_province(lat, lon, bounds: Bounds = LANG_SON_BOUNDS) -> bool:
    """Whether WGS 84 (lat, lon) lies inside the province's bounding box (edges included)."""
    try:
        lat, lon = float(lat), float(lon)
    except (TypeError, ValueError):
        return False
    return bounds.min_lat <= lat <= bounds.max_lat and bounds.min_lon <= lon <= bounds.max_lon


def province_bounds(organisation) -> tuple[Bounds, object | None]:
    """The box the positions of ``organisation``'s records (markers, points) must lie in, and its province.

    The province is ``orgs.selectors.province_of(organisation)``. Its own box when all four of its bounding-box
    fields are set; else the known box of Lạng Sơn when it is Lạng Sơn (code ``LANG_SON_CODE``); else the national
    box, ``VIETNAM_BOUNDS``, returned with ``None`` for the province (the position is then checked to be in
    Vietnam only). No organisation (a record without a post): the national box.

    The answer is kept on the organisation instance: the rows of an import share their post's instance, so the
    province is read once per post and file, not once per row."""
    if organisation is None:
        return VIETNAM_BOUNDS, None
    cached = organisation.__dict__.get(_PROVINCE_BOUNDS)
    if cached is not None:
        return cached
    from phoihop.orgs.selectors import province_of

    province = province_of(organisation) if organisation.pk else None
    result = VIETNAM_BOUNDS, None
    if province is not None:
        own = (province.min_latitude, province.max_latitude, province.min_longitude, province.max_longitude)
        if all(value is not None for value in own):
            result = Bounds(*(float(value) for value in own)), province
        elif province.code == LANG_SON_CODE:
            result = LANG_SON_BOUNDS, province
    organisation.__dict__[_PROVINCE_BOUNDS] = result
    return result


def bounds_for(organisation) -> Bounds:
    """The box for the positions of ``organisation``'s records: its province's own box, Lạng Sơn's known box, or
    Vietnam's (see ``province_bounds``)."""
    return province_bounds(organisation)[0]
