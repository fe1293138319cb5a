"""Each figure printed in more than one place is computed once (``<app>/selectors.py``): the dashboard, the
statistics page and its API, the movement summary and the report sections give the same number for the same scope
and period. The report side uses the real sections with a ``ReportContext`` over the dashboard's year."""

import datetime

from django.test import TestCase

from phoihop.movements.selectors import movement_summary
from phoihop.reports.sections import ReportContext, get_section
from phoihop.reports.tests.test_dashboard import TODAY, YEAR, DashboardWorld

START, END = datetime.date(YEAR, 1, 1), datetime.date(YEAR, 12, 31)


class TestFiguresAgree(DashboardWorld, TestCase):
    def context(self, user, organisation, end=END):
        return ReportContext(user=user, organisations=[organisation], start=START, end=end, today=TODAY)

    def section(self, key, user, organisation, end=END):
        ctx = self.context(user, organisation, end)
        return get_section(key).compute(ctx)

    def statistics(self, user, organisation):
        self.client.force_login(user)
        response = self.client.get(
            "/api/work/statistics/",
            {"organisation": organisation.pk, "date_from": f"01/01/{YEAR}", "date_to": f"31/12/{YEAR}"},
        )
        self.assertEqual(response.status_code, 200)
        return response.json()

    def scopes(self):
        w = self.world
        return ((w.p_viewer, w.province), (w.a_viewer, w.a))

    def test_tasks(self):
        for user, organisation in self.scopes():
            with self.subTest(scope=organisation.code):
                board = self.figures(user)["tasks"]
                api = self.statistics(user, organisation)["tasks"]
                report = self.section("tasks", user, organisation)
                for key in ("total", "done", "on_time", "overdue", "on_time_rate"):
                    self.assertEqual(board[key], api[key], key)
                    self.assertEqual(board[key], report[key], key)
                units = sorted((r["id"], r["total"], r["overdue"]) for r in board["by_unit"])
                self.assertEqual(units, sorted((r["id"], r["total"], r["overdue"]) for r in report["by_unit"]))
                self.assertEqual(units, sorted((r["id"], r["total"], r["overdue"]) for r in api["by_unit"]))
                # a task where the scope only coordinates is counted alike everywhere (the role split adds up)
                roles = report["by_role"]
                self.assertGreaterEqual(
                    roles["assigning"]["total"] + roles["lead"]["total"] + roles["coordinating"]["total"],
                    report["total"],
                )

    def test_dissemination(self):
        for user, organisation in self.scopes():
            with self.subTest(scope=organisation.code):
                board = self.figures(user)["dissemination"]
                api = self.statistics(user, organisation)["dissemination"]
                report = self.section("dissemination", user, organisation)
                for key in ("total", "done", "overdue"):
                    self.assertEqual(board[key], api[key], key)
                    self.assertEqual(board[key], report[key], key)
                self.assertEqual(board["rate"], report["coverage"])

    def test_outreach(self):
        for user, organisation in self.scopes():
            with self.subTest(scope=organisation.code):
                board = self.figures(user)["outreach"]
                api = self.statistics(user, organisation)["outreach"]
                report = self.section("outreach", user, organisation)
                self.assertEqual((board["sessions"], board["audience"]), (api["sessions"], api["audience"]))
                self.assertEqual((board["sessions"], board["audience"]), (report["sessions"], report["audience"]))

    def test_visits(self):
        for user, organisation in self.scopes():
            with self.subTest(scope=organisation.code):
                board = self.figures(user)["visits"]
                page = movement_summary(user, YEAR, organisation)["visits"]
                report = self.section("movements", user, organisation)["visits"]
                self.assertEqual(board["visits"], page["visits"])
                self.assertEqual(board["visits"], report["visits"])
                self.assertEqual(str(board["value"]), report["value"])
                self.assertEqual(board["gifts"], report["gifts"])

    def test_markers(self):
        for user, organisation in self.scopes():
            with self.subTest(scope=organisation.code):
                board = self.figures(user)["border"]
                report = self.section("markers", user, organisation)
                self.assertEqual((board["markers"], board["overdue"]), (report["total"], report["overdue"]))

    def test_figure_completeness(self):
        for user, organisation in self.scopes():
            with self.subTest(scope=organisation.code):
                board = self.figures(user)["completeness"]
                report = self.section("periodic_figures", user, organisation, end=TODAY)
                for key in ("expected", "reported", "on_time"):
                    self.assertEqual(board[key], report[key], key)
                self.assertEqual(board["completeness"], report["completeness"])

    def test_cumulative_figures_are_never_below_the_period(self):
        w = self.world
        figures = self.section("programmes", w.p_viewer, w.province)
        self.assertTrue(figures["indicators"])
        # over one year and over a review of several years alike
        for start in (START, datetime.date(YEAR - 4, 1, 1)):
            ctx = ReportContext(user=w.p_viewer, organisations=[w.province], start=start, end=END, today=TODAY)
            for row in get_section("programmes").compute(ctx)["indicators"]:
                if row["cumulative"] is None:
                    continue
                with self.subTest(start=str(start), indicator=row["name"]):
                    self.assertGreaterEqual(float(row["cumulative"]), float(row["in_period"]))
                    self.assertGreaterEqual(float(row["cumulative"]), float(row["achieved"]))

    def test_tasks_finished_ahead_of_a_later_deadline(self):
        w = self.world
        # up to today, the task accepted today but due in 20 days is not "due in the period" — it is ahead of time
        figures = self.section("tasks", w.p_viewer, w.province, end=TODAY)
        if datetime.date(YEAR, 12, 31) - TODAY >= datetime.timedelta(days=20):
            self.assertEqual(figures["done_ahead"], 1)
        self.assertEqual(self.section("tasks", w.p_viewer, w.province)["done_ahead"], 0)  # within the year: due

    def test_markers_as_at_the_end_of_a_past_period(self):
        w = self.world
        # A's intact marker (inspected 10 days ago) and B's (found lost 5 days ago) were never inspected 30 days ago
        before = TODAY - datetime.timedelta(days=30)
        then = self.section("markers", w.p_viewer, w.province, end=before)
        now = self.section("markers", w.p_viewer, w.province, end=TODAY)
        self.assertEqual(now["as_at"], TODAY.isoformat())
        self.assertEqual(then["as_at"], before.isoformat())
        self.assertEqual(then["never"], now["never"] + 2)
        # B's marker was found lost 5 days ago: it counts as lost only from then
        self.assertEqual(now["by_condition"]["lost"], 1)
        self.assertEqual(then["by_condition"]["lost"], 0)
