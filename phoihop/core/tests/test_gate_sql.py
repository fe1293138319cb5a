"""The gate's participant rule is one ``id IN (… UNION …)``: each branch (the owner, each kind of participant) is
served by its own index, so a commune's user does not pay for the national table (``core.access.org_fields_q``)."""

import datetime

from django.test import TestCase

from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Agreement
from phoihop.work.models import ProgressReport, Task
from phoihop.work.tests.factories import make_task


class TestGateSql(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        day = datetime.date(2026, 6, 1)
        cls.owned = make_task(w, assigner=w.a, lead=w.a, deadline=day)
        cls.lead_elsewhere = make_task(w, assigner=w.province, lead=w.a1, deadline=day)
        cls.coordinating = make_task(w, assigner=w.province, lead=w.b, coordinating=[w.a], deadline=day)
        cls.outside = make_task(w, assigner=w.province, lead=w.b, deadline=day)

    def test_participants_are_a_union_of_id_lists(self):
        for model in (Task, ProgressReport, Agreement):
            with self.subTest(model=model.__name__):
                sql = str(model.objects.restrict(self.world.a_viewer).query).upper()
                self.assertIn(" UNION ", sql)
                self.assertNotIn(") OR ", sql)

    def test_the_task_units_branch_reads_the_units_alone(self):
        sql = str(Task.objects.restrict(self.world.a_viewer).query)
        union = sql[sql.index("UNION") :]
        self.assertIn('FROM "work_taskunit"', union)
        self.assertNotIn('INNER JOIN "work_taskunit"', union)

    def test_the_union_keeps_owned_and_involved_tasks_only(self):
        visible = set(Task.objects.restrict(self.world.a_viewer).values_list("pk", flat=True))
        self.assertEqual(visible, {self.owned.pk, self.lead_elsewhere.pk, self.coordinating.pk})
        self.assertEqual(Task.objects.restrict(self.world.a_viewer).count(), 3)  # no duplicate rows
