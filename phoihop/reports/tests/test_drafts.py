"""The review page: the placeholders the system cannot fill, listed before download; the drafter writes them (kept
with the edition, in the history) and the .docx comes out complete; bad input is answered at the field."""

import io

from django.test import TestCase
from docx import Document as DocxDocument

from phoihop.audit.models import ChangeRecord
from phoihop.reports import services
from phoihop.reports.tests.test_reports import ReportTestMixin


def docx_text(report) -> str:
    report.refresh_from_db()
    with report.docx.open("rb") as handle:
        document = DocxDocument(io.BytesIO(handle.read()))
    return "\n".join(p.text for p in document.paragraphs)


class TestDrafts(ReportTestMixin, TestCase):
    def setUp(self):
        super().setUp()
        self.report = self.request(signer_name="Nguyễn Văn Minh", signer_title="CHỈ HUY TRƯỞNG")
        self.client.force_login(self.world.a_reporter)

    def page(self):
        return self.client.get(self.report.get_absolute_url())

    def test_the_page_lists_the_placeholders_left(self):
        response = self.page()
        rows = response.context["drafts"]
        keys = [row["key"] for row in rows]
        for key in ("strengths", "causes", "lessons", "directions", "proposals", "field:cadres", "field:crime"):
            self.assertIn(key, keys)
        self.assertEqual(response.context["drafts_left"], len(rows))
        self.assertContains(response, 'data-testid="drafts-form"')
        # the document holds each of them, highlighted, in the official structure
        text = docx_text(self.report)
        self.assertIn("PHẦN I", text)
        self.assertIn("ĐÁNH GIÁ CHUNG", text)
        self.assertIn("Bài học kinh nghiệm", text)
        self.assertIn("[Đồng chí soạn thảo bổ sung: bài học kinh nghiệm", text)

    def test_written_paragraphs_are_kept_and_laid_out(self):
        lesson = "Phải duy trì giao ban định kỳ hằng quý giữa hai bên (minh họa)."
        response = self.client.post(
            self.report.get_absolute_url(), {"version": self.report.version, "draft__lessons": lesson}
        )
        self.assertEqual(response.status_code, 302)
        self.report.refresh_from_db()
        self.assertEqual(self.report.drafts, {"lessons": lesson})
        text = docx_text(self.report)
        self.assertIn(lesson, text)
        self.assertNotIn("[Đồng chí soạn thảo bổ sung: bài học kinh nghiệm", text)
        page = self.page()
        self.assertEqual(page.context["drafts_left"], len(page.context["drafts"]) - 1)
        self.assertTrue(ChangeRecord.objects.filter(object_id=str(self.report.pk), changes__has_key="drafts").exists())
        # a new edition starts from the same paragraphs
        edition = self.regenerate(self.report)
        self.assertEqual(edition.drafts, {"lessons": lesson})
        self.assertIn(lesson, docx_text(edition))

    def test_bad_input_is_answered_at_the_field(self):
        response = self.client.post(
            self.report.get_absolute_url(), {"version": self.report.version, "draft__causes": "x" * 5001}
        )
        self.assertEqual(response.status_code, 400)
        [row] = [row for row in response.context["drafts"] if row["key"] == "causes"]
        self.assertEqual(row["errors"], ["Viết tối đa 5.000 ký tự."])
        self.report.refresh_from_db()
        self.assertEqual(self.report.drafts, {})

    def test_a_concurrent_change_is_detected(self):
        stale = self.report.version
        services.report_write_drafts(
            acting_user=self.world.a_reporter, report=self.report, drafts={"lessons": "Một."}, expected_version=stale
        )
        response = self.client.post(self.report.get_absolute_url(), {"version": stale, "draft__lessons": "Hai."})
        self.assertEqual(response.status_code, 409)
        self.report.refresh_from_db()
        self.assertEqual(self.report.drafts, {"lessons": "Một."})

    def test_an_outsider_gets_404_and_a_viewer_may_not_write(self):
        self.client.force_login(self.world.b_admin)
        self.assertEqual(self.page().status_code, 404)
        response = self.client.post(self.report.get_absolute_url(), {"draft__lessons": "x"})
        self.assertEqual(response.status_code, 404)
        self.client.force_login(self.world.a_viewer)
        page = self.page()
        self.assertNotContains(page, 'data-testid="drafts-form"')
        response = self.client.post(self.report.get_absolute_url(), {"draft__lessons": "x"})
        self.assertEqual(response.status_code, 403)
        self.report.refresh_from_db()
        self.assertEqual(self.report.drafts, {})

    def test_a_layout_failure_keeps_nothing_and_says_so(self):
        from unittest import mock

        with mock.patch("phoihop.reports.formats.render_docx", side_effect=RuntimeError("boom")):
            response = self.client.post(
                self.report.get_absolute_url(), {"version": self.report.version, "draft__lessons": "Một bài học."}
            )
        self.assertEqual(response.status_code, 400)
        self.report.refresh_from_db()
        self.assertEqual(self.report.drafts, {})
        self.assertIn("không được lưu", " ".join(str(m) for m in response.context["messages"]))
