"""Pickers of organisations, clauses and communes (``orgs.pickers``): search without diacritics, by the unit's own
name or the name of the unit above it, no abolished organisation for a new record (kept on an existing one),
clauses named with their agreement's number, communes of the deployment province only, the villages of the commune
chosen in the same form."""

import datetime

from django.test import TestCase, override_settings

from phoihop.border.filtersets import GateFilterSet
from phoihop.border.forms import MarkerForm
from phoihop.border.models import Marker
from phoihop.core.pickers import source_key
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Agreement, Area, Clause, Organisation
from phoihop.work.filtersets.tasks import TaskFilterSet

ABOLISHED_ON = datetime.date(2025, 6, 30)


def field_param(cls, name):
    return f"{source_key(cls)}:{name}"


class PickMixin(WorldMixin):
    def pick(self, user, kind="organisation", **params):
        self.client.force_login(user)
        response = self.client.get(f"/pick/{kind}/", params)
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]

    def labels(self, user, kind="organisation", **params):
        return [row["label"] for row in self.pick(user, kind, **params)]


class TestOrganisationPicker(PickMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.cao_loc = Organisation.objects.create(
            name="Huyện ủy Cao Lộc", code="T-CL", kind=w.kind, parent=w.province, valid_to=ABOLISHED_ON
        )
        cls.dong_dang = Organisation.objects.create(
            name="Đảng ủy xã Cao Lộc", code="T-XCL", kind=w.kind, parent=w.province
        )
        cls.cao_loc.successor = cls.dong_dang
        cls.cao_loc.save()

    def test_search_ignores_case_and_diacritics(self):
        w = self.world
        for query in ("cao loc", "CAO LỘC", "Cao Lo\u0323\u0302c", "loc cao"):
            self.assertIn("Đảng ủy xã Cao Lộc", self.labels(w.p_admin, q=query), query)
        self.assertEqual(self.labels(w.p_admin, q="dong dang"), ["Đảng ủy xã Đồng Đăng"])

    def test_units_are_found_by_the_name_of_the_unit_above_them(self):
        w = self.world
        cells = [
            Organisation.objects.create(name=f"Chi bộ thôn {n}", code=f"T-CB{n}", kind=w.kind, parent=self.cao_loc)
            for n in (1, 2)
        ]
        # the district's name and the unit's words, in any order; the parent's own words alone find it first
        for query in ("cao loc chi bo", "chi bo thon cao loc", "CAO LỘC"):
            labels = self.labels(w.p_admin, q=query, field=field_param(TaskFilterSet, "lead"))
            self.assertTrue({cell.name for cell in cells} <= set(labels), (query, labels))
        labels = self.labels(w.p_admin, q="cao loc", field=field_param(TaskFilterSet, "lead"))
        # the units named "Cao Lộc" come before those found through the unit above them ("Chi bộ" sorts first)
        self.assertEqual(set(labels[:2]), {"Đảng ủy xã Cao Lộc", "Huyện ủy Cao Lộc"})
        self.assertEqual(labels[2:], ["Chi bộ thôn 1", "Chi bộ thôn 2"])
        # the post's own cell, through "Đồn Biên phòng Ba Sơn"; the world's cell matches by its own name too
        self.assertEqual(self.labels(w.p_admin, q="chi bo bien phong"), [w.a1.name])
        # still through the gate: commune B's admin finds nothing under the province's other units
        self.assertEqual(self.labels(w.b_admin, q="cao loc"), [])

    def test_the_answer_is_one_query_limited_to_21_rows(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        w = self.world
        for n in range(25):
            Organisation.objects.create(name=f"Chi bộ {n:02d}", code=f"T-Q{n}", kind=w.kind, parent=self.dong_dang)
        self.client.force_login(w.p_admin)
        self.client.get("/pick/organisation/", {"q": "cao loc"})  # warm-up: the user's memberships
        with CaptureQueriesContext(connection) as captured:
            response = self.client.get("/pick/organisation/", {"q": "cao loc"})
        data = response.json()
        self.assertEqual(len(data["results"]), 20)
        self.assertTrue(data["more"])
        own = {row["label"] for row in data["results"][:2]}
        self.assertEqual(own, {"Đảng ủy xã Cao Lộc", "Huyện ủy Cao Lộc"})  # before the 25 units under one of them
        searches = [q["sql"] for q in captured.captured_queries if 'FROM "orgs_organisation"' in q["sql"]]
        self.assertEqual(len(searches), 1, searches)
        self.assertIn("LIMIT 21", searches[0])

    def test_an_abolished_organisation_is_not_offered_for_a_new_record(self):
        w = self.world
        post = field_param(MarkerForm, "post")
        self.assertEqual(self.labels(w.p_admin, q="cao loc", field=post), ["Đảng ủy xã Cao Lộc"])
        # a filter still finds it, for the records of the past, and says it was abolished
        rows = self.pick(w.p_admin, q="cao loc", field=field_param(TaskFilterSet, "lead"))
        hints = {row["label"]: row["hint"] for row in rows}
        self.assertEqual(set(hints), {"Đảng ủy xã Cao Lộc", "Huyện ủy Cao Lộc"})
        self.assertIn("30/06/2025", hints["Huyện ủy Cao Lộc"])
        self.assertNotIn("30/06/2025", hints["Đảng ủy xã Cao Lộc"])

    def test_an_abolished_organisation_is_refused_at_the_field_naming_its_successor(self):
        self.client.force_login(self.world.p_admin)
        response = self.client.post(
            "/border/markers/add/",
            {"number": "1301", "latitude": "21,95", "longitude": "106,7", "post": self.cao_loc.pk},
        )
        self.assertEqual(response.status_code, 400)
        error = response.context["form"].errors["post"][0]
        self.assertIn("Huyện ủy Cao Lộc", error)
        self.assertIn("30/06/2025", error)
        self.assertIn("Đảng ủy xã Cao Lộc", error)
        self.assertFalse(Marker.objects.filter(number="1301").exists())

    def test_an_existing_record_keeps_its_abolished_organisation(self):
        marker = Marker(number="1302", post=self.cao_loc)
        marker.full_clean()
        marker.save()
        self.client.force_login(self.world.p_admin)
        page = self.client.get(f"/border/markers/{marker.pk}/edit/")
        self.assertContains(page, f'<option value="{self.cao_loc.pk}" selected>Huyện ủy Cao Lộc</option>', html=True)
        response = self.client.post(
            f"/border/markers/{marker.pk}/edit/",
            {"number": "1302", "post": self.cao_loc.pk, "note": "Đã kiểm tra", "version": marker.version},
        )
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        marker.refresh_from_db()
        self.assertEqual((marker.post, marker.note), (self.cao_loc, "Đã kiểm tra"))

    def test_the_api_refuses_it_too_and_keeps_it_on_an_existing_record(self):
        from rest_framework.test import APIClient

        client = APIClient()
        client.force_authenticate(self.world.p_admin)
        response = client.post(
            "/api/border/markers/", {"number": "1303", "post": self.cao_loc.pk, "kind": "main"}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("Huyện ủy Cao Lộc", response.json()["post"][0])
        marker = Marker(number="1304", post=self.cao_loc)
        marker.full_clean()
        marker.save()
        response = client.patch(
            f"/api/border/markers/{marker.pk}/",
            {"post": self.cao_loc.pk, "note": "Đã kiểm tra", "version": marker.version},
            format="json",
        )
        self.assertEqual(response.status_code, 200, response.content)


class TestClausePicker(PickMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.first = Agreement.objects.create(
            number="01-QC/TU-ĐUBĐBP", title="Quy chế phối hợp Tỉnh ủy – Đảng ủy BĐBP", owner=w.province
        )
        cls.second = Agreement.objects.create(number="02-QC/ĐU", title="Quy chế phối hợp Đồn – xã", owner=w.b)
        for agreement in (cls.first, cls.second):
            agreement.parties.set([agreement.owner])
            Clause.objects.create(agreement=agreement, number=5, title="Phối hợp tuần tra")

    def test_a_clause_is_named_with_its_agreement_number(self):
        labels = self.labels(self.world.p_viewer, "clause", q="dieu 5")
        self.assertIn("01-QC/TU-ĐUBĐBP · Điều 5. Phối hợp tuần tra", labels)
        self.assertIn("02-QC/ĐU · Điều 5. Phối hợp tuần tra", labels)
        self.assertEqual(self.labels(self.world.p_viewer, "clause", q="01-qc tuan tra"), [labels[0]])

    def test_clauses_follow_the_gate(self):
        self.assertEqual(self.labels(self.world.a_viewer, "clause"), [])  # post A is party to neither
        self.assertEqual(self.labels(self.world.b_admin, "clause"), ["02-QC/ĐU · Điều 5. Phối hợp tuần tra"])


@override_settings(PHOIHOP_PROVINCE_CODE="20")
class TestCommunePicker(PickMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        lang_son = Area.objects.create(code="20", name="Lạng Sơn", kind=AreaKind.PROVINCE)
        cao_bang = Area.objects.create(code="04", name="Cao Bằng", kind=AreaKind.PROVINCE)
        cls.ours = Area.objects.create(
            code="20001", name="Xã Tân Thanh", kind=AreaKind.COMMUNE, parent=lang_son, is_border_commune=True
        )
        cls.theirs = Area.objects.create(
            code="04001", name="Xã Tân Thanh", kind=AreaKind.COMMUNE, parent=cao_bang, is_border_commune=True
        )

    def test_only_the_communes_of_the_province_are_offered(self):
        w = self.world
        for params in (
            {},
            {"field": field_param(GateFilterSet, "commune")},
            {"field": field_param(MarkerForm, "commune")},
        ):
            rows = self.pick(w.a_viewer, "area", q="tan thanh", **params)
            self.assertEqual([row["id"] for row in rows], [str(self.ours.pk)], params)
            self.assertIn("Lạng Sơn", rows[0]["hint"])

    def test_a_commune_of_another_province_is_refused_by_the_filter(self):
        self.client.force_login(self.world.a_viewer)
        response = self.client.get("/border/gates/", {"commune": self.theirs.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hãy chọn một lựa chọn hợp lệ")
        response = self.client.get("/border/gates/", {"commune": self.ours.pk})
        self.assertNotContains(response, "Hãy chọn một lựa chọn hợp lệ")


@override_settings(PHOIHOP_PROVINCE_CODE="20")
class TestVillagePicker(PickMixin, TestCase):
    """A village picker offers the villages of the commune chosen in the same form (``picker_depends_on``)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        lang_son = Area.objects.create(code="20", name="Lạng Sơn", kind=AreaKind.PROVINCE)
        cls.ba_son = Area.objects.create(code="20101", name="Xã Ba Sơn", kind=AreaKind.COMMUNE, parent=lang_son)
        cls.dong_dang = Area.objects.create(code="20102", name="Xã Đồng Đăng", kind=AreaKind.COMMUNE, parent=lang_son)
        cls.khon_po = Area.objects.create(name="Thôn Khòn Pổ", kind=AreaKind.VILLAGE, parent=cls.ba_son)
        cls.na_han = Area.objects.create(name="Thôn Nà Han", kind=AreaKind.VILLAGE, parent=cls.dong_dang)
        cls.na_pan = Area.objects.create(name="Thôn Nà Pàn", kind=AreaKind.VILLAGE, parent=cls.dong_dang)

    def forms(self):
        from phoihop.movements.forms.teams import SelfManagementTeamForm
        from phoihop.programs.forms.records import ForestPlotForm
        from phoihop.work.forms.outreach import OutreachSessionForm

        return (OutreachSessionForm, ForestPlotForm, SelfManagementTeamForm)

    def ids(self, form_class, **params):
        rows = self.pick(self.world.a_reporter, "area", field=field_param(form_class, "village"), **params)
        return {row["id"] for row in rows}

    def test_the_widget_names_the_commune_field(self):
        from phoihop.movements.forms.twinning import TwinningForm

        for form_class in self.forms():
            html = str(form_class(user=self.world.a_reporter)["village"])
            self.assertIn('data-picker-depends="commune" data-picker-depends-param="commune"', html, form_class)
        # with a form prefix, the commune field of the same prefix
        html = str(self.forms()[0](user=self.world.a_reporter, prefix="s1")["village"])
        self.assertIn('data-picker-depends="s1-commune"', html)
        # a form without a commune field: the village is searched among all
        html = str(TwinningForm(user=self.world.a_reporter)["partner_village"])
        self.assertNotIn("data-picker-depends", html)

    def test_the_villages_of_the_chosen_commune_only(self):
        everything = {str(v.pk) for v in (self.khon_po, self.na_han, self.na_pan)}
        for form_class in self.forms():
            with self.subTest(form=form_class.__name__):
                self.assertEqual(self.ids(form_class), everything)
                self.assertEqual(self.ids(form_class, commune=""), everything)
                self.assertEqual(self.ids(form_class, commune=self.ba_son.pk), {str(self.khon_po.pk)})
                self.assertEqual(self.ids(form_class, commune=self.dong_dang.pk, q="na pan"), {str(self.na_pan.pk)})
                # garbage, a number beyond 64 bits, a village as its own commune: nothing, never a 500
                for value in ("abc", "99999999999999999999999", str(self.khon_po.pk)):
                    self.assertEqual(self.ids(form_class, commune=value), set(), value)

    def test_a_village_of_another_commune_is_still_refused_at_the_field(self):
        from phoihop.work.forms.outreach import OutreachSessionForm

        form = OutreachSessionForm(
            {"owner": self.world.a.pk, "held_on": "01/03/2026", "commune": self.ba_son.pk, "village": self.na_han.pk},
            user=self.world.a_reporter,
        )
        self.assertFalse(form.is_valid())
        self.assertIn("village", form.errors)
