"""The cadre records' own rules: each ``clean()`` check, the unique constraints, the 54 seeded ethnic groups, the
computed cohort and age, and the gate (people are personal data: hidden without the permission, counted with it
or without)."""

import datetime

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from phoihop.accounts.models import Membership
from phoihop.cadres import choices
from phoihop.cadres.choices import AgeCohort, RatingLevel, RemovalReason, SecondmentPosition
from phoihop.cadres.models import (
    CadrePlan,
    EthnicGroup,
    HouseholdAssignment,
    MemberRating,
    OrganisationRating,
    Person,
    PlannedCadre,
    PositionHolding,
    Secondment,
    TrainingCourse,
)
from phoihop.cadres.tests import factories as f
from phoihop.core.access import forget
from phoihop.core.choices import Action
from phoihop.core.testing.views import WorldMixin


def errors_of(instance):
    try:
        instance.full_clean()
    except ValidationError as error:
        return error.message_dict
    return {}


class TestEthnicGroups(TestCase):
    def test_the_54_groups_are_seeded_with_their_codes(self):
        groups = list(EthnicGroup.objects.order_by("sort_order"))
        self.assertEqual(len(groups), 54)
        self.assertEqual([g.code for g in groups], [f"{n:02d}" for n in range(1, 55)])
        by_code = {g.code: g.name for g in groups}
        expected = {"01": "Kinh", "02": "Tày", "03": "Thái", "04": "Mường", "05": "Khơ me", "06": "Hoa"}
        expected |= {"07": "Nùng", "08": "Mông", "09": "Dao", "11": "Ê đê", "43": "Ngái", "54": "Ơ đu"}
        for code, name in expected.items():
            self.assertEqual(by_code[code], name, code)

    def test_only_the_kinh_are_not_a_minority(self):
        self.assertEqual(list(EthnicGroup.objects.filter(is_minority=False).values_list("name", flat=True)), ["Kinh"])

    def test_the_1979_codes_map_one_to_one(self):
        old = dict(EthnicGroup.objects.values_list("code_1979", "name"))
        self.assertEqual(sorted(old), [f"{n:02d}" for n in range(1, 55)])
        self.assertEqual((old["04"], old["05"], old["06"], old["11"]), ("Hoa", "Khơ me", "Mường", "Ngái"))

    def test_reseeding_adds_nothing(self):
        f.seed_lists()
        self.assertEqual(EthnicGroup.objects.count(), 54)

    def test_the_list_is_public_reference_data(self):
        self.assertTrue(EthnicGroup.access_public_read)
        self.assertFalse(EthnicGroup.access_personal_data)


class TestPerson(TestCase):
    def test_the_factory_is_valid(self):
        person = f.PersonFactory()
        self.assertEqual(person.ethnic_group.name, "Tày")
        self.assertTrue(person.is_local_province)

    def test_official_membership_not_before_admission(self):
        person = f.PersonFactory.build(
            organisation=f.OrganisationFactory(),
            home_commune=f.CommuneFactory(),
            party_admitted_on=datetime.date(2010, 1, 1),
            party_official_on=datetime.date(2009, 12, 31),
        )
        self.assertIn("party_official_on", errors_of(person))
        person.party_official_on = datetime.date(2010, 1, 1)
        self.assertEqual(errors_of(person), {})

    def test_official_membership_needs_admission(self):
        person = f.PersonFactory.build(organisation=f.OrganisationFactory(), home_commune=None, party_admitted_on=None)
        self.assertIn("party_admitted_on", errors_of(person))

    def test_admission_after_birth(self):
        person = f.PersonFactory.build(
            organisation=f.OrganisationFactory(),
            home_commune=None,
            party_admitted_on=datetime.date(1980, 1, 1),
            party_official_on=None,
        )
        self.assertIn("party_admitted_on", errors_of(person))

    def test_dates_have_happened(self):
        tomorrow = timezone.localdate() + datetime.timedelta(days=1)
        person = f.PersonFactory.build(organisation=f.OrganisationFactory(), home_commune=None, birth_date=tomorrow)
        self.assertIn("birth_date", errors_of(person))

    def test_the_village_lies_in_the_home_commune(self):
        commune, other = f.CommuneFactory(), f.CommuneFactory()
        village = f.VillageFactory(parent=other)
        person = f.PersonFactory.build(organisation=f.OrganisationFactory(), home_commune=commune, home_village=village)
        self.assertIn("home_village", errors_of(person))
        person.home_commune = other
        self.assertEqual(errors_of(person), {})
        person.home_commune = None
        self.assertIn("home_commune", errors_of(person))

    def test_the_home_commune_is_a_commune(self):
        village = f.VillageFactory()
        person = f.PersonFactory.build(organisation=f.OrganisationFactory(), home_commune=village)
        self.assertIn("home_commune", errors_of(person))

    def test_local_to_the_organisations_communes(self):
        person = f.PersonFactory()
        self.assertFalse(person.is_local_commune)
        person.organisation.areas.add(person.home_commune)
        self.assertTrue(person.is_local_commune)

    def test_search_ignores_diacritics(self):
        f.PersonFactory(full_name="Lương Thị Hà")
        self.assertEqual(Person.objects.filter(search_text__contains="luong thi ha").count(), 1)


class TestPositionsAndCourses(TestCase):
    def test_to_not_before_from(self):
        holding = f.PositionHoldingFactory.build(
            person=f.PersonFactory(), organisation=f.OrganisationFactory(), to_date=datetime.date(2021, 12, 31)
        )
        self.assertIn("to_date", errors_of(holding))
        holding.to_date = holding.from_date
        self.assertEqual(errors_of(holding), {})
        self.assertFalse(holding.is_current)
        course = f.TrainingCourseFactory.build(person=f.PersonFactory(), to_date=datetime.date(2024, 2, 1))
        self.assertIn("to_date", errors_of(course))

    def test_factories(self):
        self.assertTrue(f.PositionHoldingFactory().is_current)
        self.assertEqual(f.TrainingCourseFactory().level, "intermediate")


class TestSecondments(TestCase):
    def build(self, **kwargs):
        person = f.PersonFactory()
        kwargs.setdefault("receiving_committee", f.OrganisationFactory())
        return f.SecondmentFactory.build(person=person, sending_unit=person.organisation, **kwargs)

    def test_the_factory_is_valid(self):
        self.assertEqual(f.SecondmentFactory().committee_level, "commune")

    def test_other_position_is_named(self):
        secondment = self.build(position=SecondmentPosition.OTHER)
        self.assertIn("position_detail", errors_of(secondment))
        secondment.position_detail = "Trưởng ban Dân vận"
        self.assertEqual(errors_of(secondment), {})

    def test_decision_number_and_date_go_together(self):
        self.assertIn("decision_date", errors_of(self.build(decision_date=None)))
        self.assertIn("decision_number", errors_of(self.build(decision_number="")))
        self.assertEqual(errors_of(self.build(decision_number="", decision_date=None)), {})

    def test_dates(self):
        self.assertIn("to_date", errors_of(self.build(to_date=datetime.date(2025, 6, 30))))

    def test_not_to_its_own_unit(self):
        person = f.PersonFactory()
        secondment = f.SecondmentFactory.build(
            person=person, sending_unit=person.organisation, receiving_committee=person.organisation
        )
        self.assertIn("receiving_committee", errors_of(secondment))


class TestHouseholdAssignments(TestCase):
    def test_a_village_and_at_least_one_household(self):
        self.assertEqual(f.HouseholdAssignmentFactory().households, 5)
        assignment = f.HouseholdAssignmentFactory.build(person=f.PersonFactory(), village=f.CommuneFactory())
        self.assertIn("village", errors_of(assignment))
        assignment = f.HouseholdAssignmentFactory.build(person=f.PersonFactory(), village=f.VillageFactory())
        assignment.households = 0
        self.assertIn("households", errors_of(assignment))
        assignment.households = 3
        assignment.to_date = datetime.date(2023, 1, 1)
        self.assertIn("to_date", errors_of(assignment))


class TestPlanning(TestCase):
    def test_one_plan_per_committee_title_and_term(self):
        plan = f.CadrePlanFactory()
        twin = f.CadrePlanFactory.build(organisation=plan.organisation, term=plan.term, title=plan.title)
        self.assertIn("__all__", errors_of(twin))
        twin.term = choices.PlanTerm.T2030_2035
        self.assertEqual(errors_of(twin), {})

    def test_targets_default_and_bounds(self):
        plan = f.CadrePlanFactory()
        self.assertEqual((plan.under_40_target, plan.women_target), (15, 25))
        plan.women_target = 101
        self.assertIn("women_target", errors_of(plan))

    def test_plan_decision_pair(self):
        plan = f.CadrePlanFactory.build(organisation=f.OrganisationFactory(), decision_date=None)
        self.assertIn("decision_date", errors_of(plan))

    def test_one_entry_per_plan_and_person_among_live_ones(self):
        planned = f.PlannedCadreFactory()
        again = PlannedCadre(plan=planned.plan, person=planned.person)
        self.assertIn("__all__", errors_of(again))
        planned.deleted_at = timezone.now()
        planned.save()
        self.assertEqual(errors_of(again), {})

    def test_cohorts_at_the_term_start(self):
        plan = f.CadrePlanFactory(term=choices.PlanTerm.T2025_2030)
        self.assertEqual(plan.term_start, datetime.date(2025, 1, 1))
        cases = [
            (datetime.date(1985, 1, 2), 39, AgeCohort.UNDER_45, True),
            (datetime.date(1985, 1, 1), 40, AgeCohort.UNDER_45, False),
            (datetime.date(1980, 1, 1), 45, AgeCohort.FROM_45_TO_49, False),
            (datetime.date(1975, 1, 2), 49, AgeCohort.FROM_45_TO_49, False),
            (datetime.date(1975, 1, 1), 50, AgeCohort.FROM_50, False),
        ]
        for birth, age, cohort, young in cases:
            planned = f.PlannedCadreFactory(
                plan=plan, person__birth_date=birth, person__party_admitted_on=None, person__party_official_on=None
            )
            self.assertEqual((planned.age_at_term_start, planned.cohort, planned.is_under_40), (age, cohort, young))

    def test_removal_needs_date_and_reason(self):
        planned = f.PlannedCadreFactory()
        planned.removed_on = datetime.date(2025, 5, 1)
        self.assertIn("removal_reason", errors_of(planned))
        planned.removal_reason = RemovalReason.OVER_AGE
        self.assertEqual(errors_of(planned), {})
        self.assertTrue(planned.is_removed)
        planned.removed_on = None
        self.assertIn("removed_on", errors_of(planned))

    def test_removal_by_decision_names_it(self):
        planned = f.PlannedCadreFactory()
        planned.removed_on = datetime.date(2025, 5, 1)
        planned.removal_reason = RemovalReason.BY_DECISION
        self.assertIn("removal_decision", errors_of(planned))
        planned.removal_decision = "45-QĐ/ĐU"
        self.assertEqual(errors_of(planned), {})

    def test_removal_not_before_the_planning_decision(self):
        planned = f.PlannedCadreFactory()
        planned.removed_on = datetime.date(2025, 2, 1)
        planned.removal_reason = RemovalReason.DISCIPLINED
        self.assertIn("removed_on", errors_of(planned))

    def test_automatic_reasons(self):
        self.assertEqual(choices.AUTOMATIC_REMOVAL_REASONS, (RemovalReason.OVER_AGE, RemovalReason.DISCIPLINED))


class TestRatings(TestCase):
    def test_factories(self):
        self.assertEqual(f.OrganisationRatingFactory().decided_level, RatingLevel.GOOD)
        self.assertEqual(f.MemberRatingFactory().decided_level, RatingLevel.GOOD)

    def test_a_decided_level_needs_its_decision(self):
        for factory in (f.OrganisationRatingFactory, f.MemberRatingFactory):
            rating = factory()
            rating.decision_number, rating.decision_date = "", None
            self.assertIn("decision_number", errors_of(rating), factory)
            rating.decision_number, rating.decision_date = "12-QĐ/ĐU", datetime.date(2024, 12, 20)
            rating.deciding_organisation = None
            self.assertIn("deciding_organisation", errors_of(rating), factory)

    def test_a_decision_decides_a_level(self):
        rating = f.MemberRatingFactory()
        rating.decided_level = ""
        self.assertIn("decided_level", errors_of(rating))
        rating.decision_number, rating.decision_date = "", None
        self.assertEqual(errors_of(rating), {})  # self-assessed and proposed, not yet decided

    def test_the_decision_comes_after_the_year_starts_and_the_year_has_come(self):
        rating = f.OrganisationRatingFactory()
        rating.decision_date = datetime.date(2023, 12, 31)
        self.assertIn("decision_date", errors_of(rating))
        rating.decision_date = datetime.date(2025, 1, 10)
        self.assertEqual(errors_of(rating), {})
        rating.year = timezone.localdate().year + 1
        self.assertIn("year", errors_of(rating))

    def test_clean_and_strong_needs_a_good_level(self):
        rating = f.OrganisationRatingFactory(clean_and_strong=True)
        rating.decided_level = RatingLevel.COMPLETED
        self.assertIn("clean_and_strong", errors_of(rating))
        rating.decided_level = RatingLevel.EXCELLENT
        self.assertEqual(errors_of(rating), {})

    def test_an_organisation_does_not_decide_its_own_rating(self):
        rating = f.OrganisationRatingFactory()
        rating.deciding_organisation = rating.organisation
        self.assertIn("deciding_organisation", errors_of(rating))

    def test_one_rating_per_subject_and_year(self):
        rating = f.OrganisationRatingFactory()
        twin = f.OrganisationRatingFactory.build(
            organisation=rating.organisation, deciding_organisation=rating.deciding_organisation
        )
        self.assertIn("__all__", errors_of(twin))
        twin.year = 2023
        twin.decision_date = datetime.date(2023, 12, 20)
        self.assertEqual(errors_of(twin), {})
        member = f.MemberRatingFactory()
        twin = f.MemberRatingFactory.build(
            person=member.person, organisation=member.organisation, deciding_organisation=member.deciding_organisation
        )
        self.assertIn("__all__", errors_of(twin))

    def test_the_20_percent_rule_constant(self):
        from decimal import Decimal

        self.assertEqual(choices.EXCELLENT_SHARE_OF_GOOD, Decimal("0.20"))


class TestMessagesInVietnamese(TestCase):
    def test_constraint_and_clean_messages_are_translated(self):
        from django.utils import translation

        planned = f.PlannedCadreFactory()
        with translation.override("vi"):
            messages = errors_of(PlannedCadre(plan=planned.plan, person=planned.person))["__all__"]
            self.assertEqual(messages, ["Người này đã có trong quy hoạch."])
            person = f.PersonFactory()
            person.party_official_on = datetime.date(2000, 1, 1)
            self.assertEqual(
                errors_of(person)["party_official_on"],
                ["Ngày chính thức không thể trước ngày kết nạp vào Đảng."],
            )


class TestGate(WorldMixin, TestCase):
    """People are personal data: without the permission they do not exist for a viewer (the restricted queryset is
    empty, so every page and the API answer 404), yet they are counted with ``Action.COUNT``."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.person = f.PersonFactory(organisation=w.a, full_name="Nông Văn Quy Hoạch")
        cls.position = f.PositionHoldingFactory(person=cls.person, organisation=w.a)
        cls.course = f.TrainingCourseFactory(person=cls.person)
        cls.secondment = f.SecondmentFactory(person=cls.person, sending_unit=w.a, receiving_committee=w.b)
        cls.households = f.HouseholdAssignmentFactory(person=cls.person)
        cls.plan = f.CadrePlanFactory(organisation=w.a)
        cls.planned = f.PlannedCadreFactory(plan=cls.plan, person=cls.person)
        cls.member_rating = f.MemberRatingFactory(person=cls.person, organisation=w.a, deciding_organisation=w.province)
        cls.org_rating = f.OrganisationRatingFactory(organisation=w.a1, deciding_organisation=w.a)

    PERSONAL = (Person, PositionHolding, TrainingCourse, Secondment, HouseholdAssignment, PlannedCadre, MemberRating)

    def test_every_model_naming_a_person_is_personal_data(self):
        for model in self.PERSONAL:
            self.assertTrue(model.access_personal_data, model)
        for model in (CadrePlan, OrganisationRating, EthnicGroup):
            self.assertFalse(model.access_personal_data, model)

    def test_hidden_without_the_permission_but_counted(self):
        for user in (self.world.a_viewer, self.world.a_admin, self.world.p_viewer):
            for model in self.PERSONAL:
                self.assertEqual(model.objects.restrict(user, Action.VIEW).count(), 0, (user, model))
                self.assertEqual(model.objects.restrict(user, Action.CHANGE).count(), 0, (user, model))
                self.assertEqual(model.objects.restrict(user, Action.COUNT).count(), 1, (user, model))

    def test_outside_the_subtree_neither_seen_nor_counted(self):
        for model in self.PERSONAL:
            self.assertEqual(model.objects.restrict(self.world.b_admin, Action.COUNT).count(), 0, model)

    def test_with_the_permission_they_are_read(self):
        viewer = self.world.a_viewer
        Membership.objects.filter(user=viewer).update(personal_data=True)
        forget(viewer)
        for model in self.PERSONAL:
            self.assertEqual(model.objects.restrict(viewer, Action.VIEW).count(), 1, model)
        self.assertEqual(Person.objects.restrict(viewer, Action.CHANGE).count(), 0)  # a viewer still edits nothing

    def test_plans_and_organisation_ratings_follow_the_ordinary_rule(self):
        self.assertEqual(CadrePlan.objects.restrict(self.world.a_viewer).count(), 1)
        self.assertEqual(OrganisationRating.objects.restrict(self.world.a_viewer).count(), 1)
        self.assertEqual(CadrePlan.objects.restrict(self.world.b_admin).count(), 0)
