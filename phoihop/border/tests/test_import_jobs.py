"""The marker import as background jobs: a large VN-2000 file previews and imports with progress, and a row
whose outcome changed between the preview and the confirmation is refused by its row number."""

import os
from decimal import Decimal

import pytest
from django.urls import reverse

from phoihop.border.models import Marker
from phoihop.border.tests.test_import import ImportTestCase, marker_history, xlsx

# The 10,000 rows (BIG_IMPORT_ROWS overrides it for a quick local run). scripts/bench.py prints the time
# per row of each pass; this test proves the import finishes and is right, not how fast.
BIG = int(os.environ.get("BIG_IMPORT_ROWS", "10000"))


def big_rows(count=BIG):
    """``count`` distinct secondary-marker numbers (1000/1 … 1101/1) on a 10 km square of TM-3 107°15′."""
    return [
        [f"{1000 + i // 99}/{i % 99 + 1}", "", 2414000 + (i % 100) * 100, 470000 + (i // 100) * 100, "", "", "T-A", ""]
        for i in range(count)
    ]


class TestBigMarkerImport(ImportTestCase):
    @pytest.mark.bigimport
    def test_ten_thousand_markers_preview_then_import_in_the_background(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url, {"file": xlsx(big_rows()), "grid": "EPSG:9215"}, follow=True)
        job = response.context["job"]
        self.assertEqual(job.status, "previewed", job.errors[:5])
        self.assertEqual((job.rows_done, job.rows_total, job.totals["new"]), (BIG, BIG, BIG))
        self.assertEqual(len(job.preview), BIG)
        self.assertEqual(len(response.context["preview"]), min(BIG, 500))  # the page shows the first 500 rows
        self.assertFalse(Marker.objects.exists())

        response = self.confirm()
        self.assertRedirects(response, reverse("border:marker_list"), fetch_redirect_response=False)
        job.refresh_from_db()
        self.assertEqual((job.status, job.rows_done, job.rows_total, job.totals["new"]), ("done", BIG, BIG, BIG))
        self.assertEqual(Marker.objects.filter(post=self.world.a, vn2000_grid="EPSG:9215").count(), BIG)
        number, _kind, x, y, *_rest = big_rows()[-1]
        last = Marker.objects.get(number=number)
        self.assertEqual((last.vn2000_x, last.vn2000_y), (Decimal(x), Decimal(y)))
        self.assertEqual(marker_history().count(), BIG)


class TestConfirmRace(ImportTestCase):
    def test_a_marker_created_by_someone_else_after_the_preview_is_refused_by_row(self):
        self.login(self.world.a_reporter)
        rows = [["1116", "", 2414000, 470000, "", "", "T-A", ""], ["1117", "", 2420000, 480000, "", "", "T-A", ""]]
        response = self.upload(rows)
        self.assertEqual([row[0] for row in response.context["preview"]], ["new", "new"])
        # a colleague of the same post registers 1117 before the confirmation
        theirs = Marker(number="1117", post=self.world.a, latitude=Decimal("21.9"), longitude=Decimal("106.8"))
        theirs.full_clean()
        theirs.save()
        response = self.client.get(self.confirm()["Location"])
        self.assertRefused(response)
        self.assertEqual([row for row, _field, _message in response.context["errors"]], [3])
        theirs.refresh_from_db()
        self.assertEqual((theirs.vn2000_x, theirs.version), (None, 1))
        self.assertEqual(Marker.objects.count(), 1)  # all or nothing: 1116 is not written either

    def test_a_marker_changed_by_someone_else_after_the_preview_is_not_overwritten(self):
        mine = Marker(number="1118", post=self.world.a, latitude=Decimal("21.9"), longitude=Decimal("106.8"))
        mine.full_clean()
        mine.save()
        self.login(self.world.a_reporter)
        rows = [["1119", "", 2414000, 470000, "", "", "T-A", ""], ["1118", "", 2420000, 480000, "", "", "T-A", "x"]]
        response = self.upload(rows)
        self.assertEqual([row[0] for row in response.context["preview"]], ["new", "update"])
        # a colleague edits 1118 (its version goes to 2) before the confirmation
        from phoihop.core.services import record_save

        mine.note = "Sửa bởi đồng chí khác"
        record_save(acting_user=self.world.a_admin, instance=mine)
        response = self.client.get(self.confirm()["Location"])
        self.assertRefused(response)
        self.assertEqual([row for row, _field, _message in response.context["errors"]], [3])
        self.assertIn("1118", response.context["errors"][0][2])
        mine.refresh_from_db()
        self.assertEqual((mine.note, mine.vn2000_x, mine.version), ("Sửa bởi đồng chí khác", None, 2))
        self.assertFalse(Marker.objects.filter(number="1119").exists())  # all or nothing
