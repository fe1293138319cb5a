"""Write services of dissemination (quán triệt): assigning the duty to disseminate a document, saving and
withdrawing a duty.

Sessions (DisseminationSession) need nothing beyond the generic ``record_save``: the disseminating
organisation's reporters record them, which is exactly the model's own access rule.
"""

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.core.access import member_paths
from phoihop.core.choices import Role
from phoihop.core.services import record_delete, record_save
from phoihop.orgs.models import Organisation
from phoihop.work.models import Dissemination, Document

#: fields of a duty that only the assigning organisation decides
ASSIGNMENT_FIELDS = ("document_id", "organisation_id", "assigned_by_id", "deadline")


def may_assign_for(user, organisation) -> bool:
    """Whether ``user`` holds at least Reporter in ``organisation`` (directly or above it in the tree)."""
    if user.is_superuser:
        return True
    return any(organisation.path.startswith(path) for path in member_paths(user, Role.REPORTER))


def _check_assignment(user, *, document, organisations, assigned_by):
    if not may_assign_for(user, assigned_by):
        raise PermissionDenied(_("You may not assign dissemination duties on behalf of this organisation."))
    if not Document.objects.restrict(user).filter(pk=document.pk).exists():
        raise PermissionDenied(_("You may not assign the dissemination of this document."))
    ids = {org.pk for org in organisations}
    if ids and Organisation.objects.restrict(user).filter(pk__in=ids).count() != len(ids):
        raise PermissionDenied(_("You may assign dissemination duties only to organisations you can see."))


def dissemination_assign(*, acting_user, document, organisations, assigned_by, deadline):
    """Give each organisation in ``organisations`` the duty to disseminate ``document`` by ``deadline``.

    ``assigned_by`` is the organisation that assigns the duty; the acting user must hold at least Reporter in
    it. Organisations that already have the duty for this document are skipped. Returns the duties created.
    """
    unique = list({org.pk: org for org in organisations}.values())
    _check_assignment(acting_user, document=document, organisations=unique, assigned_by=assigned_by)
    existing = set(
        Dissemination.objects.filter(document=document, organisation__in=[org.pk for org in unique]).values_list(
            "organisation_id", flat=True
        )
    )
    created = []
    with transaction.atomic():
        for organisation in unique:
            if organisation.pk in existing:
                continue
            duty = Dissemination(
                document=document, organisation=organisation, assigned_by=assigned_by, deadline=deadline
            )
            # The assigner's right was checked above; the duty belongs to the assigned organisation, which
            # may lie outside the assigner's own subtree (the assigner reads it as a participant).
            record_save(acting_user=acting_user, instance=duty, check_scope=False)
            created.append(duty)
    return created


def dissemination_save(*, acting_user, instance, expected_version=None, save_related=None):
    """Create or update one duty (the generic add/edit pages, the API and the import).

    Who is assigned what, by whom and by when is decided by the assigning organisation: creating a duty, or
    changing its document, organisation, assigning organisation or deadline, needs Reporter there. Any other
    change (a note, the agreement clause) follows the record's own scope: the disseminating organisation.
    """
    is_new = instance._state.adding or instance.pk is None
    if is_new:
        changed = True
    else:
        stored = Dissemination.all_objects.filter(pk=instance.pk).values(*ASSIGNMENT_FIELDS).first() or {}
        changed = any(stored.get(name) != getattr(instance, name) for name in ASSIGNMENT_FIELDS)
    if changed and instance.document_id and instance.organisation_id and instance.assigned_by_id:
        _check_assignment(
            acting_user,
            document=instance.document,
            organisations=[instance.organisation],
            assigned_by=instance.assigned_by,
        )
    return record_save(
        acting_user=acting_user,
        instance=instance,
        expected_version=expected_version,
        save_related=save_related,
        check_scope=not is_new,
    )


def dissemination_delete(*, acting_user, instance, expected_version=None):
    """Withdraw a duty: only the assigning organisation may (the disseminating one cannot drop its own duty)."""
    if not may_assign_for(acting_user, instance.assigned_by):
        raise PermissionDenied(_("Only the assigning organisation may withdraw a dissemination duty."))
    return record_delete(acting_user=acting_user, instance=instance, expected_version=expected_version)
