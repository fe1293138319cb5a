"""Field options and checks shared by the movement records."""

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.utils.translation import gettext_lazy as _

#: an amount in Vietnamese đồng: a whole number, never negative
VND = {"max_digits": 18, "decimal_places": 0, "default": 0, "validators": [MinValueValidator(0)]}


def check_village(record, village_field="village", commune_field="commune"):
    """A village must lie in the chosen commune; a village given alone brings its commune along."""
    village = getattr(record, village_field)
    if village is None:
        return
    if getattr(record, f"{commune_field}_id") is None:
        setattr(record, commune_field, village.parent)
    elif village.parent_id != getattr(record, f"{commune_field}_id"):
        raise ValidationError({village_field: _("The village must belong to the chosen commune.")})
