"""Schedule compliance page (border:schedule) and the daily overdue notices (once per marker and period)."""

import datetime
import io
from unittest import mock

import openpyxl
from django.core import mail
from django.core.management import call_command
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from phoihop.border import schedule
from phoihop.border.jobs import notify_overdue_markers_job
from phoihop.border.models import Inspection, Marker, OverdueNotice
from phoihop.border.services import refresh_marker_condition
from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.work.models import Notification

URL = reverse("border:schedule")


def make_marker(post, number, kind="", **kwargs):
    marker = Marker(post=post, number=number, kind=kind, **kwargs)
    marker.full_clean()
    marker.save()
    return marker


def inspect(marker, on, condition="intact"):
    Inspection.objects.create(marker=marker, inspected_on=on, inspecting_unit=marker.post, condition=condition)
    refresh_marker_condition(marker)
    marker.refresh_from_db()
    return marker


class TestOverduePeriods(TestCase):
    def test_interval_and_overdue_q_still_work(self):
        self.assertEqual((schedule.interval_days("main"), schedule.interval_days("secondary")), (90, 180))
        self.assertEqual(schedule.interval_days("unknown"), 90)
        self.assertIsNotNone(schedule.overdue_q(datetime.date(2025, 7, 1)))

    def test_period_counts_whole_intervals_from_the_first_overdue_day(self):
        marker = Marker(number="1116", kind="main", last_inspected_on=datetime.date(2025, 3, 1))
        self.assertEqual(schedule.overdue_since(marker), datetime.date(2025, 5, 31))  # 1 March + 90 days + 1
        self.assertEqual(schedule.overdue_period(marker, datetime.date(2025, 5, 31)), "2025-05-31+0")
        self.assertEqual(schedule.overdue_period(marker, datetime.date(2025, 8, 28)), "2025-05-31+0")
        self.assertEqual(schedule.overdue_period(marker, datetime.date(2025, 8, 29)), "2025-05-31+1")
        secondary = Marker(number="519/2", kind="secondary", last_inspected_on=datetime.date(2025, 3, 1))
        self.assertEqual(schedule.overdue_since(secondary), datetime.date(2025, 8, 29))  # 180 days

    def test_trend_months_end_with_the_current_month(self):
        months = schedule.trend_months(datetime.date(2025, 2, 14))
        self.assertEqual(
            (months[0], months[-1], len(months)), (datetime.date(2024, 3, 1), datetime.date(2025, 2, 1), 12)
        )


class TestSchedulePage(WorldMixin, TestCase):
    def setUp(self):
        self.today = timezone.localdate()
        days = datetime.timedelta
        a, b = self.world.a, self.world.b
        inspect(make_marker(a, "1116", "main"), self.today - days(10))  # fine
        inspect(make_marker(a, "1117", "main"), self.today - days(100), "damaged")  # overdue (90)
        inspect(make_marker(a, "519/2", "secondary"), self.today - days(100), "overgrown")  # fine (180)
        make_marker(a, "1118", "main")  # never inspected: overdue
        make_marker(b, "1200", "main")  # another organisation's, never inspected

    def rows(self, response):
        return {row["code"]: row for row in response.context["compliance"]["posts"]}

    def test_anonymous_is_sent_to_login(self):
        self.assertEqual(self.client.get(URL).status_code, 302)

    def test_figures_per_post_through_the_gate(self):
        self.login(self.world.a_viewer)
        response = self.client.get(URL)
        self.assertEqual(response.status_code, 200)
        rows = self.rows(response)
        self.assertEqual(list(rows), ["T-A"])  # post B's marker is outside A's scope
        row = rows["T-A"]
        self.assertEqual(
            {key: row[key] for key in ("total", "overdue", "never", "max_days", "average_days", "overdue_rate")},
            {"total": 4, "overdue": 2, "never": 1, "max_days": 100, "average_days": 70.0, "overdue_rate": 50.0},
        )
        conditions = dict(
            zip(
                [value for value, _label in response.context["compliance"]["conditions"]],
                row["conditions"],
                strict=True,
            )
        )
        self.assertEqual(conditions, {"intact": 2, "damaged": 1, "displaced": 0, "lost": 0, "overgrown": 1, "faded": 0})
        self.assertEqual([m.number for m in response.context["overdue_shown"]], ["1117", "1118"])
        trend = response.context["trend"]
        self.assertEqual(trend["total"], 3)
        by_month = dict(zip(trend["months"], trend["totals"], strict=True))
        recent = (self.today - datetime.timedelta(days=10)).replace(day=1)
        self.assertEqual(by_month[recent], 1)
        damaged = next(series for series in trend["series"] if series["condition"] == "damaged")
        self.assertEqual(sum(damaged["counts"]), 1)

    def test_province_sees_every_post_and_the_totals(self):
        self.login(self.world.p_viewer)
        response = self.client.get(URL)
        self.assertEqual(set(self.rows(response)), {"T-A", "T-B"})
        totals = response.context["compliance"]["totals"]
        self.assertEqual(
            (totals["total"], totals["overdue"], totals["never"], totals["max_days"], totals["average_days"]),
            (5, 3, 2, 100, 70.0),
        )
        self.assertEqual(sum(totals["conditions"]), 5)
        response = self.client.get(URL, {"post": self.world.b.pk})
        self.assertEqual(list(self.rows(response)), ["T-B"])
        self.assertEqual(response.context["compliance"]["totals"]["total"], 1)
        self.assertEqual(response.context["trend"]["total"], 0)

    def test_filter_on_a_post_outside_the_scope_shows_nothing_of_it(self):
        self.login(self.world.a_viewer)
        response = self.client.get(URL, {"post": self.world.b.pk})
        self.assertIn("post", response.context["form"].errors)
        self.assertEqual(list(self.rows(response)), ["T-A"])
        self.assertNotContains(response, "1200")

    def test_excel_export(self):
        self.login(self.world.a_viewer)
        response = self.client.get(URL, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        posts, trend, overdue = book.worksheets
        values = [[cell.value for cell in row] for row in posts.iter_rows()]
        self.assertEqual(values[1][1:8], ["T-A", 4, 2, 50, 1, 100, 70])
        self.assertEqual(values[-1][2:4], [4, 2])  # the totals row
        self.assertEqual(trend.max_column, 14)  # condition, 12 months, total
        self.assertEqual(sorted(row[0].value for row in overdue.iter_rows(min_row=2)), ["1117", "1118"])

    def test_query_count_does_not_depend_on_the_number_of_markers(self):
        self.login(self.world.p_viewer)

        def add_markers(start, count):
            objs = []
            for i in range(start, start + count):
                objs.append(
                    Marker(
                        number=str(i),
                        sort_key=f"{i:05d}.00.0",
                        kind="main",
                        post=self.world.a if i % 2 else self.world.b,
                        last_inspected_on=self.today - datetime.timedelta(days=i % 200) if i % 3 else None,
                        condition=["intact", "damaged", "faded"][i % 3],
                    )
                )
            created = Marker.objects.bulk_create(objs)
            Inspection.objects.bulk_create(
                Inspection(marker=m, inspected_on=m.last_inspected_on, inspecting_unit=m.post, condition=m.condition)
                for m in created
                if m.last_inspected_on
            )

        add_markers(2, 50)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(URL).status_code, 200)
        add_markers(52, 450)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(URL)
        self.assertEqual(response.context["compliance"]["totals"]["total"], 505)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])
        with CaptureQueriesContext(connection) as export:
            self.client.get(URL, {"export": "xlsx"})
        self.assertLessEqual(len(export), len(many))


TODAY = datetime.date(2025, 7, 1)


@override_settings(REMINDER_SITE_URL="https://phoihop.example")
class TestOverdueNotices(WorldMixin, TestCase):
    def setUp(self):
        a, b = self.world.a, self.world.b
        self.late = make_marker(a, "1116", "main", last_inspected_on=datetime.date(2025, 3, 1))  # due 31/05
        self.never = make_marker(a, "261(1)", "main")
        self.fine = make_marker(a, "1117", "main", last_inspected_on=datetime.date(2025, 6, 20))
        self.other = make_marker(b, "1200", "main", last_inspected_on=datetime.date(2025, 3, 10))  # due 09/06
        self.a_reporters = {self.world.a_reporter, self.world.a_approver, self.world.a_admin, self.world.a_secret}
        self.world.a_reporter.email = "reporter@example.org"
        self.world.a_reporter.save()

    def test_one_notification_per_post_listing_its_overdue_markers(self):
        with self.captureOnCommitCallbacks(execute=True):
            counts = schedule.notify_overdue_markers(TODAY)
        self.assertEqual(counts, {"posts": 2, "markers": 3, "notifications": 5})
        notes = Notification.objects.filter(user__in=self.a_reporters)
        self.assertEqual({note.user for note in notes}, self.a_reporters)  # direct members, Reporter and up
        self.assertFalse(Notification.objects.filter(user__in=[self.world.a_viewer, self.world.p_admin]).exists())
        note = notes.get(user=self.world.a_reporter)
        self.assertEqual(note.url, f"/border/schedule/?post={self.world.a.pk}")
        self.assertIn("1116", note.body)
        self.assertIn("261(1)", note.body)
        self.assertNotIn("1117", note.body)
        self.assertIn("2", note.title)
        self.assertEqual(
            Notification.objects.get(user=self.world.b_admin).url, f"/border/schedule/?post={self.world.b.pk}"
        )
        self.assertEqual(OverdueNotice.objects.count(), 3)
        self.assertEqual(OverdueNotice.objects.get(marker=self.late).period, "2025-05-31+0")
        self.assertEqual(len(mail.outbox), 1)
        self.assertEqual(mail.outbox[0].to, ["reporter@example.org"])
        self.assertIn(f"https://phoihop.example/border/schedule/?post={self.world.a.pk}", mail.outbox[0].body)
        self.assertIsNotNone(Notification.objects.get(pk=note.pk).emailed_at)

    def test_running_again_sends_nothing_new_until_the_next_period(self):
        schedule.notify_overdue_markers(TODAY)
        sent = Notification.objects.count()
        self.assertEqual(schedule.notify_overdue_markers(TODAY), {"posts": 0, "markers": 0, "notifications": 0})
        self.assertEqual(schedule.notify_overdue_markers(TODAY + datetime.timedelta(days=30))["markers"], 0)
        self.assertEqual(Notification.objects.count(), sent)
        # 29/08/2025 opens the second period of marker 1116 (31/05 + 90 days); 261(1) and 1200 are in theirs
        counts = schedule.notify_overdue_markers(datetime.date(2025, 8, 29))
        self.assertEqual(counts, {"posts": 1, "markers": 1, "notifications": 4})
        note = Notification.objects.filter(user=self.world.a_reporter).order_by("-pk").first()
        self.assertIn("1116", note.body)
        self.assertNotIn("261(1)", note.body.split("\n")[1])

    def test_an_inspection_stops_the_notices(self):
        schedule.notify_overdue_markers(TODAY)
        inspect(self.late, datetime.date(2025, 7, 2))
        self.assertEqual(schedule.notify_overdue_markers(datetime.date(2025, 8, 29))["markers"], 0)

    def test_a_marker_claimed_by_another_worker_is_left_out(self):
        # Another worker claimed 1116 after this run read the notices: the insert fails, the marker is left out.
        OverdueNotice.objects.create(marker=self.late, period=schedule.overdue_period(self.late, TODAY))
        with mock.patch.object(schedule, "_notified", return_value=set()):
            counts = schedule.notify_overdue_markers(TODAY)
        self.assertEqual(counts["markers"], 2)  # 261(1) and 1200
        note = Notification.objects.get(user=self.world.a_reporter)
        self.assertNotIn("1116", note.body)
        self.assertIn("261(1)", note.body)
        self.assertEqual(OverdueNotice.objects.count(), 3)

    def test_a_post_whose_markers_were_all_claimed_gets_no_notification(self):
        for marker in (self.late, self.never):
            OverdueNotice.objects.create(marker=marker, period=schedule.overdue_period(marker, TODAY))
        with mock.patch.object(schedule, "_notified", return_value=set()):
            counts = schedule.notify_overdue_markers(TODAY)
        self.assertEqual(counts, {"posts": 1, "markers": 1, "notifications": 1})
        self.assertFalse(Notification.objects.filter(user__in=self.a_reporters).exists())

    def test_a_post_without_reporters_is_not_claimed(self):
        lonely = make_user("lonely_viewer", self.world.a1, Role.VIEWER)
        marker = make_marker(self.world.a1, "1300", "main")
        schedule.notify_overdue_markers(TODAY)
        self.assertFalse(OverdueNotice.objects.filter(marker=marker).exists())
        self.assertFalse(Notification.objects.filter(user=lonely).exists())
        reporter = make_user("cell_reporter", self.world.a1, Role.REPORTER)
        self.assertEqual(schedule.notify_overdue_markers(TODAY)["markers"], 1)
        self.assertTrue(Notification.objects.filter(user=reporter).exists())

    def test_management_command_and_job(self):
        out = io.StringIO()
        call_command("notify_overdue_markers", "--date", "01/07/2025", stdout=out)
        self.assertIn("3", out.getvalue())
        self.assertEqual(OverdueNotice.objects.count(), 3)
        result = notify_overdue_markers_job.enqueue("2025-07-01")
        self.assertEqual(result.return_value, {"posts": 0, "markers": 0, "notifications": 0})
        out = io.StringIO()
        call_command("notify_overdue_markers", "--date", "29/08/2025", "--enqueue", stdout=out)
        self.assertIn("Queued", out.getvalue())
        self.assertEqual(OverdueNotice.objects.count(), 4)
