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
