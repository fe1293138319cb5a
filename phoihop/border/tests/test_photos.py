import datetime
import io
import tempfile
from decimal import Decimal
from fractions import Fraction

from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase, override_settings
from django.urls import reverse
from PIL import Image

from phoihop.border.models import Inspection
from phoihop.border.services import inspection_record
from phoihop.border.tests.test_registry import make_marker
from phoihop.core.attachments import attachment_add
from phoihop.core.testing.views import WorldMixin


def jpeg_at(lat, lon) -> bytes:
    """A tiny JPEG whose EXIF GPS block says it was taken at (lat, lon)."""

    def dms(value):
        value = abs(value)
        degrees = int(value)
        minutes = int((value - degrees) * 60)
        seconds = Fraction((value - degrees - minutes / 60) * 3600).limit_denominator(1000)
        return (Fraction(degrees), Fraction(minutes), seconds)

    image = Image.new("RGB", (8, 8), "white")
    exif = image.getexif()
    exif.get_ifd(0x8825).update({1: "N", 2: dms(lat), 3: "E", 4: dms(lon)})
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", exif=exif)
    return buffer.getvalue()


@override_settings(MEDIA_ROOT=tempfile.mkdtemp(prefix="phoihop-photos-"))
class TestPhotoPositions(WorldMixin, TestCase):
    def test_exif_position_is_shown_and_far_photos_are_flagged(self):
        marker = make_marker(
            self.world.a, number="1117", latitude=Decimal("21.950000"), longitude=Decimal("106.700000")
        )
        inspection = inspection_record(
            acting_user=self.world.a_reporter,
            instance=Inspection(marker=marker, inspected_on=datetime.date(2025, 7, 1), condition="intact"),
        )
        near = SimpleUploadedFile("gan.jpg", jpeg_at(21.9501, 106.7001), content_type="image/jpeg")
        far = SimpleUploadedFile("xa.jpg", jpeg_at(21.96, 106.72), content_type="image/jpeg")
        attachment_add(acting_user=self.world.a_reporter, record=inspection, uploaded_file=near)
        attachment_add(acting_user=self.world.a_reporter, record=inspection, uploaded_file=far)
        self.client.force_login(self.world.a_viewer)
        page = self.client.get(reverse("border:inspection_detail", args=[inspection.pk]))
        positions = page.context["photo_positions"]
        self.assertEqual(len(positions), 2)
        by_name = {p.attachment.original_name: p for p in positions}
        self.assertLess(by_name["gan.jpg"].distance_m, 50)
        self.assertFalse(by_name["gan.jpg"].too_far)
        self.assertTrue(by_name["xa.jpg"].too_far)
        self.assertContains(page, 'data-testid="photo-too-far"', count=1)
