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


class TestCursorPages(WorldMixin, TestCase):
    """The large API lists page by cursor (``core.pagination.RecordCursorPagination``)."""

    API = "/api/border/patrols/"

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        from django.utils import timezone

        from phoihop.border.models import Patrol

        start = timezone.now() - datetime.timedelta(days=30)
        # pairs with the same start: the id decides between them, none repeats or vanishes between pages
        cls.patrols = [
            Patrol.objects.create(
                post=cls.world.a,
                started_at=start + datetime.timedelta(hours=i // 2),
                ended_at=start + datetime.timedelta(hours=i // 2 + 1),
                border_guards=i % 3,
            )
            for i in range(7)
        ]

    def read_all(self, params):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(self.world.a_viewer)
        response = client.get(self.API, {"page_size": 2, **params})
        self.assertEqual(response.status_code, 200)
        body = response.json()
        self.assertNotIn("count", body)
        ids = [row["id"] for row in body["results"]]
        pages = 1
        while body["next"]:
            body = client.get(body["next"]).json()
            ids += [row["id"] for row in body["results"]]
            pages += 1
        return ids, pages

    def test_following_next_reads_every_row_once_in_the_list_order(self):
        ids, pages = self.read_all({})
        expected = sorted(self.patrols, key=lambda p: (p.started_at, p.pk), reverse=True)
        self.assertEqual(ids, [p.pk for p in expected])
        self.assertEqual(pages, 4)

    def test_an_ordering_asked_for_is_kept_with_the_id_after_it(self):
        ids, _pages = self.read_all({"ordering": "border_guards"})
        expected = sorted(self.patrols, key=lambda p: (p.border_guards, p.pk))
        self.assertEqual(ids, [p.pk for p in expected])

    def test_an_ordering_on_a_nullable_or_related_field_gives_the_default_order(self):
        expected = [p.pk for p in sorted(self.patrols, key=lambda p: (p.started_at, p.pk), reverse=True)]
        for ordering in ("segment", "-post"):
            with self.subTest(ordering=ordering):
                self.assertEqual(self.read_all({"ordering": ordering})[0], expected)
