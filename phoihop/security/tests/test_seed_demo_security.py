"""The illustrative crime-prevention records (``seed_demo_security``, run by ``seed_demo``)."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.test import TestCase
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.audit.models import ChangeRecord
from phoihop.core.choices import Classification
from phoihop.core.scope import Scope
from phoihop.security import selectors
from phoihop.security.choices import CaseOutcome
from phoihop.security.models import (
    Case,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
    SituationNote,
)

SEEDED_MODELS = (Case, Operation, SeizedItem, CustodyStep, CaseSubjectIdentity, SituationNote)


def snapshot():
    return {model.__name__: sorted(model._base_manager.values_list("pk", "version")) for model in SEEDED_MODELS}


class TestSeedDemoSecurity(TestCase):
    @classmethod
    def setUpTestData(cls):
        call_command("seed_demo", stdout=StringIO())  # runs seed_demo_security on the way

    def year(self, user):
        today = timezone.localdate()
        scope = selectors.with_comparison(Scope(user=user, start=today - datetime.timedelta(days=364), end=today))
        return selectors.crime_figures(scope)

    def test_second_run_adds_nothing_and_writes_no_history(self):
        records, state = ChangeRecord.objects.count(), snapshot()
        out = StringIO()
        call_command("seed_demo_security", stdout=out)
        self.assertIn("Demo security: 0 created; 0 history entries", out.getvalue())
        self.assertEqual(ChangeRecord.objects.count(), records)
        self.assertEqual(snapshot(), state)

    def test_a_year_of_cases_of_two_posts_in_the_public_shape(self):
        figures = self.year(User.objects.get(username="admin"))
        self.assertTrue(30 <= figures["cases"] <= 50, figures["cases"])
        self.assertEqual(
            {row["name"] for row in figures["by_unit"]},
            {
                "Đồn Biên phòng Pò Mã",
                "Đồn Biên phòng Cửa khẩu quốc tế Hữu Nghị",
            },
        )
        self.assertGreater(figures["criminal_cases"], 0)
        self.assertGreater(figures["administrative_cases"], 2 * figures["criminal_cases"])
        self.assertGreater(figures["administrative_subjects"], figures["criminal_subjects"])
        self.assertGreater(figures["ownerless"], 0)
        self.assertTrue(figures["lead"] and figures["support"])
        self.assertTrue(all(figures["outcomes"][value] for value in CaseOutcome.values))
        self.assertGreater(figures["budget_receipts"], 0)
        self.assertGreaterEqual(figures["operations"], 2)
        self.assertGreater(figures["previous"]["cases"], 5)  # the year before, for the comparison
        seized = {(row["code"], row["unit"]) for row in figures["seizures"]}
        self.assertTrue({("heroin", "g"), ("heroin", "banh"), ("phao", "kg"), ("gia-cam", "con")} <= seized)

    def test_records_are_labelled_illustrative(self):
        for case in Case.objects.filter(classification=Classification.UNCLASSIFIED):
            self.assertIn("minh họa", case.summary + case.note)
        for note in SituationNote.objects.all():
            self.assertIn("minh họa", note.assessment)
        for identity in CaseSubjectIdentity.objects.all():
            self.assertIn("minh họa", identity.full_name)
        self.assertGreaterEqual(CaseSubjectIdentity.objects.count(), 3)

    def test_chains_of_custody_and_the_follow_up_task(self):
        handed = CustodyStep.objects.filter(kind="handed_over")
        self.assertTrue(handed.exists())
        for step in handed:
            self.assertTrue(CustodyStep.objects.filter(case=step.case, kind="seized", date__lte=step.date).exists())
        self.assertTrue(CustodyStep.objects.filter(kind="destroyed").exists())
        self.assertEqual(SituationNote.objects.filter(follow_up_task__isnull=False).count(), 1)
        self.assertGreaterEqual(SituationNote.objects.count(), 4)

    def test_classified_cases_are_register_entries(self):
        classified = Case.objects.filter(classification__gte=Classification.CONFIDENTIAL)
        self.assertEqual(classified.count(), 2)
        for case in classified:
            self.assertTrue(case.is_register_entry)
            for name in Case.secret_content_fields:
                self.assertEqual(getattr(case, name), "", name)
            self.assertTrue(case.holding_unit_id and case.custodian and case.storage_place)
            self.assertFalse(CustodyStep.objects.filter(case=case).exists())
            self.assertFalse(CaseSubjectIdentity.objects.filter(case=case).exists())

    def test_the_tinh_uy_counts_the_cases_without_seeing_one(self):
        viewer = User.objects.get(username="tinhuy.viewer")
        self.assertGreater(self.year(viewer)["cases"], 30)
        self.assertFalse(Case.objects.restrict(viewer).exists())
        self.assertFalse(SeizedItem.objects.restrict(viewer).exists())
