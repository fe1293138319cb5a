"""Small builders for programme records on top of the shared test world (``phoihop.core.testing.world``).

Every builder writes directly with ``objects.create`` (history entries still come from auditlog's signals);
keyword arguments override the defaults.
"""

import datetime
import itertools
from decimal import Decimal

from django.conf import settings

from phoihop.orgs.models import Area
from phoihop.programs.models import (
    ForestPlot,
    FundingSource,
    House,
    HouseFunding,
    Household,
    Indicator,
    IndicatorTarget,
    Programme,
    ProgrammeBudget,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)

counter = itertools.count(1)


def province_area():
    """The deployment province (code ``PHOIHOP_PROVINCE_CODE``): communes under it appear in the choices."""
    area, _created = Area.objects.get_or_create(
        code=settings.PHOIHOP_PROVINCE_CODE, defaults={"name": "Lạng Sơn", "kind": "province"}
    )
    return area


def make_commune(code, name, *, is_border_commune=True, **kwargs):
    """A commune of the deployment province (a border commune unless told otherwise)."""
    kwargs.setdefault("parent", province_area())
    return Area.objects.create(code=code, name=name, kind="commune", is_border_commune=is_border_commune, **kwargs)


def make_village(commune, name, **kwargs):
    return Area.objects.create(name=name, kind="village", parent=commune, **kwargs)


def make_funding_source(code=None, name=None, **kwargs):
    n = next(counter)
    code = code or f"nguon-{n}"
    source, _created = FundingSource.objects.get_or_create(code=code, defaults={"name": name or code, **kwargs})
    return source


def make_programme(owner, **kwargs):
    n = next(counter)
    kwargs.setdefault("code", f"CT-{n}")
    kwargs.setdefault("name", f"Chương trình thử {n}")
    kwargs.setdefault("start_date", datetime.date(2025, 1, 1))
    participants = kwargs.pop("participants", ())
    programme = Programme.objects.create(owner=owner, **kwargs)
    if participants:
        programme.participants.set(participants)
    return programme


def make_budget(programme, source=None, **kwargs):
    kwargs.setdefault("amount", Decimal("1000000000"))
    return ProgrammeBudget.objects.create(programme=programme, source=source or make_funding_source(), **kwargs)


def make_indicator(programme, **kwargs):
    n = next(counter)
    kwargs.setdefault("code", f"CT{n}")
    kwargs.setdefault("name", f"Chỉ tiêu {n}")
    kwargs.setdefault("unit", "ha")
    return Indicator.objects.create(programme=programme, **kwargs)


def make_target(indicator, **kwargs):
    kwargs.setdefault("year", 2025)
    kwargs.setdefault("value", Decimal("100"))
    return IndicatorTarget.objects.create(indicator=indicator, **kwargs)


def make_forest_plot(org, commune, **kwargs):
    n = next(counter)
    kwargs.setdefault("code", f"LO-{n}")
    kwargs.setdefault("year_planted", 2025)
    kwargs.setdefault("area_ha", Decimal("12.50"))
    return ForestPlot.objects.create(organisation=org, commune=commune, **kwargs)


def make_house(org, commune, **kwargs):
    """A house; ``funding=[(source, amount), …]`` adds funding lines and keeps ``total_cost`` their sum."""
    funding = kwargs.pop("funding", ())
    kwargs.setdefault("household_size", 4)
    house = House.objects.create(organisation=org, commune=commune, **kwargs)
    for source, amount in funding:
        HouseFunding.objects.create(house=house, source=source, amount=Decimal(amount))
    if funding:
        from phoihop.programs.housing import house_funding_changed

        house_funding_changed(house)
        house.refresh_from_db()
    return house


def make_household(house, **kwargs):
    n = next(counter)
    kwargs.setdefault("head_name", f"Hoàng Văn Chủ Hộ {n}")
    return Household.objects.create(house=house, **kwargs)


def make_resettlement(org, commune, **kwargs):
    kwargs.setdefault("households", 5)
    kwargs.setdefault("people", 21)
    kwargs.setdefault("date", datetime.date(2025, 7, 1))
    return Resettlement.objects.create(organisation=org, commune=commune, **kwargs)


def make_sponsorship(org, commune=None, **kwargs):
    n = next(counter)
    kwargs.setdefault("school", f"Trường PTDTBT Tiểu học số {n}")
    kwargs.setdefault("monthly_support", Decimal("500000"))
    kwargs.setdefault("start_date", datetime.date(2025, 9, 1))
    return Sponsorship.objects.create(sponsoring_unit=org, commune=commune, **kwargs)


def make_child(sponsorship, **kwargs):
    n = next(counter)
    kwargs.setdefault("full_name", f"Lường Thị Em {n}")
    return SponsoredChild.objects.create(sponsorship=sponsorship, **kwargs)
