"""An organisation's admin edits the users of its subtree from the user page (issue 16: it answered 500)."""

from django.test import TestCase
from django.urls import reverse

from phoihop.accounts.models import User
from phoihop.core.testing.views import WorldMixin


class TestUserEdit(WorldMixin, TestCase):
    def test_an_admin_opens_and_saves_a_user_of_its_subtree(self):
        viewer = self.world.a_viewer
        for admin in (self.world.a_admin, self.world.p_admin, self.world.superuser):
            self.client.force_login(admin)
            url = reverse("accounts:user_edit", args=[viewer.pk])
            page = self.client.get(url)
            self.assertEqual(page.status_code, 200, admin.username)
            form = page.context["form"]
            data = {name: value for name, value in form.initial.items() if name in form.fields and value is not None}
            data.update(full_name=f"Nguyễn Văn Xem ({admin.username})", language="vi", is_active="on")
            data["clearance"] = viewer.clearance
            response = self.client.post(url, data)
            errors = response.context["form"].errors if response.status_code != 302 else None
            self.assertEqual(response.status_code, 302, errors)
            self.assertEqual(User.objects.get(pk=viewer.pk).full_name, f"Nguyễn Văn Xem ({admin.username})")

    def test_an_admin_of_another_branch_gets_404(self):
        self.client.force_login(self.world.b_admin)
        self.assertEqual(self.client.get(reverse("accounts:user_edit", args=[self.world.a_viewer.pk])).status_code, 404)
