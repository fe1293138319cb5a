"""People's personal data (households of homes for the poor, sponsored children) behind the personal-data
permission: the record types pass the base rules for users holding it, and without it they do not exist, while
houses, sponsorships and every total stay visible."""

import io
import itertools

import openpyxl
from django.contrib.contenttypes.models import ContentType
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.accounts.models import Membership
from phoihop.core.access import forget
from phoihop.core.choices import Role
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.programs.models import Household, Programme, SponsoredChild
from phoihop.programs.tests.factories import (
    make_child,
    make_commune,
    make_house,
    make_household,
    make_programme,
    make_sponsorship,
)

counter = itertools.count(1)
HEAD = "Hoàng Văn Bí Mật"
CHILD = "Lường Thị Kín Đáo"


def grant_personal_data(user, organisation):
    Membership.objects.filter(user=user, organisation=organisation).update(personal_data=True)
    forget(user)


class PersonalDataWorld:
    """The base rules hold for users who carry the permission: every membership of the test world gets it (the
    outsider b_admin still sees nothing of post A, since the permission follows the membership's subtree)."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        Membership.objects.update(personal_data=True)
        cls.commune = make_commune("T20951", "Thụy Hùng")
        # The list's programme filter asks the gate for sharing rules of programmes, which looks up the content
        # type once per process: warm it so that the query-count test compares like with like.
        ContentType.objects.get_for_model(Programme)


# --- the record types pass the base rules for users holding the permission --------------------------------------


class HouseholdRecord(PersonalDataWorld):
    model = Household

    def make_record(self, owner, **kwargs):
        return make_household(make_house(owner, self.commune), **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "house": make_house(owner, self.commune).pk,
            "head_name": f"Vi Văn Hộ {n}",
            "head_birth_year": 1975,
            "ethnicity": "Tày",
            "identity_number": f"{20000000000 + n:012d}",
            "phone": "0912345678",
            "members": "Vi Thị Vợ, 1978\nVi Văn Con, 2005",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["identity_number"] = "12345"
        return data, "identity_number"

    api_data = form_data
    invalid_api_data = invalid_form_data

    def export_keys(self, obj):
        return [obj.head_name]


class TestHouseholdViews(HouseholdRecord, RecordViewTests, TestCase):
    def test_identity_number_has_twelve_digits(self):
        self.login(self.world.a_reporter)
        for value in ("0123456789AB", "01234567890", "0123456789012"):
            data = {**self.form_data(self.world.a), "identity_number": value}
            response = self.client.post(self.url("add"), data)
            self.assertEqual(response.status_code, 400, value)
            self.assertIn("identity_number", response.context["form"].errors)
        data = {**self.form_data(self.world.a), "identity_number": "001203004567"}
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)

    def test_one_household_per_house(self):
        household = self.make_record(self.world.a)
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "house": household.house_id}
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 400)


class TestHouseholdAPI(HouseholdRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/households/"


class SponsoredChildRecord(PersonalDataWorld):
    model = SponsoredChild

    def make_record(self, owner, **kwargs):
        return make_child(make_sponsorship(owner, self.commune), **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "sponsorship": make_sponsorship(owner, self.commune).pk,
            "full_name": f"Hoàng Thị Em {n}",
            "birth_date": "12/05/2014",
            "gender": "female",
            "ethnicity": "Nùng",
            "guardian_name": "Hoàng Văn Bố",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["gender"] = "unknown"
        return data, "gender"

    def api_data(self, owner):
        return {**self.form_data(owner), "birth_date": "2014-05-12"}

    def invalid_api_data(self, owner):
        data, field = self.invalid_form_data(owner)
        return {**data, "birth_date": "2014-05-12"}, field

    def export_keys(self, obj):
        return [obj.full_name]


class TestSponsoredChildViews(SponsoredChildRecord, RecordViewTests, TestCase):
    def test_birth_date_is_day_first(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        self.assertEqual(self.client.post(self.url("add"), data).status_code, 302)
        child = SponsoredChild.objects.get(full_name=data["full_name"])
        self.assertEqual((child.birth_date.day, child.birth_date.month), (12, 5))


class TestSponsoredChildAPI(SponsoredChildRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/sponsored-children/"


# --- without the permission the people do not exist ------------------------------------------------------------


class TestWithoutPermission(WorldMixin, TestCase):
    """The test world's memberships carry no personal-data permission, except where a test grants it."""

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.commune = make_commune("T20952", "Na Sầm")
        cls.programme = make_programme(w.a)
        cls.house = make_house(w.a, cls.commune, programme=cls.programme, household_size=5)
        cls.household = make_household(cls.house, head_name=HEAD, identity_number="001203004567")
        cls.sponsorship = make_sponsorship(w.a, cls.commune, programme=cls.programme)
        cls.child = make_child(cls.sponsorship, full_name=CHILD, guardian_name="Lường Văn Giám Hộ")

    def setUp(self):
        self.api = APIClient()

    def page(self, name, *args, **params):
        return self.client.get(reverse(f"programs:{name}", args=args), params)

    def test_pages_answer_404_and_lists_are_empty(self):
        for user in (self.world.a_viewer, self.world.a_admin, self.world.p_admin):
            self.client.force_login(user)
            for record, prefix in ((self.household, "household"), (self.child, "sponsoredchild")):
                for action in ("detail", "edit", "delete", "history"):
                    response = self.page(f"{prefix}_{action}", record.pk)
                    self.assertEqual(response.status_code, 404, (user, prefix, action))
                listing = self.page(f"{prefix}_list", q="")
                self.assertEqual(listing.status_code, 200)
                self.assertEqual(listing.context["total"], 0)
                self.assertNotContains(listing, HEAD)
                self.assertNotContains(listing, CHILD)
            search = self.page("household_list", q="bi mat")
            self.assertEqual(search.context["total"], 0)

    def test_api_answers_404_and_lists_are_empty(self):
        self.api.force_authenticate(self.world.a_admin)
        for endpoint, record in (("households", self.household), ("sponsored-children", self.child)):
            self.assertEqual(self.api.get(f"/api/programs/{endpoint}/{record.pk}/").status_code, 404)
            self.assertEqual(self.api.get(f"/api/programs/{endpoint}/").json()["results"], [])
            self.assertEqual(
                self.api.patch(f"/api/programs/{endpoint}/{record.pk}/", {"version": 1}, format="json").status_code,
                404,
            )
            self.assertEqual(self.api.delete(f"/api/programs/{endpoint}/{record.pk}/").status_code, 404)

    def test_adding_people_needs_the_permission(self):
        self.client.force_login(self.world.a_reporter)
        self.assertEqual(self.page("household_add").status_code, 403)
        self.assertEqual(self.page("sponsoredchild_add").status_code, 403)
        self.api.force_authenticate(self.world.a_reporter)
        other = make_house(self.world.a, self.commune)
        response = self.api.post("/api/programs/households/", {"house": other.pk, "head_name": "X"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assertFalse(Household.objects.filter(house=other).exists())

    def test_house_and_sponsorship_pages_hide_the_people(self):
        self.client.force_login(self.world.a_admin)
        house = self.page("house_detail", self.house.pk)
        self.assertEqual(house.status_code, 200)
        self.assertContains(house, 'data-testid="personal-data-hidden"')
        self.assertNotContains(house, HEAD)
        self.assertNotContains(house, "001203004567")
        self.assertNotContains(house, 'data-testid="add-household"')
        self.assertIsNone(house.context["household"])
        sponsorship = self.page("sponsorship_detail", self.sponsorship.pk)
        self.assertContains(sponsorship, 'data-testid="personal-data-hidden"')
        self.assertNotContains(sponsorship, CHILD)
        self.assertNotContains(sponsorship, "Lường Văn Giám Hộ")

    def test_house_and_sponsorship_pages_show_the_people_with_the_permission(self):
        grant_personal_data(self.world.a_viewer, self.world.a)
        self.client.force_login(self.world.a_viewer)
        house = self.page("house_detail", self.house.pk)
        self.assertContains(house, HEAD)
        self.assertNotContains(house, 'data-testid="personal-data-hidden"')
        sponsorship = self.page("sponsorship_detail", self.sponsorship.pk)
        self.assertContains(sponsorship, CHILD)

    def test_a_permission_elsewhere_does_not_reach_post_a(self):
        grant_personal_data(self.world.b_admin, self.world.b)
        self.login(self.world.b_admin)
        self.assertEqual(self.page("household_detail", self.household.pk).status_code, 404)
        self.assertEqual(self.page("household_list").context["total"], 0)

    def test_the_permission_covers_the_subtree(self):
        grant_personal_data(self.world.p_viewer, self.world.province)
        self.login(self.world.p_viewer)
        self.assertEqual(self.page("household_detail", self.household.pk).status_code, 200)
        self.assertEqual(self.page("household_edit", self.household.pk).status_code, 403)  # a viewer only

    def test_house_and_sponsorship_payloads_and_exports_never_carry_people(self):
        grant_personal_data(self.world.a_admin, self.world.a)  # not even for users who may see them
        for user in (self.world.a_viewer, self.world.a_admin):
            self.api.force_authenticate(user)
            for endpoint in (
                f"houses/{self.house.pk}/",
                "houses/",
                f"sponsorships/{self.sponsorship.pk}/",
                "sponsorships/",
            ):
                response = self.api.get(f"/api/programs/{endpoint}")
                self.assertEqual(response.status_code, 200)
                text = response.content.decode()
                for secret in (HEAD, "001203004567", CHILD, "Lường Văn Giám Hộ", '"household"', '"child"'):
                    self.assertNotIn(secret, text, (user, endpoint))
            self.client.force_login(user)
            for name, record in (("house_list", self.house), ("sponsorship_list", self.sponsorship)):
                for fmt in ("xlsx", "csv"):
                    response = self.page(name, export=fmt)
                    self.assertEqual(response.status_code, 200)
                    if fmt == "xlsx":
                        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
                        text = " ".join(str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None)
                    else:
                        text = response.content.decode("utf-8-sig")
                    self.assertRegex(text, rf"(^|[^0-9]){record.pk}([^0-9]|$)")
                    for secret in (HEAD, "001203004567", CHILD):
                        self.assertNotIn(secret, text, (user, name, fmt))

    def test_totals_stay_visible(self):
        self.client.force_login(self.world.a_viewer)
        houses = self.page("house_list")
        self.assertEqual(houses.context["total"], 1)
        self.assertContains(self.page("house_detail", self.house.pk), "5")  # people in the household
        sponsorships = self.page("sponsorship_list")
        self.assertEqual(sponsorships.context["total"], 1)
        programme = self.page("programme_detail", self.programme.pk)
        records = programme.context["records"]
        self.assertEqual(records["houses"]["total"], 1)
        self.assertEqual(records["sponsorship"]["children"], 1)
        self.assertEqual(records["sponsorship"]["monthly"], self.sponsorship.monthly_support)
        self.assertContains(programme, 'data-stat="sponsored-children">1<')
        home = self.client.get("/")
        self.assertEqual(home.status_code, 200)

    def test_history_hides_the_people(self):
        self.client.force_login(self.world.a_admin)
        activity = self.client.get(reverse("audit:activity"))
        self.assertEqual(activity.status_code, 200)
        self.assertNotContains(activity, HEAD)
        self.assertNotContains(activity, "001203004567")
        self.assertNotContains(activity, CHILD)
        self.api.force_authenticate(self.world.a_admin)
        changes = self.api.get("/api/audit/changes/", {"page_size": 500}).content.decode()
        self.assertNotIn(HEAD, changes)
        self.assertNotIn(CHILD, changes)
        house_history = self.page("house_history", self.house.pk)
        self.assertEqual(house_history.status_code, 200)
        self.assertNotContains(house_history, HEAD)
        # with the permission, the same page shows them
        grant_personal_data(self.world.a_admin, self.world.a)
        self.client.force_login(self.world.a_admin)
        self.assertContains(self.client.get(reverse("audit:activity")), HEAD)

    def test_editing_needs_reporter_role_and_permission_in_the_subtree(self):
        data = {"house": self.house.pk, "head_name": "Hoàng Văn Mới", "version": self.household.version}
        url = reverse("programs:household_edit", args=[self.household.pk])
        # a reporter without the permission: the household does not exist for them
        self.client.force_login(self.world.a_reporter)
        self.assertEqual(self.client.post(url, data).status_code, 404)
        # a viewer with the permission: sees it, may not change it
        grant_personal_data(self.world.a_viewer, self.world.a)
        self.client.force_login(self.world.a_viewer)
        self.assertEqual(self.client.get(url).status_code, 403)
        self.assertEqual(self.client.post(url, data).status_code, 403)
        # role and permission must come from the same membership: a viewer with the permission at the province
        # and a reporter without it at post A may read but not edit
        mixed = make_user("mixed", self.world.province, Role.VIEWER)
        Membership.objects.create(user=mixed, organisation=self.world.a, role=Role.REPORTER)
        grant_personal_data(mixed, self.world.province)
        self.login(mixed)
        self.assertEqual(
            self.client.get(reverse("programs:household_detail", args=[self.household.pk])).status_code, 200
        )
        self.assertEqual(self.client.post(url, data).status_code, 403)
        # a reporter with the permission edits
        grant_personal_data(self.world.a_reporter, self.world.a)
        self.client.force_login(self.world.a_reporter)
        self.assertEqual(self.client.post(url, data).status_code, 302)
        self.household.refresh_from_db()
        self.assertEqual(self.household.head_name, "Hoàng Văn Mới")

    def test_recording_the_household_from_the_house_page(self):
        house = make_house(self.world.a, self.commune)
        grant_personal_data(self.world.a_reporter, self.world.a)
        self.client.force_login(self.world.a_reporter)
        detail = self.page("house_detail", house.pk)
        link = detail.context["add_household_url"]
        self.assertEqual(link, f"{reverse('programs:household_add')}?house={house.pk}")
        form = self.client.get(link).context["form"]
        self.assertEqual(form["house"].value(), str(house.pk))
        # only houses of organisations where the user may record people are offered
        other = make_house(self.world.b, self.commune)
        self.assertNotIn(other, form.fields["house"].queryset)
        response = self.client.post(link.split("?")[0], {"house": house.pk, "head_name": "Nông Văn Chủ"})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(house.household.head_name, "Nông Văn Chủ")
