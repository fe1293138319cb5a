"""Bad input never reaches a 500: odd query strings on every list, odd JSON on every API endpoint."""

from django.urls import reverse
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from hypothesis.extra.django import TestCase
from rest_framework.test import APIClient

from phoihop.core.testing.views import WorldMixin

LISTS = [
    "orgs:organisation_list",
    "orgs:area_list",
    "orgs:organisationkind_list",
    "orgs:sharingrule_list",
    "accounts:user_list",
    "accounts:membership_list",
    "audit:activity",
    "orgs:agreement_list",
    "orgs:clause_list",
    "work:task_list",
    "work:document_list",
    "work:dissemination_list",
    "work:disseminationsession_list",
    "work:outreachsession_list",
    "work:reviewconference_list",
    "work:conclusion_list",
    "work:inbox",
    "work:calendar",
    "work:statistics",
    "work:notification_list",
    "work:dissemination_coverage",
    "border:marker_list",
    "border:gate_list",
    "border:patrol_list",
    "border:inspection_list",
    "border:bordersegment_list",
]
ODD_PARAMS = [
    {"page": "abc"},
    {"page": "99999"},
    {"per_page": "-1"},
    {"sort": "nonexistent"},
    {"sort": "-parent__name"},
    {"q": "%_\\'\"<script>"},
    {"valid_on": "31/02/2025"},
    {"date_from": "hôm qua"},
    {"kind": "999999"},
    {"parent": "x"},
    {"within": "-5"},
    {"export": "pdf"},
    {"organisation": "1e9"},
    {"month": "2026-99"},
    {"tab": "<x>"},
    {"overdue": "maybe"},
    {"condition": "burnt"},
    {"date_to": "2026-02-31"},
]
API_ENDPOINTS = [
    "/api/orgs/organisations/",
    "/api/orgs/areas/",
    "/api/orgs/kinds/",
    "/api/orgs/sharing-rules/",
    "/api/accounts/memberships/",
    "/api/orgs/agreements/",
    "/api/work/tasks/",
    "/api/work/documents/",
    "/api/work/outreach-sessions/",
    "/api/border/markers/",
    "/api/border/inspections/",
]
json_values = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(),
    st.floats(allow_nan=False, allow_infinity=False),
    st.text(max_size=30),
    st.lists(st.integers(), max_size=3),
)


class TestNoServerErrors(WorldMixin, TestCase):
    def test_lists_survive_odd_query_strings(self):
        self.client.force_login(self.world.p_admin)
        for name in LISTS:
            for params in ODD_PARAMS:
                response = self.client.get(reverse(name), params)
                self.assertLess(response.status_code, 500, (name, params))

    def test_detail_pages_with_odd_ids(self):
        self.client.force_login(self.world.p_admin)
        for url in ("/orgs/organisations/0/", "/orgs/organisations/99999999999999999999/", "/orgs/areas/-1/"):
            self.assertIn(self.client.get(url).status_code, (404,), url)
        self.assertEqual(self.client.post(reverse("audit:recycle_bin"), {"model": "x.Y", "pk": "1"}).status_code, 404)

    def test_api_filters_with_odd_values(self):
        api = APIClient()
        api.force_authenticate(self.world.p_admin)
        for endpoint in API_ENDPOINTS:
            for params in ODD_PARAMS:
                self.assertLess(api.get(endpoint, params).status_code, 500, (endpoint, params))
            self.assertEqual(api.get(endpoint + "abc/").status_code, 404)

    @settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
    @given(
        data=st.dictionaries(
            st.sampled_from(
                [
                    "name",
                    "code",
                    "kind",
                    "parent",
                    "areas",
                    "valid_from",
                    "valid_to",
                    "version",
                    "user",
                    "organisation",
                    "role",
                    "owner",
                    "viewer",
                    "mode",
                    "border_length_km",
                    "successor",
                ]
            ),
            json_values,
            max_size=6,
        )
    )
    def test_api_writes_with_random_json(self, data):
        api = APIClient()
        api.force_authenticate(self.world.p_admin)
        for endpoint in API_ENDPOINTS:
            response = api.post(endpoint, data, format="json")
            self.assertLess(response.status_code, 500, (endpoint, data, response.content[:300]))
            response = api.patch(f"{endpoint}{self.world.a.pk}/", data, format="json")
            self.assertLess(response.status_code, 500, (endpoint, data, response.content[:300]))


class TestErrorPages(WorldMixin, TestCase):
    def test_404_and_403_pages_speak_vietnamese_in_the_layout(self):
        from phoihop.work.tests.factories import make_task

        self.client.force_login(self.world.a_viewer)
        missing = self.client.get("/orgs/organisations/999999/")
        self.assertEqual(missing.status_code, 404)
        self.assertContains(missing, 'data-testid="error-404"', status_code=404)
        self.assertContains(missing, "phoihop", status_code=404)
        task = make_task(self.world)
        refused = self.client.get(f"/work/tasks/{task.pk}/edit/")
        self.assertEqual(refused.status_code, 403)
        self.assertContains(refused, 'data-testid="error-403"', status_code=403)
