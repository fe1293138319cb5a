"""Marker import from .xlsx/.csv with VN-2000 coordinates: upload → preview → confirm, one grid per file."""

import io
from decimal import Decimal

import openpyxl
from django.conf import settings
from django.contrib.contenttypes.models import ContentType
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse
from django.utils import translation
from pyproj import Transformer

from phoihop.audit.models import ChangeRecord
from phoihop.border import coordinates, markers
from phoihop.border.importing import AXES_NOTE
from phoihop.border.models import Marker
from phoihop.border.resources import MarkerResource
from phoihop.core.models import BackgroundImport
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Area

HEADERS = ["number", "kind", "x", "y", "elevation", "commune", "post", "note"]
# Three points in Lạng Sơn on VN-2000 / TM-3 107-15 (X = northing, Y = easting)
GOOD = [
    ["1116", "", 2414000, 470000, 350.5, "06196", "T-A", "Mốc chính"],
    ["1117", "", 2420000, 480000, "", "06196", "T-A", ""],
    ["1118/2", "", 2430000, 460000, "", "", "T-A", ""],
]


def helmert_pipeline(central_meridian):
    """VN-2000 TM-3 grid → WGS 84, written out independently of phoihop.border.coordinates: the inverse Transverse
    Mercator (k = 0.9999, false easting 500 km) and the QĐ 05/2007/QĐ-BTNMT 7-parameter shift (coordinate frame)."""
    return Transformer.from_pipeline(
        "+proj=pipeline "
        f"+step +inv +proj=tmerc +lat_0=0 +lon_0={central_meridian} +k=0.9999 +x_0=500000 +y_0=0 +ellps=WGS84 "
        "+step +proj=cart +ellps=WGS84 "
        "+step +proj=helmert +x=-191.90441429 +y=-39.30318279 +z=-111.45032835 "
        "+rx=-0.00928836 +ry=0.01975479 +rz=-0.00427372 +s=0.252906278 +convention=coordinate_frame "
        "+step +inv +proj=cart +ellps=WGS84 "
        "+step +proj=unitconvert +xy_in=rad +xy_out=deg"
    )


def expected_wgs84(x_northing, y_easting, central_meridian=107.25):
    lon, lat, *_h = helmert_pipeline(central_meridian).transform(y_easting, x_northing, 0)
    return lat, lon


def xlsx(rows, headers=HEADERS, name="moc.xlsx"):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(headers)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return SimpleUploadedFile(name, buffer.getvalue())


def marker_history():
    return ChangeRecord.objects.filter(content_type=ContentType.objects.get_for_model(Marker))


def vi(message):
    with translation.override("vi"):
        return str(message)


class ImportTestCase(WorldMixin, TestCase):
    url = reverse("border:marker_import")

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        province = Area.objects.create(code=settings.PHOIHOP_PROVINCE_CODE, name="Tỉnh Lạng Sơn", kind="province")
        cls.commune = Area.objects.create(
            code="06196", name="Xã Ba Sơn", kind="commune", parent=province, is_border_commune=True
        )

    def upload(self, rows, grid=coordinates.DEFAULT_GRID, **kwargs):
        return self.client.post(self.url, {"file": xlsx(rows, **kwargs), "grid": grid}, follow=True)

    def confirm(self):
        job = BackgroundImport.objects.latest("pk")
        return self.client.post(reverse("border:marker_import_job", args=[job.pk]), {"confirm": "1"})

    def assertRefused(self, response):
        """The background check refused the file: the import's page lists the errors, nothing is importable."""
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["job"].status, "invalid")
        self.assertNotContains(response, 'data-testid="confirm-import"')

    def errors(self, response):
        return [(row, field) for row, field, _message in response.context["errors"]]


class TestMarkerImport(ImportTestCase):
    def test_form_offers_the_grids_and_explains_x_and_y(self):
        self.login(self.world.a_reporter)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["form"]["grid"].value(), "EPSG:9215")
        self.assertEqual(
            [code for code, _label in response.context["form"].fields["grid"].choices], list(coordinates.GRIDS)
        )
        self.assertContains(response, f'<div class="alert alert-info" data-testid="axes-note">{vi(AXES_NOTE)}</div>')
        with translation.override("en"):
            self.assertIn("X is the northing (about 2,400,000 m here)", str(AXES_NOTE))

    def test_swapped_row_is_refused_by_row_and_column_and_nothing_is_written(self):
        self.login(self.world.a_reporter)
        rows = [GOOD[0], ["1117", "", 480000, 2420000, "", "06196", "T-A", ""], GOOD[2]]
        response = self.upload(rows)
        self.assertRefused(response)
        self.assertEqual(response.context["errors"], [(3, "x", vi(coordinates.MSG_SWAPPED))])
        self.assertFalse(Marker.all_objects.exists())
        self.assertFalse(marker_history().exists())
        self.assertEqual(BackgroundImport.objects.get().preview, [])

    def test_fixed_file_preview_then_confirm_creates_markers_in_wgs84(self):
        self.login(self.world.a_reporter)
        response = self.upload(GOOD)
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row[0] for row in response.context["preview"]], ["new", "new", "new"])
        self.assertEqual(BackgroundImport.objects.get().options, {"grid": "EPSG:9215"})
        self.assertFalse(Marker.objects.exists())  # the preview writes nothing

        response = self.confirm()
        self.assertRedirects(response, reverse("border:marker_list"), fetch_redirect_response=False)
        self.assertEqual(Marker.objects.count(), 3)
        for number, _kind, x, y, *_rest in GOOD:
            marker = Marker.objects.get(number=number)
            lat, lon = expected_wgs84(x, y)
            self.assertAlmostEqual(float(marker.latitude), lat, delta=1e-6)
            self.assertAlmostEqual(float(marker.longitude), lon, delta=1e-6)
            self.assertEqual(marker.vn2000_grid, "EPSG:9215")
            self.assertEqual((marker.vn2000_x, marker.vn2000_y), (Decimal(x), Decimal(y)))
            self.assertEqual(marker.post, self.world.a)
            self.assertEqual(marker.created_by, self.world.a_reporter)
        first = Marker.objects.get(number="1116")
        self.assertEqual((first.commune, first.elevation_m, first.kind), (self.commune, Decimal("350.50"), "main"))
        self.assertEqual(Marker.objects.get(number="1118/2").kind, "secondary")
        self.assertEqual(marker_history().count(), 3)  # saved through record_save: history for each

    def test_chosen_grid_is_kept_for_the_confirm_step_and_changes_the_result(self):
        self.login(self.world.a_reporter)
        self.assertEqual(self.upload(GOOD[:1], grid="EPSG:9214").status_code, 200)
        self.assertContains(self.client.get(self.url), "EPSG:9215")  # a new upload starts from the default again
        self.assertEqual(self.confirm().status_code, 302)  # the POST carries no grid: it comes from the import
        marker = Marker.objects.get(number="1116")
        self.assertEqual(marker.vn2000_grid, "EPSG:9214")
        lat, lon = expected_wgs84(2414000, 470000, central_meridian=107.0)
        self.assertAlmostEqual(float(marker.latitude), lat, delta=1e-6)
        self.assertAlmostEqual(float(marker.longitude), lon, delta=1e-6)
        _lat, lon_on_9215 = expected_wgs84(2414000, 470000)
        self.assertGreater(lon_on_9215 - float(marker.longitude), 0.2)  # a quarter of a degree further west

    def test_unknown_grid_is_a_form_error(self):
        self.login(self.world.a_reporter)
        response = self.upload(GOOD, grid="EPSG:4326")
        self.assertEqual(response.status_code, 400)
        self.assertIn("grid", response.context["form"].errors)
        self.assertFalse(Marker.objects.exists())

    def test_duplicate_numbers_in_the_file_are_refused_on_the_second_row(self):
        self.login(self.world.a_reporter)
        rows = [
            GOOD[0],
            ["mốc 0261 (1)", "", 2420000, 480000, "", "", "T-A", ""],
            [" 261(1)", "", "", "", "", "", "T-A"],
        ]
        response = self.upload(rows)
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(4, "number")])
        self.assertIn("3", response.context["errors"][0][2])  # names the row of the first occurrence
        self.assertFalse(Marker.objects.exists())

    def test_number_of_another_posts_marker_is_refused_never_updated(self):
        other = Marker(number="1116", post=self.world.b, latitude=Decimal("21.9"), longitude=Decimal("106.8"))
        other.full_clean()
        other.save()
        self.login(self.world.a_reporter)
        response = self.upload(GOOD)
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(2, "number")])
        other.refresh_from_db()
        self.assertEqual((other.post, other.latitude, other.vn2000_x), (self.world.b, Decimal("21.900000"), None))
        self.assertEqual(Marker.objects.count(), 1)

    def test_a_row_updates_the_importers_own_marker(self):
        own = Marker(number="1116", post=self.world.a, latitude=Decimal("21.9"), longitude=Decimal("106.8"))
        own.full_clean()
        own.save()
        self.login(self.world.a_reporter)
        response = self.upload([["1116", "", 2414000, 470000, "", "", "T-A", "Đo lại"]])
        self.assertEqual([row[0] for row in response.context["preview"]], ["update"])
        self.assertEqual(self.confirm().status_code, 302)
        own.refresh_from_db()
        self.assertEqual((own.vn2000_x, own.note, own.version), (Decimal("2414000.000"), "Đo lại", 2))
        self.assertAlmostEqual(float(own.latitude), expected_wgs84(2414000, 470000)[0], delta=1e-6)
        self.assertEqual(Marker.objects.count(), 1)

    def test_outsider_cannot_import_into_a_post_they_do_not_manage(self):
        self.login(self.world.b_admin)  # admin of commune B, outside post A
        response = self.upload(GOOD[:1])
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(2, "post")])
        self.assertIn("T-A", response.context["errors"][0][2])
        self.assertFalse(Marker.objects.exists())

    def test_viewer_may_not_import(self):
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.get(self.url).status_code, 403)

    def test_bad_cells_are_reported_by_row_and_column(self):
        self.login(self.world.a_reporter)
        rows = [
            ["1116", "", 2414000, 470000, "", "99999", "T-A", ""],  # unknown commune
            ["11//6", "", 2420000, 480000, "", "", "T-A", ""],  # malformed number
            ["1117", "", 2414000, 470000, "", "", "T-X", ""],  # unknown post
            ["1118", "", 1414000, 470000, "", "", "T-A", ""],  # outside the grid's area
            ["1119", "", "2414000", "", "", "", "T-A", ""],  # Y missing
            ["1120", "", "2 414 000,5", "abc", "", "", "T-A", ""],  # Y not a number
            ["1121", "nonsense", "", "", "", "", "T-A", ""],  # kind not a choice
        ]
        response = self.upload(rows)
        self.assertRefused(response)
        self.assertEqual(
            self.errors(response),
            [(2, "commune"), (3, "number"), (4, "post"), (5, "x"), (6, "y"), (7, "y"), (8, "kind")],
        )
        messages = {(row, field): message for row, field, message in response.context["errors"]}
        with translation.override("vi"):
            self.assertEqual(
                messages[(3, "number")], str(markers.MSG_INVALID) % {"value": "11//6"}
            )  # one message, not the parser's and the model's
        self.assertFalse(Marker.objects.exists())

    def test_position_outside_the_province_is_refused(self):
        self.world.a.areas.add(self.commune)  # post A works in Lạng Sơn: its markers are checked against its box
        self.login(self.world.a_reporter)
        headers = ["number", "latitude", "longitude", "post"]
        rows = [["1116", 21.9, 106.8, "T-A"], ["1117", 10.77, 106.7, "T-A"]]
        response = self.client.post(self.url, {"file": xlsx(rows, headers=headers), "grid": "EPSG:9215"}, follow=True)
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(3, "latitude")])
        # on the grid: X/Y inside the grid's area but converted outside the province → reported on "x"
        rows = [["1118", "", 2305000, 340000, "", "", "T-A", ""]]
        response = self.upload(rows)
        self.assertEqual(self.errors(response), [(2, "x")])

    def test_nothing_is_written_when_a_row_fails_at_confirm(self):
        self.login(self.world.a_reporter)
        self.assertEqual(self.upload(GOOD).status_code, 200)
        # between the preview and the confirmation, another post registers the third number
        taken = Marker(number="1118/2", post=self.world.b)
        taken.full_clean()
        taken.save()
        response = self.confirm()
        self.assertEqual(response.status_code, 302)
        response = self.client.get(response["Location"])
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(4, "number")])
        self.assertEqual(list(Marker.objects.values_list("number", flat=True)), ["1118/2"])
        self.assertFalse(marker_history().filter(actor=self.world.a_reporter).exists())

    def test_a_confirmation_without_its_import_asks_for_the_file_again(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url, {"confirm": "1"})
        self.assertRedirects(response, self.url, fetch_redirect_response=False)

    def test_an_import_is_seen_and_confirmed_by_its_own_user_only(self):
        self.login(self.world.a_reporter)
        self.assertEqual(self.upload(GOOD).status_code, 200)
        job = BackgroundImport.objects.get()
        page = reverse("border:marker_import_job", args=[job.pk])
        self.login(self.world.a_admin)  # same post, may import markers too, but not this user's import
        self.assertEqual(self.client.get(page).status_code, 404)
        self.assertEqual(self.client.post(page, {"confirm": "1"}).status_code, 404)
        self.assertFalse(Marker.objects.exists())
        job.refresh_from_db()
        self.assertEqual(job.status, "previewed")

    def test_csv_with_vietnamese_numbers_and_wgs84_rows(self):
        self.login(self.world.a_reporter)
        content = b"number;x;y;latitude;longitude;post\n1116;2.414.000,25;470.000,5;;;T-A\n1117;;;21,95;106,7;T-A\n"
        upload = SimpleUploadedFile("moc.csv", content)
        self.assertEqual(
            self.client.post(self.url, {"file": upload, "grid": "EPSG:9215"}, follow=True).status_code, 200
        )
        self.assertEqual(self.confirm().status_code, 302)
        on_grid = Marker.objects.get(number="1116")
        self.assertEqual((on_grid.vn2000_x, on_grid.vn2000_y), (Decimal("2414000.250"), Decimal("470000.500")))
        wgs84 = Marker.objects.get(number="1117")
        self.assertEqual((wgs84.latitude, wgs84.longitude, wgs84.vn2000_grid), (Decimal("21.95"), Decimal("106.7"), ""))

    def test_an_export_on_another_grid_cannot_be_reimported_on_the_wrong_grid(self):
        self.login(self.world.a_reporter)
        self.upload(GOOD[:1], grid="EPSG:9214")
        self.confirm()
        export = self.client.get(reverse("border:marker_list"), {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
        header = [cell.value for cell in sheet[1]]
        with translation.override("vi"):
            self.assertEqual(header, MarkerResource().get_export_headers())
        row = dict(zip(header, [cell.value for cell in sheet[2]], strict=True))
        self.assertEqual(
            (row["Số hiệu mốc"], row["X (hướng Bắc, VN-2000)"], row["Mã đồn biên phòng phụ trách"]),
            ("1116", 2414000, "T-A"),
        )
        self.assertEqual(row["Hệ tọa độ VN-2000"], "EPSG:9214")
        response = self.client.post(
            self.url, {"file": SimpleUploadedFile("export.xlsx", export.content), "grid": "EPSG:9215"}, follow=True
        )
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(2, "Hệ tọa độ VN-2000")])  # the column as the file heads it
        response = self.client.post(
            self.url, {"file": SimpleUploadedFile("export.xlsx", export.content), "grid": "EPSG:9214"}, follow=True
        )
        self.assertEqual([row[0] for row in response.context["preview"]], ["update"])
