"""The content of a report document: kind, header blocks, place, summary line and body parts."""

import datetime

from django.test import TestCase, override_settings
from django.utils import translation

from phoihop.accounts.models import User
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Agreement, Area, Organisation, OrganisationKind
from phoihop.reports import compose
from phoihop.reports.document import SectionContent
from phoihop.reports.models import Report, ReportTemplate
from phoihop.reports.sections import ReportContext, Section

D = datetime.date


class OneSection(Section):
    key = "one"
    title = "One"

    def compute(self, ctx):
        return {"n": 1}

    def render(self, ctx, figures):
        return SectionContent(key="one", heading="Phần một", paragraphs=[f"Số: {figures['n']}"])


class TestCompose(TestCase):
    @classmethod
    def setUpTestData(cls):
        kinds = {
            code: OrganisationKind.objects.create(code=code, name=code, abbreviation=abbr, is_party_body=party)
            for code, abbr, party in [
                ("tu", "TU", True),
                ("du", "ĐU BĐBP", True),
                ("bch", "BCH", False),
                ("post", "ĐBP", False),
                ("cell", "CB", True),
                ("dux", "ĐU xã", True),
            ]
        }
        province = Area.objects.create(code="20", name="Lạng Sơn", kind=AreaKind.PROVINCE)
        commune = Area.objects.create(code="20-1", name="Xã Ba Sơn", kind=AreaKind.COMMUNE, parent=province)
        cls.tu = Organisation.objects.create(name="Tỉnh ủy Lạng Sơn", short_name="Tỉnh ủy", code="TU", kind=kinds["tu"])
        cls.tu.areas.set([province])
        cls.du = Organisation.objects.create(
            name="Đảng ủy Bộ đội Biên phòng tỉnh Lạng Sơn", code="DU", kind=kinds["du"]
        )
        cls.bch = Organisation.objects.create(
            name="Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn", code="BCH", kind=kinds["bch"], parent=cls.du
        )
        cls.post = Organisation.objects.create(
            name="Đồn Biên phòng Ba Sơn", code="DBP", kind=kinds["post"], parent=cls.bch
        )
        cls.post.areas.set([commune])
        cls.cell = Organisation.objects.create(
            name="Chi bộ Đồn Biên phòng Ba Sơn", code="CB", kind=kinds["cell"], parent=cls.post
        )
        cls.dux = Organisation.objects.create(name="Đảng ủy xã Ba Sơn", code="DUX", kind=kinds["dux"], parent=cls.tu)
        cls.agreement = Agreement.objects.create(
            number="01-QC/TU-ĐUBĐBP",
            title="Quy chế phối hợp",
            owner=cls.tu,
            signed_on=D(2021, 6, 15),
            valid_from=D(2021, 6, 15),
        )
        cls.agreement.parties.set([cls.du, cls.tu])
        cls.user = User.objects.create_user(username="u", password="x")

    def report(self, organisation, **kwargs):
        fields = {
            "template": ReportTemplate.YEARLY,
            "period_start": D(2025, 1, 1),
            "period_end": D(2025, 12, 31),
            "issued_on": D(2026, 1, 5),
            "number": "15-BC/TU",
            "generated_by": self.user,
            "signer_on_behalf": "TM. BAN THƯỜNG VỤ",
            "signer_title": "PHÓ BÍ THƯ",
            "signer_name": "Nguyễn Văn A",
            "recipients": "Ban Bí thư (b/c)\n- Đảng ủy BĐBP tỉnh,\n\n",
            **kwargs,
        }
        return Report(organisation=organisation, **fields)

    def build(self, report):
        ctx = ReportContext(
            user=self.user, organisations=[report.organisation], start=report.period_start, end=report.period_end
        )
        section = OneSection()
        with translation.override("en"):
            return compose.build_document(report, ctx, [(section, section.compute(ctx))])

    def test_party_body_without_a_parent(self):
        doc = self.build(self.report(self.tu))
        self.assertEqual(doc.kind, "party")
        self.assertEqual(doc.parent_body, "")  # a provincial committee has no superior line (36-HD)
        self.assertEqual(doc.issuing_body, "TỈNH ỦY LẠNG SƠN")
        self.assertEqual(doc.place, "Lạng Sơn")
        self.assertEqual(doc.number, "15-BC/TU")
        self.assertEqual(doc.date, D(2026, 1, 5))
        self.assertEqual(doc.doc_type_name, "REPORT")
        self.assertEqual(doc.recipients, ["Ban Bí thư (b/c)", "Đảng ủy BĐBP tỉnh,"])
        self.assertEqual(
            (doc.signature.on_behalf, doc.signature.title, doc.signature.name),
            ("TM. BAN THƯỜNG VỤ", "PHÓ BÍ THƯ", "Nguyễn Văn A"),
        )
        self.assertEqual(
            [(s.level, s.key) for s in doc.sections],
            [
                (0, "results"),
                (1, "field:direction"),
                (2, "one"),
                *[
                    (1, f"field:{key}")
                    for key in ("propaganda", "cadres", "border", "development", "movements", "crime")
                ],
                (1, "evaluation"),
                (2, "strengths"),
                (2, "shortcomings"),
                (2, "lessons"),
                (0, "outlook"),
                (1, "directions"),
                (1, "proposals"),
            ],
        )
        # what the system cannot know is a placeholder the drafter fills; none is filled yet
        keys = [p.key for p in doc.placeholders]
        self.assertEqual(keys[:2], ["field:propaganda", "field:cadres"])
        self.assertIn("lessons", keys)
        self.assertFalse(any(p.filled for p in doc.placeholders))
        self.assertEqual(doc.period_text, "(From 01/01/2025 to 31/12/2025)")
        self.assertEqual(doc.title, "Results of the coordination work for the year 2025")
        self.assertTrue(doc.introduction and doc.conclusion)

    def test_party_body_without_province_area_uses_the_setting(self):
        with override_settings(REPORT_PLACE="Cao Bằng"):
            doc = self.build(self.report(self.du))
        self.assertEqual(doc.parent_body, "ĐẢNG BỘ TỈNH CAO BẰNG")
        self.assertEqual(doc.place, "Cao Bằng")
        self.assertEqual(doc.issuing_body, "ĐẢNG ỦY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN")

    def test_parent_bodies_follow_the_same_kind_of_body(self):
        self.assertEqual(compose.parent_body(self.dux), "ĐẢNG BỘ TỈNH LẠNG SƠN")
        self.assertEqual(compose.parent_body(self.cell), "ĐẢNG BỘ BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN")
        self.assertEqual(compose.parent_body(self.post), "BỘ CHỈ HUY BỘ ĐỘI BIÊN PHÒNG TỈNH LẠNG SƠN")
        self.assertEqual(compose.parent_body(self.bch), "")  # no state body above it in the tree
        doc = self.build(self.report(self.post, number="3/BC-ĐBP"))
        self.assertEqual((doc.kind, doc.issuing_body, doc.place), ("state", "ĐỒN BIÊN PHÒNG BA SƠN", "Ba Sơn"))

    def test_agreement_review_title(self):
        report = self.report(
            self.tu, template=ReportTemplate.AGREEMENT_REVIEW, agreement=self.agreement, period_start=D(2021, 6, 15)
        )
        with translation.override("vi"):
            title = compose.default_title(report)
        with translation.override("en"):
            english = compose.default_title(report)
        self.assertEqual(
            english,
            "Interim review of the implementation of the coordination regulation between Tỉnh ủy and "
            "Đảng ủy Bộ đội Biên phòng tỉnh",
        )
        self.assertIn("Tỉnh ủy", title)
        self.assertTrue(title.endswith("Đảng ủy Bộ đội Biên phòng tỉnh"))
        self.agreement.valid_to = D(2025, 6, 30)
        report.period_end = D(2025, 6, 30)
        with translation.override("en"):
            self.assertTrue(compose.default_title(report).startswith("Final review"))
            doc = self.build(report)
        self.assertIn("01-QC/TU-ĐUBĐBP", doc.introduction[0])
        self.assertIn("15/06/2021", doc.introduction[0])

    def test_period_phrases(self):
        cases = [
            (ReportTemplate.MONTHLY, D(2025, 7, 1), D(2025, 7, 31), "for month 7 of 2025"),
            (ReportTemplate.QUARTERLY, D(2025, 7, 1), D(2025, 9, 30), "for quarter III of 2025"),
            (ReportTemplate.HALF_YEAR, D(2025, 1, 1), D(2025, 6, 30), "for the first six months of 2025"),
            (ReportTemplate.HALF_YEAR, D(2025, 7, 1), D(2025, 12, 31), "for the last six months of 2025"),
            (ReportTemplate.CUSTOM, D(2025, 2, 3), D(2025, 4, 5), "from 03/02/2025 to 05/04/2025"),
        ]
        with translation.override("en"):
            for template, start, end, expected in cases:
                report = self.report(self.tu, template=template, period_start=start, period_end=end)
                self.assertEqual(compose.period_phrase(report), expected)

    def test_names_without_the_province(self):
        self.assertEqual(compose.without_place("Tỉnh ủy Lạng Sơn", "Lạng Sơn"), "Tỉnh ủy")
        self.assertEqual(compose.without_place("Lạng Sơn", "Lạng Sơn"), "Lạng Sơn")
        self.assertEqual(compose.without_place("Đồn Biên phòng Ba Sơn", "Lạng Sơn"), "Đồn Biên phòng Ba Sơn")
        self.assertEqual(compose.party_organisation_name("Huyện ủy Cao Lộc"), "Đảng bộ huyện Cao Lộc")
