"""Checks shared by the cadre records (run from their ``clean()``)."""

from django.utils.translation import gettext_lazy as _

from phoihop.orgs.choices import COMMUNE_LEVEL_KINDS, AreaKind


def period_errors(errors, start, end, *, end_field="to_date"):
    """An end date before the start date."""
    if start and end and end < start:
        errors[end_field] = _("The end date must not be before the start date.")


def decision_errors(errors, number, date, *, number_field="decision_number", date_field="decision_date"):
    """A decision is named by its number and its date: one without the other is refused."""
    if number and not date:
        errors[date_field] = _("Give the date of the decision.")
    elif date and not number:
        errors[number_field] = _("Give the number of the decision.")


def commune_errors(errors, commune, village=None, *, commune_field, village_field):
    """The commune is a commune (ward, special zone) and the village lies in it."""
    from phoihop.security.models.cases import village_error

    if commune is not None and commune.kind not in COMMUNE_LEVEL_KINDS:
        errors[commune_field] = _("Choose a commune, ward or special zone.")
    if village is not None and village.kind != AreaKind.VILLAGE:
        errors[village_field] = _("Choose a village.")
        return
    message = village_error(commune, village)
    if message:
        errors[village_field] = message
