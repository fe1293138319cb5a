"""One deployment, many provinces (``orgs.provinces``): the communes offered come from the provinces where live
organisations have areas (Lạng Sơn and Lai Châu here, not Cao Bằng where nobody works), in the choices, the picker,
a form and the API; the list is cached and forgotten when an organisation gains or loses an area or an area moves;
querysets built before the change (a filter set's, at start-up) follow it; a fresh install falls back to the
setting; ``organisation_province_codes`` is ``province_of`` for every organisation at once."""

from django.core.cache import cache
from django.test import TestCase, override_settings
from rest_framework.test import APIClient

from phoihop.core.services import record_delete
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs import provinces
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.forms import OrganisationForm
from phoihop.orgs.models import Area, Organisation
from phoihop.orgs.selectors import province_of
from phoihop.orgs.tests.test_pickers import field_param
from phoihop.programs.forms import records as programme_forms
from phoihop.work.filtersets.outreach import OutreachSessionFilterSet
from phoihop.work.forms import outreach as outreach_forms
from phoihop.work.models import EthnicLanguage, OutreachTopic


class ProvincesWorld(WorldMixin):
    """The test world's province (Tỉnh ủy, area Lạng Sơn) and post A (a commune of Lạng Sơn); a Lai Châu command with
    a post working in a commune under an abolished district and a party cell without areas of its own, and another
    Lai Châu commune with a village; Cao Bằng with a commune and a village, where no organisation works."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        area = Area.objects.create
        cls.lang_son = area(code="20", name="Lạng Sơn", kind=AreaKind.PROVINCE)
        cls.lai_chau = area(code="12", name="Lai Châu", kind=AreaKind.PROVINCE)
        cls.cao_bang = area(code="04", name="Cao Bằng", kind=AreaKind.PROVINCE)
        cls.tan_thanh = area(code="20001", name="Xã Tân Thanh", kind=AreaKind.COMMUNE, parent=cls.lang_son)
        cls.phong_tho = area(code="12105", name="Huyện Phong Thổ", kind=AreaKind.DISTRICT, parent=cls.lai_chau)
        cls.ma_li_pho = area(code="12001", name="Xã Ma Li Pho", kind=AreaKind.COMMUNE, parent=cls.phong_tho)
        cls.dao_san = area(code="12002", name="Xã Dào San", kind=AreaKind.COMMUNE, parent=cls.lai_chau)
        cls.ban_lang = area(name="Bản Lang", kind=AreaKind.VILLAGE, parent=cls.dao_san)
        cls.tra_linh = area(code="04001", name="Xã Trà Lĩnh", kind=AreaKind.COMMUNE, parent=cls.cao_bang)
        cls.ban_khac = area(name="Bản Khác", kind=AreaKind.VILLAGE, parent=cls.tra_linh)
        w.province.areas.set([cls.lang_son])
        w.a.areas.set([cls.tan_thanh])
        org = Organisation.objects.create
        cls.lc_command = org(name="Bộ Chỉ huy BĐBP Lai Châu", code="T-LC", kind=w.kind)
        cls.lc_post = org(name="Đồn Biên phòng Ma Lù Thàng", code="T-MLT", kind=w.kind, parent=cls.lc_command)
        cls.lc_cell = org(name="Chi bộ Đồn Ma Lù Thàng", code="T-MLT1", kind=w.kind, parent=cls.lc_post)
        cls.lc_post.areas.set([cls.ma_li_pho])
        cls.topic = OutreachTopic.objects.create(code="moc-gioi", name="Kết quả phân giới cắm mốc")
        cls.language = EthnicLanguage.objects.create(code="tay", name="Tày")


class TestTheProvincesOfTheDeployment(ProvincesWorld, TestCase):
    def test_the_provinces_where_organisations_work(self):
        # Lai Châu through a commune under an abolished district; Cao Bằng has no organisation
        self.assertEqual(provinces.deployment_province_codes(), ["12", "20"])

    def test_their_communes_and_villages_are_offered(self):
        for commune_choices in (programme_forms.commune_choices, outreach_forms.commune_choices):
            communes = set(commune_choices())
            self.assertEqual(communes, {self.tan_thanh, self.ma_li_pho, self.dao_san}, commune_choices.__module__)
        for village_choices in (programme_forms.village_choices, outreach_forms.village_choices):
            self.assertEqual(set(village_choices()), {self.ban_lang})

    def test_the_picker_offers_them_and_not_cao_bang(self):
        self.client.force_login(self.world.a_reporter)
        for params in ({}, {"field": field_param(outreach_forms.OutreachSessionForm, "commune")}):
            ids = {row["id"] for row in self.client.get("/pick/area/", {"q": "xa", **params}).json()["results"]}
            communes = {str(area.pk) for area in (self.tan_thanh, self.ma_li_pho, self.dao_san)}
            self.assertLessEqual(communes, ids, params)
            self.assertFalse({str(self.tra_linh.pk), str(self.ban_khac.pk)} & ids, params)
            if params:
                self.assertEqual(ids, communes)

    def test_the_api_accepts_a_lai_chau_commune_and_refuses_cao_bang(self):
        api = APIClient()
        api.force_authenticate(self.world.a_reporter)
        data = {
            "owner": self.world.a.pk,
            "organisers": [self.world.a.pk],
            "held_on": "2025-07-01",
            "topics": [self.topic.pk],
            "languages": [self.language.pk],
            "audience": 40,
        }
        response = api.post("/api/work/outreach-sessions/", {**data, "commune": self.ma_li_pho.pk}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        response = api.post("/api/work/outreach-sessions/", {**data, "commune": self.tra_linh.pk}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("commune", response.json())

    def test_the_form_accepts_a_lai_chau_commune_and_refuses_cao_bang(self):
        data = {
            "owner": self.world.a.pk,
            "organisers": [self.world.a.pk],
            "held_on": "01/07/2025",
            "topics": [self.topic.pk],
            "languages": [self.language.pk],
            "audience": 40,
            "materials_count": 0,
        }
        form = outreach_forms.OutreachSessionForm(
            {**data, "commune": self.dao_san.pk, "village": self.ban_lang.pk}, user=self.world.a_reporter
        )
        self.assertTrue(form.is_valid(), form.errors)
        form = outreach_forms.OutreachSessionForm({**data, "commune": self.tra_linh.pk}, user=self.world.a_reporter)
        self.assertFalse(form.is_valid())
        self.assertIn("commune", form.errors)

    def test_an_organisation_may_take_any_province_so_that_it_joins(self):
        """A new province's first organisation chooses the province itself; its communes come after."""
        form = OrganisationForm(user=self.world.superuser)
        areas = set(form.fields["areas"].queryset)
        self.assertIn(self.cao_bang, areas)
        self.assertIn(self.ma_li_pho, areas)
        self.assertNotIn(self.tra_linh, areas)
        data = {"name": "Tỉnh ủy Cao Bằng", "code": "T-CB", "kind": self.world.kind.pk, "areas": [self.cao_bang.pk]}
        form = OrganisationForm(data, user=self.world.superuser)
        self.assertTrue(form.is_valid(), form.errors)

    def test_a_deleted_organisation_does_not_count(self):
        gone = Organisation.objects.create(name="Đồn cũ", code="T-CU", kind=self.world.kind)
        gone.areas.set([self.tra_linh])
        self.assertIn("04", provinces.deployment_province_codes())
        record_delete(acting_user=self.world.superuser, instance=gone)
        provinces.forget()  # a soft delete is an update(): the cache catches up when it expires
        self.assertNotIn("04", provinces.deployment_province_codes())


class TestTheCache(ProvincesWorld, TestCase):
    def test_it_is_read_once(self):
        with self.assertNumQueries(1):
            provinces.deployment_province_codes()
        with self.assertNumQueries(0):
            self.assertEqual(provinces.deployment_province_codes(), ["12", "20"])
        with self.assertNumQueries(1):  # the choices themselves, no second query for the provinces
            self.assertEqual(len(programme_forms.commune_choices()), 3)

    def test_it_is_forgotten_when_an_organisation_gains_or_loses_an_area(self):
        self.assertNotIn(self.tra_linh, set(programme_forms.commune_choices()))
        self.world.b.areas.add(self.tra_linh)
        self.assertEqual(provinces.deployment_province_codes(), ["04", "12", "20"])
        self.assertIn(self.tra_linh, set(programme_forms.commune_choices()))
        self.world.b.areas.remove(self.tra_linh)
        self.assertEqual(provinces.deployment_province_codes(), ["12", "20"])
        self.lc_post.areas.clear()
        self.assertEqual(provinces.deployment_province_codes(), ["20"])

    def test_it_is_forgotten_when_an_area_moves(self):
        orphan = Area.objects.create(code="99001", name="Xã chưa xếp", kind=AreaKind.COMMUNE)
        self.world.b.areas.add(orphan)
        self.assertEqual(provinces.deployment_province_codes(), ["12", "20"])  # no province above it yet
        orphan.parent = self.cao_bang
        orphan.save()
        self.assertEqual(provinces.deployment_province_codes(), ["04", "12", "20"])

    def test_querysets_built_before_follow(self):
        """Filter sets build their commune choices when their class is defined, once per process."""
        built_at_start_up = OutreachSessionFilterSet.base_filters["commune"].queryset
        self.assertNotIn(self.tra_linh, set(built_at_start_up.all()))
        self.world.b.areas.add(self.tra_linh)
        self.assertIn(self.tra_linh, set(built_at_start_up.all()))

    def test_another_test_starts_with_nothing_cached(self):
        """The root conftest forgets the provinces around every test: rollbacks send no signals."""
        self.assertIsNone(cache.get(provinces.DEPLOYMENT_KEY))
        self.assertIsNone(cache.get(provinces.ORGANISATIONS_KEY))


class TestAFreshInstall(WorldMixin, TestCase):
    def test_without_areas_the_setting_gives_the_province(self):
        Area.objects.create(code="20", name="Lạng Sơn", kind=AreaKind.PROVINCE)
        self.assertEqual(provinces.deployment_province_codes(), ["20"])
        with override_settings(PHOIHOP_PROVINCE_CODE="12"):  # read after the cache: followed at once
            self.assertEqual(provinces.deployment_province_codes(), ["12"])

    def test_areas_without_a_province_above_them_fall_back_too(self):
        orphan = Area.objects.create(code="99001", name="Xã chưa xếp", kind=AreaKind.COMMUNE)
        self.world.a.areas.add(orphan)
        self.assertEqual(provinces.deployment_province_codes(), ["20"])


class TestTheProvinceOfEachOrganisation(ProvincesWorld, TestCase):
    def test_it_is_province_of_for_every_organisation(self):
        codes = provinces.organisation_province_codes()
        for organisation in Organisation.all_objects.all():
            province = province_of(organisation)
            self.assertEqual(codes.get(organisation.pk), province.code if province else None, organisation.name)
        w = self.world
        self.assertEqual(
            [codes.get(o.pk) for o in (w.province, w.a, w.a1, w.b, self.lc_command, self.lc_post, self.lc_cell)],
            ["20", "20", "20", "20", None, "12", "12"],
        )

    def test_two_queries_then_none(self):
        with self.assertNumQueries(2):
            provinces.organisation_province_codes()
        with self.assertNumQueries(0):
            provinces.organisation_province_codes()

    def test_a_move_is_followed(self):
        self.assertIsNone(provinces.organisation_province_codes().get(self.lc_command.pk))
        self.world.b.parent = self.lc_post
        self.world.b.save()
        self.assertEqual(provinces.organisation_province_codes()[self.world.b.pk], "12")
