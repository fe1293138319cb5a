"""Trigram indexes for the search box on PostgreSQL.

The search box matches every word with ``search_text LIKE '%word%'`` (``core.filtersets``): a B-tree cannot
serve a pattern with a leading wildcard, so on a national table (a million patrols) every search was a
sequential scan. A GIN index with ``gin_trgm_ops`` (extension ``pg_trgm``, trusted since PostgreSQL 13, so
the database owner may create it) serves it. SQLite has no such index and needs none at its sizes.

Every concrete model with a ``search_text`` column gets ``<table>_search_trgm``. The migrations call
:func:`ensure_trigram_indexes`, which is idempotent; a test (``core/tests/test_search_indexes.py``) fails
when a model has no such index, so a new model's migration adds a ``RunPython(ensure_trigram_indexes)``.
"""

import logging

from django.db import transaction

logger = logging.getLogger(__name__)


def index_name(table: str) -> str:
    return f"{table}_search_trgm"


def searchable_tables(apps) -> list[str]:
    tables = []
    for model in apps.get_models():
        meta = model._meta
        if meta.proxy or not meta.managed:
            continue
        if any(field.column == "search_text" for field in meta.concrete_fields):
            tables.append(meta.db_table)
    return sorted(set(tables))


def ensure_trigram_indexes(apps, schema_editor):
    """Creates the extension (if allowed) and the missing trigram indexes; without the extension the
    search still works, by a scan, and a warning says so."""
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    quote = schema_editor.quote_name
    with connection.cursor() as cursor:
        try:
            with transaction.atomic(using=connection.alias):
                cursor.execute("CREATE EXTENSION IF NOT EXISTS pg_trgm")
        except Exception as error:  # noqa: BLE001 — missing privilege or package: search keeps working
            logger.warning("pg_trgm unavailable (%s): the search box scans instead of using an index", error)
            return
        for table in searchable_tables(apps):
            cursor.execute(
                f"CREATE INDEX IF NOT EXISTS {quote(index_name(table))} "
                f"ON {quote(table)} USING gin (search_text gin_trgm_ops)"
            )


def drop_trigram_indexes(apps, schema_editor):
    connection = schema_editor.connection
    if connection.vendor != "postgresql":
        return
    with connection.cursor() as cursor:
        for table in searchable_tables(apps):
            cursor.execute(f"DROP INDEX IF EXISTS {schema_editor.quote_name(index_name(table))}")
