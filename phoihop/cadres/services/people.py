"""Write services of the people of cadre work: the positions a person held (one open position at a time)."""

import datetime

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from phoihop.cadres.models import Person, PositionHolding
from phoihop.core.services import record_save


def _lock_person(person_id):
    """Positions of one person are recorded one after the other (two clerks at once close the same one once)."""
    list(Person.all_objects.select_for_update().filter(pk=person_id).values_list("pk", flat=True))


def _open_positions(holding):
    """The person's other positions still held (no end date), oldest first."""
    others = PositionHolding.objects.filter(person_id=holding.person_id, to_date__isnull=True)
    if holding.pk:
        others = others.exclude(pk=holding.pk)
    return list(others.select_related("organisation").order_by("from_date", "pk"))


def _position_holding_save(*, acting_user, holding, expected_version=None, save_related=None):
    with transaction.atomic():
        if holding.person_id:
            _lock_person(holding.person_id)
        if holding.person_id and holding.to_date is None and holding.from_date:
            others = _open_positions(holding)
            if holding.pk and others:  # an edit that reopens a position: one current position at a time
                raise ValidationError(
                    {
                        "to_date": _("%(person)s still holds %(title)s since %(date)s: end it first.")
                        % {
                            "person": holding.person,
                            "title": others[0].title,
                            "date": others[0].from_date.strftime("%d/%m/%Y"),
                        }
                    }
                )
            for previous in others:
                if previous.from_date >= holding.from_date:
                    raise ValidationError(
                        {
                            "from_date": _(
                                "%(person)s has held %(title)s since %(date)s: a new current position starts after "
                                "that day."
                            )
                            % {
                                "person": holding.person,
                                "title": previous.title,
                                "date": previous.from_date.strftime("%d/%m/%Y"),
                            }
                        }
                    )
                previous.to_date = holding.from_date - datetime.timedelta(days=1)
                record_save(acting_user=acting_user, instance=previous)
        return record_save(
            acting_user=acting_user, instance=holding, expected_version=expected_version, save_related=save_related
        )


def position_holding_record(*, acting_user, person, organisation, title, from_date, to_date=None):
    """Record that ``person`` holds ``title`` in ``organisation`` from ``from_date`` (to ``to_date``; empty: still
    held). A current position ends the person's open one the day before, in the same transaction, so the history
    stays effective-dated: one current position, each period ending the day before the next begins."""
    holding = PositionHolding(
        person=person, organisation=organisation, title=title, from_date=from_date, to_date=to_date
    )
    return _position_holding_save(acting_user=acting_user, holding=holding)


def position_holding_save(*, acting_user, instance, expected_version=None, save_related=None):
    """The pages' and the API's write of a position (``record_save``'s signature): a new current position closes
    the open one (:func:`position_holding_record`); an edit may not leave two positions open."""
    return _position_holding_save(
        acting_user=acting_user, holding=instance, expected_version=expected_version, save_related=save_related
    )
