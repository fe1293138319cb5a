"""Every /api/ error answers JSON ({"detail": …} in Vietnamese), 500 included; pages keep the HTML error pages."""

from django.test import Client, TestCase
from rest_framework.authtoken.models import Token

from phoihop.core.testing.views import WorldMixin


class TestAPIErrorsAreJSON(WorldMixin, TestCase):
    def setUp(self):
        token = Token.objects.create(user=self.world.a_reporter)
        self.api = Client(HTTP_AUTHORIZATION=f"Token {token.key}", raise_request_exception=False)

    def assertJSONDetail(self, response, status, text=None):
        self.assertEqual(response.status_code, status, response.content[:300])
        self.assertEqual(response["Content-Type"], "application/json", response.content[:300])
        body = response.json()
        self.assertIsInstance(body.get("detail"), str, body)
        if text is not None:
            self.assertEqual(body["detail"], text)
        return body

    def test_unknown_api_paths_answer_json_404(self):
        for path in ("/api/", "/api/nothing-here/", "/api/work/nothing-here/", "/api/border/markers/x/y/z/"):
            self.assertJSONDetail(self.api.get(path), 404, "Địa chỉ API này không tồn tại.")
        anonymous = Client()
        self.assertJSONDetail(anonymous.get("/api/nothing-here/"), 404, "Địa chỉ API này không tồn tại.")
        self.assertJSONDetail(anonymous.post("/api/nothing-here/", {}), 404)

    def test_unknown_record_answers_json_404(self):
        self.assertJSONDetail(self.api.get("/api/border/markers/999999/"), 404)
        self.assertJSONDetail(self.api.get("/api/border/markers/abc/"), 404)

    def test_method_not_allowed_answers_json_405(self):
        self.assertJSONDetail(self.api.put("/api/border/markers/", {}, content_type="application/json"), 405)
        self.assertJSONDetail(self.api.post("/api/schema/", {}, content_type="application/json"), 405)

    def test_unhandled_exception_answers_json_500(self):
        self.assertJSONDetail(
            self.api.get("/api/testapp/failing/"), 500, "Đã xảy ra lỗi ở máy chủ. Xin vui lòng thử lại sau."
        )

    def test_too_long_addresses_answer_json_414_under_api(self):
        from django.test import override_settings

        with override_settings(MAX_URL_LENGTH=200):
            body = self.assertJSONDetail(self.api.get("/api/border/markers/", {"q": "x" * 300}), 414)
            self.assertIn("quá dài", body["detail"])
            self.assertJSONDetail(self.api.get("/api/" + "a" * 300 + "/"), 414)
            # just below the limit the request goes through to the view
            self.assertEqual(self.api.get("/api/border/markers/", {"q": "x" * 150}).status_code, 200)
            page = Client(raise_request_exception=False)
            page.force_login(self.world.a_reporter)
            response = page.get("/border/markers/", {"q": "x" * 300})
            self.assertEqual(response.status_code, 414)
            self.assertTrue(response["Content-Type"].startswith("text/html"))
            self.assertContains(response, 'data-testid="error-414"', status_code=414)
        # the schema documents it for every operation
        schema = self.api.get("/api/schema/?format=json").json()
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                if method in ("get", "post", "put", "patch", "delete"):
                    self.assertIn("414", operation["responses"], f"{method} {path}")

    def test_a_write_the_busy_embedded_database_refuses_answers_503_retry_after(self):
        response = self.api.post("/api/testapp/busy/", {}, content_type="application/json")
        body = self.assertJSONDetail(response, 503)
        self.assertIn("thử lại", body["detail"])
        self.assertEqual(response["Retry-After"], "30")
        page = Client(raise_request_exception=False)
        page.force_login(self.world.a_reporter)
        response = page.post("/testapp/busy/", {})
        self.assertEqual(response.status_code, 503)
        self.assertEqual(response["Retry-After"], "30")
        self.assertContains(response, 'data-testid="error-503"', status_code=503)
        self.assertContains(response, "thử lại", status_code=503)
        # any other database error stays a server error
        self.assertJSONDetail(self.api.get("/api/testapp/failing/"), 500)
        schema = self.api.get("/api/schema/?format=json").json()
        for path, item in schema["paths"].items():
            for method, operation in item.items():
                if method in ("post", "put", "patch", "delete"):
                    self.assertIn("503", operation["responses"], f"{method} {path}")

    def test_pages_keep_the_html_error_pages(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.world.a_reporter)
        missing = client.get("/orgs/nothing-here/")
        self.assertEqual(missing.status_code, 404)
        self.assertTrue(missing["Content-Type"].startswith("text/html"))
        self.assertContains(missing, 'data-testid="error-404"', status_code=404)
        failing = client.get("/testapp/failing/")
        self.assertEqual(failing.status_code, 500)
        self.assertTrue(failing["Content-Type"].startswith("text/html"))
        self.assertContains(failing, "Đã xảy ra lỗi", status_code=500)


class TestDatabaseDataErrors(TestCase):
    def test_a_value_the_database_refuses_is_a_400_not_a_500(self):
        from django.db import DataError
        from django.utils import translation

        from phoihop.core.api.exceptions import exception_handler

        with translation.override("vi"):
            response = exception_handler(DataError("PostgreSQL text fields cannot contain NUL (0x00) bytes"), {})
            message = str(response.data["non_field_errors"][0])
        self.assertEqual(response.status_code, 400)
        self.assertIn("không lưu được", message)
