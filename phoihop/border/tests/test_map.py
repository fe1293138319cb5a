"""The border map: page, GeoJSON data, popup card and GeoJSON/KML exports — gate, filters, formats, query counts."""

import datetime
import html
import json
import re
import xml.etree.ElementTree as ET
from decimal import Decimal
from urllib.parse import parse_qs, urlsplit

from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phoihop.border import markers as marker_numbers
from phoihop.border.choices import CONDITION_SEVERITY, Condition
from phoihop.border.maps import CONDITION_HEX, CONDITION_TEXT_HEX
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.core.testing.views import WorldMixin
from phoihop.core.text import fold
from phoihop.orgs.models import Organisation

KML = "{http://www.opengis.net/kml/2.2}"
TODAY = timezone.localdate()


def make_marker(post, number, *, latitude="21.950000", longitude="106.700000", condition="intact", inspected=None):
    marker = Marker(
        post=post,
        number=number,
        latitude=Decimal(latitude) if latitude is not None else None,
        longitude=Decimal(longitude) if longitude is not None else None,
    )
    marker.full_clean()
    marker.condition, marker.last_inspected_on = condition, inspected
    marker.save()
    return marker


def bulk_markers(post, start, stop):
    """Markers start … stop-1 with bulk_create (no clean(), so sort_key, kind and search_text are set here)."""
    conditions = Condition.values
    rows = []
    for i in range(start, stop):
        number = str(i + 1) if i < marker_numbers.MAX_MAIN_NUMBER else f"{i % 1378 + 1}/{i // 1378}"
        rows.append(
            Marker(
                post=post,
                number=number,
                sort_key=marker_numbers.sort_key(number),
                kind=marker_numbers.kind_of(number),
                form=marker_numbers.form_of(number),
                search_text=fold(number),
                latitude=Decimal("21.800000") + Decimal(i % 100) * Decimal("0.002"),
                longitude=Decimal("106.600000") + Decimal(i // 100 % 100) * Decimal("0.003"),
                condition=conditions[i % len(conditions)],
                last_inspected_on=None if i % 7 == 0 else TODAY - datetime.timedelta(days=i % 300),
            )
        )
    Marker.objects.bulk_create(rows, batch_size=500)


def ids(features, layer="marker"):
    return {f["properties"]["id"] for f in features if f["properties"].get("layer", "marker") == layer}


class MapTestBase(WorldMixin, TestCase):
    def setUp(self):
        w = self.world
        self.intact = make_marker(w.a, "1116", inspected=TODAY - datetime.timedelta(days=10))
        self.displaced_overdue = make_marker(
            w.a, "1117", latitude="21.900000", longitude="106.800000", condition="displaced"
        )
        self.displaced_recent = make_marker(
            w.a, "1118", condition="displaced", inspected=TODAY - datetime.timedelta(days=5)
        )
        self.lost_old = make_marker(w.a, "1119", condition="lost", inspected=TODAY - datetime.timedelta(days=400))
        self.unplaced = make_marker(w.a, "1120", latitude=None, longitude=None)
        self.outside = make_marker(w.b, "1200", condition="displaced")
        line = {"type": "LineString", "coordinates": [[106.70, 21.90], [106.80, 21.95]]}
        self.segment_a = BorderSegment.objects.create(code="A-1", name="Đoạn Ba Sơn", post=w.a, geometry=line)
        self.segment_b = BorderSegment.objects.create(code="B-1", name="Đoạn Đồng Đăng", post=w.b, geometry=line)
        self.gate_a = Gate.objects.create(
            name="Cửa khẩu Chi Ma", gate_class="main", post=w.a, latitude=Decimal("21.85"), longitude=Decimal("106.75")
        )
        self.gate_b = Gate.objects.create(
            name="Cửa khẩu Hữu Nghị",
            gate_class="international",
            post=w.b,
            latitude=Decimal("21.97"),
            longitude=Decimal("106.70"),
        )
        now = timezone.now()
        track = [[21.90, 106.70], [21.91, 106.72], [21.93, 106.73]]
        self.patrol_recent = Patrol.objects.create(
            post=w.a,
            started_at=now - datetime.timedelta(days=3),
            ended_at=now - datetime.timedelta(days=3),
            track=track,
        )
        self.patrol_old = Patrol.objects.create(
            post=w.a,
            started_at=now - datetime.timedelta(days=40),
            ended_at=now - datetime.timedelta(days=40),
            track=track,
        )
        self.patrol_b = Patrol.objects.create(post=w.b, started_at=now, ended_at=now, track=track)

    def data(self, **params):
        response = self.client.get(reverse("border:map_data"), params)
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertEqual(response["Content-Type"], "application/geo+json")
        return json.loads(response.content)

    def export(self, fmt, **params):
        response = self.client.get(reverse("border:map_export", kwargs={"fmt": fmt}), params)
        self.assertEqual(response.status_code, 200, response.content[:500])
        self.assertIn("attachment;", response["Content-Disposition"])
        return response

    def kml_placemarks(self, response):
        root = ET.fromstring(response.content)
        self.assertEqual(root.tag, f"{KML}kml")
        return root.findall(f"{KML}Document/{KML}Placemark")

    def config(self, response):
        match = re.search(r'data-config="([^"]*)"', response.content.decode())
        self.assertIsNotNone(match)
        return json.loads(html.unescape(match.group(1)))


class TestMapPage(MapTestBase):
    def test_anonymous_is_sent_to_login_and_scripts_get_401(self):
        login = reverse("accounts:login")
        for url in (reverse("border:map"), reverse("border:map_export", kwargs={"fmt": "kml"})):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn(login, response["Location"])
        for url in (reverse("border:map_data"), reverse("border:marker_card", kwargs={"pk": self.intact.pk})):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 401, url)
            self.assertIn("detail", response.json())

    def test_page_without_tiles_loads_nothing_from_outside(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:map"))
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "border/map.html")
        content = response.content.decode()
        self.assertContains(response, 'data-testid="no-base-map"')
        for asset in (
            "vendor/leaflet/leaflet.js",
            "vendor/leaflet/leaflet.css",
            "vendor/leaflet.markercluster/leaflet.markercluster.js",
            "vendor/leaflet.markercluster/MarkerCluster.css",
            "vendor/leaflet.markercluster/MarkerCluster.Default.css",
            "phoihop/map.js",
        ):
            self.assertIn(asset, content)
        self.assertIsNone(re.search(r'(?:src|href)="(?:https?:)?//', content), "an external asset is referenced")
        config = self.config(response)
        self.assertEqual(config["tileUrl"], "")
        self.assertEqual(config["dataUrl"], reverse("border:map_data"))
        self.assertEqual(config["cardUrl"], reverse("border:marker_card", kwargs={"pk": 0}))
        # the marker list's filter panel
        for name in ("q", "kind", "form", "condition", "post", "commune", "segment", "overdue", "tracks"):
            self.assertIn(f'name="{name}"', content)
        self.assertContains(response, 'data-testid="export-geojson"')
        self.assertContains(response, 'data-testid="export-kml"')

    @override_settings(MAP_TILE_URL="http://tiles.local/{z}/{x}/{y}.png", MAP_TILE_ATTRIBUTION="© Bản đồ nội bộ")
    def test_configured_tile_server_is_used(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:map"))
        config = self.config(response)
        self.assertEqual(config["tileUrl"], "http://tiles.local/{z}/{x}/{y}.png")
        self.assertEqual(config["tileAttribution"], "© Bản đồ nội bộ")
        self.assertNotContains(response, 'data-testid="no-base-map"')
        # the tiles give the context: no Natural Earth layer over them
        self.assertEqual(config["contextUrl"], "")
        self.assertNotContains(response, "topojson-client")

    def test_without_tiles_the_shipped_national_boundary_gives_the_context(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:map"))
        config = self.config(response)
        self.assertIn("vendor/world-atlas/countries-10m", config["contextUrl"])
        self.assertEqual(config["contextCountry"], "704")
        self.assertContains(response, "vendor/topojson-client/topojson-client.min.js")
        # the file is served from our own static files, and Viet Nam is in it
        from django.contrib.staticfiles import finders

        topo = json.loads(open(finders.find("vendor/world-atlas/countries-10m.json"), encoding="utf-8").read())
        self.assertIn("704", {g.get("id") for g in topo["objects"]["countries"]["geometries"]})

    def test_legend_has_one_distinct_colour_per_condition_in_order_of_severity(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:map"))
        legend = response.context["legend"]
        self.assertEqual({value for value, _, _ in legend}, set(Condition.values))
        colours = [colour for _, _, colour in legend]
        self.assertEqual(len(set(colours)), len(Condition.values), "two conditions share a colour")
        severities = [CONDITION_SEVERITY[value] for value, _, _ in legend]
        self.assertEqual(severities, sorted(severities))
        self.assertEqual(legend[0][0], Condition.INTACT)
        self.assertEqual(legend[-1][0], Condition.LOST)
        # the clusters' rules and the script's table follow the same colours
        config = self.config(response)
        self.assertEqual(
            [(c["value"], c["colour"], c["text"]) for c in config["conditions"]],
            [(value, colour, CONDITION_TEXT_HEX[value]) for value, _, colour in legend],
        )
        for value, _, colour in legend:
            self.assertContains(response, f".marker-cluster.map-cluster--{value} {{ background-color: {colour}66; }}")
        self.assertEqual(config["markerLabelZoom"], 13)

    def test_filters_are_passed_to_the_data_and_the_exports(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:map"), {"condition": "displaced", "overdue": "true", "tracks": "1"})
        config = self.config(response)
        query = parse_qs(urlsplit(config["dataUrl"]).query)
        self.assertEqual(query, {"condition": ["displaced"], "overdue": ["true"], "tracks": ["1"]})
        for fmt in ("geojson", "kml"):
            href = re.search(rf'href="([^"]*)"[^>]*data-export="{fmt}"', response.content.decode()).group(1)
            url = urlsplit(href.replace("&amp;", "&"))
            self.assertEqual(url.path, reverse("border:map_export", kwargs={"fmt": fmt}))
            self.assertEqual(parse_qs(url.query), {"condition": ["displaced"], "overdue": ["true"]})
        self.assertContains(response, 'name="tracks" value="1" checked')

    def test_invalid_filters_show_errors_and_no_export_links(self):
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:map"), {"condition": "nonsense"})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "invalid-feedback")
        self.assertNotContains(response, 'data-testid="export-kml"')


class TestMapData(MapTestBase):
    def test_feature_collection_is_valid_geojson_with_lon_lat_order(self):
        self.login(self.world.a_viewer)
        data = self.data()
        self.assertEqual(data["type"], "FeatureCollection")
        for f in data["features"]:
            self.assertEqual(f["type"], "Feature")
            self.assertIn(f["geometry"]["type"], ("Point", "LineString", "MultiLineString"))
            points = (
                [f["geometry"]["coordinates"]] if f["geometry"]["type"] == "Point" else f["geometry"]["coordinates"]
            )
            for lon, lat in points:
                self.assertTrue(106 < lon < 108 and 21 < lat < 23, (lon, lat))
        markers = {f["properties"]["id"]: f for f in data["features"] if f["properties"]["layer"] == "marker"}
        self.assertEqual(
            set(markers), {self.intact.pk, self.displaced_overdue.pk, self.displaced_recent.pk, self.lost_old.pk}
        )
        f = markers[self.displaced_overdue.pk]
        self.assertEqual(f["geometry"], {"type": "Point", "coordinates": [106.8, 21.9]})
        self.assertEqual(
            f["properties"],
            {
                "layer": "marker",
                "id": self.displaced_overdue.pk,
                "number": "1117",
                "condition": "displaced",
                "condition_label": str(Condition.DISPLACED.label),
                "colour": "#d63939",
                "severity": 3,
                "overdue": True,
                "post": self.world.a.name,
                "last_inspected_on": None,
                "url": self.displaced_overdue.get_absolute_url(),
            },
        )
        intact = markers[self.intact.pk]["properties"]
        self.assertEqual(intact["colour"], CONDITION_HEX["intact"])
        self.assertFalse(intact["overdue"])
        self.assertEqual(intact["last_inspected_on"], (TODAY - datetime.timedelta(days=10)).strftime("%d/%m/%Y"))
        self.assertTrue(markers[self.lost_old.pk]["properties"]["overdue"])
        self.assertEqual(ids(data["features"], "segment"), {self.segment_a.pk})
        self.assertEqual(ids(data["features"], "gate"), {self.gate_a.pk})
        self.assertEqual(ids(data["features"], "track"), set(), "tracks only with ?tracks=1")
        self.assertEqual(
            data["summary"],
            {"markers": 4, "markers_without_position": 1, "segments": 1, "gates": 1, "tracks": 0, "communes": 0},
        )

    def test_communes_are_named_at_the_centre_of_the_markers_the_user_sees(self):
        from phoihop.orgs.models import Area

        w = self.world
        commune = Area.objects.create(name="Xã Ba Sơn", kind="commune", is_border_commune=True)
        other = Area.objects.create(name="Xã Đồng Đăng", kind="commune", is_border_commune=True)
        Marker.objects.filter(pk__in=[self.intact.pk, self.displaced_overdue.pk]).update(commune=commune)
        Marker.objects.filter(pk=self.outside.pk).update(commune=other)
        self.login(w.a_viewer)
        data = self.data()
        communes = [f for f in data["features"] if f["properties"]["layer"] == "commune"]
        self.assertEqual(len(communes), 1, "a commune is named only where the user sees its markers")
        self.assertEqual(
            communes[0]["properties"], {"layer": "commune", "id": commune.pk, "name": commune.name, "markers": 2}
        )
        self.assertEqual(communes[0]["geometry"]["coordinates"], [106.75, 21.925])
        self.assertEqual(data["summary"]["communes"], 1)
        self.assertNotIn("Xã Đồng Đăng", json.dumps(data, ensure_ascii=False))

    def test_tracks_of_the_last_30_days_with_lon_lat_order(self):
        self.login(self.world.a_viewer)
        tracks = [f for f in self.data(tracks="1")["features"] if f["properties"]["layer"] == "track"]
        self.assertEqual([f["properties"]["id"] for f in tracks], [self.patrol_recent.pk])
        self.assertEqual(
            tracks[0]["geometry"],
            {"type": "LineString", "coordinates": [[106.70, 21.90], [106.72, 21.91], [106.73, 21.93]]},
        )

    def test_outsider_sees_nothing_of_post_a(self):
        self.login(self.world.b_admin)
        data = self.data(tracks="1")
        self.assertEqual(ids(data["features"]), {self.outside.pk})
        self.assertEqual(ids(data["features"], "segment"), {self.segment_b.pk})
        self.assertEqual(ids(data["features"], "gate"), {self.gate_b.pk})
        self.assertEqual(ids(data["features"], "track"), {self.patrol_b.pk})
        geojson = json.loads(self.export("geojson").content)
        self.assertEqual(ids(geojson["features"]), {self.outside.pk})
        self.assertEqual([p.findtext(f"{KML}name") for p in self.kml_placemarks(self.export("kml"))], ["1200"])

    def test_invalid_filter_is_a_field_error(self):
        self.login(self.world.a_viewer)
        for url in (reverse("border:map_data"), reverse("border:map_export", kwargs={"fmt": "kml"})):
            response = self.client.get(url, {"condition": "nonsense"})
            self.assertEqual(response.status_code, 400)
            self.assertIn("condition", response.json()["errors"])

    def test_filters_apply_exactly_like_the_marker_list(self):
        self.login(self.world.a_viewer)
        placed = set(Marker.objects.filter(latitude__isnull=False).values_list("pk", flat=True))
        numbers = dict(Marker.objects.values_list("pk", "number"))
        cases = [
            {"condition": "displaced"},
            {"overdue": "true"},
            {"overdue": "false"},
            {"condition": "displaced", "overdue": "true"},
            {"condition": ["displaced", "lost"]},
            {"q": "1116"},
            {"post": str(self.world.a.pk)},
        ]
        for params in cases:
            response = self.client.get(reverse("border:marker_list"), {**params, "per_page": 100})
            listed = {row.record.pk for row in response.context["table"].paginated_rows}
            expected = listed & placed
            self.assertEqual(ids(self.data(**params)["features"]), expected, params)
            self.assertEqual(ids(json.loads(self.export("geojson", **params).content)["features"]), expected, params)
            names = {p.findtext(f"{KML}name") for p in self.kml_placemarks(self.export("kml", **params))}
            self.assertEqual(names, {numbers[pk] for pk in expected}, params)
        self.assertEqual(ids(self.data(condition="displaced", overdue="true")["features"]), {self.displaced_overdue.pk})


class TestMarkerCard(MapTestBase):
    def test_card_has_the_latest_three_inspections(self):
        for days, condition in ((30, "intact"), (20, "overgrown"), (10, "damaged"), (40, "intact")):
            Inspection.objects.create(
                marker=self.intact,
                inspected_on=TODAY - datetime.timedelta(days=days),
                inspecting_unit=self.world.a,
                condition=condition,
            )
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("border:marker_card", kwargs={"pk": self.intact.pk}))
        self.assertEqual(response.status_code, 200)
        card = response.json()
        self.assertEqual(card["number"], "1116")
        self.assertEqual(card["post"], self.world.a.name)
        self.assertEqual(card["url"], self.intact.get_absolute_url())
        self.assertEqual(
            [(i["inspected_on"], i["condition"]) for i in card["inspections"]],
            [
                ((TODAY - datetime.timedelta(days=d)).strftime("%d/%m/%Y"), c)
                for d, c in ((10, "damaged"), (20, "overgrown"), (30, "intact"))
            ],
        )
        self.assertEqual(card["inspections"][0]["unit"], self.world.a.name)

    def test_card_outside_the_scope_is_404_like_a_missing_one(self):
        self.login(self.world.b_admin)
        outside = self.client.get(reverse("border:marker_card", kwargs={"pk": self.intact.pk}))
        missing = self.client.get(reverse("border:marker_card", kwargs={"pk": 987654}))
        self.assertEqual(outside.status_code, 404)
        self.assertEqual(outside.json(), missing.json())
        self.assertEqual(
            self.client.get(reverse("border:marker_card", kwargs={"pk": self.outside.pk})).status_code, 200
        )


class TestExports(MapTestBase):
    def test_kml_is_well_formed_utf8_with_escaped_text(self):
        awkward = Organisation.objects.create(
            name='Tổ "Ba Sơn" <A&B>\x0b', code="T-A2", kind=self.world.kind, parent=self.world.a
        )
        make_marker(awkward, "1121", latitude="21.880000", longitude="106.650000", condition="damaged")
        self.login(self.world.a_viewer)
        response = self.export("kml")
        self.assertEqual(response["Content-Type"], "application/vnd.google-earth.kml+xml; charset=utf-8")
        self.assertTrue(response.content.startswith(b"<?xml version='1.0' encoding='utf-8'?>"))
        self.assertIn("Đồn Biên phòng Ba Sơn".encode(), response.content)
        self.assertIn(b"&lt;A&amp;B&gt;", response.content)
        placemarks = self.kml_placemarks(response)
        self.assertEqual(
            len(placemarks), Marker.objects.restrict(self.world.a_viewer).filter(latitude__isnull=False).count()
        )
        by_name = {p.findtext(f"{KML}name"): p for p in placemarks}
        self.assertEqual(by_name["1116"].findtext(f"{KML}Point/{KML}coordinates"), "106.700000,21.950000")
        self.assertEqual(by_name["1121"].findtext(f"{KML}Point/{KML}coordinates"), "106.650000,21.880000")
        extended = {
            d.get("name"): d.findtext(f"{KML}value") for d in by_name["1121"].findall(f"{KML}ExtendedData/{KML}Data")
        }
        self.assertEqual(extended["post"], 'Tổ "Ba Sơn" <A&B>')
        self.assertEqual(extended["number"], "1121")
        self.assertEqual(extended["condition"], str(Condition.DAMAGED.label))
        self.assertNotIn("1120", by_name, "a marker without a position has no placemark")

    def test_geojson_export_has_markers_only(self):
        self.login(self.world.a_viewer)
        response = self.export("geojson")
        self.assertEqual(response["Content-Type"], "application/geo+json")
        data = json.loads(response.content)
        self.assertEqual(data["type"], "FeatureCollection")
        self.assertEqual(
            ids(data["features"]),
            {self.intact.pk, self.displaced_overdue.pk, self.displaced_recent.pk, self.lost_old.pk},
        )
        f = next(f for f in data["features"] if f["properties"]["id"] == self.lost_old.pk)
        self.assertEqual(f["geometry"], {"type": "Point", "coordinates": [106.7, 21.95]})
        self.assertEqual(f["properties"]["number"], "1119")
        self.assertEqual(f["properties"]["condition"], "lost")
        self.assertEqual(f["properties"]["post"], self.world.a.name)
        self.assertEqual(f["properties"]["last_inspected_on"], (TODAY - datetime.timedelta(days=400)).isoformat())

    def test_unknown_format_is_404(self):
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.get("/border/map/export.csv").status_code, 404)


class TestMapQueryCounts(WorldMixin, TestCase):
    """The number of queries does not depend on the number of markers (20 vs 5,000)."""

    def counts(self):
        urls = [
            (reverse("border:map"), {}),
            (reverse("border:map"), {"condition": "displaced", "overdue": "true"}),
            (reverse("border:map_data"), {"tracks": "1"}),
            (reverse("border:map_data"), {"condition": "displaced", "overdue": "true", "post": self.world.a.pk}),
            (reverse("border:map_export", kwargs={"fmt": "geojson"}), {}),
            (reverse("border:map_export", kwargs={"fmt": "kml"}), {"overdue": "false"}),
        ]
        result = []
        for url, params in urls:
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(url, params)
            self.assertEqual(response.status_code, 200, url)
            result.append(len(queries))
        return result

    def test_query_count_does_not_grow_with_markers(self):
        now = timezone.now()
        Patrol.objects.create(post=self.world.a, started_at=now, ended_at=now, track=[[21.9, 106.7], [21.91, 106.71]])
        BorderSegment.objects.create(
            code="A-1",
            name="Đoạn",
            post=self.world.a,
            geometry={"type": "LineString", "coordinates": [[106.7, 21.9], [106.8, 21.9]]},
        )
        bulk_markers(self.world.a, 0, 20)
        self.login(self.world.a_viewer)
        self.counts()  # warm the process-wide caches (content types) that a cold first request fills
        few = self.counts()
        self.assertEqual(len(self.data_markers()), 20)
        bulk_markers(self.world.a, 20, 5000)
        many = self.counts()
        self.assertEqual(few, many)
        features = self.data_markers()
        self.assertEqual(len(features), 5000)
        for f in features[:50]:
            lon, lat = f["geometry"]["coordinates"]
            self.assertTrue(106.6 <= lon <= 106.9 and 21.8 <= lat <= 22.0)

    def data_markers(self):
        data = self.client.get(reverse("border:map_data")).json()
        return [f for f in data["features"] if f["properties"]["layer"] == "marker"]
