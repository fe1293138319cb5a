"""The annual ratings (QĐ 124-QĐ/TW 2023): the 20 % rule — within the same deciding organisation, year and kind,
those decided excellent are at most floor(20 %) of those decided good, the record being decided counted with its new
level — enforced by the services for pages, API and imports, under a lock two concurrent deciders cannot both pass;
the form's warning; the pages and API through the gate (member ratings are personal data, organisation ratings are
not); row-numbered import errors."""

import datetime
import itertools

import tablib
from django.core.exceptions import ValidationError
from django.db import connection
from django.test import TestCase, TransactionTestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.accounts.models import Membership
from phoihop.cadres import selectors, services
from phoihop.cadres.choices import RatingLevel
from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.cadres.resources.ratings import MemberRatingResource, OrganisationRatingResource
from phoihop.cadres.tests import factories as f
from phoihop.cadres.tests.test_people_records import PersonalDataWorld
from phoihop.core.importexport import run_import
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import build_world
from phoihop.core.tests.test_concurrency import run_together
from phoihop.orgs.models import Organisation

years = itertools.count()
numbers = itertools.count(1)
GOOD, EXCELLENT, COMPLETED = RatingLevel.GOOD, RatingLevel.EXCELLENT, RatingLevel.COMPLETED
DAY = datetime.date(2024, 12, 20)


def a_year():
    """A year of its own for each rating of one organisation (one rating a year)."""
    return 1995 + next(years) % 30


class RatingWorld(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.committee = Organisation.objects.create(name="Đảng ủy Bộ đội Biên phòng tỉnh", code="T-DUBP", kind=w.kind)
        cls.other_committee = Organisation.objects.create(name="Đảng ủy khác", code="T-DUK", kind=w.kind)

    def org_rating(self, level=GOOD, year=2024, deciding=None, **kwargs):
        """A rating of a new cell of post A, decided ``level``."""
        cell = Organisation.objects.create(
            name=f"Chi bộ thử {next(numbers)}", code=f"T-CB{next(numbers)}", kind=self.world.kind, parent=self.world.a
        )
        return f.OrganisationRatingFactory(
            organisation=cell,
            deciding_organisation=deciding or self.committee,
            year=year,
            decided_level=level,
            proposed_level=level,
            **kwargs,
        )

    def member_rating(self, level=GOOD, year=2024, deciding=None, **kwargs):
        person = f.PersonFactory(organisation=self.world.a)
        return f.MemberRatingFactory(
            person=person, deciding_organisation=deciding or self.committee, year=year, decided_level=level, **kwargs
        )

    def undecided(self, maker=None, **kwargs):
        rating = (maker or self.org_rating)(level="", decision_number="", decision_date=None, **kwargs)
        return rating

    def decide(self, rating, level=EXCELLENT, user=None, **kwargs):
        return services.rating_decide(
            acting_user=user or self.world.a_reporter,
            rating=rating,
            decided_level=level,
            decision_number=f"{next(numbers)}-QĐ/ĐU",
            decision_date=DAY,
            **kwargs,
        )


# --- the 20 % rule ------------------------------------------------------------------------------------------------


class TestTheRule(RatingWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Membership.objects.update(personal_data=True)  # member ratings are decided by those holding it

    def undecided_org(self, **kwargs):
        return self.org_rating(level="", decision_number="", decision_date=None, **kwargs)

    def goods(self, count, **kwargs):
        return [self.org_rating(GOOD, **kwargs) for _ in range(count)]

    def test_the_quota_is_the_floor_of_a_fifth_of_the_good(self):
        for good, allowed in ((0, 0), (4, 0), (5, 1), (9, 1), (10, 2), (14, 2), (15, 3)):
            self.assertEqual(selectors.excellent_allowed(good), allowed, good)

    def test_no_good_no_excellent(self):
        rating = self.undecided_org()
        with self.assertRaises(ValidationError) as refused:
            self.decide(rating)
        message = refused.exception.message_dict["decided_level"][0]
        self.assertIn("0", message)
        self.assertIn(self.committee.name, message)
        rating.refresh_from_db()
        self.assertEqual(rating.decided_level, "")

    def test_five_good_allow_one_excellent(self):
        self.goods(5)
        self.decide(self.undecided_org())
        with self.assertRaises(ValidationError) as refused:
            self.decide(self.undecided_org())
        message = refused.exception.message_dict["decided_level"][0]
        # already 1 excellent for 5 good; at most 1
        self.assertIn("đã quyết định 1", message)
        self.assertIn("5 tổ chức đảng được xếp loại hoàn thành tốt", message)
        self.assertIn("tối đa 1", message)
        self.assertEqual(
            selectors.excellent_quota(OrganisationRating, self.committee, 2024),
            {"good": 5, "excellent": 1, "allowed": 1},
        )

    def test_ten_good_allow_two_excellent(self):
        self.goods(10)
        self.decide(self.undecided_org())
        self.decide(self.undecided_org())
        with self.assertRaises(ValidationError):
            self.decide(self.undecided_org())
        self.assertEqual(OrganisationRating.objects.filter(decided_level=EXCELLENT).count(), 2)

    def test_the_record_itself_counts_with_its_new_level(self):
        good = self.goods(5)
        # decided excellent, the fifth good rating leaves four good: none may be excellent
        with self.assertRaises(ValidationError):
            self.decide(good[-1])
        good[-1].refresh_from_db()
        self.assertEqual(good[-1].decided_level, GOOD)
        self.assertEqual(
            selectors.excellent_quota(OrganisationRating, self.committee, 2024, exclude_pk=good[-1].pk)["good"], 4
        )

    def test_taking_a_good_away_is_refused_when_the_group_would_exceed(self):
        good = self.goods(5)
        self.decide(self.undecided_org())
        with self.assertRaises(ValidationError) as refused:
            self.decide(good[0], COMPLETED)
        self.assertIn("decided_level", refused.exception.message_dict)
        # a change the rule does not count passes, even in a group over the rule
        self.decide(self.undecided_org(), GOOD)
        good[1].note = "Sửa ghi chú"
        services.rating_save(acting_user=self.world.a_reporter, instance=good[1])

    def test_other_groups_are_not_counted(self):
        self.goods(5)
        with self.assertRaises(ValidationError):  # another deciding organisation
            self.decide(self.undecided_org(deciding=self.other_committee))
        with self.assertRaises(ValidationError):  # another year
            self.decide(self.undecided_org(year=2023))
        with self.assertRaises(ValidationError):  # another kind: party members
            self.decide(self.undecided(self.member_rating))
        self.decide(self.undecided_org())  # the group itself
        self.assertEqual(selectors.excellent_quota(MemberRating, self.committee, 2024)["good"], 0)

    def test_moving_a_rating_to_another_group_is_counted_there(self):
        self.goods(5, deciding=self.other_committee)
        rating = self.org_rating(EXCELLENT, deciding=self.other_committee)
        with self.assertRaises(ValidationError):
            rating.deciding_organisation = self.committee
            services.rating_save(acting_user=self.world.a_reporter, instance=rating)

    def test_deleted_ratings_are_not_counted(self):
        from phoihop.core.services import record_delete

        good = self.goods(5)
        record_delete(acting_user=self.world.a_reporter, instance=good[0])
        with self.assertRaises(ValidationError):
            self.decide(self.undecided_org())

    def test_clean_and_strong_is_for_organisations(self):
        self.goods(5)
        self.decide(self.undecided_org(), clean_and_strong=True)
        self.assertTrue(OrganisationRating.objects.get(decided_level=EXCELLENT).clean_and_strong)
        with self.assertRaises(ValidationError) as refused:
            self.decide(self.undecided(self.member_rating), GOOD, clean_and_strong=True)
        self.assertIn("clean_and_strong", refused.exception.message_dict)

    def test_deciding_needs_the_right_to_change(self):
        from django.core.exceptions import PermissionDenied

        rating = self.undecided_org()
        with self.assertRaises(PermissionDenied):
            self.decide(rating, GOOD, user=self.world.a_viewer)
        with self.assertRaises(PermissionDenied):
            self.decide(rating, GOOD, user=self.world.b_admin)


class TestConcurrentDeciders(TransactionTestCase):
    """Five good, one excellent allowed: two deciders at the same moment, one of them is refused."""

    def setUp(self):
        self.world = build_world()
        w = self.world
        self.committee = Organisation.objects.create(name="Đảng ủy thử đồng thời", code="T-DUDT", kind=w.kind)
        cells = [
            Organisation.objects.create(name=f"Chi bộ {n}", code=f"T-CBDT{n}", kind=w.kind, parent=w.a)
            for n in range(7)
        ]
        for cell in cells[:5]:
            f.OrganisationRatingFactory(organisation=cell, deciding_organisation=self.committee, year=2024)
        self.candidates = [
            f.OrganisationRatingFactory(
                organisation=cell,
                deciding_organisation=self.committee,
                year=2024,
                decided_level="",
                decision_number="",
                decision_date=None,
            )
            for cell in cells[5:]
        ]

    def job(self, rating, number):
        def run():
            return services.rating_decide(
                acting_user=self.world.a_reporter,
                rating=OrganisationRating.objects.get(pk=rating.pk),
                decided_level=EXCELLENT,
                decision_number=f"{number}-QĐ/ĐU",
                decision_date=DAY,
            )

        return run

    def test_only_one_of_two_concurrent_deciders_passes(self):
        for _ in range(3):
            results = run_together([self.job(rating, n) for n, rating in enumerate(self.candidates)])
            passed = [r for r in results if isinstance(r, OrganisationRating)]
            refused = [r for r in results if isinstance(r, ValidationError)]
            self.assertEqual((len(passed), len(refused)), (1, 1), results)
            self.assertIn("decided_level", refused[0].message_dict)
            self.assertEqual(OrganisationRating.objects.filter(decided_level=EXCELLENT).count(), 1)
            # reset for the next round
            OrganisationRating.objects.filter(pk__in=[c.pk for c in self.candidates]).update(
                decided_level="", decision_number="", decision_date=None
            )

    def test_concurrent_api_deciders(self):
        from django.test import Client
        from rest_framework.authtoken.models import Token

        token = Token.objects.create(user=self.world.a_reporter)

        def call(rating, n):
            client = Client(HTTP_AUTHORIZATION=f"Token {token.key}")
            data = {"decided_level": "excellent", "decision_number": f"{n}-QĐ/ĐU", "decision_date": "2024-12-20"}
            url = f"/api/cadres/organisation-ratings/{rating.pk}/decide/"
            return lambda: client.post(url, data, content_type="application/json")

        results = run_together([call(rating, n) for n, rating in enumerate(self.candidates)])
        codes = sorted(getattr(r, "status_code", repr(r)) for r in results)
        self.assertEqual(codes, [200, 400], [getattr(r, "content", r) for r in results])
        self.assertEqual(OrganisationRating.objects.filter(decided_level=EXCELLENT).count(), 1)


# --- pages and API: the base rules ----------------------------------------------------------------------------------


class OrganisationRatingRecord:
    model = OrganisationRating

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee = Organisation.objects.create(name="Đảng ủy Biên phòng thử", code="T-DUBT", kind=cls.world.kind)

    def make_record(self, owner, **kwargs):
        return f.OrganisationRatingFactory(
            organisation=owner, deciding_organisation=self.committee, year=a_year(), **kwargs
        )

    def form_data(self, owner):
        return {
            "organisation": owner.pk,
            "year": a_year(),
            "deciding_organisation": self.committee.pk,
            "self_rating": "good",
            "proposed_level": "good",
            "decided_level": "good",
            "decision_number": f"{next(numbers)}-QĐ/ĐU",
            "decision_date": "20/12/2024",
            "clean_and_strong": "on",
            "note": "Chi bộ trong sạch",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "decision_number": ""}, "decision_number"

    def api_data(self, owner):
        return {**self.form_data(owner), "decision_date": "2024-12-20", "clean_and_strong": True}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "year": 2999}, "year"

    def export_keys(self, obj):
        return [obj.decision_number]


class TestOrganisationRatingViews(OrganisationRatingRecord, RecordViewTests, TestCase):
    def cell_rating(self, level=GOOD, year=2024, **kwargs):
        cell = Organisation.objects.create(
            name=f"Chi bộ {next(numbers)}", code=f"T-W{next(numbers)}", kind=self.world.kind, parent=self.world.a
        )
        if not level:
            kwargs.update(decision_number="", decision_date=None)
        return f.OrganisationRatingFactory(
            organisation=cell, deciding_organisation=self.committee, year=year, decided_level=level, **kwargs
        )

    def test_the_page_shows_the_group_quota(self):
        for _ in range(5):
            self.cell_rating()
        rating = self.cell_rating(EXCELLENT)
        self.cell_rating(EXCELLENT, year=2023, self_rating="excellent")  # another year: another group
        self.login(self.world.a_viewer)
        page = self.client.get(self.url("detail", rating))
        self.assertContains(page, 'data-testid="rating-quota"')
        self.assertEqual(
            {k: page.context["quota"][k] for k in ("good", "excellent", "allowed")},
            {"good": 5, "excellent": 1, "allowed": 1},
        )
        self.assertContains(page, "Đã đủ chỉ tiêu")

    def test_a_save_over_the_rule_is_refused_at_the_field(self):
        self.login(self.editor)
        data = {**self.form_data(self.world.a), "decided_level": "excellent"}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("decided_level", response.context["form"].errors)
        self.assertIn("tối đa 0", str(response.context["form"].errors["decided_level"]))
        self.assertFalse(OrganisationRating.objects.filter(decision_number=data["decision_number"]).exists())

    def test_the_form_warns_before_an_excellent_over_the_quota(self):
        self.login(self.editor)
        quota_url = reverse("cadres:organisationrating_quota")
        params = {"deciding_organisation": self.committee.pk, "year": 2024, "decided_level": "excellent"}
        # no good yet: no excellent allowed
        page = self.client.get(self.url("add"), params)
        self.assertContains(page, 'data-testid="quota-warning"')
        self.assertContains(page, "sẽ bị từ chối")
        self.assertContains(page, f'hx-get="{quota_url}"')
        # the box the form reloads whenever it changes
        self.assertContains(self.client.get(quota_url, params), 'data-testid="quota-warning"')
        self.assertNotContains(self.client.get(quota_url, {**params, "decided_level": "good"}), "quota-warning")
        self.assertNotContains(self.client.get(quota_url, {**params, "year": "x"}), "quota-warning")
        # five good: room for one
        for _ in range(5):
            self.cell_rating()
        self.assertNotContains(self.client.get(self.url("add"), params), 'data-testid="quota-warning"')
        excellent = self.cell_rating(EXCELLENT)
        self.assertContains(self.client.get(self.url("add"), params), 'data-testid="quota-warning"')
        # the excellent one's own form: saving it again changes nothing the rule counts
        self.assertNotContains(self.client.get(self.url("edit", excellent)), 'data-testid="quota-warning"')
        # another rating of the full group chosen excellent
        other = self.cell_rating("")
        self.assertContains(self.client.get(quota_url, {**params, "record": other.pk}), 'data-testid="quota-warning"')
        self.assertEqual(self.client.get(quota_url, {**params, "record": other.pk + 999}).status_code, 404)
        # the service still refuses
        data = {**self.form_data(self.world.a), "year": 2024, "decided_level": "excellent", "version": other.version}
        data["organisation"] = other.organisation_id
        response = self.client.post(self.url("edit", other), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("decided_level", response.context["form"].errors)

    def test_the_quota_box_is_for_those_who_record(self):
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.get(reverse("cadres:organisationrating_quota")).status_code, 403)

    def test_filters(self):
        decided = self.cell_rating(year=2022)
        undecided = self.make_record(self.world.a1, decided_level="", decision_number="", decision_date=None)
        self.login(self.world.a_viewer)
        self.assertEqual(self.listed_pks(self.client.get(self.url("list"), {"decided": "false"})), {undecided.pk})
        listed = self.listed_pks(self.client.get(self.url("list"), {"decided_level": "good", "year": 2022}))
        self.assertEqual(listed, {decided.pk})
        self.assertEqual(self.listed_pks(self.client.get(self.url("list"), {"q": "chi bo don ba son"})), {undecided.pk})


class TestOrganisationRatingAPI(OrganisationRatingRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/organisation-ratings/"

    def decide_url(self, rating):
        return f"{self.endpoint}{rating.pk}/decide/"

    def undecided(self, owner):
        return self.make_record(owner, decided_level="", decision_number="", decision_date=None)

    def test_decide_records_the_decision(self):
        rating = self.undecided(self.world.a)
        self.as_user(self.world.a_reporter)
        data = {"decided_level": "good", "decision_number": "12-QĐ/ĐU", "decision_date": "2024-12-20"}
        response = self.api.post(self.decide_url(rating), {**data, "clean_and_strong": True}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json()["decided_level"], "good")
        self.assertTrue(response.json()["clean_and_strong"])
        detail = self.api.get(self.detail(rating)).json()
        self.assertEqual(detail["quota"], {"good": 1, "excellent": 0, "allowed": 0})

    def test_decide_answers_field_level_400(self):
        rating = self.undecided(self.world.a)
        self.as_user(self.world.a_reporter)
        url = self.decide_url(rating)
        over = self.api.post(
            url, {"decided_level": "excellent", "decision_number": "1-QĐ", "decision_date": "2024-12-20"}, format="json"
        )
        self.assertEqual(over.status_code, 400)
        self.assertIn("tối đa 0", over.json()["decided_level"][0])
        bad = self.api.post(url, {"decided_level": "best", "decision_date": "2024-02-31"}, format="json")
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(set(bad.json()), {"decided_level", "decision_number", "decision_date"})
        future = self.api.post(
            url, {"decided_level": "good", "decision_number": "1-QĐ", "decision_date": "2099-01-01"}, format="json"
        )
        self.assertEqual(future.status_code, 400)
        self.assertIn("decision_date", future.json())
        nowhere = self.api.post(
            url,
            {
                "decided_level": "good",
                "decision_number": "1-QĐ",
                "decision_date": "2024-12-20",
                "deciding_organisation": 99999,
            },
            format="json",
        )
        self.assertEqual(nowhere.status_code, 400)
        self.assertIn("deciding_organisation", nowhere.json())
        stale = self.api.post(
            url,
            {"decided_level": "good", "decision_number": "1-QĐ", "decision_date": "2024-12-20", "version": 99},
            format="json",
        )
        self.assertEqual(stale.status_code, 409)
        rating.refresh_from_db()
        self.assertEqual(rating.decided_level, "")

    def test_decide_follows_the_gate(self):
        rating = self.undecided(self.world.a)
        data = {"decided_level": "good", "decision_number": "1-QĐ", "decision_date": "2024-12-20"}
        self.as_user(self.world.b_admin)
        self.assertEqual(self.api.post(self.decide_url(rating), data, format="json").status_code, 404)
        self.as_user(self.world.a_viewer)
        self.assertEqual(self.api.post(self.decide_url(rating), data, format="json").status_code, 403)


class MemberRatingRecord(PersonalDataWorld):
    model = MemberRating

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.committee = Organisation.objects.create(name="Đảng ủy Đồn thử", code="T-DUDN", kind=cls.world.kind)

    def make_record(self, owner, **kwargs):
        person = self.person(owner)
        return f.MemberRatingFactory(person=person, deciding_organisation=self.committee, **kwargs)

    def form_data(self, owner):
        return {
            "person": self.person(owner).pk,
            "organisation": owner.pk,
            "year": 2024,
            "deciding_organisation": self.committee.pk,
            "self_rating": "good",
            "proposed_level": "good",
            "decided_level": "good",
            "decision_number": f"{next(numbers)}-QĐ/ĐU",
            "decision_date": "20/12/2024",
            "note": "Đảng viên gương mẫu",
        }

    def invalid_form_data(self, owner):
        return {**self.form_data(owner), "decision_date": "20/12/2023"}, "decision_date"

    def api_data(self, owner):
        return {**self.form_data(owner), "decision_date": "2024-12-20"}

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "decided_level": "best"}, "decided_level"

    def export_keys(self, obj):
        return [obj.decision_number]


class TestMemberRatingViews(MemberRatingRecord, RecordViewTests, TestCase):
    def test_the_page_shows_the_group_quota(self):
        rating = self.make_record(self.world.a)
        self.login(self.world.a_viewer)
        page = self.client.get(self.url("detail", rating))
        self.assertEqual(page.context["quota"]["good"], 1)
        self.assertContains(page, 'data-testid="quota-allowed"')

    def test_the_member_form_warns_too(self):
        self.login(self.editor)
        params = {"deciding_organisation": self.committee.pk, "year": 2024, "decided_level": "excellent"}
        self.assertContains(self.client.get(self.url("add"), params), 'data-testid="quota-warning"')


class TestMemberRatingAPI(MemberRatingRecord, RecordAPITests, TestCase):
    endpoint = "/api/cadres/member-ratings/"

    def test_decide_over_the_rule_is_400(self):
        rating = self.make_record(self.world.a, decided_level="", decision_number="", decision_date=None)
        self.as_user(self.world.a_reporter)
        data = {"decided_level": "excellent", "decision_number": "1-QĐ", "decision_date": "2024-12-20"}
        response = self.api.post(f"{self.endpoint}{rating.pk}/decide/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("decided_level", response.json())


# --- who reaches what -------------------------------------------------------------------------------------------


class TestAccess(RatingWorld, TestCase):
    """Member ratings are personal data: without the permission, 404 and empty lists even in the owning post;
    organisation ratings are not: the post's viewer reads them."""

    def setUp(self):
        self.api = APIClient()
        self.org = self.org_rating()
        self.member = self.member_rating()

    def url(self, name, action, obj=None):
        return reverse(f"cadres:{name}_{action}", kwargs={"pk": obj.pk} if obj is not None else None)

    def test_without_the_personal_data_permission(self):
        w = self.world
        for user in (w.a_viewer, w.a_admin):
            self.login(user)
            for action in ("detail", "edit", "history"):
                self.assertEqual(self.client.get(self.url("memberrating", action, self.member)).status_code, 404)
            self.assertEqual(self.client.get(self.url("memberrating", "list")).context["total"], 0)
            self.assertEqual(self.client.get(self.url("organisationrating", "detail", self.org)).status_code, 200)
            self.api.force_authenticate(user)
            self.assertEqual(self.api.get(f"/api/cadres/member-ratings/{self.member.pk}/").status_code, 404)
            self.assertEqual(self.api.get("/api/cadres/member-ratings/").json()["count"], 0)
            self.assertEqual(self.api.get(f"/api/cadres/organisation-ratings/{self.org.pk}/").status_code, 200)
            self.assertEqual(
                self.api.post(
                    f"/api/cadres/member-ratings/{self.member.pk}/decide/",
                    {"decided_level": "good", "decision_number": "1", "decision_date": "2024-12-20"},
                    format="json",
                ).status_code,
                404,
            )
        self.login(w.a_reporter)
        self.assertEqual(self.client.get(self.url("memberrating", "add")).status_code, 403)
        self.assertEqual(self.client.get(reverse("cadres:memberrating_quota")).status_code, 403)

    def test_with_the_permission(self):
        Membership.objects.filter(user=self.world.a_viewer).update(personal_data=True)
        from phoihop.core.access import forget

        forget(self.world.a_viewer)
        self.login(self.world.a_viewer)
        page = self.client.get(self.url("memberrating", "detail", self.member))
        self.assertEqual(page.status_code, 200)
        self.assertContains(page, self.member.person.full_name)

    def test_an_outsider_gets_404(self):
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("organisationrating", "detail", self.org)).status_code, 404)
        self.assertEqual(self.client.get(self.url("memberrating", "detail", self.member)).status_code, 404)
        self.api.force_authenticate(self.world.b_admin)
        self.assertEqual(self.api.get(f"/api/cadres/organisation-ratings/{self.org.pk}/").status_code, 404)
        self.assertEqual(
            self.api.post(
                f"/api/cadres/organisation-ratings/{self.org.pk}/decide/",
                {"decided_level": "good", "decision_number": "1", "decision_date": "2024-12-20"},
                format="json",
            ).status_code,
            404,
        )

    def test_the_list_query_count_is_pinned(self):
        for _ in range(3):
            self.org_rating()
        self.login(self.world.a_viewer)
        url = self.url("organisationrating", "list")
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url, {"per_page": 100})
        for _ in range(10):
            self.org_rating()
        with CaptureQueriesContext(connection) as many:
            self.client.get(url, {"per_page": 100})
        self.assertEqual(len(few), len(many))
        self.assertLessEqual(len(many), 20, [q["sql"] for q in many.captured_queries])


# --- imports --------------------------------------------------------------------------------------------------------


def dataset(rows):
    headers = list(dict.fromkeys(key for row in rows for key in row))
    return tablib.Dataset(*[[row.get(h, "") for h in headers] for row in rows], headers=headers)


class TestImport(RatingWorld, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.cells = [
            Organisation.objects.create(name=f"Chi bộ nhập {n}", code=f"T-NH{n}", kind=w.kind, parent=w.a)
            for n in range(8)
        ]

    def row(self, cell, level, **values):
        return {
            "organisation": cell.code,
            "year": "2024",
            "deciding_organisation": self.committee.code,
            "decided_level": level,
            "decision_number": f"{next(numbers)}-QĐ/ĐU",
            "decision_date": "20/12/2024",
            **values,
        }

    def run_rows(self, rows, resource=OrganisationRatingResource):
        return run_import(resource(user=self.world.a_reporter), dataset(rows), dry_run=False)[1]

    def test_an_import_over_the_rule_reports_the_rows_and_writes_nothing(self):
        rows = [self.row(cell, "Hoàn thành tốt nhiệm vụ") for cell in self.cells[:5]]
        rows += [self.row(self.cells[5], "excellent"), self.row(self.cells[6], "Hoàn thành xuất sắc nhiệm vụ")]
        errors = self.run_rows(rows)
        self.assertEqual([(row, column) for row, column, _message in errors], [(8, "decided_level")])
        self.assertIn("tối đa 1", errors[0][2])
        self.assertFalse(OrganisationRating.objects.filter(organisation__in=self.cells).exists())

    def test_the_order_of_the_rows_does_not_matter(self):
        rows = [self.row(self.cells[5], "excellent")] + [self.row(cell, "good") for cell in self.cells[:5]]
        self.assertEqual(self.run_rows(rows), [])
        self.assertEqual(
            selectors.excellent_quota(OrganisationRating, self.committee, 2024),
            {"good": 5, "excellent": 1, "allowed": 1},
        )

    def test_the_stored_ratings_count_too(self):
        for _ in range(5):
            self.org_rating()
        self.decide(self.undecided())
        errors = self.run_rows([self.row(self.cells[0], "excellent")])
        self.assertEqual([(row, column) for row, column, _message in errors], [(2, "decided_level")])

    def test_member_ratings_import_with_the_permission(self):
        Membership.objects.update(personal_data=True)
        from phoihop.core.access import forget

        forget(self.world.a_reporter)
        person = f.PersonFactory(organisation=self.world.a)
        row = {
            "person": person.pk,
            "organisation": "T-A",
            "year": "2024",
            "deciding_organisation": self.committee.code,
            "decided_level": "excellent",
            "decision_number": "5-QĐ/ĐU",
            "decision_date": "20/12/2024",
        }
        errors = self.run_rows([row], MemberRatingResource)
        self.assertEqual([(r, c) for r, c, _m in errors], [(2, "decided_level")])
        self.assertEqual(self.run_rows([{**row, "decided_level": "good"}], MemberRatingResource), [])
        self.assertEqual(MemberRating.objects.get(person=person).decided_level, GOOD)

    def test_an_export_imports_back(self):
        rating = self.org_rating()
        self.login(self.world.a_reporter)
        response = self.client.get(reverse("cadres:organisationrating_list"), {"export": "xlsx"})
        from phoihop.core.importexport import read_dataset

        data = read_dataset(response.content, "export.xlsx")
        self.assertIn("Mã tổ chức quyết định", data.headers)
        _result, errors = run_import(OrganisationRatingResource(user=self.world.a_reporter), data, dry_run=False)
        self.assertEqual(errors, [])
        rating.refresh_from_db()
        self.assertEqual(rating.decided_level, GOOD)


# --- Vietnamese only ------------------------------------------------------------------------------------------------


class TestNoEnglish(RatingWorld, TestCase):
    """The rating pages, their errors and the form's warning speak Vietnamese (the site crawl's check, on these
    pages)."""

    def test_the_pages_speak_vietnamese(self):
        from django.utils import translation

        from phoihop.core.testing.crawl import english_leaks, visible_texts

        Membership.objects.update(personal_data=True)
        org, member = self.org_rating(note="Chi bộ vững mạnh"), self.member_rating()
        translation.activate("vi")
        self.login(self.world.a_reporter)
        params = {"deciding_organisation": self.committee.pk, "year": 2024, "decided_level": "excellent"}
        leaks = {}
        for name, record in (("organisationrating", org), ("memberrating", member)):
            urls = [reverse(f"cadres:{name}_{action}") for action in ("list", "import")]
            urls += [reverse(f"cadres:{name}_{action}", args=[record.pk]) for action in ("detail", "edit", "history")]
            pages = [self.client.get(url) for url in urls]
            pages.append(self.client.get(reverse(f"cadres:{name}_add"), params))
            pages.append(self.client.get(reverse(f"cadres:{name}_quota"), params))
            pages.append(self.client.post(reverse(f"cadres:{name}_add"), {}))
            pages.append(self.client.post(reverse(f"cadres:{name}_add"), {**params, "decision_number": "1"}))
            for response in pages:
                self.assertLess(response.status_code, 500)
                found = list(english_leaks(visible_texts(response.content.decode())))
                if found:
                    leaks[response.request["PATH_INFO"]] = found
        self.assertEqual(leaks, {})
