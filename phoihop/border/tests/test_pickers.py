"""The inspection list's filters choose markers, patrols and posts with search pickers: the page never lists the
tables (its queries do not grow with them), and the pickers find a marker by its number and a patrol by its date or
post, through the gate; border segments are searched by code or name in the forms and filters that name them."""

import datetime
import itertools
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext

from phoihop.border.filtersets import InspectionFilterSet, MarkerFilterSet, PatrolFilterSet
from phoihop.border.forms import MarkerForm, PatrolForm
from phoihop.border.models import BorderSegment, Marker, Patrol
from phoihop.core.pickers import PickerSelect, PickerSelectMultiple, source_key
from phoihop.core.testing.views import WorldMixin
from phoihop.movements.forms.teams import SelfManagementTeamForm
from phoihop.orgs.models import Organisation

LIST = "/border/inspections/"
counter = itertools.count(400)


def make_marker(post, number=None):
    marker = Marker(
        post=post, number=number or str(next(counter)), latitude=Decimal("21.95"), longitude=Decimal("106.70")
    )
    marker.full_clean()
    marker.save()
    return marker


def make_patrol(post, day):
    start = datetime.datetime.combine(day, datetime.time(7), tzinfo=datetime.UTC)
    return Patrol.objects.create(
        post=post, started_at=start, ended_at=start + datetime.timedelta(hours=3), route="Tuyến mốc 1116 – 1117"
    )


def field_param(name):
    return f"{source_key(InspectionFilterSet)}:{name}"


class TestInspectionFilters(WorldMixin, TestCase):
    def add_rows(self, n):
        w = self.world
        for i in range(n):
            post = Organisation.objects.create(
                name=f"Đồn Biên phòng số {next(counter)}", code=f"T-D{next(counter)}", kind=w.kind, parent=w.a
            )
            make_marker(post)
            make_patrol(post, datetime.date(2025, 3, 1) + datetime.timedelta(days=i))

    def list_queries(self, user):
        self.client.force_login(user)
        self.client.get(LIST)  # warm-up: per-process caches are not per-row queries
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get(LIST)
        self.assertEqual(response.status_code, 200)
        return response, len(captured)

    def test_the_filter_panel_does_not_list_the_tables(self):
        w = self.world
        self.add_rows(2)
        _response, few = self.list_queries(w.a_viewer)
        self.add_rows(30)
        response, many = self.list_queries(w.a_viewer)
        self.assertEqual(few, many)
        html = response.content.decode()
        self.assertNotIn("Đồn Biên phòng số", html)
        form = response.context["filter_form"]
        for name in ("marker", "patrol", "post"):
            self.assertIn(f'data-picker-name="{name}"', str(form[name]))
            self.assertEqual(str(form[name]).count("<option"), 1, name)  # the empty choice only

    def test_a_chosen_filter_shows_only_its_option(self):
        marker = make_marker(self.world.a, "1116")
        patrol = make_patrol(self.world.a, datetime.date(2025, 3, 12))
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(LIST, {"marker": marker.pk, "patrol": patrol.pk})
        form = response.context["filter_form"]
        self.assertInHTML(f'<option value="{marker.pk}" selected>Mốc 1116</option>', str(form["marker"]))
        self.assertIn("12/03/2025", str(form["patrol"]))

    def test_markers_are_found_by_number_and_patrols_by_date_or_post(self):
        w = self.world
        mine = make_marker(w.a, "1116")
        make_marker(w.a, "1117")
        theirs = make_marker(w.b, "1116/1")
        patrol = make_patrol(w.a, datetime.date(2025, 3, 12))
        make_patrol(w.a, datetime.date(2025, 4, 2))
        foreign_patrol = make_patrol(w.b, datetime.date(2025, 3, 12))
        self.client.force_login(w.a_viewer)

        def ids(kind, q):
            response = self.client.get(f"/pick/{kind}/", {"q": q, "field": field_param(kind)})
            self.assertEqual(response.status_code, 200)
            return [row["id"] for row in response.json()["results"]]

        self.assertEqual(ids("marker", "1116"), [str(mine.pk)])  # not B's 1116/1
        self.assertEqual(ids("marker", "mốc 1116"), [str(mine.pk)])
        self.assertEqual(ids("patrol", "12/03/2025"), [str(patrol.pk)])
        self.assertEqual(ids("patrol", "12/03"), [str(patrol.pk)])
        self.assertEqual(len(ids("patrol", "ba son")), 2)  # the post's name, without diacritics
        self.assertEqual(ids("patrol", "31/02/2025"), [])
        self.client.force_login(w.b_admin)
        self.assertEqual(ids("marker", "1116"), [str(theirs.pk)])
        self.assertEqual(ids("patrol", ""), [str(foreign_patrol.pk)])
        response = self.client.get("/pick/patrol/", {"q": ""})
        self.assertIn(w.b.name, response.json()["results"][0]["label"])


class TestSegmentPicker(WorldMixin, TestCase):
    """Border segments are searched by code or name (``bordersegment``), through the gate: the marker and patrol
    forms and filters and the self-management teams' segments."""

    def test_segments_are_searched_not_listed(self):
        w = self.world
        mine = BorderSegment.objects.create(code="ĐT-12", name="Đoạn mốc 1116 – 1117", post=w.a)
        BorderSegment.objects.create(code="ĐT-13", name="Đoạn mốc 1118 – 1119", post=w.a)
        theirs = BorderSegment.objects.create(code="ĐT-20", name="Đoạn mốc 1116 phía xã", post=w.b)
        request = type("R", (), {"user": w.a_viewer})()
        for cls in (MarkerFilterSet, PatrolFilterSet):
            form = cls(None, request=request).form
            self.assertIsInstance(form.fields["segment"].widget, PickerSelect, cls)
            self.assertEqual(str(form["segment"]).count("<option"), 1, cls)  # the empty choice only
        for cls in (MarkerForm, PatrolForm):
            self.assertIsInstance(cls(user=w.a_reporter).fields["segment"].widget, PickerSelect, cls)
        self.assertIsInstance(SelfManagementTeamForm(user=w.a_reporter).fields["segments"].widget, PickerSelectMultiple)

        self.client.force_login(w.a_viewer)

        def rows(**params):
            response = self.client.get("/pick/bordersegment/", params)
            self.assertEqual(response.status_code, 200)
            return response.json()["results"]

        found = rows(q="1116")
        self.assertEqual([row["id"] for row in found], [str(mine.pk)])  # not commune B's
        self.assertEqual(found[0]["label"], "ĐT-12 — Đoạn mốc 1116 – 1117")
        self.assertEqual(found[0]["hint"], w.a.name)
        self.assertEqual([row["label"][:5] for row in rows(q="dt")], ["ĐT-12", "ĐT-13"])  # by code, folded
        field = f"{source_key(MarkerFilterSet)}:segment"
        self.assertEqual(len(rows(field=field)), 2)
        self.client.force_login(w.b_admin)
        self.assertEqual([row["id"] for row in rows(q="1116", field=field)], [str(theirs.pk)])
