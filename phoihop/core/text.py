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
