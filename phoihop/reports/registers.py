"""The document register (sổ đăng ký văn bản đi): the next number and symbol of a document an organisation issues.

* **Party bodies** (``organisation.kind.is_party_body``, Hướng dẫn 36-HD/VPTW): ``<number>-<type>/<issuer>``,
  e.g. "15-BC/TU"; numbering runs per document type per **term** (nhiệm kỳ). The series key is the start year of the
  Party term containing the date of issue. Terms start in the years of the setting ``PARTY_TERM_START_YEARS``
  (default ``(2020, 2025)``) and last five years; before the first listed year and after the last listed term the
  five-year rhythm is continued (2015, 2030 …). A term is counted from 1 January of its start year: the congress
  dates of the different levels differ by some months, and the register only needs one boundary.
* **State bodies** (Nghị định 30/2020/NĐ-CP): ``<number>/<type>-<issuer>``, e.g. "12/BC-BCH"; numbering restarts
  each calendar year (the series key is the year).

The issuer symbol is the organisation **kind's abbreviation** with its spaces removed ("TU", "ĐU BĐBP" →
"ĐUBĐBP", "ĐBP"): documents show the symbol of the body's type, and every body of a kind has its own register, so
two border posts may both issue "3/BC-ĐBP". Words of the abbreviation written in lower case tell kinds apart for
people and are not part of the symbol: "ĐU xã" → "ĐU" (a commune's Party committee is a đảng ủy: "1-BC/ĐU"),
"CB đồn" → "CB". When the kind has no abbreviation (or one that cannot be part of a number) the organisation's code
is used instead, with the characters a symbol cannot hold removed.

Numbers are taken concurrency-safely: the row of the series is created under its unique constraint (a concurrent
creator's row is reused) and the increment is a single ``UPDATE … SET last_number = last_number + 1`` inside the
caller's transaction, which PostgreSQL serialises with a row lock and SQLite with its database write lock. A number
taken in a transaction that rolls back is given again.
"""

import datetime
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F

from phoihop.reports.models import NumberSeries
from phoihop.work.numbering import parse_document_number

#: Start years of the Party terms (Đại hội Đảng bộ các cấp); read through ``getattr(settings, …)``.
PARTY_TERM_START_YEARS = (2020, 2025)
PARTY_TERM_YEARS = 5

_NOT_SYMBOL = re.compile(r"[^\w-]|_")


def party_term_start(day: datetime.date, start_years=None) -> int:
    """The start year of the Party term containing ``day``."""
    years = sorted(start_years or getattr(settings, "PARTY_TERM_START_YEARS", PARTY_TERM_START_YEARS))
    year = day.year
    if year < years[0]:
        return years[0] - PARTY_TERM_YEARS * -(-(years[0] - year) // PARTY_TERM_YEARS)
    start = max(y for y in years if y <= year)
    if start == years[-1]:
        start += PARTY_TERM_YEARS * ((year - start) // PARTY_TERM_YEARS)
    return start


def is_party(organisation) -> bool:
    return bool(organisation.kind.is_party_body)


def series_key(organisation, on_date: datetime.date) -> int:
    return party_term_start(on_date) if is_party(organisation) else on_date.year


def format_number(organisation, type_code, number) -> str:
    """The number and symbol as printed (without "Số"): "15-BC/TU" or "12/BC-BCH"."""
    symbol = issuer_symbol(organisation, type_code)
    return f"{number}-{type_code}/{symbol}" if is_party(organisation) else f"{number}/{type_code}-{symbol}"


def issuer_symbol(organisation, type_code="BC") -> str:
    """The issuer part of the symbol: the kind's abbreviation without spaces and without its lower-case words, or
    else the organisation's code."""
    words = (organisation.kind.abbreviation or "").split()
    candidates = [
        "".join(word for word in words if not word[:1].islower()),
        _NOT_SYMBOL.sub("", organisation.code or "").strip("-"),
    ]
    for symbol in candidates:
        if symbol and _parses(organisation, type_code, symbol):
            return symbol
    return f"ORG{organisation.pk}"


def _parses(organisation, type_code, symbol) -> bool:
    text = f"1-{type_code}/{symbol}" if is_party(organisation) else f"1/{type_code}-{symbol}"
    try:
        parsed = parse_document_number(text)
    except ValidationError:
        return False
    return parsed.is_party == is_party(organisation)


def register_take_number(*, organisation, type_code="BC", on_date: datetime.date) -> str:
    """Give the next number of ``type_code`` in ``organisation``'s register for a document dated ``on_date`` and
    return the full number and symbol ("15-BC/TU", "12/BC-BCH")."""
    key = series_key(organisation, on_date)
    with transaction.atomic():
        series = _series(organisation, type_code, key)
        NumberSeries.objects.filter(pk=series.pk).update(last_number=F("last_number") + 1)
        number = NumberSeries.objects.values_list("last_number", flat=True).get(pk=series.pk)
    return format_number(organisation, type_code, number)


def _series(organisation, type_code, key):
    lookup = {"organisation": organisation, "type_code": type_code, "series_key": key}
    series = NumberSeries.objects.filter(**lookup).first()
    if series is not None:
        return series
    try:
        with transaction.atomic():  # a savepoint: a concurrent creator's row wins and is reused
            return NumberSeries.objects.create(**lookup)
    except IntegrityError:
        return NumberSeries.objects.get(**lookup)
