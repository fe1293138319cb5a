"""VN-2000 ↔ WGS 84, checked against an independent implementation written here from first principles.

The reference below uses nothing but ``math``: the inverse Transverse Mercator (Krüger's series to n⁴) on the
WGS 84-sized VN-2000 ellipsoid, geodetic → geocentric, the 7-parameter Helmert transformation of
QĐ 05/2007/QĐ-BTNMT in the coordinate-frame convention (EPSG method 9607), and geocentric → geodetic WGS 84.
"""

import math

import pytest
from django.core.exceptions import ImproperlyConfigured, ValidationError
from django.utils import translation
from pyproj.crs import CoordinateOperation
from pyproj.transformer import TransformerGroup

from phoihop.border import coordinates
from phoihop.border.coordinates import (
    DEFAULT_GRID,
    GRIDS,
    LANG_SON_BOUNDS,
    inside_province,
    validate_vn2000,
    vn2000_to_wgs84,
    wgs84_to_vn2000,
)

# ----------------------------------------------------------------------------------------------------------------
# The independent reference
# ----------------------------------------------------------------------------------------------------------------

A = 6378137.0
F = 1 / 298.257223563
E2 = F * (2 - F)
ARCSEC = math.pi / (180 * 3600)

# Decision 05/2007/QĐ-BTNMT, as published: metres, arc-seconds, ppm (k = 1.000000252906278)
QD = {
    "tx": -191.90441429,
    "ty": -39.30318279,
    "tz": -111.45032835,
    "rx": -0.00928836,
    "ry": 0.01975479,
    "rz": -0.00427372,
    "ds": 0.252906278,
}


def tm_inverse(northing, easting, lon0_deg, k0, false_easting=500000.0, false_northing=0.0):
    """Grid → geodetic (lat, lon) in degrees: Krüger's series (as in Karney 2011, eq. 11–15), 4 terms."""
    n = F / (2 - F)
    big_a = A / (1 + n) * (1 + n**2 / 4 + n**4 / 64)
    beta = [
        n / 2 - 2 * n**2 / 3 + 37 * n**3 / 96 - n**4 / 360,
        n**2 / 48 + n**3 / 15 - 437 * n**4 / 1440,
        17 * n**3 / 480 - 37 * n**4 / 840,
        4397 * n**4 / 161280,
    ]
    delta = [
        2 * n - 2 * n**2 / 3 - 2 * n**3 + 116 * n**4 / 45,
        7 * n**2 / 3 - 8 * n**3 / 5 - 227 * n**4 / 45,
        56 * n**3 / 15 - 136 * n**4 / 35,
        4279 * n**4 / 630,
    ]
    xi = (northing - false_northing) / (k0 * big_a)
    eta = (easting - false_easting) / (k0 * big_a)
    xi_p = xi - sum(b * math.sin(2 * j * xi) * math.cosh(2 * j * eta) for j, b in enumerate(beta, 1))
    eta_p = eta - sum(b * math.cos(2 * j * xi) * math.sinh(2 * j * eta) for j, b in enumerate(beta, 1))
    chi = math.asin(math.sin(xi_p) / math.cosh(eta_p))
    lat = chi + sum(d * math.sin(2 * j * chi) for j, d in enumerate(delta, 1))
    lon = math.radians(lon0_deg) + math.atan2(math.sinh(eta_p), math.cos(xi_p))
    return math.degrees(lat), math.degrees(lon)


def geodetic_to_geocentric(lat_deg, lon_deg, h=0.0):
    lat, lon = math.radians(lat_deg), math.radians(lon_deg)
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return (
        (n + h) * math.cos(lat) * math.cos(lon),
        (n + h) * math.cos(lat) * math.sin(lon),
        (n * (1 - E2) + h) * math.sin(lat),
    )


def geocentric_to_geodetic(x, y, z):
    p = math.hypot(x, y)
    lon = math.atan2(y, x)
    lat = math.atan2(z, p * (1 - E2))
    for _ in range(20):
        n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
        h = p / math.cos(lat) - n
        lat = math.atan2(z, p * (1 - E2 * n / (n + h)))
    n = A / math.sqrt(1 - E2 * math.sin(lat) ** 2)
    return math.degrees(lat), math.degrees(lon), p / math.cos(lat) - n


def helmert(xyz, convention="coordinate_frame"):
    """The 7-parameter transformation, EPSG 9607 (coordinate frame) or 9606 (position vector) formula."""
    x, y, z = xyz
    rx, ry, rz = (QD[k] * ARCSEC for k in ("rx", "ry", "rz"))
    if convention == "position_vector":
        rx, ry, rz = -rx, -ry, -rz
    m = 1 + QD["ds"] * 1e-6
    return (
        QD["tx"] + m * (x + rz * y - ry * z),
        QD["ty"] + m * (-rz * x + y + rx * z),
        QD["tz"] + m * (ry * x - rx * y + z),
    )


def reference_vn2000_to_wgs84(northing, easting, lon0=107.25, k0=0.9999, convention="coordinate_frame"):
    lat, lon = tm_inverse(northing, easting, lon0, k0)
    wlat, wlon, _h = geocentric_to_geodetic(*helmert(geodetic_to_geocentric(lat, lon), convention))
    return wlat, wlon


def metres_between(p, q):
    """Horizontal distance of two nearby (lat, lon) points in metres (local radii of curvature)."""
    lat = math.radians((p[0] + q[0]) / 2)
    w = math.sqrt(1 - E2 * math.sin(lat) ** 2)
    meridian = A * (1 - E2) / w**3
    prime_vertical = A / w
    d_north = math.radians(p[0] - q[0]) * meridian
    d_east = math.radians(p[1] - q[1]) * prime_vertical * math.cos(lat)
    return math.hypot(d_north, d_east)


# Points in Lạng Sơn's grid (X = northing, Y = easting), the last on the province's south-eastern edge.
POINTS = [(2414000, 470000), (2440000, 430000), (2370000, 520000), (2450000, 410000), (2393000, 455000)]


# ----------------------------------------------------------------------------------------------------------------
# The conversion
# ----------------------------------------------------------------------------------------------------------------


def test_reference_projection_agrees_with_proj():
    """The reference's Krüger series alone (no datum step) matches PROJ's inverse projection to 0.1 mm."""
    for x, y in POINTS:
        assert metres_between(tm_inverse(x, y, 107.25, 0.9999), coordinates.vn2000_to_lat_lon(x, y)) < 1e-4


@pytest.mark.parametrize(("x", "y"), POINTS)
def test_agrees_with_the_independent_implementation(x, y):
    assert metres_between(vn2000_to_wgs84(x, y), reference_vn2000_to_wgs84(x, y)) < 0.05


def test_max_difference_from_the_independent_implementation_is_submillimetre():
    worst = max(metres_between(vn2000_to_wgs84(x, y), reference_vn2000_to_wgs84(x, y)) for x, y in POINTS)
    assert worst < 0.001


def test_the_tolerance_tells_the_rotation_conventions_apart():
    """Position-vector reading of the same numbers lands ≈ 0.8 m away: 0.05 m would catch a convention error."""
    for x, y in POINTS:
        wrong = reference_vn2000_to_wgs84(x, y, convention="position_vector")
        assert metres_between(vn2000_to_wgs84(x, y), wrong) > 0.2


@pytest.mark.parametrize(
    ("grid", "x", "y", "lon0", "k0"),
    [
        ("EPSG:3405", 2414000, 700000, 105.0, 0.9996),  # VN-2000 / UTM zone 48N, Lạng Sơn area
        ("EPSG:9214", 2414000, 520000, 107.0, 0.9999),  # VN-2000 / TM-3 107-00
        ("EPSG:9210", 2500000, 520000, 105.75, 0.9999),  # VN-2000 / TM-3 105-45, Cao Bằng
    ],
)
def test_other_grids_agree_with_the_independent_implementation(grid, x, y, lon0, k0):
    assert metres_between(vn2000_to_wgs84(x, y, grid), reference_vn2000_to_wgs84(x, y, lon0, k0)) < 0.05


def test_geographic_grid():
    lat, lon = coordinates.vn2000_to_lat_lon(2414000, 470000)
    assert metres_between(vn2000_to_wgs84(lat, lon, "EPSG:4756"), vn2000_to_wgs84(2414000, 470000)) < 1e-6
    back = wgs84_to_vn2000(*vn2000_to_wgs84(lat, lon, "EPSG:4756"), grid="EPSG:4756")
    assert metres_between(back, (lat, lon)) < 1e-6


@pytest.mark.parametrize(("x", "y"), POINTS)
def test_taking_vn2000_as_wgs84_is_about_224_m_off(x, y):
    shift = metres_between(coordinates.vn2000_to_lat_lon(x, y), vn2000_to_wgs84(x, y))
    assert 200 < shift < 250


@pytest.mark.parametrize(("x", "y"), POINTS)
def test_round_trip_within_a_millimetre(x, y):
    back = wgs84_to_vn2000(*vn2000_to_wgs84(x, y))
    assert math.hypot(back[0] - x, back[1] - y) < 0.001


def test_round_trip_with_height_and_other_grid():
    lat, lon = vn2000_to_wgs84(2414000.123, 700000.456, "EPSG:3405", h=1200)
    x, y = wgs84_to_vn2000(lat, lon, "EPSG:3405", h=1200)
    assert math.hypot(x - 2414000.123, y - 700000.456) < 0.001


def test_height_barely_matters():
    assert metres_between(vn2000_to_wgs84(2414000, 470000, h=1000), vn2000_to_wgs84(2414000, 470000)) < 0.05


def test_lang_son_example_lands_in_the_province():
    lat, lon = vn2000_to_wgs84(2414000, 470000)
    assert inside_province(lat, lon)
    assert 21.8 < lat < 21.85 and 106.95 < lon < 106.97


# ----------------------------------------------------------------------------------------------------------------
# The pinned transformation
# ----------------------------------------------------------------------------------------------------------------


def test_datum_shift_is_epsg_6960_with_the_qd_05_2007_parameters():
    transformer = coordinates.datum_shift()
    assert transformer.description == "VN-2000 to WGS 84 (2)"
    assert "convention=coordinate_frame" in transformer.definition
    operation = CoordinateOperation.from_epsg(6960)
    assert operation.method_name == "Coordinate Frame rotation (geog2D domain)"
    values = [p.value for p in operation.params]
    assert values == [QD[k] for k in ("tx", "ty", "tz", "rx", "ry", "rz", "ds")]
    assert coordinates.QD_05_2007 == QD


def test_pinned_pipeline_equals_proj_own_epsg_6960_operation():
    """The operation PROJ itself offers for 9215 → 4326 that uses EPSG:6960 gives the same numbers."""
    group = TransformerGroup("EPSG:9215", "EPSG:4326", always_xy=True, allow_ballpark=False)
    [proj_own] = [t for t in group.transformers if "VN-2000 to WGS 84 (2)" in t.description]
    for x, y in POINTS:
        lon, lat = proj_own.transform(y, x)
        assert metres_between(vn2000_to_wgs84(x, y), (lat, lon)) < 1e-6


@pytest.mark.parametrize("code", [code for code, grid in GRIDS.items() if grid.projected])
def test_grid_step_is_only_a_map_projection(code):
    definition = coordinates._projection(code).definition
    assert "helmert" not in definition and "proj=cart" not in definition
    assert coordinates._projection(code).description.startswith("Inverse of")


def test_utm_grid_does_not_use_the_mekong_delta_transformation():
    """On UTM 48N PROJ also knows EPSG:5194 (Mekong delta); the pinned pipeline never takes it."""
    x, y = 1100000, 560000  # Mekong delta, in EPSG:5194's area
    assert metres_between(vn2000_to_wgs84(x, y, "EPSG:3405"), reference_vn2000_to_wgs84(x, y, 105.0, 0.9996)) < 0.05


def test_a_different_database_entry_is_refused(monkeypatch):
    monkeypatch.setitem(coordinates.QD_05_2007, "rx", 0.00928836)  # position-vector sign
    coordinates.datum_shift.cache_clear()
    try:
        with pytest.raises(ImproperlyConfigured):
            coordinates.datum_shift()
    finally:
        monkeypatch.undo()
        coordinates.datum_shift.cache_clear()
    assert coordinates.datum_shift().description == "VN-2000 to WGS 84 (2)"


# ----------------------------------------------------------------------------------------------------------------
# Grids
# ----------------------------------------------------------------------------------------------------------------


def test_grid_registry():
    assert DEFAULT_GRID == "EPSG:9215"
    assert list(GRIDS)[0] == DEFAULT_GRID
    lang_son = GRIDS["EPSG:9215"]
    assert lang_son.name == "VN-2000 / TM-3 107-15"
    assert lang_son.label == "VN-2000 / TM-3 107-15 (Lạng Sơn)"
    assert (lang_son.central_meridian, lang_son.scale_factor) == (107.25, 0.9999)
    for code in ("EPSG:3405", "EPSG:3406", "EPSG:4756", "EPSG:9210", "EPSG:9213", "EPSG:9214", "EPSG:5899"):
        assert code in GRIDS
    assert GRIDS["EPSG:3405"].name == "VN-2000 / UTM zone 48N"
    assert GRIDS["EPSG:5897"].central_meridian == 105.0
    assert not GRIDS["EPSG:4756"].projected
    assert all(len(code) <= 20 for code, _label in coordinates.GRID_CHOICES)


def test_get_grid_accepts_spellings_and_refuses_others():
    assert coordinates.get_grid("epsg:9215") is GRIDS["EPSG:9215"]
    assert coordinates.get_grid(9215) is GRIDS["EPSG:9215"]
    assert coordinates.get_grid("") is GRIDS["EPSG:9215"]
    with pytest.raises(ValidationError) as info:
        coordinates.get_grid("EPSG:4326")
    assert info.value.code == "grid"


# ----------------------------------------------------------------------------------------------------------------
# Validation of user input
# ----------------------------------------------------------------------------------------------------------------


def messages(error):
    with translation.override("en"):
        return " ".join(error.messages)


def test_swapped_x_and_y_is_detected():
    with pytest.raises(ValidationError) as info:
        validate_vn2000(470000, 2414000)
    assert info.value.code == "swapped"
    assert "X and Y seem to be swapped: X is the northing" in messages(info.value)


def test_swapped_with_the_easting_of_another_zone_is_still_a_swap():
    with pytest.raises(ValidationError) as info:
        validate_vn2000(676000, 2430000)
    assert info.value.code == "swapped"


def test_swapped_latitude_and_longitude():
    with pytest.raises(ValidationError) as info:
        validate_vn2000(106.7, 21.9, "EPSG:4756")
    assert info.value.code == "swapped"
    assert "X is the latitude" in messages(info.value)


@pytest.mark.parametrize(
    ("x", "y", "expected"),
    [
        (2414000, 470000, (2414000.0, 470000.0)),
        ("2414000,25", "470000,5", (2414000.25, 470000.5)),
        ("2.414.000,25", "470.000,0", (2414000.25, 470000.0)),
        ("2 414 000.25", "470 000", (2414000.25, 470000.0)),
        ("2,414,000.25", "470,000.5", (2414000.25, 470000.5)),
    ],
)
def test_valid_input_is_returned_as_numbers(x, y, expected):
    assert validate_vn2000(x, y) == expected


def test_a_single_separator_is_a_decimal_separator():
    assert coordinates.parse_coordinate("470.000") == 470.0
    assert coordinates.parse_coordinate("470,125") == 470.125
    assert coordinates.parse_coordinate("2.414.000") == 2414000.0


@pytest.mark.parametrize(("x", "y"), [("abc", 470000), (2414000, "4 7 0 x"), ("nan", 470000), ("1e400", 1)])
def test_non_numeric_input(x, y):
    with pytest.raises(ValidationError) as info:
        validate_vn2000(x, y)
    assert info.value.code == "invalid"
    assert "must be numbers" in messages(info.value)


@pytest.mark.parametrize(("x", "y"), [(None, 470000), (2414000, ""), ("  ", " ")])
def test_missing_input(x, y):
    with pytest.raises(ValidationError) as info:
        validate_vn2000(x, y)
    assert info.value.code == "required"


@pytest.mark.parametrize(
    ("x", "y"),
    [(241400, 470000), (2414000, 4700000), (0, 0), (-2414000, 470000), (1200000, 470000), (2414000, 676000)],
)
def test_out_of_range(x, y):
    with pytest.raises(ValidationError) as info:
        validate_vn2000(x, y)
    assert info.value.code == "out_of_range"
    text = messages(info.value)
    assert "outside the area of the grid VN-2000 / TM-3 107-15" in text


def test_range_follows_the_grid():
    # a Mekong-delta point is fine on UTM 48N but not on Lạng Sơn's grid
    assert validate_vn2000(1100000, 560000, "EPSG:3405") == (1100000.0, 560000.0)
    with pytest.raises(ValidationError):
        validate_vn2000(1100000, 560000)
    with pytest.raises(ValidationError) as info:
        validate_vn2000(30, 107, "EPSG:4756")
    assert info.value.code == "out_of_range"


def test_validation_error_has_an_error_list_for_model_clean():
    with pytest.raises(ValidationError) as info:
        validate_vn2000(470000, 2414000)
    assert len(info.value.error_list) == 1


# ----------------------------------------------------------------------------------------------------------------
# The province
# ----------------------------------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lat", "lon", "inside"),
    [
        (21.85, 106.76, True),  # Lạng Sơn city
        (21.95, 106.70, True),
        (22.03, 106.76, True),  # Hữu Nghị gate area
        (21.3, 106.05, True),  # edges included
        (21.03, 105.85, False),  # Hà Nội
        (22.67, 106.26, False),  # Cao Bằng
        (22.82, 108.32, False),  # Nanning
        (None, 106.7, False),
    ],
)
def test_inside_province(lat, lon, inside):
    assert inside_province(lat, lon) is inside


def test_lang_son_bounds():
    assert LANG_SON_BOUNDS.min_lat == 21.3 and LANG_SON_BOUNDS.max_lat == 22.5
    assert LANG_SON_BOUNDS.max_lon == 107.4
    west, south, east, north = GRIDS[DEFAULT_GRID].area
    assert LANG_SON_BOUNDS.min_lon <= west and LANG_SON_BOUNDS.max_lon >= east
    assert LANG_SON_BOUNDS.min_lat <= south and LANG_SON_BOUNDS.max_lat >= north
