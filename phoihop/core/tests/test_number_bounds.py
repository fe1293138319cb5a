"""Numbers are bounded on the model fields, so the pages, the API and the imports refuse the same values."""

import datetime

import tablib
from django.apps import apps
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models.fields import PositiveIntegerRelDbTypeMixin
from django.test import TestCase
from rest_framework.test import APIClient

from phoihop.core.importexport import run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import editor_for
from phoihop.programs.models import PeriodicFigure, Resettlement
from phoihop.programs.resources.figures import PeriodicFigureResource
from phoihop.programs.resources.records import ResettlementResource
from phoihop.programs.tests.test_figures import FigureRecord, month
from phoihop.programs.tests.test_records import ResettlementRecord

#: numeric fields that may legitimately be negative, with the reason
ALLOW_NEGATIVE = {
    "audit.ChangeRecord.object_id": "the id of the changed record, written by the history, never typed",
    "audit.ChangeRecord.organisation_id": "the id of the owning organisation, written by the history",
    "border.Marker.vn2000_x": "a projected coordinate, checked against its grid in Marker.clean()",
    "border.Marker.vn2000_y": "a projected coordinate, checked against its grid in Marker.clean()",
    "border.Marker.elevation_m": "a place may lie below sea level",
}
PERCENT_WORDS = ("pct", "percent", "progress", "rate")
NUMERIC = (models.IntegerField, models.DecimalField, models.FloatField)
VIETNAMESE_MINIMUM = "lớn hơn hoặc bằng"


def numeric_fields():
    for model in apps.get_models():
        if not model._meta.app_config.name.startswith("phoihop."):
            continue
        for field in model._meta.concrete_fields:
            if isinstance(field, NUMERIC) and not isinstance(field, models.AutoField) and not field.is_relation:
                if not field.choices:
                    yield f"{model._meta.label}.{field.name}", field


def limits(field, validator_class):
    """The bounds declared on the field (not the database's own integer range)."""
    found = [v.limit_value for v in field._validators if isinstance(v, validator_class)]
    if validator_class is MinValueValidator and isinstance(field, PositiveIntegerRelDbTypeMixin):
        found.append(0)
    return found


class TestEveryNumberIsBounded(TestCase):
    def test_every_numeric_field_has_a_lower_bound_or_a_reason(self):
        unbounded = [name for name, field in numeric_fields() if not limits(field, MinValueValidator)]
        self.assertEqual(sorted(set(unbounded) - set(ALLOW_NEGATIVE)), [])
        # The allow-list names real fields that are still unbounded (no stale entries).
        self.assertEqual(sorted(set(ALLOW_NEGATIVE) - set(unbounded)), [])

    def test_percentages_are_between_0_and_100(self):
        wrong = [
            name
            for name, field in numeric_fields()
            if any(word in field.name for word in PERCENT_WORDS)
            and not (min(limits(field, MinValueValidator), default=-1) >= 0 and limits(field, MaxValueValidator))
            or any(word in field.name for word in PERCENT_WORDS)
            and max(limits(field, MaxValueValidator), default=101) > 100
        ]
        self.assertEqual(wrong, [])

    def test_years_are_sane(self):
        wrong = [
            name
            for name, field in numeric_fields()
            if "year" in field.name
            and not (
                max(limits(field, MinValueValidator), default=0) >= 1900
                and 0 < max(limits(field, MaxValueValidator), default=0) <= 2100
            )
        ]
        self.assertEqual(wrong, [])


class NegativeRefusedEverywhere:
    """−1 in ``field`` is refused by the form, the API and an import, each at the field, in Vietnamese."""

    field = None
    endpoint = None

    def assert_vietnamese(self, messages):
        self.assertTrue(messages, "no message at the field")
        self.assertTrue(any(VIETNAMESE_MINIMUM in str(message) for message in messages), messages)

    def test_form_refuses_a_negative_number(self):
        data = self.form_data(self.world.a)
        data[self.field] = "-1"
        self.client.force_login(editor_for(self.world, self.model))
        count = self.model.all_objects.count()
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assert_vietnamese(response.context["form"].errors.get(self.field))
        self.assertEqual(self.model.all_objects.count(), count)

    def test_api_refuses_a_negative_number(self):
        api = APIClient()
        api.force_authenticate(editor_for(self.world, self.model))
        count = self.model.all_objects.count()
        response = api.post(self.endpoint, {**self.api_data(self.world.a), self.field: -1}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assert_vietnamese(response.json().get(self.field))
        self.assertEqual(self.model.all_objects.count(), count)

    def test_import_refuses_a_negative_number(self):
        headers, row = self.import_row()
        row[headers.index(self.field)] = -1
        count = self.model.all_objects.count()
        _result, errors = run_import(
            self.resource(user=editor_for(self.world, self.model)), tablib.Dataset(row, headers=headers), dry_run=False
        )
        self.assertEqual([(number, field) for number, field, _message in errors], [(2, self.field)])
        self.assert_vietnamese([message for _number, _field, message in errors])
        self.assertEqual(self.model.all_objects.count(), count)

    def test_zero_is_accepted(self):
        headers, row = self.import_row()
        row[headers.index(self.field)] = 0
        _result, errors = run_import(
            self.resource(user=editor_for(self.world, self.model)), tablib.Dataset(row, headers=headers), dry_run=False
        )
        self.assertEqual(errors, [])


class TestFigureValue(FigureRecord, NegativeRefusedEverywhere, WorldMixin, TestCase):
    field = "value"
    endpoint = "/api/programs/figures/"
    resource = PeriodicFigureResource

    def url(self, action):
        from django.urls import reverse

        return reverse(PeriodicFigure.url_name(action))

    def api_data(self, owner):
        return {
            "indicator": self.indicator.pk,
            "organisation": owner.pk,
            "period_start": month(100).isoformat(),
            "value": "12.5",
        }

    def import_row(self):
        headers = ["programme", "indicator", "organisation", "period_start", "value", "note"]
        return headers, [self.programme.code, self.indicator.code, "T-A", "15/02/2031", "2", ""]


class TestResettlementHouseholds(ResettlementRecord, NegativeRefusedEverywhere, WorldMixin, TestCase):
    field = "households"
    endpoint = "/api/programs/resettlements/"
    resource = ResettlementResource

    def url(self, action):
        from django.urls import reverse

        return reverse(Resettlement.url_name(action))

    def import_row(self):
        headers = ["date", "organisation", "commune", "village_kind", "households", "people"]
        return headers, [datetime.date(2025, 7, 1).strftime("%d/%m/%Y"), "T-A", "T20901", "new", 6, 25]


def test_rates_round_half_up_and_never_claim_a_target_not_reached():
    from decimal import Decimal

    from phoihop.core.numbers import rate

    assert rate(1, 8) == 12.5
    assert rate(49, 400) == 12.3  # 12,25 rounds up
    assert rate(0, 0) is None and rate(3, None) is None
    assert rate(Decimal("3291.4"), 3292) == 99.9  # not "100,0%"
    assert rate(3292, 3292) == 100.0
    assert rate(5, 4) == 125.0
