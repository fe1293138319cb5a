"""Generic write services for every domain record: save with a version check, delete, restore.

Every state change goes through one of these (or a model-specific service that calls them) with the
acting user, inside a transaction. After the write, the record must still be inside the user's scope;
if it is not, the transaction is rolled back (a user cannot move a record out of their own reach).
"""

import contextlib

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.core.access import can
from phoihop.core.choices import Action


def _history_actor(acting_user):
    """Outside a request (a job, a command, the shell) the history still names who acted; inside one, the
    middleware's context (actor and IP address) is kept."""
    from auditlog import get_logentry_model
    from auditlog.context import set_actor
    from django.db.models.signals import pre_save

    # auditlog's context value outlives its block; what tells an active block is its signal receiver.
    if pre_save.has_listeners(get_logentry_model()):
        return contextlib.nullcontext()
    return set_actor(acting_user)


class StaleVersionError(Exception):
    """The record was changed by someone else since the user loaded it."""

    def __init__(self, current):
        self.current = current
        super().__init__(_("This record has been changed by someone else."))


class ConflictError(Exception):
    """The record's state does not allow this change (e.g. an approved value is locked). Nothing was written.

    ``field`` names where the message belongs (the API answers 409 with ``{field: [message]}``).
    """

    def __init__(self, message, field="status"):
        self.message = str(message)
        self.field = field
        super().__init__(self.message)


def record_save(*, acting_user, instance, expected_version=None, save_related=None, check_scope=True, validated=False):
    """Create or update ``instance`` on behalf of ``acting_user``.

    ``expected_version`` is the version the user edited; if the stored one differs the save is refused
    with :class:`StaleVersionError` and nothing is written. ``save_related`` (e.g. a form's save_m2m)
    runs inside the same transaction. ``check_scope=False`` is for workflow services that have checked the
    user's right themselves (a unit's report moves the assigner's task along). ``validated=True`` skips
    ``full_clean`` for a caller that has just run it on this instance (an import row).
    """
    model = type(instance)
    is_new = instance._state.adding or instance.pk is None
    with _history_actor(acting_user), transaction.atomic():
        if is_new:
            instance.created_by = acting_user
            instance.version = 1
        else:
            if expected_version is None:
                expected_version = instance.version
            bumped = model.all_objects.filter(pk=instance.pk, version=expected_version, deleted_at__isnull=True).update(
                version=F("version") + 1
            )
            if not bumped:
                raise StaleVersionError(model.all_objects.filter(pk=instance.pk).first())
            instance.version = expected_version + 1
        instance.updated_by = acting_user
        if not validated:
            instance.full_clean()
        instance.save()
        if save_related is not None:
            save_related()
        if check_scope and not can(acting_user, instance, Action.ADD if is_new else Action.CHANGE):
            raise PermissionDenied(_("The record would fall outside your organisation's scope."))
    return instance


def record_delete(*, acting_user, instance, expected_version=None):
    """Soft-delete ``instance``: it disappears from every list but can be restored with its history."""
    from auditlog import get_logentry_model
    from auditlog.models import LogEntry  # abstract base; the swapped model is resolved below

    blockers = instance.delete_blockers()
    if blockers:
        raise ValidationError(blockers)
    model = type(instance)
    with transaction.atomic():
        if not can(acting_user, instance, Action.DELETE):
            raise PermissionDenied
        version = instance.version if expected_version is None else expected_version
        now = timezone.now()
        updated = model.all_objects.filter(pk=instance.pk, version=version, deleted_at__isnull=True).update(
            deleted_at=now, deleted_by=acting_user, version=F("version") + 1
        )
        if not updated:
            raise StaleVersionError(model.all_objects.filter(pk=instance.pk).first())
        instance.deleted_at, instance.deleted_by, instance.version = now, acting_user, version + 1
        get_logentry_model().objects.log_create(
            instance, force_log=True, action=LogEntry.Action.DELETE, changes={}, actor=acting_user
        )
    return instance


def record_restore(*, acting_user, instance):
    """Bring back a soft-deleted record; the restore itself is written to the history."""
    from auditlog import get_logentry_model
    from auditlog.models import LogEntry

    model = type(instance)
    with transaction.atomic():
        deleted_at = instance.deleted_at
        instance.deleted_at = None
        instance.deleted_by = None
        # The restored record must still be valid (e.g. its code may have been reused meanwhile).
        instance.full_clean()
        model.all_objects.filter(pk=instance.pk).update(deleted_at=None, deleted_by=None, version=F("version") + 1)
        instance.version += 1
        if not can(acting_user, instance, Action.DELETE):
            raise PermissionDenied
        get_logentry_model().objects.log_create(
            instance,
            force_log=True,
            action=LogEntry.Action.UPDATE,
            changes={"deleted_at": [str(deleted_at), "None"]},
            actor=acting_user,
        )
    return instance
