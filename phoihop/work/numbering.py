"""Document numbers and symbols ("số, ký hiệu văn bản"): parse, validate and normalise.

Two layouts are in use:

* Party documents (Hướng dẫn 36-HD/VPTW): ``<number>-<type>/<issuer>``, e.g. "37-CT/TW", "15-NQ/TU",
  "01-QC/TU-ĐUBĐBP" (joint issuers joined by "-"). No year: numbering runs per type per term.
* State documents (Nghị định 30/2020/NĐ-CP): ``<number>/<year>/<type>-<issuer>`` for legal documents
  ("30/2020/NĐ-CP", "05/2007/QĐ-BTNMT"), ``<number>/<year>/<issuer>`` for laws and resolutions of the National
  Assembly ("66/2020/QH14"), ``<number>/<type>-<issuer>`` for other documents ("01/CT-TTg", "123/BC-UBND") and
  ``<number>/<issuer>-<unit>`` for letters, which have no type abbreviation ("123/UBND-VP").

The text may start with "Số", "Số:" (any case, or without the diacritic); that prefix is dropped. Input is NFC
normalised, whitespace around "-" and "/" is removed, and typographic dashes ("–", "—", …) produced by word
processors' autocorrect count as "-". "Đ" stays "Đ"; "QD" and "ND" typed without the Đ are kept as written but are
still recognised as decision and decree.

Pure Python apart from Django's ``ValidationError`` and translation functions, so it serves models, forms, the API and
imports alike.
"""

from __future__ import annotations

import datetime
import re
import unicodedata
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

__all__ = [
    "FIRST_YEAR",
    "TYPE_ABBREVIATIONS",
    "TYPE_ABBREVIATION_ALIASES",
    "DocumentNumber",
    "canonical_type",
    "known_type",
    "normalize_document_number",
    "parse_document_number",
    "validate_document_number",
]

PARTY = "party"
STATE = "state"

#: The earliest year a state document number may carry (the Democratic Republic of Vietnam, 1945).
FIRST_YEAR = 1945

# The type names share the catalogue with other words ("agreement" is already the coordination regulation, a
# "Quy chế phối hợp"), hence the "document type" context.

#: Type abbreviation → English name of the document type. Party and state abbreviations together; where they differ
#: for the same type both are listed ("QĐi" in Party documents, "QyĐ" in state documents, both "Quy định").
TYPE_ABBREVIATIONS = {
    "NQ": pgettext_lazy("document type", "resolution"),  # Nghị quyết
    "CT": pgettext_lazy("document type", "directive"),  # Chỉ thị
    "KL": pgettext_lazy("document type", "conclusion"),  # Kết luận
    "QĐ": pgettext_lazy("document type", "decision"),  # Quyết định
    "QĐi": pgettext_lazy("document type", "regulation"),  # Quy định (Party)
    "QyĐ": pgettext_lazy("document type", "regulation"),  # Quy định (state)
    "QC": pgettext_lazy("document type", "rules"),  # Quy chế
    "KH": pgettext_lazy("document type", "plan"),  # Kế hoạch
    "HD": pgettext_lazy("document type", "guidance"),  # Hướng dẫn
    "BC": pgettext_lazy("document type", "report"),  # Báo cáo
    "TB": pgettext_lazy("document type", "notice"),  # Thông báo
    "CV": pgettext_lazy("document type", "letter"),  # Công văn (Party); state letters have no type abbreviation
    "TTr": pgettext_lazy("document type", "submission"),  # Tờ trình
    "CTr": pgettext_lazy("document type", "programme"),  # Chương trình
    "ĐA": pgettext_lazy("document type", "scheme"),  # Đề án
    "NĐ": pgettext_lazy("document type", "decree"),  # Nghị định
    "TT": pgettext_lazy("document type", "circular"),  # Thông tư
    "TTLT": pgettext_lazy("document type", "joint circular"),  # Thông tư liên tịch
    "PL": pgettext_lazy("document type", "ordinance"),  # Pháp lệnh
    "HĐ": pgettext_lazy("document type", "agreement"),  # Hợp đồng / Hiệp định
}

#: Spellings typed without "Đ" that are still recognised; they are kept as written, never converted.
TYPE_ABBREVIATION_ALIASES = {
    "QD": "QĐ",
    "QDi": "QĐi",
    "QyD": "QyĐ",
    "ND": "NĐ",
    "DA": "ĐA",
}

# Case-insensitive lookup: casefolded spelling → the spelling to write (canonical, or the alias as typed).
_TYPE_SPELLINGS = {abbr.casefold(): abbr for abbr in (*TYPE_ABBREVIATIONS, *TYPE_ABBREVIATION_ALIASES)}

_LETTER_NAME = pgettext_lazy("document type", "letter")

# Lookalikes produced by autocorrect, other keyboards or legacy-encoding conversions.
_TRANSLATE = str.maketrans(
    {
        "\u2010": "-",  # hyphen
        "\u2011": "-",  # non-breaking hyphen
        "\u2012": "-",  # figure dash
        "\u2013": "-",  # en dash
        "\u2014": "-",  # em dash
        "\u2015": "-",  # horizontal bar
        "\u2212": "-",  # minus sign
        "\ufe63": "-",  # small hyphen-minus
        "\uff0d": "-",  # fullwidth hyphen-minus
        "\u2044": "/",  # fraction slash
        "\u2215": "/",  # division slash
        "\uff0f": "/",  # fullwidth solidus
        "\u00d0": "Đ",  # Latin capital eth, looks like Đ (legacy font conversions)
        "\u0189": "Đ",  # Latin capital African D
        "\u00f0": "đ",  # Latin small eth
        "\u200b": None,  # zero-width space
        "\u200c": None,  # zero-width non-joiner
        "\u200d": None,  # zero-width joiner
        "\u2060": None,  # word joiner
        "\ufeff": None,  # byte order mark
        "\u00ad": None,  # soft hyphen
    }
)

_SPACES = re.compile(r"\s+")
_SPACES_AROUND_SEPARATORS = re.compile(r"\s*([-/])\s*")
_PREFIX = re.compile(r"^s[ốo]\s*[:.]?\s*", re.IGNORECASE)
_DIGITS = re.compile(r"[0-9]+")
# A word of an abbreviation: letters only (types) or letters and digits starting with a letter (issuers, e.g. QH14).
_TYPE_WORD = re.compile(r"[^\W\d_]+")
_ISSUER_WORD = re.compile(r"[^\W\d_][^\W_]*")
_UNIT_WORD = re.compile(r"[^\W_]+")

_MAX_SHOWN = 80
_MAX_NUMBER_DIGITS = 9

MESSAGES = {
    "empty": _("Enter the document number and symbol, e.g. “37-CT/TW” or “30/2020/NĐ-CP”."),
    "no_number": _(
        "The document number has no number yet: “%(value)s” is only the word “Số”. Write the number and symbol "
        "after it, e.g. “Số: 37-CT/TW” or “Số: 30/2020/NĐ-CP”, or leave the field empty."
    ),
    "invalid": _(
        "“%(value)s” is not a document number. Write it as in the document: "
        "Party form “37-CT/TW”, state form “30/2020/NĐ-CP” or “123/KH-BCH”."
    ),
    "invalid_characters": _(
        "“%(value)s” contains characters that cannot be part of a document number: %(characters)s. "
        "Use only letters, digits, “-” and “/”."
    ),
    "invalid_number": _(
        "The number in “%(value)s” must be a whole number greater than zero, "
        "like “37” in “37-CT/TW” or “30” in “30/2020/NĐ-CP”."
    ),
    "invalid_year": _("The year in “%(value)s” must be between %(first_year)s and %(last_year)s."),
}


@dataclass(frozen=True)
class DocumentNumber:
    """A parsed document number and symbol."""

    raw: str
    normalized: str
    form: str  # "party" or "state"
    number: int
    number_text: str  # as written, leading zeros kept ("01")
    year: int | None
    type_abbr: str | None
    issuer: str

    def __str__(self) -> str:
        return self.normalized

    @property
    def is_party(self) -> bool:
        return self.form == PARTY

    @property
    def type_name(self):
        """The (lazily translated) name of the document type, or None when the number does not say.

        A state number without a type and without a year is a letter (công văn); "66/2020/QH14" may be a law or a
        resolution of the National Assembly, so its type is not known from the number.
        """
        if self.type_abbr:
            return known_type(self.type_abbr)
        if self.form == STATE and self.year is None:
            return _LETTER_NAME
        return None


def canonical_type(abbr) -> str | None:
    """The spelling to write for a known type abbreviation, matched regardless of case ("qđ" → "QĐ",
    "ttr" → "TTr"; the "QD" alias stays "QD"); None when the abbreviation is not known."""
    if not abbr:
        return None
    text = unicodedata.normalize("NFC", str(abbr).translate(_TRANSLATE)).strip()
    return _TYPE_SPELLINGS.get(text.casefold())


def known_type(abbr):
    """The (lazily translated) English name of the document type ``abbr`` stands for, or None.

    Case-insensitive, and "QD"/"ND" typed without "Đ" count as "QĐ"/"NĐ".
    """
    spelling = canonical_type(abbr)
    if spelling is None:
        return None
    return TYPE_ABBREVIATIONS[TYPE_ABBREVIATION_ALIASES.get(spelling, spelling)]


def _error(code: str, value: str, **params) -> ValidationError:
    shown = value if len(value) <= _MAX_SHOWN else value[: _MAX_SHOWN - 1] + "…"
    return ValidationError(MESSAGES[code], code=code, params={"value": shown, **params})


def _allowed(ch: str) -> bool:
    if ch in "-/" or "0" <= ch <= "9":
        return True
    # Letters of the Latin script, including every Vietnamese letter in NFC.
    return ch.isalpha() and unicodedata.name(ch, "").startswith("LATIN ")


def _tidy(text: str) -> str:
    """NFC, lookalikes replaced, whitespace collapsed and stripped (the "Số" prefix still there)."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text.translate(_TRANSLATE))).strip()


def _clean(text: str) -> str:
    """NFC, lookalikes replaced, whitespace collapsed and removed around separators, "Số" prefix dropped."""
    text = _PREFIX.sub("", _tidy(text), count=1)
    return _SPACES_AROUND_SEPARATORS.sub(r"\1", text)


def _is_issuer(words: list[str]) -> bool:
    """Issuer: a word starting with a letter, then any further words ("TU-ĐUBĐBP", "UBND-VP", "BCA-BQP")."""
    return bool(words) and bool(_ISSUER_WORD.fullmatch(words[0])) and all(_UNIT_WORD.fullmatch(w) for w in words[1:])


def _check_number(text: str, shown: str) -> int:
    if not _DIGITS.fullmatch(text) or len(text) > _MAX_NUMBER_DIGITS or int(text) == 0:
        raise _error("invalid_number", shown)
    return int(text)


def _parse_party(text: str, shown: str, raw: str) -> DocumentNumber:
    # <number>-<type>/<issuer>
    head, _slash, issuer = text.partition("/")
    number_text, _dash, type_text = head.partition("-")
    if "/" in issuer or not _TYPE_WORD.fullmatch(type_text) or not _is_issuer(issuer.split("-")):
        raise _error("invalid", shown)
    number = _check_number(number_text, shown)
    type_abbr = canonical_type(type_text) or type_text
    return DocumentNumber(
        raw=raw,
        normalized=f"{number_text}-{type_abbr}/{issuer}",
        form=PARTY,
        number=number,
        number_text=number_text,
        year=None,
        type_abbr=type_abbr,
        issuer=issuer,
    )


def _parse_state(text: str, shown: str, raw: str, last_year: int) -> DocumentNumber:
    # <number>/<year>/<type>-<issuer>, <number>/<year>/<issuer>, <number>/<type>-<issuer>, <number>/<issuer>-<unit>
    parts = text.split("/")
    number_text = parts[0]
    if not _DIGITS.fullmatch(number_text) or len(parts) not in (2, 3):
        raise _error("invalid", shown)
    year = None
    year_text = parts[1] if len(parts) == 3 else None
    if year_text is not None and not _DIGITS.fullmatch(year_text):
        raise _error("invalid", shown)
    symbol = parts[-1]
    words = symbol.split("-")
    type_abbr = canonical_type(words[0])
    if type_abbr is not None:
        # A known type needs an issuer after it: "30/2020/NĐ" or "123/KH" say who issued nothing.
        words = words[1:]
    if not _is_issuer(words):
        raise _error("invalid", shown)
    number = _check_number(number_text, shown)
    if year_text is not None:
        if len(year_text) != 4 or not FIRST_YEAR <= int(year_text) <= last_year:
            raise _error("invalid_year", shown, first_year=FIRST_YEAR, last_year=last_year)
        year = int(year_text)
    issuer = "-".join(words)
    symbol = f"{type_abbr}-{issuer}" if type_abbr else issuer
    normalized = f"{number_text}/{year_text}/{symbol}" if year is not None else f"{number_text}/{symbol}"
    return DocumentNumber(
        raw=raw,
        normalized=normalized,
        form=STATE,
        number=number,
        number_text=number_text,
        year=year,
        type_abbr=type_abbr,
        issuer=issuer,
    )


def parse_document_number(text, *, today: datetime.date | None = None) -> DocumentNumber:
    """Parse a document number and symbol as written in a Party or state document.

    Raises ``ValidationError`` (codes "empty", "no_number" for a bare "Số:", "invalid", "invalid_characters",
    "invalid_number", "invalid_year") with a message that says what is expected. ``today`` fixes the current date
    (the year may be at most next year).
    """
    raw = "" if text is None else str(text)
    shown = _SPACES.sub(" ", unicodedata.normalize("NFC", raw)).strip()
    cleaned = _clean(raw)
    if not cleaned:
        raise _error("no_number" if _tidy(raw) else "empty", shown)

    bad = sorted({ch for ch in cleaned if ch != " " and not _allowed(ch)})
    if bad:
        characters = ", ".join(f"“{ch}”" if ch.isprintable() else f"U+{ord(ch):04X}" for ch in bad[:10])
        raise _error("invalid_characters", shown, characters=characters)
    if " " in cleaned or "/" not in cleaned:
        raise _error("invalid", shown)

    last_year = (today or datetime.date.today()).year + 1
    if "-" in cleaned.partition("/")[0]:
        return _parse_party(cleaned, shown, raw)
    return _parse_state(cleaned, shown, raw, last_year)


def validate_document_number(value) -> None:
    """Validator for model and form fields: raises ``ValidationError`` unless ``value`` is a document number."""
    parse_document_number(value)


def normalize_document_number(value) -> str:
    """The canonical spelling of a document number, for a form field's ``clean``.

    Blank input (None or whitespace) gives "" so optional fields stay optional; the field's ``required`` decides
    whether that is acceptable. Anything else is parsed and may raise ``ValidationError``: a bare "Số:" is a
    number without its number, never an empty one.
    """
    if value is None or not _tidy(str(value)):
        return ""
    return parse_document_number(value).normalized
