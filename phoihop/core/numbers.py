"""Numbers from outside (query strings, URLs, request bodies) stay within what every database column holds."""

from decimal import Decimal, InvalidOperation

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

#: the range of a 64-bit signed integer: every integer column of every supported database holds it
INTEGER_MIN, INTEGER_MAX = -(2**63), 2**63 - 1


def out_of_range(value) -> bool:
    """True when ``value`` (raw input: a string, a number or a list of them) holds a number beyond 64 bits."""
    if isinstance(value, list | tuple):
        return any(out_of_range(item) for item in value)
    if isinstance(value, str) and "," in value:
        return any(out_of_range(item) for item in value.split(","))
    try:
        number = Decimal(str(value).strip())
    except (InvalidOperation, ValueError):
        return False
    return number.is_finite() and not INTEGER_MIN <= number <= INTEGER_MAX


def check_range(value):
    if out_of_range(value):
        raise ValidationError(
            _("Enter a number between %(min)s and %(max)s."),
            code="out_of_range",
            params={"min": INTEGER_MIN, "max": INTEGER_MAX},
        )


def rate(part, whole) -> float | None:
    """``part`` of ``whole`` in percent, one decimal place rounded half up (12,25 → 12,3), as a float (JSON-safe);
    ``None`` when ``whole`` is 0 or missing; never 100,0 while ``part`` falls short of ``whole``. The one rounding
    rule of every rate the system prints."""
    from decimal import ROUND_HALF_UP

    if not whole:
        return None
    part, whole = Decimal(str(part or 0)), Decimal(str(whole))
    value = (part * 100 / whole).quantize(Decimal("0.1"), rounding=ROUND_HALF_UP)
    if value == 100 and part < whole:
        value = Decimal("99.9")  # 3.291,4 of 3.292 ha is not "100,0%": a target is reached only when it is
    return float(value)
