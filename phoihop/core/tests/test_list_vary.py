"""A list page and its htmx table fragment share one address: the response says it varies on HX-Request, so the
browser's Back never shows the bare fragment in place of the page."""

from django.test import TestCase
from django.utils.cache import has_vary_header

from phoihop.core.testing.views import WorldMixin


class TestListVary(WorldMixin, TestCase):
    def test_page_and_fragment_vary_on_hx_request(self):
        self.login(self.world.a_viewer)
        page = self.client.get("/work/tasks/")
        fragment = self.client.get("/work/tasks/", headers={"HX-Request": "true"})
        self.assertEqual((page.status_code, fragment.status_code), (200, 200))
        self.assertIn("<html", page.content.decode())
        self.assertNotIn("<html", fragment.content.decode())
        for response in (page, fragment):
            self.assertTrue(has_vary_header(response, "HX-Request"))
