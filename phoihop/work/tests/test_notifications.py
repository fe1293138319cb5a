from django.db import connection
from django.template.loader import render_to_string
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phoihop.accounts.models import Membership
from phoihop.core.access import forget
from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.work.models import Notification
from phoihop.work.tests.factories import make_task
from phoihop.work.views.notifications import PER_PAGE, unread_count

LIST = reverse("work:notification_list")
READ_ALL = reverse("work:notification_read_all")


def read_url(notification):
    return reverse("work:notification_read", args=[notification.pk])


class TestNotificationPages(WorldMixin, TestCase):
    def setUp(self):
        self.user = make_user("a1_reporter", self.world.a1, Role.REPORTER)
        self.task = make_task(self.world, assigner=self.world.a, lead=self.world.a1)
        self.mine = self.notify(self.user, "Của tôi")
        self.theirs = self.notify(self.world.b_admin, "Của người khác")
        self.login(self.user)

    def notify(self, user, title, url=None, task=True, read=False):
        return Notification.objects.create(
            user=user,
            task=self.task if task else None,
            title=title,
            url=self.task.get_absolute_url() if url is None else url,
            read_at=timezone.now() if read else None,
        )

    def test_the_list_shows_only_my_notifications(self):
        response = self.client.get(LIST)
        self.assertContains(response, "Của tôi")
        self.assertNotContains(response, "Của người khác")
        self.assertEqual([n.pk for n in response.context["page"]], [self.mine.pk])

    def test_unread_first_then_newest(self):
        old_read = self.notify(self.user, "Đã đọc", read=True)
        newer = self.notify(self.user, "Mới hơn")
        response = self.client.get(LIST)
        self.assertEqual([n.pk for n in response.context["page"]], [newer.pk, self.mine.pk, old_read.pk])
        self.assertEqual(response.context["unread_count"], 2)

    def test_filter_unread(self):
        read = self.notify(self.user, "Đã đọc", read=True)
        response = self.client.get(LIST, {"show": "unread"})
        pks = [n.pk for n in response.context["page"]]
        self.assertIn(self.mine.pk, pks)
        self.assertNotIn(read.pk, pks)
        response = self.client.get(LIST, {"show": "nonsense"})  # anything else means all
        self.assertIn(read.pk, [n.pk for n in response.context["page"]])

    def test_pagination_and_a_steady_query_count(self):
        with CaptureQueriesContext(connection) as one:
            self.client.get(LIST)
        for n in range(PER_PAGE + 4):
            self.notify(self.user, f"Thông báo {n}")
        with self.assertNumQueries(len(one.captured_queries)):  # the page's queries don't grow with its rows
            response = self.client.get(LIST)
        self.assertEqual(len(response.context["page"]), PER_PAGE)
        self.assertContains(response, "page=2")
        response = self.client.get(LIST, {"page": 2})
        self.assertEqual(len(response.context["page"]), 5)
        self.assertEqual(self.client.get(LIST, {"page": 99}).status_code, 200)  # the last page

    def test_opening_marks_read_and_follows_the_link(self):
        response = self.client.get(read_url(self.mine))
        self.assertRedirects(response, self.task.get_absolute_url(), fetch_redirect_response=False)
        self.mine.refresh_from_db()
        self.assertIsNotNone(self.mine.read_at)

    def test_an_external_link_is_refused(self):
        for url in ("https://evil.example/phish", "//evil.example/phish", "http:/evil.example", "javascript:x"):
            with self.subTest(url=url):
                notification = self.notify(self.user, "Lừa", url=url)
                response = self.client.get(read_url(notification))
                self.assertRedirects(response, LIST)
                notification.refresh_from_db()
                self.assertIsNotNone(notification.read_at)

    def test_a_task_no_longer_visible_is_not_followed(self):
        Membership.objects.filter(user=self.user).delete()
        forget(self.user)
        response = self.client.get(read_url(self.mine))
        self.assertRedirects(response, LIST)

    def test_a_notification_without_a_task_follows_a_local_link(self):
        notification = self.notify(self.user, "Xuất dữ liệu", url="/exports/", task=False)
        response = self.client.get(read_url(notification))
        self.assertRedirects(response, "/exports/", fetch_redirect_response=False)

    def test_someone_elses_notification_is_404(self):
        self.assertEqual(self.client.get(read_url(self.theirs)).status_code, 404)
        self.assertEqual(self.client.post(read_url(self.theirs)).status_code, 404)
        self.theirs.refresh_from_db()
        self.assertIsNone(self.theirs.read_at)
        missing = reverse("work:notification_read", args=[self.theirs.pk + 1000])
        self.assertEqual(self.client.get(missing).status_code, 404)

    def test_mark_one_as_read(self):
        response = self.client.post(read_url(self.mine), {"next": f"{LIST}?show=unread"})
        self.assertRedirects(response, f"{LIST}?show=unread")
        self.mine.refresh_from_db()
        self.assertIsNotNone(self.mine.read_at)
        response = self.client.post(read_url(self.mine), {"next": "https://evil.example/"})
        self.assertRedirects(response, LIST)

    def test_reading_does_not_move_read_at(self):
        self.client.post(read_url(self.mine))
        self.mine.refresh_from_db()
        first = self.mine.read_at
        self.client.get(read_url(self.mine))
        self.mine.refresh_from_db()
        self.assertEqual(self.mine.read_at, first)

    def test_mark_all_as_read_touches_only_mine(self):
        self.notify(self.user, "Thứ hai")
        response = self.client.post(READ_ALL)
        self.assertRedirects(response, LIST)
        self.assertFalse(Notification.objects.filter(user=self.user, read_at__isnull=True).exists())
        self.theirs.refresh_from_db()
        self.assertIsNone(self.theirs.read_at)
        self.assertEqual(self.client.get(READ_ALL).status_code, 405)

    def test_anonymous_users_are_sent_to_sign_in(self):
        self.client.logout()
        for url in (LIST, read_url(self.mine)):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302)
            self.assertIn(reverse("accounts:login"), response["Location"])
        self.assertEqual(self.client.post(READ_ALL).status_code, 302)

    def test_the_badge(self):
        self.assertEqual(unread_count(self.user), 1)
        html = render_to_string("work/notifications_badge.html", {"unread_count": unread_count(self.user)})
        self.assertIn('data-unread-count="1"', html)
        self.assertIn(LIST, html)
        html = render_to_string("work/notifications_badge.html", {"unread_count": 0})
        self.assertNotIn("data-unread-count", html)
        html = render_to_string("work/notifications_badge.html", {"unread_count": 150})
        self.assertIn("99+", html)
