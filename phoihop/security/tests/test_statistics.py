"""The crime-prevention figures (``security.selectors.crime_figures``): the statistics page, its Excel export and its
API, the dashboard panel and the report section give the same numbers; the same period last year; seizures never
added across units of measure; the Tỉnh ủy counts the Border Guard's cases through a "totals only" rule without
listing one; clearance; the page's query count; the map layer's gate."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.utils import translation

from phoihop.border.models import Marker
from phoihop.core.choices import Classification, Role
from phoihop.core.pickers import source_key
from phoihop.core.testing.world import make_user
from phoihop.movements.views.summary import SummaryFilter
from phoihop.orgs.models import Organisation, OrganisationKind, SharingRule
from phoihop.programs.tests.factories import make_commune
from phoihop.reports.sections import ReportContext, get_section
from phoihop.reports.views.dashboard import DashboardFilter
from phoihop.security import selectors
from phoihop.security.models import Case, Operation
from phoihop.security.tests.factories import category, item_type, make_case, make_item, make_operation
from phoihop.security.views.statistics import CrimeStatisticsFilter
from phoihop.work.views.statistics import StatisticsFilter

YEAR = 2025
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
PERIOD = {"date_from": f"01/01/{YEAR}", "date_to": f"31/12/{YEAR}"}
STATISTICS = "/security/statistics/"
API = "/api/security/statistics/"
DASHBOARD = "/reports/dashboard/"


def day(month, dd, year=YEAR):
    return datetime.date(year, month, dd)


class CrimeWorld:
    """The Border Guard command (BCH) with two posts (Pò Mã, Hữu Nghị), and the Tỉnh ủy (TU), another tree, to
    which the command shares every record type of its subtree as totals only."""

    @classmethod
    def setUpTestData(cls):
        kind = OrganisationKind.objects.create(code="test_kind", name="Loại đơn vị thử nghiệm")
        cls.bch = Organisation.objects.create(name="Bộ Chỉ huy BĐBP tỉnh", code="T-BCH", kind=kind)
        cls.pm = Organisation.objects.create(name="Đồn Biên phòng Pò Mã", code="T-PM", kind=kind, parent=cls.bch)
        cls.hn = Organisation.objects.create(name="Đồn Biên phòng Hữu Nghị", code="T-HN", kind=kind, parent=cls.bch)
        cls.tu = Organisation.objects.create(name="Tỉnh ủy Thử nghiệm", code="T-TU", kind=kind)
        SharingRule.objects.create(owner=cls.bch, viewer=cls.tu, mode="totals", include_subtree=True)
        cls.pm_reporter = make_user("pm_reporter", cls.pm, Role.REPORTER, clearance=Classification.CONFIDENTIAL)
        cls.bch_viewer = make_user("bch_viewer", cls.bch, Role.VIEWER)
        cls.bch_cleared = make_user("bch_cleared", cls.bch, Role.VIEWER, clearance=Classification.SECRET)
        cls.tu_viewer = make_user("tu_viewer", cls.tu, Role.VIEWER, clearance=Classification.SECRET)
        cls.commune = make_commune("T20961", "Xã Quốc Khánh")
        cls.marker = Marker(
            post=cls.pm, number="979", commune=cls.commune, latitude=Decimal("22.30"), longitude=Decimal("106.47")
        )
        cls.marker.full_clean()
        cls.marker.save()
        drugs, smuggling = category("ma-tuy"), category("buon-lau")
        heroin = item_type("heroin")

        cls.operation = make_operation(cls.pm, category=drugs, opened_on=day(3, 1))
        make_operation(cls.hn, category=drugs, opened_on=day(5, 1, YEAR - 1))  # last year
        # Pò Mã: a drug case led by the post, prosecuted, heroin in g and in blocks
        cls.drug_case = make_case(
            cls.pm,
            cls.commune,
            code="LS0325.1",
            occurred_on=day(3, 20),
            category=drugs,
            operation=cls.operation,
            marker=cls.marker,
            subject_count=2,
            outcome="prosecuted",
            outcome_on=day(3, 22),
            transferred_to="Cơ quan CSĐT Công an tỉnh",
        )
        make_item(cls.drug_case, item_type=heroin, quantity=Decimal("350"))
        make_item(cls.drug_case, item_type=heroin, quantity=Decimal("2"), unit="banh")
        # Pò Mã: smuggled fireworks in support of the customs, fined
        fine = Decimal("5000000")
        cls.fireworks = make_case(
            cls.pm,
            cls.commune,
            code="LS0625.2",
            occurred_on=day(6, 2),
            category=smuggling,
            role="support",
            subject_count=3,
            outcome="fined",
            outcome_on=day(6, 10),
            fine_amount=fine,
            budget_receipts=fine,
            latitude=Decimal("22.31"),
            longitude=Decimal("106.48"),
        )
        make_item(cls.fireworks, item_type=item_type("phao"), quantity=Decimal("864.9"))
        # Hữu Nghị: ownerless poultry, confiscated
        cls.poultry = make_case(
            cls.hn,
            cls.commune,
            code="LS0925.3",
            occurred_on=day(9, 9),
            category=smuggling,
            ownerless=True,
            subject_count=0,
            outcome="confiscated",
            outcome_on=day(9, 9),
            budget_receipts=Decimal("12000000"),
        )
        make_item(cls.poultry, item_type=item_type("gia-cam"), quantity=Decimal("400"))
        # Hữu Nghị: a drug case classified Mật, a register entry (its figures count for cleared users only)
        cls.secret = make_case(
            cls.hn, cls.commune, code="LS1025.4", occurred_on=day(10, 4), subject_count=1, classification=1
        )
        make_item(cls.secret, item_type=heroin, quantity=Decimal("100"))
        # last year: one drug case of Pò Mã
        cls.last_year = make_case(
            cls.pm, cls.commune, code="LS0624.9", occurred_on=day(6, 1, YEAR - 1), subject_count=1
        )
        make_item(cls.last_year, item_type=heroin, quantity=Decimal("50"))
        for model in (Case, Operation, Organisation):
            ContentType.objects.get_for_model(model)

    def setUp(self):
        cache.clear()

    # --- the places that print the figures ----------------------------------------------------------------------

    def page(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(STATISTICS, {**PERIOD, **params})
        self.assertEqual(response.status_code, 200, response.content[:500])
        return response

    def api(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(API, {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31", **params})
        self.assertEqual(response.status_code, 200, response.content[:500])
        return response.json()

    def dashboard(self, user, organisation=None):
        self.client.force_login(user)
        response = self.client.get(DASHBOARD, {"year": YEAR, "organisation": organisation.pk if organisation else ""})
        self.assertEqual(response.status_code, 200)
        return response.context["figures"]

    def report(self, user, organisation=None):
        ctx = ReportContext(user=user, organisations=[organisation] if organisation else [], start=START, end=END)
        section = get_section("crime")
        figures = section.compute(ctx)
        with translation.override("vi"):
            content = section.render(ctx, figures)
        return ctx, figures, content


class TestFiguresAgree(CrimeWorld, TestCase):
    def test_page_api_dashboard_and_report_agree(self):
        for user, organisation in (
            (self.bch_cleared, self.bch),
            (self.bch_viewer, self.bch),
            (self.pm_reporter, self.pm),
            (self.tu_viewer, None),  # every unit the Tỉnh ủy may count: the command's, as totals
        ):
            with self.subTest(user=user.username):
                unit = {"unit": organisation.pk} if organisation else {}
                page = self.page(user, **unit).context["figures"]
                api = self.api(user, **unit)
                board = self.dashboard(user, organisation)["security"]
                _ctx, report, _content = self.report(user, organisation)
                for key in ("operations", "cases", "subjects", "criminal_cases", "administrative_cases", "ownerless"):
                    self.assertEqual(page[key], api[key], key)
                    self.assertEqual(page[key], board[key], key)
                    self.assertEqual(page[key], report[key], key)
                    self.assertEqual(page["previous"][key], api["previous"][key], key)
                    self.assertEqual(page["previous"][key], board["previous"][key], key)
                    self.assertEqual(page["previous"][key], report["previous"][key], key)
                for key in ("lead", "support"):
                    self.assertEqual((page[key], page["outcomes"]), (api[key], api["outcomes"]))
                    self.assertEqual((page[key], page["outcomes"]), (report[key], report["outcomes"]))
                self.assertEqual(str(page["budget_receipts"]), api["budget_receipts"])
                self.assertEqual(str(page["budget_receipts"]), report["budget_receipts"])

                def categories(rows):
                    return [(r["name"], r["cases"], r["subjects"], r["previous_cases"]) for r in rows]

                self.assertEqual(categories(page["by_category"]), categories(api["by_category"]))
                self.assertEqual(categories(page["by_category"]), categories(board["by_category"]))
                self.assertEqual(categories(page["by_category"]), categories(report["by_category"]))

                def seized(rows):
                    return [(r["code"], r["unit"], Decimal(str(r["quantity"]))) for r in rows]

                self.assertEqual(seized(page["seizures"]), seized(api["seizures"]))
                self.assertEqual(seized(page["seizures"]), seized(report["seizures"]))

    def test_the_numbers(self):
        figures = self.page(self.bch_cleared, unit=self.bch.pk).context["figures"]
        self.assertEqual(figures["operations"], 1)
        self.assertEqual((figures["cases"], figures["subjects"]), (4, 6))
        self.assertEqual((figures["criminal_cases"], figures["criminal_subjects"]), (2, 3))
        self.assertEqual((figures["administrative_cases"], figures["administrative_subjects"]), (2, 3))
        self.assertEqual((figures["lead"], figures["support"], figures["ownerless"]), (3, 1, 1))
        self.assertEqual(
            figures["outcomes"], {"pending": 1, "prosecuted": 1, "fined": 1, "transferred": 0, "confiscated": 1}
        )
        self.assertEqual((figures["fines"], figures["budget_receipts"]), (Decimal("5000000"), Decimal("17000000")))
        units = {row["name"]: (row["cases"], row["subjects"]) for row in figures["by_unit"]}
        self.assertEqual(units, {"Đồn Biên phòng Pò Mã": (2, 5), "Đồn Biên phòng Hữu Nghị": (2, 1)})
        # a post counts its own cases only
        post = self.page(self.pm_reporter, unit=self.pm.pk).context["figures"]
        self.assertEqual((post["cases"], post["subjects"]), (2, 5))
        # a category
        drugs = self.page(self.bch_cleared, category=category("ma-tuy").pk).context["figures"]
        self.assertEqual((drugs["cases"], drugs["operations"]), (2, 1))
        self.assertEqual({row["code"] for row in drugs["seizures"]}, {"heroin"})

    def test_same_period_last_year(self):
        figures = self.api(self.bch_cleared)
        self.assertEqual(figures["comparison"], {"start": f"{YEAR - 1}-01-01", "end": f"{YEAR - 1}-12-31"})
        self.assertEqual(figures["previous"]["cases"], 1)
        self.assertEqual(figures["previous"]["subjects"], 1)
        self.assertEqual(figures["previous"]["operations"], 1)
        lines = {line["key"]: line for line in figures["lines"]}
        self.assertEqual((lines["cases"]["value"], lines["cases"]["previous"]), ("4", "1"))
        heroin = {(row["code"], row["unit"]): row for row in figures["seizures"]}
        self.assertEqual(heroin[("heroin", "g")]["previous_quantity"], "50")
        # the page prints the comparison and the change
        page = self.page(self.bch_cleared)
        self.assertContains(page, 'data-line="cases"')
        self.assertEqual([line["change"] for line in page.context["lines"] if line["key"] == "cases"], [Decimal(3)])
        # this year so far is compared with the same days of last year
        scope = selectors.with_comparison(
            ReportContext(user=self.bch_cleared, start=day(1, 1), end=day(12, 31), today=day(6, 15))
        )
        self.assertEqual((scope.compare_start, scope.compare_end), (day(1, 1, YEAR - 1), day(12, 31, YEAR - 1)))
        from phoihop.core.scope import Scope

        scope = selectors.with_comparison(
            Scope(user=self.bch_cleared, start=day(1, 1), end=day(12, 31), today=day(6, 15))
        )
        self.assertEqual((scope.compare_start, scope.compare_end), (day(1, 1, YEAR - 1), day(6, 15, YEAR - 1)))

    def test_seizures_are_never_added_across_units(self):
        rows = self.page(self.bch_cleared).context["figures"]["seizures"]
        table = {(row["code"], row["unit"]): (row["quantity"], row["cases"]) for row in rows}
        self.assertEqual(
            table,
            {
                ("heroin", "g"): (Decimal("450"), 2),  # 350 g + 100 g in two cases: the same unit
                ("heroin", "banh"): (Decimal("2"), 1),  # blocks apart
                ("phao", "kg"): (Decimal("864.9"), 1),
                ("gia-cam", "con"): (Decimal("400"), 1),
            },
        )
        _ctx, _figures, content = self.report(self.bch_cleared, self.bch)
        text = " ".join(content.paragraphs)
        self.assertIn("450 g heroin", text)
        self.assertIn("2 bánh heroin", text)
        self.assertIn("864,9 kg pháo", text)


class TestWhoCounts(CrimeWorld, TestCase):
    def test_clearance(self):
        # the case classified Mật counts for the cleared viewer only, in every place alike
        uncleared = self.api(self.bch_viewer)
        cleared = self.api(self.bch_cleared)
        self.assertEqual((uncleared["cases"], cleared["cases"]), (3, 4))
        heroin = {r["unit"]: r["quantity"] for r in uncleared["seizures"] if r["code"] == "heroin"}
        self.assertEqual(heroin["g"], "350")
        self.assertEqual(self.dashboard(self.bch_viewer, self.bch)["security"]["cases"], 3)
        self.assertEqual(self.report(self.bch_viewer, self.bch)[1]["cases"], 3)

    def test_totals_only_sharing_counts_without_listing(self):
        # the Tỉnh ủy counts the command's cases on its dashboard and in its report …
        board = self.dashboard(self.tu_viewer, self.bch)
        self.assertFalse(board["listable"])
        self.assertEqual(board["security"]["cases"], 4)
        self.assertIsNone(board["security"]["url"])
        self.assertTrue(all(row["url"] is None for row in board["security"]["by_category"]))
        page = self.client.get(DASHBOARD, {"year": YEAR, "organisation": self.bch.pk})
        self.assertContains(page, 'data-testid="security-kpi"')
        self.assertNotContains(page, "/security/cases/?")
        ctx, figures, content = self.report(self.tu_viewer, self.bch)
        self.assertEqual(figures["cases"], 4)
        text = " ".join(content.paragraphs) + repr([t.rows for t in content.tables]) + repr(figures)
        for case in (self.drug_case, self.fireworks, self.poultry, self.secret):
            self.assertNotIn(case.code, text)
        self.assertNotIn(self.operation.code, text)
        self.assertNotIn(self.operation.name, text)
        self.assertIn("Ma túy", text)
        # … and the statistics page and API count them, without a link to a list
        page = self.page(self.tu_viewer)
        self.assertEqual(page.context["figures"]["cases"], 4)
        self.assertNotContains(page, "/security/cases/?")
        # but no list, API list or detail shows one
        listed = self.client.get("/security/cases/")
        self.assertEqual(listed.status_code, 200)
        self.assertEqual(listed.context["total"], 0)
        self.assertEqual(self.client.get("/api/security/cases/").json()["count"], 0)
        self.assertEqual(self.client.get(f"/security/cases/{self.drug_case.pk}/").status_code, 404)
        self.assertEqual(self.client.get(f"/api/security/cases/{self.drug_case.pk}/").status_code, 404)
        self.assertEqual(self.client.get("/api/security/seized-items/").json()["count"], 0)

    def test_a_viewer_of_every_case_gets_the_links(self):
        page = self.page(self.bch_cleared, unit=self.bch.pk)
        lines = {line["key"]: line for line in page.context["lines"]}
        url = lines["cases"]["url"]
        self.assertIn(f"within={self.bch.pk}", url)
        listed = self.client.get(url)
        self.assertEqual(listed.context["total"], page.context["figures"]["cases"])
        # an uncleared viewer counts what it may list too
        page = self.page(self.bch_viewer, unit=self.bch.pk)
        url = {line["key"]: line for line in page.context["lines"]}["cases"]["url"]
        self.assertEqual(self.client.get(url).context["total"], 3)


class TestPage(CrimeWorld, TestCase):
    def test_excel_holds_the_same_tables(self):
        self.client.force_login(self.bch_cleared)
        response = self.client.get(STATISTICS, {**PERIOD, "export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(len(book.sheetnames), 4)
        summary = {row[0]: row[1:3] for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)}
        with translation.override("vi"):
            self.assertEqual(summary["Vụ việc"], (4, 1))
        seized = [row[:4] for row in book.worksheets[3].iter_rows(min_row=4, values_only=True)]
        self.assertIn(("Heroin", "g", 450, 2), seized)
        self.assertIn(("Heroin", "bánh", 2, 1), seized)
        self.assertIn(("Pháo", "kg", 864.9, 1), seized)

    def test_excel_writes_formulas_as_text(self):
        from phoihop.core.testing import formulas

        Organisation.objects.filter(pk=self.pm.pk).update(name=formulas.PAYLOAD)
        self.client.force_login(self.bch_cleared)
        content = self.client.get(STATISTICS, {**PERIOD, "export": "xlsx"}).content
        self.assertEqual(formulas.formula_problems_xlsx(content), [])
        carrying, raw = formulas.neutralised(formulas.xlsx_texts(content), (formulas.PAYLOAD,))
        self.assertTrue(carrying)
        self.assertEqual(raw, [])

    def test_invalid_filters(self):
        self.client.force_login(self.bch_viewer)
        response = self.client.get(STATISTICS, {"date_from": "31/12/2025", "date_to": "01/01/2025"})
        self.assertEqual(response.status_code, 400)
        response = self.client.get(API, {"from": "garbage"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("date_from", response.json())
        # a unit the user may not see is refused, not counted
        response = self.client.get(API, {"unit": self.tu.pk})
        self.assertEqual(response.status_code, 400)

    def test_anonymous(self):
        self.assertEqual(self.client.get(STATISTICS).status_code, 302)
        self.assertEqual(self.client.get(API).status_code, 401)

    def test_query_count_does_not_grow_with_the_rows(self):
        def count():
            self.client.force_login(self.bch_cleared)
            with CaptureQueriesContext(connection) as queries:
                self.client.get(STATISTICS, {**PERIOD, "unit": self.bch.pk})
            return len(queries)

        count()
        before = count()
        kinds = ["tien-gia", "vu-khi-vat-lieu-no", "xuat-nhap-canh-trai-phep", "gian-lan-thuong-mai"]
        items = ["tien-gia", "vu-khi", "thuoc-la", "xang-dau"]
        for n, (code, item) in enumerate(zip(kinds, items, strict=True)):
            unit = Organisation.objects.create(
                name=f"Đồn Biên phòng số {n}", code=f"T-X{n}", kind=self.pm.kind, parent=self.bch
            )
            case = make_case(unit, self.commune, occurred_on=day(4, n + 1), category=category(code))
            make_item(case, item_type=item_type(item), quantity=Decimal(n + 1))
            make_operation(unit, category=category(code), opened_on=day(4, n + 1))
        after = count()
        self.assertEqual(before, after)
        figures = self.page(self.bch_cleared, unit=self.bch.pk).context["figures"]
        self.assertEqual(figures["cases"], 8)
        self.assertEqual(len(figures["by_unit"]), 6)

    def test_schema_documents_the_endpoint(self):
        self.client.force_login(self.bch_viewer)
        schema = self.client.get("/api/schema/", {"format": "json"}).json()
        operation = schema["paths"]["/api/security/statistics/"]["get"]
        self.assertEqual({p["name"] for p in operation["parameters"]} >= {"from", "to", "unit", "category"}, True)
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        self.assertTrue({"cases", "subjects", "seizures", "previous", "lines"} <= set(component["properties"]))


class TestMapLayer(CrimeWorld, TestCase):
    URL = "/border/map/layers/cases.geojson"

    def config(self, user):
        import json

        self.client.force_login(user)
        response = self.client.get("/border/map/")
        self.assertEqual(response.status_code, 200)
        return json.loads(response.context["config_json"])

    def test_the_layer_is_there_for_those_who_may_see_cases(self):
        layers = self.config(self.bch_cleared)["layers"]
        self.assertEqual([layer["key"] for layer in layers], ["cases"])
        response = self.client.get(self.URL, {"date_from": "01/01/2025", "date_to": "31/12/2025"})
        self.assertEqual(response.status_code, 200)
        data = response.json()
        self.assertEqual(data["summary"]["cases"], 4)
        # the fireworks at their own point, the drug case at marker 979, the others at the commune's markers' centre
        self.assertEqual(
            (data["summary"]["at_point"], data["summary"]["at_marker"], data["summary"]["at_commune"]), (1, 1, 2)
        )
        places = {tuple(f["geometry"]["coordinates"]): f["properties"] for f in data["features"]}
        self.assertEqual(places[(106.48, 22.31)]["count"], 1)
        self.assertEqual(places[(106.47, 22.3)]["count"], 3)  # marker 979 is also the commune's only marker
        self.assertEqual(places[(106.47, 22.3)]["parts"], {"Buôn lậu": 1, "Ma túy": 2})
        self.assertEqual(self.client.get(self.URL, {"date_from": "x"}).status_code, 400)

    def test_the_layer_is_absent_for_readers_of_totals(self):
        self.assertEqual(self.config(self.tu_viewer)["layers"], [])
        response = self.client.get(self.URL)
        self.assertEqual(response.status_code, 404)
        self.assertNotContains(self.client.get("/border/map/"), 'data-layer="cases"')
        self.assertEqual(self.client.get("/border/map/layers/nothing.geojson").status_code, 404)

    def test_uncleared_users_see_no_classified_case(self):
        self.config(self.bch_viewer)
        data = self.client.get(self.URL, {"date_from": "01/01/2025", "date_to": "31/12/2025"}).json()
        self.assertEqual(data["summary"]["cases"], 3)

    def test_a_marker_the_user_cannot_see_places_nothing(self):
        # a case of Hữu Nghị recorded near Pò Mã's marker 979: Hữu Nghị's viewer sees the case, not the marker
        make_case(self.hn, self.commune, marker=self.marker, occurred_on=day(8, 1))
        hn_viewer = make_user("hn_viewer", self.hn, Role.VIEWER)
        self.config(hn_viewer)
        data = self.client.get(self.URL, {"date_from": "01/01/2025", "date_to": "31/12/2025"}).json()
        # the new case and the ownerless poultry: both in a commune whose only marker is Pò Mã's, so unplaced
        self.assertEqual(data["summary"]["cases"], 2)
        self.assertEqual((data["summary"]["at_marker"], data["summary"]["unplaced"]), (0, 2))
        self.assertEqual(data["features"], [])
        # the command's viewer, who sees the marker, has it there
        self.config(self.bch_cleared)
        data = self.client.get(self.URL, {"date_from": "01/01/2025", "date_to": "31/12/2025"}).json()
        self.assertEqual(data["summary"]["at_marker"], 2)


class TestTotalsOwnerIsChoosable(CrimeWorld, TestCase):
    """The Tỉnh ủy may draw the figures *of* the command whose cases it counts as totals: the unit pickers of the
    statistics pages and the dashboard offer the command, while it stays out of the Tỉnh ủy's lists."""

    def matches(self, owner, field, query):
        response = self.client.get("/pick/organisation/", {"q": query, "field": f"{source_key(owner)}:{field}"})
        self.assertEqual(response.status_code, 200)
        return [int(row["id"]) for row in response.json()["results"]]

    def test_pickers_offer_the_owner_of_a_totals_rule(self):
        self.client.force_login(self.tu_viewer)
        for owner, field in (
            (CrimeStatisticsFilter, "unit"),
            (StatisticsFilter, "organisation"),
            (SummaryFilter, "organisation"),
            (DashboardFilter, "organisation"),
        ):
            with self.subTest(owner=owner.__name__):
                self.assertIn(self.bch.pk, self.matches(owner, field, "chi huy"))
                self.assertIn(self.pm.pk, self.matches(owner, field, "po ma"))  # the rule includes the subtree
        # an ordinary picker (a record's organisation) still offers only what the Tỉnh ủy may open
        self.assertNotIn(
            str(self.bch.pk),
            [row["id"] for row in self.client.get("/pick/organisation/", {"q": "chi huy"}).json()["results"]],
        )
        self.assertEqual(self.client.get(f"/orgs/organisations/{self.bch.pk}/").status_code, 404)

    def test_the_page_and_api_count_the_chosen_owner(self):
        # the same figure the command's own cleared viewer reads for the post (same clearance)
        expected = self.page(self.bch_cleared, unit=self.pm.pk).context["figures"]["cases"]
        self.assertGreater(expected, 0)
        page = self.page(self.tu_viewer, unit=self.pm.pk)
        self.assertEqual(page.context["figures"]["cases"], expected)
        self.assertNotContains(page, "/security/cases/?")
        self.assertEqual(self.api(self.tu_viewer, unit=self.pm.pk)["cases"], expected)

    def test_an_organisation_not_shared_stays_refused(self):
        other = Organisation.objects.create(name="Đồn Biên phòng Khác", code="T-KH", kind=self.bch.kind)
        self.client.force_login(self.pm_reporter)
        self.assertEqual(self.client.get(API, {"unit": other.pk}).status_code, 400)
        self.assertNotIn(
            other.pk,
            self.matches(CrimeStatisticsFilter, "unit", "khac"),
        )
