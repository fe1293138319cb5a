"""An export reads its rows in a handful of queries whatever their number: the records its columns name are joined
or prefetched (``core.importexport.RecordResource.filter_export``), not read one per row."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from phoihop.core.testing.views import WorldMixin
from phoihop.work.tests.factories import make_task

LIST = "/work/tasks/"


class TestExportQueries(WorldMixin, TestCase):
    def export_queries(self, fmt):
        self.client.force_login(self.world.p_admin)
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(LIST, {"export": fmt})
        self.assertEqual(response.status_code, 200)
        return len(queries)

    def add_tasks(self, count, start):
        w = self.world
        for i in range(count):
            make_task(
                w,
                assigner=w.province,
                lead=w.a if i % 2 else w.b,
                coordinating=[w.a1],
                deadline=datetime.date(2026, 6, 1) + datetime.timedelta(days=start + i),
            )

    def test_the_task_export_runs_as_many_queries_for_three_rows_as_for_twelve(self):
        for fmt in ("csv", "xlsx"):
            with self.subTest(fmt=fmt):
                self.add_tasks(3, start=0 if fmt == "csv" else 100)
                few = self.export_queries(fmt)
                self.add_tasks(9, start=10 if fmt == "csv" else 110)
                self.assertEqual(self.export_queries(fmt), few)


class TestPageExportLimit(WorldMixin, TestCase):
    """A list longer than ``PAGE_EXPORT_MAX_ROWS`` is not exported in the page's own answer (gunicorn's timeout
    would cut it off with a 500): the page says to use the background export, and the filters still apply."""

    def test_a_long_list_sends_the_user_to_the_background_export(self):
        w = self.world
        for day in range(1, 5):
            make_task(w, assigner=w.a, lead=w.a, deadline=datetime.date(2026, 6, day))
        self.client.force_login(w.p_admin)
        with self.settings(PAGE_EXPORT_MAX_ROWS=3):
            response = self.client.get(LIST, {"export": "xlsx", "q": "", "per_page": 50})
            self.assertEqual(response.status_code, 302)
            self.assertNotIn("export", response["Location"])
            self.assertIn("per_page=50", response["Location"])
            page = self.client.get(response["Location"])
            self.assertContains(page, "Danh sách có hơn 3 dòng")
            self.assertContains(page, "Xuất chạy nền")
        with self.settings(PAGE_EXPORT_MAX_ROWS=4):
            self.assertEqual(self.client.get(LIST, {"export": "xlsx"}).status_code, 200)
