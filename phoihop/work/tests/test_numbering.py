"""Document numbers and symbols: real forms, malformed input and properties (no database)."""

import datetime
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from phoihop.work.numbering import (
    TYPE_ABBREVIATIONS,
    DocumentNumber,
    canonical_type,
    known_type,
    normalize_document_number,
    parse_document_number,
    validate_document_number,
)

NFD = unicodedata.normalize("NFD", "Số 127-QĐ/TƯ")
assert NFD != unicodedata.normalize("NFC", NFD)

# text, normalized, form, number, number_text, year, type_abbr, issuer
VALID = [
    ("37-CT/TW", "37-CT/TW", "party", 37, "37", None, "CT", "TW"),
    ("Số 127-QĐ/TW", "127-QĐ/TW", "party", 127, "127", None, "QĐ", "TW"),
    ("15-NQ/TU", "15-NQ/TU", "party", 15, "15", None, "NQ", "TU"),
    ("33-NQ/TW", "33-NQ/TW", "party", 33, "33", None, "NQ", "TW"),
    ("36-HD/VPTW", "36-HD/VPTW", "party", 36, "36", None, "HD", "VPTW"),
    ("Số 15-BC/TU", "15-BC/TU", "party", 15, "15", None, "BC", "TU"),
    ("01-QC/TU-ĐUBĐBP", "01-QC/TU-ĐUBĐBP", "party", 1, "01", None, "QC", "TU-ĐUBĐBP"),
    ("05-KL/TW", "05-KL/TW", "party", 5, "05", None, "KL", "TW"),
    ("Số 09-QĐi/TW", "09-QĐi/TW", "party", 9, "09", None, "QĐi", "TW"),
    ("12-TTr/TU", "12-TTr/TU", "party", 12, "12", None, "TTr", "TU"),
    ("SỐ: 25-CV/TU", "25-CV/TU", "party", 25, "25", None, "CV", "TU"),
    ("37 - CT / TW", "37-CT/TW", "party", 37, "37", None, "CT", "TW"),
    ("  số   37-CT/TW  ", "37-CT/TW", "party", 37, "37", None, "CT", "TW"),
    ("37–CT/TW", "37-CT/TW", "party", 37, "37", None, "CT", "TW"),  # en dash from autocorrect
    ("37—CT/TW", "37-CT/TW", "party", 37, "37", None, "CT", "TW"),  # em dash
    ("37-ct/TW", "37-CT/TW", "party", 37, "37", None, "CT", "TW"),  # type abbreviations are upper case
    ("3-qđi/TW", "3-QĐi/TW", "party", 3, "3", None, "QĐi", "TW"),
    (NFD, "127-QĐ/TƯ", "party", 127, "127", None, "QĐ", "TƯ"),
    ("12-QD/TU", "12-QD/TU", "party", 12, "12", None, "QD", "TU"),  # typed without Đ: kept as written
    ("37-CT/TW\u200b", "37-CT/TW", "party", 37, "37", None, "CT", "TW"),  # zero-width space pasted from Word
    ("Số: 123/BC-UBND", "123/BC-UBND", "state", 123, "123", None, "BC", "UBND"),
    ("30/2020/NĐ-CP", "30/2020/NĐ-CP", "state", 30, "30", 2020, "NĐ", "CP"),
    ("34/2014/NĐ-CP", "34/2014/NĐ-CP", "state", 34, "34", 2014, "NĐ", "CP"),
    ("140/2004/NĐ-CP", "140/2004/NĐ-CP", "state", 140, "140", 2004, "NĐ", "CP"),
    ("01/CT-TTg", "01/CT-TTg", "state", 1, "01", None, "CT", "TTg"),
    ("66/2020/QH14", "66/2020/QH14", "state", 66, "66", 2020, None, "QH14"),
    ("05/2007/QĐ-BTNMT", "05/2007/QĐ-BTNMT", "state", 5, "05", 2007, "QĐ", "BTNMT"),
    ("1672/NQ-UBTVQH15", "1672/NQ-UBTVQH15", "state", 1672, "1672", None, "NQ", "UBTVQH15"),
    ("123/KH-BCH", "123/KH-BCH", "state", 123, "123", None, "KH", "BCH"),
    ("123/UBND-VP", "123/UBND-VP", "state", 123, "123", None, None, "UBND-VP"),  # letter: no type abbreviation
    ("Số: 4567/BCH-CT", "4567/BCH-CT", "state", 4567, "4567", None, None, "BCH-CT"),
    ("01/2014/TTLT-BCA-BQP", "01/2014/TTLT-BCA-BQP", "state", 1, "01", 2014, "TTLT", "BCA-BQP"),
    ("02/2022/UBTVQH15", "02/2022/UBTVQH15", "state", 2, "02", 2022, None, "UBTVQH15"),
    ("12/2020/ND-CP", "12/2020/ND-CP", "state", 12, "12", 2020, "ND", "CP"),  # typed without Đ
    ("30 / 2020 / NĐ – CP", "30/2020/NĐ-CP", "state", 30, "30", 2020, "NĐ", "CP"),
    ("30/2020/nđ-CP", "30/2020/NĐ-CP", "state", 30, "30", 2020, "NĐ", "CP"),
    ("30/2020/NÐ-CP", "30/2020/NĐ-CP", "state", 30, "30", 2020, "NĐ", "CP"),  # U+00D0 eth looks like Đ
    ("Số:\u00a0123/BC-UBND", "123/BC-UBND", "state", 123, "123", None, "BC", "UBND"),  # no-break space
]


@pytest.mark.parametrize("text,normalized,form,number,number_text,year,type_abbr,issuer", VALID)
def test_real_forms(text, normalized, form, number, number_text, year, type_abbr, issuer):
    parsed = parse_document_number(text)
    assert parsed == DocumentNumber(
        raw=text,
        normalized=normalized,
        form=form,
        number=number,
        number_text=number_text,
        year=year,
        type_abbr=type_abbr,
        issuer=issuer,
    )
    assert str(parsed) == normalized
    assert unicodedata.is_normalized("NFC", parsed.normalized)
    # Normalising is idempotent.
    assert parse_document_number(parsed.normalized).normalized == normalized
    assert normalize_document_number(text) == normalized
    validate_document_number(text)


# text, error code
INVALID = [
    ("", "empty"),
    ("   ", "empty"),
    ("Số:", "no_number"),
    ("Số", "no_number"),
    (" số : ", "no_number"),
    ("SỐ.", "no_number"),
    ("\u200b", "empty"),
    ("CT/TW", "invalid"),
    ("37/", "invalid"),
    ("-CT/TW", "invalid_number"),
    ("0-CT/TW", "invalid_number"),
    ("00/2020/NĐ-CP", "invalid_number"),
    ("abc-CT/TW", "invalid_number"),
    ("1234567890-CT/TW", "invalid_number"),
    ("37-CT", "invalid"),
    ("37-/TW", "invalid"),
    ("30/1800/NĐ-CP", "invalid_year"),
    ("30/1944/NĐ-CP", "invalid_year"),
    ("30/20/NĐ-CP", "invalid_year"),
    ("30/2999/NĐ-CP", "invalid_year"),
    ("30/2020/", "invalid"),
    ("30/2020/NĐ", "invalid"),  # a type without an issuer
    ("123/KH", "invalid"),
    ("30/ab/NĐ-CP", "invalid"),
    ("abc", "invalid"),
    ("37", "invalid"),
    ("37-CT/TW/extra/x", "invalid"),
    ("1/2/3/4", "invalid"),
    ("12/2020/NĐ-CP-", "invalid"),
    ("37-CT/-TW", "invalid"),
    ("37-CT/TW-", "invalid"),
    ("37 CT/TW", "invalid"),
    ("37-C T/TW", "invalid"),
    ("37-C1/TW", "invalid"),  # type abbreviations are letters
    ("37-CT/14", "invalid"),  # an issuer starts with a letter
    ("37-CT/TW.", "invalid_characters"),
    ("37_CT/TW", "invalid_characters"),
    ("37-CT/T.Ư", "invalid_characters"),
    ("37-CT/TW (bản sao)", "invalid_characters"),
    ("<script>", "invalid_characters"),
    ("٣٧-CT/TW", "invalid_characters"),  # Arabic-Indic digits
    ("37-CT/ТW", "invalid_characters"),  # Cyrillic Т
    ("37-CT/TW\x00", "invalid_characters"),
]


@pytest.mark.parametrize("text,code", INVALID)
def test_malformed(text, code):
    with pytest.raises(ValidationError) as caught:
        parse_document_number(text)
    assert caught.value.code == code
    messages = caught.value.messages
    assert len(messages) == 1 and messages[0].strip()
    with pytest.raises(ValidationError):
        validate_document_number(text)


def test_messages_say_what_is_expected():
    with translation.override("en"):
        with pytest.raises(ValidationError) as caught:
            parse_document_number("abc")
        assert caught.value.messages == [
            "“abc” is not a document number. Write it as in the document: "
            "Party form “37-CT/TW”, state form “30/2020/NĐ-CP” or “123/KH-BCH”."
        ]
        with pytest.raises(ValidationError) as caught:
            parse_document_number("0-CT/TW")
        assert "greater than zero" in caught.value.messages[0]
        with pytest.raises(ValidationError) as caught:
            parse_document_number("30/1800/NĐ-CP", today=datetime.date(2026, 1, 5))
        assert caught.value.messages == ["The year in “30/1800/NĐ-CP” must be between 1945 and 2027."]
        with pytest.raises(ValidationError) as caught:
            parse_document_number("37-CT/TW; 15-NQ/TU")
        assert "“;”" in caught.value.messages[0]
        with pytest.raises(ValidationError) as caught:
            parse_document_number(" ")
        assert "Enter the document number" in caught.value.messages[0]


def test_long_input_is_shortened_in_the_message():
    with pytest.raises(ValidationError) as caught:
        parse_document_number("x" * 10_000)
    assert len(caught.value.messages[0]) < 400


def test_year_limit_is_next_year():
    today = datetime.date(2026, 1, 5)
    assert parse_document_number("1/2027/QĐ-UBND", today=today).year == 2027
    assert parse_document_number("1/1945/SL", today=today).year == 1945
    with pytest.raises(ValidationError):
        parse_document_number("1/2028/QĐ-UBND", today=today)


def test_dataclass_is_frozen_and_has_helpers():
    parsed = parse_document_number("37-CT/TW")
    with pytest.raises(AttributeError):
        parsed.number = 38
    assert parsed.is_party
    with translation.override("en"):
        assert str(parsed.type_name) == "directive"
        assert str(parse_document_number("123/UBND-VP").type_name) == "letter"
        assert parse_document_number("66/2020/QH14").type_name is None


def test_known_type():
    with translation.override("en"):
        assert str(known_type("CT")) == "directive"
        assert str(known_type("QĐi")) == "regulation"
        assert str(known_type("QĐ")) == "decision"
        assert str(known_type("qđ")) == "decision"
        assert str(known_type("QD")) == "decision"
        assert str(known_type("ND")) == "decree"
        assert str(known_type("TTr")) == "submission"
        assert str(known_type("HĐ")) == "agreement"
        assert str(known_type(unicodedata.normalize("NFD", "NĐ"))) == "decree"
    assert known_type("UBND") is None
    assert known_type("") is None
    assert known_type(None) is None
    assert canonical_type("ttr") == "TTr"
    assert canonical_type("qd") == "QD"
    for abbr in ("NQ", "CT", "KL", "QĐ", "QĐi", "KH", "HD", "BC", "TB", "CV", "QC", "TTr", "NĐ", "TT", "PL", "HĐ"):
        assert abbr in TYPE_ABBREVIATIONS


def test_normalize_for_forms():
    assert normalize_document_number("Số 37 - CT / TW") == "37-CT/TW"
    assert normalize_document_number("") == ""
    assert normalize_document_number("  ") == ""
    assert normalize_document_number(None) == ""
    with pytest.raises(ValidationError) as error:
        normalize_document_number("Số:")  # the word "Số" alone is not an empty number
    assert error.value.code == "no_number"
    with pytest.raises(ValidationError):
        normalize_document_number("37-CT")


# --- properties --------------------------------------------------------------------------------------------------

ISSUERS = ["TW", "TU", "VPTW", "TƯ", "ĐU", "TU-ĐUBĐBP", "ĐUBĐBP", "BTGTU", "UBKTTU", "HU", "ĐUK", "BCSĐ", "QUTW"]
STATE_ISSUERS = ["CP", "TTg", "UBND", "BCH", "BTNMT", "BQP", "BCA-BQP", "UBTVQH15", "SNV", "BĐBP"]
PARTY_TYPES = sorted(TYPE_ABBREVIATIONS)


def _spaced(draw, separator):
    return draw(st.sampled_from(["", " ", "  "])) + separator + draw(st.sampled_from(["", " ", "\u00a0"]))


@st.composite
def party_numbers(draw):
    number = draw(st.integers(min_value=1, max_value=99_999))
    number_text = str(number).zfill(draw(st.integers(min_value=1, max_value=3)))
    type_abbr = draw(st.sampled_from(PARTY_TYPES))
    issuer = draw(st.sampled_from(ISSUERS))
    prefix = draw(st.sampled_from(["", "Số ", "Số: ", "số ", "SỐ ", "Số:"]))
    dash = draw(st.sampled_from(["-", "–"]))
    text = prefix + number_text + _spaced(draw, dash) + type_abbr + _spaced(draw, "/") + issuer
    form = draw(st.sampled_from(["NFC", "NFD"]))
    return unicodedata.normalize(form, text), (number, number_text, type_abbr, issuer)


@st.composite
def state_numbers(draw):
    number = draw(st.integers(min_value=1, max_value=99_999))
    number_text = str(number).zfill(draw(st.integers(min_value=1, max_value=2)))
    year = draw(st.none() | st.integers(min_value=1945, max_value=2026))
    type_abbr = draw(st.sampled_from(PARTY_TYPES))
    issuer = draw(st.sampled_from(STATE_ISSUERS))
    prefix = draw(st.sampled_from(["", "Số: ", "Số "]))
    middle = "" if year is None else f"{year}/"
    text = f"{prefix}{number_text}/{middle}{type_abbr}-{issuer}"
    return unicodedata.normalize(draw(st.sampled_from(["NFC", "NFD"])), text), (number, number_text, year, type_abbr)


@given(party_numbers())
def test_party_numbers_round_trip(case):
    text, (number, number_text, type_abbr, issuer) = case
    parsed = parse_document_number(text)
    assert parsed.form == "party"
    assert (parsed.number, parsed.number_text, parsed.year) == (number, number_text, None)
    assert (parsed.type_abbr, parsed.issuer) == (type_abbr, issuer)
    assert parsed.normalized == f"{number_text}-{type_abbr}/{issuer}"
    again = parse_document_number(parsed.normalized)
    assert again.normalized == parsed.normalized
    assert (again.number, again.number_text, again.type_abbr, again.issuer) == (number, number_text, type_abbr, issuer)


@given(state_numbers())
def test_state_numbers_round_trip(case):
    text, (number, number_text, year, type_abbr) = case
    parsed = parse_document_number(text)
    assert parsed.form == "state"
    assert (parsed.number, parsed.number_text, parsed.year, parsed.type_abbr) == (number, number_text, year, type_abbr)
    assert parse_document_number(parsed.normalized) == DocumentNumber(**{**parsed.__dict__, "raw": parsed.normalized})


def _parse_or_message(text):
    try:
        parsed = parse_document_number(text)
    except ValidationError as error:
        assert error.messages and all(message.strip() for message in error.messages)
        return None
    assert isinstance(parsed, DocumentNumber)
    assert parsed.number > 0
    assert parse_document_number(parsed.normalized).normalized == parsed.normalized
    return parsed


@given(st.text())
def test_arbitrary_text_raises_only_validation_error(text):
    _parse_or_message(text)


@given(st.text(alphabet="0123456789-–/ :SsốĐđCTNQKLHDBUWPVgiabc\u0301\u00a0", max_size=30))
def test_near_miss_text_raises_only_validation_error(text):
    _parse_or_message(text)
