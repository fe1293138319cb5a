"""Pickers of organisations, clauses and communes (``orgs.pickers``): search without diacritics, no abolished
organisation for a new record (kept on an existing one), clauses named with their agreement's number, communes of
the deployment province only."""

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
