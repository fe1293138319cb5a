import json

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from phoihop.border.geometry import line_length_km
from phoihop.border.geometry_files import read_gpx, read_line
from phoihop.border.models import BorderSegment, Patrol
from phoihop.core.testing.views import WorldMixin

LINE = {"type": "LineString", "coordinates": [[106.70, 21.95], [106.71, 21.95]]}
KML = b"""<?xml version="1.0" encoding="UTF-8"?><kml xmlns="http://www.opengis.net/kml/2.2"><Document><Placemark>
<LineString><coordinates>106.70,21.95,0 106.71,21.95,0</coordinates></LineString></Placemark></Document></kml>"""
GPX = b"""<?xml version="1.0"?><gpx version="1.1" xmlns="http://www.topografix.com/GPX/1/1"><trk><trkseg>
<trkpt lat="21.95" lon="106.70"/><trkpt lat="21.951" lon="106.701"/></trkseg></trk></gpx>"""


def test_geojson_and_kml_give_the_same_line_and_geodesic_length():
    from_geojson = read_line(json.dumps({"type": "Feature", "geometry": LINE}).encode(), "doan.geojson")
    from_kml = read_line(KML, "doan.kml")
    assert from_geojson["coordinates"] == from_kml["coordinates"]
    # 0.01° of longitude at 21.95° N is about 1.033 km on the WGS 84 ellipsoid
    assert abs(float(line_length_km(from_kml)) - 1.033) < 0.005


@pytest.mark.parametrize(
    "content,name",
    [(b"not json", "x.geojson"), (b"<kml>", "x.kml"), (b'{"type": "Point", "coordinates": [1, 2]}', "x.json")],
)
def test_bad_line_files_are_refused_with_a_message(content, name):
    with pytest.raises(ValidationError):
        read_line(content, name)


def test_gpx_points_and_bad_gpx():
    assert read_gpx(GPX) == [[21.95, 106.7], [21.951, 106.701]]
    with pytest.raises(ValidationError):
        read_gpx(b"<gpx></gpx>")
    with pytest.raises(ValidationError):
        read_gpx(b"garbage")


class TestUploads(WorldMixin, TestCase):
    def test_segment_from_kml_and_patrol_with_gpx_through_the_forms(self):
        self.client.force_login(self.world.a_reporter)
        response = self.client.post(
            reverse("border:bordersegment_add"),
            {
                "code": "DT-A",
                "name": "Đoạn mốc 1116–1117",
                "post": self.world.a.pk,
                "geometry_file": SimpleUploadedFile("doan.kml", KML),
            },
        )
        self.assertEqual(response.status_code, 302)
        self.assertGreater(BorderSegment.objects.get(code="DT-A").length_km, 1)
        response = self.client.post(
            reverse("border:patrol_add"),
            {
                "post": self.world.a.pk,
                "kind": "patrol",
                "started_at": "01/07/2025 07:00",
                "ended_at": "01/07/2025 11:30",
                "border_guards": 4,
                "militia": 2,
                "people": 0,
                "police": 0,
                "gpx": SimpleUploadedFile("t.gpx", GPX),
            },
        )
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        patrol = Patrol.objects.get()
        self.assertEqual(len(patrol.track), 2)
        bad = self.client.post(
            reverse("border:patrol_add"),
            {
                "post": self.world.a.pk,
                "kind": "patrol",
                "started_at": "01/07/2025 07:00",
                "ended_at": "01/07/2025 06:00",
                "border_guards": 1,
                "militia": 0,
                "people": 0,
                "police": 0,
            },
        )
        self.assertEqual(bad.status_code, 400)
        self.assertIn("ended_at", bad.context["form"].errors)
