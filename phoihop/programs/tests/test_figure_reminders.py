"""Reminders of the periodic figures' reporting deadlines (sent by the daily reminder job)."""

import datetime
from decimal import Decimal
from io import StringIO

from django.core import mail
from django.core.management import call_command
from django.test import TestCase, override_settings

from phoihop.core.testing.views import WorldMixin
from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.models.figures import FigureReminderKind, FigureReminderLog
from phoihop.programs.reminders import send_figure_reminders
from phoihop.programs.tests.factories import make_indicator, make_programme
from phoihop.work.models import Notification

D = datetime.date
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"
JULY = D(2025, 7, 1)  # due on 05/08/2025 (5 days after the month)


@override_settings(EMAIL_BACKEND=LOCMEM)
class FigureReminderTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        w.a_reporter.email = "a.reporter@example.vn"
        w.a_reporter.save()
        cls.programme = make_programme(w.province, participants=[w.a, w.b], start_date=D(2025, 1, 1))
        cls.area = make_indicator(cls.programme, code="DT", deadline_days=5)
        cls.houses = make_indicator(cls.programme, code="NHA", deadline_days=5)

    def run_job(self, today):
        with self.captureOnCommitCallbacks(execute=True):
            return send_figure_reminders(today)

    def submit(self, organisation, indicator, start=JULY):
        PeriodicFigure.objects.create(
            indicator=indicator,
            organisation=organisation,
            period_type=PeriodType.MONTH,
            period_start=start,
            value=Decimal(1),
            status=FigureStatus.SUBMITTED,
        )

    def test_sent_once_and_not_to_those_who_submitted(self):
        w = self.world
        self.submit(w.b, self.area)
        self.submit(w.b, self.houses)
        self.submit(w.a, self.houses)
        counts = self.run_job(D(2025, 8, 3))
        self.assertEqual(counts, {"due": 1, "overdue": 0})  # A's DT only
        log = FigureReminderLog.objects.get()
        self.assertEqual((log.organisation, log.indicator, log.period_start), (w.a, self.area, JULY))
        recipients = set(Notification.objects.values_list("user__username", flat=True))
        self.assertEqual(recipients, {"a_reporter", "a_approver", "a_admin", "a_secret"})  # not a_viewer, not B
        note = Notification.objects.get(user=w.a_reporter)
        self.assertIn("DT", note.body)
        self.assertNotIn("NHA", note.body)
        self.assertIn(f"organisation={w.a.pk}", note.url)
        self.assertEqual([m.to for m in mail.outbox], [["a.reporter@example.vn"]])
        # The next day, nothing again.
        self.assertEqual(self.run_job(D(2025, 8, 4)), {"due": 0, "overdue": 0})
        self.assertEqual(Notification.objects.count(), 4)

    def test_one_notification_per_organisation_and_period(self):
        counts = self.run_job(D(2025, 8, 5))
        self.assertEqual(counts["due"], 4)  # A and B × DT and NHA
        self.assertEqual(Notification.objects.filter(user=self.world.a_reporter).count(), 1)
        self.assertEqual(Notification.objects.filter(user=self.world.b_admin).count(), 1)

    def test_overdue_after_the_deadline_then_nothing(self):
        self.assertEqual(self.run_job(D(2025, 7, 20)), {"due": 0, "overdue": 0})  # June is long past, July not near
        self.assertEqual(self.run_job(D(2025, 8, 7))["overdue"], 4)
        self.assertEqual(FigureReminderLog.objects.filter(kind=FigureReminderKind.OVERDUE).count(), 4)
        self.assertEqual(self.run_job(D(2025, 8, 8))["overdue"], 0)
        self.assertEqual(self.run_job(D(2025, 8, 20)), {"due": 0, "overdue": 0})

    @override_settings(REMINDER_FIGURE_DAYS_BEFORE=10)
    def test_the_window_is_a_setting(self):
        self.assertEqual(self.run_job(D(2025, 7, 27))["due"], 4)

    def test_inactive_programmes_are_skipped(self):
        ended = make_programme(self.world.province, participants=[self.world.a], start_date=D(2024, 1, 1))
        ended.end_date = D(2025, 6, 30)
        ended.save()
        make_indicator(ended, code="CU")
        self.run_job(D(2025, 8, 3))
        self.assertFalse(FigureReminderLog.objects.filter(indicator__programme=ended).exists())

    def test_the_command_prints_the_count(self):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_reminders", date="03/08/2025", stdout=out)
        self.assertIn("figures_due: 4", out.getvalue())
        self.assertIn("4 figure reminders sent", out.getvalue())

    def test_the_job(self):
        from phoihop.work.jobs import send_reminders_job

        with self.captureOnCommitCallbacks(execute=True):
            result = send_reminders_job.enqueue("2025-08-03")
        self.assertEqual(result.return_value["figures_due"], 4)
