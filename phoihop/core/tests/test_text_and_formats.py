import datetime
from decimal import Decimal

from django import forms
from django.template import Context, Template
from django.utils import translation
from hypothesis import given
from hypothesis import strategies as st

from phoihop.core.text import fold, search_terms


def test_fold_ignores_case_diacritics_and_normalisation():
    assert fold("Ba Sơn") == fold("ba son") == fold("BA SƠN") == fold("Ba So\u031bn") == "ba son"
    assert fold("Đồng Đăng") == "dong dang"
    assert search_terms("  Đồn   BIÊN phòng ") == ["don", "bien", "phong"]


@given(st.text())
def test_fold_is_idempotent(text):
    assert fold(fold(text)) == fold(text)


def test_date_input_is_day_first_in_both_languages():
    for language in ("vi", "en"):
        with translation.override(language):
            field = forms.DateField()
            assert field.clean("01/07/2025") == datetime.date(2025, 7, 1)


def test_dates_and_numbers_print_the_vietnamese_way():
    with translation.override("vi"):
        html = Template("{{ d }}|{{ n }}|{{ i }}").render(
            Context({"d": datetime.date(2026, 1, 5), "n": Decimal("3840.5"), "i": 1971})
        )
    assert html == "05/01/2026|3.840,5|1.971"
