"""Vietnamese search folding: case, diacritics and Unicode normalisation do not matter in search.

"Ba Sơn", "ba son", "BA SƠN" and the decomposed "Ba So\u031bn" all fold to "ba son"; "đ" folds to "d".
"""

import re
import unicodedata

_SPACES = re.compile(r"\s+")


def fold(value) -> str:
    if value is None:
        return ""
    text = unicodedata.normalize("NFKD", str(value))
    text = "".join(ch for ch in text if not unicodedata.combining(ch))
    text = text.replace("đ", "d").replace("Đ", "D")
    return _SPACES.sub(" ", text).strip().casefold()


def search_terms(query) -> list[str]:
    """The folded words of a search box entry; every word must match."""
    return [term for term in fold(query).split(" ") if term]


def nfc(value):
    """Text in Unicode NFC (composed: "ơ" is one character); anything that isn't text is returned as it is.

    macOS and some Vietnamese keyboards send decomposed text (NFD: "o" + U+031B + …). It looks the same but
    compares unequal, so every incoming text is composed once, on the way in: forms, the API, filters, imports
    and ``BaseModel.full_clean``.
    """
    if isinstance(value, str) and not unicodedata.is_normalized("NFC", value):
        return unicodedata.normalize("NFC", value)
    return value


def nfc_data(data):
    """A copy of request data (a QueryDict, a dict, a list …) with every text value in NFC."""
    if hasattr(data, "lists") and hasattr(data, "setlist"):  # QueryDict, MultiValueDict (uploads not copied)
        from django.http import QueryDict
        from django.utils.datastructures import MultiValueDict

        copy = QueryDict(mutable=True) if isinstance(data, QueryDict) else MultiValueDict()
        for key, values in data.lists():
            copy.setlist(key, [nfc_data(value) for value in values])
        return copy
    if isinstance(data, dict):
        return {key: nfc_data(value) for key, value in data.items()}
    if isinstance(data, list):
        return [nfc_data(value) for value in data]
    return nfc(data)
