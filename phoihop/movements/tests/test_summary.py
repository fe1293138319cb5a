import datetime
from decimal import Decimal

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.core.testing.views import WorldMixin
from phoihop.movements.models import TwinningActivity
from phoihop.movements.selectors import movement_summary
from phoihop.movements.tests.factories import (
    build_places,
    make_event,
    make_marker,
    make_team,
    make_twinning,
    make_visit,
)


class TestSummary(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.places = places = build_places()
        world = cls.world
        cls.markers = [make_marker(world.a) for _ in range(4)]
        make_team(world.a, places, markers=cls.markers[:2], border_length_km=Decimal("2.25"), members_count=8)
        make_team(world.a, places, markers=cls.markers[1:3], border_length_km=Decimal("1.5"), members_count=6)
        make_team(world.a, places, kind="household", households_count=1, members_count=4, border_length_km=0)
        make_team(world.a, places, markers=[cls.markers[3]], border_length_km=Decimal("9"), active=False)
        make_event(world.a, places, contributions_vnd=Decimal("25000000"), participants_count=100)
        make_event(world.a, places, held_on=datetime.date(2025, 3, 3), contributions_vnd=Decimal("5000000"))
        twinning = make_twinning(world.a, places)
        make_twinning(world.a, places, active=False)
        TwinningActivity.objects.create(
            twinning=twinning, held_on=datetime.date(2026, 2, 1), description="Tết", value_vnd=3000000
        )
        make_visit(world.a, places, gifts_count=20, value_vnd=Decimal("10000000"))
        make_visit(world.a, places, gifts_count=5, value_vnd=Decimal("2500000"))
        make_visit(world.a, places, occasion=places.national_day, held_on=datetime.date(2025, 9, 1), gifts_count=7)
        # Commune B's own records.
        make_team(world.b, places, markers=[make_marker(world.b)], border_length_km=Decimal("4"))
        make_event(world.b, places, contributions_vnd=Decimal("1000000"))
        make_visit(world.b, places, gifts_count=100)

    def test_figures_of_post_a(self):
        figures = movement_summary(self.world.a_viewer)
        teams = figures["teams"]
        self.assertEqual((teams["teams"], teams["households"]), (2, 1))
        self.assertEqual(teams["km"], Decimal("3.75"))
        self.assertEqual(teams["members"], 18)
        # Markers 1–3 are looked after by active teams; marker 4 only by an inactive one.
        self.assertEqual((teams["markers_covered"], teams["markers"]), (3, 4))
        self.assertEqual(teams["markers_share"], Decimal("75.0"))
        self.assertEqual(figures["events"]["events"], 2)
        self.assertEqual(figures["events"]["contributions"], Decimal("30000000"))
        self.assertEqual(figures["twinning"]["pairs"], 1)
        self.assertEqual(figures["twinning"]["activities"], 1)
        by_occasion = {row["name"]: row for row in figures["visits"]["by_occasion"]}
        self.assertEqual(by_occasion["Tết Nguyên đán"]["visits"], 2)
        self.assertEqual(by_occasion["Tết Nguyên đán"]["gifts"], 25)
        self.assertEqual(by_occasion["Tết Nguyên đán"]["value"], Decimal("12500000"))
        self.assertEqual(by_occasion["Quốc khánh 2/9"]["gifts"], 7)
        self.assertEqual(figures["visits"]["gifts"], 32)

    def test_year_and_organisation_filters(self):
        figures = movement_summary(self.world.a_viewer, year=2025)
        self.assertEqual(figures["events"]["events"], 1)
        self.assertEqual([row["name"] for row in figures["visits"]["by_occasion"]], ["Quốc khánh 2/9"])
        self.assertEqual(figures["twinning"]["activities"], 0)
        province = movement_summary(self.world.p_viewer)
        self.assertEqual(province["teams"]["teams"], 3)
        only_b = movement_summary(self.world.p_viewer, organisation=self.world.b)
        self.assertEqual((only_b["teams"]["teams"], only_b["teams"]["km"]), (1, Decimal(4)))
        self.assertEqual(only_b["visits"]["gifts"], 100)

    def test_page_shows_the_figures_formatted(self):
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("movements:summary"))
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-stat="km" data-value="3.75"')
        self.assertContains(response, "3,75")  # Vietnamese decimal comma
        self.assertContains(response, 'data-stat="contributions" data-value="30000000"')
        self.assertContains(response, "30.000.000")
        self.assertContains(response, 'data-covered="3" data-visible="4"')

    def test_an_outsider_does_not_see_post_as_figures(self):
        self.client.force_login(self.world.b_admin)
        response = self.client.get(reverse("movements:summary"))
        self.assertEqual(response.status_code, 200)
        teams = response.context["teams"]
        self.assertEqual((teams["teams"], teams["households"], teams["km"]), (1, 0, Decimal(4)))
        self.assertEqual((teams["markers_covered"], teams["markers"]), (1, 1))
        self.assertEqual(response.context["events"]["contributions"], Decimal("1000000"))
        self.assertEqual(response.context["twinning"]["pairs"], 0)
        self.assertEqual(response.context["visits"]["gifts"], 100)
        self.assertEqual([row["id"] for row in teams["by_post"]], [self.world.b.pk])
        self.assertNotContains(response, "30.000.000")
        # Filtering on post A gives nothing away either.
        response = self.client.get(reverse("movements:summary"), {"organisation": self.world.a.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["form"].errors)

    def test_invalid_year_is_a_field_error(self):
        self.client.force_login(self.world.a_viewer)
        response = self.client.get(reverse("movements:summary"), {"year": "hai nghìn"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("year", response.context["form"].errors)

    def test_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.world.p_viewer)
        url = reverse("movements:summary")
        self.client.get(url)  # warm caches
        with CaptureQueriesContext(connection) as few:
            self.client.get(url, {"year": 2026})
        for _ in range(5):
            make_team(self.world.a, self.places, markers=[make_marker(self.world.a)])
            make_event(self.world.a, self.places)
            make_visit(self.world.a, self.places, occasion=self.places.national_day)
            twinning = make_twinning(self.world.a, self.places)
            TwinningActivity.objects.create(twinning=twinning, held_on=datetime.date(2026, 5, 1), description="x")
        with CaptureQueriesContext(connection) as many:
            self.client.get(url, {"year": 2026})
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(reverse("movements:summary"))
        self.assertEqual(response.status_code, 302)
