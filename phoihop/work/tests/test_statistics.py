import datetime
import io

import openpyxl
from django.test import TestCase
from django.urls import reverse

from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import SharingRule
from phoihop.work import services
from phoihop.work.tests.factories import make_task

TODAY = datetime.date.today()


class TestStatistics(WorldMixin, TestCase):
    def setUp(self):
        approver = make_user("p_approver", self.world.province, Role.APPROVER)
        self.on_time = make_task(self.world, lead=self.world.a)
        services.task_submit(acting_user=self.world.a_reporter, task=self.on_time)
        services.task_accept(acting_user=approver, task=self.on_time)
        self.late = make_task(self.world, lead=self.world.a, deadline=TODAY - datetime.timedelta(days=5))
        services.task_submit(acting_user=self.world.a_reporter, task=self.late)
        services.task_accept(acting_user=approver, task=self.late)
        self.overdue = make_task(self.world, lead=self.world.a, deadline=TODAY - datetime.timedelta(days=1))
        self.other = make_task(self.world, lead=self.world.b)

    def test_figures_per_unit_and_status(self):
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("work:statistics"))
        tasks = response.context["tasks"]
        self.assertEqual(tasks["total"], 3)  # B's task is outside the scope
        unit = tasks["by_unit"][0]
        self.assertEqual(
            (unit["total"], unit["done"], unit["on_time"], unit["overdue"], unit["on_time_rate"]), (3, 2, 1, 1, 50.0)
        )
        self.assertEqual({r["value"]: r["count"] for r in tasks["by_status"]}["done"], 2)

    def test_totals_shared_figures_count_but_records_stay_hidden(self):
        SharingRule.objects.create(owner=self.world.b, viewer=self.world.a, mode="totals")
        self.client.force_login(self.world.a_viewer)
        self.assertEqual(self.client.get(reverse("work:statistics")).context["tasks"]["total"], 4)
        self.assertEqual(self.client.get(reverse("work:task_detail", args=[self.other.pk])).status_code, 404)

    def test_export_and_api(self):
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("work:statistics"), {"export": "xlsx"})
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        self.assertEqual(len(book.sheetnames), 4)
        data = self.client.get("/api/work/statistics/").json()
        self.assertEqual(data["tasks"]["total"], 3)
        bad = self.client.get("/api/work/statistics/", {"date_from": "31/02/2026"})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("date_from", bad.json())

    def test_period_filter(self):
        self.client.force_login(self.world.a_viewer)
        since = (TODAY - datetime.timedelta(days=2)).strftime("%d/%m/%Y")
        response = self.client.get(reverse("work:statistics"), {"date_from": since})
        self.assertEqual(response.context["tasks"]["total"], 2)  # the late one's deadline is before
