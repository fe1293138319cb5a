"""The demo review report (``seed_demo_reports``, run after ``seed_demo``), generated through the real sections."""

import io
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from docx import Document as DocxDocument

from phoihop.accounts.models import User
from phoihop.reports.models import Report, ReportStatus, ReportTemplate


class TestSeedDemoReports(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())
        call_command("seed_demo_reports", stdout=StringIO())

    def the_report(self):
        return Report.objects.get(organisation__code="TU-LS", template=ReportTemplate.AGREEMENT_REVIEW, edition=1)

    def test_the_review_report_is_generated_from_the_demo_data(self):
        report = self.the_report()
        self.assertEqual(report.status, ReportStatus.DONE, report.error)
        self.assertEqual(report.generated_by.username, "tinhuy.admin")
        self.assertEqual(report.agreement.number, "01-QC/TU-ĐUBĐBP")
        self.assertEqual(report.period_start, report.agreement.valid_from)
        self.assertRegex(report.number, r"^\d+-BC/TU$")
        self.assertIn("Tỉnh ủy", report.title)
        self.assertTrue(report.title.endswith("Đảng ủy Bộ đội Biên phòng tỉnh"))
        keys = [section["key"] for section in report.snapshot["sections"]]
        self.assertGreaterEqual(len(keys), 5)
        self.assertEqual(
            {org["name"] for org in report.snapshot["parameters"]["scope"]},
            {"Tỉnh ủy Lạng Sơn", "Đảng ủy Bộ đội Biên phòng tỉnh Lạng Sơn"},
        )
        with report.docx.open("rb") as handle:
            document = DocxDocument(io.BytesIO(handle.read()))
        text = "\n".join(p.text for p in document.paragraphs)
        for table in document.tables:
            text += "\n".join(cell.text for row in table.rows for cell in row.cells)
        self.assertIn(report.number, text)
        self.assertTrue(report.xlsx)

        self.client.force_login(User.objects.get(username="tinhuy.admin"))
        response = self.client.get(report.get_absolute_url())
        self.assertContains(response, 'data-testid="download-docx"')
        download = self.client.get(report.download_url("docx"))
        self.assertEqual(download.status_code, 200)

    def test_second_run_adds_nothing(self):
        count = Report.all_objects.count()
        out = StringIO()
        call_command("seed_demo_reports", stdout=out)
        self.assertIn("already generated", out.getvalue())
        self.assertEqual(Report.all_objects.count(), count)

    def test_a_queued_report_is_generated_and_a_failed_one_gets_a_new_edition(self):
        report = self.the_report()
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0)
        call_command("seed_demo_reports", stdout=StringIO())
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DONE)
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.FAILED)
        call_command("seed_demo_reports", stdout=StringIO())
        edition = Report.objects.get(series=report.series, edition=2)
        self.assertEqual((edition.status, edition.number), (ReportStatus.DONE, report.number))
