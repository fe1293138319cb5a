"""The marker list's export speaks Vietnamese: headers and labels in the user's language, real dates and numbers,
a column for every filter of the list, and a file that imports back unchanged."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from phoihop.border.filtersets import MarkerFilterSet
from phoihop.border.models import BorderSegment, Marker
from phoihop.border.resources import MarkerResource
from phoihop.border.tests.test_import import GOOD, ImportTestCase, xlsx
from phoihop.core.models import BackgroundExport
from phoihop.orgs.models import Area

LIST = reverse("border:marker_list")
LINE = {"type": "LineString", "coordinates": [[106.70, 21.90], [106.80, 21.95]]}


def sheet_of(content):
    return openpyxl.load_workbook(io.BytesIO(content)).active


def rows_of(sheet):
    """The header of a sheet and its data rows as dicts by header."""
    header = [cell.value for cell in sheet[1]]
    rows = [dict(zip(header, [cell.value for cell in row], strict=True)) for row in sheet.iter_rows(min_row=2)]
    return header, rows


class MarkerExportTestCase(ImportTestCase):
    def import_good_rows(self):
        """Markers 1116–1118 of post A, on the default grid, imported as a surveyor would."""
        self.login(self.world.a_reporter)
        self.upload(GOOD)
        self.confirm()
        return {marker.number: marker for marker in Marker.objects.all()}

    def inspect(self, marker, condition, days_ago):
        Marker.objects.filter(pk=marker.pk).update(
            condition=condition, last_inspected_on=timezone.localdate() - datetime.timedelta(days=days_ago)
        )


class TestMarkerExport(MarkerExportTestCase):
    def test_headers_labels_dates_and_numbers_in_vietnamese(self):
        markers = self.import_good_rows()
        segment = BorderSegment.objects.create(code="A-1", name="Đoạn Ba Sơn", post=self.world.a, geometry=LINE)
        Marker.objects.filter(number="1116").update(segment=segment)
        self.inspect(markers["1116"], "damaged", days_ago=10)
        self.inspect(markers["1117"], "lost", days_ago=400)  # a main marker is inspected every 90 days
        self.login(self.world.a_viewer)
        response = self.client.get(LIST, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = sheet_of(response.content)
        self.assertEqual(sheet.title, "Cột mốc biên giới")
        header, rows = rows_of(sheet)
        self.assertEqual(
            header[:12],
            [
                "Số hiệu mốc",
                "Đường biên giới",
                "Loại mốc",
                "Hình thức mốc",
                "Tình trạng",
                "Ngày kiểm tra gần nhất",
                "Quá hạn kiểm tra",
                "Mã đồn biên phòng phụ trách",
                "Đồn biên phòng phụ trách",
                "Mã xã",
                "Tên xã",
                "Đoạn biên giới",
            ],
        )
        by_number = {row["Số hiệu mốc"]: row for row in rows}
        first = by_number["1116"]
        self.assertEqual(
            (first["Loại mốc"], first["Hình thức mốc"], first["Tình trạng"], first["Quá hạn kiểm tra"]),
            ("Mốc chính", "Mốc đơn", "Hư hỏng", "Không"),
        )
        self.assertEqual(first["Đường biên giới"], "Việt Nam – Trung Quốc")
        self.assertEqual(
            (first["Đồn biên phòng phụ trách"], first["Mã xã"], first["Tên xã"], first["Đoạn biên giới"]),
            ("Đồn Biên phòng Ba Sơn", "06196", "Xã Ba Sơn", "A-1 — Đoạn Ba Sơn"),
        )
        self.assertEqual(first["Ngày kiểm tra gần nhất"].date(), timezone.localdate() - datetime.timedelta(days=10))
        self.assertEqual((first["Độ cao (m)"], first["Ghi chú"]), (350.5, "Mốc chính"))
        self.assertEqual((by_number["1117"]["Tình trạng"], by_number["1117"]["Quá hạn kiểm tra"]), ("Mất", "Có"))
        never = by_number["1118/2"]
        self.assertEqual(
            (never["Loại mốc"], never["Ngày kiểm tra gần nhất"], never["Quá hạn kiểm tra"]), ("Mốc phụ", None, "Có")
        )
        # a real date and real numbers, shown the Vietnamese way
        cells = dict(zip(header, sheet[2], strict=True))
        self.assertEqual(cells["Ngày kiểm tra gần nhất"].number_format, "DD/MM/YYYY")
        for column in ("X (hướng Bắc, VN-2000)", "Vĩ độ (WGS 84)", "Độ cao (m)"):
            self.assertIsInstance(cells[column].value, (int, float), column)

    def test_every_filter_of_the_list_has_its_column(self):
        columns = set(MarkerResource._meta.fields)
        names = {"post": "post_name", "commune": "commune_name", "overdue": "inspection_overdue"}
        for name in MarkerFilterSet._meta.fields:  # the list's own filters (not the search box)
            if name != "q":
                self.assertIn(names.get(name, name), columns, name)

    def test_the_export_is_in_the_users_language(self):
        self.import_good_rows()
        self.world.a_viewer.language = "en"
        self.world.a_viewer.save(update_fields=["language"])
        self.login(self.world.a_viewer)
        sheet = sheet_of(self.client.get(LIST, {"export": "xlsx"}).content)
        self.assertEqual(sheet.title, "Border markers")
        header, rows = rows_of(sheet)
        self.assertEqual(
            header[:7],
            [
                "Marker number",
                "Border line",
                "Marker kind",
                "Marker form",
                "Condition",
                "Last inspected on",
                "Inspection overdue",
            ],
        )
        self.assertEqual(
            (rows[0]["Marker kind"], rows[0]["Condition"], rows[0]["Inspection overdue"]),
            ("Main marker", "Intact", "Yes"),
        )
        # the background export too (the worker has no request: it takes the user's language)
        self.client.post(reverse("core:exports"), {"model": "border.Marker", "query": "kind=main", "fmt": "xlsx"})
        export = BackgroundExport.objects.filter(user=self.world.a_viewer).latest("pk")
        self.assertEqual(export.status, "done", export.error)
        content = b"".join(self.client.get(reverse("core:export_download", args=[export.pk])).streaming_content)
        header, rows = rows_of(sheet_of(content))
        self.assertEqual(header[0], "Marker number")
        self.assertEqual([row["Marker number"] for row in rows], ["1116", "1117"])

    def test_queries_do_not_grow_with_the_rows(self):
        self.import_good_rows()
        # the one marker names a segment too: whether the reader may open the segments a chunk names is one
        # query (core.naming), present in both counts
        first = BorderSegment.objects.create(code="S-1199", name="Đoạn", post=self.world.a, geometry=LINE)
        Marker.objects.filter(kind="secondary").update(segment=first)
        self.login(self.world.a_viewer)
        self.client.get(LIST, {"export": "xlsx"})  # warm-up: per-process caches are not per-row queries
        with CaptureQueriesContext(connection) as few:
            self.client.get(LIST, {"export": "xlsx", "kind": "secondary"})  # one marker
        for number in range(1200, 1210):  # each with its own commune and segment
            commune = Area.objects.create(
                code=f"9{number}", name=f"Xã {number}", kind="commune", is_border_commune=True
            )
            segment = BorderSegment.objects.create(code=f"S-{number}", name="Đoạn", post=self.world.a, geometry=LINE)
            Marker.objects.create(
                number=f"{number}/1",
                kind="secondary",
                post=self.world.a,
                commune=commune,
                segment=segment,
                last_inspected_on=datetime.date(2025, 7, 1),
            )
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(LIST, {"export": "xlsx", "kind": "secondary"})
        self.assertEqual(len(rows_of(sheet_of(response.content))[1]), 11)
        self.assertEqual(len(few), len(many), [query["sql"] for query in many.captured_queries])


class TestMarkerExportImportsBack(MarkerExportTestCase):
    def snapshot(self):
        fields = ("number", "kind", "form", "material", "vn2000_x", "vn2000_y", "vn2000_grid", "elevation_m")
        more = ("latitude", "longitude", "commune_id", "post_id", "note", "condition", "last_inspected_on")
        return {m.number: tuple(getattr(m, f) for f in fields + more) for m in Marker.objects.all()}

    def test_an_exported_file_imports_back_unchanged(self):
        markers = self.import_good_rows()
        self.inspect(markers["1117"], "displaced", days_ago=3)
        wgs84 = Marker(number="1119", post=self.world.a, latitude=Decimal("21.95"), longitude=Decimal("106.7"))
        wgs84.full_clean()
        wgs84.save()
        before = self.snapshot()
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                export = self.client.get(LIST, {"export": fmt})
                upload = SimpleUploadedFile(f"moc.{fmt}", export.content)
                response = self.client.post(self.url, {"file": upload, "grid": "EPSG:9215"}, follow=True)
                self.assertEqual(response.context["job"].status, "previewed", response.context.get("errors"))
                self.assertEqual([row[0] for row in response.context["preview"]], ["update"] * 4)
                self.assertEqual(self.confirm().status_code, 302)
                self.assertEqual(self.snapshot(), before)

    def test_errors_name_the_column_as_the_file_heads_it(self):
        self.login(self.world.a_reporter)
        with translation.override("vi"):
            headers = [MarkerResource().column_header(column) for column in ("number", "kind", "x", "y", "post")]
        rows = [["1116", "Mốc chính", 2414000, 470000, "T-A"], ["1117", "Mốc chính", 2420000, "abc", "T-A"]]
        response = self.upload(rows, headers=headers)
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(3, "Y (hướng Đông, VN-2000)")])
        # English labels and the column names are read as well, in any case and spacing
        self.upload(
            GOOD[:1],
            headers=["Marker  NUMBER", "kind", "X (northing, VN-2000)", "y", "elevation", "Mã xã", "post", "note"],
        )
        self.assertEqual(self.confirm().status_code, 302)
        self.assertEqual(Marker.objects.get().commune, self.commune)

    def test_a_column_given_twice_is_refused(self):
        self.login(self.world.a_reporter)
        response = self.client.post(
            self.url,
            {"file": xlsx([["1116", "1116", "T-A"]], headers=["number", "Số hiệu mốc", "post"]), "grid": "EPSG:9215"},
            follow=True,
        )
        self.assertRefused(response)
        self.assertEqual(response.context["errors"][0][0], 1)
        self.assertIn("Số hiệu mốc", response.context["errors"][0][2])
        self.assertFalse(Marker.objects.exists())
