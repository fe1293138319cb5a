"""National scale (issue 15): one deployment holds every border province, and each land border numbers its markers
from 1. A marker is identified by its border line and its number; its position is checked against its post's
province, not a fixed box."""

import io
from decimal import Decimal
from io import StringIO

import openpyxl
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from phoihop.border import coordinates, markers
from phoihop.border.choices import BorderLine
from phoihop.border.models import NUMBER_TAKEN, Marker
from phoihop.border.resources import MarkerResource
from phoihop.border.tests.test_import import ImportTestCase, marker_history, xlsx
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Area, Organisation

ADD = reverse("border:marker_add")
LIST = reverse("border:marker_list")
API = "/api/border/markers/"
IN_LANG_SON = {"latitude": Decimal("21.95"), "longitude": Decimal("106.70")}
IN_CAO_BANG = {"latitude": Decimal("22.67"), "longitude": Decimal("106.25")}
IN_HO_CHI_MINH_CITY = {"latitude": Decimal("10.77"), "longitude": Decimal("106.70")}
IN_BANGKOK = {"latitude": Decimal("13.75"), "longitude": Decimal("100.50")}


def vi(message, **params):
    with translation.override("vi"):
        text = str(message)
    return text % params if params else text


def make_marker(post, number, line=BorderLine.CN, position=IN_LANG_SON):
    marker = Marker(post=post, number=number, border_line=line, **position)
    marker.full_clean()
    marker.save()
    return marker


def fresh(organisation):
    """The organisation read again: the province's box is kept on an instance (``coordinates.province_bounds``)."""
    return Organisation.objects.get(pk=organisation.pk)


class TestNumbersPerLine(WorldMixin, TestCase):
    def test_the_same_number_on_two_lines_is_two_markers(self):
        make_marker(self.world.a, "12", BorderLine.CN)
        make_marker(self.world.a, "12", BorderLine.LA)
        make_marker(self.world.b, "12", BorderLine.KH)
        self.assertEqual(
            sorted(Marker.objects.values_list("border_line", "number")), [("CN", "12"), ("KH", "12"), ("LA", "12")]
        )

    def test_twice_on_one_line_is_an_error_of_the_number(self):
        make_marker(self.world.a, "12", BorderLine.LA)
        twin = Marker(post=self.world.b, number="0012", border_line=BorderLine.LA, **IN_LANG_SON)
        with self.assertRaises(ValidationError) as caught:
            twin.full_clean()
        self.assertEqual(list(caught.exception.error_dict), ["number"])
        error = caught.exception.error_dict["number"][0]
        self.assertEqual(error.code, NUMBER_TAKEN)
        self.assertEqual(vi(error.message), "Đường biên giới này đã có mốc số này.")
        # a deleted marker's number is free again
        Marker.objects.filter(border_line=BorderLine.LA).update(deleted_at=timezone.now())
        twin.full_clean()

    def test_existing_markers_and_a_marker_without_a_line_are_on_the_vietnam_china_line(self):
        self.assertEqual(Marker._meta.get_field("border_line").db_default, BorderLine.CN)
        marker = Marker(post=self.world.a, number="1116", **IN_LANG_SON)
        marker.full_clean()
        self.assertEqual(marker.border_line, BorderLine.CN)

    def test_the_labels_are_vietnamese(self):
        with translation.override("vi"):
            self.assertEqual(
                [str(label) for label in BorderLine.labels],
                ["Việt Nam – Trung Quốc", "Việt Nam – Lào", "Việt Nam – Campuchia"],
            )
            self.assertEqual(str(Marker._meta.get_field("border_line").verbose_name), "đường biên giới")


class TestCapsPerLine(WorldMixin, TestCase):
    def clean(self, number, line):
        marker = Marker(post=self.world.a, number=number, border_line=line, **IN_LANG_SON)
        marker.full_clean()
        return marker

    def test_1379_is_refused_on_the_vietnam_china_line_and_accepted_on_the_others(self):
        with self.assertRaises(ValidationError) as caught:
            self.clean("1379", BorderLine.CN)
        error = caught.exception.error_dict["number"][0]
        self.assertEqual(error.code, "main_range")
        with translation.override("en"):
            self.assertIn("Vietnam–China border", ValidationError(error).messages[0])
        self.assertEqual(self.clean("1378", BorderLine.CN).sort_key, "01378.00.0")
        for line in (BorderLine.LA, BorderLine.KH):
            self.assertEqual(self.clean("1379", line).sort_key, "01379.00.0")
            self.assertEqual(self.clean("99999/2(1)", line).kind, "secondary")

    def test_other_lines_are_capped_by_the_sort_key_only_with_a_generic_message(self):
        self.assertEqual(markers.max_main_for(BorderLine.CN), 1378)
        self.assertEqual(markers.max_main_for(BorderLine.LA), markers.MAX_SORTABLE_MAIN_NUMBER)
        self.assertEqual(markers.max_main_for(BorderLine.KH), 99999)
        with self.assertRaises(ValidationError) as caught:
            self.clean("100000", BorderLine.LA)
        error = caught.exception.error_dict["number"][0]
        self.assertEqual(error.code, "main_range")
        text = vi(error.message) % error.params
        self.assertEqual(text, "Mốc chính được đánh số từ 1 đến 99999; số 100000 nằm ngoài phạm vi này.")
        self.assertNotIn("Trung Quốc", text)

    def test_the_parser_takes_the_line(self):
        self.assertEqual(markers.parse_marker_number("2000", border_line=BorderLine.KH).main, 2000)
        with self.assertRaises(ValidationError):
            markers.parse_marker_number("2000", border_line=BorderLine.CN)
        with self.assertRaises(ValidationError):
            markers.parse_marker_number("2000")  # no line: the Vietnam–China cap, as before
        self.assertEqual(markers.sort_key("5000"), "05000.00.0")  # the form of a number, whatever its line


class TestFormAPIAndFilter(WorldMixin, TestCase):
    def post_form(self, number, line=None, position=IN_LANG_SON):
        data = {"number": number, "post": self.world.a.pk, **{k: str(v).replace(".", ",") for k, v in position.items()}}
        if line is not None:
            data["border_line"] = line
        return self.client.post(ADD, data)

    def test_form(self):
        self.login(self.world.a_reporter)
        page = self.client.get(ADD)
        self.assertContains(page, 'name="border_line"')
        self.assertEqual(page.context["form"]["border_line"].value(), BorderLine.CN)
        self.assertEqual(self.post_form("1116", BorderLine.CN).status_code, 302)
        self.assertEqual(self.post_form("1116", BorderLine.LA).status_code, 302)
        response = self.post_form("1116")  # a post without a line: Vietnam–China, where 1116 is taken
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["number"], ["Đường biên giới này đã có mốc số này."])
        self.assertEqual(response.context["form"].non_field_errors(), [])
        self.assertEqual(self.post_form("1379", BorderLine.CN).status_code, 400)
        self.assertEqual(self.post_form("1379", BorderLine.KH).status_code, 302)
        lines_and_numbers = sorted(Marker.objects.values_list("border_line", "number"))
        self.assertEqual(lines_and_numbers, [("CN", "1116"), ("KH", "1379"), ("LA", "1116")])

    def test_editing_without_the_line_keeps_it(self):
        marker = make_marker(self.world.a, "7", BorderLine.LA)
        self.login(self.world.a_reporter)
        data = {"number": "7", "post": self.world.a.pk, "latitude": "21,95", "longitude": "106,7", "note": "sửa"}
        response = self.client.post(reverse("border:marker_edit", args=[marker.pk]), {**data, "version": 1})
        self.assertEqual(response.status_code, 302)
        marker.refresh_from_db()
        self.assertEqual((marker.border_line, marker.note), (BorderLine.LA, "sửa"))

    def test_api(self):
        api = APIClient()
        api.force_authenticate(self.world.a_reporter)
        data = {"number": "1116", "latitude": "21.95", "longitude": "106.7", "post": self.world.a.pk}
        created = api.post(API, data, format="json")
        self.assertEqual(created.status_code, 201, created.content)
        self.assertEqual(created.json()["border_line"], "CN")
        self.assertEqual(api.post(API, {**data, "border_line": "LA"}, format="json").status_code, 201)
        twice = api.post(API, {**data, "border_line": "CN"}, format="json")
        self.assertEqual(twice.status_code, 400)
        self.assertEqual(twice.json(), {"number": ["Đường biên giới này đã có mốc số này."]})
        self.assertEqual(api.post(API, {**data, "number": "1379"}, format="json").status_code, 400)
        self.assertEqual(api.post(API, {**data, "number": "1379", "border_line": "KH"}, format="json").status_code, 201)
        bad = api.post(API, {**data, "number": "5", "border_line": "TH"}, format="json")
        self.assertEqual(bad.status_code, 400)
        self.assertIn("border_line", bad.json())
        # the one filter definition: the API and the list page
        lao = api.get(API, {"border_line": "LA"}).json()["results"]
        self.assertEqual([(row["border_line"], row["number"]) for row in lao], [("LA", "1116")])
        self.login(self.world.a_viewer)
        page = self.client.get(LIST, {"border_line": "KH"})
        self.assertEqual([row.record.number for row in page.context["table"].paginated_rows], ["1379"])
        detail = self.client.get(reverse("border:marker_detail", args=[lao[0]["id"]]))
        self.assertContains(detail, "Việt Nam – Lào")


class TestPositionByProvince(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        # Cao Bằng with a box of its own, Lạng Sơn (code 20) without one
        cls.cao_bang = Area.objects.create(
            code="04",
            name="Cao Bằng",
            kind="province",
            min_latitude=Decimal("22.3"),
            max_latitude=Decimal("23.1"),
            min_longitude=Decimal("105.25"),
            max_longitude=Decimal("106.85"),
        )
        cls.lang_son = Area.objects.create(code="20", name="Lạng Sơn", kind="province")
        cls.tra_linh = Area.objects.create(code="01279", name="Xã Trà Lĩnh", kind="commune", parent=cls.cao_bang)
        cls.ba_son = Area.objects.create(code="06196", name="Xã Ba Sơn", kind="commune", parent=cls.lang_son)

    def position_error(self, post, position):
        marker = Marker(post=fresh(post), number="100", **position)
        try:
            marker.full_clean()
        except ValidationError as error:
            return vi(error.message_dict["latitude"][0]) if "latitude" in error.message_dict else None
        return None

    def test_a_province_with_its_own_box(self):
        self.world.a.areas.add(self.tra_linh)  # the post works in a commune of Cao Bằng
        self.assertEqual(coordinates.bounds_for(fresh(self.world.a)), coordinates.Bounds(22.3, 23.1, 105.25, 106.85))
        self.assertIsNone(self.position_error(self.world.a, IN_CAO_BANG))
        self.assertEqual(self.position_error(self.world.a, IN_LANG_SON), "Vị trí nằm ngoài địa bàn Cao Bằng.")
        # a cell under the post takes the post's province (its nearest ancestor with areas)
        self.assertEqual(self.position_error(self.world.a1, IN_LANG_SON), "Vị trí nằm ngoài địa bàn Cao Bằng.")

    def test_lang_son_without_a_box_keeps_its_known_box(self):
        self.world.province.areas.add(self.lang_son)  # the provincial committee; post A under it has no areas
        self.assertEqual(coordinates.bounds_for(fresh(self.world.a)), coordinates.LANG_SON_BOUNDS)
        self.assertIsNone(self.position_error(self.world.a, IN_LANG_SON))
        self.assertEqual(self.position_error(self.world.a, IN_CAO_BANG), "Vị trí nằm ngoài địa bàn Lạng Sơn.")

    def test_a_post_with_no_province_uses_the_national_box(self):
        self.assertIsNone(coordinates.province_bounds(fresh(self.world.a))[1])
        self.assertEqual(coordinates.bounds_for(fresh(self.world.a)), coordinates.VIETNAM_BOUNDS)
        for position in (IN_LANG_SON, IN_CAO_BANG, IN_HO_CHI_MINH_CITY):
            self.assertIsNone(self.position_error(self.world.a, position))
        self.assertEqual(self.position_error(self.world.a, IN_BANGKOK), "Vị trí nằm ngoài lãnh thổ Việt Nam.")
        self.assertTrue(coordinates.inside_province(8.64, 111.92, coordinates.VIETNAM_BOUNDS))  # Trường Sa Lớn
        self.assertTrue(coordinates.inside_province(23.36, 105.32, coordinates.VIETNAM_BOUNDS))  # Lũng Cú

    def test_the_form_reports_it_at_the_position(self):
        self.world.a.areas.add(self.tra_linh)
        self.login(self.world.a_reporter)
        data = {"number": "100", "post": self.world.a.pk, "latitude": "21,95", "longitude": "106,7"}
        response = self.client.post(ADD, data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["latitude"], ["Vị trí nằm ngoài địa bàn Cao Bằng."])
        self.assertEqual(self.client.post(ADD, {**data, "latitude": "22,67", "longitude": "106,25"}).status_code, 302)

    def test_inside_province_still_defaults_to_lang_son(self):
        self.assertTrue(coordinates.inside_province(21.95, 106.7))
        self.assertFalse(coordinates.inside_province(22.67, 105.5))


class TestProvinceBoundingBox(TestCase):
    def test_all_four_edges_or_none_each_minimum_below_its_maximum(self):
        box = {"min_latitude": 22, "max_latitude": 23, "min_longitude": 105, "max_longitude": 107}
        Area(code="04", name="Cao Bằng", kind="province", **box).full_clean()
        with self.assertRaises(ValidationError) as caught:
            Area(code="04", name="Cao Bằng", kind="province", min_latitude=22).full_clean()
        self.assertEqual(sorted(caught.exception.error_dict), ["max_latitude", "max_longitude", "min_longitude"])
        with self.assertRaises(ValidationError) as caught:
            Area(code="04", name="Cao Bằng", kind="province", **{**box, "max_latitude": 21}).full_clean()
        self.assertEqual(list(caught.exception.error_dict), ["max_latitude"])
        with self.assertRaises(ValidationError) as caught:
            Area(code="01279", name="Xã Trà Lĩnh", kind="commune", **box).full_clean()
        self.assertEqual(list(caught.exception.error_dict), ["min_latitude"])

    def test_load_areas_gives_lang_son_its_box_once(self):
        call_command("load_areas", province="20", stdout=StringIO())
        lang_son = Area.objects.get(code="20")
        self.assertEqual(
            (lang_son.min_latitude, lang_son.max_latitude, lang_son.min_longitude, lang_son.max_longitude),
            (Decimal("21.3"), Decimal("22.5"), Decimal("106.05"), Decimal("107.4")),
        )
        self.assertFalse(Area.objects.exclude(code="20").filter(min_latitude__isnull=False).exists())
        Area.objects.filter(code="20").update(max_longitude=Decimal("107.5"))  # the province corrects its box
        out = StringIO()
        call_command("load_areas", province="20", stdout=out)
        self.assertNotIn("Bounding box", out.getvalue())
        self.assertEqual(Area.objects.get(code="20").max_longitude, Decimal("107.5"))


HEADERS = ["number", "border_line", "latitude", "longitude", "post"]


class TestImportPerLine(ImportTestCase):
    def import_rows(self, rows, headers=HEADERS):
        return self.client.post(self.url, {"file": xlsx(rows, headers=headers), "grid": "EPSG:9215"}, follow=True)

    def test_the_same_number_on_two_lines_is_imported_as_two_markers(self):
        self.login(self.world.a_reporter)
        rows = [
            ["1116", "", 21.95, 106.7, "T-A"],  # blank: Vietnam–China
            ["1116", "Việt Nam – Lào", 21.95, 106.7, "T-A"],  # a label in Vietnamese
            ["1379", "KH", 21.95, 106.7, "T-A"],  # a code; above the Vietnam–China cap
            ["1117", "Vietnam–China", 21.95, 106.7, "T-A"],  # a label in English
        ]
        response = self.import_rows(rows)
        self.assertEqual([row[0] for row in response.context["preview"]], ["new"] * 4, response.context.get("errors"))
        self.assertEqual(self.confirm().status_code, 302)
        self.assertEqual(
            sorted(Marker.objects.values_list("border_line", "number")),
            [("CN", "1116"), ("CN", "1117"), ("KH", "1379"), ("LA", "1116")],
        )
        # the natural key is the line and the number: each row updates its own line's marker
        response = self.import_rows([["1116", "LA", 21.96, 106.7, "T-A"], ["1116", "CN", 21.97, 106.7, "T-A"]])
        self.assertEqual([row[0] for row in response.context["preview"]], ["update", "update"])
        self.assertEqual(self.confirm().status_code, 302)
        self.assertEqual(Marker.objects.get(border_line="LA", number="1116").latitude, Decimal("21.96"))
        self.assertEqual(Marker.objects.get(border_line="CN", number="1116").latitude, Decimal("21.97"))
        # a file without the column is on the Vietnam–China line
        without_line = ["number", "latitude", "longitude", "post"]
        response = self.import_rows([["1116", 21.98, 106.7, "T-A"]], headers=without_line)
        self.assertEqual([row[0] for row in response.context["preview"]], ["update"])
        self.assertEqual(self.confirm().status_code, 302)
        self.assertEqual(Marker.objects.get(border_line="CN", number="1116").latitude, Decimal("21.98"))

    def test_twice_on_one_line_in_the_file_is_refused_on_the_second_row_and_nothing_is_written(self):
        self.login(self.world.a_reporter)
        rows = [
            ["1116", "LA", 21.95, 106.7, "T-A"],
            ["1116", "", 21.95, 106.7, "T-A"],
            ["mốc 01116", "Việt Nam – Lào", 21.95, 106.7, "T-A"],
        ]
        response = self.import_rows(rows)
        self.assertRefused(response)
        self.assertEqual(
            response.context["errors"],
            [
                (
                    4,
                    "number",
                    "Số hiệu mốc 1116 trên đường biên giới Việt Nam – Lào đã có ở dòng 2 của tệp này.",
                )
            ],
        )
        self.assertFalse(Marker.all_objects.exists())
        self.assertFalse(marker_history().exists())

    def test_a_number_another_post_has_on_the_same_line_is_refused_on_another_line_accepted(self):
        make_marker(self.world.b, "1116", BorderLine.LA)
        self.login(self.world.a_reporter)
        response = self.import_rows([["1116", "CN", 21.95, 106.7, "T-A"], ["1116", "LA", 21.95, 106.7, "T-A"]])
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(3, "number")])
        self.assertIn("Việt Nam – Lào", response.context["errors"][0][2])
        self.assertEqual(Marker.objects.count(), 1)
        response = self.import_rows([["1116", "CN", 21.95, 106.7, "T-A"]])
        self.assertEqual([row[0] for row in response.context["preview"]], ["new"])

    def test_a_line_that_is_not_one_is_reported_in_its_column(self):
        self.login(self.world.a_reporter)
        response = self.import_rows([["1116", "Thái Lan", 21.95, 106.7, "T-A"]])
        self.assertRefused(response)
        self.assertEqual(self.errors(response), [(2, "border_line")])

    def test_the_position_is_checked_against_the_posts_province(self):
        self.world.a.areas.add(self.commune)  # Xã Ba Sơn, under Lạng Sơn (code 20): Lạng Sơn's known box
        self.login(self.world.a_reporter)
        response = self.import_rows([["1116", "", 21.95, 106.7, "T-A"], ["1117", "", 10.77, 106.7, "T-A"]])
        self.assertRefused(response)
        self.assertEqual(response.context["errors"], [(3, "latitude", "Vị trí nằm ngoài địa bàn Tỉnh Lạng Sơn.")])

    def test_the_export_has_the_line_by_label_and_imports_back(self):
        make_marker(self.world.a, "1116", BorderLine.CN)
        make_marker(self.world.a, "1116", BorderLine.LA)
        self.login(self.world.a_reporter)
        export = self.client.get(LIST, {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(export.content)).active
        header = [cell.value for cell in sheet[1]]
        self.assertEqual(header[:2], ["Số hiệu mốc", "Đường biên giới"])
        with translation.override("vi"):
            self.assertEqual(header, MarkerResource().get_export_headers())
        self.assertEqual(
            sorted((row[0].value, row[1].value) for row in sheet.iter_rows(min_row=2)),
            [("1116", "Việt Nam – Lào"), ("1116", "Việt Nam – Trung Quốc")],
        )
        upload = SimpleUploadedFile("moc.xlsx", export.content)
        response = self.client.post(self.url, {"file": upload, "grid": "EPSG:9215"}, follow=True)
        self.assertEqual([row[0] for row in response.context["preview"]], ["update", "update"])
