import datetime
import threading
from io import StringIO

from django.core import mail
from django.core.management import CommandError, call_command
from django.db import OperationalError, connection, connections
from django.test import TestCase, TransactionTestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from phoihop.core.choices import Classification, Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import build_world, make_user
from phoihop.work import services
from phoihop.work.choices import ReminderKind, TaskStatus
from phoihop.work.jobs import send_reminders_job
from phoihop.work.models import Notification, ReminderLog, Task
from phoihop.work.reminders import kinds_due, send_task_reminders
from phoihop.work.tests.factories import make_task

DEADLINE = datetime.date.today() + datetime.timedelta(days=30)
LOCMEM = "django.core.mail.backends.locmem.EmailBackend"


def day(offset):
    """The day ``offset`` days after the deadline (negative: before it)."""
    return DEADLINE + datetime.timedelta(days=offset)


def notified(task):
    """Usernames notified about ``task``, sorted."""
    return sorted(Notification.objects.filter(task=task).values_list("user__username", flat=True))


class ReminderTestMixin(WorldMixin):
    def setUp(self):
        w = self.world
        self.a1_reporter = make_user("a1_reporter", w.a1, Role.REPORTER, email="a1r@example.org")
        self.a1_viewer = make_user("a1_viewer", w.a1, Role.VIEWER, email="a1v@example.org")
        self.p_approver = make_user("p_approver", w.province, Role.APPROVER, email="pa@example.org")
        self.b_reporter = make_user("b_reporter", w.b, Role.REPORTER, email="br@example.org")
        # A task assigned by post A to its cell A1; A's parent is the province.
        self.task = make_task(w, assigner=w.a, lead=w.a1, deadline=DEADLINE, title="Tuần tra mốc 1119")

    def run_job(self, today):
        with self.captureOnCommitCallbacks(execute=True):
            return send_task_reminders(today=today)

    def new_notifications(self, today):
        before = set(Notification.objects.values_list("pk", flat=True))
        counts = self.run_job(today)
        news = Notification.objects.exclude(pk__in=before)
        return counts, sorted(news.values_list("user__username", flat=True))


@override_settings(EMAIL_BACKEND=LOCMEM)
class TestWindows(ReminderTestMixin, TestCase):
    def test_windows(self):
        self.assertEqual(kinds_due(8), [])
        self.assertEqual(kinds_due(7), [ReminderKind.DUE_IN_7])
        self.assertEqual(kinds_due(2), [ReminderKind.DUE_IN_7])
        self.assertEqual(kinds_due(1), [ReminderKind.DUE_IN_1])
        self.assertEqual(kinds_due(0), [ReminderKind.DUE_IN_1])
        self.assertEqual(kinds_due(-1), [ReminderKind.OVERDUE])
        self.assertEqual(kinds_due(-2), [ReminderKind.OVERDUE])
        self.assertEqual(kinds_due(-3), [ReminderKind.OVERDUE, ReminderKind.ESCALATED_APPROVERS])
        self.assertEqual(
            kinds_due(-7), [ReminderKind.OVERDUE, ReminderKind.ESCALATED_APPROVERS, ReminderKind.ESCALATED_PARENT]
        )

    @override_settings(REMINDER_ESCALATE_APPROVERS_AFTER_DAYS=1, REMINDER_ESCALATE_PARENT_AFTER_DAYS=2)
    def test_escalation_days_come_from_the_settings(self):
        self.assertEqual(kinds_due(-1), [ReminderKind.OVERDUE, ReminderKind.ESCALATED_APPROVERS])
        self.assertEqual(len(kinds_due(-2)), 3)

    def test_nothing_more_than_seven_days_ahead(self):
        counts, users = self.new_notifications(day(-8))
        self.assertEqual(sum(counts.values()), 0)
        self.assertEqual(users, [])
        self.assertFalse(ReminderLog.objects.exists())

    def test_seven_days_before_goes_to_the_units_reporters(self):
        coordinated = make_task(
            self.world, assigner=self.world.a, lead=self.world.a1, coordinating=[self.world.b], deadline=DEADLINE
        )
        counts, users = self.new_notifications(day(-7))
        self.assertEqual(counts[ReminderKind.DUE_IN_7], 2)
        self.assertEqual(notified(task=self.task), ["a1_reporter"])  # not the viewer, not post A (the assigner)
        # The coordinating unit's reporters and admins are reminded too.
        self.assertEqual(notified(task=coordinated), ["a1_reporter", "b_admin", "b_reporter"])
        note = Notification.objects.get(task=self.task)
        self.assertIn("Tuần tra mốc 1119", note.title)
        self.assertIn(DEADLINE.strftime("%d/%m/%Y"), note.title)
        self.assertEqual(note.url, self.task.get_absolute_url())
        self.assertIsNone(note.read_at)
        log = ReminderLog.objects.get(task=self.task)
        self.assertEqual((log.kind, log.deadline, log.recipients), (ReminderKind.DUE_IN_7, DEADLINE, 1))

    def test_one_day_before_and_on_the_day(self):
        counts, users = self.new_notifications(day(-1))
        self.assertEqual(counts[ReminderKind.DUE_IN_1], 1)
        self.assertEqual(users, ["a1_reporter"])
        self.assertEqual(ReminderLog.objects.get().kind, ReminderKind.DUE_IN_1)
        counts, users = self.new_notifications(day(0))  # same window: not again
        self.assertEqual((sum(counts.values()), users), (0, []))

    def test_due_today_when_first_seen_on_the_deadline(self):
        self.a1_reporter.language = "en"
        self.a1_reporter.save()
        counts, users = self.new_notifications(day(0))
        self.assertEqual(counts[ReminderKind.DUE_IN_1], 1)
        self.assertIn("is due today", Notification.objects.get().title)

    def test_overdue_goes_to_the_units_and_the_assigners_reporters(self):
        counts, users = self.new_notifications(day(1))
        self.assertEqual(counts[ReminderKind.OVERDUE], 1)
        self.assertEqual(sum(counts.values()), 1)
        # A1's reporter and post A's reporter, approver and admins; never viewers, never the province.
        self.assertEqual(users, ["a1_reporter", "a_admin", "a_approver", "a_reporter", "a_secret"])

    def test_overdue_is_sent_on_a_later_day_when_missed(self):
        counts, _ = self.new_notifications(day(2))
        self.assertEqual(counts[ReminderKind.OVERDUE], 1)
        self.assertEqual(counts[ReminderKind.ESCALATED_APPROVERS], 0)

    def test_escalation_to_the_assigners_approvers(self):
        self.world.a_approver.language = "en"
        self.world.a_approver.save()
        self.run_job(day(1))
        counts, users = self.new_notifications(day(3))
        self.assertEqual(counts[ReminderKind.ESCALATED_APPROVERS], 1)
        self.assertEqual(sum(counts.values()), 1)
        self.assertEqual(users, ["a_admin", "a_approver", "a_secret"])
        self.assertIn(
            "is 3 days overdue", Notification.objects.filter(user=self.world.a_approver).order_by("pk").last().title
        )

    def test_escalation_to_the_parents_approvers(self):
        self.run_job(day(3))
        counts, users = self.new_notifications(day(7))
        self.assertEqual(counts[ReminderKind.ESCALATED_PARENT], 1)
        self.assertEqual(sum(counts.values()), 1)
        self.assertEqual(users, ["p_admin", "p_approver"])  # not the province's viewer
        self.assertEqual(
            set(ReminderLog.objects.values_list("kind", flat=True)),
            {ReminderKind.OVERDUE, ReminderKind.ESCALATED_APPROVERS, ReminderKind.ESCALATED_PARENT},
        )

    def test_no_parent_no_parent_escalation(self):
        Task.objects.filter(pk=self.task.pk).update(status=TaskStatus.CANCELLED)
        top = make_task(self.world, assigner=self.world.province, lead=self.world.a1, deadline=DEADLINE)
        counts, users = self.new_notifications(day(10))
        self.assertEqual(counts[ReminderKind.ESCALATED_APPROVERS], 1)
        self.assertEqual(counts[ReminderKind.ESCALATED_PARENT], 0)
        self.assertFalse(ReminderLog.objects.filter(task=top, kind=ReminderKind.ESCALATED_PARENT).exists())

    def test_catch_up_sends_every_kind_due_once(self):
        counts, _ = self.new_notifications(day(-6))
        self.assertEqual(counts[ReminderKind.DUE_IN_7], 1)
        counts, _ = self.new_notifications(day(-1))
        self.assertEqual(counts[ReminderKind.DUE_IN_1], 1)
        counts, _ = self.new_notifications(day(8))  # the job did not run for a week
        self.assertEqual(
            {kind for kind, n in counts.items() if n},
            {ReminderKind.OVERDUE, ReminderKind.ESCALATED_APPROVERS, ReminderKind.ESCALATED_PARENT},
        )
        self.assertEqual(ReminderLog.objects.count(), 5)

    def test_a_missed_seven_day_reminder_is_not_sent_late(self):
        counts, _ = self.new_notifications(day(-1))
        self.assertEqual([kind for kind, n in counts.items() if n], [ReminderKind.DUE_IN_1])
        self.assertFalse(ReminderLog.objects.filter(kind=ReminderKind.DUE_IN_7).exists())

    def test_running_twice_sends_each_reminder_once(self):
        first = self.run_job(day(8))
        self.assertEqual(sum(first.values()), 3)
        state = (Notification.objects.count(), ReminderLog.objects.count(), len(mail.outbox))
        self.assertTrue(all(state))
        second = self.run_job(day(8))
        self.assertEqual(sum(second.values()), 0)
        self.assertEqual((Notification.objects.count(), ReminderLog.objects.count(), len(mail.outbox)), state)
        third = self.run_job(day(9))
        self.assertEqual(sum(third.values()), 0)
        self.assertEqual((Notification.objects.count(), ReminderLog.objects.count(), len(mail.outbox)), state)

    def test_an_extension_allows_new_reminders(self):
        self.run_job(day(1))
        self.assertEqual(ReminderLog.objects.get().kind, ReminderKind.OVERDUE)
        lead = self.task.lead_unit()
        request = services.extension_request(
            acting_user=self.a1_reporter,
            task=self.task,
            unit=lead,
            requested_deadline=day(20),
            reason="Mưa lũ",
        )
        services.extension_decide(acting_user=self.world.a_approver, request=request, approve=True)
        counts, users = self.new_notifications(day(13))  # 7 days before the new deadline
        self.assertEqual(counts[ReminderKind.DUE_IN_7], 1)
        self.assertEqual(users, ["a1_reporter"])
        self.assertIn(day(20).strftime("%d/%m/%Y"), Notification.objects.latest("pk").title)
        counts, _ = self.new_notifications(day(21))  # overdue again, for the new deadline
        self.assertEqual(counts[ReminderKind.OVERDUE], 1)
        self.assertEqual(ReminderLog.objects.filter(kind=ReminderKind.OVERDUE).count(), 2)

    def test_closed_tasks_get_nothing(self):
        Task.objects.filter(pk=self.task.pk).update(status=TaskStatus.DONE)
        cancelled = make_task(self.world, assigner=self.world.a, lead=self.world.a1, deadline=DEADLINE)
        Task.objects.filter(pk=cancelled.pk).update(status=TaskStatus.CANCELLED)
        for offset in (-7, -1, 1, 3, 7):
            counts = self.run_job(day(offset))
            self.assertEqual(sum(counts.values()), 0)
        self.assertFalse(Notification.objects.exists())
        self.assertFalse(ReminderLog.objects.exists())
        self.assertEqual(mail.outbox, [])

    def test_soft_deleted_tasks_get_nothing(self):
        Task.all_objects.filter(pk=self.task.pk).update(deleted_at=timezone.now())
        self.assertEqual(sum(self.run_job(day(8)).values()), 0)

    def test_an_unrelated_organisation_gets_nothing(self):
        self.run_job(day(8))
        users = set(Notification.objects.values_list("user__username", flat=True))
        self.assertNotIn("b_admin", users)
        self.assertNotIn("b_reporter", users)
        self.assertNotIn("root", users)
        self.assertNotIn("b@example.org", [address for message in mail.outbox for address in message.to])

    def test_every_recipient_can_see_the_task(self):
        make_task(self.world, assigner=self.world.a, lead=self.world.a1, coordinating=[self.world.b], deadline=DEADLINE)
        self.run_job(day(8))
        self.assertTrue(Notification.objects.exists())
        for note in Notification.objects.select_related("user"):
            self.assertTrue(Task.objects.restrict(note.user).filter(pk=note.task_id).exists(), note.user)

    @override_settings(STATE_SECRET_CONTENT=True)  # the point: a secret title never goes out by e-mail
    def test_classified_task_only_reaches_cleared_users_and_is_not_e_mailed_in_clear(self):
        Task.objects.filter(pk=self.task.pk).update(classification=Classification.SECRET)
        self.world.a_secret.email = "secret@example.org"
        self.world.a_secret.save()
        counts, users = self.new_notifications(day(1))
        self.assertEqual(users, ["a_secret"])  # the only member of A or A1 cleared for SECRET
        [message] = mail.outbox
        self.assertEqual(message.to, ["secret@example.org"])
        self.assertNotIn("1119", message.subject + message.body)
        self.assertIn(self.task.get_absolute_url(), message.body)

    def test_email_only_to_users_who_want_it(self):
        self.world.a_reporter.email = "ar@example.org"
        self.world.a_reporter.email_notifications = False
        self.world.a_reporter.save()
        self.run_job(day(1))
        self.assertEqual(sorted(address for m in mail.outbox for address in m.to), ["a1r@example.org"])
        [message] = mail.outbox
        self.assertIn("1119", message.subject)
        self.assertIn("http://", message.body)
        a1 = Notification.objects.get(user=self.a1_reporter)
        self.assertIsNotNone(a1.emailed_at)
        no_mail = Notification.objects.get(user=self.world.a_reporter)  # in-app only
        self.assertIsNone(no_mail.emailed_at)
        self.assertIsNone(Notification.objects.get(user=self.world.a_admin).emailed_at)  # no address

    def test_the_recipients_language(self):
        self.a1_reporter.language = "en"
        self.a1_reporter.save()
        self.run_job(day(-1))
        note = Notification.objects.get(user=self.a1_reporter)
        self.assertTrue(note.title.startswith("Task “Tuần tra mốc 1119” is due tomorrow"), note.title)
        self.assertEqual(mail.outbox[0].subject, note.title)

    def test_query_count_does_not_grow_with_recipients(self):
        def queries(today):
            with CaptureQueriesContext(connection) as ctx, self.captureOnCommitCallbacks(execute=True):
                send_task_reminders(today=today)
            return len(ctx.captured_queries)

        few = queries(day(-7))  # one reminder, one recipient
        for n in range(6):
            make_user(f"a1_extra{n}", self.world.a1, Role.REPORTER, email=f"x{n}@example.org")
        other = make_task(self.world, assigner=self.world.a, lead=self.world.a1, deadline=DEADLINE)
        many = queries(day(-7))  # one reminder (the other task), seven recipients
        self.assertEqual(Notification.objects.filter(task=other).count(), 7)
        self.assertEqual(few, many)
        # reads: tasks, units, logs, memberships; writes: log, notifications, e-mailed (+ savepoints in tests)
        self.assertEqual(many, 9)

    def test_nothing_due_costs_one_query(self):
        with self.assertNumQueries(1):
            send_task_reminders(today=day(-20))


@override_settings(EMAIL_BACKEND=LOCMEM)
class TestJobAndCommand(ReminderTestMixin, TestCase):
    def test_the_job(self):
        with self.captureOnCommitCallbacks(execute=True):
            result = send_reminders_job.enqueue(day(1).isoformat())
        self.assertEqual(result.return_value[ReminderKind.OVERDUE], 1)
        self.assertEqual(ReminderLog.objects.count(), 1)

    def test_the_command(self):
        out = StringIO()
        with self.captureOnCommitCallbacks(execute=True):
            call_command("send_reminders", date=day(7).strftime("%d/%m/%Y"), stdout=out)
        self.assertIn("overdue: 1", out.getvalue())
        self.assertIn("escalated_parent: 1", out.getvalue())
        self.assertIn("3 reminders sent", out.getvalue())
        self.assertTrue(mail.outbox)

    def test_the_command_refuses_a_month_first_date(self):
        with self.assertRaises(CommandError):
            call_command("send_reminders", date="2025-07-01", stdout=StringIO())


@override_settings(EMAIL_BACKEND=LOCMEM)
class TestTwoWorkersAtOnce(TransactionTestCase):
    """Two workers start the job at the same moment: the unique claim lets only one send each reminder."""

    def test_each_reminder_is_sent_once(self):
        world = build_world()
        make_user("a1_reporter", world.a1, Role.REPORTER, email="a1r@example.org")
        make_user("p_approver", world.province, Role.APPROVER, email="pa@example.org")
        for n in range(6):
            make_task(world, assigner=world.a, lead=world.a1, coordinating=[world.b], deadline=DEADLINE, title=f"T{n}")
        # the assignments were notified on commit (work.notify): only the reminders are counted below
        Notification.objects.all().delete()
        mail.outbox = []
        barrier = threading.Barrier(2)
        results, errors = [], []

        def worker():
            try:
                barrier.wait(timeout=10)
                results.append(send_task_reminders(today=day(8)))
            except Exception as error:  # reported below, with the test's own assertion
                errors.append(error)
            finally:
                connections.close_all()

        threads = [threading.Thread(target=worker) for _ in range(2)]
        for thread in threads:
            thread.start()
        for thread in threads:
            thread.join(timeout=60)
        if connection.vendor == "sqlite" and any(
            isinstance(e, OperationalError) and "locked" in str(e) for e in errors
        ):
            self.skipTest(
                "SQLite's shared in-memory test database locks whole tables across threads; run on PostgreSQL"
            )
        self.assertEqual(errors, [])
        self.assertEqual(len(results), 2)

        kinds = (ReminderKind.OVERDUE, ReminderKind.ESCALATED_APPROVERS, ReminderKind.ESCALATED_PARENT)
        for kind in kinds:  # six tasks, each reminded once in total, whichever worker won
            self.assertEqual(sum(result[kind] for result in results), 6, kind)
        self.assertEqual(ReminderLog.objects.count(), 18)
        self.assertEqual(ReminderLog.objects.values("task", "kind").distinct().count(), ReminderLog.objects.count())
        expected = sum(ReminderLog.objects.values_list("recipients", flat=True))
        self.assertEqual(Notification.objects.count(), expected)
        triples = list(Notification.objects.values_list("task", "user", "title"))
        self.assertEqual(len(set(triples)), len(triples))
        self.assertEqual(len(mail.outbox), Notification.objects.filter(emailed_at__isnull=False).count())
        self.assertEqual(len(mail.outbox), 6 * 2)  # per task: a1_reporter (overdue), p_approver (parent)
