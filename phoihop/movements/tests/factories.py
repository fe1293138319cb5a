"""Test data for the movements on top of the shared test world (post A, commune B …)."""

import datetime
import itertools
from decimal import Decimal
from types import SimpleNamespace

from phoihop.border.models import Marker
from phoihop.movements.models import HolidayVisit, Occasion, SelfManagementTeam, TowardsBorderEvent, Twinning
from phoihop.orgs.models import Area
from phoihop.programs.models import FundingSource

counter = itertools.count(1)
marker_numbers = itertools.count(0)  # main markers are numbered 1…1378


def build_places():
    """Two border communes of the deployment province (code 20) with a village each, occasions, a funding source."""
    province, _ = Area.objects.get_or_create(code="20", defaults={"name": "Lạng Sơn", "kind": "province"})
    places = SimpleNamespace(
        province=province,
        ba_son=Area.objects.create(
            code="T20201", name="Xã Ba Sơn", kind="commune", parent=province, is_border_commune=True
        ),
        dong_dang=Area.objects.create(
            code="T20202", name="Xã Đồng Đăng", kind="commune", parent=province, is_border_commune=True
        ),
        tet=Occasion.objects.create(code="tet", name="Tết Nguyên đán", sort_order=10),
        national_day=Occasion.objects.create(code="quoc-khanh", name="Quốc khánh 2/9", sort_order=20),
        budget=FundingSource.objects.create(code="ngan-sach-tinh", name="Ngân sách tỉnh"),
    )
    places.khon_po = Area.objects.create(code="T20201-1", name="Thôn Khòn Pổ", kind="village", parent=places.ba_son)
    places.na_han = Area.objects.create(code="T20202-1", name="Thôn Nà Han", kind="village", parent=places.dong_dang)
    return places


def make_marker(post, **kwargs):
    kwargs.setdefault("number", str(1 + next(marker_numbers) % 1378))
    kwargs.setdefault("latitude", Decimal("21.95"))
    kwargs.setdefault("longitude", Decimal("106.70"))
    marker = Marker(post=post, **kwargs)
    marker.full_clean()
    marker.save()
    return marker


def make_team(post, places, markers=(), **kwargs):
    kwargs.setdefault("name", f"Tổ tự quản đường biên, mốc quốc giới số {next(counter)}")
    kwargs.setdefault("commune", places.ba_son)
    kwargs.setdefault("members_count", 8)
    kwargs.setdefault("households_count", 12)
    kwargs.setdefault("border_length_km", Decimal("2.50"))
    team = SelfManagementTeam.objects.create(post=post, **kwargs)
    team.markers.set(markers)
    return team


def make_event(organiser, places, co_organisers=(), **kwargs):
    kwargs.setdefault("title", f"Chương trình Xuân biên phòng ấm lòng dân bản lần {next(counter)}")
    kwargs.setdefault("held_on", datetime.date(2026, 1, 20))
    kwargs.setdefault("commune", places.ba_son)
    kwargs.setdefault("participants_count", 150)
    kwargs.setdefault("contributions_vnd", Decimal("25000000"))
    event = TowardsBorderEvent.objects.create(organiser=organiser, **kwargs)
    event.co_organisers.set(co_organisers)
    return event


def make_twinning(organisation, places, **kwargs):
    if "partner_organisation" not in kwargs:
        kwargs.setdefault("partner_village", places.khon_po)
    kwargs.setdefault("started_on", datetime.date(2020, 3, 3))
    kwargs.setdefault("commitments", f"Phối hợp giữ gìn an ninh trật tự, lần {next(counter)}")
    return Twinning.objects.create(organisation=organisation, **kwargs)


def make_visit(organisation, places, **kwargs):
    kwargs.setdefault("held_on", datetime.date(2026, 2, 10))
    kwargs.setdefault("occasion", places.tet)
    if "visited_organisation" not in kwargs:
        kwargs.setdefault("commune", places.ba_son)
    kwargs.setdefault("households_visited", 20)
    kwargs.setdefault("gifts_count", 20)
    kwargs.setdefault("value_vnd", Decimal("10000000"))
    kwargs.setdefault("note", f"Thăm, tặng quà Tết lần {next(counter)}")
    return HolidayVisit.objects.create(visiting_organisation=organisation, **kwargs)
