from django.test import TestCase
from django.urls import reverse

from phoihop.audit.models import ChangeRecord
from phoihop.audit.templatetags.audit_tags import change_rows
from phoihop.core.services import record_save
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Area, Organisation


class TestHistoryDisplay(WorldMixin, TestCase):
    def test_change_rows_speak_the_users_language(self):
        area = Area.objects.create(code="H1", name="Xã Ba Sơn", kind="commune")
        org = Organisation(name="Đồn mới", code="H-1", kind=self.world.kind, parent=self.world.a)
        record_save(acting_user=self.world.a_admin, instance=org, save_related=lambda: org.areas.set([area]))
        org.valid_from = __import__("datetime").date(2025, 7, 1)
        org.name = "Đồn Biên phòng Ba Sơn mới"
        record_save(acting_user=self.world.a_admin, instance=org)
        entries = ChangeRecord.objects.filter(object_pk=str(org.pk)).order_by("timestamp", "pk")
        rendered = [change_rows(e, self.world.a_admin) for e in entries]  # as a_admin reads them
        flat = [row for rows in rendered for row in rows]
        labels = {label for label, _, _ in flat}
        self.assertNotIn("Id", labels)
        self.assertNotIn("children", labels)
        self.assertIn(("Hiệu lực từ", "—", "01/07/2025"), flat)
        self.assertIn(("Đơn vị cấp trên", "—", "Đồn Biên phòng Ba Sơn"), flat)
        self.assertTrue(any(new.endswith("Xã Ba Sơn") for _, old, new in flat if old is None))

    def test_history_tab_and_activity_page_render(self):
        org = Organisation(name="Đồn mới", code="H-2", kind=self.world.kind, parent=self.world.a)
        record_save(acting_user=self.world.a_admin, instance=org)
        self.client.force_login(self.world.a_admin)
        self.assertContains(self.client.get(reverse("orgs:organisation_history", args=[org.pk])), "Lịch sử")
        response = self.client.get(reverse("audit:activity"), {"organisation": self.world.a.pk})
        self.assertContains(response, "Đồn mới")
        # an outsider's activity page does not show it
        self.client.force_login(self.world.b_admin)
        self.assertNotContains(self.client.get(reverse("audit:activity")), "Đồn mới")
        response = self.client.get("/api/audit/changes/")
        self.assertEqual(response.status_code, 200)
        self.assertNotIn("Đồn mới", response.content.decode())
