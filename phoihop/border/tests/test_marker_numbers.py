import random
import unicodedata

import pytest
from django.core.exceptions import ValidationError
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from phoihop.border.markers import (
    MAX_MAIN_NUMBER,
    SORT_KEY_LENGTH,
    MarkerNumber,
    form_of,
    format_marker_number,
    kind_of,
    marker_number,
    parse_marker_number,
    sort_key,
)


def english(error):
    with translation.override("en"):
        return " ".join(error.messages)


@pytest.mark.parametrize(
    ("text", "main", "secondary", "twin", "normalized", "kind", "form"),
    [
        ("1116", 1116, None, None, "1116", "main", "single"),
        ("1", 1, None, None, "1", "main", "single"),
        ("1378", 1378, None, None, "1378", "main", "single"),
        ("261(1)", 261, None, 1, "261(1)", "main", "paired"),
        ("261(2)", 261, None, 2, "261(2)", "main", "paired"),
        ("261(3)", 261, None, 3, "261(3)", "main", "triple"),
        ("519/2", 519, 2, None, "519/2", "secondary", "single"),
        ("1116/1", 1116, 1, None, "1116/1", "secondary", "single"),
        ("1116/1(2)", 1116, 1, 2, "1116/1(2)", "secondary", "paired"),
        ("519/99", 519, 99, None, "519/99", "secondary", "single"),
        # presentation the parser forgives
        (" 1116 ", 1116, None, None, "1116", "main", "single"),
        ("261 (1)", 261, None, 1, "261(1)", "main", "paired"),
        ("519 / 2", 519, 2, None, "519/2", "secondary", "single"),
        ("1116\u00a0/\u00a01 ( 2 )", 1116, 1, 2, "1116/1(2)", "secondary", "paired"),
        ("01116", 1116, None, None, "1116", "main", "single"),
        ("519/02", 519, 2, None, "519/2", "secondary", "single"),
        ("１１１６", 1116, None, None, "1116", "main", "single"),  # full-width digits
        ("２６１（１）", 261, None, 1, "261(1)", "main", "paired"),  # full-width brackets
        ("519／2", 519, 2, None, "519/2", "secondary", "single"),  # full-width solidus
        ("519\u20442", 519, 2, None, "519/2", "secondary", "single"),  # fraction slash
        ("Mốc 1116", 1116, None, None, "1116", "main", "single"),
        (unicodedata.normalize("NFD", "cột mốc số 261(2)"), 261, None, 2, "261(2)", "main", "paired"),
        (unicodedata.normalize("NFD", "Mốc số 519/2"), 519, 2, None, "519/2", "secondary", "single"),
        ("số 962", 962, None, None, "962", "main", "single"),
        (1228, 1228, None, None, "1228", "main", "single"),
    ],
)
def test_valid_forms(text, main, secondary, twin, normalized, kind, form):
    number = parse_marker_number(text)
    assert (number.main, number.secondary, number.twin, number.normalized) == (main, secondary, twin, normalized)
    assert str(number) == normalized
    assert kind_of(text) == kind == number.kind
    assert form_of(text) == form == number.form


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("", "required"),
        ("   ", "required"),
        (None, "required"),
        ("abc", "invalid"),
        ("1116//2", "invalid"),
        ("(1)", "invalid"),
        ("/2", "invalid"),
        ("1116/", "invalid"),
        ("1116()", "invalid"),
        ("1116(2)/1", "invalid"),  # the bracket comes last
        ("261-1", "invalid"),
        ("519.2", "invalid"),
        ("1116a", "invalid"),
        ("11 16 x", "invalid"),
        ("mốc", "invalid"),
        ("-5", "invalid"),
        ("١١١٦", "invalid"),  # Arabic-Indic digits are not marker numbers
        ("1" * 100, "invalid"),
        (12.5, "invalid"),
        (True, "invalid"),
        ("0", "main_range"),
        ("0000", "main_range"),
        ("1379", "main_range"),
        ("12345678", "main_range"),
        ("1116(0)", "twin_range"),
        ("261(4)", "twin_range"),
        ("519/0", "secondary_range"),
        ("519/100", "secondary_range"),
    ],
)
def test_invalid_forms(text, code):
    with pytest.raises(ValidationError) as info:
        parse_marker_number(text)
    assert info.value.code == code
    assert len(info.value.error_list) == 1


def test_invalid_message_explains_the_forms():
    with pytest.raises(ValidationError) as info:
        parse_marker_number("1116//2")
    text = english(info.value)
    assert "“1116//2”" in text
    for form in ("“1116”", "“261(1)”", "“519/2”"):
        assert form in text


def test_out_of_range_message_names_the_limit():
    with pytest.raises(ValidationError) as info:
        parse_marker_number("1500")
    text = english(info.value)
    assert "1 to 1378" in text and "1500" in text


def test_the_limit_can_be_changed():
    assert parse_marker_number("1500", max_main=2000).main == 1500
    with pytest.raises(ValidationError):
        marker_number(1500)


@pytest.mark.parametrize(
    ("number", "key"),
    [
        ("1116", "01116.00.0"),
        ("261(1)", "00261.00.1"),
        ("519/2", "00519.02.0"),
        ("1116/1(2)", "01116.01.2"),
        ("1", "00001.00.0"),
        ("1378/99(3)", "01378.99.3"),
    ],
)
def test_sort_key_format(number, key):
    assert sort_key(number) == key
    assert sort_key(parse_marker_number(number)) == key
    assert len(key) == SORT_KEY_LENGTH


def test_natural_sorting_of_a_shuffled_list():
    expected = ["261(1)", "261(2)", "519/2", "962", "1116", "1116/1", "1116/2", "1117", "1228"]
    shuffled = expected[:]
    random.Random(5).shuffle(shuffled)
    assert shuffled != expected
    assert sorted(shuffled, key=sort_key) == expected
    # as a database would: strings only, not the parsed tuples
    keys = sorted(sort_key(n) for n in shuffled)
    assert [parse_marker_number(n).sort_key for n in expected] == keys


def test_secondary_markers_follow_all_twins_of_their_main_marker():
    assert sort_key("261(2)") < sort_key("261(3)") < sort_key("261/1") < sort_key("261/1(1)") < sort_key("262")


# ----------------------------------------------------------------------------------------------------------------
# Properties
# ----------------------------------------------------------------------------------------------------------------

parts = st.tuples(
    st.integers(1, MAX_MAIN_NUMBER),
    st.none() | st.integers(1, 99),
    st.none() | st.integers(1, 3),
)


@given(parts)
def test_normalized_text_parses_back_to_the_same_parts(p):
    main, secondary, twin = p
    text = format_marker_number(main, secondary, twin)
    number = parse_marker_number(text)
    assert (number.main, number.secondary, number.twin) == p
    assert number.normalized == text
    assert parse_marker_number(number.normalized) == number
    assert number == marker_number(main, secondary, twin)


@given(parts, st.sampled_from([" ", "\u00a0", "\u3000", "  "]), st.sampled_from(["NFC", "NFD", "NFKD"]))
def test_presentation_does_not_change_the_number(p, space, form):
    main, secondary, twin = p
    text = space.join(format_marker_number(main, secondary, twin))
    text = unicodedata.normalize(form, f"Mốc số{space}{text}")
    assert parse_marker_number(text) == marker_number(main, secondary, twin)


@given(parts, parts)
def test_sort_key_order_is_tuple_order(p, q):
    def as_tuple(t):
        return t[0], t[1] or 0, t[2] or 0

    kp, kq = sort_key(format_marker_number(*p)), sort_key(format_marker_number(*q))
    assert (kp < kq) == (as_tuple(p) < as_tuple(q))
    assert (kp == kq) == (p == q)
    assert len(kp) == SORT_KEY_LENGTH


@given(st.lists(parts, min_size=2, max_size=30))
def test_sorting_by_key_sorts_naturally(items):
    numbers = [MarkerNumber(*p, format_marker_number(*p)) for p in items]
    by_key = sorted(numbers, key=lambda n: n.sort_key)
    assert [n.parts for n in by_key] == sorted(n.parts for n in numbers)


@given(st.text(max_size=30))
def test_anything_either_parses_or_raises_a_validation_error(text):
    try:
        number = parse_marker_number(text)
    except ValidationError:
        return
    assert parse_marker_number(number.normalized) == number
