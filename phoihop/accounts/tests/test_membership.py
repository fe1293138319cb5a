import itertools

from django.test import TestCase

from phoihop.accounts.models import Membership
from phoihop.core.choices import Role
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests
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
        response = self.client.post(self.url("add"), data)
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
