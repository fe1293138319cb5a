"""An organisation that still owns or takes part in live records cannot be deleted."""

import datetime

from django.contrib.messages import get_messages
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.border.models import Inspection, Marker
from phoihop.border.tests.test_registry import make_marker
from phoihop.core.models import live_dependants
from phoihop.core.services import record_delete, record_restore
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Agreement, Organisation
from phoihop.orgs.tests.test_organisation import make_org
from phoihop.work.models import Task
from phoihop.work.tests.factories import make_task


class TestDeletingAnOrganisationWithRecords(WorldMixin, TestCase):
    def setUp(self):
        self.org = make_org(self.world.a)
        self.marker = make_marker(self.org)
        self.assigned = make_task(self.world, assigner=self.org, lead=self.world.a)
        self.led = make_task(self.world, lead=self.org)  # the org takes part as the lead unit
        self.api = APIClient()

    def delete_page(self, org):
        self.login(self.world.p_admin)
        return self.client.post(reverse("orgs:organisation_delete", args=[org.pk]), {"version": org.version})

    def test_page_refuses_and_lists_what_blocks(self):
        response = self.delete_page(self.org)
        self.assertEqual(response.status_code, 302)
        messages = [str(m) for m in get_messages(response.wsgi_request)]
        self.assertTrue(any("Còn 2 nhiệm vụ, 1 cột mốc thuộc đơn vị này" in m for m in messages), messages)
        self.assertTrue(Organisation.objects.filter(pk=self.org.pk).exists())
        self.assertFalse(self.client.get(response.url).status_code >= 400)
        page = self.client.get(reverse("orgs:organisation_delete", args=[self.org.pk]))
        self.assertContains(page, "Còn 2 nhiệm vụ, 1 cột mốc")
        self.assertNotContains(page, 'data-testid="confirm-delete"')

    def test_api_refuses_with_non_field_errors(self):
        self.api.force_authenticate(self.world.p_admin)
        response = self.api.delete(f"/api/orgs/organisations/{self.org.pk}/")
        self.assertEqual(response.status_code, 400)
        errors = response.json()["non_field_errors"]
        self.assertTrue(any("2 nhiệm vụ, 1 cột mốc" in e for e in errors), errors)
        self.assertTrue(Organisation.objects.filter(pk=self.org.pk).exists())
        self.assertTrue(Marker.objects.filter(pk=self.marker.pk).exists())

    def test_successor_is_named(self):
        successor = make_org(self.world.a, name="Đồn kế thừa")
        self.org.successor = successor
        self.org.save()
        self.api.force_authenticate(self.world.p_admin)
        response = self.api.delete(f"/api/orgs/organisations/{self.org.pk}/")
        self.assertEqual(response.status_code, 400)
        self.assertIn("Đồn kế thừa", response.json()["non_field_errors"][0])

    def test_party_to_a_live_agreement_blocks(self):
        other = make_org(self.world.a)
        agreement = Agreement.objects.create(number="1/QC", title="Quy chế", owner=self.world.a)
        agreement.parties.set([self.world.a, other])
        self.assertEqual(live_dependants(other), [(Agreement, 1)])
        agreement.deleted_at = datetime.datetime(2026, 1, 1, tzinfo=datetime.UTC)
        agreement.save()
        self.assertEqual(live_dependants(other), [])

    def test_deleted_records_no_longer_block_and_restore_works(self):
        record_delete(acting_user=self.world.superuser, instance=self.marker)
        record_delete(acting_user=self.world.superuser, instance=self.assigned)
        # moving the lead unit's task elsewhere: its task is deleted, so the live unit row no longer counts
        record_delete(acting_user=self.world.superuser, instance=Task.objects.get(pk=self.led.pk))
        self.assertEqual(live_dependants(self.org, skip=("orgs.Organisation.parent",)), [])
        response = self.delete_page(Organisation.objects.get(pk=self.org.pk))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(Organisation.objects.filter(pk=self.org.pk).exists())
        deleted = Organisation.all_objects.get(pk=self.org.pk)
        record_restore(acting_user=self.world.p_admin, instance=deleted)
        self.assertTrue(Organisation.objects.filter(pk=self.org.pk).exists())

    def test_moved_records_unblock_the_api_delete(self):
        self.marker.post = self.world.a
        self.marker.save()
        self.assigned.assigned_by_org = self.world.a
        self.assigned.save()
        unit = self.led.units.get(organisation=self.org)
        unit.organisation = self.world.b
        unit.save()
        self.api.force_authenticate(self.world.p_admin)
        response = self.api.delete(f"/api/orgs/organisations/{self.org.pk}/")
        self.assertEqual(response.status_code, 204, response.content)
        self.assertFalse(Organisation.objects.filter(pk=self.org.pk).exists())

    def test_parts_of_a_record_do_not_block_it(self):
        """A marker's inspections are part of it (CASCADE): they go and come back with it."""
        Inspection.objects.create(
            marker=self.marker, inspected_on=datetime.date(2026, 1, 5), inspecting_unit=self.org, condition="intact"
        )
        self.assertEqual(self.marker.delete_blockers(), [])

    def test_one_query_whatever_the_rows(self):
        with CaptureQueriesContext(connection) as few:
            live_dependants(self.org)
        for _ in range(5):
            make_marker(self.org)
            make_task(self.world, assigner=self.org, lead=self.world.a)
        with CaptureQueriesContext(connection) as many:
            counts = dict(live_dependants(self.org))
        self.assertEqual(len(few), 1)
        self.assertEqual(len(many), 1)
        self.assertEqual((counts[Marker], counts[Task]), (6, 7))
