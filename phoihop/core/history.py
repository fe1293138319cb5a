"""Change history: every domain record type is registered here once, from its app's ``ready()``."""

from auditlog.registry import auditlog

from phoihop.core.models import BOOKKEEPING_FIELDS


def register_history(model, **options):
    options.setdefault("exclude_fields", [])
    options["exclude_fields"] = list(options["exclude_fields"]) + BOOKKEEPING_FIELDS
    auditlog.register(model, **options)
    return model
