"""The figures of cadre work and Party building (``cadres.selectors.cadre_figures``) on a small world with exact
numbers; the statistics page, its Excel export and its API, the dashboard panel and the review report section give
the same numbers; an outsider counts nothing of the world; a viewer without the personal-data permission and the
Tỉnh ủy through a "totals only" sharing rule count the same totals and read no person; the page's query count does
not grow with the rows; bad filters are field errors (page) and 400 (API)."""

import datetime
import io
import json

import openpyxl
from django.contrib.contenttypes.models import ContentType
from django.core.cache import cache
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone, translation

from phoihop.accounts.models import Membership
from phoihop.cadres import selectors
from phoihop.cadres.models import CadrePlan, Person
from phoihop.cadres.tests import factories as f
from phoihop.cadres.views.statistics import CadreStatisticsFilter, statistics_scope
from phoihop.core.access import forget
from phoihop.core.choices import Role
from phoihop.core.pickers import source_key
from phoihop.core.testing.views import state_purpose
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Area, Organisation, OrganisationKind, SharingRule
from phoihop.reports.sections import ReportContext, all_sections, get_section

TITLES = ("Bí thư Đảng ủy Đồn", "Chính trị viên Đồn")  # the world's two plans

YEAR = 2025
START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)
PERIOD = {"date_from": f"01/01/{YEAR}", "date_to": f"31/12/{YEAR}"}
STATISTICS = "/cadres/statistics/"
API = "/api/cadres/statistics/"
DASHBOARD = "/reports/dashboard/"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def day(year, month, dd):
    return datetime.date(year, month, dd)


def lines(groups) -> list:
    """(group, line, value, comparison) of every line of the summary tables."""
    return [(group["key"], line["key"], line["value"], line["previous"]) for group in groups for line in group["lines"]]


def without_plans(numbers) -> dict:
    """A :func:`digest` without its plan rows (named to one reader, folded for another; the overall row stays)."""
    return {key: value for key, value in numbers.items() if key != "plans"}


def digest(figures) -> dict:
    """The numbers of ``figures`` (live, an API answer or a report's snapshot alike), without labels and dates."""
    secondments, planning, ratings = figures["secondments"], figures["planning"], figures["ratings"]
    training, people = figures["training"], figures["people"]
    structure = ("total", "under_40", "women", "minority", "local")
    return {
        "secondments": [
            (row["level"], row["position"], row["officers"], row["previous"]) for row in secondments["by_position"]
        ],
        "sending_units": [(row["name"], row["officers"], row["previous"]) for row in secondments["by_unit"]],
        "households": {
            key: figures["households"][key]
            for key in ("members", "households", "villages", "previous_members", "previous_households")
        },
        "plans": [(plan["title"], *(plan[key] for key in structure), plan["met"]) for plan in planning["plans"]],
        "overall": (*(planning["overall"][key] for key in structure), planning["overall"]["meeting_target"]),
        "ratings": [
            (kind, totals["total"], totals["levels"], totals["undecided"], totals["previous"]["levels"])
            for kind, totals in ((kind, ratings[kind]) for kind in ("organisations", "members"))
        ],
        "clean_and_strong": (
            ratings["organisations"]["clean_and_strong"],
            ratings["organisations"]["previous"]["clean_and_strong"],
        ),
        "training": [
            (row["level"], row["courses"], row["attendances"], row["people"], row["previous_courses"])
            for row in training["by_level"]
        ],
        "people": (
            [(row["code"], row["count"], row["share"]) for row in people["by_ethnic_group"]],
            [(row["sex"], row["count"]) for row in people["by_sex"]],
            [(row["band"], row["count"]) for row in people["by_age_band"]],
            people["local_province"],
            people["local_commune"],
        ),
    }


class CadreWorld:
    """The Border Guard command (BCH) with two posts (Pò Mã with its party cell, Hữu Nghị), the receiving committees
    (another tree), the Tỉnh ủy, to which the command shares every record type of its subtree as totals only, and an
    organisation of its own (the outsider's). Four live people of the command (P1–P4), one deleted, one of the
    outsider's organisation; their secondments, households, plans, ratings and courses around 2025 and 2024."""

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
            organisation=cls.pm,
            sex="male",
            ethnic_group=f.ethnic_group("02"),
            birth_date=day(1990, 5, 1),
            home_commune=cls.own_commune,
        )
        cls.p2 = person(
            organisation=cls.pm,
            sex="female",
            ethnic_group=f.ethnic_group("01"),
            birth_date=day(1980, 1, 10),
            home_commune=province_commune,
        )
        cls.p3 = person(
            organisation=cls.hn,
            sex="male",
            ethnic_group=f.ethnic_group("07"),
            birth_date=day(1970, 2, 1),
            home_commune=province_commune,
        )
        cls.p4 = person(
            organisation=cls.hn,
            sex="female",
            ethnic_group=f.ethnic_group("09"),
            birth_date=day(1998, 6, 1),
            home_commune=far_commune,
            party_admitted_on=None,
            party_official_on=None,
        )
        cls.gone = person(organisation=cls.hn, full_name="Người Đã Xóa")
        cls.stranger = person(organisation=cls.other, full_name="Người Ngoài Cuộc")
        cls.people = (cls.p1, cls.p2, cls.p3, cls.p4)

        # secondments (Kết luận 68)
        sec = f.SecondmentFactory
        sec(
            person=cls.p1,
            receiving_committee=cls.du_x,
            position="deputy_secretary",
            from_date=day(2024, 7, 1),
            decision_date=day(2024, 7, 1),
        )
        sec(person=cls.p1, receiving_committee=cls.du_x, position="military_commander", from_date=day(2025, 7, 1))
        sec(
            person=cls.p3,
            receiving_committee=cls.du_y,
            position="secretary",
            from_date=day(2023, 1, 1),
            to_date=day(2025, 6, 30),
            decision_date=day(2023, 1, 1),
        )
        sec(
            person=cls.p2,
            receiving_committee=cls.bdv,
            committee_level="province",
            position="committee_member",
            from_date=day(2025, 3, 1),
            decision_date=day(2025, 3, 1),
        )
        sec(
            person=cls.gone,
            receiving_committee=cls.du_y,
            position="secretary",
            from_date=day(2025, 1, 1),
            decision_date=day(2025, 1, 1),
        )
        sec(
            person=cls.stranger,
            receiving_committee=cls.du_y,
            position="secretary",
            from_date=day(2025, 1, 1),
            decision_date=day(2025, 1, 1),
        )
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
        planned(
            plan=cls.plan_a, person=cls.p4, source="local", removed_on=day(2025, 6, 1), removal_reason="disciplined"
        )
        planned(plan=cls.plan_b, person=cls.p3, source="seconded")
        # ratings of 2025 and 2024
        rate = f.OrganisationRatingFactory
        decided = {"deciding_organisation": cls.bch}
        rate(
            organisation=cls.pm,
            year=2025,
            decided_level="excellent",
            clean_and_strong=True,
            decision_date=day(2025, 12, 20),
            **decided,
        )
        rate(organisation=cls.hn, year=2025, decided_level="good", decision_date=day(2025, 12, 20), **decided)
        rate(
            organisation=cls.cell,
            year=2025,
            decided_level="",
            proposed_level="",
            decision_number="",
            decision_date=None,
            **decided,
        )
        rate(organisation=cls.pm, year=2024, decided_level="good", clean_and_strong=True, **decided)
        rate(organisation=cls.hn, year=2024, decided_level="completed", **decided)
        member = f.MemberRatingFactory
        member(person=cls.p1, year=2025, decided_level="excellent", decision_date=day(2025, 12, 20), **decided)
        member(person=cls.p2, year=2025, decided_level="good", decision_date=day(2025, 12, 20), **decided)
        member(
            person=cls.p3,
            year=2025,
            decided_level="not_completed",
            disciplined=True,
            decision_date=day(2025, 12, 20),
            **decided,
        )
        member(person=cls.p1, year=2024, decided_level="good", **decided)
        member(person=cls.p3, year=2024, decided_level="completed", **decided)
        member(person=cls.gone, year=2025, decided_level="good", decision_date=day(2025, 12, 20), **decided)
        # training courses
        course = f.TrainingCourseFactory
        course(
            person=cls.p1,
            name="Trung cấp LLCT",
            level="intermediate",
            from_date=day(2025, 3, 1),
            to_date=day(2025, 9, 30),
        )
        course(
            person=cls.p2,
            name="Trung cấp LLCT",
            level="intermediate",
            from_date=day(2025, 3, 1),
            to_date=day(2025, 9, 30),
        )
        course(
            person=cls.p3,
            name="Bồi dưỡng QP-AN",
            level="fostering",
            from_date=day(2025, 10, 1),
            to_date=day(2025, 10, 5),
        )
        course(
            person=cls.p1, name="Bồi dưỡng QP-AN", level="fostering", from_date=day(2024, 5, 1), to_date=day(2024, 5, 3)
        )
        course(
            person=cls.p4, name="Đại học Luật", level="university", from_date=day(2024, 11, 1), to_date=day(2025, 2, 28)
        )
        course(
            person=cls.gone,
            name="Đại học Luật",
            level="university",
            from_date=day(2025, 1, 1),
            to_date=day(2025, 2, 28),
        )
        Person.objects.filter(pk=cls.gone.pk).update(deleted_at=timezone.now())
        for model in (Person, Organisation):
            ContentType.objects.get_for_model(model)

    def setUp(self):
        cache.clear()
        for user in (self.bch_admin, self.outsider):
            forget(user)

    # --- the places that print the figures ----------------------------------------------------------------------

    def figures(self, user, organisation=None):
        """The one figure function, called directly for the page's scope."""
        data = {"date_from": START, "date_to": END, "unit": organisation}
        return selectors.cadre_figures(statistics_scope(user, data))

    def page(self, user, status=200, **params):
        self.client.force_login(user)
        response = self.client.get(STATISTICS, {**PERIOD, **params})
        self.assertEqual(response.status_code, status, response.content[:800])
        return response

    def api(self, user, status=200, **params):
        self.client.force_login(user)
        response = self.client.get(API, {"from": f"{YEAR}-01-01", "to": f"{YEAR}-12-31", **params})
        self.assertEqual(response.status_code, status, response.content[:800])
        return response.json()

    def workbook(self, user, **params):
        self.client.force_login(user)
        response = self.client.get(STATISTICS, {**PERIOD, "export": "xlsx", **params})
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Content-Type"], XLSX)
        return openpyxl.load_workbook(io.BytesIO(response.content))

    def dashboard(self, user, organisation=None):
        self.client.force_login(user)
        response = self.client.get(DASHBOARD, {"year": YEAR, "organisation": organisation.pk if organisation else ""})
        self.assertEqual(response.status_code, 200)
        return response

    def report(self, user, organisation=None):
        ctx = ReportContext(user=user, organisations=[organisation] if organisation else [], start=START, end=END)
        section = get_section("cadres")
        figures = section.compute(ctx)
        with translation.override("vi"):
            content = section.render(ctx, figures)
        return ctx, figures, content

    def names(self):
        return [person.full_name for person in Person.all_objects.all()]


class TestTheNumbers(CadreWorld, TestCase):
    def test_secondments_and_households(self):
        figures = self.figures(self.bch_admin, self.bch)
        secondments = figures["secondments"]
        # P1 twice (two posts, one officer) and P2 now; P1 and P3 on the same day last year; the deleted person and
        # the other tree's officer are not counted
        self.assertEqual((secondments["officers"], secondments["committees"]), (2, 2))
        self.assertEqual((secondments["previous_officers"], secondments["previous_committees"]), (2, 2))
        levels = {row["level"]: (row["officers"], row["previous"]) for row in secondments["by_level"]}
        self.assertEqual(levels, {"province": (1, 0), "district": (0, 0), "commune": (1, 2)})
        positions = {
            (row["level"], row["position"]): (row["officers"], row["previous"]) for row in secondments["by_position"]
        }
        self.assertEqual(
            positions,
            {
                ("province", "committee_member"): (1, 0),
                ("commune", "secretary"): (0, 1),
                ("commune", "deputy_secretary"): (1, 1),
                ("commune", "military_commander"): (1, 0),
            },
        )
        units = {row["name"]: (row["officers"], row["previous"]) for row in secondments["by_unit"]}
        self.assertEqual(units, {"Đồn Biên phòng Pò Mã": (2, 1), "Đồn Biên phòng Hữu Nghị": (0, 1)})
        households = figures["households"]
        self.assertEqual((households["members"], households["households"], households["villages"]), (1, 8, 2))
        self.assertEqual(
            (households["previous_members"], households["previous_households"], households["previous_villages"]),
            (2, 9, 1),
        )

    def test_planning_against_the_targets(self):
        planning = self.figures(self.bch_admin, self.bch)["planning"]
        plans = {plan["title"]: plan for plan in planning["plans"]}
        a, b = plans["Bí thư Đảng ủy Đồn"], plans["Chính trị viên Đồn"]
        # the removed person is out of the plan; ages on 1 January 2025
        self.assertEqual((a["total"], a["under_40"], a["women"], a["minority"], a["local"]), (3, 1, 1, 2, 2))
        self.assertEqual(a["shares"], {"under_40": 33.3, "women": 33.3, "minority": 66.7, "local": 66.7})
        self.assertEqual(a["met"], {"under_40": True, "women": True, "minority": True, "local": None})
        self.assertEqual(a["cohorts"], {"under_45": 2, "45_49": 0, "50_plus": 1})
        self.assertEqual((b["total"], b["under_40"], b["women"]), (1, 0, 0))
        self.assertEqual(b["met"], {"under_40": False, "women": False, "minority": None, "local": None})
        overall = planning["overall"]
        self.assertEqual((overall["plans"], overall["total"], overall["under_40"], overall["women"]), (2, 4, 1, 1))
        self.assertEqual(overall["shares"]["under_40"], 25.0)
        self.assertEqual(overall["meeting_target"], {"under_40": 1, "women": 1, "minority": 1, "local": 0})
        self.assertEqual(overall["with_target"], {"under_40": 2, "women": 2, "minority": 1, "local": 0})
        self.assertEqual(overall["sources"], {"local": 2, "elsewhere": 1, "seconded": 1})
        # one term only
        other = self.figures_for_term("2020-2025")
        self.assertEqual((other["overall"]["plans"], other["overall"]["total"]), (0, 0))

    def figures_for_term(self, term):
        scope = statistics_scope(self.bch_admin, {"date_from": START, "date_to": END})
        return selectors.cadre_figures(scope, term)["planning"]

    def test_ratings_of_the_year_and_the_year_before(self):
        ratings = self.figures(self.bch_admin, self.bch)["ratings"]
        self.assertEqual((ratings["year"], ratings["previous_year"]), (2025, 2024))
        organisations, members = ratings["organisations"], ratings["members"]
        self.assertEqual(
            (organisations["total"], organisations["undecided"], organisations["clean_and_strong"]), (3, 1, 1)
        )
        self.assertEqual(organisations["levels"], {"excellent": 1, "good": 1, "completed": 0, "not_completed": 0})
        self.assertEqual(
            organisations["previous"]["levels"], {"excellent": 0, "good": 1, "completed": 1, "not_completed": 0}
        )
        self.assertEqual((organisations["previous"]["total"], organisations["previous"]["clean_and_strong"]), (2, 1))
        self.assertEqual((members["total"], members["disciplined"]), (3, 1))  # the deleted person's rating is out
        self.assertEqual(members["levels"], {"excellent": 1, "good": 1, "completed": 0, "not_completed": 1})
        self.assertEqual(members["previous"]["total"], 2)
        # a period that does not reach 31 December reports the year before
        scope = statistics_scope(self.bch_admin, {"date_from": day(2025, 1, 1), "date_to": day(2025, 6, 30)})
        self.assertEqual(selectors.rating_figures(scope)["year"], 2024)

    def test_training_courses_held_in_the_period(self):
        training = self.figures(self.bch_admin, self.bch)["training"]
        # two people on the same intermediate course make one course; the university course runs across both years
        self.assertEqual((training["courses"], training["attendances"], training["people"]), (3, 4, 4))
        self.assertEqual(
            (training["previous_courses"], training["previous_attendances"], training["previous_people"]), (2, 2, 2)
        )
        levels = {
            row["level"]: (row["courses"], row["attendances"], row["previous_courses"]) for row in training["by_level"]
        }
        self.assertEqual(levels["intermediate"], (1, 2, 0))
        self.assertEqual(levels["fostering"], (1, 1, 1))
        self.assertEqual(levels["university"], (1, 1, 1))

    def test_people_totals(self):
        people = self.figures(self.bch_admin, self.bch)["people"]
        self.assertEqual(
            {key: people[key] for key in ("total", "party_members", "women", "men", "minority")},
            {"total": 4, "party_members": 3, "women": 2, "men": 2, "minority": 3},
        )
        self.assertEqual((people["local_province"], people["local_commune"]), (3, 1))
        self.assertEqual(people["shares"]["minority"], 75.0)
        self.assertEqual(
            [(row["code"], row["count"]) for row in people["by_ethnic_group"]],
            [("01", 1), ("02", 1), ("07", 1), ("09", 1)],
        )
        self.assertEqual(
            [(row["band"], row["count"]) for row in people["by_age_band"]],
            [("under_30", 1), ("30_39", 1), ("40_49", 1), ("50_59", 1), ("60_plus", 0)],
        )

    def test_a_post_counts_its_own_subtree(self):
        figures = self.figures(self.bch_admin, self.pm)
        self.assertEqual((figures["secondments"]["officers"], figures["secondments"]["previous_officers"]), (2, 1))
        self.assertEqual(figures["households"]["previous_households"], 5)
        self.assertEqual(figures["planning"]["overall"]["plans"], 1)
        self.assertEqual(figures["ratings"]["organisations"]["total"], 2)  # the post and its cell
        self.assertEqual(figures["ratings"]["members"]["total"], 2)
        self.assertEqual((figures["training"]["courses"], figures["training"]["previous_courses"]), (1, 1))
        self.assertEqual(figures["people"]["total"], 2)


class TestEveryPlaceAgrees(CadreWorld, TestCase):
    def test_page_api_excel_dashboard_and_report_give_the_same_numbers(self):
        for user, organisation in (
            (self.bch_admin, self.bch),
            (self.bch_viewer, self.bch),  # no personal-data permission
            (self.pm_viewer, self.pm),
            (self.tu_viewer, self.bch),  # a "totals only" sharing rule
            (self.tu_viewer, None),  # every unit the Tỉnh ủy may count: the command's
        ):
            with self.subTest(user=user.username, organisation=organisation and organisation.code):
                expected = self.figures(user, organisation)
                groups = selectors.summary_groups(expected)
                unit = {"unit": organisation.pk} if organisation else {}
                page = self.page(user, **unit).context
                self.assertEqual(digest(page["figures"]), digest(expected))
                self.assertEqual(lines(page["groups"]), lines(groups))
                api = self.api(user, **unit)
                self.assertEqual(digest(api), digest(expected))
                self.assertEqual(lines(api["groups"]), lines(groups))
                book = self.workbook(user, **unit)
                summary = [
                    (row[1], row[2])
                    for row in book.worksheets[0].iter_rows(min_row=4, values_only=True)
                    if isinstance(row[1], int)
                ]
                self.assertEqual(summary, [(value, previous) for _g, _l, value, previous in lines(groups)])
                board = self.dashboard(user, organisation).context["figures"]["cadres"]
                self.assertEqual(lines(board["groups"]), lines(groups))
                self.assertEqual(
                    [(row["key"], row["count"], row["meeting"]) for row in board["structure"]],
                    [
                        (
                            key,
                            expected["planning"]["overall"][key],
                            expected["planning"]["overall"]["meeting_target"][key],
                        )
                        for key, _field in selectors.STRUCTURE_TARGETS
                    ],
                )
                _ctx, report, content = self.report(user, organisation)
                self.assertEqual(digest(report), digest(expected))
                self.assertEqual(lines(selectors.summary_groups(report)), lines(groups))
                self.assertEqual(
                    content.tables[0].rows[0][1:],
                    [expected["secondments"]["officers"], expected["secondments"]["previous_officers"]],
                )

    def test_the_page(self):
        response = self.page(self.bch_viewer, unit=self.bch.pk)
        self.assertContains(response, 'data-stat="secondments" data-value="2"')
        self.assertContains(response, 'data-stat="households" data-members="1" data-households="8"')
        self.assertContains(response, 'data-testid="planning"')
        self.assertContains(response, "Bí thư Đảng ủy Đồn")
        self.assertContains(response, "Công tác cán bộ và xây dựng Đảng: thống kê")
        self.assertContains(response, "33,3")  # Vietnamese numbers
        self.assertContains(response, "export=xlsx")
        # the comparison column and its change
        line = {item["key"]: item for item in response.context["groups"][0]["lines"]}["households"]
        self.assertEqual((line["value"], line["previous"], line["change"]), (8, 9, -1))

    def test_the_workbook(self):
        book = self.workbook(self.bch_admin, unit=self.bch.pk)
        self.assertEqual(len(book.sheetnames), 7)
        rows = {sheet.title: list(sheet.iter_rows(min_row=4, values_only=True)) for sheet in book.worksheets}
        planning = next(rows for title, rows in rows.items() if "quy hoạch" in title.lower())
        self.assertEqual(planning[-1][:5], ("Tất cả quy hoạch", None, None, 4, 1))
        ratings = book.worksheets[3]
        total = next(row for row in ratings.iter_rows(min_row=4, values_only=True) if row[0] == "Tổng số")
        self.assertEqual(total, ("Tổng số", 3, 2, 3, 2))
        courses = next(row for row in book.worksheets[4].iter_rows(min_row=4, values_only=True) if row[0] == "Tổng số")
        self.assertEqual(courses, ("Tổng số", 3, 4, 4, 2, 2))

    def test_excel_writes_formulas_as_text(self):
        from phoihop.core.testing import formulas

        CadrePlan.objects.filter(pk=self.plan_a.pk).update(title=formulas.PAYLOAD)
        self.client.force_login(self.bch_admin)
        content = self.client.get(STATISTICS, {**PERIOD, "export": "xlsx"}).content
        self.assertEqual(formulas.formula_problems_xlsx(content), [])
        carrying, raw = formulas.neutralised(formulas.xlsx_texts(content), (formulas.PAYLOAD,))
        self.assertTrue(carrying)
        self.assertEqual(raw, [])

    def test_the_report_section(self):
        ctx, figures, content = self.report(self.bch_viewer, self.bch)
        self.assertTrue(get_section("cadres").applies(ctx))
        with translation.override("vi"):
            self.assertEqual(
                content.heading, "Cán bộ tăng cường, quy hoạch, đào tạo cán bộ và đánh giá, xếp loại hằng năm"
            )
            text = " ".join(content.paragraphs)
            self.assertIn("2 cán bộ tăng cường cho 2 cấp ủy địa phương", text)
            self.assertIn("1 đảng viên phụ trách 8 hộ gia đình tại 2 thôn, bản", text)
            self.assertIn("2 quy hoạch cán bộ có 4 người", text)
            self.assertIn("đã mở 3 lớp đào tạo, bồi dưỡng", text)
            section = get_section("cadres")
            strengths = " ".join(section.strengths(ctx, figures))
            self.assertIn("1/3 tổ chức đảng đạt “trong sạch, vững mạnh”", strengths)
            self.assertIn("đều đạt chỉ tiêu cơ cấu về người dân tộc thiểu số", strengths)  # the only plan with one
            shortcomings = " ".join(section.shortcomings(ctx, figures))
            self.assertIn("Chính trị viên Đồn (Đồn Biên phòng Hữu Nghị)", shortcomings)
            self.assertEqual(len(section.directions(ctx, figures)), 1)
        json.dumps(figures)  # a snapshot a report stores
        # in Phần I's third field, after the direction and propaganda sections and before the border
        order = [section.key for section in all_sections()]
        fields = {section.key: section.field for section in all_sections()}
        position = order.index("cadres")
        self.assertTrue(all(fields[key] in ("scope", "direction", "propaganda") for key in order[:position]))
        self.assertTrue(all(fields[key] not in ("scope", "direction", "propaganda") for key in order[position + 1 :]))
        # a scope with nothing of cadre work leaves the section out
        nobody = make_user("nobody")
        self.assertFalse(get_section("cadres").applies(ReportContext(user=nobody, start=START, end=END)))

    def test_the_generated_report_holds_the_section(self):
        """A yearly report of the command, generated as the job does, prints the section and its annex tables."""
        from unittest import mock

        from docx import Document

        from phoihop.reports import sections as registry
        from phoihop.reports import services
        from phoihop.reports.models import ReportStatus, ReportTemplate

        reporter = make_user("bch_reporter", self.bch, Role.REPORTER)  # no personal-data permission
        only = mock.patch.dict(registry._REGISTRY, {"cadres": registry._REGISTRY["cadres"]}, clear=True)
        with only, mock.patch("phoihop.reports.formats.pdf_available", return_value=False):
            with self.captureOnCommitCallbacks(execute=True):
                report = services.report_request(
                    acting_user=reporter,
                    organisation=self.bch,
                    template=ReportTemplate.YEARLY,
                    reference_date=day(2025, 5, 1),
                    issued_on=day(2026, 1, 5),
                )
        report.refresh_from_db()
        self.assertEqual(report.status, ReportStatus.DONE, report.error)
        text = "\n".join(paragraph.text for paragraph in Document(report.docx.open("rb")).paragraphs)
        self.assertIn("CÔNG TÁC CÁN BỘ VÀ XÂY DỰNG ĐẢNG", text)  # the field of the regulation, Phần I
        self.assertIn("Cán bộ tăng cường, quy hoạch, đào tạo cán bộ và đánh giá, xếp loại hằng năm", text)
        self.assertIn("2 cán bộ tăng cường cho 2 cấp ủy địa phương", text)
        book = openpyxl.load_workbook(report.xlsx.open("rb"))
        cells = " ".join(str(v) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for v in row)
        self.assertIn("Cơ cấu quy hoạch cán bộ so với chỉ tiêu", cells)
        for name in self.names():
            self.assertNotIn(name, text + cells)

    def test_the_dashboard_panel(self):
        response = self.dashboard(self.bch_viewer, self.bch)
        self.assertContains(response, 'data-testid="cadres-kpi"')
        self.assertContains(response, 'data-testid="cadres-panel"')
        self.assertContains(response, 'data-stat="cadres-officers" data-value="2"')
        board = response.context["figures"]["cadres"]
        self.assertEqual((board["officers"], board["household_members"], board["households"]), (2, 1, 8))
        self.assertEqual((board["clean_and_strong"], board["courses"], board["people"]), (1, 3, 4))
        self.assertIn(reverse("cadres:statistics"), board["url"])
        self.assertEqual(self.client.get(board["url"]).context["figures"]["secondments"]["officers"], 2)
        # nothing to show: no panel
        nobody = make_user("nobody_else", self.du_x, Role.VIEWER)
        self.assertIsNone(self.dashboard(nobody).context["figures"]["cadres"])


class TestWhoCounts(CadreWorld, TestCase):
    def test_no_place_names_a_person(self):
        names = self.names()
        for user in (self.bch_admin, self.tu_viewer):
            page = self.page(user, unit=self.bch.pk).content.decode()
            api = json.dumps(self.api(user, unit=self.bch.pk), ensure_ascii=False)
            book = self.workbook(user, unit=self.bch.pk)
            cells = " ".join(
                str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
            )
            board = self.dashboard(user, self.bch).content.decode()
            _ctx, figures, content = self.report(user, self.bch)
            report = " ".join(content.paragraphs) + repr([table.rows for table in content.tables]) + repr(figures)
            for name in names:
                for where, text in (
                    ("page", page),
                    ("api", api),
                    ("xlsx", cells),
                    ("dashboard", board),
                    ("report", report),
                ):
                    self.assertNotIn(name, text, (user.username, where))

    def test_a_viewer_without_the_personal_data_permission_counts_the_totals(self):
        self.assertEqual(
            digest(self.figures(self.bch_viewer, self.bch)), digest(self.figures(self.bch_admin, self.bch))
        )
        self.assertEqual(self.api(self.bch_viewer)["people"]["total"], 4)
        # … and reads none of the people counted
        self.client.force_login(self.bch_viewer)
        state_purpose(self.client)
        for name in ("person", "secondment", "householdassignment", "plannedcadre", "memberrating"):
            listing = self.client.get(reverse(f"cadres:{name}_list"))
            self.assertEqual(listing.status_code, 200, name)
            self.assertEqual(listing.context["total"], 0, name)

    def test_totals_only_sharing_lets_the_tinh_uy_count(self):
        for organisation in (self.bch, self.pm):
            # the same numbers as the command's own admin; its plans folded, not named (TestTotalsOnlyPlansAreFolded)
            expected = without_plans(digest(self.figures(self.bch_admin, organisation)))
            self.assertEqual(
                without_plans(digest(self.page(self.tu_viewer, unit=organisation.pk).context["figures"])), expected
            )
            self.assertEqual(without_plans(digest(self.api(self.tu_viewer, unit=organisation.pk))), expected)
        self.assertEqual(self.figures(self.tu_viewer)["people"]["total"], 4)
        # the unit picker offers the command and its posts
        self.client.force_login(self.tu_viewer)
        field = f"{source_key(CadreStatisticsFilter)}:unit"
        found = self.client.get("/pick/organisation/", {"q": "po ma", "field": field}).json()["results"]
        self.assertIn(self.pm.pk, [int(row["id"]) for row in found])
        # but no person is read
        state_purpose(self.client)
        self.assertEqual(self.client.get(reverse("cadres:person_list")).context["total"], 0)
        self.assertEqual(self.client.get(f"/api/cadres/people/{self.p1.pk}/").status_code, 404)

    def test_an_outsider_counts_nothing_of_the_world(self):
        # the other tree's own officer and person only
        figures = self.api(self.outsider)
        self.assertEqual((figures["people"]["total"], figures["secondments"]["officers"]), (1, 1))
        self.assertEqual(figures["planning"]["overall"]["plans"], 0)
        self.assertEqual(figures["ratings"]["organisations"]["total"], 0)
        self.assertEqual(figures["training"]["courses"], 0)
        # the command is not a unit it may choose: a field error, not figures
        response = self.page(self.outsider, status=400, unit=self.bch.pk)
        self.assertIn("unit", response.context["form"].errors)
        self.assertIn("unit", self.api(self.outsider, status=400, unit=self.bch.pk))
        self.assertEqual(self.client.get(f"/api/cadres/people/{self.p1.pk}/").status_code, 404)
        self.assertEqual(self.client.get(reverse("cadres:person_detail", kwargs={"pk": self.p1.pk})).status_code, 404)
        # a user without any membership counts zero everywhere
        nobody = make_user("nobody")
        empty = self.api(nobody)
        self.assertEqual(
            (empty["people"]["total"], empty["secondments"]["officers"], empty["training"]["courses"]), (0, 0, 0)
        )
        self.assertFalse(get_section("cadres").applies(ReportContext(user=nobody, start=START, end=END)))

    def test_anonymous(self):
        self.assertEqual(self.client.get(STATISTICS).status_code, 302)
        self.assertEqual(self.client.get(API).status_code, 401)


class TestTotalsOnlyPlansAreFolded(CadreWorld, TestCase):
    """Issue 16: a plan is named (title, planning committee, link) only to a user who may view it; the plans a user
    only counts are folded by ``selectors.planning_figures`` into one row per term and level, the same row on the
    page, in its export, the API, the dashboard and the report."""

    FOLDED = "2 quy hoạch cán bộ (cấp xã) của đơn vị khác (chia sẻ số tổng hợp)"

    def outputs(self, user, **unit) -> dict:
        """Every place's text for ``user``: the page, the API's JSON, the workbook's cells, the dashboard, the
        report's paragraphs, tables and snapshot."""
        page = self.page(user, **unit).content.decode()
        api = json.dumps(self.api(user, **unit), ensure_ascii=False)
        book = self.workbook(user, **unit)
        cells = " ".join(
            str(value) for sheet in book.worksheets for row in sheet.iter_rows(values_only=True) for value in row
        )
        organisation = Organisation.objects.get(pk=unit["unit"]) if unit else None
        board = self.dashboard(user, organisation).content.decode()
        _ctx, figures, content = self.report(user, organisation)
        report = " ".join(content.paragraphs) + repr([table.rows for table in content.tables]) + repr(figures)
        return {"page": page, "api": api, "xlsx": cells, "dashboard": board, "report": report}

    def test_a_totals_only_viewer_reads_no_plan_title(self):
        for unit in ({"unit": self.bch.pk}, {}):
            outputs = self.outputs(self.tu_viewer, **unit)
            for where, text in outputs.items():
                for title in TITLES:
                    self.assertNotIn(title, text, (unit, where))
            for where in ("page", "api", "xlsx", "report"):
                self.assertIn(self.FOLDED, outputs[where], (unit, where))
            for plan in (self.plan_a, self.plan_b):
                self.assertNotIn(reverse("cadres:cadreplan_detail", kwargs={"pk": plan.pk}), outputs["page"])
            self.assertIn('data-plan="shared" data-plans="2"', outputs["page"])
        # the folded row: the plans' people and structure added up, how many reach each target; nothing of its own
        planning = self.api(self.tu_viewer, unit=self.bch.pk)["planning"]
        admin = self.figures(self.bch_admin, self.bch)["planning"]
        (row,) = planning["plans"]
        self.assertEqual(
            (row["shared"], row["plans"], row["title"], row["term"], row["level"]),
            (True, 2, self.FOLDED, "2025-2030", "commune"),
        )
        self.assertEqual((row["id"], row["organisation"], row["organisation_id"]), (None, "", None))
        self.assertEqual(set(row["targets"].values()) | set(row["met"].values()), {None})
        overall = admin["overall"]
        self.assertEqual(
            (row["total"], row["under_40"], row["women"], row["minority"], row["local"]),
            (overall["total"], overall["under_40"], overall["women"], overall["minority"], overall["local"]),
        )
        self.assertEqual((row["cohorts"], row["sources"]), (overall["cohorts"], overall["sources"]))
        for key in ("with_target", "meeting_target", "below_target"):
            self.assertEqual(row[key], overall[key], key)
        self.assertEqual(planning["overall"]["plans"], 2)
        # the report says how many of them fall below a target, not which
        ctx, figures, _content = self.report(self.tu_viewer, self.bch)
        with translation.override("vi"):
            shortcomings = " ".join(get_section("cadres").shortcomings(ctx, figures))
        self.assertIn("1 quy hoạch cán bộ của đơn vị khác (chia sẻ số tổng hợp)", shortcomings)

    def test_a_viewer_of_the_plans_reads_them_named_and_linked(self):
        outputs = self.outputs(self.bch_viewer, unit=self.bch.pk)
        for where, text in outputs.items():
            if where == "dashboard":  # the panel prints the overall structure only
                continue
            for title in TITLES:
                self.assertIn(title, text, where)
            self.assertNotIn("chia sẻ số tổng hợp", text, where)
        for plan in (self.plan_a, self.plan_b):
            self.assertIn(reverse("cadres:cadreplan_detail", kwargs={"pk": plan.pk}), outputs["page"])

    def test_some_plans_named_and_the_others_folded(self):
        """A post that views its own plan and counts the other post's through a "totals only" rule."""
        SharingRule.objects.create(owner=self.hn, viewer=self.pm, mode="totals", include_subtree=True)
        cache.clear()
        forget(self.pm_viewer)
        folded = "1 quy hoạch cán bộ (cấp xã) của đơn vị khác (chia sẻ số tổng hợp)"
        outputs = self.outputs(self.pm_viewer)
        for where in ("page", "api", "xlsx", "report"):
            self.assertIn("Bí thư Đảng ủy Đồn", outputs[where], where)
            self.assertIn(folded, outputs[where], where)
        for where, text in outputs.items():
            self.assertNotIn("Chính trị viên Đồn", text, where)
        self.assertIn(reverse("cadres:cadreplan_detail", kwargs={"pk": self.plan_a.pk}), outputs["page"])
        self.assertNotIn(reverse("cadres:cadreplan_detail", kwargs={"pk": self.plan_b.pk}), outputs["page"])
        planning = self.api(self.pm_viewer)["planning"]
        self.assertEqual(
            [(row["title"], row["shared"], row["plans"], row["total"]) for row in planning["plans"]],
            [("Bí thư Đảng ủy Đồn", False, 1, 3), (folded, True, 1, 1)],
        )
        # the overall row as the command's admin counts both plans
        admin = self.figures(self.bch_admin, self.bch)["planning"]["overall"]
        for key in ("plans", "total", "under_40", "women", "with_target", "meeting_target", "below_target"):
            self.assertEqual(planning["overall"][key], admin[key], key)
        # the statistics table: the folded row reaches the women's target in 0 of its 1 plans
        rows = self.page(self.pm_viewer).context["plan_rows"]
        shared = next(row for row in rows if row["shared"])
        self.assertIsNone(shared["url"])
        women = next(cell for cell in shared["cells"] if cell["key"] == "women")
        self.assertEqual((women["meeting"], women["with_target"], women["target"]), (0, 1, None))


class TestFiltersAndQueries(CadreWorld, TestCase):
    def test_bad_filters_are_field_errors(self):
        self.client.force_login(self.bch_viewer)
        response = self.client.get(STATISTICS, {"date_from": "31/12/2025", "date_to": "01/01/2025"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(response.context["form"].errors["date_to"], ["Ngày kết thúc không được trước ngày bắt đầu."])
        response = self.client.get(STATISTICS, {"date_from": "32/13/2025", "term": "2099-2104"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"date_from", "term"})
        self.assertContains(response, "Nhập", status_code=400)  # Django's Vietnamese "Nhập ngày hợp lệ."
        response = self.client.get(API, {"from": "garbage", "term": "x"})
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"date_from", "term"})
        self.assertEqual(self.client.get(API, {"unit": "abc"}).status_code, 400)
        # a valid term
        self.assertEqual(self.api(self.bch_viewer, term="2025-2030")["planning"]["term"], "2025-2030")

    def test_schema_documents_the_endpoint(self):
        self.client.force_login(self.bch_viewer)
        schema = self.client.get("/api/schema/", {"format": "json"}).json()
        operation = schema["paths"]["/api/cadres/statistics/"]["get"]
        self.assertTrue({p["name"] for p in operation["parameters"]} >= {"from", "to", "unit", "term"})
        ref = operation["responses"]["200"]["content"]["application/json"]["schema"]["$ref"]
        component = schema["components"]["schemas"][ref.rsplit("/", 1)[1]]
        self.assertTrue(
            {"secondments", "households", "planning", "ratings", "training", "people", "groups"}
            <= set(component["properties"])
        )

    def test_query_count_does_not_grow_with_the_rows(self):
        def count():
            self.client.force_login(self.bch_admin)
            with CaptureQueriesContext(connection) as queries:
                response = self.client.get(STATISTICS, {**PERIOD, "unit": self.bch.pk})
            self.assertEqual(response.status_code, 200)
            return len(queries)

        count()
        before = count()
        for n in range(3):
            post = Organisation.objects.create(
                name=f"Đồn Biên phòng số {n}", code=f"T-X{n}", kind=self.bch.kind, parent=self.bch
            )
            person = f.PersonFactory(organisation=post, ethnic_group=f.ethnic_group(f"1{n}"))
            f.SecondmentFactory(person=person, receiving_committee=self.du_y, from_date=day(2025, 2, 1))
            f.HouseholdAssignmentFactory(person=person)
            plan = f.CadrePlanFactory(organisation=post, decision_date=day(2025, 3, 1))
            f.PlannedCadreFactory(plan=plan, person=person)
            f.OrganisationRatingFactory(organisation=post, year=2025, decision_date=day(2025, 12, 20))
            f.MemberRatingFactory(person=person, year=2025, decision_date=day(2025, 12, 20))
            f.TrainingCourseFactory(person=person, name=f"Lớp {n}", from_date=day(2025, 4, 1), to_date=day(2025, 4, 9))
        count()  # new organisations and areas: their provinces are read again once (``orgs.provinces``)
        after = count()
        self.assertEqual(before, after)
        figures = self.figures(self.bch_admin, self.bch)
        self.assertEqual((figures["people"]["total"], figures["planning"]["overall"]["plans"]), (7, 5))
        self.assertEqual(len(figures["people"]["by_ethnic_group"]), 7)
