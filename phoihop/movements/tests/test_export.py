"""Exports of teams, towards-the-border activities, twinnings and their activities, and holiday visits: Vietnamese
headers, labels, real dates and numbers, the names of the related records; each file imports back unchanged and an
export's queries do not grow with its rows."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.border.models import BorderSegment
from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import agreement_in_force
from phoihop.movements.filtersets.events import TowardsBorderEventFilterSet
from phoihop.movements.filtersets.teams import SelfManagementTeamFilterSet
from phoihop.movements.filtersets.twinning import TwinningActivityFilterSet, TwinningFilterSet
from phoihop.movements.filtersets.visits import HolidayVisitFilterSet
from phoihop.movements.models import HolidayVisit, SelfManagementTeam, TowardsBorderEvent, Twinning, TwinningActivity
from phoihop.movements.resources.events import TowardsBorderEventResource
from phoihop.movements.resources.teams import SelfManagementTeamResource
from phoihop.movements.resources.twinning import TwinningActivityResource, TwinningResource
from phoihop.movements.resources.visits import HolidayVisitResource
from phoihop.movements.tests.factories import (
    build_places,
    make_event,
    make_marker,
    make_team,
    make_twinning,
    make_visit,
)

LINE = {"type": "LineString", "coordinates": [[106.70, 21.90], [106.80, 21.95]]}


def rows_of(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    return sheet, header, [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


def snapshot(model, fields, m2m=()):
    return {
        record.pk: (
            tuple(getattr(record, f) for f in fields),
            tuple(sorted(getattr(record, name).values_list("pk", flat=True)) for name in m2m),
        )
        for record in model.objects.order_by("pk")
    }


class ExportTestCase(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = build_places()
        # post A names commune B (a visited organisation, a co-organiser, a twinning partner) under a regulation
        # in force between them (core.access.participant_organisations), on the form, in the API and in imports
        agreement_in_force(cls.world.province, cls.world.a, cls.world.b)

    def setUp(self):
        self.login(self.world.a_reporter)

    def export(self, name, fmt="xlsx", **params):
        response = self.client.get(reverse(f"movements:{name}_list"), {"export": fmt, **params})
        self.assertEqual(response.status_code, 200)
        return response.content

    def imports_back(self, resource_class, name, model, fields, m2m=()):
        """The list's .xlsx and .csv exports re-imported: every row updates its record, which stays as it was."""
        before = snapshot(model, fields, m2m)
        self.assertTrue(before)
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                dataset = read_dataset(self.export(name, fmt), f"{name}.{fmt}")
                result, errors = run_import(resource_class(user=self.world.a_reporter), dataset, dry_run=False)
                self.assertEqual(errors, [])
                self.assertEqual(result.totals["update"], len(before))
                self.assertEqual(snapshot(model, fields, m2m), before)

    def assert_every_filter_has_a_column(self, resource_class, filterset_class, names):
        """Each of the list's filters (not the search box) has its column: ``names`` maps a filter to it."""
        columns = set(resource_class._meta.fields)
        for name in filterset_class._meta.fields:
            if name != "q":
                self.assertIn(names.get(name, name), columns, name)

    def assert_flat(self, name, add_rows):
        self.export(name)  # warm-up: per-process caches are not per-row queries
        with CaptureQueriesContext(connection) as few:
            self.export(name)
        add_rows()
        with CaptureQueriesContext(connection) as many:
            self.export(name)
        self.assertEqual(len(few), len(many), [query["sql"] for query in many.captured_queries])


class TestTeamExport(ExportTestCase):
    def team(self, **kwargs):
        segment = BorderSegment.objects.create(
            code=f"S-{BorderSegment.objects.count() + 1}", name="Đoạn", post=self.world.a, geometry=LINE
        )
        team = make_team(
            self.world.a,
            self.places,
            markers=[make_marker(self.world.a)],
            village=self.places.khon_po,
            founded_on=datetime.date(2019, 3, 3),
            leader_name="Hoàng Văn Páo",
            **kwargs,
        )
        team.segments.set([segment])
        return team

    def test_headers_labels_and_round_trip(self):
        team = self.team(kind="household", households_count=1, active=False)
        sheet, header, rows = rows_of(self.export("selfmanagementteam"))
        self.assertEqual(sheet.title, "Tổ tự quản")
        self.assertEqual(
            header[:8],
            [
                "Mã số",
                "Loại",
                "Tên",
                "Mã đồn biên phòng phụ trách",
                "Đồn biên phòng phụ trách",
                "Mã xã",
                "Tên xã",
                "Thôn, bản",
            ],
        )
        row = rows[0]
        self.assertEqual(
            (row["Mã số"], row["Loại"], row["Mã đồn biên phòng phụ trách"], row["Đồn biên phòng phụ trách"]),
            (team.pk, "Hộ tự quản", "T-A", "Đồn Biên phòng Ba Sơn"),
        )
        self.assertEqual((row["Tên xã"], row["Thôn, bản"], row["Còn hoạt động"]), ("Xã Ba Sơn", "T20201-1", "Không"))
        self.assertEqual(row["Số hiệu các mốc tự quản"], team.markers.get().number)
        self.assertEqual(row["Ngày thành lập"], datetime.datetime(2019, 3, 3))
        self.assertEqual((row["Số thành viên"], row["Chiều dài đường biên tự quản (km)"]), (8, 2.5))
        self.team(purpose="security")
        fields = ("kind", "name", "post_id", "commune_id", "village_id", "purpose", "leader_name", "members_count")
        more = ("households_count", "border_length_km", "founded_on", "active", "note")
        self.imports_back(
            SelfManagementTeamResource,
            "selfmanagementteam",
            SelfManagementTeam,
            fields + more,
            m2m=("markers", "segments"),
        )

    def test_every_filter_has_a_column(self):
        self.assert_every_filter_has_a_column(
            SelfManagementTeamResource, SelfManagementTeamFilterSet, {"post": "post_name", "marker": "markers"}
        )

    def test_queries_do_not_grow_with_the_rows(self):
        self.team()
        self.assert_flat("selfmanagementteam", lambda: [self.team() for _ in range(5)])


class TestEventExport(ExportTestCase):
    def test_headers_labels_and_round_trip(self):
        make_event(
            self.world.a,
            self.places,
            co_organisers=[self.world.b],
            village=self.places.khon_po,
            contributions_vnd=Decimal("25000000"),
        )
        _sheet, header, rows = rows_of(self.export("towardsborderevent"))
        self.assertEqual(
            header[:6],
            [
                "Mã số",
                "Tiêu đề",
                "Ngày tổ chức",
                "Mã đơn vị tổ chức",
                "Đơn vị tổ chức",
                "Mã các đơn vị phối hợp tổ chức",
            ],
        )
        row = rows[0]
        self.assertEqual(
            (row["Đơn vị tổ chức"], row["Mã các đơn vị phối hợp tổ chức"]), ("Đồn Biên phòng Ba Sơn", "T-B")
        )
        self.assertEqual((row["Ngày tổ chức"], row["Đóng góp (đồng)"]), (datetime.datetime(2026, 1, 20), 25000000))
        make_event(self.world.a, self.places, commune=self.places.dong_dang)
        fields = ("title", "held_on", "organiser_id", "commune_id", "village_id", "participants_count")
        more = ("contributions_vnd", "contribution_description", "note")
        self.imports_back(
            TowardsBorderEventResource, "towardsborderevent", TowardsBorderEvent, fields + more, m2m=("co_organisers",)
        )

    def test_every_filter_has_a_column(self):
        names = {"organiser": "organiser_name", "commune": "commune_name", "held_from": "held_on", "held_to": "held_on"}
        self.assert_every_filter_has_a_column(TowardsBorderEventResource, TowardsBorderEventFilterSet, names)

    def test_queries_do_not_grow_with_the_rows(self):
        make_event(self.world.a, self.places, co_organisers=[self.world.b])
        self.assert_flat(
            "towardsborderevent",
            lambda: [make_event(self.world.a, self.places, co_organisers=[self.world.b]) for _ in range(5)],
        )


class TestTwinningExport(ExportTestCase):
    def test_headers_labels_and_round_trip(self):
        by_village = make_twinning(self.world.a, self.places)
        make_twinning(self.world.a, self.places, partner_organisation=self.world.b, ended_on=datetime.date(2025, 1, 1))
        _sheet, header, rows = rows_of(self.export("twinning"))
        self.assertEqual(
            header,
            [
                "Mã số",
                "Mã đơn vị",
                "Tên đơn vị",
                "Mã tổ chức kết nghĩa",
                "Tổ chức kết nghĩa",
                "Mã xã của thôn, bản kết nghĩa",
                "Thôn, bản kết nghĩa",
                "Ngày kết nghĩa",
                "Ngày kết thúc",
                "Nội dung, cam kết kết nghĩa",
                "Còn hoạt động",
            ],
        )
        by_id = {row["Mã số"]: row for row in rows}
        village = by_id[by_village.pk]
        self.assertEqual(
            (village["Tên đơn vị"], village["Mã xã của thôn, bản kết nghĩa"], village["Thôn, bản kết nghĩa"]),
            ("Đồn Biên phòng Ba Sơn", "T20201", "T20201-1"),
        )
        self.assertEqual((village["Ngày kết nghĩa"], village["Còn hoạt động"]), (datetime.datetime(2020, 3, 3), "Có"))
        fields = ("organisation_id", "partner_organisation_id", "partner_village_id", "started_on", "ended_on")
        self.imports_back(TwinningResource, "twinning", Twinning, (*fields, "commitments", "active"))

    def test_a_village_given_by_name_with_its_commune(self):
        twinning = make_twinning(self.world.a, self.places)
        dataset = read_dataset(self.export("twinning", "csv"), "twinning.csv")
        column = dataset.headers.index("Thôn, bản kết nghĩa")
        row = list(dataset[0])
        row[column] = "Thôn Khòn Pổ"
        dataset[0] = row
        _result, errors = run_import(TwinningResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual(errors, [])
        twinning.refresh_from_db()
        self.assertEqual(twinning.partner_village, self.places.khon_po)

    def test_every_filter_has_a_column(self):
        names = {"organisation": "organisation_name", "partner_organisation": "partner_organisation_name"}
        self.assert_every_filter_has_a_column(TwinningResource, TwinningFilterSet, names)

    def test_queries_do_not_grow_with_the_rows(self):
        make_twinning(self.world.a, self.places)
        self.assert_flat(
            "twinning",
            lambda: [make_twinning(self.world.a, self.places, partner_organisation=self.world.b) for _ in range(5)],
        )


class TestTwinningActivityExport(ExportTestCase):
    def activity(self, twinning=None):
        return TwinningActivity.objects.create(
            twinning=twinning or make_twinning(self.world.a, self.places),
            held_on=datetime.date(2025, 9, 2),
            description="Tặng quà Quốc khánh cho các hộ khó khăn",
            participants_count=12,
            value_vnd=Decimal("3000000"),
        )

    def test_headers_labels_and_round_trip(self):
        activity = self.activity()
        _sheet, header, rows = rows_of(self.export("twinningactivity"))
        self.assertEqual(
            header,
            ["Mã số", "Mã số kết nghĩa", "Các bên kết nghĩa", "Ngày", "Mô tả", "Số người tham dự", "Trị giá (đồng)"],
        )
        row = rows[0]
        self.assertEqual(
            (row["Mã số kết nghĩa"], row["Các bên kết nghĩa"]), (activity.twinning_id, str(activity.twinning))
        )
        self.assertEqual((row["Ngày"], row["Trị giá (đồng)"]), (datetime.datetime(2025, 9, 2), 3000000))
        self.activity(make_twinning(self.world.a, self.places, partner_organisation=self.world.b))
        fields = ("twinning_id", "held_on", "description", "participants_count", "value_vnd")
        self.imports_back(TwinningActivityResource, "twinningactivity", TwinningActivity, fields)

    def test_every_filter_has_a_column(self):
        names = {"twinning": "twinning_name", "held_from": "held_on", "held_to": "held_on"}
        self.assert_every_filter_has_a_column(TwinningActivityResource, TwinningActivityFilterSet, names)

    def test_queries_do_not_grow_with_the_rows(self):
        self.activity()
        self.assert_flat("twinningactivity", lambda: [self.activity() for _ in range(5)])


class TestVisitExport(ExportTestCase):
    def test_headers_labels_and_round_trip(self):
        make_visit(self.world.a, self.places, village=self.places.khon_po, funding_source=self.places.budget)
        make_visit(self.world.a, self.places, visited_organisation=self.world.b, occasion=self.places.national_day)
        _sheet, header, rows = rows_of(self.export("holidayvisit"))
        self.assertEqual(
            header[:8],
            [
                "Mã số",
                "Ngày thăm",
                "Mã dịp lễ, Tết",
                "Dịp lễ, Tết",
                "Mã đơn vị đi thăm",
                "Đơn vị đi thăm",
                "Mã đơn vị được thăm",
                "Đơn vị được thăm",
            ],
        )
        by_occasion = {row["Mã dịp lễ, Tết"]: row for row in rows}
        tet = by_occasion["tet"]
        self.assertEqual(
            (tet["Dịp lễ, Tết"], tet["Xã được thăm"], tet["Thôn, bản được thăm"], tet["Nguồn kinh phí"]),
            ("Tết Nguyên đán", "Xã Ba Sơn", "T20201-1", "Ngân sách tỉnh"),
        )
        self.assertEqual((tet["Ngày thăm"], tet["Trị giá (đồng)"]), (datetime.datetime(2026, 2, 10), 10000000))
        self.assertEqual(by_occasion["quoc-khanh"]["Đơn vị được thăm"], self.world.b.name)
        fields = ("held_on", "occasion_id", "visiting_organisation_id", "visited_organisation_id", "commune_id")
        more = ("village_id", "households_visited", "gifts_count", "value_vnd", "funding_source_id", "note")
        self.imports_back(HolidayVisitResource, "holidayvisit", HolidayVisit, fields + more)

    def test_every_filter_has_a_column(self):
        names = {
            "occasion": "occasion_name",
            "visiting_organisation": "visiting_organisation_name",
            "commune": "commune_name",
            "funding_source": "funding_source_name",
            "held_from": "held_on",
            "held_to": "held_on",
        }
        self.assert_every_filter_has_a_column(HolidayVisitResource, HolidayVisitFilterSet, names)

    def test_queries_do_not_grow_with_the_rows(self):
        make_visit(self.world.a, self.places, funding_source=self.places.budget)
        self.assert_flat(
            "holidayvisit",
            lambda: [
                make_visit(self.world.a, self.places, visited_organisation=self.world.b, village=self.places.khon_po)
                for _ in range(5)
            ],
        )
