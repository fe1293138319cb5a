"""Numbers of the border markers (Vietnam–China: 2009 Protocol on demarcation and markers).

Each land border (``choices.BorderLine``) numbers its markers from 1 on its own, so a number means something only
with its border line. The main-number cap depends on the line (``max_main_for``): 1…1378 on the Vietnam–China
border; the Vietnam–Laos and Vietnam–Cambodia numbering is not capped (beyond the 5 digits of the sort key,
``MAX_SORTABLE_MAIN_NUMBER``) because the system does not hold their protocols. The forms below are those of the
Vietnam–China protocol and are accepted on every line.

Forms
    ``1116``       main marker (mốc chính); main markers are numbered 1…1378 from west to east
    ``261(1)``     one marker of a paired (mốc đôi: (1), (2)) or triple (mốc ba: (1), (2), (3)) group that shares a
                   number, typically on both banks of a border river
    ``519/2``      secondary marker (mốc phụ) number 2 after main marker 519; secondary numbers run 1…99
    ``1116/1(2)``  a paired secondary marker. Accepted because registers in practice contain such combinations
                   and the parts are independent; the bracket always comes last (``1116(2)/1`` is refused).

Input is forgiving about presentation, strict about structure: Unicode is NFKC-normalised (so NFD Vietnamese,
full-width digits, brackets and slashes are fine), spaces anywhere are ignored, leading zeros are dropped, the
fraction and division slashes count as "/", and a leading "mốc", "cột mốc", "mốc số" or "số" is ignored. Anything
else ("1116//2", "(1)", "261-1", "abc") is refused with a ValidationError that names the three forms.

Sort key (``sort_key``): ``MMMMM.SS.T``, 10 characters: the main number on 5 digits, the secondary number on 2
digits (00 for none), the bracket number on 1 digit (0 for none), e.g. ``01116.00.0`` for 1116, ``00261.00.1``
for 261(1), ``00519.02.0`` for 519/2 and ``01116.01.2`` for 1116/1(2). All keys have the same width with the dots
at the same places, so plain string order — in Python and in the database, whatever the collation, even one that
ignores punctuation — is the natural order: 261(1) < 261(2) < 261/1 < 262 < 962 < 1116 < 1116/1 < 1116/2 < 1117.
"""

import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from phoihop.border.choices import BorderLine

__all__ = [
    "MAX_MAIN_BY_LINE",
    "MAX_MAIN_NUMBER",
    "MAX_SECONDARY_NUMBER",
    "MAX_SORTABLE_MAIN_NUMBER",
    "MAX_TWIN_NUMBER",
    "SORT_KEY_LENGTH",
    "MarkerNumber",
    "form_of",
    "format_marker_number",
    "kind_of",
    "marker_number",
    "max_main_for",
    "parse_marker_number",
    "sort_key",
]

#: Main markers on the Vietnam–China border are numbered 1…1378 (1,971 markers in all).
MAX_MAIN_NUMBER = 1378
#: The largest main number the sort key can hold (5 digits): the only cap on lines whose protocol the system does
#: not hold.
MAX_SORTABLE_MAIN_NUMBER = 99999
#: The main-number cap of each border line (``choices.BorderLine``). Only the Vietnam–China figure comes from a
#: protocol; the Vietnam–Laos and Vietnam–Cambodia numbering is not capped (structural cap only), because the
#: system does not hold their protocols and must not invent a figure.
MAX_MAIN_BY_LINE = {
    BorderLine.CN: MAX_MAIN_NUMBER,
    BorderLine.LA: MAX_SORTABLE_MAIN_NUMBER,
    BorderLine.KH: MAX_SORTABLE_MAIN_NUMBER,
}
MAX_SECONDARY_NUMBER = 99
#: paired markers carry (1), (2); triple markers (1), (2), (3)
MAX_TWIN_NUMBER = 3
SORT_KEY_LENGTH = 10

MAIN, SECONDARY = "main", "secondary"
SINGLE, PAIRED, TRIPLE = "single", "paired", "triple"

MSG_REQUIRED = _("Enter a border marker number such as “1116”, “261(1)” or “519/2”.")
MSG_INVALID = _(
    "“%(value)s” is not a border marker number. Write a main marker as “1116”, a paired or triple marker "
    "as “261(1)” and a secondary marker as “519/2”."
)
MSG_MAIN_RANGE = _(
    "Main markers on the Vietnam–China border are numbered from 1 to %(max)s; %(value)s is out of range."
)
MSG_MAIN_RANGE_ANY_LINE = _("Main markers are numbered from 1 to %(max)s; %(value)s is out of range.")
MSG_SECONDARY_RANGE = _("Secondary marker numbers run from 1 to %(max)s (as in “519/2”); %(value)s is out of range.")
MSG_TWIN_RANGE = _(
    "The number in brackets of a paired or triple marker is 1, 2 or 3 (as in “261(1)”); %(value)s is out of range."
)

_MAX_INPUT_LENGTH = 40
_PREFIX = re.compile(r"^(?:cột\s*)?(?:mốc\s*)?(?:số\s*)?", re.IGNORECASE)
_SLASHES = str.maketrans({"\u2044": "/", "\u2215": "/", "\u29f8": "/"})
_FORM = re.compile(r"(?P<main>[0-9]+)(?:/(?P<secondary>[0-9]+))?(?:\((?P<twin>[0-9]+)\))?")


@dataclass(frozen=True)
class MarkerNumber:
    """A parsed marker number. ``normalized`` is the canonical text ("1116", "261(1)", "519/2", "1116/1(2)")."""

    main: int
    secondary: int | None
    twin: int | None
    normalized: str

    def __str__(self):
        return self.normalized

    @property
    def parts(self) -> tuple[int, int, int]:
        """(main, secondary or 0, twin or 0): the natural order as a tuple."""
        return self.main, self.secondary or 0, self.twin or 0

    @property
    def sort_key(self) -> str:
        main, secondary, twin = self.parts
        return f"{main:05d}.{secondary:02d}.{twin:01d}"

    @property
    def kind(self) -> str:
        return kind_of(self)

    @property
    def form(self) -> str:
        return form_of(self)


def format_marker_number(main: int, secondary: int | None = None, twin: int | None = None) -> str:
    """The canonical text of a marker number from its parts (no range check)."""
    text = str(main)
    if secondary:
        text += f"/{secondary}"
    if twin:
        text += f"({twin})"
    return text


def max_main_for(border_line=None) -> int:
    """The largest main number on ``border_line`` (a ``BorderLine`` or its code); none: the Vietnam–China cap."""
    if not border_line:
        return MAX_MAIN_NUMBER
    return MAX_MAIN_BY_LINE.get(border_line, MAX_SORTABLE_MAIN_NUMBER)


def _main_range(max_main, border_line):
    """The cap and the out-of-range message: the Vietnam–China one names that border, any other is generic."""
    if max_main is None:
        max_main = max_main_for(border_line)
    vietnam_china = (border_line or BorderLine.CN) == BorderLine.CN and max_main == MAX_MAIN_NUMBER
    return max_main, MSG_MAIN_RANGE if vietnam_china else MSG_MAIN_RANGE_ANY_LINE


def marker_number(
    main: int,
    secondary: int | None = None,
    twin: int | None = None,
    *,
    max_main: int | None = None,
    border_line: str | None = None,
) -> MarkerNumber:
    """A MarkerNumber from its parts, with the same range checks as ``parse_marker_number``."""
    max_main, main_message = _main_range(max_main, border_line)
    if not 1 <= main <= max_main:
        raise ValidationError(main_message, code="main_range", params={"value": main, "max": max_main})
    if secondary is not None and not 1 <= secondary <= MAX_SECONDARY_NUMBER:
        raise ValidationError(
            MSG_SECONDARY_RANGE, code="secondary_range", params={"value": secondary, "max": MAX_SECONDARY_NUMBER}
        )
    if twin is not None and not 1 <= twin <= MAX_TWIN_NUMBER:
        raise ValidationError(MSG_TWIN_RANGE, code="twin_range", params={"value": twin})
    return MarkerNumber(main, secondary, twin, format_marker_number(main, secondary, twin))


def _clean(text: str) -> str:
    text = unicodedata.normalize("NFKC", text).translate(_SLASHES).strip()
    text = _PREFIX.sub("", text)
    return "".join(text.split())


def parse_marker_number(text, *, max_main: int | None = None, border_line: str | None = None) -> MarkerNumber:
    """Parse "1116", "261(1)", "519/2" or "1116/1(2)" (see the module docstring); ValidationError otherwise.

    The main number is checked against ``max_main`` if given, else against the cap of ``border_line``
    (``max_main_for``; no line: the Vietnam–China cap, 1378). Error codes: "required", "invalid", "main_range",
    "secondary_range", "twin_range".
    """
    if isinstance(text, MarkerNumber):
        return text
    if isinstance(text, int) and not isinstance(text, bool):
        text = str(text)
    if text is None or (isinstance(text, str) and not text.strip()):
        raise ValidationError(MSG_REQUIRED, code="required")
    if not isinstance(text, str):
        raise ValidationError(MSG_INVALID, code="invalid", params={"value": str(text)[:_MAX_INPUT_LENGTH]})
    cleaned = _clean(text)
    match = _FORM.fullmatch(cleaned) if len(cleaned) <= _MAX_INPUT_LENGTH else None
    if match is None:
        shown = text.strip()
        shown = shown if len(shown) <= _MAX_INPUT_LENGTH else shown[: _MAX_INPUT_LENGTH - 1] + "…"
        raise ValidationError(MSG_INVALID, code="invalid", params={"value": shown})
    secondary, twin = match["secondary"], match["twin"]
    return marker_number(
        int(match["main"]),
        None if secondary is None else int(secondary),
        None if twin is None else int(twin),
        max_main=max_main,
        border_line=border_line,
    )


def _structure(number) -> MarkerNumber:
    """The parts of a number on any line: the helpers below describe its form, not whether its line has it."""
    return parse_marker_number(number, max_main=MAX_SORTABLE_MAIN_NUMBER)


def sort_key(number) -> str:
    """Fixed-width key "MMMMM.SS.T" (e.g. "01116.00.0") whose string order is the natural order of numbers."""
    return _structure(number).sort_key


def kind_of(number) -> str:
    """Return "secondary" for "519/2" (and "1116/1(2)"), "main" otherwise."""
    return SECONDARY if _structure(number).secondary else MAIN


def form_of(number) -> str:
    """A hint: "single" without brackets, "triple" for (3), "paired" for (1) and (2).

    (1) and (2) also occur in triple groups; only the register of the whole group can tell, so a form set by the
    user takes precedence over this hint.
    """
    twin = _structure(number).twin
    if twin is None:
        return SINGLE
    return TRIPLE if twin == MAX_TWIN_NUMBER else PAIRED
