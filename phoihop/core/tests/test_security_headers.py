"""Security headers (``core.middleware.SecurityHeadersMiddleware``, issue 16): the Content-Security-Policy on every
answer without one of its own, and ``Cache-Control: private, no-store`` on what a signed-in person reads, on the API
and on files; static files keep WhiteNoise's caching."""

import json
import re

from django.conf import settings
from django.contrib.auth.models import AnonymousUser
from django.http import HttpResponse
from django.test import Client, RequestFactory, SimpleTestCase, TestCase, override_settings
from django.urls import reverse
from django.utils.cache import has_vary_header

from phoihop.core.middleware import SecurityHeadersMiddleware, content_security_policy, tile_origin
from phoihop.core.testing.views import WorldMixin
from phoihop.core.tests.test_attachments import AttachmentWorld

CSP = "Content-Security-Policy"


def directives(response_or_header):
    header = response_or_header if isinstance(response_or_header, str) else response_or_header[CSP]
    return {part.split()[0]: part.split()[1:] for part in header.split(";") if part.strip()}


def no_store(response):
    return "no-store" in response.get("Cache-Control", "")


class TestPolicyAndCaching(WorldMixin, TestCase):
    def assert_strict_policy(self, response):
        policy = directives(response)
        self.assertEqual(policy["script-src"], ["'self'"])
        self.assertEqual(policy["default-src"], ["'self'"])
        self.assertEqual(policy["object-src"], ["'none'"])
        self.assertEqual(policy["frame-ancestors"], ["'none'"])
        self.assertEqual(policy["form-action"], ["'self'"])
        self.assertNotIn("'unsafe-eval'", response[CSP])

    def test_a_signed_in_page_has_the_policy_and_is_not_stored(self):
        self.login(self.world.a_reporter)
        response = self.client.get("/")
        self.assertEqual(response.status_code, 200)
        self.assertIn("text/html", response["Content-Type"])
        self.assert_strict_policy(response)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertTrue(has_vary_header(response, "Cookie"))

    def test_a_list_page_keeps_its_vary_and_is_not_stored(self):
        self.login(self.world.a_viewer)
        for headers in (None, {"HX-Request": "true"}):
            response = self.client.get("/work/tasks/", headers=headers)
            self.assertEqual(response.status_code, 200)
            self.assertTrue(no_store(response))
            self.assertTrue(has_vary_header(response, "HX-Request"))
            self.assertTrue(has_vary_header(response, "Cookie"))
            self.assert_strict_policy(response)

    def test_anonymous_answers_keep_their_own_caching(self):
        # Django's login view says never_cache itself: its header is left as it is
        login = self.client.get(reverse("accounts:login"))
        self.assertEqual(login.status_code, 200)
        self.assert_strict_policy(login)
        self.assertEqual(login["Cache-Control"], "max-age=0, no-cache, no-store, must-revalidate, private")
        # the way there: nothing personal, the default caching; it would differ with a session cookie
        redirect = self.client.get("/")
        self.assertEqual(redirect.status_code, 302)
        self.assertIn(CSP, redirect)
        self.assertNotIn("Cache-Control", redirect)
        self.assertTrue(has_vary_header(redirect, "Cookie"))

    def test_api_answers_are_not_stored(self):
        anonymous = self.client.get("/api/orgs/organisations/")
        self.assertEqual(anonymous.status_code, 401)
        self.assertTrue(no_store(anonymous))
        self.login(self.world.a_viewer)
        response = self.client.get("/api/orgs/organisations/")
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertIn(CSP, response)
        unknown = self.client.get("/api/no-such-thing/")
        self.assertEqual(unknown.status_code, 404)
        self.assertTrue(no_store(unknown))

    def test_an_export_is_not_stored(self):
        self.login(self.world.a_viewer)
        response = self.client.get("/orgs/organisations/?export=xlsx")
        self.assertEqual(response.status_code, 200)
        self.assertIn("attachment", response["Content-Disposition"])
        self.assertEqual(response["Cache-Control"], "private, no-store")

    def test_error_pages_have_the_policy_and_are_not_stored_when_signed_in(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.world.a_reporter)
        for url, status in (("/no/such/page/", 404), ("/testapp/failing/", 500), ("/testapp/busy/", 503)):
            response = client.get(url)
            self.assertEqual(response.status_code, status, url)
            self.assert_strict_policy(response)
            self.assertTrue(no_store(response), url)

    def test_the_api_docs_load_their_script_as_a_file(self):
        self.login(self.world.a_viewer)
        page = self.client.get("/api/docs/")
        self.assertEqual(page.status_code, 200)
        html = page.content.decode()
        self.assertIsNone(re.search(r"<script>", html), "Swagger UI's start-up script must not be inline")
        script_url = re.search(r'<script src="([^"]*script=[^"]*)"', html).group(1).replace("&amp;", "&")
        script = self.client.get(script_url)
        self.assertEqual(script.status_code, 200)
        self.assertIn("javascript", script["Content-Type"])
        self.assertIn("SwaggerUIBundle", script.content.decode())


class TestAViewsOwnHeadersWin(AttachmentWorld, TestCase):
    def test_the_attachment_keeps_its_sandbox_policy(self):
        attachment = self.attach(self.make_note())
        self.login(self.world.a_viewer)
        response = self.download(attachment)
        self.assertEqual(response.status_code, 200)
        self.assertEqual(response[CSP], "sandbox")
        self.assertEqual(response["Cache-Control"], "private, no-store")


class TestMiddlewareUnit(SimpleTestCase):
    def answer(self, path="/", user=None, **headers):
        def view(request):
            response = HttpResponse("x")
            for name, value in headers.items():
                response[name.replace("_", "-")] = value
            return response

        request = RequestFactory().get(path)
        request.user = user or AnonymousUser()
        return SecurityHeadersMiddleware(view)(request)

    def test_a_views_own_no_store_is_kept(self):
        response = self.answer("/api/x/", Cache_Control="no-store, max-age=0")
        self.assertEqual(response["Cache-Control"], "no-store, max-age=0")

    def test_a_storable_answer_to_a_file_or_the_api_becomes_no_store(self):
        response = self.answer("/api/x/", Cache_Control="public, max-age=600", Expires="Thu, 01 Jan 2099 00:00:00 GMT")
        self.assertEqual(response["Cache-Control"], "private, no-store")
        self.assertNotIn("Expires", response)
        download = self.answer("/files/1/", Content_Disposition='attachment; filename="a.xlsx"')
        self.assertEqual(download["Cache-Control"], "private, no-store")

    def test_an_anonymous_page_is_left_alone(self):
        response = self.answer("/")
        self.assertNotIn("Cache-Control", response)
        self.assertEqual(response[CSP], content_security_policy(settings.MAP_TILE_URL))

    def test_an_answer_before_authentication_has_no_user(self):
        request = RequestFactory().get("/")
        response = SecurityHeadersMiddleware(lambda request: HttpResponse("x"))(request)
        self.assertIn(CSP, response)
        self.assertNotIn("Cache-Control", response)


class TestTileServerOrigin(SimpleTestCase):
    def test_without_a_tile_server_images_come_from_ourselves(self):
        with override_settings(MAP_TILE_URL=""):
            middleware = SecurityHeadersMiddleware(lambda request: HttpResponse())
        self.assertEqual(directives(middleware.content_security_policy)["img-src"], ["'self'", "data:", "blob:"])

    def test_the_tile_server_origin_is_added_to_img_src(self):
        with override_settings(MAP_TILE_URL="http://tiles.local/{z}/{x}/{y}.png"):
            middleware = SecurityHeadersMiddleware(lambda request: HttpResponse())
        policy = directives(middleware.content_security_policy)
        self.assertEqual(policy["img-src"], ["'self'", "data:", "blob:", "http://tiles.local"])
        self.assertEqual(policy["connect-src"], ["'self'"])
        request = RequestFactory().get("/border/map/")
        request.user = AnonymousUser()
        self.assertIn("http://tiles.local", middleware(request)[CSP])

    def test_origins_of_tile_templates(self):
        self.assertEqual(tile_origin("https://Tiles.Local:8443/osm/{z}/{x}/{y}.png"), "https://tiles.local:8443")
        self.assertEqual(tile_origin("http://{s}.tiles.local/{z}/{x}/{y}.png"), "http://*.tiles.local")
        self.assertEqual(tile_origin("/tiles/{z}/{x}/{y}.png"), "")
        self.assertEqual(tile_origin(""), "")


class TestStaticFilesKeepTheirCaching(WorldMixin, TestCase):
    """WhiteNoise answers static files before the middleware: long caching, no policy, even when signed in. In tests
    WhiteNoise serves from the finders only when told to (``WHITENOISE_USE_FINDERS``), with a fresh client so that
    the middleware is built again under that setting."""

    def test_a_static_file_is_cached(self):
        with override_settings(WHITENOISE_USE_FINDERS=True, WHITENOISE_MAX_AGE=3600):
            client = Client()
            client.force_login(self.world.a_reporter)
            response = client.get(settings.STATIC_URL + "phoihop/behaviours.js")
            self.assertEqual(response.status_code, 200)
            self.assertEqual(response.__class__.__module__.split(".")[0], "whitenoise")
            self.assertIn("max-age=3600", response["Cache-Control"])
            self.assertIn("public", response["Cache-Control"])
            self.assertFalse(no_store(response))
            self.assertNotIn(CSP, response)
            response.close()


class TestHtmxConfig(SimpleTestCase):
    def test_htmx_evaluates_nothing_and_keeps_no_page_copies(self):
        base = (settings.BASE_DIR / "phoihop" / "templates" / "base.html").read_text(encoding="utf-8")
        meta = re.search(r"<meta name=\"htmx-config\" content='([^']*)'>", base)
        self.assertIsNotNone(meta, "base.html must configure htmx with <meta name=htmx-config>")
        config = json.loads(meta.group(1))
        self.assertEqual(
            config,
            {"allowEval": False, "includeIndicatorStyles": False, "historyCacheSize": 0, "refreshOnHistoryMiss": True},
        )
        # the names exist in the vendored htmx (a misspelt key is ignored silently)
        htmx = (settings.BASE_DIR / "static" / "vendor" / "htmx" / "htmx.min.js").read_text(encoding="utf-8")
        for name in config:
            self.assertIn(f"{name}:", htmx)
