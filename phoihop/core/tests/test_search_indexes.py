"""Every searchable table has its trigram index on PostgreSQL, and a search uses it (issue 15)."""

from unittest import skipUnless

from django.apps import apps
from django.db import connection
from django.test import TestCase

from phoihop.core.search_indexes import index_name, searchable_tables


@skipUnless(connection.vendor == "postgresql", "trigram indexes exist on PostgreSQL only")
class TrigramIndexTests(TestCase):
    def test_every_model_with_search_text_has_its_index(self):
        with connection.cursor() as cursor:
            cursor.execute("SELECT indexname, indexdef FROM pg_indexes WHERE indexname LIKE %s", ["%_search_trgm"])
            found = dict(cursor.fetchall())
        # the project's tables (the test-only app tests.testapp has no migration that indexes it)
        project = {m._meta.db_table for m in apps.get_models() if m.__module__.startswith("phoihop.")}
        tables = [table for table in searchable_tables(apps) if table in project]
        self.assertIn("work_task", tables)
        missing = [table for table in tables if index_name(table) not in found]
        self.assertEqual(
            missing,
            [],
            "add a migration with RunPython(phoihop.core.search_indexes.ensure_trigram_indexes) for these tables",
        )
        self.assertIn("gin_trgm_ops", found[index_name("border_patrol")])

    def test_a_search_reads_the_index_rather_than_the_table(self):
        from phoihop.border.models import Patrol
        from phoihop.core.text import fold

        # all_objects: without the live-rows condition, so no partial index of the list's ordering competes
        queryset = Patrol.all_objects.filter(search_text__contains=fold("Pò Mã"))
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL enable_seqscan = off")  # an empty test table: make the planner show its option
            plan = queryset.explain()
        self.assertIn(index_name("border_patrol"), plan)
