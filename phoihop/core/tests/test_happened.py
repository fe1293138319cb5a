"""Dates of what has happened (inspections, patrols, sessions, visits, progress reports …) are not in the future:
the model field refuses them, so the form, the API and the import say so at the field — with "01/07/2025"-style
dates and in Vietnamese."""

import datetime

from django.apps import apps
from django.core.exceptions import ValidationError
from django.test import SimpleTestCase, TestCase
from django.utils import timezone, translation
from rest_framework.test import APIClient

from phoihop.core.testing.views import WorldMixin
from phoihop.core.validators import not_in_future
from phoihop.movements.tests.factories import make_marker

FIELDS = {
    ("border", "Patrol", "started_at"),
    ("border", "Inspection", "inspected_on"),
    ("movements", "TowardsBorderEvent", "held_on"),
    ("movements", "TwinningActivity", "held_on"),
    ("movements", "HolidayVisit", "held_on"),
    ("work", "DisseminationSession", "held_on"),
    ("work", "OutreachSession", "held_on"),
    ("work", "ReviewConference", "held_on"),
    ("work", "ProgressReport", "reported_on"),
    ("programs", "House", "handover_date"),
}


class ValidatorTests(SimpleTestCase):
    def test_every_date_of_what_happened_carries_the_rule(self):
        for app, model, name in FIELDS:
            with self.subTest(model=model, field=name):
                field = apps.get_model(app, model)._meta.get_field(name)
                self.assertIn(not_in_future, field.validators)

    def test_today_passes_tomorrow_does_not(self):
        today = timezone.localdate()
        not_in_future(today)
        not_in_future(timezone.now())
        with translation.override("vi"), self.assertRaises(ValidationError) as raised:
            not_in_future(today + datetime.timedelta(days=1))
        self.assertIn("chưa diễn ra", raised.exception.messages[0])
        self.assertIn(today.strftime("%d/%m/%Y"), raised.exception.messages[0])
        with self.assertRaises(ValidationError):
            not_in_future(timezone.now() + datetime.timedelta(hours=1))


class ApiTests(WorldMixin, TestCase):
    def test_an_inspection_dated_tomorrow_is_a_field_error(self):
        w = self.world
        marker = make_marker(w.a)
        client = APIClient()
        client.force_authenticate(w.a_admin)
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        response = client.post(
            "/api/border/inspections/",
            {
                "marker": marker.pk,
                "inspected_on": tomorrow.isoformat(),
                "inspecting_unit": w.a.pk,
                "condition": "damaged",
            },
            format="json",
            HTTP_ACCEPT_LANGUAGE="vi",
        )
        self.assertEqual(response.status_code, 400, response.content)
        self.assertIn("inspected_on", response.json())
        self.assertFalse(marker.inspections.exists())
