from django.core.exceptions import PermissionDenied
from django.db import transaction

from phoihop.accounts.models import Membership
from phoihop.core.access import can, forget
from phoihop.core.choices import Action, Role
from phoihop.core.services import record_save


def user_create(*, acting_user, user, password, organisation=None, role=Role.VIEWER):
    """Create ``user`` with a first membership; an organisation admin may only place them in their subtree."""
    with transaction.atomic():
        if password is not None:
            user.set_password(password)
        if not acting_user.is_superuser:
            user.clearance = 0
            user.is_superuser = False
        user.full_clean(exclude=["password"])
        user.save()
        if organisation is not None:
            record_save(acting_user=acting_user, instance=Membership(user=user, organisation=organisation, role=role))
        forget(acting_user)
        if not can(acting_user, user, Action.VIEW):
            raise PermissionDenied
    return user


def user_update(*, acting_user, user, password=None):
    with transaction.atomic():
        if not can(acting_user, user, Action.CHANGE) and acting_user.pk != user.pk:
            raise PermissionDenied
        if password:
            user.set_password(password)
        user.full_clean(exclude=["password"])
        user.save()
    return user
