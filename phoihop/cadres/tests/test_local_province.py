"""A cadre is "from the province" when their home commune lies in their own organisation's province, not the
deployment's (one deployment may hold every border province): ``Person.is_local_province`` and
``cadres.selectors.local_province_q`` give the same answer, and the list filter, the people API and the figures of
the statistics page, its API, the dashboard and the review report all count it the same way."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from phoihop.cadres import selectors
from phoihop.cadres.models import Person
from phoihop.cadres.tests import factories as f
from phoihop.core.statistics import statistics_scope
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area, Organisation
from phoihop.reports.sections import ReportContext, get_section

YEAR = 2025
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
PERIOD = {"date_from": f"01/01/{YEAR}", "date_to": f"31/12/{YEAR}"}


class TwoProvinces(WorldMixin):
    """A national body (HQ, no area) above the test world's province (Lạng Sơn; post A works in Tân Thanh) and a
    Lai Châu command (its post works in a commune under an abolished district; the post's cell has no area of its
    own). Nine people: from their organisation's province or not, HQ's by the setting's province (Lạng Sơn)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        area = Area.objects.create
        lang_son = area(code="20", name="Lạng Sơn", kind=AreaKind.PROVINCE)
        lai_chau = area(code="12", name="Lai Châu", kind=AreaKind.PROVINCE)
        cao_bang = area(code="04", name="Cao Bằng", kind=AreaKind.PROVINCE)
        cls.tan_thanh = area(code="20001", name="Xã Tân Thanh", kind=AreaKind.COMMUNE, parent=lang_son)
        phong_tho = area(code="12105", name="Huyện Phong Thổ", kind=AreaKind.DISTRICT, parent=lai_chau)
        cls.ma_li_pho = area(code="12001", name="Xã Ma Li Pho", kind=AreaKind.COMMUNE, parent=phong_tho)
        cls.dao_san = area(code="12002", name="Xã Dào San", kind=AreaKind.COMMUNE, parent=lai_chau)
        cls.tra_linh = area(code="04001", name="Xã Trà Lĩnh", kind=AreaKind.COMMUNE, parent=cao_bang)
        org = Organisation.objects.create
        cls.hq = org(name="Bộ Tư lệnh BĐBP", code="T-HQ", kind=w.kind)
        w.province.parent = cls.hq
        w.province.save()
        w.province.areas.set([lang_son])
        w.a.areas.set([cls.tan_thanh])
        cls.lc_command = org(name="Bộ Chỉ huy BĐBP Lai Châu", code="T-LC", kind=w.kind, parent=cls.hq)
        cls.lc_post = org(name="Đồn Biên phòng Ma Lù Thàng", code="T-MLT", kind=w.kind, parent=cls.lc_command)
        cls.lc_cell = org(name="Chi bộ Đồn Ma Lù Thàng", code="T-MLT1", kind=w.kind, parent=cls.lc_post)
        cls.lc_command.areas.set([lai_chau])
        cls.lc_post.areas.set([cls.ma_li_pho])
        for o in (w.province, w.a, w.a1, w.b):
            o.refresh_from_db()

        def person(name, organisation, home):
            return f.PersonFactory(full_name=name, organisation=organisation, home_commune=home)

        cls.expected = {
            person("Lò Văn Lai", cls.lc_post, cls.dao_san): True,
            person("Lò Thị Châu", cls.lc_cell, cls.ma_li_pho): True,  # under the abolished district
            person("Hoàng Văn Lạng", cls.lc_post, cls.tan_thanh): False,  # from Lạng Sơn, working in Lai Châu
            person("Nông Văn Sơn", w.a, cls.tan_thanh): True,
            person("Vàng A Dào", w.a, cls.dao_san): False,  # from Lai Châu, working in Lạng Sơn
            person("Ma Văn Bằng", w.b, cls.tra_linh): False,  # commune B takes Lạng Sơn from the Tỉnh ủy
            person("Đinh Văn Trung", cls.hq, cls.tan_thanh): True,  # no province: the setting's
            person("Đinh Thị Ương", cls.hq, cls.dao_san): False,
            person("Triệu Văn Không", w.a1, None): False,
        }

    def locals(self):
        return {person.pk for person, local in self.expected.items() if local}

    def everyone(self):
        return {person.pk for person in self.expected}


class TestWhoIsLocal(TwoProvinces, TestCase):
    def test_the_property(self):
        for person, local in self.expected.items():
            fresh = Person.objects.get(pk=person.pk)
            self.assertIs(fresh.is_local_province, local, person.full_name)

    def test_the_queryset_rule_agrees(self):
        people = Person.objects.all()
        self.assertEqual(
            set(people.filter(selectors.local_province_q(people)).values_list("pk", flat=True)), self.locals()
        )
        self.assertEqual(
            set(people.exclude(selectors.local_province_q(people)).values_list("pk", flat=True)),
            self.everyone() - self.locals(),
        )
        # narrowed to one province's people, the rule holds for them
        lai_chau = Person.objects.filter(organisation__path__startswith=self.lc_command.path)
        self.assertEqual(
            set(lai_chau.filter(selectors.local_province_q(lai_chau)).values_list("pk", flat=True)),
            {
                person.pk
                for person, local in self.expected.items()
                if local and person.organisation.path.startswith(self.lc_command.path)
            },
        )
        nobody = Person.objects.none()
        self.assertEqual(Person.objects.filter(selectors.local_province_q(nobody)).count(), 0)

    def test_a_fixed_number_of_queries(self):
        people = Person.objects.all()
        selectors.local_province_q(people)  # the organisations' provinces, cached
        with self.assertNumQueries(1):  # the organisations of the people
            selectors.local_province_q(people)

    def test_the_list_filter_page_and_api(self):
        self.login(self.world.superuser)
        for value, expected in (("true", self.locals()), ("false", self.everyone() - self.locals())):
            response = self.client.get("/cadres/people/", {"local": value})
            self.assertEqual({row.record.pk for row in response.context["table"].paginated_rows}, expected, value)
        api = APIClient()
        api.force_authenticate(self.world.superuser)
        rows = api.get("/api/cadres/people/", {"page_size": 100}).json()["results"]
        self.assertEqual({row["id"] for row in rows if row["is_local_province"]}, self.locals())
        rows = api.get("/api/cadres/people/", {"local": "true", "page_size": 100}).json()["results"]
        self.assertEqual({row["id"] for row in rows}, self.locals())

    def test_the_people_api_costs_no_query_per_row(self):
        api = APIClient()
        api.force_authenticate(self.world.superuser)
        api.get("/api/cadres/people/")  # warm caches
        with CaptureQueriesContext(connection) as few:
            api.get("/api/cadres/people/")
        for organisation, home in ((self.lc_cell, self.dao_san), (self.world.a1, self.tan_thanh), (self.hq, None)):
            f.PersonFactory(organisation=organisation, home_commune=home)
        with CaptureQueriesContext(connection) as many:
            api.get("/api/cadres/people/")
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])


class TestTheFigureAgrees(TwoProvinces, TestCase):
    def figures(self, organisation=None):
        scope = statistics_scope(self.world.superuser, {"date_from": START, "date_to": END, "unit": organisation})
        return selectors.cadre_figures(scope)

    @staticmethod
    def local_line(groups):
        return next(line["value"] for group in groups for line in group["lines"] if line["key"] == "local_province")

    def test_the_figure_is_the_filter_count(self):
        self.login(self.world.superuser)
        filtered = self.client.get("/cadres/people/", {"local": "true"}).context["total"]
        self.assertEqual(filtered, len(self.locals()))
        for organisation in (None, self.hq, self.lc_command, self.world.province):
            with self.subTest(organisation=organisation and organisation.code):
                people = self.figures(organisation)["people"]
                subtree = {
                    person.pk
                    for person in self.expected
                    if organisation is None or person.organisation.path.startswith(organisation.path)
                }
                self.assertEqual(people["local_province"], len(self.locals() & subtree))
                self.assertEqual(people["total"], len(subtree))

    def test_page_api_dashboard_and_report_agree(self):
        expected = self.figures(self.hq)["people"]["local_province"]
        self.assertEqual(expected, 4)
        self.login(self.world.superuser)
        page = self.client.get("/cadres/statistics/", {**PERIOD, "unit": self.hq.pk}).context
        self.assertEqual(page["figures"]["people"]["local_province"], expected)
        self.assertEqual(self.local_line(page["groups"]), expected)
        api = self.client.get(
            "/api/cadres/statistics/", {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31", "unit": self.hq.pk}
        )
        self.assertEqual(api.status_code, 200, api.content[:500])
        self.assertEqual(api.json()["people"]["local_province"], expected)
        board = self.client.get("/reports/dashboard/", {"year": YEAR, "organisation": self.hq.pk})
        self.assertEqual(self.local_line(board.context["figures"]["cadres"]["groups"]), expected)
        ctx = ReportContext(user=self.world.superuser, organisations=[self.hq], start=START, end=END)
        self.assertEqual(get_section("cadres").compute(ctx)["people"]["local_province"], expected)

    def test_the_figure_costs_no_query_per_organisation(self):
        self.figures(self.hq)  # warm caches
        with CaptureQueriesContext(connection) as few:
            self.figures(self.hq)
        for parent, home in ((self.lc_post, self.dao_san), (self.world.a, self.tan_thanh), (self.hq, self.tra_linh)):
            unit = Organisation.objects.create(
                name=f"Đơn vị dưới {parent.code}", code=f"X-{parent.code}", kind=self.world.kind, parent=parent
            )
            f.PersonFactory(organisation=unit, home_commune=home)
        self.figures(self.hq)  # the organisations' provinces are read again after the new organisations
        with CaptureQueriesContext(connection) as many:
            self.figures(self.hq)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])
