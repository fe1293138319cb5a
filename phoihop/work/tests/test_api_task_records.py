"""The API's progress reports, extension requests and notifications: gated, filterable list/detail endpoints."""

import datetime

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.work import services
from phoihop.work.models import Notification
from phoihop.work.tests.factories import make_task


class APITestBase(WorldMixin, TestCase):
    def setUp(self):
        self.api = APIClient()
        self.p_approver = make_user("p_approver", self.world.province, Role.APPROVER)
        self.b_reporter = make_user("b_reporter", self.world.b, Role.REPORTER)
        # assigned by the province to post A (lead) with commune B coordinating
        self.task = make_task(self.world, coordinating=[self.world.b])
        self.lead, self.coord = self.task.lead_unit(), self.task.units.get(role="coordinating")
        # B's own task: outside post A's scope
        self.other = make_task(self.world, assigner=self.world.b, lead=self.world.b)

    def as_user(self, user):
        self.api.force_authenticate(user)

    def ids(self, url, params=None, status=200):
        response = self.api.get(url, params or {})
        self.assertEqual(response.status_code, status, response.content[:500])
        return [row["id"] for row in response.json()["results"]]

    def assert_queries_do_not_grow(self, url, add_rows):
        self.api.get(url)  # warm caches
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.api.get(url).status_code, 200)
        add_rows()
        with CaptureQueriesContext(connection) as many:
            self.assertEqual(self.api.get(url).status_code, 200)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])


class TestProgressReportAPI(APITestBase):
    endpoint = "/api/work/progress-reports/"

    def setUp(self):
        super().setUp()
        self.on_lead = services.progress_report(
            acting_user=self.world.a_reporter, unit=self.lead, text="Đã tuần tra", progress=60
        )
        self.on_coord = services.progress_report(
            acting_user=self.b_reporter, unit=self.coord, text="Đã họp", progress=20
        )
        other_unit = self.other.lead_unit()
        self.outside = services.progress_report(
            acting_user=self.b_reporter, unit=other_unit, text="Việc B", progress=10
        )

    def test_anonymous_gets_401(self):
        self.assertEqual(self.api.get(self.endpoint).status_code, 401)

    def test_list_and_detail_follow_the_scope(self):
        self.as_user(self.world.a_viewer)
        self.assertEqual(set(self.ids(self.endpoint)), {self.on_lead.pk, self.on_coord.pk})
        self.assertEqual(self.api.get(f"{self.endpoint}{self.outside.pk}/").status_code, 404)
        detail = self.api.get(f"{self.endpoint}{self.on_lead.pk}/").json()
        self.assertEqual(
            (detail["task"], detail["progress"], detail["unit"]["organisation"]["id"]),
            (self.task.pk, 60, self.world.a.pk),
        )

    def test_filters(self):
        self.as_user(self.world.p_viewer)  # sees both A and B
        self.assertEqual(set(self.ids(self.endpoint, {"task": self.task.pk})), {self.on_lead.pk, self.on_coord.pk})
        self.assertEqual(
            self.ids(self.endpoint, {"organisation": self.world.b.pk, "task": self.task.pk}), [self.on_coord.pk]
        )
        response = self.api.get(self.endpoint, {"date_from": "not a date"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("date_from", response.json())

    def test_read_only(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, {"unit": self.lead.pk, "progress": 5, "text": "x"}, format="json")
        self.assertEqual(response.status_code, 405)

    def test_query_count_does_not_grow_with_rows(self):
        self.as_user(self.world.a_viewer)

        def more():
            for n in range(5):
                services.progress_report(
                    acting_user=self.world.a_reporter, unit=self.lead, text=f"Lần {n}", progress=70 + n
                )

        self.assert_queries_do_not_grow(self.endpoint, more)


class TestExtensionRequestAPI(APITestBase):
    endpoint = "/api/work/extension-requests/"

    def ask(self, task, unit, user):
        return services.extension_request(
            acting_user=user,
            task=task,
            unit=unit,
            requested_deadline=task.deadline_in_force + datetime.timedelta(days=10),
            reason="Mưa lũ",
        )

    def setUp(self):
        super().setUp()
        self.mine = self.ask(self.task, self.lead, self.world.a_reporter)
        self.outside = self.ask(self.other, self.other.lead_unit(), self.b_reporter)

    def test_list_and_detail_follow_the_scope(self):
        self.as_user(self.world.a_viewer)
        self.assertEqual(self.ids(self.endpoint), [self.mine.pk])
        self.assertEqual(self.api.get(f"{self.endpoint}{self.outside.pk}/").status_code, 404)
        self.assertEqual(self.api.get(f"{self.endpoint}{self.mine.pk}/").json()["may_decide"], False)

    def test_awaiting_my_decision_is_the_approvers_queue(self):
        # an approver of the assigning organisation (the province), or above it (B is under the province)
        self.as_user(self.p_approver)
        self.assertEqual(
            set(self.ids(self.endpoint, {"awaiting_my_decision": "true"})), {self.mine.pk, self.outside.pk}
        )
        self.assertTrue(self.api.get(f"{self.endpoint}{self.mine.pk}/").json()["may_decide"])
        self.as_user(self.world.a_admin)  # the lead unit's admin sees the request but does not decide it
        self.assertEqual(self.ids(self.endpoint), [self.mine.pk])
        self.assertEqual(self.ids(self.endpoint, {"awaiting_my_decision": "true"}), [])
        self.as_user(self.world.b_admin)  # approver of B: decides B's own task's request
        self.assertEqual(self.ids(self.endpoint, {"awaiting_my_decision": "true"}), [self.outside.pk])
        services.extension_decide(acting_user=self.p_approver, request=self.mine, approve=True)
        self.as_user(self.p_approver)
        self.assertEqual(self.ids(self.endpoint, {"awaiting_my_decision": "true"}), [self.outside.pk])
        self.assertEqual(self.ids(self.endpoint, {"awaiting_my_decision": "false"}), [self.mine.pk])
        self.assertEqual(self.ids(self.endpoint, {"status": "approved"}), [self.mine.pk])
        self.assertEqual(self.ids(self.endpoint, {"task": self.task.pk, "status": "pending"}), [])

    def test_invalid_status_is_field_level_400(self):
        self.as_user(self.p_approver)
        response = self.api.get(self.endpoint, {"status": "nonsense"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("status", response.json())

    def test_query_count_does_not_grow_with_rows(self):
        self.as_user(self.p_approver)

        def more():
            for _ in range(4):
                task = make_task(self.world)
                self.ask(task, task.lead_unit(), self.world.a_reporter)

        self.assert_queries_do_not_grow(self.endpoint, more)


class TestNotificationAPI(APITestBase):
    endpoint = "/api/work/notifications/"

    def notify(self, user, title, *, task=None, url="", read=False):
        return Notification.objects.create(
            user=user, task=task, title=title, url=url, read_at=timezone.now() if read else None
        )

    def setUp(self):
        super().setUp()
        self.user = self.world.a_viewer
        self.on_task = self.notify(self.user, "Nhiệm vụ sắp đến hạn", task=self.task, url=self.task.get_absolute_url())
        self.markers = self.notify(
            self.user, "Cột mốc quá hạn kiểm tra", url=f"{reverse('border:schedule')}?post=1", read=True
        )
        self.figures = self.notify(self.user, "Nhắc báo cáo số liệu", url=f"{reverse('programs:figure_entry')}?x=1")
        self.theirs = self.notify(self.world.b_admin, "Của người khác", task=self.other)
        self.as_user(self.user)

    def test_only_my_own_unread_first(self):
        ids = self.ids(self.endpoint)
        self.assertEqual(set(ids), {self.on_task.pk, self.markers.pk, self.figures.pk})
        self.assertEqual(ids[-1], self.markers.pk)  # the read one comes last
        self.assertEqual(self.api.get(f"{self.endpoint}{self.theirs.pk}/").status_code, 404)

    def test_filters(self):
        self.assertEqual(set(self.ids(self.endpoint, {"unread": "true"})), {self.on_task.pk, self.figures.pk})
        self.assertEqual(self.ids(self.endpoint, {"unread": "false"}), [self.markers.pk])
        self.assertEqual(self.ids(self.endpoint, {"kind": "task"}), [self.on_task.pk])
        self.assertEqual(self.ids(self.endpoint, {"kind": "markers"}), [self.markers.pk])
        self.assertEqual(self.ids(self.endpoint, {"kind": "figures"}), [self.figures.pk])
        kinds = {row["id"]: row["kind"] for row in self.api.get(self.endpoint).json()["results"]}
        self.assertEqual(kinds, {self.on_task.pk: "task", self.markers.pk: "markers", self.figures.pk: "figures"})
        response = self.api.get(self.endpoint, {"kind": "nonsense"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("kind", response.json())

    def test_mark_read_and_read_all(self):
        response = self.api.post(f"{self.endpoint}{self.on_task.pk}/read/")
        self.assertEqual(response.status_code, 200)
        self.assertFalse(response.json()["unread"])
        self.on_task.refresh_from_db()
        self.assertIsNotNone(self.on_task.read_at)
        self.assertEqual(self.api.post(f"{self.endpoint}{self.theirs.pk}/read/").status_code, 404)
        response = self.api.post(f"{self.endpoint}read-all/")
        self.assertEqual(response.json(), {"marked": 1})
        self.assertEqual(self.ids(self.endpoint, {"unread": "true"}), [])
        self.theirs.refresh_from_db()
        self.assertIsNone(self.theirs.read_at)  # another user's notification is never touched

    def test_no_writes_except_marking_read(self):
        self.assertEqual(self.api.post(self.endpoint, {"title": "x"}, format="json").status_code, 405)
        self.assertEqual(self.api.delete(f"{self.endpoint}{self.on_task.pk}/").status_code, 405)

    def test_query_count_does_not_grow_with_rows(self):
        def more():
            for n in range(6):
                self.notify(self.user, f"Thêm {n}", task=self.task)

        self.assert_queries_do_not_grow(self.endpoint, more)
