from decimal import Decimal

from django.test import TestCase

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests
from phoihop.core.testing.world import agreement_in_force
from phoihop.movements.models import HolidayVisit, Occasion
from phoihop.movements.tests.factories import build_places, counter, make_visit


class VisitRecord:
    model = HolidayVisit

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = build_places()
        # the post and the commune coordinate under an agreement in force: each may name the other
        agreement_in_force(cls.world.a, cls.world.a, cls.world.b)

    def make_record(self, owner, **kwargs):
        return make_visit(owner, self.places, **kwargs)

    def form_data(self, owner):
        return {
            "held_on": "10/02/2026",
            "occasion": self.places.tet.pk,
            "visiting_organisation": owner.pk,
            "commune": self.places.ba_son.pk,
            "village": self.places.khon_po.pk,
            "households_visited": 35,
            "gifts_count": 35,
            "value_vnd": "17.500.000",
            "funding_source": self.places.budget.pk,
            "note": f"Thăm, chúc Tết các hộ gia đình chính sách {next(counter)}",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data.pop("commune")
        data.pop("village")
        return data, "visited_organisation"

    def export_keys(self, obj):
        return [obj.note]


class TestHolidayVisitViews(VisitRecord, RecordViewTests, TestCase):
    def test_values_are_read_the_vietnamese_way(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        visit = HolidayVisit.objects.get(note=data["note"])
        self.assertEqual((visit.value_vnd, visit.held_on.isoformat()), (Decimal("17500000"), "2026-02-10"))
        self.assertEqual(visit.funding_source, self.places.budget)

    def test_a_village_alone_brings_its_commune(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data.pop("commune")
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        self.assertEqual(HolidayVisit.objects.get(note=data["note"]).commune, self.places.ba_son)

    def test_village_of_another_commune_is_a_field_error(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["village"] = self.places.na_han.pk
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("village", response.context["form"].errors)

    def test_the_visited_organisation_reads_but_cannot_edit(self):
        visit = self.make_record(self.world.a, visited_organisation=self.world.b)
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("detail", visit)).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", visit)).status_code, 403)

    def test_an_organisation_alone_is_a_target(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data.pop("commune")
        data.pop("village")
        data["visited_organisation"] = self.world.b.pk
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)


class TestHolidayVisitAPI(VisitRecord, RecordAPITests, TestCase):
    endpoint = "/api/movements/visits/"

    def api_data(self, owner):
        return {
            "held_on": "2025-09-01",
            "occasion": self.places.national_day.pk,
            "visiting_organisation": owner.pk,
            "commune": self.places.dong_dang.pk,
            "households_visited": 10,
            "gifts_count": 10,
            "value_vnd": "5000000",
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data.pop("commune")
        return data, "visited_organisation"


class OccasionRecord:
    model = Occasion

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return Occasion.objects.create(code=f"dip-{n}", name=f"Dịp lễ {n}", **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"ngay-bien-phong-{n}", "name": "Ngày Biên phòng toàn dân 3/3", "sort_order": n}

    def invalid_form_data(self, owner):
        return {"code": "", "name": "Không có mã", "sort_order": 1}, "code"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.code]


class TestOccasionViews(OccasionRecord, RecordViewTests, TestCase):
    def test_only_superusers_edit_the_list(self):
        self.login(self.world.p_admin)
        self.assertEqual(self.client.get(self.url("add")).status_code, 403)

    def test_codes_are_unique(self):
        existing = self.make_record(None)
        self.login(self.world.superuser)
        response = self.client.post(self.url("add"), {"code": existing.code, "name": "Trùng mã", "sort_order": 1})
        self.assertEqual(response.status_code, 400)


class TestOccasionAPI(OccasionRecord, RecordAPITests, TestCase):
    endpoint = "/api/movements/occasions/"
