"""Houses and their funding lines: the house's ``total_cost`` is the sum of its (not deleted) funding lines.

Every write of a funding line goes through :func:`house_funding_save` or :func:`house_funding_delete`, which
call :func:`house_funding_changed` in the same transaction. The total is a derived figure: updating it bumps
neither the house's version (an edit of the house in progress stays valid) nor writes a history entry (the
funding lines carry their own history).
"""

from django.db import transaction
from django.db.models import Sum

from phoihop.core.services import record_delete, record_save


def house_funding_changed(house):
    """Store the sum of the house's funding lines as its ``total_cost``; returns the new total."""
    from phoihop.programs.models import House, HouseFunding

    total = HouseFunding.objects.filter(house=house).aggregate(total=Sum("amount"))["total"] or 0
    House.all_objects.filter(pk=house.pk).update(total_cost=total)
    house.total_cost = total
    return total


def house_funding_save(*, acting_user, instance, expected_version=None, save_related=None):
    """Save a funding line (``record_save``) and update its house's total (and the previous house's, if the
    line moved)."""
    from phoihop.programs.models import HouseFunding

    with transaction.atomic():
        previous_house_id = None
        if instance.pk:
            previous_house_id = (
                HouseFunding.all_objects.filter(pk=instance.pk).values_list("house_id", flat=True).first()
            )
        record_save(
            acting_user=acting_user, instance=instance, expected_version=expected_version, save_related=save_related
        )
        house_funding_changed(instance.house)
        if previous_house_id and previous_house_id != instance.house_id:
            from phoihop.programs.models import House

            house_funding_changed(House.all_objects.get(pk=previous_house_id))
    return instance


def house_funding_delete(*, acting_user, instance, expected_version=None):
    """Soft-delete a funding line (``record_delete``) and update its house's total."""
    with transaction.atomic():
        record_delete(acting_user=acting_user, instance=instance, expected_version=expected_version)
        house_funding_changed(instance.house)
    return instance
