"""The benchmark's own pages exist only under ``phoihop.settings.bench`` (``PHOIHOP_BENCH``): the floor page and the
plain admin of the big lists are absent in normal operation. ``scripts/bench_scale.py`` (``make bench-scale``) finds
the pages it times from the URL resolver; its enumeration is tested here without starting gunicorn."""

import importlib.util
from pathlib import Path

from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.test import SimpleTestCase, TestCase
from django.urls import NoReverseMatch, resolve, reverse

from phoihop.accounts.models import User
from phoihop.border.models import Patrol
from phoihop.core.urls_helpers import REGISTRY
from phoihop.work.models import Task

BENCH_ADMIN_MODELS = (
    "work.Task",
    "work.ProgressReport",
    "work.Document",
    "border.Patrol",
    "border.Inspection",
    "border.Marker",
    "programs.PeriodicFigure",
    "orgs.Organisation",
)
SCRIPT = Path(__file__).resolve().parents[3] / "scripts" / "bench_scale.py"


def bench_scale():
    spec = importlib.util.spec_from_file_location("bench_scale", SCRIPT)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


class TestBenchModeIsOff(TestCase):
    def test_the_settings_are_not_the_benchmarks(self):
        self.assertFalse(getattr(settings, "PHOIHOP_BENCH", False))

    def test_the_floor_page_does_not_exist(self):
        with self.assertRaises(NoReverseMatch):
            reverse("bench_floor")
        self.client.force_login(User.objects.create_user("someone", password="a long password 2026"))
        self.assertEqual(self.client.get("/_bench/floor/").status_code, 404)

    def test_the_admin_has_none_of_the_records(self):
        for label in BENCH_ADMIN_MODELS:  # phoihop.core.bench_admin's, which registers them when imported
            with self.subTest(label):
                self.assertFalse(admin.site.is_registered(apps.get_model(label)))


class TestUrlEnumeration(SimpleTestCase):
    @classmethod
    def setUpClass(cls):
        super().setUpClass()
        cls.script = bench_scale()

    def test_list_urls_are_every_list_page(self):
        found = self.script.list_urls("phoihop.urls")
        names = {name for name, _path in found}
        paths = [path for _name, path in found]
        self.assertIn(("work:task_list", "/work/tasks/"), found)
        self.assertIn(("border:patrol_list", "/border/patrols/"), found)
        self.assertIn(("orgs:organisation_list", "/orgs/organisations/"), found)
        self.assertIn(("accounts:user_list", "/accounts/users/"), found)  # a function view, not RecordViews
        self.assertEqual(len(paths), len(set(paths)))  # one per address (programs:figure_list is an alias)
        for name, path in found:
            self.assertTrue(name.endswith("_list"), name)
            self.assertNotIn("<", path)
            self.assertEqual(resolve(path, urlconf="phoihop.urls").view_name, name)
        for label, views in REGISTRY.items():  # every record type's list page
            list_name = views.queryset.model.url_name("list")
            with self.subTest(label):
                try:
                    path = reverse(list_name, urlconf="phoihop.urls")
                except NoReverseMatch:
                    continue
                self.assertIn(path, paths)
                self.assertTrue(list_name in names or resolve(path, urlconf="phoihop.urls").view_name in names)

    def test_other_pages_and_the_api(self):
        pages = dict(self.script.page_urls("phoihop.urls"))
        for name in ("home", "work:inbox", "work:calendar", "work:statistics", "reports:dashboard", "border:map_data"):
            self.assertIn(name, pages)
        self.assertNotIn("accounts:login", pages)
        self.assertFalse(any(name.endswith(("_list", "_add")) for name in pages))
        apis = {path: self.script.view_model(view) for _name, path, view in self.script.api_list_urls("phoihop.urls")}
        self.assertIs(apis["/api/work/tasks/"], Task)
        self.assertIs(apis["/api/border/patrols/"], Patrol)
        self.assertFalse(any("(" in path or "<" in path for path in apis))
