import datetime

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests
from phoihop.core.testing.world import agreement_in_force
from phoihop.movements.models import Twinning, TwinningActivity
from phoihop.movements.tests.factories import build_places, counter, make_twinning


class TwinningRecord:
    model = Twinning

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = build_places()
        # the post and the commune coordinate under an agreement in force: each may name the other
        agreement_in_force(cls.world.a, cls.world.a, cls.world.b)

    def make_record(self, owner, **kwargs):
        return make_twinning(owner, self.places, **kwargs)

    def partner_of(self, owner):
        return self.world.b if owner != self.world.b else self.world.a

    def form_data(self, owner):
        return {
            "organisation": owner.pk,
            "partner_organisation": self.partner_of(owner).pk,
            "started_on": "22/12/2019",
            "commitments": f"Giúp nhau phát triển kinh tế, giữ vững an ninh biên giới ({next(counter)})",
            "active": "on",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["partner_village"] = self.places.khon_po.pk  # both a partner organisation and a village
        return data, "partner_village"

    def export_keys(self, obj):
        return [obj.commitments]


class TestTwinningViews(TwinningRecord, RecordViewTests, TestCase):
    def post_add(self, **changes):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), **changes}
        return self.client.post(self.url("add"), data)

    def test_a_partner_is_required(self):
        response = self.post_add(partner_organisation="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("partner_organisation", response.context["form"].errors)

    def test_a_village_partner(self):
        response = self.post_add(partner_organisation="", partner_village=self.places.khon_po.pk)
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Twinning.objects.get().partner_village, self.places.khon_po)

    def test_no_twinning_with_oneself(self):
        response = self.post_add(partner_organisation=self.world.a.pk)
        self.assertEqual(response.status_code, 400)
        self.assertIn("partner_organisation", response.context["form"].errors)

    def test_the_end_is_not_before_the_start(self):
        response = self.post_add(ended_on="01/01/2019")
        self.assertEqual(response.status_code, 400)
        self.assertIn("ended_on", response.context["form"].errors)
        self.assertEqual(self.post_add(ended_on="22/12/2019").status_code, 302)

    def test_the_partner_reads_but_cannot_edit(self):
        twinning = self.make_record(self.world.a, partner_organisation=self.world.b)
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("detail", twinning)).status_code, 200)
        self.assertIn(twinning.pk, self.listed_pks(self.client.get(self.url("list"))))
        self.assertEqual(self.client.get(self.url("edit", twinning)).status_code, 403)
        response = self.client.post(self.url("edit", twinning), self.edit_data(twinning, self.world.a))
        self.assertEqual(response.status_code, 403)
        self.assertEqual(self.client.post(self.url("delete", twinning)).status_code, 403)
        self.assertNotContains(self.client.get(self.url("detail", twinning)), 'data-testid="add-activity"')
        api = APIClient()
        api.force_authenticate(self.world.b_admin)
        endpoint = f"/api/movements/twinnings/{twinning.pk}/"
        self.assertEqual(api.get(endpoint).status_code, 200)
        data = {
            "version": twinning.version,
            "organisation": self.world.a.pk,
            "partner_organisation": self.world.b.pk,
            "started_on": "2020-03-03",
            "commitments": "Đổi nội dung",
            "active": True,
        }
        self.assertEqual(api.put(endpoint, data, format="json").status_code, 403)
        twinning.refresh_from_db()
        self.assertEqual(twinning.version, 1)

    def test_a_village_partner_gives_no_reading_to_others(self):
        twinning = self.make_record(self.world.a)
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("detail", twinning)).status_code, 404)

    def test_detail_lists_activities_and_links_to_adding_one(self):
        twinning = self.make_record(self.world.a, partner_organisation=self.world.b)
        TwinningActivity.objects.create(
            twinning=twinning, held_on=datetime.date(2025, 5, 19), description="Giúp dân thu hoạch hồi", value_vnd=0
        )
        self.login(self.world.a_reporter)
        response = self.client.get(self.url("detail", twinning))
        self.assertContains(response, "Giúp dân thu hoạch hồi")
        add_url = f"{reverse('movements:twinningactivity_add')}?twinning={twinning.pk}"
        self.assertContains(response, add_url)
        form = self.client.get(add_url).context["form"]
        self.assertEqual(str(form["twinning"].value()), str(twinning.pk))


class TestTwinningAPI(TwinningRecord, RecordAPITests, TestCase):
    endpoint = "/api/movements/twinnings/"

    def api_data(self, owner):
        return {
            "organisation": owner.pk,
            "partner_village": self.places.na_han.pk,
            "started_on": "2018-12-22",
            "commitments": f"Kết nghĩa {next(counter)}",
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data.pop("partner_village")
        return data, "partner_organisation"

    def test_the_end_is_not_before_the_start(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(
            self.endpoint, {**self.api_data(self.world.a), "ended_on": "2018-01-01"}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("ended_on", response.json())


class ActivityRecord:
    model = TwinningActivity

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = build_places()

    def make_record(self, owner, **kwargs):
        twinning = kwargs.pop("twinning", None) or make_twinning(owner, self.places)
        kwargs.setdefault("held_on", datetime.date(2025, 9, 2))
        kwargs.setdefault("description", f"Thăm hỏi, giúp dân sửa nhà lần {next(counter)}")
        return TwinningActivity.objects.create(twinning=twinning, participants_count=12, value_vnd=3000000, **kwargs)

    def form_data(self, owner):
        return {
            "twinning": make_twinning(owner, self.places).pk,
            "held_on": "02/09/2025",
            "description": f"Tặng quà Quốc khánh cho các hộ khó khăn {next(counter)}",
            "participants_count": 15,
            "value_vnd": "4.500.000",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["held_on"] = "01/01/2019"  # before the twinning started (03/03/2020)
        return data, "held_on"

    def export_keys(self, obj):
        return [obj.description]


class TestTwinningActivityViews(ActivityRecord, RecordViewTests, TestCase):
    def test_the_partner_reads_activities_but_cannot_add_them(self):
        twinning = make_twinning(self.world.a, self.places, partner_organisation=self.world.b)
        activity = self.make_record(self.world.a, twinning=twinning)
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("detail", activity)).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", activity)).status_code, 403)
        data = {**self.form_data(self.world.a), "twinning": twinning.pk}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("twinning", response.context["form"].errors)

    def test_after_the_end_is_a_field_error(self):
        twinning = make_twinning(self.world.a, self.places, ended_on=datetime.date(2024, 12, 31))
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "twinning": twinning.pk, "held_on": "02/01/2025"}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("held_on", response.context["form"].errors)


class TestTwinningActivityAPI(ActivityRecord, RecordAPITests, TestCase):
    endpoint = "/api/movements/twinning-activities/"

    def api_data(self, owner):
        return {
            "twinning": make_twinning(owner, self.places).pk,
            "held_on": "2025-12-22",
            "description": f"Giao lưu văn nghệ {next(counter)}",
            "participants_count": 40,
            "value_vnd": "0",
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["value_vnd"] = "-1"
        return data, "value_vnd"
