"""Who reaches a person: only memberships holding the personal-data permission over the owning organisation's
subtree. Everyone else — an outsider, the post's own viewer and admin without the permission, the Tỉnh ủy through a
"totals only" sharing rule — gets 404 on the person's pages and API and empty lists, and may still count them."""

from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.accounts.models import Membership
from phoihop.audit.choices import AccessAction
from phoihop.audit.models import PersonalDataAccess
from phoihop.cadres.models import HouseholdAssignment, Person, PositionHolding, Secondment, TrainingCourse
from phoihop.cadres.tests import factories as f
from phoihop.core.access import forget
from phoihop.core.choices import Action, Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Organisation, SharingRule

NAME = "Nguyễn Văn Bảo Mật"
LISTS = {
    "person": Person,
    "positionholding": PositionHolding,
    "trainingcourse": TrainingCourse,
    "secondment": Secondment,
    "householdassignment": HouseholdAssignment,
}
ENDPOINTS = ("people", "positions", "training-courses", "secondments", "household-assignments")


def grant(user, organisation):
    Membership.objects.filter(user=user, organisation=organisation).update(personal_data=True)
    forget(user)


class PersonWorld(WorldMixin):
    """The test world's memberships carry no personal-data permission, except where a test grants it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.commune = f.CommuneFactory(name="Xã Ba Sơn")
        cls.village = f.VillageFactory(name="Thôn Khòn Pổ", parent=cls.commune)
        cls.committee = Organisation.objects.create(name="Đảng ủy xã Ba Sơn", code="T-DU", kind=w.kind)
        cls.person = f.PersonFactory(organisation=w.a, full_name=NAME, home_commune=cls.commune)
        cls.records = {
            "person": cls.person,
            "positionholding": f.PositionHoldingFactory(person=cls.person, title="Phó Đồn trưởng"),
            "trainingcourse": f.TrainingCourseFactory(person=cls.person),
            "secondment": f.SecondmentFactory(person=cls.person, receiving_committee=cls.committee),
            "householdassignment": f.HouseholdAssignmentFactory(person=cls.person, village=cls.village),
        }

    def setUp(self):
        self.api = APIClient()

    def url(self, prefix, action, obj=None):
        return reverse(f"cadres:{prefix}_{action}", kwargs={"pk": obj.pk} if obj is not None else None)


class TestWithoutThePermission(PersonWorld, TestCase):
    def test_pages_answer_404_and_lists_are_empty(self):
        w = self.world
        for user in (w.b_admin, w.a_viewer, w.a_admin, w.p_admin):
            self.login(user)
            for prefix, record in self.records.items():
                for action in ("detail", "edit", "delete", "history"):
                    response = self.client.get(self.url(prefix, action, record))
                    self.assertEqual(response.status_code, 404, (user, prefix, action))
                listing = self.client.get(self.url(prefix, "list"), {"q": ""})
                self.assertEqual(listing.status_code, 200, (user, prefix))
                self.assertEqual(listing.context["total"], 0, (user, prefix))
                self.assertNotContains(listing, NAME)
                export = self.client.get(self.url(prefix, "list"), {"export": "csv"})
                self.assertNotIn(NAME, export.content.decode("utf-8-sig"))
            search = self.client.get(self.url("person", "list"), {"q": "bao mat"})
            self.assertEqual(search.context["total"], 0)

    def test_the_api_answers_404_and_lists_are_empty(self):
        for user in (self.world.b_admin, self.world.a_viewer, self.world.a_admin):
            self.api.force_authenticate(user)
            for endpoint, record in zip(ENDPOINTS, self.records.values(), strict=True):
                detail = f"/api/cadres/{endpoint}/{record.pk}/"
                self.assertEqual(self.api.get(detail).status_code, 404, (user, endpoint))
                self.assertEqual(self.api.patch(detail, {"version": 1}, format="json").status_code, 404)
                self.assertEqual(self.api.delete(detail).status_code, 404)
                listing = self.api.get(f"/api/cadres/{endpoint}/")
                self.assertEqual(listing.json()["count"], 0, (user, endpoint))

    def test_adding_people_needs_the_permission(self):
        self.login(self.world.a_reporter)
        for prefix in LISTS:
            self.assertEqual(self.client.get(self.url(prefix, "add")).status_code, 403, prefix)
            self.assertEqual(self.client.get(self.url(prefix, "import")).status_code, 403, prefix)
        self.api.force_authenticate(self.world.a_reporter)
        response = self.api.post("/api/cadres/people/", {"full_name": "Lò Văn Mới"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Person.objects.filter(full_name="Lò Văn Mới").exists())

    def test_the_person_picker_finds_nobody(self):
        self.client.force_login(self.world.a_reporter)
        response = self.client.get("/pick/person/", {"q": "nguyen van"})
        self.assertEqual(response.json()["results"], [])

    def test_counting_is_not_reading(self):
        for model in LISTS.values():
            self.assertEqual(model.objects.restrict(self.world.a_viewer, Action.COUNT).count(), 1, model)
            self.assertEqual(model.objects.restrict(self.world.a_viewer, Action.VIEW).count(), 0, model)

    def test_the_tinh_uy_counts_through_a_totals_only_rule_and_reads_nothing(self):
        tu = Organisation.objects.create(name="Tỉnh ủy Lạng Sơn", code="T-TU", kind=self.world.kind)
        SharingRule.objects.create(owner=self.world.province, viewer=tu, mode="totals", include_subtree=True)
        tu_user = make_user("tinh_uy", tu, Role.ADMIN)
        Membership.objects.filter(user=tu_user).update(personal_data=True)  # even with the permission at home
        forget(tu_user)
        self.assertEqual(Person.objects.restrict(tu_user, Action.COUNT).count(), 1)
        self.assertEqual(Person.objects.restrict(tu_user, Action.VIEW).count(), 0)
        self.login(tu_user)
        self.assertEqual(self.client.get(self.url("person", "detail", self.person)).status_code, 404)

    def test_a_permission_elsewhere_does_not_reach_post_a(self):
        grant(self.world.b_admin, self.world.b)
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(self.url("person", "detail", self.person)).status_code, 404)
        self.assertEqual(self.client.get(self.url("person", "list")).context["total"], 0)


class TestWithThePermission(PersonWorld, TestCase):
    def test_a_viewer_reads_the_person_and_may_not_change_it(self):
        grant(self.world.a_viewer, self.world.a)
        self.login(self.world.a_viewer)
        for prefix, record in self.records.items():
            self.assertEqual(self.client.get(self.url(prefix, "detail", record)).status_code, 200, prefix)
            self.assertEqual(self.client.get(self.url(prefix, "history", record)).status_code, 200, prefix)
            self.assertEqual(self.client.get(self.url(prefix, "edit", record)).status_code, 403, prefix)
            self.assertEqual(self.client.get(self.url(prefix, "list")).context["total"], 1, prefix)
        page = self.client.get(self.url("person", "detail", self.person))
        self.assertContains(page, NAME)
        self.assertContains(page, "Phó Đồn trưởng")
        self.assertNotContains(page, 'data-testid="add-position"')
        self.api.force_authenticate(self.world.a_viewer)
        for endpoint, record in zip(ENDPOINTS, self.records.values(), strict=True):
            self.assertEqual(self.api.get(f"/api/cadres/{endpoint}/{record.pk}/").status_code, 200, endpoint)
            self.assertEqual(self.api.get(f"/api/cadres/{endpoint}/").json()["count"], 1, endpoint)

    def test_the_permission_covers_the_subtree(self):
        grant(self.world.p_viewer, self.world.province)
        self.login(self.world.p_viewer)
        self.assertEqual(self.client.get(self.url("person", "detail", self.person)).status_code, 200)

    def test_a_reporter_edits_the_person(self):
        grant(self.world.a_reporter, self.world.a)
        self.login(self.world.a_reporter)
        data = {
            "organisation": self.world.a.pk,
            "full_name": NAME,
            "birth_date": "15/03/1985",
            "sex": "male",
            "ethnic_group": f.ethnic_group("09").pk,
            "home_commune": self.commune.pk,
            "party_admitted_on": "19/05/2008",
            "party_official_on": "19/05/2009",
            "education": "master",
            "version": self.person.version,
        }
        response = self.client.post(self.url("person", "edit", self.person), data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        self.person.refresh_from_db()
        self.assertEqual((self.person.ethnic_group.name, self.person.education), ("Dao", "master"))
        # a stale version is refused
        stale = self.client.post(self.url("person", "edit", self.person), {**data, "version": 1})
        self.assertEqual(stale.status_code, 409)

    def test_the_person_page_logs_what_it_shows(self):
        grant(self.world.a_viewer, self.world.a)
        self.login(self.world.a_viewer)
        self.client.get(self.url("person", "detail", self.person))
        rows = PersonalDataAccess.objects.filter(user=self.world.a_viewer)
        self.assertEqual(rows.filter(action=AccessAction.DETAIL, object_pk=self.person.pk).count(), 1)
        related = {row.content_type.model for row in rows.filter(action=AccessAction.RELATED)}
        self.assertEqual(related, {"positionholding", "trainingcourse", "secondment", "householdassignment"})

    def test_the_person_page_asks_for_the_purpose_first(self):
        grant(self.world.a_viewer, self.world.a)
        self.client.force_login(self.world.a_viewer)  # no purpose stated in this session
        response = self.client.get(self.url("person", "detail", self.person))
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("audit:purpose"), response["Location"])

    def test_the_person_picker_finds_by_folded_name(self):
        grant(self.world.a_reporter, self.world.a)
        self.client.force_login(self.world.a_reporter)
        results = self.client.get("/pick/person/", {"q": "nguyen van bao"}).json()["results"]
        self.assertEqual([r["label"] for r in results], [NAME])
        self.assertIn("1985", results[0]["hint"])
        self.assertIn(self.world.a.name, results[0]["hint"])
