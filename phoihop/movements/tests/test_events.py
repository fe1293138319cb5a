from decimal import Decimal

from django.test import TestCase

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests
from phoihop.core.testing.world import agreement_in_force
from phoihop.movements.models import TowardsBorderEvent
from phoihop.movements.tests.factories import build_places, counter, make_event


class EventRecord:
    model = TowardsBorderEvent

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = build_places()
        # the post and the commune coordinate under an agreement in force: each may name the other
        agreement_in_force(cls.world.a, cls.world.a, cls.world.b)

    def make_record(self, owner, **kwargs):
        return make_event(owner, self.places, **kwargs)

    def form_data(self, owner):
        return {
            "title": f"Ngày hội Biên phòng toàn dân tại xã Ba Sơn {next(counter)}",
            "held_on": "03/03/2026",
            "organiser": owner.pk,
            "co_organisers": [self.world.b.pk],
            "commune": self.places.ba_son.pk,
            "village": self.places.khon_po.pk,
            "participants_count": 320,
            "contributions_vnd": "1.500.000",
            "contribution_description": "Tặng 50 suất quà, sửa nhà văn hóa thôn",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["contributions_vnd"] = "-5"
        return data, "contributions_vnd"

    def export_keys(self, obj):
        return [obj.title]


class TestTowardsBorderEventViews(EventRecord, RecordViewTests, TestCase):
    def test_amounts_and_dates_are_read_the_vietnamese_way(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        event = TowardsBorderEvent.objects.get(title=data["title"])
        self.assertEqual(event.contributions_vnd, Decimal("1500000"))
        self.assertEqual(event.held_on.isoformat(), "2026-03-03")
        self.assertEqual(list(event.co_organisers.all()), [self.world.b])

    def test_a_fractional_amount_is_a_field_error(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["contributions_vnd"] = "1500,5"
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("contributions_vnd", response.context["form"].errors)

    def test_village_of_another_commune_is_a_field_error(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["village"] = self.places.na_han.pk
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("village", response.context["form"].errors)

    def test_a_co_organiser_reads_but_only_the_organiser_edits(self):
        event = self.make_record(self.world.a, co_organisers=[self.world.b])
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("detail", event)).status_code, 200)
        self.assertIn(event.pk, self.listed_pks(self.client.get(self.url("list"))))
        self.assertEqual(self.client.get(self.url("edit", event)).status_code, 403)
        self.assertEqual(self.client.post(self.url("delete", event)).status_code, 403)

    def test_a_reporter_records_only_for_their_own_organisation(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url("add"), self.form_data(self.world.b))
        self.assertEqual(response.status_code, 400)
        self.assertIn("organiser", response.context["form"].errors)


class TestTowardsBorderEventAPI(EventRecord, RecordAPITests, TestCase):
    endpoint = "/api/movements/events/"

    def api_data(self, owner):
        return {
            "title": f"Xuân Biên phòng ấm lòng dân bản {next(counter)}",
            "held_on": "2026-01-25",
            "organiser": owner.pk,
            "co_organisers": [],
            "commune": self.places.dong_dang.pk,
            "participants_count": 90,
            "contributions_vnd": "20000000",
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["held_on"] = "31/02/2026"
        return data, "held_on"
