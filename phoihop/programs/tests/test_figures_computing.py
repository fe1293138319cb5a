"""Values computed from the records, one test per indicator source."""

import datetime
from decimal import Decimal

from django.test import TestCase

from phoihop.core.testing.views import WorldMixin
from phoihop.programs.choices import HouseStatus, IndicatorSource, PeriodType
from phoihop.programs.computing import computed_value, format_value, months_active
from phoihop.programs.models import ForestPlot
from phoihop.programs.tests.factories import (
    make_commune,
    make_forest_plot,
    make_house,
    make_indicator,
    make_programme,
    make_resettlement,
    make_sponsorship,
)

D = datetime.date


class ComputingTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.commune = make_commune("90001", "Xã Thử Nghiệm")
        cls.programme = make_programme(w.province, participants=[w.a, w.b])
        cls.other = make_programme(w.province, participants=[w.a])

    def indicator(self, source, period_type=PeriodType.MONTH):
        return make_indicator(self.programme, source=source, period_type=period_type)

    def value(self, source, start, period_type=PeriodType.MONTH, organisation=None):
        indicator = self.indicator(source, period_type)
        return computed_value(indicator, organisation or self.world.a, start)

    def test_manual_has_no_computed_value(self):
        self.assertIsNone(self.value(IndicatorSource.MANUAL, D(2025, 7, 1)))

    def test_forest_area_and_households(self):
        w, c, p = self.world, self.commune, self.programme
        make_forest_plot(
            w.a, c, programme=p, planted_on=D(2025, 7, 3), area_ha=Decimal("12.5"), households_contracted=4
        )
        make_forest_plot(
            w.a1, c, programme=p, planted_on=D(2025, 7, 31), area_ha=Decimal("3.25"), households_contracted=2
        )
        make_forest_plot(w.a, c, programme=p, planted_on=D(2025, 8, 1), area_ha=Decimal("100"))  # next month
        make_forest_plot(w.a, c, programme=p, planted_on=None, area_ha=Decimal("7"))  # yearly figures only
        make_forest_plot(w.b, c, programme=p, planted_on=D(2025, 7, 10), area_ha=Decimal("50"))  # other subtree
        make_forest_plot(w.a, c, programme=self.other, planted_on=D(2025, 7, 10), area_ha=Decimal("60"))
        make_forest_plot(w.a, c, programme=None, planted_on=D(2025, 7, 10), area_ha=Decimal("70"))
        deleted = make_forest_plot(w.a, c, programme=p, planted_on=D(2025, 7, 10), area_ha=Decimal("80"))
        ForestPlot.objects.filter(pk=deleted.pk).update(deleted_at=datetime.datetime(2025, 7, 11, tzinfo=datetime.UTC))
        self.assertEqual(self.value(IndicatorSource.FOREST_AREA, D(2025, 7, 1)), Decimal("15.75"))
        self.assertEqual(self.value(IndicatorSource.FOREST_HOUSEHOLDS, D(2025, 7, 1)), 6)
        self.assertEqual(self.value(IndicatorSource.FOREST_AREA, D(2025, 7, 1), PeriodType.QUARTER), Decimal("115.75"))
        # A yearly figure goes by the year planted, so the plot without a planting date counts.
        self.assertEqual(self.value(IndicatorSource.FOREST_AREA, D(2025, 1, 1), PeriodType.YEAR), Decimal("122.75"))
        self.assertEqual(self.value(IndicatorSource.FOREST_AREA, D(2025, 7, 1), organisation=w.a1), Decimal("3.25"))
        self.assertEqual(self.value(IndicatorSource.FOREST_AREA, D(2025, 6, 1)), 0)

    def test_houses_started_and_handed_over(self):
        w, c, p = self.world, self.commune, self.programme
        make_house(w.a, c, programme=p, status=HouseStatus.BUILDING, start_date=D(2025, 7, 2))
        make_house(
            w.a1,
            c,
            programme=p,
            status=HouseStatus.HANDED_OVER,
            start_date=D(2025, 7, 20),
            handover_date=D(2025, 9, 2),
        )
        make_house(
            w.a,
            c,
            programme=p,
            status=HouseStatus.HANDED_OVER,
            start_date=D(2025, 5, 1),
            handover_date=D(2025, 7, 30),
        )
        make_house(w.a, c, programme=p, status=HouseStatus.PLANNED)
        make_house(w.b, c, programme=p, status=HouseStatus.BUILDING, start_date=D(2025, 7, 5))
        self.assertEqual(self.value(IndicatorSource.HOUSES_STARTED, D(2025, 7, 1)), 2)
        self.assertEqual(self.value(IndicatorSource.HOUSES_HANDED_OVER, D(2025, 7, 1)), 1)
        self.assertEqual(self.value(IndicatorSource.HOUSES_HANDED_OVER, D(2025, 7, 1), PeriodType.QUARTER), 2)
        self.assertEqual(self.value(IndicatorSource.HOUSES_STARTED, D(2025, 1, 1), PeriodType.YEAR), 3)

    def test_resettlement(self):
        w, c, p = self.world, self.commune, self.programme
        make_resettlement(w.a, c, programme=p, households=5, people=21, date=D(2025, 7, 1))
        make_resettlement(w.a1, c, programme=p, households=2, people=9, date=D(2025, 7, 31))
        make_resettlement(w.a, c, programme=p, households=10, people=40, date=D(2025, 8, 1))
        make_resettlement(w.a, c, programme=self.other, households=10, people=40, date=D(2025, 7, 15))
        self.assertEqual(self.value(IndicatorSource.RESETTLED_HOUSEHOLDS, D(2025, 7, 1)), 7)
        self.assertEqual(self.value(IndicatorSource.RESETTLED_PEOPLE, D(2025, 7, 1)), 30)
        self.assertEqual(self.value(IndicatorSource.RESETTLED_PEOPLE, D(2025, 7, 1), PeriodType.QUARTER), 70)

    def test_sponsored_children_is_a_stock_at_the_period_end(self):
        w, p = self.world, self.programme
        make_sponsorship(w.a, programme=p, start_date=D(2024, 9, 1))  # still active
        make_sponsorship(w.a1, programme=p, start_date=D(2025, 3, 1), end_date=D(2025, 7, 31))  # to the last day
        make_sponsorship(w.a, programme=p, start_date=D(2025, 1, 1), end_date=D(2025, 7, 30))  # ended before
        make_sponsorship(w.a, programme=p, start_date=D(2025, 8, 1))  # not yet
        make_sponsorship(w.b, programme=p, start_date=D(2024, 9, 1))
        self.assertEqual(self.value(IndicatorSource.SPONSORED_CHILDREN, D(2025, 7, 1)), 2)
        self.assertEqual(self.value(IndicatorSource.SPONSORED_CHILDREN, D(2025, 7, 1), PeriodType.QUARTER), 2)

    def test_sponsorship_support(self):
        w, p = self.world, self.programme
        make_sponsorship(w.a, programme=p, monthly_support=Decimal("500000"), start_date=D(2024, 9, 1))
        make_sponsorship(
            w.a1, programme=p, monthly_support=Decimal("300000"), start_date=D(2025, 8, 15), end_date=D(2025, 12, 31)
        )
        self.assertEqual(self.value(IndicatorSource.SPONSORSHIP_SUPPORT, D(2025, 7, 1)), Decimal("500000"))
        # Q3: 3 months × 500.000 + 2 months (August from the 15th, September) × 300.000
        self.assertEqual(
            self.value(IndicatorSource.SPONSORSHIP_SUPPORT, D(2025, 7, 1), PeriodType.QUARTER), Decimal("2100000")
        )
        self.assertEqual(
            self.value(IndicatorSource.SPONSORSHIP_SUPPORT, D(2025, 1, 1), PeriodType.YEAR),
            Decimal("500000") * 12 + Decimal("300000") * 5,
        )

    def test_months_active(self):
        self.assertEqual(months_active(D(2025, 1, 1), D(2025, 12, 31), D(2025, 3, 31), D(2025, 4, 1)), 2)
        self.assertEqual(months_active(D(2025, 1, 1), D(2025, 3, 31), D(2024, 1, 1), None), 3)
        self.assertEqual(months_active(D(2025, 1, 1), D(2025, 3, 31), D(2025, 4, 1), None), 0)

    def test_format_value(self):
        self.assertEqual(format_value(Decimal("3840.5"), 1), "3.840,5")
        self.assertEqual(format_value(Decimal("1971"), 0), "1.971")
        self.assertEqual(format_value(None), "—")
