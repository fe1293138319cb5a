"""Bounds of the numbers the records hold, declared on the model fields so that forms, the API and imports
refuse the same values (``tests/test_number_bounds.py`` checks that every numeric field has one)."""

from django.core.validators import MaxValueValidator, MinValueValidator

#: counts, areas, lengths, money, households, people, quantities
NON_NEGATIVE = [MinValueValidator(0)]
#: a share of a whole, in per cent
PERCENT = [MinValueValidator(0), MaxValueValidator(100)]
#: a calendar year the records may refer to
YEAR = [MinValueValidator(1900), MaxValueValidator(2100)]
LATITUDE = [MinValueValidator(-90), MaxValueValidator(90)]
LONGITUDE = [MinValueValidator(-180), MaxValueValidator(180)]


def not_in_future(value):
    """A date (or time) of something that has happened — an inspection, a patrol, a session, a visit — is not
    after today (now, with five minutes for clocks that differ). Declared on the model field, so forms, the API and
    imports refuse the same values at the field."""
    import datetime

    from django.core.exceptions import ValidationError
    from django.utils import timezone
    from django.utils.formats import date_format
    from django.utils.translation import gettext as _

    if value is None:
        return
    if isinstance(value, datetime.datetime):
        if value > timezone.now() + datetime.timedelta(minutes=5):
            raise ValidationError(
                _("This has not happened yet: the time is after now (%(now)s).")
                % {"now": date_format(timezone.localtime(), "d/m/Y H:i")},
                code="future",
            )
        return
    today = timezone.localdate()
    if value > today:
        raise ValidationError(
            _("This has not happened yet: the date is after today (%(today)s).")
            % {"today": today.strftime("%d/%m/%Y")},
            code="future",
        )


#: for the date of something that has happened
HAPPENED = [not_in_future]
