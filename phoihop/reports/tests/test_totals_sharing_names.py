"""Totals shared as totals carry counts and sums by category, never the names of records (issue 16).

The Tỉnh ủy and the Border Guard as deployed: two trees, the Border Guard's party committee sharing every record type
of its subtree with the Tỉnh ủy as totals only, and a coordination regulation between the two. The Tỉnh ủy's review of
that regulation counts the Border Guard's programmes, indicators, periodic figures and cadre plans — their records are
404 for the Tỉnh ủy, so the report (snapshot, page, API, .docx, .xlsx) must not name them: they are folded into rows
"của đơn vị khác (chia sẻ số tổng hợp)" by category and unit, whose figures still add up to the totals. The Border
Guard's own review of the same regulation, by a user who may view them, names them.
"""

import datetime
import io
import json
from decimal import Decimal
from unittest import mock

import openpyxl
from django.test import TestCase
from docx import Document as DocxDocument
from rest_framework.test import APIClient

from phoihop.cadres.tests.factories import CadrePlanFactory, PersonFactory, PlannedCadreFactory
from phoihop.core.access import forget
from phoihop.core.choices import Action, Role
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Agreement, Organisation, OrganisationKind, SharingRule
from phoihop.programs.choices import FigureStatus
from phoihop.programs.models import Indicator, PeriodicFigure, Programme
from phoihop.programs.tests import factories as programs
from phoihop.reports import services
from phoihop.reports.models import ReportStatus, ReportTemplate

D = datetime.date
TODAY = D(2025, 11, 20)
#: in every name, code and title of the Border Guard's records below; compared case-insensitively
CANARY = "canarykin"


def docx_text(report) -> str:
    with report.docx.open("rb") as handle:
        document = DocxDocument(io.BytesIO(handle.read()))
    parts = [p.text for p in document.paragraphs]
    parts += [cell.text for table in document.tables for row in table.rows for cell in row.cells]
    for section in document.sections:
        parts += [p.text for p in section.header.paragraphs] + [p.text for p in section.footer.paragraphs]
    return "\n".join(parts)


def xlsx_cells(report) -> list:
    with report.xlsx.open("rb") as handle:
        workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))
    return [
        value
        for sheet in workbook.worksheets
        for value in [sheet.title, *(cell.value for row in sheet.iter_rows() for cell in row)]
        if value is not None
    ]


def section(report, key) -> dict:
    return next(s["figures"] for s in report.snapshot["sections"] if s["key"] == key)


class TotalsSharingNamesTests(TestCase):
    @classmethod
    def setUpTestData(cls):
        party = OrganisationKind.objects.create(code="tu_kind", name="Tỉnh ủy", abbreviation="TU", is_party_body=True)
        kind = OrganisationKind.objects.create(code="bdbp_kind", name="Đơn vị Biên phòng")
        cls.tu = Organisation.objects.create(name="Tỉnh ủy Lạng Sơn", code="X-TU", kind=party)
        cls.du = Organisation.objects.create(name="Đảng ủy BĐBP tỉnh", code="X-DU", kind=kind)
        cls.post = Organisation.objects.create(name="Đồn Biên phòng Pò Mã", code="X-PM", kind=kind, parent=cls.du)
        cls.rule = SharingRule.objects.create(owner=cls.du, viewer=cls.tu, mode="totals", include_subtree=True)
        cls.tu_user = make_user("tinh_uy_names", cls.tu, Role.ADMIN, clearance=3)
        cls.commander = make_user("chi_huy_names", cls.du, Role.ADMIN, clearance=3)
        cls.agreement = Agreement.objects.create(
            number="01-QC/TU-ĐU",
            title="Quy chế phối hợp giữa Tỉnh ủy và Đảng ủy BĐBP tỉnh",
            owner=cls.tu,
            valid_from=D(2025, 1, 1),
            signed_on=D(2025, 1, 1),
            status="in_force",
        )
        cls.agreement.parties.set([cls.tu, cls.du])

        # The Tỉnh ủy's own programme: the Tỉnh ủy may view it, its report names it.
        own = programs.make_programme(
            cls.tu, code="TU-01", name="Chương trình của Tỉnh ủy", participants=[cls.tu], start_date=D(2024, 1, 1)
        )
        cls.own_indicator = programs.make_indicator(own, code="TU-DT", name="Rừng trồng của Tỉnh ủy", unit="ha")
        programs.make_target(cls.own_indicator, year=2025, organisation=cls.tu, value=Decimal("10"))
        cls.figure(cls.own_indicator, cls.tu, "4")

        # The Border Guard's programme: counted by the Tỉnh ủy through the totals rule, never viewed.
        hidden = programs.make_programme(
            cls.post,
            code="CANARYKIN-661",
            name="Chương trình CANARYKIN",
            participants=[cls.post],
            start_date=D(2024, 1, 1),
        )
        cls.hidden_ha = programs.make_indicator(
            hidden, code="CANARYKIN-DT", name="Diện tích CANARYKIN", unit="ha", decimals=1
        )
        cls.hidden_houses = programs.make_indicator(hidden, code="CANARYKIN-NHA", name="Nhà CANARYKIN", unit="nhà")
        programs.make_target(cls.hidden_ha, year=2025, organisation=cls.post, value=Decimal("50"))
        programs.make_target(cls.hidden_houses, year=2025, organisation=cls.post, value=Decimal("8"))
        cls.figure(cls.hidden_ha, cls.post, "7.5")
        cls.figure(cls.hidden_houses, cls.post, "3")
        commune = programs.make_commune("T20990", "Xã Thử Nghiệm")
        programs.make_forest_plot(cls.post, commune, programme=hidden, planted_on=D(2025, 4, 1))

        # A cadre plan of the post, with one man planned: below the women's target.
        plan = CadrePlanFactory(organisation=cls.post, title="Bí thư CANARYKIN")
        PlannedCadreFactory(plan=plan, person=PersonFactory(organisation=cls.post))

    @classmethod
    def figure(cls, indicator, organisation, value):
        PeriodicFigure.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_type="month",
            period_start=D(2025, 1, 1),
            value=Decimal(value),
            status=FigureStatus.APPROVED,
            submitted_at=datetime.datetime(2025, 2, 3, 10, tzinfo=datetime.UTC),
        )

    def setUp(self):
        for target, value in (
            ("phoihop.reports.formats.pdf_available", False),
            ("django.utils.timezone.localdate", TODAY),
        ):
            patcher = mock.patch(target, return_value=value)
            patcher.start()
            self.addCleanup(patcher.stop)

    def review(self, user, organisation):
        with self.captureOnCommitCallbacks(execute=True):
            report = services.report_request(
                acting_user=user,
                organisation=organisation,
                template=ReportTemplate.AGREEMENT_REVIEW,
                agreement=self.agreement,
            )
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DONE, report.error)
        return report

    def outputs(self, report, user) -> dict:
        """Every place the report is read, as text."""
        self.client.force_login(user)
        page = self.client.get(report.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        api = APIClient()
        api.force_authenticate(user)
        answer = api.get(f"/api/reports/reports/{report.pk}/")
        self.assertEqual(answer.status_code, 200)
        return {
            "snapshot": json.dumps(report.snapshot, ensure_ascii=False),
            "page": page.content.decode(),
            "api": json.dumps(answer.json()["snapshot"], ensure_ascii=False),
            "docx": docx_text(report),
            "xlsx": "\n".join(str(value) for value in xlsx_cells(report)),
        }

    def test_the_tinh_uy_counts_the_border_guards_records_but_may_not_view_them(self):
        for model in (Programme, Indicator):
            theirs = model.objects.filter(owner_q(model, self.post))
            self.assertFalse(theirs.restrict(self.tu_user, Action.VIEW).exists(), model)
            self.assertTrue(theirs.restrict(self.tu_user, Action.COUNT).exists(), model)

    def test_the_tinh_uy_report_names_none_of_the_border_guards_records(self):
        report = self.review(self.tu_user, self.tu)
        self.assertEqual(report.number, "1-BC/TU")
        for where, text in self.outputs(report, self.tu_user).items():
            with self.subTest(where=where):
                self.assertNotIn(CANARY, text.casefold())
        # what the Tỉnh ủy may view is still named
        text = self.outputs(report, self.tu_user)["docx"]
        self.assertIn("Chương trình của Tỉnh ủy", text)
        self.assertIn("Rừng trồng của Tỉnh ủy", text)

    def test_the_totals_still_hold_the_shared_figures(self):
        report = self.review(self.tu_user, self.tu)
        programmes = section(report, "programmes")
        self.assertEqual(programmes["programmes"], ["Chương trình của Tỉnh ủy"])
        self.assertEqual(programmes["shared_programmes"], 1)
        self.assertEqual(programmes["forest"]["plots"], 1)  # the post's plot, counted
        self.assertEqual(programmes["forest"]["ha"], "12.5")
        rows = {(row["name"], row["unit"]): row for row in programmes["indicators"]}
        own = rows[("Rừng trồng của Tỉnh ủy", "ha")]
        self.assertEqual((own["achieved"], own["target"]), ("4", "10"))
        shared = [row for row in programmes["indicators"] if row.get("shared")]
        # one row per unit: hectares and houses are never added together
        self.assertEqual(sorted(row["unit"] for row in shared), ["ha", "nhà"])
        by_unit = {row["unit"]: row for row in shared}
        self.assertEqual((by_unit["ha"]["achieved"], by_unit["ha"]["target"]), ("7.5", "50"))
        self.assertEqual((by_unit["nhà"]["achieved"], by_unit["nhà"]["target"]), ("3", "8"))
        self.assertEqual(by_unit["ha"]["percent"], 15.0)
        self.assertEqual(by_unit["nhà"]["indicators"], 1)
        # the periodic figures: the hidden programme's reports are counted in the totals and a folded row
        periodic = section(report, "periodic_figures")
        self.assertEqual(periodic["programmes"], 2)
        own_rows = [row for row in periodic["rows"] if not row.get("shared")]
        shared_rows = [row for row in periodic["rows"] if row.get("shared")]
        self.assertEqual([row["programme"] for row in own_rows], ["Chương trình của Tỉnh ủy"])
        self.assertEqual(len(shared_rows), 1)
        self.assertEqual(periodic["expected"], sum(row["expected"] for row in periodic["rows"]))
        self.assertEqual(sum(row["on_time"] for row in periodic["rows"]), periodic["on_time"])
        self.assertEqual(shared_rows[0]["on_time"], 1)  # the post's January report
        # the cadre plan: counted, not named
        planning = section(report, "cadres")["planning"]
        self.assertEqual(planning["overall"]["plans"], 1)
        self.assertEqual(planning["overall"]["total"], 1)
        self.assertEqual([plan.get("shared") for plan in planning["plans"]], [True])
        self.assertEqual(planning["plans"][0]["total"], 1)
        self.assertEqual(planning["plans"][0]["plans"], 1)

    def test_a_user_who_may_view_the_records_sees_them_named(self):
        report = self.review(self.commander, self.du)
        outputs = self.outputs(report, self.commander)
        for where in ("snapshot", "api", "docx", "xlsx"):
            with self.subTest(where=where):
                self.assertIn(CANARY, outputs[where].casefold())
        programmes = section(report, "programmes")
        self.assertIn("Chương trình CANARYKIN", programmes["programmes"])
        named = {row["name"] for row in programmes["indicators"] if not row.get("shared")}
        self.assertEqual(named, {"Diện tích CANARYKIN", "Nhà CANARYKIN"})
        self.assertIn("Bí thư CANARYKIN", outputs["docx"])

    def test_a_full_sharing_rule_names_them_to_the_tinh_uy(self):
        SharingRule.objects.filter(pk=self.rule.pk).update(mode="full")
        forget(self.tu_user)
        report = self.review(self.tu_user, self.tu)
        programmes = section(report, "programmes")
        self.assertEqual(sorted(programmes["programmes"]), ["Chương trình CANARYKIN", "Chương trình của Tỉnh ủy"])
        self.assertEqual(programmes.get("shared_programmes", 0), 0)
        self.assertIn("Diện tích CANARYKIN", docx_text(report))

    def test_agreements_counted_only_are_folded(self):
        """A section computed for the Border Guard's subtree on behalf of the Tỉnh ủy (what the totals rule lets it
        count): the Border Guard's own regulation is counted with its articles, never named."""
        from phoihop.orgs.models import Clause
        from phoihop.reports.sections import ReportContext, get_section
        from phoihop.reports.tests.test_sections import rendered_text

        theirs = Agreement.objects.create(
            number="09-QC/CANARYKIN",
            title="Quy chế CANARYKIN",
            owner=self.du,
            valid_from=D(2025, 1, 1),
            signed_on=D(2025, 1, 1),
            status="in_force",
        )
        theirs.parties.set([self.du, self.post])
        Clause.objects.create(agreement=theirs, number=1, title="Điều khoản CANARYKIN")
        for user, named in ((self.tu_user, False), (self.commander, True)):
            with self.subTest(user=user.username):
                ctx = ReportContext(user=user, organisations=[self.du], start=D(2025, 1, 1), end=D(2025, 6, 30))
                section = get_section("agreements")
                figures = section.compute(ctx)
                text = json.dumps(figures, ensure_ascii=False) + rendered_text(section.render(ctx, figures))
                text += " ".join(section.shortcomings(ctx, figures) + section.directions(ctx, figures))
                self.assertEqual(CANARY in text.casefold(), named)
                self.assertEqual(figures["clauses"], 1)
                # with the regulation between the two, which both may view
                self.assertEqual(sum(row.get("agreements", 1) for row in figures["agreements"]), 2)
                shared = [row for row in figures["agreements"] if row.get("shared")]
                self.assertEqual([(row["agreements"], row["clauses"]) for row in shared], [] if named else [(1, 1)])


def owner_q(model, organisation):
    from django.db.models import Q

    field = "owner" if model is Programme else "programme__owner"
    return Q(**{field: organisation})
