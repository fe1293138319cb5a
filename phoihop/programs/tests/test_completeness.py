"""Completeness and timeliness of the periodic figures."""

import datetime
import io
from decimal import Decimal

import openpyxl
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone

from phoihop.core.testing.views import WorldMixin
from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.completeness import LATE, NOT_DUE, ON_TIME, OVERDUE, figure_completeness
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.tests.factories import make_indicator, make_programme

D = datetime.date
URL = "/programs/figures/completeness/"
PERIODS = [D(2025, 1, 1), D(2025, 2, 1), D(2025, 3, 1)]
TODAY = D(2025, 3, 20)


def at(day, hour=10):
    return timezone.make_aware(datetime.datetime(day.year, day.month, day.day, hour))


class CompletenessTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.programme = make_programme(w.province, participants=[w.a, w.b])
        cls.area = make_indicator(cls.programme, code="DT", deadline_days=5)
        cls.houses = make_indicator(cls.programme, code="NHA", deadline_days=10)
        make_indicator(cls.programme, code="NAM", period_type=PeriodType.YEAR)

    def report(self, organisation, start, submitted_on, indicators=None, status=FigureStatus.SUBMITTED):
        for indicator in indicators or (self.area, self.houses):
            PeriodicFigure.objects.create(
                indicator=indicator,
                organisation=organisation,
                period_type=PeriodType.MONTH,
                period_start=start,
                value=Decimal(1),
                status=status,
                submitted_at=at(submitted_on) if submitted_on else None,
            )

    def build(self, user=None, today=TODAY):
        return figure_completeness(user or self.world.p_admin, self.programme, PeriodType.MONTH, PERIODS, today=today)

    def test_statuses_and_rates(self):
        w = self.world
        # January: A on time (DT by 5/2, NHA by 10/2), B late (NHA after 10/2).
        self.report(w.a, D(2025, 1, 1), D(2025, 2, 5))
        self.report(w.b, D(2025, 1, 1), D(2025, 2, 3), [self.area])
        self.report(w.b, D(2025, 1, 1), D(2025, 2, 11), [self.houses])
        # February: A approved on time; B only one of the two indicators.
        self.report(w.a, D(2025, 2, 1), D(2025, 3, 1), status=FigureStatus.APPROVED)
        self.report(w.b, D(2025, 2, 1), D(2025, 3, 1), [self.area])
        # March: a draft does not count; nothing is due yet on 20/03.
        self.report(w.a, D(2025, 3, 1), None, status=FigureStatus.DRAFT)
        result = self.build()
        rows = {row.organisation.code: [c.status for c in row.cells] for row in result.rows}
        self.assertEqual(rows, {"T-A": [ON_TIME, ON_TIME, NOT_DUE], "T-B": [LATE, OVERDUE, NOT_DUE]})
        january, february, march = result.periods
        self.assertEqual((january.expected, january.reported, january.on_time), (2, 2, 1))
        self.assertEqual((january.completeness, january.timeliness), (100.0, 50.0))
        self.assertEqual((february.completeness, february.timeliness), (50.0, 50.0))
        self.assertEqual([o.code for o in february.not_reported], ["T-B"])
        self.assertEqual(march.completeness, 0.0)
        self.assertEqual(january.deadline, D(2025, 2, 10))  # the latest of the indicators' deadlines
        b_february = next(r for r in result.rows if r.organisation.code == "T-B").cells[1]
        self.assertEqual((b_february.reported, b_february.expected), (1, 2))
        self.assertEqual((result.expected, result.reported, result.on_time), (6, 3, 2))
        self.assertEqual(result.completeness, 50.0)

    def test_reopened_values_still_count_as_reported(self):
        self.report(self.world.a, D(2025, 1, 1), D(2025, 2, 1), status=FigureStatus.REOPENED)
        self.assertEqual(self.build().rows[0].cells[0].status, ON_TIME)

    def test_the_gate_narrows_the_organisations(self):
        self.report(self.world.b, D(2025, 1, 1), D(2025, 2, 1))
        result = self.build(self.world.a_viewer)
        self.assertEqual([row.organisation.code for row in result.rows], ["T-A"])
        self.assertEqual(result.periods[0].expected, 1)
        self.assertEqual(result.periods[0].reported, 0)

    def test_query_count_does_not_grow(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.build()
        with CaptureQueriesContext(connection) as few:
            self.build()
        for start in PERIODS:
            self.report(self.world.a, start, start)
            self.report(self.world.b, start, start)
        with CaptureQueriesContext(connection) as many:
            self.build()
        self.assertEqual(len(few), len(many))

    def test_page_and_export(self):
        w = self.world
        self.report(w.a, D(2025, 1, 1), D(2025, 2, 1))
        self.login(w.p_viewer)
        query = {
            "programme": self.programme.pk,
            "period_type": "month",
            "date_from": "01/01/2025",
            "date_to": "31/03/2025",
        }
        response = self.client.get(URL, query)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="completeness-table"')
        self.assertContains(response, 'data-status="on_time"')
        self.assertEqual(len(response.context["result"].periods), 3)
        export = self.client.get(URL, {**query, "export": "xlsx"})
        self.assertEqual(export.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(export.content))
        cells = {str(c.value) for row in book.worksheets[0].iter_rows() for c in row if c.value is not None}
        self.assertIn("T-A", cells)
        self.assertIn("T-B", cells)
        missing = {str(c.value) for row in book.worksheets[1].iter_rows() for c in row if c.value is not None}
        self.assertIn("T-B", missing)

    def test_bad_input_is_a_field_error(self):
        self.login(self.world.p_viewer)
        self.assertEqual(reverse("programs:figure_completeness"), URL)
        self.assertEqual(self.client.get(URL).status_code, 200)
        response = self.client.get(URL, {"programme": self.programme.pk, "period_type": "month", "date_from": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("date_from", response.context["form"].errors)
        response = self.client.get(
            URL, {"programme": self.programme.pk, "period_type": "month", "date_from": "01/01/2000"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("date_to", response.context["form"].errors)

    def test_an_outsider_does_not_see_the_programme(self):
        other = make_programme(self.world.province, participants=[self.world.b])
        self.login(self.world.a_viewer)
        response = self.client.get(URL, {"programme": other.pk, "period_type": "month"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("programme", response.context["form"].errors)


class ReportingStartTests(WorldMixin, TestCase):
    def test_periods_before_the_reporting_start_owe_nothing(self):
        w = self.world
        programme = make_programme(w.province, participants=[w.a], start_date=D(2020, 1, 1))
        make_indicator(programme, code="DT", deadline_days=5)
        before = figure_completeness(w.p_admin, programme, PeriodType.MONTH, PERIODS, today=TODAY)
        self.assertEqual([p.start for p in before.periods], PERIODS)
        programme.reporting_from = D(2025, 2, 1)
        programme.save()
        after = figure_completeness(w.p_admin, programme, PeriodType.MONTH, PERIODS, today=TODAY)
        self.assertEqual([p.start for p in after.periods], PERIODS[1:])

    def test_reporting_cannot_start_before_the_programme(self):
        from django.core.exceptions import ValidationError

        programme = make_programme(self.world.province, start_date=D(2024, 1, 1))
        programme.reporting_from = D(2023, 12, 1)
        with self.assertRaises(ValidationError) as caught:
            programme.full_clean()
        self.assertIn("reporting_from", caught.exception.message_dict)
