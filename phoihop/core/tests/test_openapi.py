"""The OpenAPI document is valid, documents every error answer, and real answers conform to it."""

import datetime
import json

from django.test import TestCase
from openapi_schema_validator import OAS30ReadValidator, oas30_format_checker
from openapi_spec_validator import validate
from rest_framework.test import APIClient

from phoihop.audit.models import ChangeRecord
from phoihop.core.testing.views import WorldMixin
from phoihop.work.models import Document
from phoihop.work.tests.factories import document_type, make_task

WRITE_METHODS = ("post", "put", "patch", "delete")
METHODS = ("get", *WRITE_METHODS)


def operations(spec):
    for path, item in spec["paths"].items():
        for method in METHODS:
            if method in item:
                yield path, method, item[method]


def request_component(spec, operation):
    ref = operation["requestBody"]["content"]["application/json"]["schema"]["$ref"]
    return spec["components"]["schemas"][ref.rsplit("/", 1)[-1]]


class TestOpenAPIDocument(WorldMixin, TestCase):
    _spec = None

    def setUp(self):
        self.api = APIClient()

    @property
    def spec(self):
        if TestOpenAPIDocument._spec is None:
            self.api.force_authenticate(self.world.a_viewer)
            response = self.api.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
            self.assertEqual(response.status_code, 200)
            TestOpenAPIDocument._spec = json.loads(response.content)
            self.api.force_authenticate(None)
        return TestOpenAPIDocument._spec

    def assert_conforms(self, path, method, response):
        """The answer's status, content type and body are those the document gives for the operation."""
        operation = self.spec["paths"][path][method]
        code = str(response.status_code)
        self.assertIn(code, operation["responses"], f"{method.upper()} {path} answered an undocumented {code}")
        content = operation["responses"][code].get("content")
        if not content:
            self.assertEqual(response.content, b"")
            return
        media_type = response["Content-Type"].split(";")[0]
        self.assertIn(media_type, content)
        schema = {"allOf": [content[media_type]["schema"]], "components": self.spec["components"]}
        OAS30ReadValidator(schema, format_checker=oas30_format_checker).validate(response.json())
        return response.json()

    # --- the document ----------------------------------------------------------------------------------
    def test_the_document_is_valid_openapi(self):
        validate(self.spec)
        self.assertGreater(len(list(operations(self.spec))), 200)

    def test_every_operation_documents_its_errors(self):
        missing = []
        for path, method, operation in operations(self.spec):
            expected = {"401", "403", "404"}
            if method in WRITE_METHODS:
                expected.add("400")
            if method in ("put", "patch"):
                expected.add("409")
            for code in sorted(expected - set(operation["responses"])):
                missing.append(f"{method.upper()} {path}: {code}")
            for code in expected & set(operation["responses"]):
                self.assertIn("application/json", operation["responses"][code].get("content", {}), (path, code))
        self.assertEqual(missing, [])

    def test_version_is_required_on_update_only(self):
        updates = 0
        for path, method, operation in operations(self.spec):
            if method not in ("put", "patch") or "requestBody" not in operation:
                continue
            component = request_component(self.spec, operation)
            if "version" in component.get("properties", {}):
                updates += 1
                self.assertIn("version", component.get("required", []), f"{method.upper()} {path}")
        self.assertGreater(updates, 30)
        create = request_component(self.spec, self.spec["paths"]["/api/work/tasks/"]["post"])
        self.assertIn("version", create["properties"])
        self.assertNotIn("version", create.get("required", []))

    def test_error_bodies_are_described(self):
        schemas = self.spec["components"]["schemas"]
        self.assertEqual(schemas["ErrorDetail"]["required"], ["detail"])
        self.assertIn("current_version", schemas["Conflict"]["properties"])
        task_put = self.spec["paths"]["/api/work/tasks/{id}/"]["put"]["responses"]
        self.assertEqual(
            task_put["409"]["content"]["application/json"]["schema"]["$ref"], "#/components/schemas/Conflict"
        )

    # --- real answers ----------------------------------------------------------------------------------
    def test_lists_and_details_conform(self):
        Document.objects.create(
            owner=self.world.a, doc_type=document_type(), issuing_body="Tỉnh ủy", subject="Không số, không ngày"
        )
        task = make_task(self.world)
        self.assertTrue(ChangeRecord.objects.filter(actor=None).exists())  # the world is built without an actor
        self.api.force_authenticate(self.world.superuser)
        checked = {}
        for path in [
            "/api/accounts/users/",
            "/api/orgs/organisations/",
            "/api/audit/changes/",
            "/api/work/documents/",
            "/api/work/tasks/",
        ]:
            body = self.assert_conforms(path, "get", self.api.get(path))
            self.assertTrue(body["results"], path)  # a cursor page (the changes) has no count
            first = body["results"][0]["id"]
            checked[path] = body["results"]
            self.assert_conforms(f"{path}{{id}}/", "get", self.api.get(f"{path}{first}/"))
        # the values that used to break the document: a blank e-mail, no actor, no year
        self.assertIn("", {user["email"] for user in checked["/api/accounts/users/"]})
        self.assertIn(None, {change["actor"] for change in checked["/api/audit/changes/"]})
        self.assertIn(None, {doc["year"] for doc in checked["/api/work/documents/"]})
        self.assertEqual(checked["/api/work/tasks/"][0]["id"], task.pk)

    def test_error_answers_conform(self):
        task = make_task(self.world)
        detail = "/api/work/tasks/{id}/"
        url = f"/api/work/tasks/{task.pk}/"
        body = self.assert_conforms(detail, "get", self.api.get(url))
        self.assertIn("detail", body)  # 401 for an anonymous call
        self.api.force_authenticate(self.world.b_admin)
        self.assert_conforms(detail, "get", self.api.get(url))  # 404 outside the scope
        self.api.force_authenticate(self.world.a_viewer)
        response = self.api.patch(url, {"version": task.version, "title": "X"}, format="json")
        self.assertEqual(response.status_code, 403)
        self.assert_conforms(detail, "patch", response)
        self.api.force_authenticate(self.world.superuser)
        response = self.api.patch(url, {"title": "Không có phiên bản"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("version", self.assert_conforms(detail, "patch", response))
        response = self.api.patch(url, {"version": task.version + 5, "title": "Cũ"}, format="json")
        self.assertEqual(response.status_code, 409)
        self.assertEqual(self.assert_conforms(detail, "patch", response)["current_version"], task.version)
        response = self.api.post("/api/work/tasks/", {"title": ""}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("title", self.assert_conforms("/api/work/tasks/", "post", response))


class TestDateRange(WorldMixin, TestCase):
    """Dates lie within 1900–2100 everywhere; one that does not is refused at the field, and printed ISO."""

    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.world.a_reporter)

    def data(self, deadline):
        return {"title": "Hạn xa", "assigned_by_org": self.world.a.pk, "deadline": deadline, "lead": self.world.a.pk}

    def test_the_api_refuses_a_date_out_of_range_with_a_vietnamese_message(self):
        for deadline in ["0098-07-02", "1899-12-31", "2101-01-01"]:
            response = self.api.post("/api/work/tasks/", self.data(deadline), format="json", HTTP_ACCEPT_LANGUAGE="vi")
            self.assertEqual(response.status_code, 400, deadline)
            self.assertEqual(response.json(), {"deadline": ["Nhập ngày trong khoảng từ 01/01/1900 đến 31/12/2100."]})
        response = self.api.post("/api/work/tasks/", self.data("1900-01-01"), format="json")
        self.assertEqual(response.status_code, 201)

    def test_the_form_refuses_it_at_the_field(self):
        from phoihop.work.forms.tasks import TaskForm

        data = {
            "title": "Hạn xa",
            "source_kind": "direct",
            "assigned_by_org": self.world.a.pk,
            "deadline": "02/07/0098",
            "priority": 2,
            "classification": 0,
            "lead": self.world.a.pk,
        }
        form = TaskForm(data=data, user=self.world.a_reporter)
        self.assertFalse(form.is_valid())
        self.assertEqual(form.errors["deadline"], ["Nhập ngày trong khoảng từ 01/01/1900 đến 31/12/2100."])

    def test_an_old_date_already_stored_prints_in_iso_8601(self):
        task = make_task(self.world)
        type(task).objects.filter(pk=task.pk).update(deadline=datetime.date(98, 7, 2))
        response = self.api.get(f"/api/work/tasks/{task.pk}/")
        self.assertEqual(response.json()["deadline"], "0098-07-02")
