"""The data-entry grid: one organisation's values of a programme for one period."""

import datetime
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from phoihop.core.testing.views import WorldMixin
from phoihop.programs.choices import FigureStatus, IndicatorSource, PeriodType
from phoihop.programs.forms.figures import parse_period
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.tests.factories import make_commune, make_house, make_indicator, make_programme

D = datetime.date


class TestParsePeriod(TestCase):
    def test_forms(self):
        cases = {
            ("15/07/2025", PeriodType.MONTH): D(2025, 7, 1),
            ("15/08/2025", PeriodType.QUARTER): D(2025, 7, 1),
            ("07/2025", PeriodType.MONTH): D(2025, 7, 1),
            ("2025-07", PeriodType.MONTH): D(2025, 7, 1),
            ("Q3/2025", PeriodType.QUARTER): D(2025, 7, 1),
            ("quý IV/2025", PeriodType.QUARTER): D(2025, 10, 1),
            ("2025", PeriodType.YEAR): D(2025, 1, 1),
            ("15/07/2025", PeriodType.YEAR): D(2025, 1, 1),
        }
        for (text, period_type), expected in cases.items():
            self.assertEqual(parse_period(text, period_type), expected, text)
        for bad in ("", "31/02/2025", "13/2025", "tháng bảy", "Q5/2025"):
            with self.assertRaises(ValueError, msg=bad):
                parse_period(bad, PeriodType.MONTH)


class EntryTests(WorldMixin, TestCase):
    url = "/programs/figures/entry/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.programme = make_programme(w.province, participants=[w.a, w.b])
        cls.area = make_indicator(cls.programme, code="DT", unit="ha", decimals=1, sort_order=1)
        cls.houses = make_indicator(
            cls.programme, code="NHA", unit="căn", source=IndicatorSource.HOUSES_STARTED, sort_order=2
        )
        make_indicator(cls.programme, code="NAM", period_type=PeriodType.YEAR)  # another period type
        cls.commune = make_commune("90002", "Xã Nhập Liệu")

    def setUp(self):
        self.login(self.world.a_reporter)

    def query(self, **extra):
        return {
            "organisation": self.world.a.pk,
            "programme": self.programme.pk,
            "period_type": PeriodType.MONTH,
            "period": "07/2025",
            **extra,
        }

    def entry_url(self, **extra):
        from urllib.parse import urlencode

        return f"{self.url}?{urlencode(self.query(**extra))}"

    def figure(self, indicator=None, **kwargs):
        return PeriodicFigure.objects.create(
            indicator=indicator or self.area,
            organisation=self.world.a,
            period_type=PeriodType.MONTH,
            period_start=D(2025, 7, 1),
            **kwargs,
        )

    def test_url_name(self):
        self.assertEqual(reverse("programs:figure_entry"), self.url)

    def test_empty_page_and_the_grid(self):
        self.assertEqual(self.client.get(self.url).status_code, 200)
        response = self.client.get(self.url, self.query())
        self.assertEqual(response.status_code, 200)
        self.assertEqual([row.indicator.code for row in response.context["rows"]], ["DT", "NHA"])
        self.assertContains(response, 'data-testid="compute-NHA"')

    def test_bad_period_is_a_field_error(self):
        response = self.client.get(self.url, self.query(period="tháng bảy"))
        self.assertEqual(response.status_code, 400)
        self.assertIn("period", response.context["select_form"].errors)

    def test_only_organisations_the_user_reports_for(self):
        response = self.client.get(self.url, self.query(organisation=self.world.b.pk))
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["select_form"].errors)

    def test_saves_vietnamese_numbers_as_drafts(self):
        response = self.client.post(self.entry_url(), {f"value_{self.area.pk}": "3.840,5", "save": "1"})
        self.assertEqual(response.status_code, 302, response.context and response.context["grid"].errors)
        figure = PeriodicFigure.objects.get(indicator=self.area, organisation=self.world.a)
        self.assertEqual(
            (figure.value, figure.period_start, figure.status), (Decimal("3840.5"), D(2025, 7, 1), FigureStatus.DRAFT)
        )
        self.assertFalse(PeriodicFigure.objects.filter(indicator=self.houses).exists())  # left empty
        page = self.client.get(self.entry_url())
        self.assertContains(page, 'value="3.840,5"')

    def test_invalid_number_is_a_field_error_and_saves_nothing(self):
        data = {f"value_{self.area.pk}": "3,84,5", f"value_{self.houses.pk}": "2", "save": "1"}
        response = self.client.post(self.entry_url(), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn(f"value_{self.area.pk}", response.context["grid"].errors)
        self.assertContains(response, f'data-field="value_{self.area.pk}"', status_code=400)
        self.assertFalse(PeriodicFigure.objects.exists())

    def test_stale_version_is_a_field_error(self):
        figure = self.figure(value=Decimal("1"))
        data = {
            f"value_{self.area.pk}": "2",
            f"version_{self.area.pk}": figure.version,
            f"value_{self.houses.pk}": "5",
            "save": "1",
        }
        PeriodicFigure.objects.filter(pk=figure.pk).update(value=Decimal("7"), version=figure.version + 1)
        response = self.client.post(self.entry_url(), data)
        self.assertEqual(response.status_code, 409)
        self.assertIn(f"value_{self.area.pk}", response.context["grid"].errors)
        figure.refresh_from_db()
        self.assertEqual(figure.value, Decimal("7"))
        self.assertFalse(PeriodicFigure.objects.filter(indicator=self.houses).exists(), "all or nothing")

    def test_a_value_created_meanwhile_is_stale_too(self):
        self.figure(value=Decimal("1"))
        response = self.client.post(self.entry_url(), {f"value_{self.area.pk}": "2", "save": "1"})
        self.assertEqual(response.status_code, 409)

    def test_submit_all(self):
        figure = self.figure(value=Decimal("1"))
        data = {
            f"value_{self.area.pk}": "1",
            f"version_{self.area.pk}": figure.version,
            f"value_{self.houses.pk}": "",
            "submit": "1",
        }
        response = self.client.post(self.entry_url(), data)
        self.assertEqual(response.status_code, 302)
        figure.refresh_from_db()
        self.assertEqual(figure.status, FigureStatus.SUBMITTED)
        self.assertEqual(figure.version, 2, "an unchanged value is not saved again, only submitted")

    def test_locked_values_are_read_only(self):
        figure = self.figure(value=Decimal("1"), status=FigureStatus.APPROVED)
        page = self.client.get(self.entry_url())
        row = page.context["rows"][0]
        self.assertFalse(row.editable)
        self.assertTrue(row.field.field.disabled)
        response = self.client.post(self.entry_url(), {f"value_{self.area.pk}": "99", "save": "1"})
        self.assertEqual(response.status_code, 302)
        figure.refresh_from_db()
        self.assertEqual((figure.value, figure.version), (Decimal("1"), 1))

    def test_compute_from_records(self):
        from phoihop.programs.choices import HouseStatus

        make_house(
            self.world.a, self.commune, programme=self.programme, status=HouseStatus.BUILDING, start_date=D(2025, 7, 9)
        )
        page = self.client.get(self.entry_url())
        self.assertEqual(page.context["rows"][1].suggestion, 1)
        response = self.client.post(self.entry_url(), {"compute": str(self.houses.pk)})
        self.assertEqual(response.status_code, 302)
        figure = PeriodicFigure.objects.get(indicator=self.houses)
        self.assertEqual((figure.value, figure.computed), (Decimal(1), True))

    def test_viewer_has_nothing_to_enter(self):
        self.login(self.world.a_viewer)
        response = self.client.get(self.url, self.query())
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["select_form"].errors)
