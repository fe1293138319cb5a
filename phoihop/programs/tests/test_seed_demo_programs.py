"""The illustrative programmes (``seed_demo_programs``, run after ``seed_demo``)."""

from decimal import Decimal
from io import StringIO

from django.core.management import call_command
from django.db.models import Sum
from django.test import TestCase

from phoihop.accounts.models import Membership
from phoihop.audit.models import ChangeRecord
from phoihop.border import coordinates
from phoihop.programs.choices import FigureStatus, HouseStatus
from phoihop.programs.models import (
    ForestPlot,
    FundingSource,
    House,
    HouseFunding,
    Household,
    Indicator,
    IndicatorTarget,
    PeriodicFigure,
    Programme,
    ProgrammeBudget,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)

SEEDED_MODELS = (
    FundingSource,
    Programme,
    ProgrammeBudget,
    Indicator,
    IndicatorTarget,
    ForestPlot,
    House,
    HouseFunding,
    Household,
    Resettlement,
    Sponsorship,
    SponsoredChild,
    PeriodicFigure,
    Membership,
)
POSTS = ("DBP-POMA", "DBP-BINHNGHI", "DBP-HUUNGHI", "DBP-BASON", "DBP-CHIMA")


def snapshot():
    return {model.__name__: sorted(model._base_manager.values_list("pk", "version")) for model in SEEDED_MODELS}


class TestSeedDemoPrograms(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())  # areas, organisations, accounts, the work, the border
        cls.output = StringIO()
        call_command("seed_demo_programs", stdout=cls.output)

    def test_second_run_changes_nothing(self):
        records, state = ChangeRecord.objects.count(), snapshot()
        out = StringIO()
        call_command("seed_demo_programs", stdout=out)
        self.assertIn("Demo programmes: 0 created, 0 updated; 0 history entries", out.getvalue())
        self.assertEqual(ChangeRecord.objects.count(), records)
        self.assertEqual(snapshot(), state)

    def test_programmes(self):
        names = set(Programme.objects.values_list("name", flat=True))
        for name in (
            "Dự án 661 — trồng rừng biên giới",
            "Mái ấm cho người nghèo nơi biên giới",
            "Đưa dân trở lại làng bản cũ, xây dựng thôn bản mới",
            "Nâng bước em tới trường",
            "Con nuôi đồn Biên phòng",
        ):
            self.assertIn(name, names)
        for programme in Programme.objects.all():
            self.assertIn("minh họa", programme.description)
            self.assertTrue(programme.indicators.exists(), programme)
            self.assertTrue(programme.budgets.exists(), programme)
            self.assertTrue(programme.participants.exists(), programme)
        codes = {"ngan-sach-trung-uong", "ngan-sach-tinh", "xa-hoi-hoa", "quy-vi-nguoi-ngheo", "don-vi-tu-van-dong"}
        self.assertLessEqual(codes, set(FundingSource.objects.values_list("code", flat=True)))
        self.assertTrue(HouseFunding.objects.filter(source__code="quy-vi-nguoi-ngheo").exists())
        self.assertTrue(IndicatorTarget.objects.filter(organisation__isnull=True).exists())
        self.assertTrue(IndicatorTarget.objects.filter(organisation__isnull=False).exists())

    def test_forest_of_project_661(self):
        plots = ForestPlot.objects.filter(programme__code="DA661").select_related("organisation", "commune")
        total = plots.aggregate(total=Sum("area_ha"))["total"]
        self.assertGreater(total, Decimal(3840))
        self.assertLess(total, Decimal(3900))
        years = set(plots.values_list("year_planted", flat=True))
        self.assertEqual((min(years), max(years)), (1999, 2010))
        self.assertEqual(set(plots.values_list("organisation__code", flat=True)), set(POSTS))
        self.assertTrue(plots.filter(polygon__isnull=False).exists())
        for plot in plots:
            self.assertTrue(plot.commune.is_border_commune, plot.code)
            self.assertIn(plot.commune, plot.organisation.areas.all())
            self.assertTrue(coordinates.inside_province(plot.latitude, plot.longitude), plot.code)
            self.assertTrue(plot.species and plot.survival_pct and plot.households_contracted)
            self.assertIn("minh họa", plot.note)
        # The official figures (locked, computed from the plots) add up to the same total.
        official = PeriodicFigure.objects.filter(
            indicator__code="661-HA", status__in=(FigureStatus.APPROVED, FigureStatus.LOCKED)
        ).aggregate(total=Sum("value"))["total"]
        self.assertEqual(Decimal(official).quantize(Decimal("0.1")), Decimal(total).quantize(Decimal("0.1")))

    def test_houses_resettlement_and_sponsorships(self):
        houses = House.objects.filter(programme__code="MAIAM-BG")
        self.assertGreaterEqual(houses.filter(status=HouseStatus.HANDED_OVER).count(), 40)
        self.assertTrue(houses.filter(status=HouseStatus.BUILDING).exists())
        self.assertFalse(houses.filter(funding__isnull=True).exists())
        for house in houses.filter(total_cost=0):
            self.fail(f"house without a total cost: {house}")
        self.assertEqual(Household.objects.filter(house__in=houses).count(), houses.count())
        self.assertFalse(Household.objects.exclude(identity_number="").exists())  # no invented identity numbers
        self.assertTrue(Resettlement.objects.filter(programme__code="DUADAN-BG").exists())
        self.assertTrue(Sponsorship.objects.filter(programme__code="NANGBUOC", end_date__isnull=True).exists())
        self.assertTrue(Sponsorship.objects.filter(programme__code="CONNUOI").exists())
        self.assertEqual(SponsoredChild.objects.count(), Sponsorship.objects.count())

    def test_figures_in_every_status_for_every_post(self):
        statuses = set(PeriodicFigure.objects.values_list("status", flat=True))
        self.assertEqual(statuses, set(FigureStatus.values))
        for code in POSTS:
            mine = set(PeriodicFigure.objects.filter(organisation__code=code).values_list("status", flat=True))
            self.assertEqual(mine, set(FigureStatus.values), code)
        # A figure returned to draft and a reopened one keep their reasons.
        self.assertTrue(PeriodicFigure.objects.filter(status=FigureStatus.DRAFT).exclude(status_reason="").exists())
        self.assertFalse(PeriodicFigure.objects.filter(status=FigureStatus.REOPENED, status_reason="").exists())
        # Written through the services: approvals name an approver of a parent organisation, with history.
        for figure in PeriodicFigure.objects.filter(status=FigureStatus.APPROVED).select_related(
            "approved_by", "organisation"
        )[:20]:
            self.assertIsNotNone(figure.approved_by)
        locked = PeriodicFigure.objects.filter(status=FigureStatus.LOCKED).first()
        self.assertGreaterEqual(
            ChangeRecord.objects.filter(content_type__model="periodicfigure", object_pk=str(locked.pk)).count(), 4
        )

    def test_personal_data_permission(self):
        granted = set(Membership.objects.filter(personal_data=True).values_list("user__username", "organisation__code"))
        self.assertEqual(granted, {("bdbp.admin", "DU-BDBP"), ("pomadon.approver", "DBP-POMA")})
        self.assertIn("personal-data permission", self.output.getvalue())
        self.assertIn("bdbp.admin", self.output.getvalue())
