"""The ``within`` filter every list of an organisation's records has (``core.filtersets.BaseFilterSet``): the records
concerning the organisation or a unit below it — the scope rule of the figures — on the page, the API and the
exports; nothing for an organisation the user may not count; field errors for bad values."""

import datetime

from django.test import TestCase
from rest_framework.test import APIClient

from phoihop.core.testing.views import WorldMixin
from phoihop.work.tests.factories import make_task

LIST = "/work/tasks/"
API = "/api/work/tasks/"


class TestWithin(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        day = datetime.date(2026, 6, 1)
        cls.own = make_task(w, assigner=w.a, lead=w.a, deadline=day)
        cls.below = make_task(w, assigner=w.a1, lead=w.a1, deadline=day)
        cls.involving = make_task(w, assigner=w.province, lead=w.b, coordinating=[w.a1], deadline=day)
        cls.elsewhere = make_task(w, assigner=w.province, lead=w.b, deadline=day)

    def test_the_list_holds_the_subtree_and_says_so(self):
        self.client.force_login(self.world.p_viewer)
        response = self.client.get(LIST, {"within": self.world.a.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            {task.pk for task in response.context["table"].data},
            {self.own.pk, self.below.pk, self.involving.pk},
        )
        self.assertContains(response, 'data-testid="within"')
        self.assertContains(response, self.world.a.name)
        self.assertContains(response, 'type="hidden" name="within"')

    def test_the_api_and_the_export_filter_alike(self):
        client = APIClient()
        client.force_authenticate(self.world.p_viewer)
        rows = client.get(API, {"within": self.world.a.pk}).json()["results"]
        self.assertEqual({row["id"] for row in rows}, {self.own.pk, self.below.pk, self.involving.pk})
        self.client.force_login(self.world.p_viewer)
        export = self.client.get(LIST, {"within": self.world.a.pk, "export": "csv"})
        self.assertEqual(export.status_code, 200)
        lines = [line for line in export.content.decode("utf-8-sig").splitlines() if line.strip()]
        self.assertEqual(len(lines), 1 + 3)

    def test_an_organisation_out_of_reach_gives_nothing(self):
        self.client.force_login(self.world.b_admin)  # B may not count post A
        response = self.client.get(LIST, {"within": self.world.a.pk})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response.context["total"], 0)
        self.assertNotContains(response, self.world.a.name)
        client = APIClient()
        client.force_authenticate(self.world.b_admin)
        self.assertEqual(client.get(API, {"within": self.world.a.pk}).json()["results"], [])

    def test_bad_values_are_field_errors(self):
        client = APIClient()
        client.force_authenticate(self.world.p_viewer)
        for value in ("abc", str(2**70)):
            with self.subTest(value=value):
                response = client.get(API, {"within": value})
                self.assertEqual(response.status_code, 400)
                self.assertIn("within", response.json())
