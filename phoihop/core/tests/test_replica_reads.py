"""Reports and background exports read their rows inside ``reading_from_replica()`` (issue 15, scale-out):
with a replica configured, the ReplicaRouter sends those reads to it; the job's own row is saved to the primary
after the block. The tests stand a recording in for the replica: what ``read_alias()`` answers while the rows are
read (the router answers the same)."""

from unittest import mock

from django.test import TestCase
from django.urls import reverse

from phoihop.core import db_routers
from phoihop.core.models import BackgroundExport
from phoihop.core.testing.views import WorldMixin
from phoihop.reports.tests.test_reports import ReportTestMixin, TaskFiguresSection

SEEN = []


class RecordingSection(TaskFiguresSection):
    def compute(self, ctx):
        SEEN.append(db_routers.ReplicaRouter().db_for_read(None))
        return super().compute(ctx)


class TestReportReadsTheReplica(ReportTestMixin, TestCase):
    sections = (RecordingSection,)

    def test_sections_read_the_replica_and_the_report_is_saved(self):
        SEEN.clear()
        with mock.patch.object(db_routers, "replica_configured", return_value=True):
            report = self.request()
        self.assertEqual(SEEN, [db_routers.REPLICA])
        self.assertEqual(report.status, "done")
        self.assertEqual(db_routers.read_alias(), "default")  # the block was left


class TestExportReadsTheReplica(WorldMixin, TestCase):
    def test_the_rows_are_read_from_the_replica(self):
        from phoihop.core import spreadsheets

        seen = []
        original = spreadsheets.safe_dataset

        def recording(dataset):
            seen.append(db_routers.read_alias())
            return original(dataset)

        self.client.force_login(self.world.a_viewer)
        with (
            mock.patch.object(db_routers, "replica_configured", return_value=True),
            mock.patch.object(spreadsheets, "safe_dataset", recording),
        ):
            self.client.post(reverse("core:exports"), {"model": "orgs.Organisation", "query": "", "fmt": "xlsx"})
        export = BackgroundExport.objects.get(user=self.world.a_viewer)
        self.assertTrue(seen)
        self.assertEqual(set(seen), {db_routers.REPLICA})
        self.assertEqual((export.status, export.row_count), ("done", 2))
