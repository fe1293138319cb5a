"""The illustrative movements (``seed_demo_movements``, run after ``seed_demo`` and its ``seed_demo_border``)."""

from io import StringIO

from django.core.management import call_command
from django.test import TestCase

from phoihop.accounts.models import User
from phoihop.audit.models import ChangeRecord
from phoihop.border.models import Marker
from phoihop.core.choices import Role
from phoihop.movements.choices import TeamKind
from phoihop.movements.models import (
    HolidayVisit,
    Occasion,
    SelfManagementTeam,
    TowardsBorderEvent,
    Twinning,
    TwinningActivity,
)
from phoihop.movements.selectors import movement_summary

SEEDED_MODELS = (Occasion, SelfManagementTeam, TowardsBorderEvent, Twinning, TwinningActivity, HolidayVisit)


def snapshot():
    return {model.__name__: sorted(model._base_manager.values_list("pk", "version")) for model in SEEDED_MODELS}


class TestSeedDemoMovements(TestCase):
    @classmethod
    def setUpTestData(cls):
        # Areas, organisations, accounts, the work and the border registry (and these movements, once seed_demo runs
        # this command itself: the run below then finds everything in place).
        call_command("seed_demo", stdout=StringIO())
        call_command("seed_demo_movements", stdout=StringIO())

    def test_second_run_adds_nothing_and_writes_no_history(self):
        self.assertTrue(all(model.objects.exists() for model in SEEDED_MODELS))
        records, state = ChangeRecord.objects.count(), snapshot()
        out = StringIO()
        call_command("seed_demo_movements", stdout=out)
        self.assertIn("Demo movements: 0 created, 0 updated; 0 history entries", out.getvalue())
        self.assertEqual(ChangeRecord.objects.count(), records)
        self.assertEqual(snapshot(), state)

    def test_occasions(self):
        names = set(Occasion.objects.values_list("name", flat=True))
        self.assertTrue({"Tết Nguyên đán", "Quốc khánh 2/9", "Ngày Biên phòng toàn dân 3/3"} <= names)

    def test_teams_look_after_most_markers_of_their_own_post(self):
        markers = Marker.objects.filter(post__kind__code="border_post")
        covered = markers.filter(self_management_teams__active=True).distinct().count()
        self.assertGreater(covered, 0.8 * markers.count())
        self.assertLess(covered, markers.count())  # a few are left to no one
        teams = SelfManagementTeam.objects.select_related("post", "commune", "village").prefetch_related("markers")
        self.assertTrue(teams.filter(kind=TeamKind.HOUSEHOLD).exists())
        self.assertTrue(teams.filter(purpose="security").exists())
        for team in teams:
            self.assertIn("minh họa", team.note)
            self.assertIn(team.commune, team.post.areas.all())
            if team.village is not None:
                self.assertEqual(team.village.parent, team.commune)
            for marker in team.markers.all():
                self.assertEqual(marker.post_id, team.post_id)
            if team.kind == TeamKind.HOUSEHOLD:
                self.assertEqual(team.households_count, 1)
            # Written through the service by a member of the post with the reporter role, who is the history actor.
            self.assertTrue(team.created_by.memberships.filter(organisation=team.post, role__gte=Role.REPORTER))
            entry = ChangeRecord.objects.get(
                content_type__model="selfmanagementteam", object_pk=str(team.pk), action=ChangeRecord.Action.CREATE
            )
            self.assertEqual(entry.actor, team.created_by)

    def test_twinnings_visits_and_events(self):
        twinnings = Twinning.objects.select_related("organisation__kind", "partner_organisation__kind")
        self.assertGreaterEqual(twinnings.filter(partner_organisation__kind__code="commune_party_committee").count(), 5)
        self.assertTrue(twinnings.filter(partner_village__isnull=False).exists())
        self.assertEqual({t.organisation.kind.code for t in twinnings}, {"border_post"})
        self.assertFalse(Twinning.objects.filter(activities__isnull=True).exists())
        visits = HolidayVisit.objects.select_related("occasion")
        tet = visits.filter(occasion__code="tet-nguyen-dan")
        self.assertTrue(tet.exists())
        self.assertTrue(all(v.held_on.year == 2026 for v in tet))
        self.assertTrue(visits.filter(occasion__code="quoc-khanh").exists())
        self.assertTrue(visits.filter(occasion__code="thanh-lap-qdnd").exists())
        self.assertGreaterEqual(TowardsBorderEvent.objects.count(), 12)
        self.assertFalse(TowardsBorderEvent.objects.exclude(contribution_description__contains="minh họa").exists())

    def test_the_post_reporter_sees_its_own_figures(self):
        reporter = User.objects.get(username="pomadon.reporter")
        figures = movement_summary(reporter)
        own_markers = Marker.objects.filter(post__code="DBP-POMA").count()
        self.assertEqual(figures["teams"]["markers"], own_markers)
        self.assertGreater(figures["teams"]["markers_covered"], 0)
        self.assertEqual([row["name"] for row in figures["teams"]["by_post"]], ["Đồn Biên phòng Pò Mã"])
        self.assertGreater(figures["visits"]["visits"], 0)
        self.assertGreater(figures["twinning"]["pairs"], 0)
