"""Reads of reports and exports from a read-only PostgreSQL replica, only where the code asks for it.

Production sets ``DATABASES["replica"]`` and installs ``ReplicaRouter`` when ``DATABASE_REPLICA_URL`` is set
(``phoihop/settings/production.py``). The router sends nothing to the replica on its own: every request reads
the primary, so a user always sees what they have just saved (the replica lags behind by some milliseconds to
seconds). Code that reads a lot and can live with that lag — report generation, exports — wraps its reading in
``reading_from_replica()``::

    from phoihop.core.db_routers import reading_from_replica

    report = Report.objects.get(pk=report_id)        # the job's own row: primary (just created by the request)
    with reading_from_replica():
        figures = collect_figures(report)            # the ORM reads inside the block go to the replica
    report_save_result(report, figures)              # writes always go to the primary

Inside the block reads go to the replica, writes still go to the primary; a row written inside the block is
not necessarily visible to a read inside it, and the change log's "before" snapshot of a save would be read
from the (possibly older) replica too, so keep the block to the read-only part and save after it. Raw SQL does not pass
through routers: use ``connections[read_alias()]``. Without a replica (the embedded SQLite, a single
PostgreSQL) the block changes nothing. The marker is a context variable, so it holds for the current thread or
asyncio task only, and it also works as a decorator (``@reading_from_replica()``).
"""

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS

REPLICA = "replica"

_use_replica: ContextVar[bool] = ContextVar("phoihop_use_replica", default=False)


def replica_configured() -> bool:
    return REPLICA in settings.DATABASES


@contextmanager
def reading_from_replica() -> Iterator[None]:
    """ORM reads inside the block go to the replica when one is configured; a no-op otherwise."""
    token = _use_replica.set(True)
    try:
        yield
    finally:
        _use_replica.reset(token)


def read_alias() -> str:
    """The database alias reads go to here and now (for raw SQL, which routers do not see)."""
    return REPLICA if _use_replica.get() and replica_configured() else DEFAULT_DB_ALIAS


class ReplicaRouter:
    """Primary for everything, the replica for reads inside ``reading_from_replica()``.

    The answers are explicit (never None): Django would otherwise fall back to the database an instance was
    read from, and save an object read inside the block to the read-only replica.
    """

    def db_for_read(self, model, **hints):
        return read_alias()

    def db_for_write(self, model, **hints):
        return DEFAULT_DB_ALIAS

    def allow_relation(self, obj1, obj2, **hints):
        # The replica holds the same rows as the primary: an object read from one may point to one from the other.
        databases = {DEFAULT_DB_ALIAS, REPLICA}
        if obj1._state.db in databases and obj2._state.db in databases:
            return True
        return None

    def allow_migrate(self, db, app_label, model_name=None, **hints):
        # The replica follows the primary by streaming replication; migrations run on the primary only.
        return db == DEFAULT_DB_ALIAS
