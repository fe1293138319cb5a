"""Write services of cadre planning: putting a person in a plan, and taking them out of it (over age, disciplined —
the removals the system proposes, ``selectors.proposed_removals`` — or by a decision)."""

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.cadres.choices import PlannedSource
from phoihop.cadres.models import PlannedCadre
from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.services import record_save


def planned_cadre_add(
    *,
    acting_user,
    plan,
    person,
    decision_number="",
    decision_date=None,
    decision_authority="",
    source=PlannedSource.LOCAL,
    note="",
):
    """Put ``person`` in ``plan`` by the decision named (number and date together). The acting user names only a
    person they may read; the plan's committee must be in their personal-data scope (``record_save`` checks)."""
    planned = PlannedCadre(
        plan=plan,
        person=person,
        decision_number=decision_number,
        decision_date=decision_date,
        decision_authority=decision_authority,
        source=source,
        note=note,
    )
    return planned_cadre_save(acting_user=acting_user, instance=planned)


def planned_cadre_save(*, acting_user, instance, expected_version=None, save_related=None):
    """The pages' and the API's write of a planned cadre (``record_save``'s signature): the person named must be
    one the acting user may read."""
    person = instance.person if instance.person_id else None
    if person is not None and not can(acting_user, person, Action.VIEW):
        raise ValidationError({"person": _("Choose a cadre whose record you may read.")})
    with transaction.atomic():
        return record_save(
            acting_user=acting_user, instance=instance, expected_version=expected_version, save_related=save_related
        )


def planned_cadre_remove(*, acting_user, planned, removed_on, reason, removal_decision="", expected_version=None):
    """Take ``planned`` out of the plan on ``removed_on`` for ``reason`` (``choices.RemovalReason``); a removal
    by decision names the decision. A person already removed stays removed on the first date; ``expected_version``
    refuses a removal of a record changed since it was read (``StaleVersionError``)."""
    with transaction.atomic():
        current = PlannedCadre.objects.select_for_update().filter(pk=planned.pk).first()
        if current is not None and current.removed_on is not None:
            raise ValidationError(
                {
                    "removed_on": _("%(person)s was already removed from the plan on %(date)s.")
                    % {"person": planned.person, "date": current.removed_on.strftime("%d/%m/%Y")}
                }
            )
        errors = {}
        if not removed_on:
            errors["removed_on"] = _("Give the date of the removal.")
        if not reason:
            errors["removal_reason"] = _("Give the reason for the removal.")
        if errors:
            raise ValidationError(errors)
        planned.removed_on = removed_on
        planned.removal_reason = reason
        planned.removal_decision = removal_decision or ""
        return record_save(acting_user=acting_user, instance=planned, expected_version=expected_version)
