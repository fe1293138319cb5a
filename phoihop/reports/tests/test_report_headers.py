"""The header lines derived from the organisation tree (36-HD for Party bodies, NĐ 30 for state bodies): the
superior line, the issuing body, the place (địa danh) by the level of the body's areas and the number's symbol; and
the same lines in the rendered .docx."""

import datetime
import io

from django.test import TestCase
from django.utils import translation
from docx import Document

from phoihop.accounts.models import User
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area, Organisation, OrganisationKind
from phoihop.reports import compose
from phoihop.reports.document import SectionContent
from phoihop.reports.formats import render_docx
from phoihop.reports.models import Report, ReportTemplate
from phoihop.reports.registers import register_take_number
from phoihop.reports.sections import ReportContext, Section

D = datetime.date


class OneSection(Section):
    key = "one"
    title = "One"

    def compute(self, ctx):
        return {}

    def render(self, ctx, figures):
        return SectionContent(key="one", heading="Phần một", paragraphs=["Nội dung."])


def header(organisation):
    parent = compose.parent_body(organisation)
    return parent, compose.issuing_body(organisation, parent, compose.place_of(organisation))


class TestHeaders(TestCase):
    @classmethod
    def setUpTestData(cls):
        def kind(code, abbreviation, party):
            return OrganisationKind.objects.create(code=code, name=code, abbreviation=abbreviation, is_party_body=party)

        tu, office, du = kind("tu", "TU", True), kind("vptu", "VPTU", True), kind("du", "ĐU BĐBP", True)
        bch, post, cell = kind("bch", "BCH BĐBP", False), kind("post", "ĐBP", False), kind("cell", "CB đồn", True)
        hu, dux = kind("hu", "HU", True), kind("dux", "ĐU xã", True)

        def area(code, name, area_kind, parent=None):
            return Area.objects.create(code=code, name=name, kind=area_kind, parent=parent)

        province = area("20", "Tỉnh Lạng Sơn", AreaKind.PROVINCE)
        district = area("20-H", "Huyện Cao Lộc (đã giải thể)", AreaKind.DISTRICT, province)
        tan_thanh = area("20-1", "Xã Tân Thanh", AreaKind.COMMUNE, province)
        dong_dang = area("20-2", "Xã Đồng Đăng", AreaKind.COMMUNE, district)
        ba_son = area("20-3", "Xã Ba Sơn", AreaKind.COMMUNE, province)
        mau_son = area("20-4", "Xã Mẫu Sơn", AreaKind.COMMUNE, province)
        village = area("20-3-1", "Thôn Khòn Pổ", AreaKind.VILLAGE, ba_son)

        def org(code, name, org_kind, parent=None, areas=(), **extra):
            organisation = Organisation.objects.create(code=code, name=name, kind=org_kind, parent=parent, **extra)
            organisation.areas.set(areas)
            return organisation

        cls.tu = org("TU", "Tỉnh ủy Lạng Sơn", tu, areas=[province])
        cls.office = org("VPTU", "Văn phòng Tỉnh ủy Lạng Sơn", office, cls.tu)
        cls.du = org("DU", "Đảng ủy Bộ đội Biên phòng tỉnh Lạng Sơn", du, areas=[province])
        cls.bch = org(
            "BCH",
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn",
            bch,
            cls.du,
            areas=[province],
            superior_body_name="Bộ Tư lệnh Bộ đội Biên phòng",
        )
        cls.post = org("DBP-BS", "Đồn Biên phòng Ba Sơn", post, cls.bch, areas=[ba_son, mau_son])
        cls.village_post = org("DBP-KP", "Đồn Biên phòng Khòn Pổ", post, cls.bch, areas=[village])
        cls.cell = org("CB-KP", "Chi bộ Đồn Biên phòng Khòn Pổ", cell, cls.village_post)
        cls.huyen_uy = org("HU", "Huyện ủy Cao Lộc", hu, cls.tu, areas=[district])
        cls.dong_dang = org("DUX-DD", "Đảng ủy xã Đồng Đăng", dux, cls.huyen_uy, areas=[dong_dang])
        cls.tan_thanh = org("DUX-TT", "Đảng ủy xã Tân Thanh", dux, cls.tu, areas=[tan_thanh])
        cls.user = User.objects.create_user(username="u", password="x")

    def test_the_provincial_committee_has_no_superior_line(self):
        self.assertEqual(header(self.tu), ("", "TỈNH ỦY LẠNG SƠN"))
        self.assertEqual(compose.place_of(self.tu), "Lạng Sơn")

    def test_lower_party_bodies_are_placed_under_the_party_organisation_above(self):
        self.assertEqual(header(self.du), ("ĐẢNG BỘ TỈNH LẠNG SƠN", "ĐẢNG ỦY BỘ ĐỘI BIÊN PHÒNG TỈNH"))
        self.assertEqual(header(self.huyen_uy), ("ĐẢNG BỘ TỈNH LẠNG SƠN", "HUYỆN ỦY CAO LỘC"))
        self.assertEqual(header(self.dong_dang), ("ĐẢNG BỘ HUYỆN CAO LỘC", "ĐẢNG ỦY XÃ ĐỒNG ĐĂNG"))
        self.assertEqual(header(self.tan_thanh), ("ĐẢNG BỘ TỈNH LẠNG SƠN", "ĐẢNG ỦY XÃ TÂN THANH"))
        self.assertEqual(
            header(self.cell), ("ĐẢNG BỘ BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN", "CHI BỘ ĐỒN BIÊN PHÒNG KHÒN PỔ")
        )

    def test_an_organ_of_a_committee_is_placed_under_the_committee(self):
        self.assertEqual(header(self.office), ("TỈNH ỦY LẠNG SƠN", "VĂN PHÒNG"))

    def test_a_superior_outside_the_tree(self):
        self.assertEqual(
            header(self.bch), ("BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG", "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN")
        )
        self.assertEqual(header(self.post), ("BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN", "ĐỒN BIÊN PHÒNG BA SƠN"))
        self.bch.superior_body_name = ""
        self.assertEqual(header(self.bch), ("", "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN"))  # from the tree: none

    def test_place_is_the_unit_of_the_bodys_level(self):
        self.assertEqual(compose.place_of(self.tan_thanh), "Tân Thanh")
        self.assertEqual(compose.place_of(self.dong_dang), "Đồng Đăng")
        self.assertEqual(compose.place_of(self.huyen_uy), "Cao Lộc")
        self.assertEqual(compose.place_of(self.du), "Lạng Sơn")
        self.assertEqual(compose.place_of(self.office), "Lạng Sơn")  # no areas of its own: the committee's
        self.assertEqual(compose.place_of(self.village_post), "Ba Sơn")  # a village stands for its commune
        self.assertEqual(compose.place_of(self.cell), "Ba Sơn")
        self.assertEqual(compose.place_of(self.post), "Lạng Sơn")  # two communes: the unit above both

    def test_a_commune_committee_numbers_as_a_dang_uy(self):
        number = register_take_number(organisation=self.tan_thanh, type_code="BC", on_date=D(2026, 1, 5))
        self.assertEqual(number, "1-BC/ĐU")
        self.assertEqual(register_take_number(organisation=self.cell, on_date=D(2026, 1, 5)), "1-BC/CB")
        self.assertEqual(register_take_number(organisation=self.tu, on_date=D(2026, 1, 5)), "1-BC/TU")
        self.assertEqual(register_take_number(organisation=self.bch, on_date=D(2026, 1, 5)), "1/BC-BCHBĐBP")

    def render(self, organisation):
        report = Report(
            organisation=organisation,
            template=ReportTemplate.YEARLY,
            period_start=D(2025, 1, 1),
            period_end=D(2025, 12, 31),
            issued_on=D(2026, 1, 5),
            number=register_take_number(organisation=organisation, type_code="BC", on_date=D(2026, 1, 5)),
            generated_by=self.user,
            signer_title="BÍ THƯ",
            signer_name="Nguyễn Văn A",
        )
        ctx = ReportContext(user=self.user, organisations=[organisation], start=D(2025, 1, 1), end=D(2025, 12, 31))
        section = OneSection()
        with translation.override("vi"):
            doc = compose.build_document(report, ctx, [(section, {})])
            return doc, Document(io.BytesIO(render_docx(doc)))

    def test_rendered_headers(self):
        doc, document = self.render(self.tan_thanh)
        self.assertEqual(doc.place, "Tân Thanh")
        left, _right = document.tables[0].rows[0].cells
        self.assertEqual(
            [p.text for p in left.paragraphs if p.text], ["ĐẢNG BỘ TỈNH LẠNG SƠN", "ĐẢNG ỦY XÃ TÂN THANH", "*"]
        )
        number, date = document.tables[0].rows[1].cells
        self.assertEqual((number.text, date.text), ("Số 1-BC/ĐU", "Tân Thanh, ngày 05 tháng 01 năm 2026"))

        _doc, document = self.render(self.tu)
        left, _right = document.tables[0].rows[0].cells
        self.assertEqual([p.text for p in left.paragraphs if p.text], ["TỈNH ỦY LẠNG SƠN", "*"])
        self.assertTrue(left.paragraphs[0].runs[0].bold)
        self.assertIn("- Lưu Văn phòng Tỉnh ủy.", [p.text for p in document.tables[1].rows[0].cells[0].paragraphs])

        _doc, document = self.render(self.bch)
        left, _right = document.tables[0].rows[0].cells
        self.assertEqual(
            [p.text for p in left.paragraphs if p.text],
            ["BỘ TƯ LỆNH BỘ ĐỘI BIÊN PHÒNG", "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN"],
        )
        self.assertEqual(document.tables[0].rows[1].cells[0].text, "Số: 1/BC-BCHBĐBP")
