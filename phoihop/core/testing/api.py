"""Base test class for a record type's API endpoint (same rules as the pages, in JSON)."""

from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from phoihop.audit.models import ChangeRecord
from phoihop.core.choices import Role
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import editor_for


class RecordAPITests(WorldMixin):
    model = None
    endpoint = None  # e.g. "/api/orgs/organisations/"

    def make_record(self, owner, **kwargs):
        raise NotImplementedError

    def api_data(self, owner):
        raise NotImplementedError

    def invalid_api_data(self, owner):
        """(JSON data, field that must carry the error)."""
        raise NotImplementedError

    def setUp(self):
        self.api = APIClient()

    def as_user(self, user):
        self.api.force_authenticate(user)

    @property
    def editor(self):
        """The least-privileged user of post A who may edit records of the model (override if needed)."""
        return editor_for(self.world, self.model)

    def detail(self, obj):
        return f"{self.endpoint}{obj.pk}/"

    @property
    def public(self):
        return getattr(self.model, "access_public_read", False)

    def test_anonymous_gets_401(self):
        response = self.api.get(self.endpoint)
        self.assertEqual(response.status_code, 401)

    def test_list_follows_the_scope(self):
        own = self.make_record(self.world.a)
        other = self.make_record(self.world.b)
        self.as_user(self.world.a_viewer)
        response = self.api.get(self.endpoint, {"page_size": 500})
        self.assertEqual(response.status_code, 200)
        ids = {row["id"] for row in response.json()["results"]}
        self.assertIn(own.pk, ids)
        if not self.public:
            self.assertNotIn(other.pk, ids)

    def test_outsider_gets_404(self):
        if self.public:
            return
        record = self.make_record(self.world.a)
        self.as_user(self.world.b_admin)
        self.assertEqual(self.api.get(self.detail(record)).status_code, 404)
        self.assertEqual(
            self.api.patch(self.detail(record), {"version": record.version}, format="json").status_code, 404
        )
        self.assertEqual(self.api.delete(self.detail(record)).status_code, 404)

    def test_insufficient_role_gets_403(self):
        role = self.model.access_edit_role
        if role is not None and role <= Role.VIEWER:
            return
        record = self.make_record(self.world.a)
        self.as_user(self.world.a_viewer)
        self.assertEqual(self.api.get(self.detail(record)).status_code, 200)
        self.assertEqual(
            self.api.patch(self.detail(record), {"version": record.version}, format="json").status_code, 403
        )
        self.assertEqual(self.api.delete(self.detail(record)).status_code, 403)

    def test_create_and_history(self):
        self.as_user(self.editor)
        response = self.api.post(self.endpoint, self.api_data(self.world.a), format="json")
        self.assertEqual(response.status_code, 201, response.content)
        pk = response.json()["id"]
        self.assertTrue(
            ChangeRecord.objects.filter(
                object_pk=str(pk), content_type__model=self.model._meta.model_name, action=ChangeRecord.Action.CREATE
            ).exists()
        )

    def test_bad_input_is_field_level_400(self):
        self.as_user(self.editor)
        data, field = self.invalid_api_data(self.world.a)
        response = self.api.post(self.endpoint, data, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn(field, response.json())

    def test_stale_update_gets_409(self):
        record = self.make_record(self.world.a)
        self.as_user(self.editor)
        ok = self.api.patch(
            self.detail(record), {**self.api_data(self.world.a), "version": record.version}, format="json"
        )
        self.assertEqual(ok.status_code, 200, ok.content)
        self.assertTrue(
            ChangeRecord.objects.filter(
                object_pk=str(record.pk),
                content_type__model=self.model._meta.model_name,
                action=ChangeRecord.Action.UPDATE,
            ).exists(),
            "a valid update writes a history entry",
        )
        stale = self.api.patch(self.detail(record), {"version": record.version}, format="json")
        self.assertEqual(stale.status_code, 409)
        self.assertIn("version", stale.json())
        missing = self.api.patch(self.detail(record), {}, format="json")
        self.assertEqual(missing.status_code, 400)
        self.assertIn("version", missing.json())

    def test_query_count_does_not_grow_with_rows(self):
        self.as_user(self.world.a_viewer)
        self.make_record(self.world.a)
        self.api.get(self.endpoint)  # warm caches (content types, the user's memberships)
        with CaptureQueriesContext(connection) as few:
            self.api.get(self.endpoint)
        for _ in range(6):
            self.make_record(self.world.a)
        with CaptureQueriesContext(connection) as many:
            self.api.get(self.endpoint)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])
