"""Every workflow action (@action) takes its body through a serializer: odd JSON answers 400, never a 500."""

from django.test import TestCase
from rest_framework.test import APIClient

from phoihop.core.testing.endpoints import action_endpoints
from phoihop.core.testing.views import WorldMixin
from phoihop.programs.tests.test_figures import figure_world, make_figure
from phoihop.work.tests.factories import make_task

ODD_BODIES = ([], "x", 1, None, {})
#: actions whose body is required: a reason
REASON_ACTIONS = {"cancel", "return_task", "return_figure", "reopen"}


class TestActionBodies(WorldMixin, TestCase):
    def setUp(self):
        self.api = APIClient()
        self.api.force_authenticate(self.world.superuser)
        _programme, indicator = figure_world(self.world)
        self.records = {
            "Task": lambda: make_task(self.world),
            "PeriodicFigure": lambda: make_figure(indicator, self.world.a),
        }

    def test_every_action_answers_odd_bodies_without_a_server_error(self):
        checked = set()
        for path, viewset, action in action_endpoints():
            model = viewset.queryset.model.__name__
            if "{pk}" in path:
                if model not in self.records:
                    continue
                path = path.replace("{pk}", str(self.records[model]().pk))
            for body in ODD_BODIES:
                response = self.api.post(path, body, format="json")
                self.assertLess(response.status_code, 500, (path, body, response.content[:300]))
                self.assertEqual(response["Content-Type"], "application/json", (path, body))
                if action in REASON_ACTIONS:
                    self.assertEqual(response.status_code, 400, (path, body, response.content[:300]))
                    errors = response.json()
                    self.assertTrue({"reason", "non_field_errors"} & set(errors), (path, body, errors))
                    if body == {}:
                        self.assertIn("reason", errors)
            checked.add(action)
        self.assertTrue(REASON_ACTIONS <= checked, checked)
