import datetime
import itertools

from django.test import TestCase
from django.urls import reverse

from phoihop.core.choices import Role
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import agreement_in_force, make_user
from phoihop.work.models import Task
from phoihop.work.tests.factories import make_task

counter = itertools.count(1)


class TaskRecord:
    model = Task

    def make_record(self, owner, **kwargs):
        return make_task(self.world, assigner=owner, lead=owner, **kwargs)

    def form_data(self, owner):
        return {
            "title": f"Tuần tra song phương {next(counter)}",
            "source_kind": "direct",
            "assigned_by_org": owner.pk,
            "deadline": "01/07/2026",
            "priority": 2,
            "recurrence": "",
            "classification": 0,
            "lead": owner.pk,
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["deadline"] = "31/02/2026"
        return data, "deadline"

    def export_keys(self, obj):
        return [obj.title]


class TestTaskViews(TaskRecord, RecordViewTests, TestCase):
    def test_create_with_lead_and_coordinating_units(self):
        # the post has an agreement in force with the province: every unit of the province may coordinate
        agreement_in_force(self.world.province, self.world.province, self.world.a)
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data.update(lead=self.world.a1.pk, coordinating=[self.world.b.pk, self.world.province.pk])
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 302)
        task = Task.objects.get(title=data["title"])
        self.assertEqual(task.deadline, datetime.date(2026, 7, 1))
        roles = {u.organisation.code: u.role for u in task.units.all()}
        self.assertEqual(roles, {"T-A1": "lead", "T-B": "coordinating", "T-P": "coordinating"})

    def test_a_coordinating_unit_sees_the_task_an_outsider_does_not(self):
        task = make_task(self.world, assigner=self.world.province, lead=self.world.a)
        outsider = make_user("b_viewer", self.world.b, Role.VIEWER)
        self.login(outsider)
        self.assertEqual(self.client.get(self.url("detail", task)).status_code, 404)
        response = self.client.get(self.url("list"), {"export": "xlsx"})
        self.assertNotIn(task.title.encode(), response.content)
        self.assertEqual(self.client.get(f"/api/work/tasks/{task.pk}/").status_code, 404)
        self.assertEqual(self.client.get(self.url("list"), {"q": task.title}).context["total"], 0)

    def test_workflow_through_the_pages(self):
        p_approver = make_user("p_approver", self.world.province, Role.APPROVER)
        b_reporter = make_user("b_reporter", self.world.b, Role.REPORTER)
        task = make_task(self.world, coordinating=[self.world.b])
        lead, coord = task.lead_unit(), task.units.get(role="coordinating")
        action = lambda name: reverse("work:task_action", args=[task.pk, name])  # noqa: E731
        self.login(self.world.a_reporter)
        self.client.post(action("report"), {"unit": lead.pk, "progress": 50, "text": "Đã tổ chức tuần tra"})
        self.login(b_reporter)
        self.client.post(action("report"), {"unit": coord.pk, "progress": 100, "text": "Đã tuyên truyền"})
        refused = self.client.post(action("report"), {"unit": lead.pk, "progress": 10, "text": "x"})
        self.assertEqual(refused.status_code, 400)  # not their unit: said at the field, the page shown again
        self.assertContains(refused, 'data-field="unit"', status_code=400)
        lead.refresh_from_db()
        self.assertEqual(lead.progress, 50)
        self.login(self.world.a_reporter)
        later = (task.deadline_in_force + datetime.timedelta(days=10)).strftime("%d/%m/%Y")
        self.client.post(action("extend"), {"unit": lead.pk, "requested_deadline": later, "reason": "Mưa lũ"})
        extension = task.extensions.get()
        self.login(p_approver)
        self.client.post(reverse("work:extensionrequest_decide", args=[extension.pk]), {"decision": "approve"})
        self.login(self.world.a_reporter)
        self.client.post(action("submit"))
        self.login(p_approver)
        asked = self.client.post(action("accept"))  # the lead unit is at 50 %: the page asks first
        self.assertContains(asked, 'data-testid="accept-warning"')
        self.assertContains(asked, "50%")
        task.refresh_from_db()
        self.assertEqual(task.status, "submitted")
        response = self.client.post(action("accept"), {"confirmed": "1"})
        self.assertEqual(response.status_code, 302)
        task.refresh_from_db()
        self.assertEqual((task.status, task.progress, task.completed_on_time), ("done", 100, True))
        self.assertEqual(task.deadline_in_force.strftime("%d/%m/%Y"), later)
        page = self.client.get(self.url("detail", task))
        self.assertContains(page, 'data-testid="units"')

    def test_a_bad_extension_request_is_answered_at_the_field_and_keeps_the_input(self):
        task = make_task(self.world)
        lead = task.lead_unit()
        self.login(self.world.a_reporter)
        url = reverse("work:task_action", args=[task.pk, "extend"])
        earlier = (task.deadline_in_force - datetime.timedelta(days=1)).strftime("%d/%m/%Y")
        response = self.client.post(url, {"unit": lead.pk, "requested_deadline": earlier, "reason": "Mưa lũ kéo dài"})
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'data-field="requested_deadline"', status_code=400)
        self.assertContains(response, "Mưa lũ kéo dài", status_code=400)  # the reason typed is still there
        bad_date = self.client.post(url, {"unit": lead.pk, "requested_deadline": "31/02/2030", "reason": "Lý do"})
        self.assertContains(bad_date, 'data-field="requested_deadline"', status_code=400)
        self.assertFalse(task.extensions.exists())

    def test_unknown_action_is_refused(self):
        task = make_task(self.world)
        self.login(self.world.a_reporter)
        self.assertEqual(self.client.post(reverse("work:task_action", args=[task.pk, "explode"])).status_code, 403)

    def test_filters_overdue_and_unit(self):
        late = make_task(self.world, deadline=datetime.date.today() - datetime.timedelta(days=2))
        make_task(self.world, lead=self.world.a1)
        self.login(self.world.p_viewer)
        response = self.client.get(self.url("list"), {"overdue": "true"})
        self.assertEqual(self.listed_pks(response), {late.pk})
        response = self.client.get(self.url("list"), {"lead": self.world.a1.pk})
        self.assertEqual(len(self.listed_pks(response)), 1)


class TestTaskAPI(TaskRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/tasks/"

    def api_data(self, owner):
        return {
            "title": f"API {next(counter)}",
            "assigned_by_org": owner.pk,
            "deadline": "2026-07-01",
            "lead": owner.pk,
        }

    def invalid_api_data(self, owner):
        return {"title": "x", "assigned_by_org": owner.pk, "deadline": "2026-07-01"}, "lead"

    def test_workflow_actions(self):
        p_approver = make_user("p_approver", self.world.province, Role.APPROVER)
        task = make_task(self.world)
        lead = task.lead_unit()
        self.as_user(self.world.a_reporter)
        response = self.api.post(
            f"{self.detail(task)}report/", {"unit": lead.pk, "progress": 70, "text": "Tiến độ"}, format="json"
        )
        self.assertEqual(response.json()["progress"], 70)
        self.assertEqual(self.api.post(f"{self.detail(task)}accept/").status_code, 403)
        self.assertEqual(self.api.post(f"{self.detail(task)}submit/").status_code, 200)
        self.as_user(p_approver)
        bad = self.api.post(f"{self.detail(task)}return/", {"reason": ""}, format="json")
        self.assertEqual(bad.status_code, 400)
        self.assertEqual(self.api.post(f"{self.detail(task)}accept/").json()["status"], "done")


class TestTaskRules(WorldMixin, TestCase):
    def test_page_shows_workflow_buttons_by_role(self):
        task = make_task(self.world)
        self.client.force_login(self.world.a_reporter)
        page = self.client.get(reverse("work:task_detail", args=[task.pk]))
        self.assertContains(page, 'data-testid="report-progress"')
        self.assertNotContains(page, 'data-testid="accept-task"')
        self.client.force_login(self.world.a_viewer)
        page = self.client.get(reverse("work:task_detail", args=[task.pk]))
        self.assertNotContains(page, 'data-testid="report-progress"')


class TestTaskExport(WorldMixin, TestCase):
    def test_every_list_exports_names_labels_and_dates(self):
        import io

        import openpyxl

        make_task(self.world, deadline=datetime.date(2026, 7, 1), title="Tuần tra mốc 1117")
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("work:task_list"), {"export": "xlsx"})
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        header = [c.value for c in sheet[1]]
        row = dict(zip(header, [c.value for c in sheet[2]], strict=True))
        self.assertEqual(row["Tiêu đề"], "Tuần tra mốc 1117")
        self.assertEqual(row["Thời hạn"], datetime.datetime(2026, 7, 1))  # a real date, shown dd/mm/yyyy
        self.assertEqual(sheet["A1"].font.bold, True)
        self.assertEqual(row["Đơn vị giao"], str(self.world.province))
        self.assertEqual(row["Trạng thái"], "Mới giao")
