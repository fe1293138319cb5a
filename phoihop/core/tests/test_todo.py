"""The home page's "Việc cần xử lý" (``core.todo``): what waits for the signed-in user, each number opening a list
that holds exactly that many rows — for users at three levels — and nothing for what they may not act on."""

import datetime
from decimal import Decimal

from django.test import TestCase

from phoihop.border.models import Marker
from phoihop.core.testing.views import WorldMixin
from phoihop.movements.tests.factories import make_marker
from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.tests.factories import make_indicator, make_programme
from phoihop.work import services
from phoihop.work.models import Notification
from phoihop.work.tests.factories import make_task
from phoihop.work.tests.test_dissemination import make_duty

TODAY = datetime.date.today()
DAY = datetime.timedelta(days=1)


class TodoTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        # tasks: A leads two (one overdue), B one; one of A's is submitted and waits for the province's acceptance
        cls.open_task = make_task(w, assigner=w.province, lead=w.a, deadline=TODAY + 10 * DAY)
        cls.late_task = make_task(w, assigner=w.province, lead=w.a1, deadline=TODAY + 10 * DAY)
        type(cls.late_task).objects.filter(pk=cls.late_task.pk).update(deadline_in_force=TODAY - 3 * DAY)
        cls.submitted = make_task(w, assigner=w.province, lead=w.a, deadline=TODAY + 20 * DAY)
        services.task_submit(acting_user=w.a_reporter, task=cls.submitted)
        make_task(w, assigner=w.province, lead=w.b, deadline=TODAY + 5 * DAY)
        # an extension request of A's open task, for the province to decide
        services.extension_request(
            acting_user=w.a_reporter,
            task=cls.open_task,
            unit=cls.open_task.units.get(organisation=w.a),
            requested_deadline=TODAY + 40 * DAY,
            reason="Mưa lũ",
        )
        # duties: A's due in a week and one far ahead (not shown), B's overdue
        make_duty(w.a, assigned_by=w.province, deadline=TODAY + 7 * DAY)
        make_duty(w.a, assigned_by=w.province, deadline=TODAY + 60 * DAY)
        make_duty(w.b, assigned_by=w.province, deadline=TODAY - 2 * DAY)
        # markers never inspected: overdue
        make_marker(w.a)
        make_marker(w.b)
        # figures: A's draft; A1's submitted value waits for A's approver (the organisation above it)
        programme = make_programme(w.province, participants=[w.a, w.a1], start_date=datetime.date(TODAY.year, 1, 1))
        indicator = make_indicator(programme, period_type=PeriodType.YEAR)
        start = datetime.date(TODAY.year - 1, 1, 1)
        PeriodicFigure.objects.create(
            indicator=indicator, organisation=w.a, period_start=start, value=Decimal(3), status=FigureStatus.DRAFT
        )
        PeriodicFigure.objects.create(
            indicator=indicator, organisation=w.a1, period_start=start, value=Decimal(4), status=FigureStatus.SUBMITTED
        )
        Notification.objects.create(user=w.a_reporter, title="Thông báo thử")

    def todo(self, user):
        self.client.force_login(user)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        return {item["key"]: item for item in response.context["todo"]}

    def total(self, url):
        response = self.client.get(url)
        self.assertEqual(response.status_code, 200, url)
        if "page" in response.context and hasattr(response.context["page"], "paginator"):
            return response.context["page"].paginator.count  # the approval queue
        if "total" in response.context and response.context["total"] is not None:
            return response.context["total"]
        return response.context["page_obj"].paginator.count

    def assert_lists_match(self, user):
        items = self.todo(user)
        for key, item in items.items():
            with self.subTest(user=user.username, item=key):
                self.assertEqual(self.total(item["url"]), item["count"], item["url"])
        return {key: item["count"] for key, item in items.items()}

    def test_a_posts_reporter(self):
        counts = self.assert_lists_match(self.world.a_reporter)
        self.assertEqual(counts["tasks_to_report"], 1)  # A's open task: not the submitted one, not A1's
        self.assertNotIn("tasks_overdue", counts)  # A1's late task is A1's to report on
        self.assertEqual(counts["duties_due"], 1)  # A's within 14 days; not the one in 60 days, not B's
        self.assertEqual(counts["markers_overdue"], 1)
        self.assertEqual(counts["figures_to_submit"], 1)
        self.assertEqual(counts["notifications"], 1)
        self.assertNotIn("tasks_to_accept", counts)  # a reporter accepts nothing
        self.assertNotIn("extensions_to_decide", counts)

    def test_a_posts_approver_approves_the_cell_below(self):
        counts = self.assert_lists_match(self.world.a_approver)
        self.assertEqual(counts["figures_to_approve"], 1)
        self.assertNotIn("tasks_to_accept", counts)  # the province assigned them

    def test_the_province_decides(self):
        counts = self.assert_lists_match(self.world.p_admin)
        self.assertEqual(counts["tasks_to_accept"], 1)
        self.assertEqual(counts["extensions_to_decide"], 1)
        self.assertNotIn("tasks_to_report", counts)  # the province is no unit of these tasks
        self.assertEqual(counts["markers_overdue"], Marker.objects.count())

    def test_the_cells_reporter_sees_its_late_task(self):
        from phoihop.core.choices import Role
        from phoihop.core.testing.world import make_user

        cell_reporter = make_user("a1_reporter", self.world.a1, Role.REPORTER)
        counts = self.assert_lists_match(cell_reporter)
        self.assertEqual((counts["tasks_to_report"], counts["tasks_overdue"]), (1, 1))

    def test_a_viewer_has_nothing_to_do(self):
        self.assertEqual(self.todo(self.world.a_viewer), {})
        self.assertContains(self.client.get("/"), 'data-testid="todo-empty"')

    def test_the_commune_sees_only_its_own(self):
        counts = self.assert_lists_match(self.world.b_admin)
        self.assertEqual((counts["tasks_to_report"], counts["duties_due"], counts["markers_overdue"]), (1, 1, 1))
