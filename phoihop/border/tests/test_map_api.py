"""/api/border/map/<layer>/: the map's GeoJSON layers through the API, same gate and filters as the page."""

import datetime

from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.border.models import BorderSegment, Gate, Patrol
from phoihop.border.tests.test_map import TODAY, MapTestBase, bulk_markers, ids

LAYERS = ("markers", "segments", "gates", "tracks")


class TestMapAPI(MapTestBase):
    def setUp(self):
        super().setUp()
        self.api = APIClient()
        self.api.force_authenticate(self.world.a_viewer)

    def layer(self, name, status=200, **params):
        response = self.api.get(f"/api/border/map/{name}/", params)
        self.assertEqual(response.status_code, status, response.content[:500])
        data = response.json()
        if status == 200:
            self.assertEqual(data["type"], "FeatureCollection")
        return data

    def test_anonymous_gets_401(self):
        self.api.force_authenticate(None)
        for name in LAYERS:
            self.assertEqual(self.api.get(f"/api/border/map/{name}/").status_code, 401, name)

    def test_markers_are_the_maps_markers(self):
        data = self.layer("markers")
        expected = {self.intact.pk, self.displaced_overdue.pk, self.displaced_recent.pk, self.lost_old.pk}
        self.assertEqual(ids(data["features"]), expected)  # not B's marker, not the one without a position
        self.assertEqual(data["summary"], {"markers": 4, "markers_without_position": 1})
        self.client.force_login(self.world.a_viewer)
        page = self.client.get(reverse("border:map_data"), {"condition": "displaced"}).json()
        api = self.layer("markers", condition="displaced")
        self.assertEqual(api["features"], [f for f in page["features"] if f["properties"]["layer"] == "marker"])
        self.assertEqual(ids(api["features"]), {self.displaced_overdue.pk, self.displaced_recent.pk})
        lon, lat = next(f for f in api["features"] if f["properties"]["id"] == self.displaced_overdue.pk)["geometry"][
            "coordinates"
        ]
        self.assertEqual((lon, lat), (106.8, 21.9))  # longitude first
        overdue = self.layer("markers", overdue="true")
        self.assertTrue(all(f["properties"]["overdue"] for f in overdue["features"]))

    def test_invalid_filter_is_field_level_400(self):
        data = self.layer("markers", status=400, condition="nonsense")
        self.assertIn("condition", data)
        data = self.layer("tracks", status=400, date_from="not a date")
        self.assertIn("date_from", data)
        # an organisation outside the scope is not a choice
        self.assertIn("post", self.layer("gates", status=400, post=self.world.b.pk))

    def test_segments_gates_and_tracks_follow_the_scope_and_filters(self):
        self.assertEqual(ids(self.layer("segments")["features"], "segment"), {self.segment_a.pk})
        self.assertEqual(ids(self.layer("segments", q="dong dang")["features"], "segment"), set())
        self.assertEqual(ids(self.layer("gates")["features"], "gate"), {self.gate_a.pk})
        self.assertEqual(ids(self.layer("gates", gate_class="international")["features"], "gate"), set())
        self.assertEqual(ids(self.layer("tracks")["features"], "track"), {self.patrol_recent.pk})  # last 30 days
        since = (TODAY - datetime.timedelta(days=60)).isoformat()
        self.assertEqual(
            ids(self.layer("tracks", date_from=since)["features"], "track"),
            {self.patrol_recent.pk, self.patrol_old.pk},
        )
        self.api.force_authenticate(self.world.p_viewer)  # the province sees both posts
        self.assertEqual(ids(self.layer("gates")["features"], "gate"), {self.gate_a.pk, self.gate_b.pk})

    def counts(self):
        result = []
        for name in LAYERS:
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.api.get(f"/api/border/map/{name}/").status_code, 200)
            result.append(len(queries))
        return result

    def test_query_count_does_not_grow_with_rows(self):
        self.counts()  # warm caches
        few = self.counts()
        bulk_markers(self.world.a, 0, 50)
        line = {"type": "LineString", "coordinates": [[106.7, 21.9], [106.8, 21.9]]}
        track = [[21.9, 106.7], [21.91, 106.71]]
        for n in range(5):
            BorderSegment.objects.create(code=f"A-{n + 10}", name="Đoạn", post=self.world.a, geometry=line)
            Gate.objects.create(
                name=f"Lối mở {n}", gate_class="main", post=self.world.a, latitude=21.8, longitude=106.7
            )
            Patrol.objects.create(
                post=self.world.a,
                started_at=self.patrol_recent.started_at,
                ended_at=self.patrol_recent.ended_at,
                track=track,
            )
        self.assertEqual(few, self.counts())
        self.assertEqual(len(self.layer("markers")["features"]), 54)
