"""The access gate: subtrees, roles, sharing rules (full / totals), clearance, superusers."""

from django.test import TestCase

from phoihop.core.access import restrict
from phoihop.core.choices import Action
from phoihop.core.testing.registers import register_fields
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation, SharingRule
from tests.testapp.models import SecretNote


class TestAccessGate(WorldMixin, TestCase):
    def visible(self, user, action=Action.VIEW, model=SecretNote):
        return set(restrict(model.objects.all(), user, action).values_list("pk", flat=True))

    def setUp(self):
        self.note_a = SecretNote.objects.create(organisation=self.world.a, title="A")
        self.note_a1 = SecretNote.objects.create(organisation=self.world.a1, title="A1")
        self.note_b = SecretNote.objects.create(organisation=self.world.b, title="B")

    def test_membership_covers_the_subtree_only(self):
        self.assertEqual(self.visible(self.world.a_viewer), {self.note_a.pk, self.note_a1.pk})
        self.assertEqual(self.visible(self.world.b_admin), {self.note_b.pk})
        self.assertEqual(self.visible(self.world.p_viewer), {self.note_a.pk, self.note_a1.pk, self.note_b.pk})

    def test_edit_needs_the_role(self):
        self.assertEqual(self.visible(self.world.a_viewer, Action.CHANGE), set())
        self.assertEqual(self.visible(self.world.a_reporter, Action.CHANGE), {self.note_a.pk, self.note_a1.pk})

    def test_full_sharing_shows_records(self):
        SharingRule.objects.create(owner=self.world.b, viewer=self.world.a, mode="full")
        self.assertIn(self.note_b.pk, self.visible(self.world.a_viewer))
        # sharing never grants editing
        self.assertNotIn(self.note_b.pk, self.visible(self.world.a_admin, Action.CHANGE))

    def test_totals_sharing_counts_but_does_not_show(self):
        SharingRule.objects.create(owner=self.world.b, viewer=self.world.a, mode="totals")
        self.assertNotIn(self.note_b.pk, self.visible(self.world.a_viewer))
        self.assertIn(self.note_b.pk, self.visible(self.world.a_viewer, Action.COUNT))

    def test_sharing_of_one_record_type_only(self):
        from django.contrib.contenttypes.models import ContentType

        SharingRule.objects.create(
            owner=self.world.b,
            viewer=self.world.a,
            mode="full",
            content_type=ContentType.objects.get_for_model(Organisation),
        )
        self.assertNotIn(self.note_b.pk, self.visible(self.world.a_viewer))
        self.assertIn(self.world.b.pk, self.visible(self.world.a_viewer, model=Organisation))

    def test_expired_sharing_rule_is_ignored(self):
        import datetime

        SharingRule.objects.create(
            owner=self.world.b, viewer=self.world.a, mode="full", valid_to=datetime.date(2020, 1, 1)
        )
        self.assertNotIn(self.note_b.pk, self.visible(self.world.a_viewer))

    def test_clearance_applies_to_everyone_including_superusers(self):
        secret = SecretNote.objects.create(  # a register entry: no title, the paper file held by post A
            organisation=self.world.a, classification=3, **register_fields(self.world.a, 3)
        )
        self.assertNotIn(secret.pk, self.visible(self.world.a_secret))  # clearance 2 < 3
        self.assertIn(secret.pk, self.visible(self.world.superuser))  # clearance 3
        self.world.superuser.clearance = 1
        self.assertNotIn(secret.pk, self.visible(self.world.superuser))

    def test_home_counts_are_what_the_lists_show(self):
        """Totals-only records are counted on the dashboard; the home page counts what its links open."""
        SharingRule.objects.create(owner=self.world.b, viewer=self.world.a, mode="totals")
        self.client.force_login(self.world.a_viewer)
        response = self.client.get("/")
        counts = {str(label): count for label, count, _url, _capped in response.context["counts"]}
        self.assertEqual(counts[str(SecretNote._meta.verbose_name_plural)], 2)  # A's and A1's, not B's
        self.assertEqual(restrict(SecretNote.objects.all(), self.world.a_viewer).count(), 2)

    def test_participants_read_but_do_not_edit(self):
        self.note_b.readers.set([self.world.a, self.world.a1])  # two readers in A's subtree: still one row
        viewed = list(restrict(SecretNote.objects.all(), self.world.a_viewer).values_list("pk", flat=True))
        self.assertEqual(sorted(viewed), sorted([self.note_a.pk, self.note_a1.pk, self.note_b.pk]))
        self.assertNotIn(self.note_b.pk, self.visible(self.world.a_admin, Action.CHANGE))
        self.assertEqual(restrict(SecretNote.objects.all(), self.world.a_viewer).count(), 3)

    def test_anonymous_and_inactive_see_nothing(self):
        from django.contrib.auth.models import AnonymousUser

        self.assertEqual(self.visible(AnonymousUser()), set())
        self.world.p_viewer.is_active = False
        self.assertEqual(self.visible(self.world.p_viewer), set())

    def test_deleted_organisation_membership_grants_nothing(self):
        from phoihop.core.services import record_delete

        cell = Organisation.objects.create(name="Chi bộ tạm", code="TMP", kind=self.world.kind, parent=self.world.b)
        from phoihop.core.testing.world import make_user

        member = make_user("tmp_member", cell)
        record_delete(acting_user=self.world.superuser, instance=cell)
        self.assertEqual(self.visible(member, model=Organisation), set())


class TestHistoryActorOutsideRequests(WorldMixin, TestCase):
    def test_services_name_the_acting_user_even_after_another_actor_block(self):
        from auditlog.context import set_actor

        from phoihop.audit.models import ChangeRecord
        from phoihop.core.services import record_save

        with set_actor(self.world.superuser):
            record_save(acting_user=self.world.superuser, instance=SecretNote(organisation=self.world.a, title="1"))
        note = record_save(acting_user=self.world.a_reporter, instance=SecretNote(organisation=self.world.a, title="2"))
        entry = ChangeRecord.objects.get(object_pk=str(note.pk), content_type__model="secretnote")
        self.assertEqual(entry.actor, self.world.a_reporter)
