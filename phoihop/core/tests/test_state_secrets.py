"""State secrets (Luật Bảo vệ bí mật nhà nước 2018, art. 5(5)): a record classified Mật or above is a register entry.

While ``STATE_SECRET_CONTENT`` is off (the test settings, as production) every content field of a classified record,
of the records whose level follows it and every file refuses content at the field — on the page, in the API, in an
import and on upload — and the register fields are required; with the setting on, content is allowed as before.
``check_state_secrets`` lists what already holds content.
"""

import datetime
import io
from unittest import mock

import tablib
from django.core.checks import run_checks
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.test import TestCase, override_settings
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.core.attachments import attachment_add
from phoihop.core.choices import Classification
from phoihop.core.importexport import run_import
from phoihop.core.models import Attachment
from phoihop.core.services import record_save
from phoihop.core.state_secrets import content_errors, records_holding_content
from phoihop.core.testing.registers import register_fields
from phoihop.core.testing.views import WorldMixin
from phoihop.work import services
from phoihop.work.models import (
    Dissemination,
    DisseminationSession,
    Document,
    ExtensionRequest,
    ProgressReport,
    Task,
    TaskUnit,
)
from phoihop.work.resources import DocumentResource
from phoihop.work.tests.factories import document_type, make_task
from tests.testapp.models import SecretNote

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n"
REFUSED_VI = "chỉ được ghi vào sổ đăng ký"  # the Vietnamese refusal, at the field
FILE_REFUSED_VI = "Không được đính kèm tệp"
REQUIRED_VI = "sổ đăng ký phải ghi rõ"
IN_THE_FUTURE = datetime.date.today() + datetime.timedelta(days=60)


def vi(client):
    client.defaults["HTTP_ACCEPT_LANGUAGE"] = "vi"
    return client


class StateSecretWorld(WorldMixin):
    def setUp(self):
        super().setUp()
        vi(self.client)
        self.api = vi(APIClient())

    def document(self, level=Classification.CONFIDENTIAL, **fields):
        document = Document(
            owner=self.world.a,
            doc_type=document_type(),
            number=fields.pop("number", "64/KH-BCH"),
            issuing_body="Bộ Chỉ huy BĐBP tỉnh",
            signed_on=datetime.date(2025, 6, 1),
            classification=level,
            **{**register_fields(self.world.a, level), **fields},
        )
        return record_save(acting_user=self.world.a_secret, instance=document)

    def task(self, level=Classification.CONFIDENTIAL, **fields):
        return make_task(
            self.world,
            assigner=self.world.a,
            lead=self.world.a1,
            user=self.world.a_secret,
            classification=level,
            **fields,
        )

    def refused(self, errors, field):
        messages = errors.get(field) if isinstance(errors, dict) else None
        self.assertTrue(messages, f"no error at {field!r}: {errors}")
        self.assertIn(REFUSED_VI, " ".join(str(m) for m in messages))


# --- the records ----------------------------------------------------------------------------------------------------


class TestModels(StateSecretWorld, TestCase):
    """Every classified model and every child whose level follows it refuses content while the setting is off."""

    def assert_refused(self, instance, *fields):
        with self.assertRaises(ValidationError) as caught:
            instance.full_clean()
        for field in fields:
            self.assertIn(field, caught.exception.error_dict, caught.exception)
            self.assertEqual(caught.exception.error_dict[field][0].code, "state_secret")

    def test_a_document_refuses_its_subject_and_summary(self):
        document = Document(
            owner=self.world.a,
            doc_type=document_type(),
            number="64/KH-BCH",
            issuing_body="BCH",
            subject="Kế hoạch phối hợp đấu tranh",
            summary="Nội dung",
            classification=Classification.CONFIDENTIAL,
            **register_fields(self.world.a, 1),
        )
        self.assert_refused(document, "subject", "summary")
        document.subject = document.summary = ""
        document.full_clean()  # a register entry: number, date, level, holder

    def test_a_register_entry_says_who_holds_the_paper_and_where(self):
        document = Document(
            owner=self.world.a, doc_type=document_type(), number="64/KH-BCH", issuing_body="BCH", classification=2
        )
        with self.assertRaises(ValidationError) as caught:
            document.full_clean()
        self.assertEqual(
            set(caught.exception.error_dict) & {"holding_unit", "custodian", "storage_place"},
            {
                "holding_unit",
                "custodian",
                "storage_place",
            },
        )
        unclassified = Document(
            owner=self.world.a, doc_type=document_type(), subject="Về biên giới", issuing_body="BCH"
        )
        unclassified.full_clean()  # nothing of the register is asked of an unclassified record

    def test_the_name_is_required_only_of_a_record_that_may_hold_content(self):
        task = Task(title="", assigned_by_org=self.world.a, deadline=IN_THE_FUTURE)
        with self.assertRaises(ValidationError) as caught:
            task.full_clean()
        self.assertEqual(caught.exception.error_dict["title"][0].code, "required")
        task = Task(title="", assigned_by_org=self.world.a, deadline=IN_THE_FUTURE, classification=1)
        task.holding_unit, task.custodian, task.storage_place = self.world.a, "Văn thư", "Tủ mật"
        task.full_clean()

    def test_a_task_and_the_records_that_follow_it(self):
        task = self.task()
        self.assert_refused(
            Task.objects.get(pk=task.pk).__class__(
                **{
                    "title": "Phối hợp đấu tranh",
                    "description": "Chi tiết",
                    "assigned_by_org": self.world.a,
                    "deadline": IN_THE_FUTURE,
                    "classification": 1,
                    **register_fields(self.world.a, 1),
                }
            ),
            "title",
            "description",
        )
        unit = task.units.get()
        unit.part = "Chủ trì"
        self.assert_refused(unit, "part")
        self.assert_refused(ProgressReport(unit=unit, text="Đã làm", progress=10), "text")
        ProgressReport(unit=unit, text="", progress=10).full_clean()  # the figures may be counted
        request = ExtensionRequest(task=task, requested_by=unit, requested_deadline=IN_THE_FUTURE, reason="Mưa lũ")
        self.assert_refused(request, "reason")

    def test_the_records_that_follow_a_document(self):
        document = self.document()
        duty = Dissemination(document=document, organisation=self.world.a1, assigned_by=self.world.a, note="Ghi chú")
        self.assert_refused(duty, "note")
        duty.note = ""
        duty = record_save(acting_user=self.world.a_secret, instance=duty, check_scope=False)
        session = DisseminationSession(
            dissemination=duty, held_on=datetime.date(2025, 6, 10), participants=12, presided_by="Đồng chí A", note="x"
        )
        self.assert_refused(session, "presided_by", "note")

    def test_a_record_of_another_app_uses_the_same_mixin(self):
        note = SecretNote(organisation=self.world.a, title="Nắm tình hình", classification=3)
        self.assert_refused(note, "title")

    @override_settings(STATE_SECRET_CONTENT=True)
    def test_content_is_allowed_with_the_setting_on(self):
        document = self.document(subject="Kế hoạch phối hợp", summary="Nội dung")
        self.assertEqual(str(document), "64/KH-BCH — Kế hoạch phối hợp")
        task = self.task(title="Phối hợp đấu tranh", description="Chi tiết")
        services.progress_report(acting_user=self.world.a_secret, unit=task.units.get(), text="Đã làm", progress=20)
        self.assertEqual(str(task), "Phối hợp đấu tranh")
        self.assertEqual(content_errors(Document(subject="", classification=1)), {"subject": mock.ANY})

    def test_raising_a_record_to_mat_is_refused_while_its_children_hold_content(self):
        task = self.task(level=0, title="Tuần tra chung")
        unit = task.units.get()
        services.progress_report(acting_user=self.world.a_secret, unit=unit, text="Đã tuần tra 2 lần", progress=20)
        task.refresh_from_db()
        task.title = ""
        task.classification = 1
        task.holding_unit, task.custodian, task.storage_place = self.world.a, "Văn thư", "Tủ mật"
        with self.assertRaises(ValidationError) as caught:
            task.full_clean()
        message = " ".join(caught.exception.message_dict["classification"])
        self.assertIn("1 báo cáo tiến độ", message)


class TestLabels(StateSecretWorld, TestCase):
    """A register entry is named by one neutral label, which tells nothing of its content."""

    def test_labels(self):
        document = self.document()
        self.assertEqual(str(document), "[Mật] 64/KH-BCH")
        self.assertEqual(document.register_label(named=False), "[Mật] Văn bản")
        unnumbered = self.document(level=Classification.SECRET, number="")
        self.assertEqual(str(unnumbered), f"[Tối mật] Văn bản số {unnumbered.pk}")
        task = self.task(level=Classification.SECRET)
        self.assertEqual(str(task), f"[Tối mật] Nhiệm vụ số {task.pk}")
        task.classification = Classification.TOP_SECRET
        self.assertEqual(task.register_label(named=False), "[Tuyệt mật] Nhiệm vụ")
        # a record stored with content before the rule (or on a cipher-approved site) is still named neutrally
        Task.objects.filter(pk=task.pk).update(title="Nội dung mật")
        self.assertEqual(str(Task.objects.get(pk=task.pk)), f"[Tối mật] Nhiệm vụ số {task.pk}")

    def test_lists_and_the_task_page_name_the_entry_by_its_label(self):
        task = self.task()
        self.client.force_login(self.world.a_secret)
        response = self.client.get(reverse("work:task_list"))
        self.assertContains(response, f"[Mật] Nhiệm vụ số {task.pk}")
        page = self.client.get(task.get_absolute_url())
        self.assertContains(page, f"[Mật] Nhiệm vụ số {task.pk}")
        self.assertContains(page, 'data-testid="attachments-state-secret"')  # no upload form on a register entry


# --- pages, API, import, files --------------------------------------------------------------------------------------


class TestForms(StateSecretWorld, TestCase):
    def document_data(self, **extra):
        return {
            "doc_type": document_type().pk,
            "number": "64/KH-BCH",
            "issuing_body": "Bộ Chỉ huy BĐBP tỉnh",
            "signed_on": "01/06/2025",
            "subject": "",
            "summary": "",
            "owner": self.world.a.pk,
            "classification": 1,
            "holding_unit": self.world.a.pk,
            "custodian": "Trợ lý văn thư bảo mật",
            "storage_place": "Tủ tài liệu mật, Phòng Tham mưu",
            **extra,
        }

    def test_the_document_form_refuses_content_at_the_field(self):
        self.client.force_login(self.world.a_secret)
        url = reverse("work:document_add")
        page = self.client.get(url)
        self.assertContains(page, 'data-testid="state-secret-note"')  # hidden until Mật or above is picked
        self.assertContains(page, "data-state-secret-level")
        self.assertContains(page, "phoihop/state_secrets.js")
        self.assertContains(page, "Để trống khi hồ sơ có độ mật")  # the content fields' help text
        response = self.client.post(url, self.document_data(summary="Phối hợp đấu tranh ma túy"))
        self.assertEqual(response.status_code, 400)
        form = response.context["form"]
        self.assertEqual(set(form.errors), {"summary"})
        self.assertIn(REFUSED_VI, form.errors["summary"][0])
        self.assertContains(response, 'data-field="summary"', status_code=400)
        self.assertNotContains(response, 'data-testid="state-secret-note" d-none', status_code=400)
        self.assertFalse(Document.objects.exists())
        response = self.client.post(url, self.document_data())
        self.assertEqual(response.status_code, 302)
        self.assertEqual(str(Document.objects.get()), "[Mật] 64/KH-BCH")

    def test_the_register_fields_are_required_on_the_form(self):
        self.client.force_login(self.world.a_secret)
        data = self.document_data(holding_unit="", custodian="", storage_place="")
        response = self.client.post(reverse("work:document_add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"holding_unit", "custodian", "storage_place"})
        self.assertIn(REQUIRED_VI, response.context["form"].errors["custodian"][0])

    def test_the_task_form_refuses_content_and_the_lead_units_part(self):
        self.client.force_login(self.world.a_secret)
        data = {
            "title": "Phối hợp đấu tranh",
            "description": "",
            "source_kind": "direct",
            "assigned_by_org": self.world.a.pk,
            "deadline": IN_THE_FUTURE.strftime("%d/%m/%Y"),
            "priority": 2,
            "classification": 2,
            "holding_unit": self.world.a.pk,
            "custodian": "Văn thư",
            "storage_place": "Tủ mật",
            "lead": self.world.a1.pk,
            "lead_part": "Chủ trì thực hiện",
        }
        response = self.client.post(reverse("work:task_add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.context["form"].errors), {"title", "lead_part"})
        response = self.client.post(reverse("work:task_add"), {**data, "title": "", "lead_part": ""})
        self.assertEqual(response.status_code, 302)
        task = Task.objects.get()
        self.assertEqual((task.title, task.classification, task.units.get().part), ("", 2, ""))

    def test_the_task_page_takes_reports_and_reasons_without_text(self):
        task = self.task()
        self.client.force_login(self.world.a_secret)
        page = self.client.get(task.get_absolute_url())
        self.assertContains(page, "Hồ sơ này thuộc một hồ sơ độ mật")  # the report's and the reason's help text
        url = reverse("work:task_action", args=[task.pk, "report"])
        response = self.client.post(url, {"unit": task.units.get().pk, "progress": 30, "text": "Đã bắt 2 đối tượng"})
        self.assertEqual(response.status_code, 400)
        self.assertIn(REFUSED_VI, response.context["progress_form"].errors["text"][0])
        self.assertEqual(self.client.post(url, {"unit": task.units.get().pk, "progress": 30}).status_code, 302)
        self.assertEqual(task.units.get().progress, 30)
        cancel = reverse("work:task_action", args=[task.pk, "cancel"])
        self.client.post(cancel, {"reason": "Lý do mật"})
        self.assertTrue(Task.objects.get(pk=task.pk).is_open)  # refused
        self.client.post(cancel, {"reason": ""})
        self.assertEqual(Task.objects.get(pk=task.pk).status, "cancelled")

    @override_settings(STATE_SECRET_CONTENT=True)
    def test_with_the_setting_on_the_form_takes_content_and_shows_no_rule(self):
        self.client.force_login(self.world.a_secret)
        page = self.client.get(reverse("work:document_add"))
        self.assertNotContains(page, 'data-testid="state-secret-note"')
        response = self.client.post(reverse("work:document_add"), self.document_data(subject="Kế hoạch", summary="x"))
        self.assertEqual(response.status_code, 302)


class TestAPI(StateSecretWorld, TestCase):
    def test_documents_answer_400_at_the_field(self):
        self.api.force_authenticate(self.world.a_secret)
        data = {
            "number": "64/KH-BCH",
            "doc_type": document_type().pk,
            "owner": self.world.a.pk,
            "issuing_body": "BCH",
            "subject": "Kế hoạch phối hợp đấu tranh",
            "classification": 1,
            "holding_unit": self.world.a.pk,
            "custodian": "Văn thư",
            "storage_place": "Tủ mật",
        }
        response = self.api.post("/api/work/documents/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(set(response.json()), {"subject"})
        self.refused(response.json(), "subject")
        response = self.api.post("/api/work/documents/", {**data, "subject": ""}, format="json")
        self.assertEqual(response.status_code, 201)
        self.assertEqual(response.json()["holding_unit"], self.world.a.pk)

    def test_tasks_and_their_workflow(self):
        self.api.force_authenticate(self.world.a_secret)
        data = {
            "title": "",
            "description": "Chi tiết",
            "assigned_by_org": self.world.a.pk,
            "deadline": IN_THE_FUTURE.isoformat(),
            "classification": 1,
            "holding_unit": self.world.a.pk,
            "custodian": "Văn thư",
            "storage_place": "Tủ mật",
            "lead": self.world.a1.pk,
        }
        response = self.api.post("/api/work/tasks/", data, format="json")
        self.assertEqual(response.status_code, 400)
        self.refused(response.json(), "description")
        response = self.api.post("/api/work/tasks/", {**data, "description": ""}, format="json")
        self.assertEqual(response.status_code, 201)
        task = Task.objects.get(pk=response.json()["id"])
        unit = task.units.get()
        report = f"/api/work/tasks/{task.pk}/report/"
        response = self.api.post(report, {"unit": unit.pk, "progress": 40, "text": "Đã làm"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.refused(response.json(), "text")
        self.assertEqual(self.api.post(report, {"unit": unit.pk, "progress": 40}, format="json").status_code, 200)
        response = self.api.post(f"/api/work/tasks/{task.pk}/cancel/", {"reason": "Lý do"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.refused(response.json(), "reason")
        self.assertEqual(self.api.post(f"/api/work/tasks/{task.pk}/cancel/", {}, format="json").status_code, 200)

    def test_an_unclassified_task_still_needs_its_texts(self):
        self.api.force_authenticate(self.world.a_secret)
        response = self.api.post("/api/work/tasks/", {"title": " ", "classification": 0}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("title", response.json())  # with the other field errors, as before
        self.assertIn("deadline", response.json())
        response = self.api.post("/api/work/tasks/", {"title": "", "classification": 1}, format="json")
        self.assertNotIn("title", response.json())  # optional on a register entry
        task = self.task(level=0)
        response = self.api.post(f"/api/work/tasks/{task.pk}/cancel/", {}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.json())
        response = self.api.post(
            f"/api/work/tasks/{task.pk}/report/", {"unit": task.units.get().pk, "progress": 5}, format="json"
        )
        self.assertEqual((response.status_code, list(response.json())), (400, ["text"]))


class TestImport(StateSecretWorld, TestCase):
    HEADERS = ["number", "doc_type", "owner", "issuing_body", "signed_on", "subject", "summary", "classification"]
    REGISTER = ["holding_unit", "custodian", "storage_place"]

    def test_a_classified_row_with_content_is_refused_by_row_and_column(self):
        document_type()
        dataset = tablib.Dataset(
            ["12-KH/TU", "chi-thi", "T-A", "Tỉnh ủy", "01/07/2025", "Về biên giới", "", 0, "", "", ""],
            ["64/KH-BCH", "chi-thi", "T-A", "BCH", "01/07/2025", "", "Nội dung mật", 1, "T-A", "Văn thư", "Tủ mật"],
            headers=self.HEADERS + self.REGISTER,
        )
        _result, errors = run_import(DocumentResource(user=self.world.a_secret), dataset, dry_run=False)
        self.assertEqual([(row, field) for row, field, _message in errors], [(3, "summary")])
        self.assertIn(REFUSED_VI, errors[0][2])
        self.assertFalse(Document.objects.exists())
        dataset[1] = ["64/KH-BCH", "chi-thi", "T-A", "BCH", "01/07/2025", "", "", 1, "T-A", "Văn thư", "Tủ mật"]
        _result, errors = run_import(DocumentResource(user=self.world.a_secret), dataset, dry_run=False)
        self.assertEqual(errors, [])
        self.assertEqual(Document.objects.get(classification=1).holding_unit, self.world.a)


class TestAttachments(StateSecretWorld, TestCase):
    def upload(self):
        return SimpleUploadedFile("bien-ban.pdf", PDF, content_type="application/pdf")

    def test_no_file_is_stored_on_a_register_entry(self):
        document = self.document()
        with self.assertRaises(ValidationError) as caught:
            attachment_add(acting_user=self.world.a_secret, record=document, uploaded_file=self.upload())
        self.assertIn(FILE_REFUSED_VI, caught.exception.message_dict["file"][0])
        task = self.task()
        report = services.progress_report(acting_user=self.world.a_secret, unit=task.units.get(), text="", progress=5)
        with self.assertRaises(ValidationError):  # a child's files follow its parent's level
            attachment_add(acting_user=self.world.a_secret, record=report, uploaded_file=self.upload())
        self.client.force_login(self.world.a_secret)
        data = {"content_type": "work.document", "object_id": document.pk, "file": self.upload(), "title": ""}
        response = self.client.post(reverse("core:attachment_upload"), data, headers={"HX-Request": "true"})
        self.assertContains(response, FILE_REFUSED_VI)
        self.assertFalse(Attachment.objects.exists())

    def test_the_model_refuses_it_too(self):
        document = self.document()
        attachment = Attachment(record=document, original_name="a.pdf", mime_type="application/pdf", size=3)
        attachment.file.name = "attachments/x.pdf"
        with self.assertRaises(ValidationError) as caught:
            attachment.full_clean()
        self.assertIn("file", caught.exception.error_dict)

    @override_settings(STATE_SECRET_CONTENT=True)
    def test_allowed_with_the_setting_on(self):
        document = self.document(subject="Kế hoạch")
        attachment_add(acting_user=self.world.a_secret, record=document, uploaded_file=self.upload())
        self.assertEqual(Attachment.objects.count(), 1)


# --- what is already stored -----------------------------------------------------------------------------------------


class TestCheckCommand(StateSecretWorld, TestCase):
    def run_command(self):
        out, err = io.StringIO(), io.StringIO()
        try:
            call_command("check_state_secrets", stdout=out, stderr=err)
        except CommandError as error:
            return error.returncode, out.getvalue()
        return 0, out.getvalue()

    def test_it_lists_the_records_holding_content_and_exits_non_zero(self):
        self.assertEqual(self.run_command()[0], 0)
        document = self.document()
        task = self.task()
        unit = task.units.get()
        # stored before the rule, or on a site that allowed content once
        Document.objects.filter(pk=document.pk).update(summary="Nội dung mật")
        TaskUnit.objects.filter(pk=unit.pk).update(part="Chủ trì")
        deleted = self.task()
        Task.objects.filter(pk=deleted.pk).update(description="x", deleted_at=datetime.datetime.now(datetime.UTC))
        with override_settings(STATE_SECRET_CONTENT=True):
            attachment_add(acting_user=self.world.a_secret, record=document, uploaded_file=TestAttachments.upload(self))
        status, output = self.run_command()
        self.assertEqual(status, 1)
        lines = output.splitlines()
        self.assertIn(f"work.Document\t{document.pk}\tsummary", lines)
        self.assertIn(f"work.TaskUnit\t{unit.pk}\tpart", lines)
        self.assertIn(f"work.Task\t{deleted.pk}\tdescription (deleted)", lines)
        attachment = Attachment.objects.get()
        self.assertIn(f"core.Attachment\t{attachment.pk}\twork.Document#{document.pk}", lines)
        self.assertEqual(len(list(records_holding_content())), 4)

    def test_it_notes_register_entries_without_their_holder(self):
        document = self.document()
        Document.objects.filter(pk=document.pk).update(holding_unit=None, storage_place="")
        status, output = self.run_command()
        self.assertEqual(status, 0)
        self.assertIn(f"note: work.Document\t{document.pk}\tregister entry without holding_unit, storage_place", output)

    def test_the_deploy_check_warns(self):
        def ids():
            return {message.id for message in run_checks(include_deployment_checks=True)}

        self.assertFalse({"phoihop.W101", "phoihop.W102"} & ids())
        document = self.document()
        Document.objects.filter(pk=document.pk).update(subject="Nội dung mật")
        self.assertIn("phoihop.W101", ids())
        with override_settings(STATE_SECRET_CONTENT=True):
            self.assertEqual({"phoihop.W101", "phoihop.W102"} & ids(), {"phoihop.W102"})
