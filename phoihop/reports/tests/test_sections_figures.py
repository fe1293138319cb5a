"""The figures of each section equal what the database holds, for the report's scope only, and leave out the
classified records a user may not see."""

import datetime
from decimal import Decimal

from django.db.models import Q, Sum
from django.test import TestCase
from django.utils import timezone, translation

from phoihop.border.models import Marker, Patrol
from phoihop.border.schedule import overdue_q
from phoihop.core.choices import Classification
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import SharingRule
from phoihop.reports.sections import get_section
from phoihop.reports.tests.test_sections import END, START, build_data, context, rendered_text
from phoihop.work.models import Dissemination, Document, OutreachSession, Task

D = datetime.date


class SectionFiguresTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.data = build_data(cls.world)

    def figures(self, key, user, *organisations, **kwargs):
        return get_section(key).compute(context(user, *organisations, **kwargs))

    def in_subtree(self, field, organisation):
        return Q(**{f"{field}__path__startswith": organisation.path})

    # --- scope and database -----------------------------------------------------------------------------------

    def test_documents(self):
        w = self.world
        figures = self.figures("documents", w.superuser, w.a)
        documents = Document.objects.filter(self.in_subtree("owner", w.a))
        self.assertEqual(figures["total"], documents.filter(signed_on__range=(START, END)).count())
        self.assertEqual(figures["total"], 2)
        self.assertEqual(figures["previous"]["total"], documents.filter(signed_on__year=2024).count())
        self.assertEqual({row["name"]: row["count"] for row in figures["by_type"]}, {"Chỉ thị": 1, "Kế hoạch": 1})
        # The province user gets A's numbers only in A's report, and B's too in the province's.
        self.assertEqual(self.figures("documents", w.p_admin, w.a)["total"], 1)  # the secret one is left out
        self.assertEqual(self.figures("documents", w.p_admin, w.province)["total"], 2)
        self.assertEqual(self.figures("documents", w.b_admin, w.a)["total"], 0)  # outside B's gate

    def test_dissemination(self):
        w = self.world
        Dissemination.objects.create(
            document=Document.objects.filter(owner=w.a).first(),
            organisation=w.a1,
            assigned_by=w.a,
            deadline=D(2025, 5, 1),
        )
        figures = self.figures("dissemination", w.superuser, w.a)
        duties = Dissemination.objects.filter(self.in_subtree("organisation", w.a), deadline__range=(START, END))
        self.assertEqual(figures["total"], duties.count())
        self.assertEqual((figures["total"], figures["done"], figures["overdue"]), (3, 2, 1))
        self.assertEqual(figures["coverage"], 66.7)
        self.assertEqual((figures["sessions"], figures["participants"], figures["attendance"]), (2, 80, 80.0))
        self.assertEqual(self.figures("dissemination", w.superuser, w.province)["total"], 4)

    def test_totals_only_sharing_counts_without_naming_the_records(self):
        w = self.world
        SharingRule.objects.create(owner=w.b, viewer=w.a, mode="totals")
        figures = self.figures("dissemination", w.a_viewer, w.province)
        self.assertEqual(figures["total"], 2)  # A's duty and B's, counted
        a_subject = Document.objects.get(owner=w.a, classification=0, signed_on=D(2025, 2, 10)).subject
        self.assertEqual([row["subject"] for row in figures["by_document"]], [a_subject])  # A's only, named
        self.assertEqual(figures["unnamed"], {"total": 1, "done": 1})
        content = get_section("dissemination").render(context(w.a_viewer, w.province), figures)
        b_subject = Document.objects.get(owner=w.b).subject
        self.assertNotIn(b_subject, rendered_text(content))
        self.assertEqual(content.tables[0].rows[-1][2:4], [1, 1])

    def test_outreach(self):
        w = self.world
        figures = self.figures("outreach", w.p_admin, w.a)
        sessions = OutreachSession.objects.filter(self.in_subtree("owner", w.a), held_on__range=(START, END))
        self.assertEqual(figures["sessions"], sessions.count())
        self.assertEqual(figures["audience"], sessions.aggregate(n=Sum("audience"))["n"])
        self.assertEqual(figures["by_topic"], [{"name": "Luật Biên phòng Việt Nam", "count": 2, "audience": 240}])
        self.assertEqual(self.figures("outreach", w.p_admin, w.province)["sessions"], 3)

    def test_tasks(self):
        w = self.world
        figures = self.figures("tasks", w.superuser, w.a)
        of_a = self.in_subtree("assigned_by_org", w.a) | Q(
            units__role="lead", units__organisation__path__startswith=w.a.path
        )
        due = Task.objects.filter(of_a, deadline_in_force__range=(START, END)).distinct()
        self.assertEqual(figures["total"], due.count())
        self.assertEqual(figures["done"], due.filter(status="done").count())
        self.assertEqual(figures["on_time"], due.filter(status="done", completed_on_time=True).count())
        self.assertEqual(figures["overdue"], due.exclude(status__in=["done", "cancelled"]).count())
        self.assertEqual(
            (figures["total"], figures["done"], figures["overdue"], figures["on_time_rate"]), (5, 2, 3, 100)
        )
        self.assertEqual(figures["from_clauses"], 2)
        self.assertEqual([row["name"] for row in figures["by_unit"]], [w.a.name])
        self.assertEqual(figures["previous"], {"total": 1, "done": 1, "on_time": 0, "on_time_rate": 0.0})
        province = self.figures("tasks", w.superuser, w.province)
        self.assertEqual(province["total"], 7)
        self.assertEqual({row["name"] for row in province["by_unit"]}, {w.a.name, w.b.name})

    def test_agreements(self):
        w = self.world
        figures = self.figures("agreements", w.superuser, w.a)
        self.assertEqual((figures["clauses"], figures["clauses_active"]), (3, 2))  # B's article is not A's
        self.assertEqual(figures["activity"], [{"type": "work.task", "count": 2}])
        review = self.figures("agreements", w.superuser, w.province, w.a, agreement=self.data.agreement)
        self.assertTrue(review["review"])
        self.assertEqual([c["total"] for c in review["detail"]], [1, 1, 1])
        content = get_section("agreements").render(context(w.superuser, w.province), review)
        self.assertEqual(len(content.tables), 2)  # the agreements, and its articles one by one

    def test_border(self):
        w = self.world
        markers = self.figures("markers", w.p_admin, w.a)
        self.assertEqual(markers["total"], Marker.objects.filter(post=w.a).count())
        self.assertEqual((markers["by_condition"]["intact"], markers["by_condition"]["damaged"]), (2, 1))
        self.assertEqual(markers["overdue"], Marker.objects.filter(overdue_q(timezone.localdate()), post=w.a).count())
        self.assertEqual(markers["never"], 1)
        patrols = self.figures("patrols", w.p_admin, w.a)
        self.assertEqual(
            patrols["count"], Patrol.objects.filter(post=w.a, started_at__date__range=(START, END)).count()
        )
        self.assertEqual(patrols["forces"], {"border_guards": 6, "militia": 2, "people": 3, "police": 0})
        self.assertEqual(patrols["previous"]["count"], 1)
        self.assertEqual(self.figures("patrols", w.p_admin, w.province)["count"], 2)
        inspections = self.figures("inspections", w.p_admin, w.a)
        self.assertEqual((inspections["count"], inspections["markers"], inspections["serious"]), (2, 2, 1))
        self.assertEqual(inspections["follow_ups"], {"opened": 1, "done": 0, "overdue": 1})
        self.assertTrue(get_section("markers").applies(context(w.b_admin, w.b)))

    def test_programmes(self):
        w = self.world
        figures = self.figures("programmes", w.p_admin, w.a)
        self.assertEqual(figures["forest"], {"plots": 1, "ha": "12.5", "households": 0, "previous_ha": "0"})
        self.assertEqual((figures["houses"]["started"], figures["houses"]["handed_over"]), (1, 1))
        self.assertEqual(figures["resettled"]["households"], 5)
        self.assertEqual(figures["sponsored"], {"children": 1, "new": 1, "support": "2500000"})  # Feb–Jun × 500.000
        [indicator] = figures["indicators"]
        self.assertEqual((indicator["target"], indicator["achieved"], indicator["percent"]), ("100", "12.5", 12.5))
        # The province's report covers the programme's owner: the programme-wide target and every post's figures.
        [indicator] = self.figures("programmes", w.p_admin, w.province)["indicators"]
        self.assertEqual((indicator["target"], indicator["achieved"]), ("300", "32.5"))
        with translation.override("vi"):
            text = rendered_text(get_section("programmes").render(context(w.p_admin, w.a), figures))
        self.assertIn("12,5", text)
        self.assertIn("2.500.000", text)

    def test_both_parties_of_an_agreement_name_the_same_laggards_and_totals(self):
        """Post A and commune B review their agreement: neither may view the other's records (A counts B's as
        totals only), yet the dissemination figures, the units not done and the totals by document are the same;
        only the documents a party may not view are left unnamed."""
        from phoihop.orgs.models import Agreement
        from phoihop.work.tests.test_dissemination import make_duty

        w = self.world
        agreement = Agreement.objects.create(number="09-QC/ĐBP-ĐU", title="Quy chế thử A–B", owner=w.a)
        agreement.parties.set([w.a, w.b])
        SharingRule.objects.create(owner=w.b, viewer=w.a, mode="totals", agreement=agreement)
        make_duty(w.b, deadline=D(2025, 4, 1))  # B's own document, not done
        make_duty(w.a, deadline=D(2025, 4, 2))
        # a_secret and b_admin both clear the secret set of build_data: the clearance is not what differs here
        sides = [self.figures("dissemination", user, w.a, w.b, agreement=agreement) for user in (w.a_secret, w.b_admin)]
        for key in ("total", "done", "overdue", "documents", "coverage", "laggards"):
            self.assertEqual(sides[0][key], sides[1][key], key)
        self.assertIn(w.b.pk, {row["id"] for row in sides[0]["laggards"]})
        for side in sides:
            named = sum(row["total"] for row in side["by_document"])
            self.assertEqual(named + side["unnamed"]["total"], side["total"])
        self.assertGreater(sides[0]["unnamed"]["total"], 0)  # B's documents, not named to A

    def test_a_target_with_no_figure_of_the_year_is_not_zero_of_it(self):
        """A yearly figure comes after the year: until then the report says so, and lists it neither as met nor as
        a target not yet met."""
        from phoihop.programs.tests import factories as programs

        w = self.world
        yearly = programs.make_indicator(self.data.indicator.programme, code="HO", name="Hộ được bố trí", unit="hộ")
        programs.make_target(yearly, year=2025, organisation=w.a, value=Decimal("40"))
        ctx = context(w.p_admin, w.a)
        section = get_section("programmes")
        figures = section.compute(ctx)
        row = next(row for row in figures["indicators"] if row["name"] == "Hộ được bố trí")
        self.assertEqual((row["reported"], row["percent"], row["target"]), (False, None, "40"))
        with translation.override("en"):
            text = rendered_text(section.render(ctx, figures))
            directions = " ".join(section.directions(ctx, figures))
        self.assertIn("Hộ được bố trí: no figure reported for the year yet (target 40 hộ)", text)
        self.assertNotIn("Hộ được bố trí", directions)
        self.assertNotIn("hộ được bố trí", directions)

    def test_periodic_figures(self):
        w = self.world
        figures = self.figures("periodic_figures", w.p_admin, w.a)
        self.assertEqual((figures["expected"], figures["on_time"], figures["late"], figures["overdue"]), (6, 1, 0, 5))
        self.assertEqual(figures["missing"], [[w.a.name, 5]])  # (organisation, overdue reports)
        province = self.figures("periodic_figures", w.p_admin, w.province)
        self.assertEqual((province["expected"], province["on_time"], province["late"]), (12, 1, 1))
        self.assertEqual(province["completeness"], 16.7)
        self.assertEqual(province["previous"]["expected"], 12)

    def test_movements(self):
        w = self.world
        figures = self.figures("movements", w.p_admin, w.a)
        teams = figures["teams"]
        self.assertEqual((teams["teams"], teams["markers"], teams["markers_covered"]), (1, 3, 2))
        self.assertEqual(figures["events"]["events"], 1)
        self.assertEqual(figures["twinning"]["activities"], 1)
        self.assertEqual((figures["visits"]["visits"], figures["visits"]["previous"]), (1, 1))
        self.assertEqual(figures["visits"]["value"], "10000000")
        province = self.figures("movements", w.p_admin, w.province)
        self.assertEqual((province["events"]["events"], province["visits"]["visits"]), (2, 2))

    # --- classification ---------------------------------------------------------------------------------------

    def test_classified_records_count_only_for_cleared_users(self):
        w = self.world
        Task.objects.filter(title="Khắc phục mốc").update(  # now a register entry: no title, the paper file held
            classification=Classification.SECRET,
            title="",
            holding_unit=w.a,
            custodian="Văn thư",
            storage_place="Tủ mật",
        )
        counted = {
            "documents": lambda f: f["total"],
            "dissemination": lambda f: f["total"],
            "tasks": lambda f: f["total"],
            "agreements": lambda f: f["clauses_active"],
            "inspections": lambda f: f["follow_ups"]["opened"],
        }
        expected = {"documents": (2, 1), "dissemination": (2, 1), "tasks": (5, 2), "agreements": (2, 1)}
        expected["inspections"] = (1, 0)
        for key, value in counted.items():
            with self.subTest(key=key):
                cleared = value(self.figures(key, w.a_secret, w.a))
                uncleared = value(self.figures(key, w.a_admin, w.a))
                self.assertEqual((cleared, uncleared), expected[key])
        # Nothing of the secret records reaches the uncleared user's text either.
        figures = self.figures("dissemination", w.a_admin, w.a)
        text = rendered_text(get_section("dissemination").render(context(w.a_admin, w.a), figures))
        self.assertNotIn(self.data.secret_doc.number, text)
        # The cleared user's annex names the secret document by its register label (it holds no subject).
        cleared = self.figures("dissemination", w.a_secret, w.a)
        label = self.data.secret_doc.register_label()
        self.assertEqual(label, f"[Tối mật] {self.data.secret_doc.number}")
        self.assertIn(label, [row["subject"] for row in cleared["by_document"]])

    def test_prose_mentions_the_figures(self):
        w = self.world
        ctx = context(w.superuser, w.a)
        with translation.override("en"):
            content = get_section("tasks").render(ctx, get_section("tasks").compute(ctx))
        self.assertEqual(
            content.paragraphs[0],
            "In the period, 5 tasks fell due, up 4 (5 times the same period last year). 2 of the tasks due "
            "implement articles of the coordination agreements.",
        )
        self.assertEqual(content.tables[0].rows[-1][:3], ["Total", 5, 2])
        self.assertEqual(Decimal(str(content.tables[0].rows[0][6])), Decimal(100))
        # tasks were completed and none ahead of a later deadline: nothing says none was completed
        self.assertTrue(any("have been completed" in p for p in content.paragraphs), content.paragraphs)
        self.assertFalse(any("No task due in the period has been completed" in p for p in content.paragraphs))
