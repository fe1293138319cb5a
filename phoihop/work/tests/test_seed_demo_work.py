"""The illustrative year of coordination work (``seed_demo_work``, run at the end of ``seed_demo``)."""

import datetime
from io import StringIO

from django.core.management import call_command
from django.db.models import Count, Q
from django.test import TestCase
from django.utils import timezone, translation

from phoihop.accounts.models import Membership, User
from phoihop.audit.models import ChangeRecord
from phoihop.orgs.choices import AgreementStatus, SharingMode
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, SharingRule
from phoihop.work.choices import OPEN_STATUSES, ConferenceKind, ExtensionStatus, SourceKind, TaskStatus, UnitRole
from phoihop.work.models import (
    Conclusion,
    Dissemination,
    DisseminationSession,
    Document,
    DocumentRelation,
    DocumentType,
    EthnicLanguage,
    ExtensionRequest,
    OutreachSession,
    OutreachTopic,
    ProgressReport,
    ReviewConference,
    Task,
    TaskUnit,
)
from phoihop.work.selectors import dissemination_overdue_q

SEEDED_MODELS = (
    Agreement,
    Area,
    Clause,
    Conclusion,
    Dissemination,
    DisseminationSession,
    Document,
    DocumentRelation,
    DocumentType,
    EthnicLanguage,
    ExtensionRequest,
    Membership,
    OutreachSession,
    OutreachTopic,
    ProgressReport,
    ReviewConference,
    SharingRule,
    Task,
    TaskUnit,
)


def snapshot():
    state = {model.__name__: sorted(model._base_manager.values_list("pk", "version")) for model in SEEDED_MODELS}
    state["User"] = sorted(User.objects.values_list("pk", "password"))
    return state


class TestSeedDemoWork(TestCase):
    @classmethod
    def setUpTestData(cls):
        cls.output = StringIO()
        call_command("seed_demo", stdout=cls.output)  # loads the areas of province 20, then seeds the work
        cls.today = timezone.localdate()

    def test_seed_demo_runs_it(self):
        self.assertIn("Demo work:", self.output.getvalue())

    def test_second_run_creates_nothing_and_writes_no_history(self):
        records, state = ChangeRecord.objects.count(), snapshot()
        out = StringIO()
        call_command("seed_demo_work", stdout=out)
        self.assertIn("0 created, 0 updated; 0 history entries", out.getvalue())
        self.assertEqual(ChangeRecord.objects.count(), records)
        self.assertEqual(snapshot(), state)

    def test_agreements(self):
        self.assertGreaterEqual(Agreement.objects.count(), 6)
        current = Agreement.objects.get(number="01-QC/TU-ĐUBĐBP")
        self.assertEqual(current.status, AgreementStatus.IN_FORCE)
        self.assertEqual(current.signed_on.year, 2021)
        self.assertEqual(set(current.parties.values_list("code", flat=True)), {"TU-LS", "DU-BDBP"})
        self.assertEqual(current.previous.status, AgreementStatus.REPLACED)
        self.assertEqual(current.previous.signed_on.year, 2016)
        clauses = current.clauses.annotate(n=Count("responsible"))
        self.assertGreaterEqual(clauses.count(), 10)
        self.assertFalse(clauses.filter(n=0).exists())
        self.assertIn("minh họa", current.summary)
        rule = SharingRule.objects.get(agreement=current)
        self.assertEqual((rule.owner.code, rule.viewer.code), ("DU-BDBP", "TU-LS"))
        self.assertEqual(rule.mode, SharingMode.TOTALS)
        self.assertTrue(rule.include_subtree)

        # Each post's party cell has an agreement with each commune party committee its post covers.
        for cell in Organisation.objects.filter(kind__code="post_party_cell"):
            communes = Organisation.objects.filter(
                kind__code="commune_party_committee", areas__in=cell.parent.areas.all()
            ).distinct()
            self.assertTrue(communes.exists())
            for commune in communes:
                agreement = Agreement.objects.filter(owner=cell, parties=commune).get()
                self.assertEqual(agreement.status, AgreementStatus.IN_FORCE)
                self.assertIn(agreement.clauses.count(), (3, 4))

    def test_documents(self):
        self.assertGreaterEqual(Document.objects.count(), 35)
        real = {
            "37-CT/TW": (datetime.date(2009, 8, 4), "Bộ Chính trị"),
            "33-NQ/TW": (datetime.date(2021, 9, 28), "Bộ Chính trị"),
            "66/2020/QH14": (datetime.date(2020, 11, 11), "Quốc hội"),
            "140/2004/NĐ-CP": (datetime.date(2004, 6, 25), "Chính phủ"),
            "34/2014/NĐ-CP": (datetime.date(2014, 4, 29), "Chính phủ"),
            "01/CT-TTg": (datetime.date(2015, 1, 9), "Thủ tướng Chính phủ"),
        }
        for number, (signed_on, body) in real.items():
            document = Document.objects.get(number=number)
            self.assertEqual(
                (document.signed_on, document.issuing_body, document.owner.code), (signed_on, body, "VP-TU")
            )
        local = Document.objects.filter(signed_on__gt=self.today - datetime.timedelta(days=366))
        self.assertGreaterEqual(local.count(), 25)
        self.assertTrue(local.filter(number="125-KH/TU").exists())
        self.assertTrue(
            DocumentRelation.objects.filter(source__number="125-KH/TU", target__number="33-NQ/TW", kind="implements")
        )
        self.assertGreaterEqual(DocumentType.objects.count(), 16)
        self.assertGreaterEqual(OutreachTopic.objects.count(), 9)

    def test_dissemination(self):
        duties = Dissemination.objects.all()
        self.assertGreaterEqual(duties.values("document").distinct().count(), 8)
        done = duties.filter(sessions__isnull=False).distinct().count()
        self.assertTrue(0.55 <= done / duties.count() <= 0.85, done / duties.count())
        self.assertTrue(duties.filter(dissemination_overdue_q(self.today)).exists())
        self.assertTrue(duties.filter(deadline__gt=self.today).exists())
        session = DisseminationSession.objects.first()
        self.assertLessEqual(session.held_on, self.today)
        self.assertTrue(session.presided_by and session.expected >= session.participants > 0)

    def test_outreach(self):
        sessions = OutreachSession.objects.all()
        self.assertGreaterEqual(sessions.count(), 50)
        self.assertGreaterEqual(EthnicLanguage.objects.filter(sessions__isnull=False).distinct().count(), 4)
        self.assertFalse(sessions.filter(Q(audience__lt=30) | Q(audience__gt=300)).exists())
        self.assertFalse(sessions.exclude(commune__is_border_commune=True).exists())
        self.assertTrue(sessions.filter(village__isnull=False).exists())
        for session in sessions[:10]:
            kinds = set(session.organisers.values_list("kind__code", flat=True))
            self.assertEqual(kinds, {"border_post", "commune_party_committee"})
            self.assertEqual(session.owner.kind.code, "border_post")

    def test_tasks_reach_every_state(self):
        tasks = Task.objects.all()
        self.assertGreaterEqual(tasks.count(), 180)
        self.assertEqual(set(tasks.values_list("status", flat=True)), set(TaskStatus.values))
        self.assertTrue(tasks.filter(status__in=OPEN_STATUSES, deadline_in_force__lt=self.today).exists())
        self.assertTrue(tasks.filter(status=TaskStatus.DONE, completed_on_time=True).exists())
        self.assertTrue(tasks.filter(status=TaskStatus.DONE, completed_on_time=False).exists())
        self.assertFalse(  # a classified task is a register entry: its reasons stay on paper
            tasks.filter(status__in=[TaskStatus.RETURNED, TaskStatus.CANCELLED], status_reason="", classification=0)
        )
        self.assertEqual(set(tasks.values_list("source_kind", flat=True)), set(SourceKind.values))
        self.assertTrue(
            {"TU-LS", "DU-BDBP", "BCH-BDBP", "DBP-POMA"} <= set(tasks.values_list("assigned_by_org__code", flat=True))
        )
        deadlines = tasks.values_list("deadline", flat=True)
        self.assertLess(min(deadlines), self.today - datetime.timedelta(days=240))
        self.assertGreater(max(deadlines), self.today + datetime.timedelta(days=60))

        approved = ExtensionRequest.objects.filter(status=ExtensionStatus.APPROVED)
        self.assertTrue(approved.exists())
        for request in approved:
            self.assertGreaterEqual(request.task.deadline_in_force, request.requested_deadline)
        self.assertTrue(ExtensionRequest.objects.filter(status=ExtensionStatus.REFUSED).exists())

        units = TaskUnit.objects.values("task").annotate(
            leads=Count("pk", filter=Q(role=UnitRole.LEAD)), others=Count("pk", filter=Q(role=UnitRole.COORDINATING))
        )
        self.assertEqual({row["leads"] for row in units}, {1})
        self.assertEqual({row["others"] for row in units}, {0, 1, 2, 3})
        self.assertEqual(units.count(), tasks.count())

        # The work was done by the units' own reporters, not by the superuser.
        self.assertGreaterEqual(ProgressReport.objects.count(), 200)
        self.assertFalse(ProgressReport.objects.filter(created_by__is_superuser=True).exists())
        self.assertFalse(ProgressReport.objects.filter(reported_on__gt=self.today).exists())

    def test_classified_records_are_register_entries(self):
        from phoihop.core.state_secrets import incomplete_register_entries, records_holding_content

        self.assertEqual(list(records_holding_content()), [])
        self.assertEqual(list(incomplete_register_entries()), [])
        secret_plan = Document.objects.get(number="64/KH-BCH")
        self.assertEqual((secret_plan.classification, secret_plan.subject, secret_plan.summary), (1, "", ""))
        self.assertEqual(secret_plan.holding_unit.code, "BCH-BDBP")
        with translation.override("vi"):  # the site's language, whatever a test before this one activated
            self.assertEqual(str(secret_plan), "[Mật] 64/KH-BCH")
        classified = Task.objects.filter(classification__gte=1)
        self.assertGreaterEqual(classified.count(), 5)
        self.assertFalse(classified.exclude(title="").exists())
        self.assertFalse(classified.filter(holding_unit__isnull=True).exists())
        self.assertTrue(ProgressReport.objects.filter(unit__task__classification__gte=1).exists())
        self.assertFalse(ProgressReport.objects.filter(unit__task__classification__gte=1).exclude(text="").exists())

    def test_review_conference(self):
        conference = ReviewConference.objects.get(agreement__number="01-QC/TU-ĐUBĐBP", kind=ConferenceKind.INTERIM)
        self.assertTrue(40 <= (self.today - conference.held_on).days <= 80)
        self.assertEqual(conference.conclusions.count(), 5)
        linked = Task.objects.filter(conclusion__conference=conference, source_kind=SourceKind.CONCLUSION)
        self.assertEqual(linked.values("conclusion").distinct().count(), 3)

    def test_commune_user_sees_only_its_own_tasks(self):
        user = User.objects.get(username="baso.reporter")
        ba_son = Organisation.objects.get(code="DUX-BASON")
        subtree = Organisation.objects.filter(path__startswith=ba_son.path)
        direct = set(
            Task.objects.filter(Q(assigned_by_org__in=subtree) | Q(units__organisation__in=subtree))
            .filter(classification__lte=user.clearance)
            .values_list("pk", flat=True)
        )
        visible = set(Task.objects.restrict(user).values_list("pk", flat=True))
        self.assertEqual(visible, direct)
        self.assertGreaterEqual(len(visible), 10)
        self.assertLess(len(visible), Task.objects.count())
