import itertools

from django.test import TestCase
from django.utils import translation

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests
from phoihop.orgs.models import Area, Organisation, OrganisationKind, SharingRule

counter = itertools.count(1)


def make_org(owner, **kwargs):
    n = next(counter)
    kwargs.setdefault("name", f"Đơn vị thử {n}")
    kwargs.setdefault("code", f"X-{n}")
    return Organisation.objects.create(parent=owner, kind=owner.kind, **kwargs)


class OrganisationRecord:
    model = Organisation

    def make_record(self, owner, **kwargs):
        return make_org(owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "name": f"Đồn Biên phòng Pò Mã {n}",
            "code": f"F-{n}",
            "kind": owner.kind_id,
            "parent": owner.pk,
            "valid_from": "01/07/2025",
        }

    def invalid_form_data(self, owner):
        return {"name": "", "code": "X", "kind": owner.kind_id, "parent": owner.pk}, "name"


class TestOrganisationViews(OrganisationRecord, RecordViewTests, TestCase):
    def test_dates_read_day_first(self):
        self.login(self.world.a_admin)
        self.client.post(self.url("add"), self.form_data(self.world.a))
        org = Organisation.objects.latest("pk")
        self.assertEqual((org.valid_from.day, org.valid_from.month, org.valid_from.year), (1, 7, 2025))
        self.assertContains(self.client.get(self.url("detail", org)), "01/07/2025")

    def test_area_choices_are_the_provinces_own(self):
        local = AreaRecord().make_record(None)
        hanoi = Area.objects.create(code="01", name="Hà Nội", kind="city")
        far = Area.objects.create(code="00004", name="Phường Ba Đình", kind="ward", parent=hanoi)
        self.login(self.world.a_admin)
        offered = set(self.client.get(self.url("add")).context["form"].fields["areas"].queryset)
        self.assertIn(local, offered)
        self.assertNotIn(far, offered)

    def test_admin_cannot_move_an_organisation_out_of_scope(self):
        org = make_org(self.world.a)
        self.login(self.world.a_admin)
        data = self.edit_data(org, self.world.a)
        data["parent"] = self.world.b.pk  # not offered: outside the admin's subtree
        response = self.client.post(self.url("edit", org), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("parent", response.context["form"].errors)
        org.refresh_from_db()
        self.assertEqual(org.parent, self.world.a)

    def test_moving_a_subtree_moves_paths(self):
        org = make_org(self.world.a)
        child = make_org(org)
        org.parent = self.world.b
        org.save()
        child.refresh_from_db()
        self.assertTrue(child.path.startswith(self.world.b.path))

    def test_search_ignores_case_diacritics_and_normalisation(self):
        self.login(self.world.p_viewer)
        for query in ("ba son", "BA SƠN", "Ba So\u031bn", "đon bien phong"):
            response = self.client.get(self.url("list"), {"q": query})
            self.assertIn(self.world.a.pk, self.listed_pks(response), query)
        response = self.client.get(self.url("list"), {"q": "dong dang"})
        self.assertEqual(self.listed_pks(response), {self.world.b.pk})

    def test_cannot_delete_organisation_with_children(self):
        self.login(self.world.p_admin)
        response = self.client.post(self.url("delete", self.world.a), {"version": self.world.a.version})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Organisation.objects.filter(pk=self.world.a.pk).exists())


class TestOrganisationAPI(OrganisationRecord, RecordAPITests, TestCase):
    endpoint = "/api/orgs/organisations/"

    def api_data(self, owner):
        n = next(counter)
        return {
            "name": f"API {n}",
            "code": f"API-{n}",
            "kind": owner.kind_id,
            "parent": owner.pk,
            "valid_from": "01/07/2025",
        }

    def invalid_api_data(self, owner):
        return {"name": "x", "code": "", "kind": owner.kind_id, "parent": owner.pk}, "code"

    def test_create_outside_scope_is_field_error(self):
        self.as_user(self.world.a_admin)
        data = self.api_data(self.world.b)
        response = self.api.post(self.endpoint, data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("parent", response.json())


class AreaRecord:
    model = Area

    @property
    def editor(self):
        return self.world.p_admin  # areas are maintained by the province

    def make_record(self, owner, **kwargs):
        n = next(counter)
        province, _ = Area.objects.get_or_create(code="20", defaults={"name": "Lạng Sơn", "kind": "province"})
        return Area.objects.create(code=f"A{n:05d}", name=f"Xã Ba Sơn {n}", kind="commune", parent=province, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {"code": f"N{n:05d}", "name": f"Xã Mẫu Sơn {n}", "kind": "commune", "border_length_km": "12,5"}

    def invalid_form_data(self, owner):
        return {"code": "Z1", "name": "Thôn lẻ", "kind": "village"}, "parent"


class TestAreaViews(AreaRecord, RecordViewTests, TestCase):
    def test_only_the_province_maintains_communes(self):
        commune = self.make_record(None)
        self.login(self.world.a_admin)  # admin of a border post, not of the province
        self.assertEqual(self.client.get(self.url("edit", commune)).status_code, 403)
        self.login(self.world.p_admin)
        self.assertEqual(self.client.get(self.url("edit", commune)).status_code, 200)

    def test_reporter_adds_villages_in_covered_communes_only(self):
        covered = self.make_record(None)
        other = self.make_record(None)
        self.world.a.areas.add(covered)
        self.login(self.world.a_reporter)
        ok = self.client.post(
            self.url("add"), {"code": "", "name": "Thôn Nà Nưa", "kind": "village", "parent": covered.pk}
        )
        self.assertEqual(ok.status_code, 302)
        refused = self.client.post(
            self.url("add"), {"code": "", "name": "Thôn khác", "kind": "village", "parent": other.pk}
        )
        self.assertEqual(refused.status_code, 400)
        self.assertFalse(Area.objects.filter(name="Thôn khác").exists())
        flag = self.client.post(self.url("add"), {"code": "X9", "name": "Xã mới", "kind": "commune"})
        self.assertEqual(flag.status_code, 400)

    def test_decimal_reads_vietnamese(self):
        self.login(self.world.p_admin)
        data = self.form_data(None)
        self.client.post(self.url("add"), data)
        area = Area.objects.get(code=data["code"])
        self.assertEqual(str(area.border_length_km), "12.500")
        self.assertContains(self.client.get(self.url("detail", area)), "12,500")


class TestAreaAPI(AreaRecord, RecordAPITests, TestCase):
    endpoint = "/api/orgs/areas/"

    def api_data(self, owner):
        return {"code": f"P{next(counter):05d}", "name": "Xã Kiên Mộc", "kind": "commune"}

    def invalid_api_data(self, owner):
        return {"code": "P1", "name": "x", "kind": "nonsense"}, "kind"


class SharingRuleRecord:
    model = SharingRule

    def make_record(self, owner, **kwargs):
        return SharingRule.objects.create(owner=owner, viewer=self.world.province, **kwargs)

    def form_data(self, owner):
        return {"owner": owner.pk, "viewer": self.world.b.pk, "mode": "totals", "include_subtree": "on"}

    def invalid_form_data(self, owner):
        return {"owner": owner.pk, "viewer": owner.pk, "mode": "full"}, "viewer"


class TestSharingRuleViews(SharingRuleRecord, RecordViewTests, TestCase):
    def test_filter_choices_pass_through_the_gate(self):
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("list"))
        offered = {org.pk for org in response.context["filter_form"].fields["owner"].queryset}
        self.assertEqual(offered, {self.world.a.pk, self.world.a1.pk})

    def test_record_type_shown_by_its_name(self):
        from django.contrib.contenttypes.models import ContentType

        from phoihop.work.models import Task

        typed = self.make_record(self.world.a, content_type=ContentType.objects.get_for_model(Task), mode="totals")
        self.make_record(self.world.a, mode="totals")
        self.login(self.world.a_viewer)
        with translation.override("vi"):
            listing = self.client.get(self.url("list"), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
            detail = self.client.get(self.url("detail", typed), HTTP_ACCEPT_LANGUAGE="vi").content.decode()
            app_and_model = str(typed.content_type)  # "Công việc | nhiệm vụ"
        self.assertIn(" | ", app_and_model)
        for page in (listing, detail):
            self.assertIn("Nhiệm vụ", page)
            self.assertNotIn(app_and_model, page)
        self.assertIn("Mọi loại bản ghi", listing)


class TestOrganisationKindAPI(RecordAPITests, TestCase):
    model = OrganisationKind
    endpoint = "/api/orgs/kinds/"

    def make_record(self, owner, **kwargs):
        return OrganisationKind.objects.create(code=f"k{next(counter)}", name="Kind", **kwargs)

    def api_data(self, owner):
        return {"code": f"k{next(counter)}", "name": "Đồn biên phòng"}

    def invalid_api_data(self, owner):
        return {"code": "bad code!", "name": "x"}, "code"
