import datetime
import itertools
from decimal import Decimal

from django.test import TestCase
from django.urls import reverse

from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.border.services import inspection_record
from phoihop.core.choices import Role
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Area
from phoihop.work.models import Task

counter = itertools.count(900)


def make_marker(post, **kwargs):
    kwargs.setdefault("number", str(next(counter)))
    kwargs.setdefault("latitude", Decimal("21.95"))
    kwargs.setdefault("longitude", Decimal("106.70"))
    marker = Marker(post=post, **kwargs)
    marker.full_clean()
    marker.save()
    return marker


class MarkerRecord:
    model = Marker

    def make_record(self, owner, **kwargs):
        return make_marker(owner, **kwargs)

    def form_data(self, owner):
        return {"number": str(next(counter)), "latitude": "21,95", "longitude": "106,7", "post": owner.pk}

    def invalid_form_data(self, owner):
        return {"number": "11//6", "post": owner.pk}, "number"

    def export_keys(self, obj):
        return [obj.number]


class TestMarkerViews(MarkerRecord, RecordViewTests, TestCase):
    def test_natural_order(self):
        for number in ("1117", "962", "1116/1", "1116", "261(2)", "261(1)"):
            make_marker(self.world.a, number=number)
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("list"), {"per_page": 100})
        numbers = [row.record.number for row in response.context["table"].paginated_rows]
        self.assertEqual(numbers, ["261(1)", "261(2)", "962", "1116", "1116/1", "1117"])

    def test_vn2000_values_are_converted(self):
        self.login(self.world.a_reporter)
        data = {"number": "1228", "vn2000_x": "2414000", "vn2000_y": "470000", "post": self.world.a.pk}
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        marker = Marker.objects.get(number="1228")
        self.assertEqual(marker.vn2000_grid, "EPSG:9215")
        self.assertTrue(21 < marker.latitude < 23 and 106 < marker.longitude < 108)

    def test_swapped_x_and_y_is_a_field_error(self):
        self.login(self.world.a_reporter)
        data = {"number": "1229", "vn2000_x": "470000", "vn2000_y": "2414000", "post": self.world.a.pk}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("vn2000_x", response.context["form"].errors)


class TestMarkerAPI(MarkerRecord, RecordAPITests, TestCase):
    endpoint = "/api/border/markers/"

    def api_data(self, owner):
        return {"number": str(next(counter)), "latitude": "21.95", "longitude": "106.7", "post": owner.pk}

    def invalid_api_data(self, owner):
        return {"number": "abc", "post": owner.pk}, "number"


class TestGateViews(RecordViewTests, TestCase):
    model = Gate

    def make_record(self, owner, **kwargs):
        return Gate.objects.create(name=f"Cửa khẩu Chi Ma {next(counter)}", gate_class="main", post=owner, **kwargs)

    def form_data(self, owner):
        return {
            "name": f"Cửa khẩu quốc tế Hữu Nghị {next(counter)}",
            "gate_class": "international",
            "status": "open",
            "post": owner.pk,
        }

    def invalid_form_data(self, owner):
        return {"name": "X", "gate_class": "nonsense", "status": "open", "post": owner.pk}, "gate_class"

    def export_keys(self, obj):
        return [obj.name]


class TestInspections(WorldMixin, TestCase):
    def setUp(self):
        self.commune = Area.objects.create(code="06196", name="Xã Ba Sơn", kind="commune", is_border_commune=True)
        self.world.b.areas.add(self.commune)
        self.marker = make_marker(self.world.a, number="1116", commune=self.commune)

    def test_displaced_finding_opens_a_follow_up_task_linked_both_ways(self):
        self.client.force_login(self.world.a_reporter)
        data = {
            "marker": self.marker.pk,
            "inspected_on": "01/07/2025",
            "condition": "displaced",
            "notes": "Mốc bị xê dịch do sạt lở",
        }
        response = self.client.post(reverse("border:inspection_add"), data)
        self.assertEqual(response.status_code, 302)
        inspection = Inspection.objects.get()
        self.assertEqual(inspection.inspected_on, datetime.date(2025, 7, 1))
        task = inspection.follow_up_task
        self.assertIsNotNone(task)
        self.assertEqual(
            {(u.organisation.code, u.role) for u in task.units.all()}, {("T-A", "lead"), ("T-B", "coordinating")}
        )
        self.assertEqual(list(task.inspections.all()), [inspection])
        self.marker.refresh_from_db()
        self.assertEqual(
            (self.marker.condition, self.marker.last_inspected_on), ("displaced", datetime.date(2025, 7, 1))
        )
        self.client.get(reverse("border:inspection_detail", args=[inspection.pk]))
        # the task's page leads back to the inspection that opened it, for those who may open the inspection
        page = self.client.get(task.get_absolute_url())
        self.assertContains(page, 'data-testid="source-inspections"')
        self.assertContains(page, inspection.get_absolute_url())
        self.assertContains(page, "01/07/2025")
        self.client.force_login(self.world.b_admin)  # a coordinating unit: sees the task, not post A's inspection
        page = self.client.get(task.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertNotContains(page, 'data-testid="source-inspections"')
        self.assertNotContains(page, inspection.get_absolute_url())

    def test_intact_finding_opens_nothing_and_condition_follows_latest(self):
        inspection_record(
            acting_user=self.world.a_reporter,
            instance=Inspection(marker=self.marker, inspected_on=datetime.date(2025, 6, 1), condition="damaged"),
        )
        inspection_record(
            acting_user=self.world.a_reporter,
            instance=Inspection(marker=self.marker, inspected_on=datetime.date(2025, 7, 1), condition="intact"),
        )
        self.marker.refresh_from_db()
        self.assertEqual(self.marker.condition, "intact")
        self.assertEqual(Task.objects.count(), 1)

    def test_another_posts_reporter_cannot_record(self):
        other = make_user("b_reporter", self.world.b, Role.REPORTER)
        self.client.force_login(other)
        response = self.client.post(
            reverse("border:inspection_add"),
            {"marker": self.marker.pk, "inspected_on": "01/07/2025", "condition": "lost"},
        )
        self.assertIn(response.status_code, (400, 403))
        self.assertFalse(Inspection.objects.exists())
        self.assertEqual(self.client.get(reverse("border:marker_detail", args=[self.marker.pk])).status_code, 404)
        response = self.client.post(
            "/api/border/inspections/",
            {"marker": self.marker.pk, "inspected_on": "2025-07-01", "condition": "lost"},
            content_type="application/json",
        )
        self.assertIn(response.status_code, (400, 403))
        self.assertFalse(Inspection.objects.exists())


class TestMarkerListAtScale(WorldMixin, TestCase):
    def test_list_and_api_query_counts_do_not_depend_on_5000_markers(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from phoihop.border.markers import parse_marker_number, sort_key

        def bulk(numbers):
            Marker.objects.bulk_create(
                [
                    Marker(
                        number=str(n),
                        sort_key=sort_key(parse_marker_number(str(n))),
                        post=self.world.a,
                        latitude=Decimal("21.9"),
                        longitude=Decimal("106.8"),
                        search_text=str(n),
                    )
                    for n in numbers
                ]
            )

        def count(url):
            self.client.get(url)  # warm caches
            with CaptureQueriesContext(connection) as queries:
                self.assertEqual(self.client.get(url).status_code, 200)
            return len(queries)

        self.client.force_login(self.world.a_viewer)
        bulk(range(1, 21))
        few = (count("/border/markers/"), count("/api/border/markers/"), count("/border/markers/?overdue=true"))
        bulk(range(21, 1379))
        Marker.objects.bulk_create(
            [
                Marker(
                    number=f"{n}/{s}",
                    sort_key=sort_key(parse_marker_number(f"{n}/{s}")),
                    post=self.world.a,
                    search_text=f"{n}/{s}",
                )
                for n in range(1, 1209)
                for s in (1, 2, 3)
            ]
        )
        self.assertGreaterEqual(Marker.objects.count(), 5000)
        many = (count("/border/markers/"), count("/api/border/markers/"), count("/border/markers/?overdue=true"))
        self.assertEqual(few, many)


class TestSegmentViews(RecordViewTests, TestCase):
    model = BorderSegment

    def make_record(self, owner, **kwargs):
        n = next(counter)
        return BorderSegment.objects.create(code=f"DT-{n}", name=f"Đoạn {n}", post=owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"DT-F{n}", "name": f"Đoạn mốc {n}", "post": owner.pk}

    def invalid_form_data(self, owner):
        return {"code": "", "name": "Đoạn", "post": owner.pk}, "code"

    def export_keys(self, obj):
        return [obj.code]


class TestPatrolViews(RecordViewTests, TestCase):
    model = Patrol

    def make_record(self, owner, **kwargs):
        start = datetime.datetime(2025, 7, 1, 7, tzinfo=datetime.UTC)
        return Patrol.objects.create(
            post=owner,
            started_at=start,
            ended_at=start + datetime.timedelta(hours=4),
            route=f"Tuyến mốc {next(counter)}",
            **kwargs,
        )

    def form_data(self, owner):
        return {
            "post": owner.pk,
            "kind": "joint",
            "started_at": "01/07/2025 07:00",
            "ended_at": "01/07/2025 11:00",
            "route": f"Tuyến {next(counter)}",
            "border_guards": 6,
            "militia": 2,
            "people": 3,
            "police": 1,
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["border_guards"] = -1
        return data, "border_guards"

    def export_keys(self, obj):
        return [obj.route]


class TestInspectionViews(RecordViewTests, TestCase):
    model = Inspection

    def make_record(self, owner, **kwargs):
        marker = make_marker(owner)
        return Inspection.objects.create(
            marker=marker,
            inspected_on=datetime.date(2025, 7, 1),
            condition="intact",
            inspecting_unit=owner,
            notes=f"Kiểm tra {next(counter)}",
            **kwargs,
        )

    def form_data(self, owner):
        return {
            "marker": make_marker(owner).pk,
            "inspected_on": "01/07/2025",
            "condition": "overgrown",
            "notes": f"Cây che lấp {next(counter)}",
        }

    def invalid_form_data(self, owner):
        return {"marker": make_marker(owner).pk, "inspected_on": "31/02/2025", "condition": "intact"}, "inspected_on"

    def export_keys(self, obj):
        return [obj.notes]
