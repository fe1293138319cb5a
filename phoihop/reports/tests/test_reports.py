"""The report engine: request → job → done with files and snapshot; editions; numbers; validation; gated pages,
downloads and API; the clearance rule; the progress partial; failures.

The sections of the real modules are replaced by the test sections below (the registry is patched per test), so the
figures can be checked against the database directly."""

import datetime
import io
import itertools
from unittest import mock

import openpyxl
from django.test import TestCase
from django.urls import reverse
from docx import Document as DocxDocument
from rest_framework.test import APIClient

from phoihop.core.choices import Classification, Role
from phoihop.core.testing.registers import is_register_entry, register_fields
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Agreement, OrganisationKind
from phoihop.reports import sections as registry
from phoihop.reports import services
from phoihop.reports.document import AnnexTable, SectionContent
from phoihop.reports.models import NumberSeries, Report, ReportStatus, ReportTemplate
from phoihop.reports.sections import Section
from phoihop.work.models import Task

counter = itertools.count(1)
TODAY = datetime.date(2025, 11, 20)


class TaskFiguresSection(Section):
    """Counts tasks (a classified record type) by deadline in the period and the same period last year."""

    key = "test_tasks"
    title = "Test tasks"
    order = 1

    def compute(self, ctx):
        tasks = ctx.scoped(Task.objects.all())
        return {
            "total": ctx.in_period(tasks, "deadline").count(),
            "previous": ctx.in_period(tasks, "deadline", previous=True).count(),
            "by_organisation": {
                org.code: ctx.in_period(tasks.filter(assigned_by_org=org), "deadline").count()
                for org in ctx.organisations
            },
        }

    def render(self, ctx, figures):
        return SectionContent(
            key=self.key,
            heading="Nhiệm vụ",
            paragraphs=[f"Tổng số nhiệm vụ: {figures['total']} (cùng kỳ: {figures['previous']})."],
            tables=[
                AnnexTable(
                    title="Nhiệm vụ theo đơn vị",
                    headers=["Đơn vị", "Số nhiệm vụ"],
                    rows=[[code, count] for code, count in figures["by_organisation"].items()],
                    numeric_columns=[1],
                )
            ],
        )


class BrokenSection(Section):
    key = "test_broken"
    title = "Broken section"
    order = 2

    def compute(self, ctx):
        raise RuntimeError("boom")

    def render(self, ctx, figures):  # pragma: no cover
        raise AssertionError


class ReportingSection(Section):
    """Reports its own classification in its figures."""

    key = "test_reporting"
    title = "Self-reporting section"
    order = 3

    def compute(self, ctx):
        return {"count": 1, "classification": Classification.CONFIDENTIAL}

    def render(self, ctx, figures):
        return SectionContent(key=self.key, heading="Tự báo", paragraphs=["Một."])


def make_task(owner, deadline, **extra):
    level = extra.get("classification", 0)  # classified: a register entry, without a title
    return Task.objects.create(
        title="" if is_register_entry(level) else f"Nhiệm vụ {next(counter)}",
        assigned_by_org=owner,
        deadline=deadline,
        deadline_in_force=deadline,
        **{**register_fields(owner, level), **extra},
    )


class ReportTestMixin(WorldMixin):
    sections = (TaskFiguresSection,)

    def setUp(self):
        super().setUp()
        patcher = mock.patch.dict(registry._REGISTRY, {cls.key: cls for cls in self.sections}, clear=True)
        patcher.start()
        self.addCleanup(patcher.stop)
        pdf = mock.patch("phoihop.reports.formats.pdf_available", return_value=False)
        pdf.start()
        self.addCleanup(pdf.stop)
        today = mock.patch("django.utils.timezone.localdate", return_value=TODAY)
        today.start()
        self.addCleanup(today.stop)

    def request(self, user=None, organisation=None, **kwargs):
        kwargs.setdefault("template", ReportTemplate.YEARLY)
        kwargs.setdefault("reference_date", datetime.date(2025, 5, 1))
        if kwargs["template"] != ReportTemplate.AGREEMENT_REVIEW:
            kwargs.setdefault("issued_on", datetime.date(2026, 1, 5))  # after the period: it ends on 31/12/2025
        with self.captureOnCommitCallbacks(execute=True):
            report = services.report_request(
                acting_user=user or self.world.a_reporter, organisation=organisation or self.world.a, **kwargs
            )
        report.refresh_from_db()
        return report

    def regenerate(self, report, user=None):
        with self.captureOnCommitCallbacks(execute=True):
            edition = services.report_regenerate(acting_user=user or self.world.a_reporter, report=report)
        edition.refresh_from_db()
        return edition

    def url(self, name, report, **kwargs):
        return reverse(f"reports:report_{name}", kwargs={"pk": report.pk, **kwargs})


class TestGeneration(ReportTestMixin, TestCase):
    def test_request_runs_the_job_and_stores_files_and_figures(self):
        make_task(self.world.a, datetime.date(2025, 3, 1))
        make_task(self.world.a1, datetime.date(2025, 7, 1))  # subtree of A
        make_task(self.world.a, datetime.date(2024, 3, 1))  # same period last year
        make_task(self.world.b, datetime.date(2025, 3, 1))  # outside A
        report = self.request()
        self.assertEqual(report.status, ReportStatus.DONE, report.error)
        self.assertEqual(report.progress, 100)
        self.assertEqual(
            (report.period_start, report.period_end), (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31))
        )
        self.assertEqual(report.generated_by, self.world.a_reporter)
        self.assertIsNotNone(report.generated_at)
        self.assertIsNotNone(report.duration_ms)
        self.assertEqual(report.edition, 1)
        self.assertEqual(report.number, "1/BC-T-A")  # state body; the test kind has no abbreviation → the code
        self.assertTrue(report.title)

        section = report.snapshot["sections"][0]
        self.assertEqual(section["key"], "test_tasks")
        self.assertEqual(section["figures"]["total"], 2)
        self.assertEqual(section["figures"]["previous"], 1)
        self.assertEqual(report.snapshot["parameters"]["period_start"], "2025-01-01")
        self.assertEqual(report.snapshot["parameters"]["previous_start"], "2024-01-01")
        self.assertEqual(report.snapshot["parameters"]["scope"], [{"id": self.world.a.pk, "name": self.world.a.name}])
        self.assertEqual(report.snapshot["pdf"], "unavailable")

        with report.docx.open("rb") as handle:
            document = DocxDocument(io.BytesIO(handle.read()))
        text = "\n".join(p.text for p in document.paragraphs)
        self.assertIn("1/BC-T-A", text)
        self.assertIn("Tổng số nhiệm vụ: 2 (cùng kỳ: 1).", text)
        with report.xlsx.open("rb") as handle:
            workbook = openpyxl.load_workbook(io.BytesIO(handle.read()))
        values = [cell.value for sheet in workbook.worksheets for row in sheet.iter_rows() for cell in row]
        self.assertIn("T-A", values)
        self.assertFalse(report.pdf)
        self.assertTrue(report.docx.name.startswith("reports/"))

    def test_pdf_is_stored_when_libreoffice_is_available(self):
        with (
            mock.patch("phoihop.reports.formats.pdf_available", return_value=True),
            mock.patch("phoihop.reports.formats.render_pdf", return_value=b"%PDF-1.4 test") as render_pdf,
        ):
            report = self.request()
        self.assertEqual(report.status, ReportStatus.DONE)
        render_pdf.assert_called_once()
        with report.pdf.open("rb") as handle:
            self.assertEqual(handle.read(), b"%PDF-1.4 test")
        self.assertEqual(report.snapshot["pdf"], "done")

    def test_the_page_says_when_the_pdf_substitutes_liberation_serif_for_times_new_roman(self):
        self.client.force_login(self.world.a_reporter)
        for embedded, noted in [
            (b"/BaseFont/BAAAAA+LiberationSerif-Bold", True),
            (b"/BaseFont/TimesNewRomanPSMT", False),
        ]:
            with (
                mock.patch("phoihop.reports.formats.pdf_available", return_value=True),
                mock.patch("phoihop.reports.formats.render_pdf", return_value=b"%PDF-1.7 " + embedded),
            ):
                report = self.request()
            page = self.client.get(report.get_absolute_url())  # in Vietnamese, the default
            self.assertContains(page, 'data-testid="download-pdf"')
            note = "Bản PDF dùng phông Liberation Serif (tương thích kích thước với Times New Roman)"
            (self.assertContains if noted else self.assertNotContains)(page, note)
        report.snapshot.pop("pdf_fonts")  # generated before the fonts were recorded: Debian's substitute
        report.save(update_fields=["snapshot"])
        self.assertContains(self.client.get(report.get_absolute_url()), 'data-testid="pdf-font-note"')
        self.assertNotContains(self.client.get(self.request().get_absolute_url()), 'data-testid="pdf-font-note"')

    def test_a_failing_pdf_conversion_keeps_the_report(self):
        with (
            mock.patch("phoihop.reports.formats.pdf_available", return_value=True),
            mock.patch("phoihop.reports.formats.render_pdf", side_effect=RuntimeError("soffice crashed")),
        ):
            report = self.request()
        self.assertEqual(report.status, ReportStatus.DONE)
        self.assertFalse(report.pdf)
        self.assertEqual(report.snapshot["pdf"], "failed")

    def test_progress_is_saved_after_each_section(self):
        seen = []
        original = services._set_progress

        def spy(report_id, progress):
            seen.append((Report.objects.get(pk=report_id).status, progress))
            original(report_id, progress)

        with mock.patch.object(services, "_set_progress", spy):
            self.request()
        self.assertEqual(seen[0], (ReportStatus.RUNNING, services.SECTIONS_SHARE))

    def test_job_runs_once(self):
        report = self.request()
        self.assertEqual(services.report_generate(report.pk), ReportStatus.DONE)  # a second run does nothing
        report.refresh_from_db()
        self.assertEqual(report.edition, 1)

    def test_regeneration_makes_a_new_edition_and_never_touches_the_old_one(self):
        make_task(self.world.a, datetime.date(2025, 3, 1))
        first = self.request(title="Báo cáo thử", signer_name="Nguyễn Văn A", recipients="Tỉnh ủy (b/c)")
        before = Report.objects.filter(pk=first.pk).values().get()
        make_task(self.world.a, datetime.date(2025, 4, 1))
        second = self.regenerate(first, user=self.world.a_admin)
        self.assertEqual(second.edition, 2)
        self.assertNotEqual(second.pk, first.pk)
        self.assertEqual(second.series, first.series)
        self.assertEqual(second.number, first.number)
        for name in ("organisation_id", "template", "period_start", "period_end", "title", "issued_on", "signer_name"):
            self.assertEqual(getattr(second, name), before[name], name)
        self.assertEqual(second.generated_by, self.world.a_admin)
        self.assertEqual(second.status, ReportStatus.DONE)
        self.assertEqual(second.snapshot["sections"][0]["figures"]["total"], 2)
        self.assertNotEqual(second.docx.name, first.docx.name)
        self.assertEqual(Report.objects.filter(pk=first.pk).values().get(), before)  # edition 1 untouched
        third = self.regenerate(second)
        self.assertEqual(third.edition, 3)

    def test_number_is_taken_once_per_series_from_the_register(self):
        first = self.request()
        self.regenerate(first)
        second = self.request(template=ReportTemplate.MONTHLY)
        self.assertEqual((first.number, second.number), ("1/BC-T-A", "2/BC-T-A"))
        series = NumberSeries.objects.get(organisation=self.world.a, type_code="BC")
        self.assertEqual((series.series_key, series.last_number), (2026, 2))  # the year of the date of issue

    def test_a_failing_section_marks_the_report_failed(self):
        with mock.patch.dict(registry._REGISTRY, {BrokenSection.key: BrokenSection}):
            report = self.request()
        self.assertEqual(report.status, ReportStatus.FAILED)
        self.assertIn("Broken section", report.error)
        self.assertFalse(report.docx)
        self.login(self.world.a_viewer)
        response = self.client.get(report.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="report-error"')
        self.assertContains(response, "Broken section")
        response = self.client.get(self.url("progress", report))
        self.assertContains(response, 'data-status="failed"')
        self.assertNotContains(response, "hx-trigger")

    def test_a_failing_layout_marks_the_report_failed(self):
        with mock.patch("phoihop.reports.formats.render_docx", side_effect=ValueError("layout")):
            report = self.request()
        self.assertEqual(report.status, ReportStatus.FAILED)
        self.assertIn("ValueError", report.error)

    def test_the_error_is_written_in_the_report_language(self):
        with mock.patch.dict(registry._REGISTRY, {BrokenSection.key: BrokenSection}):
            report = self.request(language="vi")
        with mock.patch.dict(registry._REGISTRY, {BrokenSection.key: BrokenSection}):
            english = self.request(language="en")
        self.assertEqual(english.status, ReportStatus.FAILED)
        self.assertIn("could not be generated", english.error)
        self.assertEqual(report.status, ReportStatus.FAILED)


class TestValidation(ReportTestMixin, TestCase):
    def assert_field_error(self, field, **kwargs):
        with self.assertRaises(services.ValidationError) as caught:
            services.report_request(
                acting_user=kwargs.pop("user", self.world.a_reporter),
                organisation=kwargs.pop("organisation", self.world.a),
                **kwargs,
            )
        self.assertIn(field, caught.exception.message_dict)

    def test_periods_from_the_template(self):
        day = datetime.date(2025, 8, 14)
        expected = {
            ReportTemplate.MONTHLY: (datetime.date(2025, 8, 1), datetime.date(2025, 8, 31)),
            ReportTemplate.QUARTERLY: (datetime.date(2025, 7, 1), datetime.date(2025, 9, 30)),
            ReportTemplate.HALF_YEAR: (datetime.date(2025, 7, 1), datetime.date(2025, 12, 31)),
            ReportTemplate.YEARLY: (datetime.date(2025, 1, 1), datetime.date(2025, 12, 31)),
        }
        later = datetime.date(2026, 1, 5)  # a date of issue after every period below
        for template, period in expected.items():
            self.assertEqual(services.derive_period(template, reference_date=day, issued_on=later), period, template)
        self.assertEqual(
            services.derive_period(ReportTemplate.MONTHLY, reference_date=datetime.date(2024, 2, 10), issued_on=later),
            (datetime.date(2024, 2, 1), datetime.date(2024, 2, 29)),
        )
        self.assertEqual(
            services.derive_period(
                ReportTemplate.QUARTERLY, reference_date=datetime.date(2025, 12, 31), issued_on=later
            )[1],
            datetime.date(2025, 12, 31),
        )

    def test_the_period_never_ends_after_the_date_line(self):
        D = datetime.date
        derive = services.derive_period
        # a yearly report dated 05/01/2026 covers 2025, not "up to today"
        self.assertEqual(derive(ReportTemplate.YEARLY, issued_on=D(2026, 1, 5)), (D(2025, 1, 1), D(2025, 12, 31)))
        # made in the last month of the year: the year so far, up to the date line
        self.assertEqual(derive(ReportTemplate.YEARLY, issued_on=D(2026, 12, 3)), (D(2026, 1, 1), D(2026, 12, 3)))
        self.assertEqual(derive(ReportTemplate.MONTHLY, issued_on=D(2026, 12, 3)), (D(2026, 11, 1), D(2026, 11, 30)))
        self.assertEqual(derive(ReportTemplate.MONTHLY, issued_on=D(2026, 11, 20)), (D(2026, 11, 1), D(2026, 11, 20)))
        self.assertEqual(derive(ReportTemplate.QUARTERLY, issued_on=D(2026, 8, 10)), (D(2026, 4, 1), D(2026, 6, 30)))
        self.assertEqual(derive(ReportTemplate.HALF_YEAR, issued_on=D(2026, 6, 20)), (D(2026, 1, 1), D(2026, 6, 20)))
        # a reference date picks the period; its end stops at the date line
        self.assertEqual(
            derive(ReportTemplate.YEARLY, reference_date=D(2026, 3, 1), issued_on=D(2026, 10, 1)),
            (D(2026, 1, 1), D(2026, 10, 1)),
        )
        with self.assertRaises(services.ValidationError) as caught:
            derive(ReportTemplate.CUSTOM, period_start=D(2026, 1, 1), period_end=D(2026, 2, 1), issued_on=D(2026, 1, 5))
        self.assertIn("period_end", caught.exception.message_dict)
        with self.assertRaises(services.ValidationError) as caught:
            derive(ReportTemplate.YEARLY, reference_date=D(2027, 3, 1), issued_on=D(2026, 10, 1))
        self.assertIn("reference_date", caught.exception.message_dict)

    def test_custom_needs_both_dates_in_order(self):
        self.assert_field_error("period_start", template=ReportTemplate.CUSTOM, period_end=datetime.date(2025, 1, 1))
        self.assert_field_error("period_end", template=ReportTemplate.CUSTOM, period_start=datetime.date(2025, 1, 1))
        self.assert_field_error(
            "period_end",
            template=ReportTemplate.CUSTOM,
            period_start=datetime.date(2025, 3, 1),
            period_end=datetime.date(2025, 2, 1),
        )
        self.assertEqual(Report.all_objects.count(), 0)
        self.assertFalse(NumberSeries.objects.exists())

    def test_organisation_outside_the_users_reach(self):
        self.assert_field_error("organisation", template=ReportTemplate.YEARLY, organisation=self.world.b)
        self.assert_field_error("organisation", template=ReportTemplate.YEARLY, user=self.world.a_viewer)
        self.assert_field_error("template", template="weekly")

    def test_both_parties_report_the_same_figures_of_their_agreement(self):
        w = self.world
        agreement = Agreement.objects.create(
            number="02-QC/A-B",
            title="Quy chế phối hợp giữa Đồn A và Xã B",
            owner=w.a,
            valid_from=datetime.date(2024, 1, 1),
            signed_on=datetime.date(2024, 1, 1),
            status="in_force",
        )
        agreement.parties.set([w.a, w.b])
        make_task(w.a, datetime.date(2024, 3, 1))
        make_task(w.a1, datetime.date(2024, 4, 1))
        make_task(w.b, datetime.date(2024, 5, 1))
        make_task(w.b, datetime.date(2024, 6, 1), classification=Classification.SECRET)  # above both users' clearance
        period = {"template": "agreement_review", "agreement": agreement, "period_end": datetime.date(2024, 12, 31)}
        by_a = self.request(user=w.a_reporter, organisation=w.a, **period)
        b_reporter = make_user("b_reporter_agreement", w.b, Role.REPORTER)
        by_b = self.request(user=b_reporter, organisation=w.b, **period)
        for report in (by_a, by_b):
            self.assertEqual(report.status, ReportStatus.DONE, report.error)
        figures_a, figures_b = (r.snapshot["sections"][0]["figures"] for r in (by_a, by_b))
        self.assertEqual(figures_a, figures_b)
        self.assertEqual(figures_a["total"], 3)  # A's, A1's and B's unclassified tasks: neither party's is dropped
        self.assertEqual(figures_a["by_organisation"], {"T-A": 1, "T-B": 1})
        # outside the review, each sees only its own subtree
        own = self.request(user=w.a_reporter, organisation=w.a, reference_date=datetime.date(2024, 5, 1))
        self.assertEqual(own.snapshot["sections"][0]["figures"]["total"], 2)

    def test_agreement_review_needs_an_agreement_of_the_organisation(self):
        self.assert_field_error("agreement", template=ReportTemplate.AGREEMENT_REVIEW)
        foreign = Agreement.objects.create(number="01-QC/B", title="Quy chế B", owner=self.world.b)
        foreign.parties.set([self.world.b])
        self.assert_field_error("agreement", template=ReportTemplate.AGREEMENT_REVIEW, agreement=foreign)
        self.assert_field_error(  # visible to the superuser, but the issuer is no party
            "agreement",
            template=ReportTemplate.AGREEMENT_REVIEW,
            agreement=foreign,
            user=self.world.superuser,
        )

    def test_agreement_review_covers_the_parties_over_the_agreements_period(self):
        agreement = Agreement.objects.create(
            number="01-QC/TA-TB",
            title="Quy chế phối hợp",
            owner=self.world.province,
            valid_from=datetime.date(2023, 6, 15),
            signed_on=datetime.date(2023, 6, 15),
        )
        agreement.parties.set([self.world.a, self.world.b])
        make_task(self.world.a, datetime.date(2024, 1, 1))
        make_task(self.world.b, datetime.date(2024, 1, 1))
        make_task(self.world.b, datetime.date(2023, 1, 1))  # before the agreement
        report = self.request(
            user=self.world.p_admin, organisation=self.world.province, template="agreement_review", agreement=agreement
        )
        self.assertEqual(report.status, ReportStatus.DONE, report.error)
        self.assertEqual((report.period_start, report.period_end), (datetime.date(2023, 6, 15), TODAY))
        figures = report.snapshot["sections"][0]["figures"]
        self.assertEqual(figures["by_organisation"], {"T-A": 1, "T-B": 1})
        self.assertEqual(figures["total"], 2)
        self.assertIn(self.world.a.name, report.title)
        self.assertIn(self.world.b.name, report.title)
        # ended agreement: up to its end; explicit dates shorten the period
        agreement.valid_to = datetime.date(2024, 12, 31)
        agreement.save()
        ended = self.request(
            user=self.world.p_admin, organisation=self.world.province, template="agreement_review", agreement=agreement
        )
        self.assertEqual(ended.period_end, datetime.date(2024, 12, 31))
        self.assertEqual(
            services.derive_period(
                "agreement_review", agreement=agreement, period_start=datetime.date(2024, 1, 1), today=TODAY
            ),
            (datetime.date(2024, 1, 1), datetime.date(2024, 12, 31)),
        )

    def test_defaults_for_signature_and_recipients(self):
        report = self.request(issued_on=None)
        self.assertEqual((report.signer_on_behalf, report.signer_title), ("", ""))  # no made-up title
        self.assertEqual(report.recipients, f"{self.world.province.name} (b/c)")
        self.assertEqual(report.issued_on, TODAY)
        custom = self.request(signer_on_behalf="", signer_title="CHỈ HUY TRƯỞNG", signer_name="Hoàng Văn B")
        self.assertEqual(custom.signer_title, "CHỈ HUY TRƯỞNG")
        self.assertEqual(self.request().signer_title, "CHỈ HUY TRƯỞNG")  # the organisation's last signature


class TestClassification(ReportTestMixin, TestCase):
    def test_report_with_classified_figures_is_hidden_from_lower_clearance(self):
        make_task(self.world.a, datetime.date(2025, 3, 1), classification=Classification.SECRET)
        make_task(self.world.a, datetime.date(2025, 3, 1))
        report = self.request(user=self.world.a_secret)
        self.assertEqual(report.status, ReportStatus.DONE)
        self.assertEqual(report.snapshot["sections"][0]["figures"]["total"], 2)
        self.assertEqual(report.classification, Classification.SECRET)
        self.login(self.world.a_admin)  # same organisation, admin, but clearance 0
        for url in (report.get_absolute_url(), self.url("download", report, fmt="docx"), self.url("progress", report)):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post(self.url("regenerate", report)).status_code, 404)
        list_response = self.client.get(reverse("reports:report_list"))
        self.assertNotIn(report.pk, {row.record.pk for row in list_response.context["table"].paginated_rows})
        self.login(self.world.a_secret)
        self.assertEqual(self.client.get(self.url("download", report, fmt="docx")).status_code, 200)

    def test_without_classified_records_the_report_is_unclassified(self):
        make_task(self.world.a, datetime.date(2025, 3, 1))
        make_task(self.world.b, datetime.date(2025, 3, 1), classification=Classification.SECRET)  # outside the scope
        report = self.request(user=self.world.a_secret)
        self.assertEqual(report.classification, Classification.UNCLASSIFIED)
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.get(report.get_absolute_url()).status_code, 200)

    def test_the_level_never_exceeds_the_generating_users_clearance(self):
        make_task(self.world.a, datetime.date(2025, 3, 1), classification=Classification.TOP_SECRET)
        confidential = make_user("a_conf", self.world.a, Role.REPORTER, clearance=Classification.CONFIDENTIAL)
        report = self.request(user=confidential)
        self.assertEqual(report.snapshot["sections"][0]["figures"]["total"], 0)
        self.assertEqual(report.classification, Classification.UNCLASSIFIED)

    def test_a_section_may_report_its_level(self):
        with mock.patch.dict(registry._REGISTRY, {ReportingSection.key: ReportingSection}):
            report = self.request(user=self.world.a_secret)
            low = self.request(user=self.world.a_reporter)
        self.assertEqual(report.classification, Classification.CONFIDENTIAL)
        self.assertEqual(low.classification, Classification.UNCLASSIFIED)  # capped at the clearance (0)

    def test_a_queued_report_is_classified_at_the_users_clearance(self):
        with self.captureOnCommitCallbacks(execute=False):
            report = services.report_request(
                acting_user=self.world.a_secret, organisation=self.world.a, template="yearly"
            )
        self.assertEqual(report.status, ReportStatus.QUEUED)
        self.assertEqual(report.classification, Classification.SECRET)


class TestPages(ReportTestMixin, TestCase):
    def test_list_shows_every_edition_and_filters_by_series(self):
        first = self.request()
        second = self.regenerate(first)
        other = self.request(template=ReportTemplate.MONTHLY)
        foreign = self.request(user=self.world.b_admin, organisation=self.world.b)
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("reports:report_list"), {"per_page": 100})
        self.assertEqual(response.status_code, 200)
        listed = {row.record.pk for row in response.context["table"].paginated_rows}
        self.assertEqual(listed, {first.pk, second.pk, other.pk})
        self.assertNotIn(foreign.pk, listed)
        response = self.client.get(reverse("reports:report_list"), {"series": str(first.series)})
        self.assertEqual({row.record.pk for row in response.context["table"].paginated_rows}, {first.pk, second.pk})
        response = self.client.get(reverse("reports:report_list"), {"template": "monthly", "status": "done"})
        self.assertEqual({row.record.pk for row in response.context["table"].paginated_rows}, {other.pk})

    def test_list_queries_do_not_grow_and_export_works(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.request()
        self.login(self.world.a_viewer)
        url = reverse("reports:report_list")
        self.client.get(url)  # warm up (sessions, content types)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for _ in range(4):
            self.request(user=self.world.a_admin)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(url)
        self.assertEqual(len(response.context["table"].paginated_rows), 5)
        self.assertEqual(len(many), len(few))
        export = self.client.get(url, {"export": "xlsx"})
        self.assertEqual(export.status_code, 200)
        workbook = openpyxl.load_workbook(
            io.BytesIO(b"".join(export.streaming_content) if export.streaming else export.content)
        )
        self.assertEqual(workbook.active.max_row, 6)

    def test_request_through_the_form(self):
        make_task(self.world.a, datetime.date(2025, 2, 1))
        self.login(self.world.a_reporter)
        response = self.client.get(reverse("reports:report_add"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(set(response.context["form"].fields["organisation"].queryset), {self.world.a, self.world.a1})
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                reverse("reports:report_add"),
                {
                    "organisation": self.world.a.pk,
                    "template": "custom",
                    "period_start": "01/01/2025",
                    "period_end": "31/03/2025",
                    "issued_on": "05/04/2025",
                    "signer_title": "CHỈ HUY TRƯỞNG",
                    "signer_name": "Hoàng Văn B",
                    "recipients": "Bộ Chỉ huy (b/c)\nLưu hồ sơ",
                    "language": "vi",
                },
            )
        report = Report.objects.get()
        self.assertRedirects(response, report.get_absolute_url())
        self.assertEqual(
            (report.period_start, report.period_end), (datetime.date(2025, 1, 1), datetime.date(2025, 3, 31))
        )
        self.assertEqual(report.issued_on, datetime.date(2025, 4, 5))
        self.assertEqual(report.recipient_lines(), ["Bộ Chỉ huy (b/c)", "Lưu hồ sơ"])
        self.assertEqual(report.status, ReportStatus.DONE)
        detail = self.client.get(report.get_absolute_url())
        self.assertContains(detail, 'data-testid="download-docx"')
        self.assertContains(detail, 'data-testid="pdf-note"')
        self.assertContains(detail, 'data-section="test_tasks"')
        self.assertContains(detail, 'data-testid="regenerate"')
        self.assertContains(detail, "01/01/2025 – 31/03/2025")

    def test_form_errors(self):
        self.login(self.world.a_reporter)
        url = reverse("reports:report_add")
        response = self.client.post(url, {"organisation": self.world.a.pk, "template": "custom", "language": "vi"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("period_start", response.context["form"].errors)
        response = self.client.post(
            url,
            {
                "organisation": self.world.a.pk,
                "template": "custom",
                "period_start": "01/03/2025",
                "period_end": "01/02/2025",
                "language": "vi",
            },
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("period_end", response.context["form"].errors)
        response = self.client.post(url, {"organisation": self.world.b.pk, "template": "yearly", "language": "vi"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["form"].errors)
        response = self.client.post(
            url, {"organisation": self.world.a.pk, "template": "agreement_review", "language": "vi"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("agreement", response.context["form"].errors)
        response = self.client.post(
            url, {"organisation": self.world.a.pk, "template": "custom", "period_start": "31/02/2025", "language": "vi"}
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("period_start", response.context["form"].errors)
        self.assertFalse(Report.all_objects.exists())

    def test_viewers_may_not_request_reports(self):
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.get(reverse("reports:report_add")).status_code, 403)
        self.assertEqual(self.client.post(reverse("reports:report_add"), {}).status_code, 403)
        report = self.request()
        response = self.client.get(report.get_absolute_url())
        self.assertNotContains(response, 'data-testid="regenerate"')
        self.assertEqual(self.client.post(self.url("regenerate", report)).status_code, 403)

    def test_reports_are_not_edited(self):
        report = self.request()
        self.login(self.world.a_admin)
        self.assertEqual(self.client.get(self.url("edit", report)).status_code, 404)
        self.assertEqual(self.client.post(self.url("edit", report), {}).status_code, 404)
        self.assertEqual(self.client.get(self.url("history", report)).status_code, 200)

    def test_downloads_are_gated(self):
        report = self.request()
        self.login(self.world.b_admin)  # outsider
        for url in (
            report.get_absolute_url(),
            self.url("download", report, fmt="docx"),
            self.url("download", report, fmt="xlsx"),
            self.url("progress", report),
        ):
            self.assertEqual(self.client.get(url).status_code, 404, url)
        self.assertEqual(self.client.post(self.url("regenerate", report)).status_code, 404)
        self.client.logout()
        self.assertEqual(self.client.get(self.url("download", report, fmt="docx")).status_code, 302)
        self.login(self.world.p_viewer)  # above A
        response = self.client.get(self.url("download", report, fmt="docx"))
        self.assertEqual(response.status_code, 200)
        self.assertEqual(
            response["Content-Type"], "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
        )
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn(".docx", response["Content-Disposition"])
        self.assertIn('filename="', response["Content-Disposition"])  # a plain ASCII name, not filename*=utf-8
        with report.docx.open("rb") as handle:
            self.assertEqual(b"".join(response.streaming_content), handle.read())
        self.assertEqual(self.client.get(self.url("download", report, fmt="pdf")).status_code, 404)  # not made
        self.assertEqual(self.client.get(self.url("download", report, fmt="exe")).status_code, 404)

    def test_regenerate_button(self):
        report = self.request()
        self.login(self.world.a_reporter)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(self.url("regenerate", report))
        edition = Report.objects.get(series=report.series, edition=2)
        self.assertRedirects(response, edition.get_absolute_url())
        detail = self.client.get(edition.get_absolute_url())
        self.assertContains(detail, 'data-edition="1"')
        self.assertContains(detail, 'data-edition="2"')

    def test_progress_partial_polls_until_the_report_is_finished(self):
        with self.captureOnCommitCallbacks(execute=False):
            report = services.report_request(
                acting_user=self.world.a_reporter, organisation=self.world.a, template="yearly"
            )
        self.login(self.world.a_viewer)
        detail = self.client.get(report.get_absolute_url())
        self.assertContains(detail, 'hx-trigger="every 1s"')
        self.assertContains(detail, self.url("progress", report))
        partial = self.client.get(self.url("progress", report), {"poll": 1})
        self.assertEqual(partial.status_code, 200)
        self.assertContains(partial, 'data-status="queued"')
        self.assertContains(partial, 'hx-trigger="every 1s"')
        self.assertNotIn("HX-Refresh", partial)
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.RUNNING, progress=45)
        partial = self.client.get(self.url("progress", report), {"poll": 1})
        self.assertContains(partial, 'aria-valuenow="45"')
        self.assertContains(partial, 'hx-trigger="every 1s"')
        Report.objects.filter(pk=report.pk).update(status=ReportStatus.QUEUED, progress=0)
        services.report_generate(report.pk)
        partial = self.client.get(self.url("progress", report), {"poll": 1})
        self.assertContains(partial, 'data-status="done"')
        self.assertNotContains(partial, "hx-trigger")
        self.assertContains(partial, 'data-testid="download-docx"')
        self.assertEqual(partial["HX-Refresh"], "true")
        self.assertNotIn("HX-Refresh", self.client.get(self.url("progress", report)))

    def test_soft_delete_keeps_the_other_editions(self):
        report = self.request()
        second = self.regenerate(report)
        self.login(self.world.a_reporter)
        response = self.client.post(
            reverse("reports:report_delete", kwargs={"pk": second.pk}), {"version": second.version}
        )
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Report.objects.filter(pk=report.pk).exists())
        third = self.regenerate(report)
        self.assertEqual(third.edition, 3)  # a deleted edition's number is not given again


class TestAPI(ReportTestMixin, TestCase):
    endpoint = "/api/reports/reports/"

    def setUp(self):
        super().setUp()
        self.api = APIClient()

    def test_create_regenerate_and_links(self):
        make_task(self.world.a, datetime.date(2025, 2, 1))
        self.api.force_authenticate(self.world.a_reporter)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.api.post(
                self.endpoint,
                {
                    "organisation": self.world.a.pk,
                    "template": "custom",
                    "period_start": "2025-01-01",
                    "period_end": "31/03/2025",
                },
                format="json",
            )
        self.assertEqual(response.status_code, 201, response.content)
        created = response.json()
        self.assertEqual(created["status"], "queued")
        self.assertEqual(created["number"], "1/BC-T-A")
        detail = self.api.get(f"{self.endpoint}{created['id']}/").json()
        self.assertEqual(detail["status"], "done")
        self.assertEqual(detail["snapshot"]["sections"][0]["figures"]["total"], 1)
        self.assertTrue(detail["files"]["docx"].endswith(f"/reports/reports/{created['id']}/download/docx/"))
        self.assertIsNone(detail["files"]["pdf"])
        listed = self.api.get(self.endpoint).json()["results"]
        self.assertEqual([row["id"] for row in listed], [created["id"]])
        self.assertIsNone(listed[0]["snapshot"])

        with self.captureOnCommitCallbacks(execute=True):
            response = self.api.post(f"{self.endpoint}{created['id']}/regenerate/")
        self.assertEqual(response.status_code, 201, response.content)
        edition = response.json()
        self.assertEqual((edition["edition"], edition["series"], edition["number"]), (2, created["series"], "1/BC-T-A"))
        self.assertEqual(self.api.get(f"{self.endpoint}{edition['id']}/").json()["status"], "done")

        self.api.force_authenticate(self.world.b_admin)
        self.assertEqual(self.api.get(f"{self.endpoint}{created['id']}/").status_code, 404)
        self.assertEqual(self.api.post(f"{self.endpoint}{created['id']}/regenerate/").status_code, 404)

    def test_create_errors(self):
        self.api.force_authenticate(self.world.a_reporter)
        response = self.api.post(self.endpoint, {"organisation": self.world.b.pk, "template": "yearly"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.json())
        response = self.api.post(self.endpoint, {"organisation": self.world.a.pk, "template": "custom"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("period_start", response.json())
        response = self.api.post(
            self.endpoint, {"organisation": self.world.a.pk, "template": "nonsense"}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("template", response.json())
        self.assertFalse(Report.all_objects.exists())
        self.api.force_authenticate(self.world.a_viewer)
        response = self.api.post(self.endpoint, {"organisation": self.world.a.pk, "template": "yearly"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.api.force_authenticate(None)
        self.assertEqual(self.api.get(self.endpoint).status_code, 401)

    def test_reports_are_not_edited_through_the_api(self):
        report = self.request()
        self.api.force_authenticate(self.world.a_admin)
        response = self.api.patch(f"{self.endpoint}{report.pk}/", {"version": report.version}, format="json")
        self.assertEqual(response.status_code, 405)

    def test_viewer_cannot_regenerate(self):
        report = self.request()
        self.api.force_authenticate(self.world.a_viewer)
        self.assertEqual(self.api.post(f"{self.endpoint}{report.pk}/regenerate/").status_code, 403)


class TestPartyKinds(ReportTestMixin, TestCase):
    def test_party_body_number_and_header(self):
        kind = OrganisationKind.objects.create(code="ppc", name="Tỉnh ủy", abbreviation="TU", is_party_body=True)
        province = self.world.province
        province.kind = kind
        province.save()
        report = self.request(user=self.world.p_admin, organisation=province)
        self.assertEqual(report.number, "1-BC/TU")
        self.assertEqual((report.signer_on_behalf, report.signer_title), ("T/M BAN THƯỜNG VỤ", "BÍ THƯ"))
        self.assertEqual(report.status, ReportStatus.DONE, report.error)


class TestFigureTables(ReportTestMixin, TestCase):
    def test_the_page_shows_the_annex_tables_in_vietnamese(self):
        """ "Số liệu trong báo cáo" is the annex as the .docx holds it: Vietnamese titles and headers, numbers
        3.840,5 — no raw keys or English."""
        for _ in range(3):
            make_task(self.world.a, datetime.date(2025, 3, 1))
        report = self.request()
        tables = services.report_tables(report)
        self.assertEqual([t["title"] for t in tables], ["Nhiệm vụ theo đơn vị"])
        self.assertEqual(tables[0]["headers"], ["Đơn vị", "Số nhiệm vụ"])
        self.assertEqual(tables[0]["rows"][0]["cells"], [("T-A", False), ("3", True)])
        self.login(self.world.a_reporter)
        page = self.client.get(report.get_absolute_url())
        self.assertContains(page, "Nhiệm vụ theo đơn vị")
        self.assertContains(page, 'data-section="test_tasks"')
        for raw in ("by_organisation", "test_tasks ›", "previous"):
            self.assertNotContains(page, f">{raw}")


class TestReportList(ReportTestMixin, TestCase):
    """The list of reports: its query count does not grow with rows; search, filters and export follow the gate."""

    def test_list_query_count_does_not_grow_with_rows(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        self.request()
        self.client.force_login(self.world.a_viewer)
        self.client.get(reverse("reports:report_list"))  # warm-up
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(reverse("reports:report_list"), {"per_page": 100}).status_code, 200)
        for month in range(2, 7):
            self.request(template=ReportTemplate.MONTHLY, reference_date=datetime.date(2025, month, 1))
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(reverse("reports:report_list"), {"per_page": 100})
        self.assertEqual(response.context["table"].paginator.count, 6)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])

    def test_export_and_search_follow_the_gate(self):
        own = self.request()
        other = self.request(user=self.world.b_admin, organisation=self.world.b)
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("reports:report_list"), {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        ids = {row[0].value for row in sheet.iter_rows(min_row=2)}
        self.assertIn(own.pk, ids)
        self.assertNotIn(other.pk, ids)
        response = self.client.get(reverse("reports:report_list"), {"q": own.number})
        self.assertEqual(response.context["table"].paginator.count, 1)
        response = self.client.get(reverse("reports:report_list"), {"q": other.number})
        self.assertEqual(response.context["table"].paginator.count, 0)
        self.assertEqual(self.client.get(other.get_absolute_url()).status_code, 404)
