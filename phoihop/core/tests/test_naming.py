"""The naming rule (``phoihop.core.naming``): how a page, an export and the history name other records."""

import csv
import io

from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.audit.tests.test_history_gate import make_document
from phoihop.core.choices import Classification
from phoihop.core.naming import RecordNames
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Agreement, Clause
from phoihop.work.tests.factories import make_task

NOT_VIEWABLE = "[Bản ghi không xem được]"
CLASSIFIED_DOCUMENT = "[Văn bản mật]"


class NamingTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        world = cls.world
        cls.outside = make_document(world.b, "91-CT/ĐU", subject="Chỉ thị riêng của xã Đồng Đăng")
        cls.secret = make_document(world.a, "93/KH-BCH", classification=Classification.CONFIDENTIAL)
        agreement = Agreement.objects.create(
            owner=world.b, number="95-QC/ĐU", title="Quy chế riêng của xã", signed_on="2025-01-01"
        )
        cls.clause = Clause.objects.create(agreement=agreement, number=7, title="Phối hợp giữ gìn an ninh thôn bản")
        cls.task_outside = make_task(world, assigner=world.a, lead=world.a1, document=cls.outside, title="Việc một")
        cls.task_secret = make_task(world, assigner=world.a, lead=world.a1, document=cls.secret, title="Việc hai")
        cls.task_clause = make_task(world, assigner=world.a, lead=world.a1, clause=cls.clause, title="Việc ba")

    def page(self, user, url, **params):
        self.login(user)
        response = self.client.get(url, params)
        self.assertEqual(response.status_code, 200)
        return response.content.decode()

    def test_a_record_outside_the_scope_is_not_named_nor_linked(self):
        viewer = self.world.a_viewer
        self.login(viewer)
        self.assertEqual(self.client.get(self.outside.get_absolute_url()).status_code, 404)
        body = self.page(viewer, self.task_outside.get_absolute_url())
        self.assertIn(NOT_VIEWABLE, body)
        self.assertNotIn("91-CT", body)
        self.assertNotIn(self.outside.get_absolute_url(), body)
        # its own organisation's admin reads it, linked
        body = self.page(self.world.superuser, self.task_outside.get_absolute_url())
        self.assertIn("91-CT/ĐU", body)
        self.assertIn(f'href="{self.outside.get_absolute_url()}"', body)

    def test_a_record_above_the_clearance_is_never_named(self):
        body = self.page(self.world.a_viewer, self.task_secret.get_absolute_url())
        self.assertIn(CLASSIFIED_DOCUMENT, body)
        self.assertNotIn("93/KH-BCH", body)
        body = self.page(self.world.a_secret, self.task_secret.get_absolute_url())
        self.assertIn("93/KH-BCH", body)
        self.assertIn(f'href="{self.secret.get_absolute_url()}"', body)

    def test_the_clause_a_record_implements_is_named_without_a_link(self):
        viewer = self.world.a_viewer
        self.login(viewer)
        self.assertEqual(self.client.get(self.clause.get_absolute_url()).status_code, 404)
        body = self.page(viewer, self.task_clause.get_absolute_url())
        self.assertIn(str(self.clause), body)
        self.assertNotIn(self.clause.get_absolute_url(), body)
        self.assertNotIn(self.clause.agreement.get_absolute_url(), body)

    def test_exports_print_the_placeholder(self):
        body = self.page(self.world.a_viewer, reverse("work:task_list"), export="csv")
        rows = list(csv.reader(io.StringIO(body.lstrip("\ufeff"))))
        text = "\n".join(",".join(row) for row in rows)
        self.assertIn("Việc một", text)
        self.assertIn(NOT_VIEWABLE, text)
        self.assertIn(CLASSIFIED_DOCUMENT, text)
        self.assertNotIn("91-CT", text)
        self.assertNotIn("93/KH", text)
        self.assertIn(str(self.clause), text)  # implemented: the label, as on the page
        text = self.page(self.world.superuser, reverse("work:task_list"), export="csv")
        self.assertIn("91-CT/ĐU", text)
        self.assertIn("93/KH-BCH", text)

    def test_an_organisation_outside_the_subtree_is_named_without_a_link(self):
        body = self.page(self.world.a_viewer, self.world.a.get_absolute_url())
        self.assertIn(self.world.province.name, body)
        self.assertNotIn(f'href="{self.world.province.get_absolute_url()}"', body)

    def test_one_query_per_record_type(self):
        documents = [make_document(self.world.b, f"{n}-CT/ĐU") for n in range(100, 130)]
        names = RecordNames(self.world.a_viewer)
        for document in documents:
            names.add_instance(document)
        names.add_instance(self.clause, implemented=True)
        with CaptureQueriesContext(connection) as queries:
            names.resolve()
            refs = [names.ref_of(document) for document in documents]
        self.assertLessEqual(len(queries), 4)  # the user's memberships, then one per type (documents, clauses)
        self.assertTrue(all(ref.hidden for ref in refs))
        self.assertFalse(names.ref_of(self.clause).hidden)


class ListColumnTests(WorldMixin, TestCase):
    """A list's column naming another gated record (an inspection's follow-up task) follows the rule too."""

    def test_a_follow_up_task_above_the_clearance_is_a_placeholder_in_the_list(self):
        import datetime

        from phoihop.border.models import Inspection
        from phoihop.border.tests.test_registry import make_marker

        world = self.world
        marker = make_marker(world.a, number="1117")
        task = make_task(world, assigner=world.a, lead=world.a, classification=Classification.CONFIDENTIAL, title="")
        inspection = Inspection.objects.create(
            marker=marker,
            inspecting_unit=world.a,
            inspected_on=datetime.date(2025, 7, 1),
            condition="damaged",
            follow_up_task=task,
        )
        self.login(world.a_viewer)
        body = self.client.get(reverse("border:inspection_list")).content.decode()
        self.assertIn(inspection.get_absolute_url(), body)
        self.assertIn("[Bản ghi mật]", body)
        self.assertNotIn(task.get_absolute_url(), body)
        self.login(world.a_secret)
        body = self.client.get(reverse("border:inspection_list")).content.decode()
        self.assertNotIn("[Bản ghi mật]", body)
