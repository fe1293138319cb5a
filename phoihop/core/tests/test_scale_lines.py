"""``seed_scale`` at national scale: each province's markers inside its own box and on its own border lines, numbered
per line (Vietnam–China within its 1378 main numbers)."""

import itertools
import random
from io import StringIO

import pytest
from django.core.management import call_command

from phoihop.border import coordinates, markers
from phoihop.border.choices import BorderLine
from phoihop.border.models import Marker
from phoihop.core import scale

CN, LA, KH = BorderLine.CN, BorderLine.LA, BorderLine.KH
#: the land borders of the 25 provinces (public knowledge, written here independently of ``scale.PROVINCES``)
CHINA = {"Điện Biên", "Lai Châu", "Lào Cai", "Hà Giang", "Cao Bằng", "Lạng Sơn", "Quảng Ninh"}
LAOS = {"Điện Biên", "Sơn La", "Thanh Hóa", "Nghệ An", "Hà Tĩnh", "Quảng Bình", "Quảng Trị", "Thừa Thiên Huế"}
LAOS |= {"Quảng Nam", "Kon Tum"}
CAMBODIA = {"Kon Tum", "Gia Lai", "Đắk Lắk", "Đắk Nông", "Bình Phước", "Tây Ninh", "Long An", "Đồng Tháp"}
CAMBODIA |= {"An Giang", "Kiên Giang"}


def expected_lines(name):
    return {line for line, names in ((CN, CHINA), (LA, LAOS), (KH, CAMBODIA)) if name in names}


def allocated(taken=()):
    """The national plan's markers as the generator allocates them (no database)."""
    generator = scale.Generator(factor=1.0, seed=3)
    generator.structure = scale.Structure(generator.plan, seed=3)
    generator.ids = {Marker: itertools.count(1)}
    generator.taken_numbers = set(taken)
    generator.allocate_markers(random.Random(3))
    return generator.structure.provinces


def test_every_province_has_a_box_inside_vietnam():
    assert set(scale.PROVINCE_BOUNDS) == {name for name, _neighbours in scale.PROVINCES}
    vietnam = coordinates.VIETNAM_BOUNDS
    for name, box in scale.PROVINCE_BOUNDS.items():
        min_lat, max_lat, min_lon, max_lon = (float(edge) for edge in box)
        assert min_lat < max_lat and min_lon < max_lon, name
        for lat, lon in ((min_lat, min_lon), (max_lat, max_lon)):
            assert coordinates.inside_province(lat, lon, vietnam), name
    assert tuple(float(edge) for edge in scale.PROVINCE_BOUNDS["Lạng Sơn"]) == tuple(coordinates.LANG_SON_BOUNDS)


def test_markers_stand_on_their_provinces_lines_numbered_per_line():
    provinces = allocated()
    assert len(provinces) == 25
    seen = set()
    for province in provinces:
        rows = [marker for post in province.posts for marker in post.markers]
        assert {marker.border_line for marker in rows} == expected_lines(province.name), province.name
        for post in province.posts:
            assert len({marker.border_line for marker in post.markers}) <= 1  # a post stands on one line
        for marker in rows:
            key = (marker.border_line, marker.number)
            assert key not in seen, key
            seen.add(key)
            parsed = markers.parse_marker_number(marker.number, border_line=marker.border_line)
            assert parsed.sort_key == marker.sort_key
    assert len(seen) == scale.Plan(1.0).markers
    assert {number for line, number in seen if line == LA} >= {"1", "2", "3"}  # Laos numbers from 1 again
    assert {number for line, number in seen if line == KH} >= {"1", "2", "3"}


def test_numbers_already_taken_on_a_line_are_skipped_on_that_line_only():
    seen = {
        (marker.border_line, marker.number)
        for province in allocated(taken={(CN, "1"), (LA, "2")})
        for post in province.posts
        for marker in post.markers
    }
    assert (CN, "1") not in seen and (LA, "2") not in seen
    assert {(LA, "1"), (CN, "2"), (KH, "1"), (KH, "2")} <= seen


@pytest.mark.django_db
def test_seeded_markers_are_inside_their_provinces_box(settings):
    settings.PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
    call_command("seed_scale", factor=0.001, end=scale.DEFAULT_END, stdout=StringIO())
    found = Marker.objects.select_related("post")
    assert {marker.border_line for marker in found} == {CN, LA}  # the first province, Điện Biên
    expected = tuple(float(edge) for edge in scale.PROVINCE_BOUNDS["Điện Biên"])
    for marker in found:
        bounds, province = coordinates.province_bounds(marker.post)
        assert province is not None and province.name == "Tỉnh Điện Biên"
        assert tuple(bounds) == expected
        assert coordinates.inside_province(marker.latitude, marker.longitude, bounds), marker
        marker.full_clean()
