"""Bad values in filters, URLs and action bodies answer field-level 400/404 on every API endpoint, never a 500.

The tests walk every operation of the API (as the OpenAPI schema lists them), so a new record type is
covered as soon as it is registered.
"""

import re

import django_filters
from django.test import Client, TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.core.testing.endpoints import api_operations, filters_of, list_endpoints
from phoihop.core.testing.urls import integer_routes
from phoihop.core.testing.views import WorldMixin

HUGE = (2**70, -(2**70), 2**63, -(2**63) - 1)
INTEGER_FILTERS = (
    django_filters.ModelChoiceFilter,
    django_filters.ModelMultipleChoiceFilter,
    django_filters.NumberFilter,
)


class TestHugeIntegers(WorldMixin, TestCase):
    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.world.superuser)

    def test_every_integer_filter_refuses_huge_values(self):
        checked = 0
        for path, viewset in list_endpoints():
            for name, flt in filters_of(viewset, self.world.superuser).items():
                if not isinstance(flt, INTEGER_FILTERS):
                    continue
                for value in HUGE:
                    response = self.api.get(path, {name: str(value)})
                    self.assertEqual(response.status_code, 400, (path, name, value, response.content[:300]))
                    self.assertIn(name, response.json(), (path, name, value))
                    checked += 1
        self.assertGreater(checked, 100)

    def test_every_detail_url_answers_404_to_huge_ids(self):
        checked = 0
        for path, method, _view, _action in api_operations():
            if "{pk}" not in path:
                continue
            for value in HUGE:
                url = path.replace("{pk}", str(value))
                response = getattr(self.api, method.lower())(url, {}, format="json")
                self.assertEqual(response.status_code, 404, (method, url, response.content[:300]))
                self.assertIn("detail", response.json())
                checked += 1
        self.assertGreater(checked, 200)

    def test_every_page_url_answers_404_to_huge_ids(self):
        client = Client(raise_request_exception=False)
        client.force_login(self.world.superuser)
        routes = [(route, names) for route, names in integer_routes() if not route.startswith("admin/")]
        self.assertGreater(len(routes), 100)
        for route, names in routes:
            for value in HUGE[:1]:
                url = "/" + re.sub(r"<[^>]+>", str(value), route)
                for response in (client.get(url), client.post(url, {})):
                    self.assertLess(response.status_code, 500, (url, response.content[:300]))
                    if names == ["pk"]:
                        self.assertIn(response.status_code, (404, 405), url)

    def test_lists_show_a_filter_error_for_huge_values(self):
        self.client.force_login(self.world.superuser)
        for value in HUGE:
            response = self.client.get(reverse("border:marker_list"), {"post": str(value)})
            self.assertEqual(response.status_code, 200)
            self.assertIn("post", response.context["filter_form"].errors)
            self.assertContains(response, "9223372036854775807")

    def test_bulk_approve_refuses_huge_ids(self):
        for value in HUGE:
            response = self.api.post("/api/programs/figures/approve-bulk/", {"ids": [value]}, format="json")
            self.assertEqual(response.status_code, 400, response.content[:300])
            self.assertIn("ids", response.json())


INVALID_VALUE_FILTERS = (
    django_filters.DateFilter,
    django_filters.NumberFilter,
    django_filters.ModelChoiceFilter,
    django_filters.ModelMultipleChoiceFilter,
    django_filters.ChoiceFilter,
    django_filters.MultipleChoiceFilter,
    django_filters.BooleanFilter,
)


class TestInvalidFilterValues(WorldMixin, TestCase):
    def test_every_filter_answers_400_to_an_invalid_value(self):
        api = APIClient()
        api.force_authenticate(self.world.superuser)
        failures, checked = [], 0
        for path, viewset in list_endpoints():
            for name, flt in filters_of(viewset, self.world.superuser).items():
                if not isinstance(flt, INVALID_VALUE_FILTERS):
                    continue
                response = api.get(path, {name: "not-a-valid-value"})
                checked += 1
                if response.status_code != 400 or name not in response.json():
                    failures.append((path, name, response.status_code))
        self.assertEqual(failures, [])
        self.assertGreater(checked, 100)
