import datetime

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase

from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.work import services
from phoihop.work.choices import Recurrence, TaskStatus
from phoihop.work.models import Task
from phoihop.work.tests.factories import make_task

TODAY = datetime.date.today()


class TestWorkflow(WorldMixin, TestCase):
    def setUp(self):
        self.p_reporter = make_user("p_reporter", self.world.province, Role.REPORTER)
        self.p_approver = make_user("p_approver", self.world.province, Role.APPROVER)
        self.b_reporter = make_user("b_reporter", self.world.b, Role.REPORTER)

    def test_the_whole_workflow(self):
        task = make_task(self.world, coordinating=[self.world.b], user=self.p_reporter)
        lead, coord = task.lead_unit(), task.units.get(role="coordinating")
        services.progress_report(acting_user=self.world.a_reporter, unit=lead, text="Đã tuần tra", progress=60)
        task.refresh_from_db()
        self.assertEqual((task.status, task.progress), (TaskStatus.IN_PROGRESS, 30))
        services.progress_report(acting_user=self.b_reporter, unit=coord, text="Đã tuyên truyền", progress=100)
        task.refresh_from_db()
        self.assertEqual(task.progress, 80)
        new_deadline = task.deadline_in_force + datetime.timedelta(days=15)
        request = services.extension_request(
            acting_user=self.world.a_reporter, task=task, unit=lead, requested_deadline=new_deadline, reason="Mưa lũ"
        )
        services.extension_decide(acting_user=self.p_approver, request=request, approve=True)
        task.refresh_from_db()
        self.assertEqual(task.deadline_in_force, new_deadline)
        services.task_submit(acting_user=self.world.a_reporter, task=task)
        services.task_accept(acting_user=self.p_approver, task=task)
        task.refresh_from_db()
        self.assertEqual((task.status, task.completed_on_time, task.progress), (TaskStatus.DONE, True, 100))

    def test_roles_are_enforced(self):
        task = make_task(self.world, coordinating=[self.world.b])
        lead, coord = task.lead_unit(), task.units.get(role="coordinating")
        with self.assertRaises(PermissionDenied):  # a unit reports only on its own part
            services.progress_report(acting_user=self.b_reporter, unit=lead, text="x", progress=10)
        with self.assertRaises(PermissionDenied):  # a viewer does not report
            services.progress_report(acting_user=self.world.a_viewer, unit=lead, text="x", progress=10)
        with self.assertRaises(PermissionDenied):  # only the lead submits
            services.task_submit(acting_user=self.b_reporter, task=task)
        services.task_submit(acting_user=self.world.a_reporter, task=task)
        with self.assertRaises(PermissionDenied):  # the lead does not accept its own work
            services.task_accept(acting_user=self.world.a_admin, task=task)
        with self.assertRaises(PermissionDenied):  # a reporter of the assigner is not an approver
            services.task_accept(acting_user=self.p_reporter, task=task)
        self.assertEqual(coord.status, "not_started")

    def test_return_needs_a_reason_and_reopens(self):
        task = make_task(self.world)
        services.task_submit(acting_user=self.world.a_reporter, task=task)
        with self.assertRaises(ValidationError):
            services.task_return(acting_user=self.p_approver, task=task, reason="  ")
        services.task_return(acting_user=self.p_approver, task=task, reason="Thiếu số liệu")
        task.refresh_from_db()
        self.assertEqual((task.status, task.status_reason), (TaskStatus.RETURNED, "Thiếu số liệu"))
        services.task_submit(acting_user=self.world.a_reporter, task=task)

    def test_late_completion_is_recorded(self):
        task = make_task(self.world, deadline=TODAY - datetime.timedelta(days=3))
        services.task_submit(acting_user=self.world.a_reporter, task=task)
        services.task_accept(acting_user=self.p_approver, task=task)
        task.refresh_from_db()
        self.assertFalse(task.completed_on_time)

    def test_extension_must_be_later_and_single(self):
        task = make_task(self.world)
        lead = task.lead_unit()
        with self.assertRaises(ValidationError):
            services.extension_request(
                acting_user=self.world.a_reporter,
                task=task,
                unit=lead,
                requested_deadline=task.deadline_in_force,
                reason="x",
            )
        later = task.deadline_in_force + datetime.timedelta(days=5)
        request = services.extension_request(
            acting_user=self.world.a_reporter, task=task, unit=lead, requested_deadline=later, reason="Thiếu kinh phí"
        )
        with self.assertRaises(ValidationError):
            services.extension_request(
                acting_user=self.world.a_reporter, task=task, unit=lead, requested_deadline=later, reason="Lần hai"
            )
        services.extension_decide(acting_user=self.p_approver, request=request, approve=False, note="Không đủ lý do")
        task.refresh_from_db()
        self.assertEqual(task.deadline_in_force, task.deadline)

    def test_recurring_duty_creates_next_occurrence(self):
        task = make_task(
            self.world,
            coordinating=[self.world.b],
            recurrence=Recurrence.QUARTERLY,
            deadline=datetime.date(2026, 1, 31),
        )
        services.task_submit(acting_user=self.world.a_reporter, task=task)
        services.task_accept(acting_user=self.p_approver, task=task)
        following = Task.objects.get(previous_occurrence=task)
        self.assertEqual(following.deadline, datetime.date(2026, 4, 30))
        self.assertEqual({u.organisation for u in following.units.all()}, {self.world.a, self.world.b})
        self.assertEqual(following.status, TaskStatus.NEW)

    def test_units_see_the_task_others_do_not(self):
        task = make_task(self.world, lead=self.world.a1)
        self.assertTrue(Task.objects.restrict(self.world.a_viewer).filter(pk=task.pk).exists())  # A1 is under A
        self.assertFalse(Task.objects.restrict(self.world.b_admin).filter(pk=task.pk).exists())
        self.assertFalse(Task.objects.restrict(self.world.a_admin, "change").filter(pk=task.pk).exists())


class TestClassificationFollowsTheTask(WorldMixin, TestCase):
    def test_units_reports_and_duties_of_a_secret_record_are_hidden_below_clearance(self):
        from phoihop.audit.models import ChangeRecord
        from phoihop.core.testing.registers import register_fields
        from phoihop.work.models import Dissemination, Document, TaskUnit
        from phoihop.work.tests.factories import document_type

        task = make_task(self.world, classification=2)
        unit = task.lead_unit()
        self.assertFalse(TaskUnit.objects.restrict(self.world.a_admin).filter(pk=unit.pk).exists())
        self.assertTrue(TaskUnit.objects.restrict(self.world.a_secret).filter(pk=unit.pk).exists())
        entry = ChangeRecord.objects.filter(object_pk=str(unit.pk), content_type__model="taskunit").get()
        self.assertEqual(entry.classification, 2)
        document = Document.objects.create(
            owner=self.world.province,
            doc_type=document_type(),
            number="12-KH/TU",
            issuing_body="Tỉnh ủy",
            classification=1,
            **register_fields(self.world.province, 1),
        )
        duty = Dissemination.objects.create(
            document=document, organisation=self.world.a, assigned_by=self.world.province
        )
        self.assertFalse(Dissemination.objects.restrict(self.world.a_admin).filter(pk=duty.pk).exists())
        self.assertTrue(Dissemination.objects.restrict(self.world.a_secret).filter(pk=duty.pk).exists())
