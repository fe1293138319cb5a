"""Write services of the annual ratings (Quy định 124-QĐ/TW 2023): the pages', the API's and the import's save of a
rating, and the decision of its level, both under the 20 % rule.

Within a comparable group — the same deciding organisation, year and kind of subject (``OrganisationRating`` or
``MemberRating``) — those decided "excellent" are at most ``EXCELLENT_SHARE_OF_GOOD`` of those decided "good"
(``selectors.excellent_quota``). The record being saved counts with its new level: a save that would take its group
over the rule is refused with a field error on ``decided_level``. A save that leaves the group's counts as they were
(a note corrected) passes even in a group already over the rule (records of before phoihop).

Two deciders at once must not both pass: the group is locked first — the deciding organisation's row, ``SELECT …
FOR UPDATE`` on PostgreSQL (a lock that holds even while the group has no rating yet); on SQLite every write
transaction begins IMMEDIATE, which serialises them already — and counted after the lock, in the same transaction
as the write.
"""

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.cadres import selectors
from phoihop.cadres.choices import RatingLevel
from phoihop.cadres.models import OrganisationRating
from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.services import record_save
from phoihop.orgs.models import Organisation

COUNTED = {RatingLevel.GOOD: "good", RatingLevel.EXCELLENT: "excellent"}


def lock_rating_groups(organisation_ids):
    """Lock the groups decided by these organisations until the transaction ends (in id order: no deadlock)."""
    ids = sorted({pk for pk in organisation_ids if pk is not None})
    if ids:
        list(Organisation._base_manager.select_for_update().filter(pk__in=ids).order_by("pk").values_list("pk"))


def quota_message(model, deciding_organisation, year, excellent, good, allowed) -> str:
    if not isinstance(deciding_organisation, Organisation):
        deciding_organisation = Organisation._base_manager.filter(pk=deciding_organisation).first()
    kind = _("party organisations") if model is OrganisationRating else _("party members")
    return _(
        "%(organisation)s has already decided %(excellent)s %(kind)s excellent for %(good)s decided good in "
        "%(year)s: at most %(allowed)s may be excellent (20 %% of those decided good)."
    ) % {
        "organisation": deciding_organisation,
        "excellent": excellent,
        "good": good,
        "allowed": allowed,
        "kind": kind,
        "year": year,
    }


def _contribution(group, key, level):
    """(good, excellent) that a record of ``key`` (organisation id, year) at ``level`` adds to ``group``."""
    if key != group or level not in COUNTED:
        return 0, 0
    return (1, 0) if level == RatingLevel.GOOD else (0, 1)


def quota_errors(instance, previous=None) -> dict:
    """``{"decided_level": message}`` when saving ``instance`` (``previous``: its stored (organisation id, year,
    level), None for a new record) takes a group over the rule; empty otherwise. The caller holds the groups' lock."""
    model = type(instance)
    new_key = (instance.deciding_organisation_id, instance.year)
    old_key, old_level = (previous[:2], previous[2]) if previous else (None, None)
    for group in dict.fromkeys(key for key in (new_key, old_key) if key and key[0] is not None):
        others = selectors.excellent_quota(model, group[0], group[1], exclude_pk=instance.pk)
        before_good, before_excellent = _contribution(group, old_key, old_level)
        own_good, own_excellent = _contribution(group, new_key, instance.decided_level)
        good, excellent = others["good"] + own_good, others["excellent"] + own_excellent
        allowed = selectors.excellent_allowed(good)
        worse = own_excellent > before_excellent or own_good < before_good
        if worse and excellent > allowed:
            return {
                "decided_level": quota_message(
                    model,
                    instance.deciding_organisation if group == new_key else group[0],
                    group[1],
                    excellent - own_excellent,
                    good,
                    allowed,
                )
            }
    return {}


def _stored_group(instance):
    if instance.pk is None:
        return None
    return (
        type(instance)
        .all_objects.filter(pk=instance.pk)
        .values_list("deciding_organisation_id", "year", "decided_level")
        .first()
    )


def _rating_save(*, acting_user, instance, expected_version=None, save_related=None, validated=False):
    with transaction.atomic():
        previous = _stored_group(instance)
        lock_rating_groups([instance.deciding_organisation_id, previous[0] if previous else None])
        if not validated:
            instance.full_clean()
        errors = quota_errors(instance, previous)
        if errors:
            raise ValidationError(errors)
        return record_save(
            acting_user=acting_user,
            instance=instance,
            expected_version=expected_version,
            save_related=save_related,
            validated=True,
        )


def rating_save(*, acting_user, instance, expected_version=None, save_related=None):
    """The pages' and the API's write of an ``OrganisationRating`` or ``MemberRating`` (``record_save``'s
    signature), refused when it would take its group over the 20 % rule."""
    return _rating_save(
        acting_user=acting_user, instance=instance, expected_version=expected_version, save_related=save_related
    )


def rating_decide(
    *,
    acting_user,
    rating,
    decided_level,
    decision_number,
    decision_date,
    deciding_organisation=None,
    clean_and_strong=None,
    expected_version=None,
):
    """Record the decision on ``rating``: its level, the decision's number and date, the deciding organisation (the
    stored one when not given) and, for a party organisation, whether it is recognised clean and strong (unchanged
    when not given). Refused when the group would go over the 20 % rule; nothing is written then."""
    if not can(acting_user, rating, Action.CHANGE):
        raise PermissionDenied(_("You do not have permission for this change."))
    if clean_and_strong is not None and not isinstance(rating, OrganisationRating):
        raise ValidationError({"clean_and_strong": _("Only a party organisation is recognised clean and strong.")})
    rating.decided_level = decided_level or ""
    rating.decision_number = decision_number or ""
    rating.decision_date = decision_date
    if deciding_organisation is not None:
        rating.deciding_organisation = deciding_organisation
    if clean_and_strong is not None:
        rating.clean_and_strong = clean_and_strong
    return _rating_save(acting_user=acting_user, instance=rating, expected_version=expected_version)


__all__ = ["lock_rating_groups", "quota_errors", "quota_message", "rating_decide", "rating_save"]
