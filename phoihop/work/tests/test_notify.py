"""Workflow notifications (``work.notify``): each step of a task tells the people who act next — cleared for the
task, never the one who took the step, after the commit, by e-mail for those who keep it on — and "đôn đốc" urges
the unfinished units once a day."""

import datetime

from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from rest_framework.test import APIClient

from phoihop.core.choices import Classification
from phoihop.core.testing.views import WorldMixin
from phoihop.work import services
from phoihop.work.choices import ReminderKind
from phoihop.work.models import Notification, ReminderLog
from phoihop.work.tests.factories import make_task

DEADLINE = datetime.date.today() + datetime.timedelta(days=20)


class NotifyTests(WorldMixin, TestCase):
    def step(self, function, **kwargs):
        """Run a service and its after-commit notifications; return {username: [titles]} of what it wrote."""
        before = set(Notification.objects.values_list("pk", flat=True))
        with self.captureOnCommitCallbacks(execute=True):
            result = function(**kwargs)
        told = {}
        for note in Notification.objects.exclude(pk__in=before).select_related("user"):
            told.setdefault(note.user.username, []).append(note.title)
        return result, told

    def new_task(self, **kwargs):
        w = self.world
        return self.step(
            make_task, world=w, assigner=w.province, lead=w.a, coordinating=[w.b], deadline=DEADLINE, **kwargs
        )

    def test_assignment_tells_the_units_reporters_and_above(self):
        task, told = self.new_task()
        self.assertEqual(set(told), {"a_reporter", "a_approver", "a_admin", "a_secret", "b_admin"})
        self.assertIn(task.title, told["a_reporter"][0])
        self.assertNotIn("a_viewer", told)  # a viewer acts on nothing
        self.assertNotIn("p_admin", told)  # the assigning side is not told of its own assignment

    def test_each_step_tells_who_acts_next_and_never_the_actor(self):
        w = self.world
        task, _told = self.new_task()
        _result, told = self.step(services.task_submit, acting_user=w.a_reporter, task=task)
        self.assertEqual(set(told), {"p_admin"})  # the assigning organisation's approvers
        _result, told = self.step(services.task_return, acting_user=w.p_admin, task=task, reason="Bổ sung số liệu")
        self.assertEqual(set(told), {"a_reporter", "a_approver", "a_admin", "a_secret"})  # the lead unit
        self.assertIn("Bổ sung số liệu", Notification.objects.filter(user=w.a_reporter).first().body)
        self.step(services.task_submit, acting_user=w.a_admin, task=task)
        _result, told = self.step(services.task_accept, acting_user=w.p_admin, task=task)
        self.assertEqual(set(told), {"a_reporter", "a_approver", "a_admin", "a_secret", "b_admin"})

    def test_extension_request_and_decision(self):
        w = self.world
        task, _told = self.new_task()
        unit = task.units.get(organisation=w.a)
        later = DEADLINE + datetime.timedelta(days=10)
        extension, told = self.step(
            services.extension_request,
            acting_user=w.a_reporter,
            task=task,
            unit=unit,
            requested_deadline=later,
            reason="Mưa lũ",
        )
        self.assertEqual(set(told), {"p_admin"})
        self.assertIn(later.strftime("%d/%m/%Y"), Notification.objects.get(user=w.p_admin, task=task).body)
        _result, told = self.step(services.extension_decide, acting_user=w.p_admin, request=extension, approve=True)
        self.assertEqual(set(told), {"a_reporter", "a_approver", "a_admin", "a_secret"})  # the unit that asked

    def test_a_classified_task_tells_only_the_cleared(self):
        _task, told = self.new_task(classification=Classification.SECRET)
        self.assertEqual(set(told), {"a_secret", "b_admin"})

    def test_a_step_that_fails_tells_nobody(self):
        w = self.world
        task, _told = self.new_task()
        before = Notification.objects.count()
        with self.assertRaises(ValidationError):
            self.step(services.task_accept, acting_user=w.p_admin, task=task)  # not submitted
        self.assertEqual(Notification.objects.count(), before)

    def test_email_for_those_who_keep_it_on(self):
        w = self.world
        type(w.a_reporter).objects.filter(pk=w.a_reporter.pk).update(email="a@example.vn")
        type(w.a_admin).objects.filter(pk=w.a_admin.pk).update(email="admin@example.vn", email_notifications=False)
        self.new_task()
        self.assertEqual([message.to for message in mail.outbox], [["a@example.vn"]])

    def test_urging_notifies_the_unfinished_units_once_a_day(self):
        w = self.world
        task, _told = self.new_task()
        b_unit = task.units.get(organisation=w.b)
        services.progress_report(acting_user=w.b_admin, unit=b_unit, text="Xong", progress=100)
        log, told = self.step(services.task_urge, acting_user=w.p_admin, task=task)
        self.assertEqual(set(told), {"a_reporter", "a_approver", "a_admin", "a_secret"})  # not B: it has finished
        self.assertEqual((log.kind, log.sent_by, log.deadline), (ReminderKind.URGED, w.p_admin, datetime.date.today()))
        with self.assertRaises(ValidationError):
            services.task_urge(acting_user=w.p_admin, task=task)
        self.assertEqual(ReminderLog.objects.filter(task=task, kind=ReminderKind.URGED).count(), 1)
        with self.assertRaises(PermissionDenied):  # only the assigning organisation urges
            services.task_urge(acting_user=w.a_admin, task=task)

    def test_urge_from_the_page_and_the_api(self):
        w = self.world
        task, _told = self.new_task()
        self.client.force_login(w.p_admin)
        page = self.client.get(task.get_absolute_url())
        self.assertContains(page, 'data-testid="urge-task"')
        self.client.force_login(w.a_admin)
        self.assertNotContains(self.client.get(task.get_absolute_url()), 'data-testid="urge-task"')
        client = APIClient()
        client.force_authenticate(w.p_admin)
        with self.captureOnCommitCallbacks(execute=True):
            response = client.post(f"/api/work/tasks/{task.pk}/urge/")
        self.assertEqual(response.status_code, 200)
        again = client.post(f"/api/work/tasks/{task.pk}/urge/")
        self.assertEqual(again.status_code, 400)
        self.client.force_login(w.p_admin)
        self.assertContains(self.client.get(task.get_absolute_url()), 'data-testid="urges"')


class DigestTests(WorldMixin, TestCase):
    """A user who chose the daily digest gets no e-mail per step, then one e-mail a day listing what waits."""

    step = NotifyTests.step
    new_task = NotifyTests.new_task

    def setUp(self):
        w = self.world
        for user in (w.a_reporter, w.a_approver):
            user.email = f"{user.username}@example.vn"
            user.email_notifications = True
            user.save()
        w.a_reporter.email_digest = True
        w.a_reporter.save()

    def test_one_email_a_day_listing_the_notifications_never_twice(self):
        from phoihop.work.reminders import send_digests

        w = self.world
        mail.outbox.clear()
        task, told = self.new_task()
        secret, _told = self.new_task(classification=Classification.SECRET)
        self.assertIn("a_reporter", told)
        recipients = {address for message in mail.outbox for address in message.to}
        self.assertIn("a_approver@example.vn", recipients)  # e-mails at once
        self.assertNotIn("a_reporter@example.vn", recipients)  # waits for the digest
        read = Notification.objects.filter(user=w.a_reporter, task=task).first()
        mail.outbox.clear()

        self.assertEqual(send_digests(), 1)
        self.assertEqual(len(mail.outbox), 1)
        digest = mail.outbox[0]
        self.assertEqual(digest.to, ["a_reporter@example.vn"])
        self.assertIn(task.title, digest.body)
        self.assertNotIn(str(secret), digest.body)  # a classified task is listed without its name
        self.assertIn(read.url, digest.body)
        self.assertEqual(Notification.objects.filter(user=w.a_reporter, emailed_at__isnull=True).count(), 0)

        mail.outbox.clear()
        self.assertEqual(send_digests(), 0)  # nothing new: nothing sent again
        self.assertEqual(mail.outbox, [])

    def test_read_notifications_are_left_out_and_a_failed_send_is_retried(self):
        from unittest import mock

        from phoihop.work.reminders import send_digests

        w = self.world
        self.new_task()
        Notification.objects.filter(user=w.a_reporter).update(read_at=datetime.datetime.now(datetime.UTC))
        self.assertEqual(send_digests(), 0)  # read in the app already: no e-mail
        Notification.objects.filter(user=w.a_reporter).update(read_at=None)
        with mock.patch("django.core.mail.EmailMessage.send", side_effect=OSError("mail server down")):
            self.assertEqual(send_digests(), 0)
        self.assertTrue(Notification.objects.filter(user=w.a_reporter, emailed_at__isnull=True).exists())
        self.assertEqual(send_digests(), 1)
