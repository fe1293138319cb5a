"""The figures of cadre work and Party building (``cadres.selectors.cadre_figures``)."""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.test import TestCase
from django.utils import timezone

from phoihop.accounts.models import Membership
from phoihop.cadres.models import Person
from phoihop.cadres.tests import factories as f
from phoihop.core.access import forget
from phoihop.core.choices import Role
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Area, Organisation, OrganisationKind, SharingRule

YEAR = 2025
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
PERIOD = {"date_from": f"01/01/{YEAR}", "date_to": f"31/12/{YEAR}"}
STATISTICS = "/cadres/statistics/"
API = "/api/cadres/statistics/"
DASHBOARD = "/reports/dashboard/"


def day(year, month, dd):
    return datetime.date(year, month, dd)


class CadreWorld:
    @classmethod
    def setUpTestData(cls):
        kind = OrganisationKind.objects.create(code="test_kind", name="Loại đơn vị thử nghiệm")
        org = Organisation.objects.create
        cls.bch = org(name="Bộ Chỉ huy BĐBP tỉnh", code="T-BCH", kind=kind)
        cls.pm = org(name="Đồn Biên phòng Pò Mã", code="T-PM", kind=kind, parent=cls.bch)
        cls.hn = org(name="Đồn Biên phòng Hữu Nghị", code="T-HN", kind=kind, parent=cls.bch)
        cls.cell = org(name="Chi bộ Đồn Pò Mã", code="T-PM1", kind=kind, parent=cls.pm)
        cls.tu = org(name="Tỉnh ủy Thử nghiệm", code="T-TU", kind=kind)
        cls.other = org(name="Đồn Biên phòng Khác", code="T-KH", kind=kind)
        cls.du_x = org(name="Đảng ủy xã Thử X", code="T-DUX", kind=kind)
        cls.du_y = org(name="Đảng ủy xã Thử Y", code="T-DUY", kind=kind)
        cls.bdv = org(name="Ban Dân vận Thử", code="T-BDV", kind=kind)
        SharingRule.objects.create(owner=cls.bch, viewer=cls.tu, mode="totals", include_subtree=True)
        cls.bch_admin = make_user("bch_admin", cls.bch, Role.ADMIN)
        Membership.objects.filter(user=cls.bch_admin).update(personal_data=True)
        cls.bch_viewer = make_user("bch_viewer", cls.bch, Role.VIEWER)  # no personal-data permission
        cls.pm_viewer = make_user("pm_viewer", cls.pm, Role.VIEWER)
        cls.tu_viewer = make_user("tu_viewer", cls.tu, Role.VIEWER)
        cls.outsider = make_user("outsider", cls.other, Role.ADMIN)
        Membership.objects.filter(user=cls.outsider).update(personal_data=True)

        # home communes: Pò Mã's own commune, another of the province, one of another province
        cls.own_commune = f.CommuneFactory(name="Xã Thử Pò Mã")
        cls.pm.areas.add(cls.own_commune)
        province_commune = f.CommuneFactory(name="Xã Thử Trong Tỉnh")
        elsewhere = Area.objects.create(code="T99", name="Tỉnh Thử Khác", kind="province")
        far_commune = f.CommuneFactory(name="Xã Thử Ngoài Tỉnh", parent=elsewhere)
        person = f.PersonFactory
        cls.p1 = person(
            organisation=cls.pm, sex="male", ethnic_group=f.ethnic_group("02"), birth_date=day(1990, 5, 1),
            home_commune=cls.own_commune,
        )
        cls.p2 = person(
            organisation=cls.pm, sex="female", ethnic_group=f.ethnic_group("01"), birth_date=day(1980, 1, 10),
            home_commune=province_commune,
        )
        cls.p3 = person(
            organisation=cls.hn, sex="male", ethnic_group=f.ethnic_group("07"), birth_date=day(1970, 2, 1),
            home_commune=province_commune,
        )
        cls.p4 = person(
            organisation=cls.hn, sex="female", ethnic_group=f.ethnic_group("09"), birth_date=day(1998, 6, 1),
            home_commune=far_commune, party_admitted_on=None, party_official_on=None,
        )
        cls.gone = person(organisation=cls.hn, full_name="Người Đã Xóa")
        cls.stranger = person(organisation=cls.other, full_name="Người Ngoài Cuộc")
        cls.people = (cls.p1, cls.p2, cls.p3, cls.p4)

        # secondments (Kết luận 68)
        sec = f.SecondmentFactory
        sec(person=cls.p1, receiving_committee=cls.du_x, position="deputy_secretary", from_date=day(2024, 7, 1),
            decision_date=day(2024, 7, 1))
        sec(person=cls.p1, receiving_committee=cls.du_x, position="military_commander", from_date=day(2025, 7, 1))
        sec(person=cls.p3, receiving_committee=cls.du_y, position="secretary", from_date=day(2023, 1, 1),
            to_date=day(2025, 6, 30), decision_date=day(2023, 1, 1))
        sec(person=cls.p2, receiving_committee=cls.bdv, committee_level="province", position="committee_member",
            from_date=day(2025, 3, 1), decision_date=day(2025, 3, 1))
        sec(person=cls.gone, receiving_committee=cls.du_y, position="secretary", from_date=day(2025, 1, 1),
            decision_date=day(2025, 1, 1))
        sec(person=cls.stranger, receiving_committee=cls.du_y, position="secretary", from_date=day(2025, 1, 1),
            decision_date=day(2025, 1, 1))
        # households in charge (Chỉ thị 681)
        v1, v2 = f.VillageFactory(name="Thôn Thử 1"), f.VillageFactory(name="Thôn Thử 2")
        hh = f.HouseholdAssignmentFactory
        hh(person=cls.p1, village=v1, households=5, from_date=day(2024, 1, 1))
        hh(person=cls.p1, village=v2, households=3, from_date=day(2025, 2, 1))
        hh(person=cls.p3, village=v1, households=4, from_date=day(2023, 1, 1), to_date=day(2025, 3, 31))
        hh(person=cls.gone, village=v2, households=7, from_date=day(2024, 1, 1))
        # planning, term 2025–2030 (ages on 1 January 2025)
        cls.plan_a = f.CadrePlanFactory(
            organisation=cls.pm, title="Bí thư Đảng ủy Đồn", minority_target=50, decision_date=day(2025, 3, 1)
        )
        cls.plan_b = f.CadrePlanFactory(organisation=cls.hn, title="Chính trị viên Đồn", decision_date=day(2025, 3, 1))
        planned = f.PlannedCadreFactory
        planned(plan=cls.plan_a, person=cls.p1, source="local")
        planned(plan=cls.plan_a, person=cls.p2, source="elsewhere")
        planned(plan=cls.plan_a, person=cls.p3, source="local")
        planned(plan=cls.plan_a, person=cls.p4, source="local", removed_on=day(2025, 6, 1), removal_reason="disciplined")
        planned(plan=cls.plan_b, person=cls.p3, source="seconded")
        # ratings of 2025 and 2024
        rate = f.OrganisationRatingFactory
        decided = {"deciding_organisation": cls.bch}
        rate(organisation=cls.pm, year=2025, decided_level="excellent", clean_and_strong=True,
             decision_date=day(2025, 12, 20), **decided)
        rate(organisation=cls.hn, year=2025, decided_level="good", decision_date=day(2025, 12, 20), **decided)
        rate(organisation=cls.cell, year=2025, decided_level="", proposed_level="", decision_number="",
             decision_date=None, **decided)
        rate(organisation=cls.pm, year=2024, decided_level="good", clean_and_strong=True, **decided)
        rate(organisation=cls.hn, year=2024, decided_level="completed", **decided)
        member = f.MemberRatingFactory
        member(person=cls.p1, year=2025, decided_level="excellent", decision_date=day(2025, 12, 20), **decided)
        member(person=cls.p2, year=2025, decided_level="good", decision_date=day(2025, 12, 20), **decided)
        member(person=cls.p3, year=2025, decided_level="not_completed", disciplined=True,
               decision_date=day(2025, 12, 20), **decided)
        member(person=cls.p1, year=2024, decided_level="good", **decided)
        member(person=cls.p3, year=2024, decided_level="completed", **decided)
        member(person=cls.gone, year=2025, decided_level="good", decision_date=day(2025, 12, 20), **decided)
        # training courses
        course = f.TrainingCourseFactory
        course(person=cls.p1, name="Trung cấp LLCT", level="intermediate", from_date=day(2025, 3, 1),
               to_date=day(2025, 9, 30))
        course(person=cls.p2, name="Trung cấp LLCT", level="intermediate", from_date=day(2025, 3, 1),
               to_date=day(2025, 9, 30))
        course(person=cls.p3, name="Bồi dưỡng QP-AN", level="fostering", from_date=day(2025, 10, 1),
               to_date=day(2025, 10, 5))
        course(person=cls.p1, name="Bồi dưỡng QP-AN", level="fostering", from_date=day(2024, 5, 1),
               to_date=day(2024, 5, 3))
        course(person=cls.p4, name="Đại học Luật", level="university", from_date=day(2024, 11, 1),
               to_date=day(2025, 2, 28))
        course(person=cls.gone, name="Đại học Luật", level="university", from_date=day(2025, 1, 1),
               to_date=day(2025, 2, 28))
        Person.objects.filter(pk=cls.gone.pk).update(deleted_at=timezone.now())
        for model in (Person, Organisation):
            ContentType.objects.get_for_model(model)

    def setUp(self):
        cache.clear()
        for user in (self.bch_admin, self.outsider):
            forget(user)

    def page(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(STATISTICS, {**PERIOD, **params})
        self.assertEqual(response.status_code, 200, response.content[:800])
        return response


class TestSmoke(CadreWorld, TestCase):
    def test_page(self):
        figures = self.page(self.bch_admin, unit=self.bch.pk).context["figures"]
        import pprint
        pprint.pprint(figures)
