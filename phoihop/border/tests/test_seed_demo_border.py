"""The illustrative border registry (``seed_demo_border``, run at the end of ``seed_demo``)."""

import datetime
import math
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.audit.models import ChangeRecord
from phoihop.border import coordinates
from phoihop.border.choices import SERIOUS_CONDITIONS, GateClass, MarkerKind
from phoihop.border.markers import parse_marker_number
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.border.schedule import overdue_q
from phoihop.core.choices import Role
from phoihop.work.choices import OPEN_STATUSES, UnitRole
from phoihop.work.models import Task

SEEDED_MODELS = (BorderSegment, Gate, Marker, Patrol, Inspection, Task)
POSTS = ("DBP-POMA", "DBP-BINHNGHI", "DBP-HUUNGHI", "DBP-BASON", "DBP-CHIMA")
BOX = coordinates.LANG_SON_BOUNDS


def snapshot():
    return {model.__name__: sorted(model._base_manager.values_list("pk", "version")) for model in SEEDED_MODELS}


def distance_km(a, b):
    (lat0, lon0), (lat1, lon1) = (map(float, a), map(float, b))
    return math.hypot((lat1 - lat0) * 110.57, (lon1 - lon0) * 111.32 * math.cos(math.radians(lat0)))


def position(record):
    return record.latitude, record.longitude


class TestSeedDemoBorder(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command("seed_demo", stdout=cls.output)  # areas, organisations, the work, then the border registry
        cls.today = timezone.localdate()

    def test_seed_demo_runs_it(self):
        self.assertIn("Demo border:", self.output.getvalue())

    def test_second_run_adds_nothing_and_writes_no_history(self):
        records, state = ChangeRecord.objects.count(), snapshot()
        out = StringIO()
        call_command("seed_demo_border", stdout=out)
        self.assertIn("Demo border: 0 created, 0 updated; 0 history entries", out.getvalue())
        self.assertEqual(ChangeRecord.objects.count(), records)
        self.assertEqual(snapshot(), state)

    def test_segments_one_per_post(self):
        segments = BorderSegment.objects.select_related("post")
        self.assertEqual(sorted(s.post.code for s in segments), sorted(POSTS))
        for segment in segments:
            self.assertTrue(segment.code.startswith("DT-"))
            self.assertEqual(segment.geometry["type"], "LineString")
            self.assertGreater(segment.length_km, 5)
            for lon, lat in segment.geometry["coordinates"]:  # GeoJSON order: longitude first
                self.assertTrue(coordinates.inside_province(lat, lon), (segment.code, lat, lon))
            self.assertIn("minh họa", segment.note)
        # Consecutive segments join: the line is continuous from north-west to south-east.
        ordered = sorted(segments, key=lambda s: -s.geometry["coordinates"][0][1])
        for previous, following in zip(ordered, ordered[1:], strict=False):
            self.assertEqual(previous.geometry["coordinates"][-1], following.geometry["coordinates"][0])

    def test_markers(self):
        markers = Marker.objects.select_related("post", "segment", "commune")
        self.assertGreaterEqual(markers.count(), 100)
        numbers = set(markers.values_list("number", flat=True))
        self.assertTrue({"962", "1116", "1117", "1228", "1116/1", "1116/2", "1040(1)", "1040(2)"} <= numbers)
        self.assertTrue(markers.filter(kind=MarkerKind.SECONDARY).exists())
        self.assertEqual(Marker.objects.get(number="1040(1)").form, "paired")
        for marker in markers:
            self.assertTrue(coordinates.inside_province(marker.latitude, marker.longitude), marker.number)
            self.assertEqual(marker.segment.post, marker.post)
            self.assertIn(marker.commune, marker.post.areas.all())
            self.assertIn(marker.material, ("bê tông cốt thép", "đá hoa cương"))
            self.assertIsNotNone(marker.elevation_m)
            self.assertIn("minh họa", marker.note)
            # Both coordinates are shown, and they agree (the model derived lat/lon from X/Y on the grid).
            self.assertEqual(marker.vn2000_grid, "EPSG:9215")
            lat, lon = coordinates.vn2000_to_wgs84(float(marker.vn2000_x), float(marker.vn2000_y), "EPSG:9215")
            self.assertLess(distance_km((lat, lon), position(marker)), 0.001)
        # Saved through record_save: each marker has its history entry, authored by a person.
        self.assertEqual(
            ChangeRecord.objects.filter(content_type__model="marker").values("object_pk").distinct().count(),
            markers.count(),
        )
        self.assertFalse(markers.filter(created_by__isnull=True).exists())

    def test_markers_sort_naturally_and_run_west_to_east(self):
        numbers = list(Marker.objects.order_by("sort_key").values_list("number", flat=True))
        self.assertEqual(numbers, sorted(numbers, key=lambda n: parse_marker_number(n).parts))
        self.assertEqual(list(Marker.objects.values_list("number", flat=True)), numbers)  # the default ordering
        self.assertLess(numbers.index("1116"), numbers.index("1116/1"))
        self.assertLess(numbers.index("1116/2"), numbers.index("1117"))
        # Main markers are numbered west to east along the line.
        mains = Marker.objects.filter(kind=MarkerKind.MAIN).order_by("sort_key")
        longitudes = [float(lon) for lon in mains.values_list("longitude", flat=True)]
        self.assertLess(longitudes[0], longitudes[-1])
        posts = list(Marker.objects.order_by("sort_key").values_list("post__code", flat=True))
        runs = [code for i, code in enumerate(posts) if i == 0 or posts[i - 1] != code]
        self.assertEqual(runs, list(POSTS))  # each post's markers form one stretch, in the order of the posts

    def test_gates(self):
        gates = {gate.name: gate for gate in Gate.objects.select_related("post", "commune")}
        self.assertGreaterEqual(len(gates), 7)
        huu_nghi = gates["Cửa khẩu quốc tế Hữu Nghị"]
        self.assertEqual(huu_nghi.gate_class, GateClass.INTERNATIONAL)
        self.assertIn("Hữu Nghị Quan", huu_nghi.counterpart)
        self.assertEqual(huu_nghi.post.code, "DBP-HUUNGHI")
        railway = next(gate for name, gate in gates.items() if "Đồng Đăng" in name)
        self.assertEqual((railway.gate_class, railway.transport), (GateClass.INTERNATIONAL, "Đường sắt"))
        self.assertIn("Bằng Tường", railway.counterpart)
        chi_ma = gates["Cửa khẩu Chi Ma"]
        self.assertEqual((chi_ma.gate_class, chi_ma.post.code), (GateClass.MAIN, "DBP-CHIMA"))
        self.assertIn("Ái Điểm", chi_ma.counterpart)
        for name in ("Tân Thanh", "Cốc Nam", "Na Hình", "Bình Nghi"):
            self.assertIn(f"Cửa khẩu {name}", gates)
        self.assertEqual(sum(gate.gate_class == GateClass.CROSSING for gate in gates.values()), 2)
        for gate in gates.values():
            self.assertTrue(coordinates.inside_province(gate.latitude, gate.longitude), gate.name)
            self.assertIn(gate.commune, gate.post.areas.all())
            self.assertTrue(gate.opening_hours)
            self.assertIn("minh họa", gate.note)
        # The markers at the gates stand next to them.
        self.assertLess(distance_km(position(Marker.objects.get(number="1116")), position(huu_nghi)), 1)
        self.assertLess(distance_km(position(Marker.objects.get(number="1117")), position(huu_nghi)), 1)
        self.assertLess(distance_km(position(Marker.objects.get(number="1228")), position(chi_ma)), 1)

    def test_patrols(self):
        patrols = Patrol.objects.select_related("post", "segment")
        self.assertGreaterEqual(patrols.count(), 100)
        self.assertEqual({p.post.code for p in patrols}, set(POSTS))
        self.assertEqual(set(patrols.values_list("kind", flat=True)), {"patrol", "control", "joint"})
        year_ago = self.today - datetime.timedelta(days=366)
        for patrol in patrols:
            self.assertEqual(patrol.segment.post, patrol.post)
            self.assertLess(patrol.started_at, patrol.ended_at)
            self.assertTrue(year_ago <= timezone.localdate(patrol.started_at) < self.today)
            self.assertGreater(patrol.border_guards, 0)
            self.assertIn("minh họa", patrol.route)
            self.assertIn("minh họa", patrol.findings)
            self.assertGreaterEqual(len(patrol.track), 20)
            for lat, lon in patrol.track:  # [lat, lon] pairs
                self.assertTrue(coordinates.inside_province(lat, lon))
            inspections = list(patrol.inspections.select_related("marker"))
            self.assertTrue(3 <= len(inspections) <= 10)
            for inspection in inspections:
                self.assertEqual(inspection.marker.post, patrol.post)
                self.assertEqual(inspection.inspected_on, timezone.localdate(patrol.started_at))

    def test_inspections_by_the_post_reporter(self):
        pomadon = User.objects.get(username="pomadon.reporter")
        self.assertFalse(Inspection.objects.filter(marker__post__code="DBP-POMA").exclude(created_by=pomadon).exists())
        for inspection in Inspection.objects.select_related("created_by", "marker__post")[:200]:
            self.assertTrue(
                inspection.created_by.memberships.filter(
                    organisation=inspection.marker.post, role__gte=Role.REPORTER
                ).exists()
            )

    def test_findings_and_follow_up_tasks(self):
        conditions = set(Inspection.objects.values_list("condition", flat=True))
        self.assertTrue({"intact", "overgrown", "faded"} <= conditions)
        self.assertTrue(conditions & set(SERIOUS_CONDITIONS))
        self.assertGreater(Inspection.objects.filter(condition="intact").count(), Inspection.objects.count() // 2)
        # Every serious finding opened a follow-up task led by the marker's post.
        serious = Inspection.objects.filter(condition__in=SERIOUS_CONDITIONS).select_related("marker", "follow_up_task")
        self.assertFalse(serious.filter(follow_up_task__isnull=True).exists())
        self.assertFalse(Inspection.objects.exclude(condition__in=SERIOUS_CONDITIONS).exclude(follow_up_task=None))
        for inspection in serious:
            lead = inspection.follow_up_task.units.get(role=UnitRole.LEAD)
            self.assertEqual(lead.organisation, inspection.marker.post)
        # Some markers await repair now, with an open follow-up task; repaired ones had their task completed.
        waiting = Marker.objects.filter(condition__in=SERIOUS_CONDITIONS)
        self.assertTrue(waiting.exists())
        for marker in waiting:
            latest = marker.inspections.order_by("-inspected_on", "-pk").first()
            self.assertIn(latest.follow_up_task.status, OPEN_STATUSES)
        self.assertTrue(Task.objects.filter(inspections__isnull=False, status="done").exists())

    def test_some_markers_overdue_for_inspection(self):
        overdue = Marker.objects.filter(overdue_q(self.today))
        self.assertTrue(overdue.filter(last_inspected_on__isnull=True).exists())
        self.assertTrue(overdue.filter(last_inspected_on__isnull=False).exists())
        self.assertLess(overdue.count(), Marker.objects.count() // 3)

    def test_post_reporter_sees_only_own_markers(self):
        reporter = User.objects.get(username="pomadon.reporter")
        visible = Marker.objects.restrict(reporter)
        self.assertTrue(visible.exists())
        self.assertEqual(set(visible.values_list("post__code", flat=True)), {"DBP-POMA"})
        self.assertEqual(visible.count(), Marker.objects.filter(post__code="DBP-POMA").count())
        self.assertFalse(visible.filter(number__in=["1116", "1117", "1228"]).exists())
