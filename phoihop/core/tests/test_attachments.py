"""File attachments: type detection, the gate through the parent record, storage, history, soft delete."""

import io
import itertools
import os
import shutil
import tempfile
import zipfile
from unittest import mock

import openpyxl
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from docx import Document

from phoihop.audit.models import ChangeRecord
from phoihop.core.attachments import attachment_add, attachments_of, detect_type, validate_upload
from phoihop.core.choices import Classification
from phoihop.core.models import Attachment
from phoihop.core.services import record_restore
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user
from tests.testapp.models import SecretNote

counter = itertools.count(1)

PDF_BYTES = (
    b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n"
    b"2 0 obj<</Type/Pages/Kids[]/Count 0>>endobj\n"
    b"trailer<</Root 1 0 R>>\n%%EOF\n"
)
# A 1×1 transparent PNG.
PNG_BYTES = bytes.fromhex(
    "89504e470d0a1a0a0000000d49484452000000010000000108060000001f15c489"
    "0000000d49444154789c6360000002000001e221bc330000000049454e44ae426082"
)
JPEG_BYTES = b"\xff\xd8\xff\xe0\x00\x10JFIF\x00\x01\x01\x00\x00\x01\x00\x01\x00\x00\xff\xd9"
EXE_BYTES = b"MZ\x90\x00\x03\x00\x00\x00\x04\x00\x00\x00\xff\xff\x00\x00" + b"\x00" * 64 + b"This program cannot be run"

DOCX_MIME = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_MIME = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def docx_bytes():
    document = Document()
    document.add_paragraph("Biên bản tuần tra chung")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def xlsx_bytes():
    workbook = openpyxl.Workbook()
    workbook.active["A1"] = "Số liệu"
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def plain_zip_bytes():
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("readme.txt", "not a document")
    return buffer.getvalue()


def upload(name, content, content_type="application/octet-stream"):
    return SimpleUploadedFile(name, content, content_type=content_type)


class MediaRootMixin:
    """Each test stores files in its own temporary MEDIA_ROOT."""

    def setUp(self):
        super().setUp()
        self.media_root = tempfile.mkdtemp(prefix="phoihop-attachments-")
        self.addCleanup(shutil.rmtree, self.media_root, ignore_errors=True)
        settings_override = override_settings(MEDIA_ROOT=self.media_root)
        settings_override.enable()
        self.addCleanup(settings_override.disable)

    def stored_files(self):
        return [os.path.join(root, name) for root, _dirs, names in os.walk(self.media_root) for name in names]


class TestDetectType(TestCase):
    def test_allowed_types_are_detected_from_content(self):
        self.assertEqual(detect_type(PDF_BYTES, "bien-ban.pdf"), ("application/pdf", ".pdf"))
        self.assertEqual(detect_type(PNG_BYTES, "anh.PNG"), ("image/png", ".png"))
        self.assertEqual(detect_type(JPEG_BYTES, "anh.jpeg"), ("image/jpeg", ".jpg"))
        self.assertEqual(detect_type(JPEG_BYTES, "anh.jpg"), ("image/jpeg", ".jpg"))
        self.assertEqual(detect_type(docx_bytes(), "van-ban.docx"), (DOCX_MIME, ".docx"))
        self.assertEqual(detect_type(xlsx_bytes(), "so-lieu.xlsx"), (XLSX_MIME, ".xlsx"))

    def test_other_content_is_rejected(self):
        for content, name in (
            (EXE_BYTES, "setup.pdf"),
            (plain_zip_bytes(), "van-ban.docx"),
            (b"<html><script>alert(1)</script></html>", "trang.pdf"),
            (b"PK\x03\x04 broken zip", "so-lieu.xlsx"),
        ):
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                detect_type(content, name)
            self.assertEqual(caught.exception.error_dict["file"][0].code, "file_type")

    def test_extension_must_match_content(self):
        for content, name in ((docx_bytes(), "van-ban.pdf"), (PDF_BYTES, "bien-ban.docx"), (PNG_BYTES, "anh")):
            with self.subTest(name=name), self.assertRaises(ValidationError) as caught:
                detect_type(content, name)
            self.assertEqual(caught.exception.error_dict["file"][0].code, "file_extension")

    def test_empty_and_too_large_files_are_rejected(self):
        with self.assertRaises(ValidationError):
            validate_upload(upload("rong.pdf", b""))
        with override_settings(ATTACHMENT_MAX_BYTES=10), self.assertRaises(ValidationError) as caught:
            validate_upload(upload("bien-ban.pdf", PDF_BYTES))
        self.assertEqual(caught.exception.error_dict["file"][0].code, "too_large")
        self.assertEqual(validate_upload(upload("bien-ban.pdf", PDF_BYTES)), ("application/pdf", ".pdf"))


class AttachmentWorld(MediaRootMixin, WorldMixin):
    def make_note(self, owner=None, **kwargs):
        return SecretNote.objects.create(
            organisation=owner or self.world.a, title=f"Ghi chép {next(counter)}", **kwargs
        )

    def attach(self, note, name="bien-ban.pdf", content=PDF_BYTES, user=None, title=""):
        return attachment_add(
            acting_user=user or self.world.a_reporter, record=note, uploaded_file=upload(name, content), title=title
        )

    def post_upload(self, note, name="bien-ban.pdf", content=PDF_BYTES, htmx=False, **fields):
        data = {
            "content_type": "testapp.secretnote",
            "object_id": note.pk,
            "file": upload(name, content, "application/pdf"),
            "title": "Biên bản",
        }
        data.update(fields)
        headers = {"HX-Request": "true"} if htmx else None
        return self.client.post(reverse("core:attachment_upload"), data, headers=headers)

    def download(self, attachment):
        return self.client.get(reverse("core:attachment_download", args=[attachment.pk]))


class TestAttachmentViews(AttachmentWorld, TestCase):
    def test_upload_stores_detected_type_and_writes_history(self):
        note = self.make_note()
        self.login(self.world.a_reporter)
        response = self.post_upload(note, name="Biên bản họp.pdf")
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], note.get_absolute_url())
        attachment = Attachment.objects.get()
        self.assertEqual(attachment.record, note)
        self.assertEqual(attachment.mime_type, "application/pdf")
        self.assertEqual(attachment.original_name, "Biên bản họp.pdf")
        self.assertEqual(attachment.size, len(PDF_BYTES))
        self.assertEqual(len(attachment.sha256), 64)
        self.assertEqual(attachment.title, "Biên bản")
        self.assertEqual(attachment.created_by, self.world.a_reporter)
        # Stored under a random name with the detected extension, never the user's name.
        self.assertRegex(attachment.file.name, r"^attachments/\d{4}/\d{2}/[0-9a-f]{32}\.pdf$")
        self.assertEqual(len(self.stored_files()), 1)
        entry = ChangeRecord.objects.get(
            content_type__model="attachment", object_pk=str(attachment.pk), action=ChangeRecord.Action.CREATE
        )
        self.assertEqual(entry.actor, self.world.a_reporter)
        self.assertEqual(entry.organisation_id, self.world.a.pk)

    def test_docx_and_xlsx_uploads(self):
        note = self.make_note()
        self.login(self.world.a_reporter)
        self.assertEqual(self.post_upload(note, name="van-ban.docx", content=docx_bytes()).status_code, 302)
        self.assertEqual(self.post_upload(note, name="so-lieu.xlsx", content=xlsx_bytes()).status_code, 302)
        self.assertEqual(self.post_upload(note, name="anh.png", content=PNG_BYTES).status_code, 302)
        self.assertEqual(
            sorted(Attachment.objects.values_list("mime_type", flat=True)), sorted([DOCX_MIME, XLSX_MIME, "image/png"])
        )

    def test_member_downloads_the_bytes_with_safe_headers(self):
        note = self.make_note()
        attachment = self.attach(note, name="Kế hoạch.pdf")
        self.login(self.world.a_viewer)
        response = self.download(attachment)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(b"".join(response.streaming_content), PDF_BYTES)
        self.assertEqual(response["Content-Type"], "application/pdf")
        self.assertEqual(response["X-Content-Type-Options"], "nosniff")
        self.assertEqual(response["Content-Security-Policy"], "sandbox")
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertIn("K%E1%BA%BF%20ho%E1%BA%A1ch.pdf", response["Content-Disposition"])

    def test_anonymous_is_sent_to_login(self):
        attachment = self.attach(self.make_note())
        response = self.download(attachment)
        self.assertEqual(response.status_code, 302)
        self.assertIn(reverse("accounts:login"), response["Location"])

    def test_outsider_gets_404_for_download_upload_and_delete(self):
        note = self.make_note()
        attachment = self.attach(note)
        self.login(self.world.b_admin)
        self.assertEqual(self.download(attachment).status_code, 404)
        self.assertEqual(self.post_upload(note).status_code, 404)
        response = self.client.post(reverse("core:attachment_delete", args=[attachment.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Attachment.objects.count(), 1)

    def test_viewer_may_download_but_not_upload_or_delete(self):
        note = self.make_note()
        attachment = self.attach(note)
        self.login(self.world.a_viewer)
        self.assertEqual(self.post_upload(note).status_code, 403)
        response = self.client.post(reverse("core:attachment_delete", args=[attachment.pk]))
        self.assertEqual(response.status_code, 404)
        self.assertEqual(Attachment.objects.count(), 1)
        self.assertEqual(len(self.stored_files()), 1)

    def test_unknown_or_unattachable_record_type_is_404(self):
        note = self.make_note()
        self.login(self.world.a_admin)
        for label in ("orgs.organisation", "nonsense", "testapp.nothing", ""):
            with self.subTest(label=label):
                response = self.post_upload(note, content_type=label)
                self.assertEqual(response.status_code, 404)
        self.assertEqual(self.client.get(reverse("core:attachment_upload")).status_code, 405)

    @override_settings(STATE_SECRET_CONTENT=True)  # files on a classified record: a cipher-approved site
    def test_clearance_below_the_parent_classification_is_404(self):
        note = self.make_note(classification=Classification.SECRET)
        attachment = self.attach(note, user=self.world.a_secret)
        self.login(self.world.a_admin)  # clearance 0
        self.assertEqual(self.download(attachment).status_code, 404)
        self.assertEqual(self.post_upload(note).status_code, 404)
        self.login(self.world.a_secret)
        self.assertEqual(self.download(attachment).status_code, 200)

    @override_settings(STATE_SECRET_CONTENT=True)  # files on a classified record: a cipher-approved site
    def test_superuser_without_clearance_does_not_see_classified_files(self):
        note = self.make_note(classification=Classification.SECRET)
        attachment = self.attach(note, user=self.world.a_secret)
        low_root = make_user("root_low", None, is_superuser=True, is_staff=True)
        self.login(low_root)
        self.assertEqual(self.download(attachment).status_code, 404)
        self.assertFalse(Attachment.objects.restrict(low_root).exists())
        self.login(self.world.superuser)
        self.assertEqual(self.download(attachment).status_code, 200)

    def test_fake_types_are_rejected_and_nothing_is_stored(self):
        note = self.make_note()
        self.login(self.world.a_reporter)
        cases = (
            ("setup.pdf", EXE_BYTES, "file_type"),
            ("van-ban.docx", plain_zip_bytes(), "file_type"),
            ("van-ban.pdf", docx_bytes(), "file_extension"),
            ("rong.pdf", b"", "empty"),
        )
        for name, content, code in cases:
            with self.subTest(name=name):
                response = self.post_upload(note, name=name, content=content)
                self.assertEqual(response.status_code, 302)
                page = self.client.get(response["Location"])
                self.assertContains(page, 'data-testid="attachments"')
                self.assertEqual([m.level_tag for m in page.context["messages"]], ["error"])
                response = self.post_upload(note, name=name, content=content, htmx=True)
                self.assertEqual(response.context["form"].errors.as_data()["file"][0].code, code)
        self.assertEqual(Attachment.all_objects.count(), 0)
        self.assertEqual(self.stored_files(), [])

    def test_htmx_upload_error_rerenders_the_partial_with_the_field_error(self):
        note = self.make_note()
        self.login(self.world.a_reporter)
        response = self.post_upload(note, name="setup.pdf", content=EXE_BYTES, htmx=True)
        self.assertEqual(response.status_code, 200)
        self.assertTemplateUsed(response, "core/_attachments.html")
        self.assertIn("file", response.context["form"].errors)
        self.assertContains(response, 'data-field="file"')
        self.assertEqual(Attachment.all_objects.count(), 0)
        self.assertEqual(self.stored_files(), [])
        response = self.post_upload(note, htmx=True)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-testid="attachment-link"')

    @override_settings(ATTACHMENT_MAX_BYTES=64)
    def test_too_large_is_rejected(self):
        note = self.make_note()
        self.login(self.world.a_reporter)
        response = self.post_upload(note, content=PDF_BYTES + b"%" * 100, htmx=True)
        self.assertEqual(response.context["form"].errors.as_data()["file"][0].code, "too_large")
        self.assertEqual(Attachment.all_objects.count(), 0)
        self.assertEqual(self.stored_files(), [])

    def test_delete_is_soft_and_restorable(self):
        note = self.make_note()
        attachment = self.attach(note)
        self.login(self.world.a_reporter)
        response = self.client.post(reverse("core:attachment_delete", args=[attachment.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertEqual(response["Location"], note.get_absolute_url())
        self.assertFalse(Attachment.objects.filter(pk=attachment.pk).exists())
        self.assertEqual(self.download(attachment).status_code, 404)
        self.assertEqual(len(self.stored_files()), 1)  # the file stays for a restore
        deleted = Attachment.all_objects.get(pk=attachment.pk)
        self.assertIsNotNone(deleted.deleted_at)
        self.assertTrue(
            ChangeRecord.objects.filter(
                content_type__model="attachment", object_pk=str(attachment.pk), action=ChangeRecord.Action.DELETE
            ).exists()
        )
        record_restore(acting_user=self.world.a_reporter, instance=deleted)
        self.assertTrue(Attachment.objects.filter(pk=attachment.pk).exists())
        self.assertEqual(self.download(attachment).status_code, 200)

    def test_recycle_bin_lists_and_restores_a_removed_file(self):
        note = self.make_note()
        attachment = self.attach(note, name="Phụ lục.pdf")
        self.login(self.world.a_reporter)
        self.client.post(reverse("core:attachment_delete", args=[attachment.pk]))
        self.assertContains(self.client.get(reverse("audit:recycle_bin")), "Phụ lục.pdf")
        self.login(self.world.b_admin)
        self.assertNotContains(self.client.get(reverse("audit:recycle_bin")), "Phụ lục.pdf")
        response = self.client.post(reverse("audit:recycle_bin"), {"model": "core.Attachment", "pk": attachment.pk})
        self.assertEqual(response.status_code, 404)
        self.login(self.world.a_reporter)
        response = self.client.post(reverse("audit:recycle_bin"), {"model": "core.Attachment", "pk": attachment.pk})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(Attachment.objects.filter(pk=attachment.pk).exists())

    @override_settings(STATE_SECRET_CONTENT=True)  # files on a classified record: a cipher-approved site
    def test_history_of_a_classified_parents_file_carries_its_classification(self):
        note = self.make_note(classification=Classification.SECRET)
        self.login(self.world.a_secret)
        self.post_upload(note)
        entry = ChangeRecord.objects.get(content_type__model="attachment", action=ChangeRecord.Action.CREATE)
        self.assertEqual(entry.classification, Classification.SECRET)
        self.assertEqual(entry.organisation_id, self.world.a.pk)

    def test_a_failed_write_leaves_no_file_behind(self):
        note = self.make_note()
        with (
            mock.patch("phoihop.core.attachments.record_save", side_effect=PermissionDenied),
            self.assertRaises(PermissionDenied),
        ):
            self.attach(note)
        self.assertEqual(Attachment.all_objects.count(), 0)
        self.assertEqual(self.stored_files(), [])

    def test_deleted_parent_hides_its_files(self):
        note = self.make_note()
        attachment = self.attach(note)
        SecretNote.objects.filter(pk=note.pk).update(deleted_at="2026-01-01T00:00:00Z")
        self.login(self.world.a_admin)
        self.assertEqual(self.download(attachment).status_code, 404)

    def test_detail_page_shows_the_attachments_block(self):
        note = self.make_note()
        self.attach(note, name="Biên bản.pdf", title="Biên bản ký kết")
        self.login(self.world.a_reporter)
        response = self.client.get(reverse("testapp:secretnote_detail", args=[note.pk]))
        self.assertContains(response, 'data-testid="attachments"')
        self.assertContains(response, 'data-testid="attachment-upload"')
        self.assertContains(response, 'data-testid="attachment-link"')
        self.assertContains(response, "Biên bản ký kết")
        self.assertContains(response, 'accept=".pdf,.docx,.xlsx,.png,.jpg,.jpeg"')
        self.login(self.world.a_viewer)
        response = self.client.get(reverse("testapp:secretnote_detail", args=[note.pk]))
        self.assertContains(response, 'data-testid="attachment-link"')
        self.assertNotContains(response, 'data-testid="attachment-upload"')

    def test_detail_page_query_count_does_not_grow_with_attachments(self):
        note = self.make_note()
        self.attach(note)
        self.login(self.world.a_reporter)
        url = reverse("testapp:secretnote_detail", args=[note.pk])
        self.client.get(url)
        with CaptureQueriesContext(connection) as few:
            self.client.get(url)
        for index in range(5):
            self.attach(note, user=self.world.a_admin if index % 2 else self.world.a_reporter)
        with CaptureQueriesContext(connection) as many:
            self.client.get(url)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])


class TestAttachmentGate(AttachmentWorld, TestCase):
    def test_restrict_is_one_query_for_a_list(self):
        notes = [self.make_note() for _ in range(3)]
        for note in notes:
            self.attach(note)
            self.attach(note, name="anh.png", content=PNG_BYTES)
        self.attach(self.make_note(self.world.b), user=self.world.b_admin)
        user = self.world.a_viewer
        list(Attachment.objects.restrict(user))  # memberships and content types are cached per user/process
        with CaptureQueriesContext(connection) as queries:
            count = Attachment.objects.restrict(user).count()
        self.assertEqual(count, 6)
        self.assertEqual(len(queries), 1)
        with CaptureQueriesContext(connection) as queries:
            rows = list(Attachment.objects.restrict(user).select_related("created_by"))
            names = [str(row.created_by) for row in rows]
        self.assertEqual(len(rows), 6)
        self.assertEqual(len(names), 6)
        self.assertEqual(len(queries), 1)
        with CaptureQueriesContext(connection) as queries:
            self.assertEqual(len(list(attachments_of(notes[0]))), 2)
        self.assertEqual(len(queries), 1)

    def test_gate_follows_the_parent_for_each_action(self):
        note = self.make_note()
        attachment = self.attach(note)
        for user, view, change in (
            (self.world.a_viewer, True, False),
            (self.world.a_reporter, True, True),
            (self.world.p_viewer, True, False),
            (self.world.b_admin, False, False),
        ):
            with self.subTest(user=user.username):
                self.assertEqual(Attachment.objects.restrict(user, "view").filter(pk=attachment.pk).exists(), view)
                self.assertEqual(Attachment.objects.restrict(user, "count").filter(pk=attachment.pk).exists(), view)
                for action in ("add", "change", "delete"):
                    exists = Attachment.objects.restrict(user, action).filter(pk=attachment.pk).exists()
                    self.assertEqual(exists, change, action)

    def test_service_refuses_a_user_who_may_not_change_the_record(self):
        note = self.make_note()
        with self.assertRaises(PermissionDenied):
            self.attach(note, user=self.world.a_viewer)
        self.assertEqual(Attachment.all_objects.count(), 0)
        self.assertEqual(self.stored_files(), [])
