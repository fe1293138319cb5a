"""Lists count at most ``COUNT_CAP`` rows (``core.pagination.CappedPaginator``): below it the count is exact, above
it the page says "more than …" and still serves its pages."""

import datetime
from unittest import mock

from django.test import TestCase

from phoihop.core.pagination import CappedPaginator
from phoihop.core.testing.views import WorldMixin
from phoihop.work.models import Task
from phoihop.work.tests.factories import make_task

LIST = "/work/tasks/"


class TestCappedCount(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        for day in range(1, 8):
            make_task(w, assigner=w.a, lead=w.a, deadline=datetime.date(2026, 6, day))

    def test_below_the_cap_the_count_is_exact(self):
        paginator = CappedPaginator(Task.objects.order_by("pk"), 2)
        self.assertEqual((paginator.count, paginator.capped, paginator.num_pages), (7, False, 4))

    def test_above_the_cap_the_list_says_more_than_the_cap(self):
        self.client.force_login(self.world.p_viewer)
        with mock.patch.object(CappedPaginator, "cap", 5):
            response = self.client.get(LIST, {"per_page": 25})
            paginator = CappedPaginator(Task.objects.order_by("pk"), 2)
            self.assertEqual((paginator.count, paginator.capped, paginator.num_pages), (5, True, 3))
        self.assertEqual(response.status_code, 200)
        self.assertTrue(response.context["total_capped"])
        self.assertEqual(response.context["total"], 5)
        self.assertContains(response, "Hơn 5 bản ghi")
        self.assertNotContains(response, "5 bản ghi</div>")

    def test_the_count_reads_at_most_the_cap(self):
        with mock.patch.object(CappedPaginator, "cap", 3), self.assertNumQueries(1) as queries:
            self.assertEqual(CappedPaginator(Task.objects.order_by("pk"), 2).count, 3)
        self.assertIn("LIMIT 4", queries.captured_queries[0]["sql"])
