"""Base test classes: each record type's view tests supply data; these check every rule.

Usage::

    class TestOrganisationViews(RecordViewTests, TestCase):
        model = Organisation
        def make_record(self, owner, **kw): ...
        def form_data(self, owner): ...
        def invalid_form_data(self, owner): return data, "field"
"""

import io

import openpyxl
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.audit.models import ChangeRecord
from phoihop.core.choices import Role
from phoihop.core.testing.world import build_world, editor_for


def state_purpose(client, purpose="reporting", note=""):
    """The signed-in test client's session has said why it processes personal data (``audit.personal_data``), as
    a person does on the purpose form before the first page of personal data."""
    from phoihop.audit.personal_data import SESSION_KEY

    session = client.session
    session[SESSION_KEY] = {"code": purpose, "note": note}
    session.save()


class WorldMixin:
    @classmethod
    def setUpTestData(cls):
        cls.world = build_world()

    def login(self, user):
        """Sign in as ``user``, who has stated a purpose for personal data in this session (the purpose form has
        tests of its own: ``audit/tests/test_personal_data_access.py``)."""
        self.client.force_login(user)
        state_purpose(self.client)


class RecordViewTests(WorldMixin):
    model = None
    has_import_export = True

    # --- hooks a record type supplies ----------------------------------------------------------------
    def make_record(self, owner, **kwargs):
        raise NotImplementedError

    def form_data(self, owner):
        raise NotImplementedError

    def invalid_form_data(self, owner):
        """(POST data, name of the field that must carry the error)."""
        raise NotImplementedError

    # --- helpers -------------------------------------------------------------------------------------
    def url(self, action, obj=None):
        kwargs = {"pk": obj.pk} if obj is not None else None
        return reverse(self.model.url_name(action), kwargs=kwargs)

    @property
    def editor(self):
        return editor_for(self.world, self.model)

    @property
    def public(self):
        return getattr(self.model, "access_public_read", False)

    def listed_pks(self, response):
        return {row.record.pk for row in response.context["table"].paginated_rows}

    def edit_data(self, obj, owner):
        data = self.form_data(owner)
        data["version"] = obj.version
        return data

    # --- the checks -----------------------------------------------------------------------------------
    def test_anonymous_is_sent_to_login(self):
        record = self.make_record(self.world.a)
        for url in (self.url("list"), self.url("detail", record), self.url("history", record)):
            response = self.client.get(url)
            self.assertEqual(response.status_code, 302, url)
            self.assertIn(reverse("accounts:login"), response["Location"])

    def test_list_shows_exactly_the_scope(self):
        own = self.make_record(self.world.a)
        other = self.make_record(self.world.b)
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("list"), {"per_page": 100})
        self.assertEqual(response.status_code, 200)
        pks = self.listed_pks(response)
        self.assertIn(own.pk, pks)
        if not self.public:
            self.assertNotIn(other.pk, pks)

    def test_outsider_gets_404_everywhere(self):
        if self.public:
            return
        record = self.make_record(self.world.a)
        self.login(self.world.b_admin)
        for action in ("detail", "edit", "delete", "history"):
            response = self.client.get(self.url(action, record))
            self.assertEqual(response.status_code, 404, action)
        response = self.client.post(self.url("edit", record), self.edit_data(record, self.world.b))
        self.assertEqual(response.status_code, 404)

    def test_insufficient_role_gets_403(self):
        role = self.model.access_edit_role
        if role is not None and role <= Role.VIEWER:
            return
        record = self.make_record(self.world.a)
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.get(self.url("detail", record)).status_code, 200)
        self.assertEqual(self.client.get(self.url("edit", record)).status_code, 403)
        self.assertEqual(self.client.post(self.url("delete", record)).status_code, 403)
        self.assertEqual(self.client.get(self.url("add")).status_code, 403)

    def test_insufficient_clearance_gets_404(self):
        if not any(f.name == "classification" for f in self.model._meta.fields):
            return
        record = self.make_record(self.world.a, classification=2)
        self.login(self.world.a_admin)  # clearance 0
        self.assertEqual(self.client.get(self.url("detail", record)).status_code, 404)
        self.login(self.world.a_secret)
        self.assertEqual(self.client.get(self.url("detail", record)).status_code, 200)

    def test_create_writes_history(self):
        self.login(self.editor)
        data = self.form_data(self.world.a)
        before = set(self.model.objects.values_list("pk", flat=True))
        response = self.client.post(self.url("add"), data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", {}) and response.context["form"].errors
        )
        created = self.model.objects.exclude(pk__in=before).get()
        self.assertEqual(created.created_by, self.editor)
        entry = ChangeRecord.objects.get(
            object_pk=str(created.pk),
            content_type__model=self.model._meta.model_name,
            action=ChangeRecord.Action.CREATE,
        )
        self.assertEqual(entry.actor, self.editor)
        history = self.client.get(self.url("history", created))
        self.assertContains(history, 'data-testid="history"')

    def test_bad_input_shows_field_errors_and_writes_nothing(self):
        self.login(self.editor)
        count = self.model.all_objects.count()
        data, field = self.invalid_form_data(self.world.a)
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn(field, response.context["form"].errors)
        self.assertEqual(self.model.all_objects.count(), count)

    def test_stale_edit_is_refused_and_other_change_survives(self):
        record = self.make_record(self.world.a)
        self.login(self.editor)
        first = self.edit_data(record, self.world.a)
        response = self.client.post(self.url("edit", record), first)
        self.assertEqual(response.status_code, 302)
        record.refresh_from_db()
        saved_version = record.version
        update = ChangeRecord.objects.filter(
            object_pk=str(record.pk), content_type__model=self.model._meta.model_name, action=ChangeRecord.Action.UPDATE
        ).first()
        self.assertIsNotNone(update, "a valid update writes a history entry")
        self.assertEqual(update.actor, self.editor)
        self.assertTrue(update.changes)
        stale = self.edit_data(record, self.world.a)
        stale["version"] = saved_version - 1
        response = self.client.post(self.url("edit", record), stale)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, 'data-testid="current-version"', status_code=409)
        record.refresh_from_db()
        self.assertEqual(record.version, saved_version)

    def test_delete_is_recoverable_with_history(self):
        record = self.make_record(self.world.a)
        self.login(self.editor)
        response = self.client.post(self.url("delete", record), {"version": record.version})
        self.assertEqual(response.status_code, 302)
        self.assertFalse(self.model.objects.filter(pk=record.pk).exists())
        self.assertEqual(self.client.get(self.url("detail", record)).status_code, 404)
        response = self.client.post(reverse("audit:recycle_bin"), {"model": self.model._meta.label, "pk": record.pk})
        self.assertEqual(response.status_code, 302)
        self.assertTrue(self.model.objects.filter(pk=record.pk).exists())
        actions = list(
            ChangeRecord.objects.filter(
                object_pk=str(record.pk), content_type__model=self.model._meta.model_name
            ).values_list("action", flat=True)
        )
        self.assertIn(ChangeRecord.Action.DELETE, actions)

    def test_list_query_count_does_not_grow_with_rows(self):
        self.login(self.world.a_viewer)
        for _ in range(2):
            self.make_record(self.world.a)
        self.client.get(self.url("list"))  # warm-up: per-process caches (content types) are not per-row queries
        with CaptureQueriesContext(connection) as few:
            self.client.get(self.url("list"), {"per_page": 100})
        for _ in range(8):
            self.make_record(self.world.a)
        with CaptureQueriesContext(connection) as many:
            self.client.get(self.url("list"), {"per_page": 100})
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])

    def test_search_box_and_export_follow_the_gate(self):
        if not self.has_import_export:
            return
        own = self.make_record(self.world.a)
        other = self.make_record(self.world.b)
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("list"), {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        sheet = openpyxl.load_workbook(io.BytesIO(response.content)).active
        cells = {str(c.value) for row in sheet.iter_rows() for c in row if c.value is not None}
        self.assertTrue(any(str(v) in cells for v in self.export_keys(own)))
        if not self.public:
            self.assertFalse(any(str(v) in cells for v in self.export_keys(other)))

    def test_exports_write_formulas_as_text(self):
        """A formula typed into any text field is exported as text (.xlsx and .csv, page and background job)."""
        from phoihop.core.models import BackgroundExport
        from phoihop.core.testing import formulas

        if not self.has_import_export:
            return
        record = self.make_record(self.world.a)
        payloads = formulas.inject_formulas(record)
        self.login(self.world.a_viewer)
        for fmt in ("xlsx", "csv"):
            page = self.client.get(self.url("list"), {"export": fmt})
            self.assertEqual(page.status_code, 200)
            self.client.post(reverse("core:exports"), {"model": self.model._meta.label, "query": "", "fmt": fmt})
            export = BackgroundExport.objects.filter(user=self.world.a_viewer, fmt=fmt).latest("pk")
            self.assertEqual(export.status, "done", export.error)
            job = b"".join(self.client.get(reverse("core:export_download", args=[export.pk])).streaming_content)
            for content in (page.content, job):
                if fmt == "xlsx":
                    self.assertEqual(formulas.formula_problems_xlsx(content), [])
                    values = formulas.xlsx_texts(content)
                else:
                    self.assertEqual(formulas.formula_problems_csv(content), [])
                    values = formulas.csv_cells(content)
                carrying, raw = formulas.neutralised(values, payloads)
                self.assertEqual(raw, [])
                if payloads:
                    self.assertTrue(carrying, f"no exported column carries {payloads}")

    def export_keys(self, obj):
        return [getattr(obj, "code", None) or obj.pk]
