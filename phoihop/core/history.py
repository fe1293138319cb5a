"""Change history: every domain record type is registered here once, from its app's ``ready()``."""

from auditlog.registry import auditlog

from phoihop.core.models import BOOKKEEPING_FIELDS


def register_history(model, **options):
    options.setdefault("exclude_fields", [])
    # Reverse relations (children, memberships …) are not this record's own data.
    reverse = [f.name for f in model._meta.get_fields() if f.auto_created and not f.concrete]
    options["exclude_fields"] = list(options["exclude_fields"]) + BOOKKEEPING_FIELDS + reverse
    auditlog.register(model, **options)
    return model
