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

    def test_a_crowded_day_prints_a_few_events_and_links_to_the_rest_in_fixed_queries(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        from phoihop.work.views.inbox import EVENTS_PER_DAY

        day = TODAY.replace(day=15)
        month = {"month": f"{day:%Y-%m}"}
        self.client.force_login(self.world.a_viewer)

        def load():
            with CaptureQueriesContext(connection) as queries:
                page = self.client.get(reverse("work:calendar"), month)
            return page, len(queries)

        make_task(self.world, lead=self.world.a, deadline=day, title="Việc số 0")
        _page, few = load()
        for number in range(1, EVENTS_PER_DAY + 6):
            make_task(self.world, lead=self.world.a, deadline=day, title=f"Việc số {number}")
        page, many = load()
        self.assertEqual(many, few)  # the query count does not grow with the events
        cell = page.content.decode().split(f'data-testid="day-{day:%Y-%m-%d}"')[1].split("</td>")[0]
        self.assertEqual(cell.count('data-kind="task"'), EVENTS_PER_DAY)
        self.assertIn("+6 việc khác", cell)
        whole = self.client.get(reverse("work:calendar"), {"day": f"{day:%Y-%m-%d}"})
        self.assertEqual(whole.status_code, 200)
        self.assertEqual(whole.content.decode().count('data-kind="task"'), EVENTS_PER_DAY + 6)
        self.assertContains(whole, f"{day:%d/%m/%Y}")
        self.assertEqual(self.client.get(reverse("work:calendar"), {"day": "2026-02-30"}).status_code, 200)
