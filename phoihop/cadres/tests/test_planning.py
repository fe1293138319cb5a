"""Cadre planning: the services (adding, removing with its checks and the version check), the removals the system
proposes (over age, disciplined), the plan's page (structure against targets, the people through the gate, removal
by the proposed reason), the pages and API of plans and planned cadres under the base rules, the API's removal
action and the import that writes nothing when a row is bad."""

import datetime
import itertools
from decimal import Decimal

import tablib
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.accounts.models import Membership
from phoihop.audit.choices import AccessAction
from phoihop.audit.models import PersonalDataAccess
from phoihop.cadres import selectors, services
from phoihop.cadres.choices import Gender, PlannedSource, RemovalReason
from phoihop.cadres.models import CadrePlan, PlannedCadre
from phoihop.cadres.resources.planning import CadrePlanResource, PlannedCadreResource
from phoihop.cadres.tests import factories as f
from phoihop.cadres.tests.test_people_records import PersonalDataWorld
from phoihop.core.access import forget
from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.services import StaleVersionError
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin

D = datetime.date
counter = itertools.count(1)


def plan_for(owner, **kwargs):
    kwargs.setdefault("title", f"Bí thư Đảng ủy xã (quy hoạch {next(counter)})")
    return f.CadrePlanFactory(organisation=owner, **kwargs)


# --- the base rules of pages and API ----------------------------------------------------------------------------


class CadrePlanRecord:
    model = CadrePlan

    def make_record(self, owner, **kwargs):
        return plan_for(owner, **kwargs)

    def form_data(self, owner):
        return {
            "organisation": owner.pk,
            "term": "2025-2030",
            "title": f"Chủ tịch UBND xã {next(counter)}",
            "level": "commune",
            "decision_number": "15-QĐ/ĐU",
            "decision_date": "01/03/2025",
            "decision_authority": "Ban Thường vụ Đảng ủy",
            "under_40_target": "15",
            "women_target": "25",
            "minority_target": "62,5",
            "local_target": "",
            "note": "",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "women_target": "120"}, "women_target"

    def api_data(self, owner):
        data = self.form_data(owner)
        return {**data, "decision_date": "2025-03-01", "minority_target": "62.5", "local_target": None}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "decision_date": None}, "decision_date"

    def export_keys(self, obj):
        return [obj.title]


class TestCadrePlanViews(CadrePlanRecord, RecordViewTests, TestCase):
    def test_targets_take_vietnamese_decimals(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        self.assertEqual(CadrePlan.objects.get(title=data["title"]).minority_target, Decimal("62.5"))


class TestCadrePlanAPI(CadrePlanRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/plans/"


class PlannedCadreRecord(PersonalDataWorld):
    model = PlannedCadre

    def make_record(self, owner, **kwargs):
        plan = plan_for(owner)
        return f.PlannedCadreFactory(plan=plan, person=self.person(owner), **kwargs)

    def form_data(self, owner):
        return {
            "plan": plan_for(owner).pk,
            "person": self.person(owner).pk,
            "source": "local",
            "decision_number": "20-QĐ/ĐU",
            "decision_date": "15/03/2025",
            "decision_authority": "Ban Thường vụ Đảng ủy",
            "note": "",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "decision_date": ""}, "decision_date"

    def api_data(self, owner):
        return {**self.form_data(owner), "decision_date": "2025-03-15"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "source": "nowhere"}, "source"

    def export_keys(self, obj):
        return [obj.person.full_name]


class TestPlannedCadreViews(PlannedCadreRecord, RecordViewTests, TestCase):
    def test_the_add_form_is_prefilled_with_the_plan(self):
        plan = plan_for(self.world.a)
        self.login(self.world.a_reporter)
        response = self.client.get(self.url("add"), {"plan": plan.pk})
        self.assertEqual(response.context["form"]["plan"].value(), str(plan.pk))

    def test_a_person_twice_in_a_plan_is_refused(self):
        planned = self.make_record(self.world.a)
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "plan": planned.plan_id, "person": planned.person_id}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(PlannedCadre.objects.filter(plan=planned.plan).count(), 1)

    def test_the_list_query_count_is_pinned(self):
        self.login(self.world.a_viewer)
        for _ in range(3):
            self.make_record(self.world.a)
        self.client.get(self.url("list"))
        with CaptureQueriesContext(connection) as queries:
            response = self.client.get(self.url("list"), {"per_page": 100})
        self.assertEqual(response.context["total"], 3)
        # session, user, devices, memberships, sharing rules, count, page, the log's organisations, the log, the
        # unread notifications (the plan filter is a search picker: no choices are read), and whether the reader
        # may open the plans and people its columns name (core.naming: one query per record type)
        self.assertEqual(len(queries), 12, [q["sql"] for q in queries.captured_queries])


class TestPlannedCadreAPI(PlannedCadreRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/planned-cadres/"


# --- services and proposals ---------------------------------------------------------------------------------------


class PlanWorld(PersonalDataWorld, WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = plan_for(cls.world.a, decision_date=D(2025, 3, 1), under_40_target=Decimal("50"))

    def planned(self, **person):
        return f.PlannedCadreFactory(plan=self.plan, person=f.PersonFactory(organisation=self.world.a, **person))


class TestServices(PlanWorld, TestCase):
    def test_add_puts_a_person_in_the_plan(self):
        person = f.PersonFactory(organisation=self.world.a, full_name="Lăng Văn Quy")
        planned = services.planned_cadre_add(
            acting_user=self.world.a_reporter,
            plan=self.plan,
            person=person,
            decision_number="30-QĐ/ĐU",
            decision_date=D(2025, 4, 1),
            source=PlannedSource.SECONDED,
        )
        self.assertEqual((planned.created_by, planned.version, planned.source), (self.world.a_reporter, 1, "seconded"))
        with self.assertRaises(ValidationError) as twice:
            services.planned_cadre_add(acting_user=self.world.a_reporter, plan=self.plan, person=person)
        self.assertIn("__all__", twice.exception.message_dict)
        with self.assertRaises(ValidationError) as half:
            services.planned_cadre_add(
                acting_user=self.world.a_reporter,
                plan=self.plan,
                person=f.PersonFactory(organisation=self.world.a),
                decision_number="31-QĐ/ĐU",
            )
        self.assertIn("decision_date", half.exception.message_dict)

    def test_add_refuses_a_person_the_user_may_not_read(self):
        stranger = f.PersonFactory(organisation=self.world.b)
        with self.assertRaises(ValidationError) as error:
            services.planned_cadre_add(acting_user=self.world.a_reporter, plan=self.plan, person=stranger)
        self.assertIn("person", error.exception.message_dict)
        self.assertFalse(PlannedCadre.objects.filter(person=stranger).exists())

    def test_remove_and_its_checks(self):
        planned = self.planned()
        user = self.world.a_reporter

        def remove(**kwargs):
            values = {"removed_on": D(2025, 6, 1), "reason": RemovalReason.OVER_AGE, **kwargs}
            target = PlannedCadre.objects.get(pk=planned.pk)
            return services.planned_cadre_remove(acting_user=user, planned=target, **values)

        cases = [
            ({"reason": RemovalReason.BY_DECISION}, "removal_decision"),
            ({"removed_on": D(2025, 2, 1)}, "removed_on"),  # before the decision putting them in
            ({"removed_on": datetime.date.today() + datetime.timedelta(days=2)}, "removed_on"),
            ({"removed_on": None}, "removed_on"),
            ({"reason": ""}, "removal_reason"),
            ({"reason": "bored"}, "removal_reason"),
        ]
        for kwargs, field in cases:
            with self.subTest(kwargs), self.assertRaises(ValidationError) as error:
                remove(**kwargs)
            self.assertIn(field, error.exception.message_dict)
        planned.refresh_from_db()
        self.assertEqual((planned.removed_on, planned.version), (None, 1))
        with self.assertRaises(StaleVersionError):
            remove(expected_version=7)
        removed = remove(reason=RemovalReason.BY_DECISION, removal_decision="40-QĐ/ĐU", expected_version=1)
        self.assertEqual(
            (removed.removed_on, removed.removal_reason, removed.version), (D(2025, 6, 1), "by_decision", 2)
        )
        with self.assertRaises(ValidationError) as again:
            remove()
        self.assertIn("removed_on", again.exception.message_dict)

    def test_removing_needs_the_change_permission(self):
        planned = self.planned()
        with self.assertRaises(PermissionDenied):
            services.planned_cadre_remove(
                acting_user=self.world.a_viewer, planned=planned, removed_on=D(2025, 6, 1), reason="over_age"
            )
        planned.refresh_from_db()
        self.assertIsNone(planned.removed_on)


class TestProposedRemovals(PlanWorld, TestCase):
    def test_over_age_by_sex_at_the_start_of_the_term(self):
        # term 2025–2030 starts 01/01/2025; a full term needs 62 (men) / 60 (women) not reached before 01/01/2030
        men_out = self.planned(full_name="Nam Quá Tuổi", birth_date=D(1967, 12, 31))
        self.planned(full_name="Nam Vừa Đủ", birth_date=D(1968, 1, 1))
        women_out = self.planned(full_name="Nữ Quá Tuổi", sex=Gender.FEMALE, birth_date=D(1969, 6, 1))
        self.planned(full_name="Nữ Vừa Đủ", sex=Gender.FEMALE, birth_date=D(1970, 1, 1))
        proposals = selectors.proposed_removals(self.world.a_reporter, self.plan)
        self.assertEqual({p["planned"].pk for p in proposals}, {men_out.pk, women_out.pk})
        self.assertEqual({p["reason"] for p in proposals}, {RemovalReason.OVER_AGE})
        self.assertTrue(all("57" in p["detail"] or "55" in p["detail"] for p in proposals))

    def test_disciplined_from_the_year_before_the_term(self):
        disciplined = self.planned(full_name="Bị Kỷ Luật")
        f.MemberRatingFactory(person=disciplined.person, year=2024, disciplined=True)
        earlier = self.planned(full_name="Kỷ Luật Cũ")
        f.MemberRatingFactory(person=earlier.person, year=2023, disciplined=True)
        both = self.planned(full_name="Cả Hai", birth_date=D(1960, 1, 1))
        f.MemberRatingFactory(person=both.person, year=2025, disciplined=True, decision_date=D(2025, 6, 1))
        removed = self.planned(full_name="Đã Ra")
        f.MemberRatingFactory(person=removed.person, year=2024, disciplined=True)
        services.planned_cadre_remove(
            acting_user=self.world.a_reporter, planned=removed, removed_on=D(2025, 5, 1), reason="disciplined"
        )
        proposals = {p["planned"].pk: p for p in selectors.proposed_removals(self.world.a_reporter, self.plan)}
        self.assertEqual(set(proposals), {disciplined.pk, both.pk})
        self.assertEqual(proposals[disciplined.pk]["reason"], RemovalReason.DISCIPLINED)
        self.assertIn("2024", proposals[disciplined.pk]["detail"])
        self.assertEqual(proposals[both.pk]["reasons"], [RemovalReason.OVER_AGE, RemovalReason.DISCIPLINED])

    def test_nobody_is_proposed_to_a_user_without_the_permission(self):
        self.planned(birth_date=D(1950, 1, 1))
        Membership.objects.filter(user=self.world.a_admin).update(personal_data=False)
        forget(self.world.a_admin)
        self.assertEqual(selectors.proposed_removals(self.world.a_admin, self.plan), [])


# --- the plan's page ----------------------------------------------------------------------------------------------


class TestPlanPage(PlanWorld, TestCase):
    def url(self):
        return reverse("cadres:cadreplan_detail", kwargs={"pk": self.plan.pk})

    def test_structure_against_targets_and_members(self):
        young = self.planned(full_name="Trẻ Tuổi", birth_date=D(1990, 5, 1), sex=Gender.FEMALE)
        self.planned(full_name="Trung Niên", birth_date=D(1978, 5, 1))
        self.planned(full_name="Lớn Tuổi", birth_date=D(1972, 5, 1))
        self.login(self.world.a_viewer)
        response = self.client.get(self.url())
        self.assertEqual(response.status_code, 200)
        targets = {row["key"]: row for row in response.context["structure"]["targets"]}
        self.assertEqual((targets["under_40"]["count"], targets["under_40"]["share"]), (1, 33.3))
        self.assertIs(targets["under_40"]["met"], False)  # 33,3 % < 50 %
        self.assertIs(targets["women"]["met"], True)  # 33,3 % ≥ 25 %
        self.assertIsNone(targets["local"]["met"])  # no target
        self.assertContains(response, "33,3%")
        self.assertContains(response, 'data-met="no"')
        members = {m.person.full_name: m for m in response.context["members"]}
        self.assertEqual((members["Trẻ Tuổi"].age_at_start, members["Trẻ Tuổi"].cohort_value), (34, "under_45"))
        self.assertEqual(members["Lớn Tuổi"].cohort_value, "50_plus")
        self.assertContains(response, young.person.get_absolute_url())
        self.assertNotContains(response, 'data-testid="add-planned"')  # a viewer adds nobody
        logged = PersonalDataAccess.objects.filter(user=self.world.a_viewer, action=AccessAction.RELATED)
        shown = set(logged.filter(content_type__model="plannedcadre").values_list("object_pk", flat=True))
        self.assertEqual(shown, {m.pk for m in members.values()})

    def test_a_person_of_another_unit_is_named_without_a_link(self):
        outsider = f.PlannedCadreFactory(
            plan=self.plan, person=f.PersonFactory(organisation=self.world.b, full_name="Người Xã Khác")
        )
        self.login(self.world.a_viewer)
        response = self.client.get(self.url())
        self.assertContains(response, "Người Xã Khác")
        self.assertNotContains(response, outsider.person.get_absolute_url())

    def test_the_reporter_removes_a_proposed_person(self):
        old = self.planned(full_name="Quá Tuổi", birth_date=D(1960, 1, 1))
        self.login(self.world.a_reporter)
        page = self.client.get(self.url())
        self.assertContains(page, 'data-testid="remove-proposed"')
        self.assertContains(page, f"{reverse('cadres:plannedcadre_add')}?plan={self.plan.pk}")
        data = {"planned": old.pk, "version": old.version, "removal_reason": "over_age", "removed_on": "01/06/2025"}
        stale = self.client.post(self.url(), {**data, "version": old.version + 3})
        self.assertEqual(stale.status_code, 409)
        response = self.client.post(self.url(), data)
        self.assertEqual(response.status_code, 302)
        old.refresh_from_db()
        self.assertEqual((old.removed_on, old.removal_reason), (D(2025, 6, 1), "over_age"))
        self.assertEqual(self.client.get(self.url()).context["proposals"], [])

    def test_removal_errors_are_field_level(self):
        planned = self.planned()
        self.login(self.world.a_reporter)
        data = {"planned": planned.pk, "version": planned.version, "removal_reason": "by_decision"}
        response = self.client.post(self.url(), {**data, "removed_on": "31/02/2025"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("removed_on", response.context["removal_form"].errors)
        response = self.client.post(self.url(), {**data, "removed_on": "01/06/2025"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("removal_decision", response.context["removal_form"].errors)
        self.assertContains(response, 'data-testid="removal-errors"', status_code=400)
        planned.refresh_from_db()
        self.assertIsNone(planned.removed_on)

    def test_a_viewer_may_not_remove(self):
        planned = self.planned(birth_date=D(1960, 1, 1))
        self.login(self.world.a_viewer)
        self.assertNotContains(self.client.get(self.url()), 'data-testid="remove-proposed"')
        data = {"planned": planned.pk, "version": 1, "removal_reason": "over_age", "removed_on": "01/06/2025"}
        self.assertEqual(self.client.post(self.url(), data).status_code, 403)

    def test_the_page_query_count_does_not_grow_with_members(self):
        self.planned()
        self.login(self.world.a_reporter)
        self.client.get(self.url())
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url())
        for year in range(1960, 1968):
            self.planned(birth_date=D(year, 2, 1))
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(self.url())
        self.assertEqual(len(response.context["proposals"]), 8)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])


class TestPlanAccess(WorldMixin, TestCase):
    """Plans are not personal data: the committee's users read them; the people in them only with the permission."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.plan = plan_for(cls.world.a)
        cls.planned = f.PlannedCadreFactory(
            plan=cls.plan, person=f.PersonFactory(organisation=cls.world.a, full_name="Nguyễn Văn Quy Hoạch")
        )

    def test_outsider_gets_404(self):
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.plan.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(self.planned.get_absolute_url()).status_code, 404)

    def test_without_the_permission_the_plan_shows_figures_and_no_name(self):
        self.login(self.world.a_admin)
        page = self.client.get(self.plan.get_absolute_url())
        self.assertEqual(page.status_code, 200)
        self.assertEqual(page.context["structure"]["total"], 1)  # counted, not read
        self.assertNotContains(page, "Nguyễn Văn Quy Hoạch")
        self.assertEqual(self.client.get(self.planned.get_absolute_url()).status_code, 404)
        listing = self.client.get(reverse("cadres:plannedcadre_list"))
        self.assertEqual(listing.context["total"], 0)
        api = APIClient()
        api.force_authenticate(self.world.a_admin)
        self.assertEqual(api.get(f"/api/cadres/planned-cadres/{self.planned.pk}/").status_code, 404)
        self.assertEqual(api.get(f"/api/cadres/plans/{self.plan.pk}/").status_code, 200)
        removal = {"removed_on": "2025-06-01", "removal_reason": "over_age", "version": 1}
        self.assertEqual(api.post(f"/api/cadres/planned-cadres/{self.planned.pk}/remove/", removal).status_code, 404)


# --- the API's removal ----------------------------------------------------------------------------------------


class TestRemoveAPI(PlanWorld, TestCase):
    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.world.a_reporter)

    def test_remove_answers_field_errors_then_removes(self):
        planned = self.planned()
        url = f"/api/cadres/planned-cadres/{planned.pk}/remove/"
        missing = self.api.post(url, {}, format="json")
        self.assertEqual(missing.status_code, 400)
        self.assertTrue({"removed_on", "removal_reason", "version"} <= set(missing.json()))
        data = {"removed_on": "2025-06-01", "removal_reason": "by_decision", "version": planned.version}
        no_decision = self.api.post(url, data, format="json")
        self.assertEqual(no_decision.status_code, 400)
        self.assertIn("removal_decision", no_decision.json())
        early = self.api.post(url, {**data, "removed_on": "2025-01-01", "removal_decision": "9-QĐ"}, format="json")
        self.assertEqual(early.status_code, 400)
        self.assertIn("removed_on", early.json())
        stale = self.api.post(url, {**data, "removal_decision": "9-QĐ", "version": 9}, format="json")
        self.assertEqual(stale.status_code, 409)
        done = self.api.post(url, {**data, "removal_decision": "9-QĐ"}, format="json")
        self.assertEqual(done.status_code, 200, done.content)
        self.assertEqual((done.json()["removed_on"], done.json()["removal_decision"]), ("2025-06-01", "9-QĐ"))
        again = self.api.post(url, {**data, "removal_decision": "9-QĐ", "version": 2}, format="json")
        self.assertEqual(again.status_code, 400)
        self.assertIn("removed_on", again.json())

    def test_the_removal_fields_are_read_only_on_update(self):
        planned = self.planned()
        response = self.api.patch(
            f"/api/cadres/planned-cadres/{planned.pk}/",
            {"version": planned.version, "removed_on": "2025-06-01", "removal_reason": "over_age"},
            format="json",
        )
        self.assertEqual(response.status_code, 200)
        planned.refresh_from_db()
        self.assertIsNone(planned.removed_on)


# --- import and export --------------------------------------------------------------------------------------------


def dataset(rows):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return tablib.Dataset(*[[row.get(h, "") for h in headers] for row in rows], headers=headers)


class TestPlanningImport(PlanWorld, TestCase):
    def import_rows(self, resource_class, rows):
        return run_import(resource_class(user=self.world.a_reporter), dataset(rows), dry_run=False)[1]

    def test_planned_cadres_import_and_bad_rows_are_numbered_and_nothing_is_written(self):
        good = f.PersonFactory(organisation=self.world.a, full_name="Nhập Đúng")
        stranger = f.PersonFactory(organisation=self.world.b)
        other_plan = plan_for(self.world.b)
        row = {"plan": self.plan.pk, "person": good.pk, "source": "Người địa phương", "decision_number": "50-QĐ/ĐU"}
        row["decision_date"] = "01/04/2025"
        rows = [
            row,
            {**row, "person": stranger.pk},
            {**row, "plan": other_plan.pk, "person": f.PersonFactory(organisation=self.world.a).pk},
            {**row, "person": f.PersonFactory(organisation=self.world.a).pk, "decision_date": "31/02/2025"},
        ]
        errors = self.import_rows(PlannedCadreResource, rows)
        self.assertEqual(
            {(number, field) for number, field, _message in errors}, {(3, "person"), (4, "plan"), (5, "decision_date")}
        )
        self.assertFalse(PlannedCadre.objects.exists())
        self.assertEqual(self.import_rows(PlannedCadreResource, [row]), [])
        planned = PlannedCadre.objects.get()
        self.assertEqual((planned.person, planned.source, planned.decision_date), (good, "local", D(2025, 4, 1)))

    def test_plans_export_in_vietnamese_and_import_back(self):
        self.login(self.world.a_reporter)
        response = self.client.get(reverse("cadres:cadreplan_list"), {"export": "xlsx"})
        data = read_dataset(response.content, "export.xlsx")
        self.assertEqual(data.headers[:4], ["Mã số", "Mã cấp ủy quy hoạch", "Cấp ủy quy hoạch", "Nhiệm kỳ"])
        before = CadrePlan.objects.values().get(pk=self.plan.pk)
        _result, errors = run_import(CadrePlanResource(user=self.world.a_reporter), data, dry_run=False)
        self.assertEqual(errors, [])
        after = CadrePlan.objects.values().get(pk=self.plan.pk)
        changed = {key for key in before if before[key] != after[key]}
        self.assertEqual(changed - {"updated_at", "version", "updated_by_id", "search_text"}, set())
        bad = self.import_rows(CadrePlanResource, [{"organisation": "T-B", "term": "2025-2030", "title": "X"}])
        self.assertEqual({field for _n, field, _m in bad} & {"organisation", "level"}, {"organisation", "level"})


# --- no English ---------------------------------------------------------------------------------------------------


class TestPlanningPagesInVietnamese(PlanWorld, TestCase):
    """The planning pages read Vietnamese (the crawl of ``core/tests/test_no_english.py`` has no plan to open)."""

    def test_no_english_on_the_planning_pages(self):
        from django.utils import translation

        from phoihop.core.testing.crawl import english_leaks, visible_texts

        planned = self.planned(full_name="Quá Tuổi", birth_date=D(1960, 1, 1))
        f.MemberRatingFactory(person=planned.person, year=2024, disciplined=True)
        translation.activate("vi")
        self.login(self.world.a_reporter)
        removal = {"planned": planned.pk, "version": 1, "removal_reason": "by_decision", "removed_on": "01/06/2025"}
        pages = {
            "plan": self.client.get(self.plan.get_absolute_url()),
            "plan list": self.client.get(reverse("cadres:cadreplan_list")),
            "plan add": self.client.get(reverse("cadres:cadreplan_add")),
            "plan import": self.client.get(reverse("cadres:cadreplan_import")),
            "planned": self.client.get(planned.get_absolute_url()),
            "planned list": self.client.get(reverse("cadres:plannedcadre_list")),
            "planned add": self.client.get(reverse("cadres:plannedcadre_add"), {"plan": self.plan.pk}),
            "planned import": self.client.get(reverse("cadres:plannedcadre_import")),
            "planned empty form": self.client.post(reverse("cadres:plannedcadre_add"), {}),
            "removal errors": self.client.post(self.plan.get_absolute_url(), removal),
        }
        leaks = {}
        for name, response in pages.items():
            self.assertLess(response.status_code, 500, name)
            found = english_leaks(visible_texts(response.content.decode()))
            if found:
                leaks[name] = found
        self.assertEqual(leaks, {})
