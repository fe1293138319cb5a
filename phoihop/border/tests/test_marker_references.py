"""How a marker is named where its number alone is not enough (each border line numbers its markers from 1): its
name, the picker, the import page, and the "LA-12" form imports read (``border.resources.marker_reference``)."""

from decimal import Decimal

from django.test import SimpleTestCase, TestCase
from django.urls import reverse

from phoihop.border.choices import BorderLine
from phoihop.border.models import Marker
from phoihop.border.resources import marker_code, marker_reference
from phoihop.border.tests.test_pickers import field_param
from phoihop.core.testing.views import WorldMixin


def make_marker(post, number, line=BorderLine.CN):
    marker = Marker(post=post, number=number, border_line=line, latitude=Decimal("21.95"), longitude=Decimal("106.7"))
    marker.full_clean()
    marker.save()
    return marker


class TestReference(SimpleTestCase):
    def test_a_bare_number_or_a_line_and_a_number(self):
        self.assertEqual(marker_reference("979"), (None, "979"))
        self.assertEqual(marker_reference(979.0), (None, "979"))  # a number cell
        self.assertEqual(marker_reference("mốc 0261 (1)"), (None, "261(1)"))
        self.assertEqual(marker_reference("LA-12"), ("LA", "12"))
        self.assertEqual(marker_reference(" kh - 519/2 "), ("KH", "519/2"))
        self.assertEqual(marker_reference("cn-0979"), ("CN", "979"))
        with self.assertRaisesMessage(ValueError, "TH không phải là mã tuyến biên giới"):
            marker_reference("TH-12")

    def test_the_code_an_export_writes(self):
        self.assertEqual(marker_code(Marker(number="979", border_line=BorderLine.CN)), "979")
        self.assertEqual(marker_code(Marker(number="12", border_line=BorderLine.LA)), "LA-12")
        self.assertEqual(marker_code(Marker(number="12", border_line=BorderLine.KH)), "KH-12")


class TestMarkerName(WorldMixin, TestCase):
    def test_a_marker_off_the_vietnam_china_line_names_its_line(self):
        self.assertEqual(str(Marker(number="979", border_line=BorderLine.CN)), "Mốc 979")
        self.assertEqual(str(Marker(number="12", border_line=BorderLine.LA)), "Mốc 12 (Việt Nam – Lào)")
        self.assertEqual(str(Marker(number="12", border_line=BorderLine.KH)), "Mốc 12 (Việt Nam – Campuchia)")

    def test_the_picker_labels_the_line_and_finds_a_line_and_number(self):
        cn = make_marker(self.world.a, "12")
        la = make_marker(self.world.a, "12", BorderLine.LA)
        la_120 = make_marker(self.world.a, "120", BorderLine.LA)
        self.client.force_login(self.world.a_viewer)

        def rows(q):
            response = self.client.get("/pick/marker/", {"q": q, "field": field_param("marker")})
            self.assertEqual(response.status_code, 200)
            return {row["id"]: row["label"] for row in response.json()["results"]}

        self.assertEqual(
            rows("12"),
            {str(cn.pk): "Mốc 12", str(la.pk): "Mốc 12 (Việt Nam – Lào)", str(la_120.pk): "Mốc 120 (Việt Nam – Lào)"},
        )
        self.assertEqual(set(rows("LA-12")), {str(la.pk), str(la_120.pk)})
        self.assertEqual(set(rows("cn-12")), {str(cn.pk)})

    def test_the_import_page_says_numbers_are_per_line_and_names_the_column(self):
        self.client.force_login(self.world.a_reporter)
        response = self.client.get(reverse("border:marker_import"))
        self.assertContains(
            response,
            "Số hiệu mốc được đánh theo từng tuyến biên giới: mỗi tuyến (Việt Nam – Trung Quốc, Việt Nam – Lào, "
            "Việt Nam – Campuchia) đánh số mốc từ 1. Cột <code>border_line</code> ghi tuyến",
        )
