import datetime

from django.test import TestCase
from django.urls import reverse

from phoihop.accounts.models import User
from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.work.calendar import _fold
from phoihop.work.tests.factories import make_task

TODAY = datetime.date.today()


class TestInbox(WorldMixin, TestCase):
    def test_groups_and_counts(self):
        lead = make_task(self.world, lead=self.world.a, deadline=TODAY - datetime.timedelta(days=1))
        coord = make_task(
            self.world, lead=self.world.b, coordinating=[self.world.a1], deadline=TODAY + datetime.timedelta(days=3)
        )
        assigned = make_task(self.world, assigner=self.world.a, lead=self.world.b)
        make_task(self.world, lead=self.world.b)  # not ours
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("work:inbox"))
        self.assertEqual(response.context["counts"]["overdue"], 1)
        self.assertEqual(response.context["counts"]["due_soon"], 1)
        rows = lambda r: {row.record.pk for row in r.context["table"].paginated_rows}  # noqa: E731
        self.assertEqual(rows(response), {lead.pk})
        self.assertEqual(rows(self.client.get(reverse("work:inbox"), {"tab": "coordinating"})), {coord.pk})
        self.assertEqual(rows(self.client.get(reverse("work:inbox"), {"tab": "assigned"})), {assigned.pk})


class TestCalendar(WorldMixin, TestCase):
    def test_month_page_and_private_feed_follow_the_gate(self):
        ours = make_task(
            self.world, lead=self.world.a, deadline=TODAY + datetime.timedelta(days=2), title="Tuần tra mốc 1116"
        )
        make_task(self.world, lead=self.world.b, deadline=TODAY + datetime.timedelta(days=2), title="Việc của xã B")
        viewer = make_user("b_viewer", self.world.b, Role.VIEWER)
        self.client.force_login(viewer)
        page = self.client.get(reverse("work:calendar"), {"month": f"{TODAY + datetime.timedelta(days=2):%Y-%m}"})
        self.assertContains(page, "Việc của xã B")
        self.assertNotContains(page, "Tuần tra mốc 1116")
        self.client.post(reverse("work:calendar"))
        token = User.objects.get(pk=viewer.pk).calendar_token
        self.client.logout()
        feed = self.client.get(reverse("work:calendar_feed", args=[token]))
        self.assertEqual(feed.status_code, 200)
        body = feed.content.decode()
        self.assertIn("BEGIN:VCALENDAR", body)
        self.assertIn("Việc của xã B", body.replace("\r\n ", ""))
        self.assertNotIn("1116", body)
        self.assertNotIn(f"task-{ours.pk}@", body)
        self.assertEqual(self.client.get(reverse("work:calendar_feed", args=["x" * 43])).status_code, 404)
        # replacing the link revokes the old one
        self.client.force_login(viewer)
        self.client.post(reverse("work:calendar"))
        self.assertEqual(self.client.get(reverse("work:calendar_feed", args=[token])).status_code, 404)

    def test_bad_month_falls_back(self):
        self.client.force_login(self.world.a_viewer)
        self.assertEqual(self.client.get(reverse("work:calendar"), {"month": "2026-13"}).status_code, 200)
        self.assertEqual(self.client.get(reverse("work:calendar"), {"month": "abc"}).status_code, 200)

    def test_long_lines_are_folded(self):
        line = "SUMMARY:" + "Hạn: quán triệt nghị quyết " * 8
        folded = _fold(line)
        self.assertTrue(all(len(part.encode()) <= 75 for part in folded.split("\r\n")))
        self.assertEqual(folded.replace("\r\n ", ""), line)
