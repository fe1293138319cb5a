"""Situation notes reach the post's superiors: they are told, find the note in "Việc cần xử lý" until one of them
marks it read, and a handling task is opened from the note in one step."""

import datetime

from django.test import TestCase
from rest_framework.test import APIClient

from phoihop.core.testing.views import WorldMixin
from phoihop.programs.tests.factories import make_commune
from phoihop.security.models import SituationNote
from phoihop.security.services import situation_note_follow_up
from phoihop.security.tests.factories import category, make_note
from phoihop.work.models import Notification, Task


class NoteWorld(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.commune = make_commune("T20991", "Đồng Đăng")

    def post_note(self, user=None, **extra):
        self.client.force_login(user or self.world.a_reporter)
        data = {
            "post": self.world.a.pk,
            "noted_on": "05/12/2025",
            "category": category("ma-tuy").pk,
            "commune": self.commune.pk,
            "assessment": "Phát hiện nhóm đối tượng lạ vận chuyển hàng qua đường mòn",
            "source_reliability": "reliable",
            "classification": 0,
            **extra,
        }
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post("/security/situation-notes/add/", data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        return SituationNote.objects.latest("pk")


class TestRouting(NoteWorld, TestCase):
    def test_the_superiors_are_told_and_find_it_to_read(self):
        note = self.post_note()
        told = Notification.objects.filter(url=note.get_absolute_url())
        self.assertEqual({n.user for n in told}, {self.world.p_admin})  # the province's approvers and admins
        self.assertIn("Đồn Biên phòng Ba Sơn", told.get().title)
        self.client.force_login(self.world.p_admin)
        todo = {item["key"]: item for item in self.client.get("/").context["todo"]}
        item = todo["situation_notes_to_read"]
        self.assertEqual(item["count"], 1)
        listed = self.client.get(item["url"])
        self.assertEqual([row.record.pk for row in listed.context["table"].paginated_rows], [note.pk])
        # the post's own reporter has nothing to read
        self.client.force_login(self.world.a_reporter)
        todo = {item["key"] for item in self.client.get("/").context["todo"]}
        self.assertNotIn("situation_notes_to_read", todo)

    def test_a_superior_marks_it_read(self):
        note = self.post_note()
        self.client.force_login(self.world.a_reporter)
        self.assertEqual(self.client.post(f"/security/situation-notes/{note.pk}/read/").status_code, 403)
        self.client.force_login(self.world.p_admin)
        page = self.client.get(note.get_absolute_url())
        self.assertContains(page, 'data-testid="acknowledge"')
        self.client.post(f"/security/situation-notes/{note.pk}/read/")
        note.refresh_from_db()
        self.assertEqual(note.acknowledged_by, self.world.p_admin)
        todo = {item["key"] for item in self.client.get("/").context["todo"]}
        self.assertNotIn("situation_notes_to_read", todo)

    def test_a_classified_note_tells_only_the_cleared_and_says_nothing_of_it(self):
        from phoihop.accounts.models import User

        User.objects.filter(pk=self.world.p_admin.pk).update(clearance=1)
        note = self.post_note(
            self.world.a_secret,
            classification=1,
            assessment="",
            holding_unit=self.world.a.pk,
            custodian="Trợ lý trinh sát",
            storage_place="Tủ mật",
        )
        told = Notification.objects.get(url=note.get_absolute_url())
        self.assertEqual(told.user, self.world.p_admin)
        self.assertIn("độ mật", told.body)

    def test_the_api_marks_read(self):
        note = make_note(self.world.a)
        api = APIClient()
        api.force_authenticate(self.world.p_admin)
        response = api.post(f"/api/security/situation-notes/{note.pk}/read/", {}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIsNotNone(response.json()["acknowledged_at"])
        api.force_authenticate(self.world.b_admin)
        self.assertEqual(api.post(f"/api/security/situation-notes/{note.pk}/read/").status_code, 404)


class TestHandlingTask(NoteWorld, TestCase):
    def test_one_step_from_the_page(self):
        note = self.post_note()
        page = self.client.get(note.get_absolute_url())
        self.assertContains(page, 'data-testid="open-follow-up"')
        deadline = datetime.date.today() + datetime.timedelta(days=10)
        with self.captureOnCommitCallbacks(execute=True):
            response = self.client.post(
                f"/security/situation-notes/{note.pk}/follow-up/", {"deadline": deadline.strftime("%d/%m/%Y")}
            )
        self.assertEqual(response.status_code, 302)
        note.refresh_from_db()
        task = note.follow_up_task
        self.assertEqual(task.deadline, deadline)
        self.assertEqual(task.lead_unit().organisation, self.world.a)
        self.assertEqual(task.assigned_by_org, self.world.a)
        self.assertIn("Đồn Biên phòng Ba Sơn", task.title)
        self.assertContains(self.client.get(note.get_absolute_url()), 'data-testid="follow-up-task"')
        # once per note
        self.client.post(f"/security/situation-notes/{note.pk}/follow-up/", {"deadline": deadline.strftime("%d/%m/%Y")})
        self.assertEqual(Task.objects.filter(situation_notes=note).count(), 1)

    def test_a_past_deadline_is_a_field_error(self):
        note = self.post_note()
        response = self.client.post(f"/security/situation-notes/{note.pk}/follow-up/", {"deadline": "01/01/2020"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("deadline", response.context["follow_up_form"].errors)
        note.refresh_from_db()
        self.assertIsNone(note.follow_up_task_id)

    def test_a_superior_assigns_it_from_the_command(self):
        note = make_note(self.world.a)
        note = situation_note_follow_up(acting_user=self.world.p_admin, note=note)
        self.assertEqual(note.follow_up_task.assigned_by_org, self.world.province)
        self.assertEqual(note.follow_up_task.lead_unit().organisation, self.world.a)

    def test_the_task_is_as_classified_as_the_note(self):
        note = make_note(self.world.a, classification=2)
        note = situation_note_follow_up(acting_user=self.world.a_secret, note=note)
        self.assertEqual(note.follow_up_task.classification, 2)
        self.assertEqual(note.follow_up_task.description, "")

    def test_a_viewer_may_not(self):
        note = make_note(self.world.a)
        self.client.force_login(self.world.a_viewer)
        self.assertNotContains(self.client.get(note.get_absolute_url()), 'data-testid="open-follow-up"')
        response = self.client.post(f"/security/situation-notes/{note.pk}/follow-up/", {"deadline": "01/01/2030"})
        self.assertEqual(response.status_code, 403)

    def test_the_api_opens_it(self):
        note = make_note(self.world.a)
        api = APIClient()
        api.force_authenticate(self.world.a_reporter)
        response = api.post(f"/api/security/situation-notes/{note.pk}/follow-up/", {}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertIsNotNone(response.json()["follow_up_task"])
        again = api.post(f"/api/security/situation-notes/{note.pk}/follow-up/", {}, format="json")
        self.assertEqual(again.status_code, 400)
        for body in ([], "x", 1):
            self.assertLess(
                api.post(f"/api/security/situation-notes/{note.pk}/follow-up/", body, format="json").status_code, 500
            )
