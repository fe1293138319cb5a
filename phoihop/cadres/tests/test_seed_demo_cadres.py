"""The illustrative cadre-work records (``seed_demo_cadres``, run by ``seed_demo``)."""

from io import StringIO

from django.core.management import call_command
from django.db.models import Count, Q
from django.test import TestCase

from phoihop.accounts.models import User
from phoihop.cadres.choices import RatingLevel
from phoihop.cadres.models import MemberRating, OrganisationRating, Person, PlannedCadre, Secondment
from phoihop.cadres.selectors import excellent_allowed
from phoihop.core.choices import Action
from phoihop.core.management.commands.seed_demo import ILLUSTRATIVE


class TestSeedDemoCadres(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())  # runs seed_demo_cadres on the way

    def test_everything_is_labelled_illustrative(self):
        people = Person.objects.all()
        self.assertGreaterEqual(people.count(), 20)
        self.assertFalse(people.exclude(note__contains=ILLUSTRATIVE).exists())
        self.assertFalse(people.exclude(full_name__endswith="(minh họa)").exists())
        self.assertTrue(Secondment.objects.filter(receiving_committee__code__startswith="DUX-").exists())
        self.assertTrue(PlannedCadre.objects.filter(removed_on__isnull=False).exists())

    def test_every_rating_group_keeps_the_20_percent_rule(self):
        for model in (OrganisationRating, MemberRating):
            groups = model.objects.values("deciding_organisation", "year").annotate(
                good=Count("pk", filter=Q(decided_level=RatingLevel.GOOD)),
                excellent=Count("pk", filter=Q(decided_level=RatingLevel.EXCELLENT)),
            )
            self.assertTrue(groups)
            for group in groups:
                self.assertLessEqual(group["excellent"], excellent_allowed(group["good"]), (model, group))

    def test_the_viewer_counts_the_people_and_opens_none(self):
        admin, viewer = User.objects.get(username="bdbp.admin"), User.objects.get(username="bch.viewer")
        self.assertEqual(Person.objects.restrict(admin, Action.VIEW).count(), Person.objects.count())
        self.assertEqual(Person.objects.restrict(viewer, Action.VIEW).count(), 0)
        self.assertGreater(Person.objects.restrict(viewer, Action.COUNT).count(), 0)

    def test_a_second_run_writes_nothing(self):
        before = sorted(Person.objects.values_list("pk", "version"))
        out = StringIO()
        call_command("seed_demo_cadres", stdout=out)
        self.assertIn("nothing written", out.getvalue())
        self.assertEqual(sorted(Person.objects.values_list("pk", "version")), before)
