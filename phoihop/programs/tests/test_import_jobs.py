"""The forest-plot import as background jobs, through the page: a large file of new plots and an update
previews, then imports with its history; the same generic path as the 10,000-row marker import
(border/tests/test_import_jobs.py), on a resource keyed by id, with dates, Vietnamese decimals and villages."""

import io
import os
from decimal import Decimal

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from phoihop.audit.models import ChangeRecord
from phoihop.core.models import BackgroundImport
from phoihop.core.testing.views import WorldMixin
from phoihop.programs.models import ForestPlot
from phoihop.programs.tests.factories import make_programme
from phoihop.programs.tests.test_records import PlacesMixin

ROWS = int(os.environ.get("FOREST_IMPORT_ROWS", "2000"))
HEADERS = ["id", "code", "programme", "organisation", "commune", "village", "year_planted", "planted_on", "area_ha"]


def workbook(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    content = io.BytesIO()
    book.save(content)
    return SimpleUploadedFile("lo-rung.xlsx", content.getvalue())


class TestBigForestPlotImport(PlacesMixin, WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme = make_programme(cls.world.a, code="DA-661")

    @pytest.mark.bigimport
    def test_a_large_forest_plot_file_previews_then_imports_in_the_background(self):
        existing = ForestPlot.objects.create(
            code="LO-CU",
            programme=self.programme,
            organisation=self.world.a,
            commune=self.commune,
            area_ha=1,
            year_planted=2023,
        )
        rows = [
            ["", f"LO-{i:05d}", "DA-661", "T-A", "T20901", "Bản Nà Lạn", 2025, "15/03/2025", f"{i % 50},5"]
            for i in range(ROWS - 1)
        ]
        rows.append([existing.pk, "LO-CU", "DA-661", "T-A", "T20901", "Bản Nà Lạn", 2024, "01/07/2024", "3.840,5"])
        self.login(self.world.a_reporter)
        response = self.client.post(reverse("programs:forestplot_import"), {"file": workbook(rows)}, follow=True)
        job = response.context["job"]
        self.assertEqual(job.status, "previewed", job.errors[:5])
        self.assertEqual((job.rows_total, job.totals["new"], job.totals["update"]), (ROWS, ROWS - 1, 1))
        self.assertEqual(ForestPlot.objects.count(), 1)  # the preview writes nothing

        confirm = self.client.post(reverse("programs:forestplot_import_job", args=[job.pk]), {"confirm": "1"})
        self.assertEqual(confirm.status_code, 302)
        job = BackgroundImport.objects.get(pk=job.pk)
        self.assertEqual((job.status, job.rows_done), ("done", ROWS))
        self.assertEqual(ForestPlot.objects.filter(organisation=self.world.a, village=self.village).count(), ROWS)
        existing.refresh_from_db()
        self.assertEqual(
            (existing.area_ha, existing.planted_on.strftime("%d/%m/%Y")), (Decimal("3840.5"), "01/07/2024")
        )
        self.assertEqual(existing.version, 2)
        last = ForestPlot.objects.get(code=f"LO-{ROWS - 2:05d}")
        self.assertEqual((last.area_ha, last.created_by), (Decimal(f"{(ROWS - 2) % 50}.5"), self.world.a_reporter))
        plots = ChangeRecord.objects.filter(content_type__model="forestplot")
        created = plots.filter(action=ChangeRecord.Action.CREATE).exclude(object_pk=str(existing.pk))
        self.assertEqual(created.count(), ROWS - 1)
        self.assertEqual(plots.filter(action=ChangeRecord.Action.UPDATE, object_pk=str(existing.pk)).count(), 1)
