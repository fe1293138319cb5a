import itertools

from django.test import TestCase

from phoihop.accounts.models import Membership
from phoihop.core.choices import Role
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import make_user

counter = itertools.count(1)


class MembershipRecord:
    model = Membership

    def make_record(self, owner, **kwargs):
        return Membership.objects.create(user=make_user(f"member{next(counter)}"), organisation=owner, **kwargs)

    def form_data(self, owner):
        # a user already visible to the admin (a member of a subordinate unit) joins the organisation
        newbie = make_user(f"newbie{next(counter)}", self.world.a1 if owner == self.world.a else None)
        return {"user": newbie.pk, "organisation": owner.pk, "role": Role.REPORTER}

    def invalid_form_data(self, owner):
        return {"user": self.world.a_viewer.pk, "organisation": owner.pk, "role": 99}, "role"

    def export_keys(self, obj):
        return [obj.user.username]


class TestMembershipViews(MembershipRecord, RecordViewTests, TestCase):
    def test_user_choices_pass_through_the_gate(self):
        self.login(self.world.a_admin)
        response = self.client.get(self.url("add"))
        offered = set(response.context["form"].fields["user"].queryset.values_list("username", flat=True))
        self.assertIn("a_viewer", offered)
        self.assertNotIn("b_admin", offered)

    def test_duplicate_membership_is_a_form_error(self):
        self.login(self.world.a_admin)
        data = {"user": self.world.a_viewer.pk, "organisation": self.world.a.pk, "role": Role.VIEWER}
        response = self.client.post("/accounts/memberships/add/", data)
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].errors)


class TestMembershipAPI(MembershipRecord, RecordAPITests, TestCase):
    endpoint = "/api/accounts/memberships/"

    def api_data(self, owner):
        return {
            "user": make_user(f"apiuser{next(counter)}", self.world.a1).pk,
            "organisation": owner.pk,
            "role": Role.VIEWER,
        }

    def invalid_api_data(self, owner):
        return {"user": self.world.a_viewer.pk, "organisation": owner.pk, "role": "abc"}, "role"


class TestPersonalDataPermission(WorldMixin, TestCase):
    """Granting the personal-data permission needs it: an organisation admin cannot give it to themselves."""

    def test_admin_without_the_permission_cannot_grant_it(self):
        self.login(self.world.a_admin)
        newbie = make_user(f"pd{next(counter)}", self.world.a1)
        data = {"user": newbie.pk, "organisation": self.world.a.pk, "role": Role.VIEWER, "personal_data": "on"}
        response = self.client.post("/accounts/memberships/add/", data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("personal_data", response.context["form"].errors)
        self.assertFalse(Membership.objects.filter(user=newbie, organisation=self.world.a).exists())

    def test_admin_holding_the_permission_grants_it_in_the_subtree(self):
        Membership.objects.filter(user=self.world.a_admin).update(personal_data=True)
        self.login(self.world.a_admin)
        newbie = make_user(f"pd{next(counter)}", self.world.a1)
        data = {"user": newbie.pk, "organisation": self.world.a.pk, "role": Role.VIEWER, "personal_data": "on"}
        self.assertEqual(self.client.post("/accounts/memberships/add/", data).status_code, 302)
        self.assertTrue(Membership.objects.get(user=newbie, organisation=self.world.a).personal_data)

    def test_api_refuses_the_grant_with_a_field_error(self):
        self.client.force_login(self.world.a_admin)
        newbie = make_user(f"pd{next(counter)}", self.world.a1)
        data = {"user": newbie.pk, "organisation": self.world.a.pk, "role": Role.VIEWER, "personal_data": True}
        response = self.client.post("/api/accounts/memberships/", data, content_type="application/json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("personal_data", response.json())
        self.assertFalse(Membership.objects.filter(user=newbie, organisation=self.world.a).exists())
