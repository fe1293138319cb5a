"""A report is ready to sign only with the signer's name and title: the model says what is missing, the report page
shows it with a way to issue the report again, and the .docx prints highlighted placeholders, never a made-up
title."""

import datetime
import io
from urllib.parse import parse_qs, urlparse

from django.test import TestCase
from django.utils import translation
from docx import Document
from docx.enum.text import WD_COLOR_INDEX

from phoihop.reports import services
from phoihop.reports.models import Report, ReportTemplate
from phoihop.reports.tests.test_reports import ReportTestMixin

NAME = "[Đồng chí soạn thảo bổ sung: họ tên người ký]"
TITLE = "[Đồng chí soạn thảo bổ sung: chức vụ người ký]"


def report(**signature):
    return Report(template=ReportTemplate.YEARLY, **signature)


class TestMissingForSignature(TestCase):
    def test_lists_what_is_missing_in_vietnamese(self):
        with translation.override("vi"):
            self.assertEqual(report().missing_for_signature(), ["họ tên người ký", "chức vụ người ký"])
            self.assertEqual(report(signer_title="CHỈ HUY TRƯỞNG").missing_for_signature(), ["họ tên người ký"])
            self.assertEqual(report(signer_name="Hoàng Văn B").missing_for_signature(), ["chức vụ người ký"])
            # The default of earlier versions is no one's title.
            legacy = report(signer_title="Thủ trưởng đơn vị", signer_name="Hoàng Văn B")
            self.assertEqual(legacy.missing_for_signature(), ["chức vụ người ký"])
            self.assertEqual(
                report(signer_title=" ", signer_name=" ").missing_for_signature(),
                [
                    "họ tên người ký",
                    "chức vụ người ký",
                ],
            )
        complete = report(signer_title="CHỈ HUY TRƯỞNG", signer_name="Hoàng Văn B")
        self.assertEqual(complete.missing_for_signature(), [])
        self.assertTrue(complete.ready_to_sign)
        self.assertFalse(report().ready_to_sign)


class TestSignatureReadiness(ReportTestMixin, TestCase):
    def test_a_state_body_gets_no_made_up_title_and_the_page_says_what_is_missing(self):
        Report.objects.create(  # an edition made by an earlier version, with its made-up default title
            organisation=self.world.a,
            template=ReportTemplate.YEARLY,
            period_start=datetime.date(2024, 1, 1),
            period_end=datetime.date(2024, 12, 31),
            issued_on=datetime.date(2025, 1, 5),
            signer_title="THỦ TRƯỞNG ĐƠN VỊ",
            generated_by=self.world.a_reporter,
        )
        self.assertEqual(services.default_signature(self.world.a), ("", ""))
        report = self.request()
        self.assertEqual((report.signer_title, report.signer_name), ("", ""))
        self.login(self.world.a_reporter)
        with translation.override("vi"):
            response = self.client.get(report.get_absolute_url(), HTTP_ACCEPT_LANGUAGE="vi")
        self.assertContains(response, 'data-testid="signature-missing"')
        self.assertContains(response, "<li>Họ tên người ký</li>", html=True)
        self.assertContains(response, "<li>Chức vụ người ký</li>", html=True)
        self.assertEqual(response.context["missing_for_signature"], ["họ tên người ký", "chức vụ người ký"])
        # The way forward: the request form filled in with the report's parameters.
        url = response.context["request_again_url"]
        self.assertContains(response, 'data-testid="request-again"')
        query = parse_qs(urlparse(url).query)
        self.assertEqual(query["organisation"], [str(self.world.a.pk)])
        self.assertEqual(query["period_start"], ["01/01/2025"])
        self.assertEqual(query["period_end"], ["31/12/2025"])
        self.assertNotIn("signer_name", query)
        form = self.client.get(url).context["form"]
        self.assertEqual(form.initial["period_start"], "01/01/2025")
        self.assertEqual(str(form.initial["organisation"]), str(self.world.a.pk))

    def test_the_docx_prints_highlighted_placeholders(self):
        report = self.request()
        with report.docx.open("rb") as handle:
            document = Document(io.BytesIO(handle.read()))
        xml = document.element.xml
        self.assertNotIn("THỦ TRƯỞNG ĐƠN VỊ", xml)
        signature = next(t for t in document.tables if t.rows[0].cells[0].text.startswith("Nơi nhận:"))
        runs = [run for p in signature.rows[0].cells[1].paragraphs for run in p.runs]
        marked = [run.text for run in runs if run.font.highlight_color == WD_COLOR_INDEX.YELLOW]
        self.assertEqual(marked, [TITLE, NAME])

    def test_a_complete_signature_is_ready(self):
        report = self.request(signer_title="CHỈ HUY TRƯỞNG", signer_name="Hoàng Văn B")
        self.assertTrue(report.ready_to_sign)
        self.login(self.world.a_reporter)
        response = self.client.get(report.get_absolute_url())
        self.assertNotContains(response, 'data-testid="signature-missing"')
        self.assertIsNone(response.context["request_again_url"])
