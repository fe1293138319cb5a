"""Records of the security app for tests (and the crawl)."""

import datetime
import itertools
from decimal import Decimal

from phoihop.security.models import (
    Case,
    CaseCategory,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
    SeizedItemType,
    SituationNote,
)

counter = itertools.count(1)
DAY = datetime.date(2025, 12, 5)


def seed_lists():
    """The managed lists as the data migration seeds them. A transactional test (the browser tests) empties the
    database after it, lists included, so the next test seeds them again (the seed adds only what is missing)."""
    import importlib

    from django.apps import apps

    importlib.import_module("phoihop.security.migrations.0002_seed_lists").seed(apps, None)


def category(code="ma-tuy"):
    """A seeded case category (the data migration's): ma-tuy is criminal, buon-lau administrative."""
    if not CaseCategory.objects.filter(code=code).exists():
        seed_lists()
    return CaseCategory.objects.get(code=code)


def item_type(code="heroin"):
    if not SeizedItemType.objects.filter(code=code).exists():
        seed_lists()
    return SeizedItemType.objects.get(code=code)


def saved(instance):
    instance.full_clean()
    instance.save()
    return instance


def make_operation(unit, **kwargs):
    n = next(counter)
    kwargs.setdefault("code", f"CA-{n:02d}/2025")
    kwargs.setdefault("name", f"Chuyên án ma túy số {n}")
    kwargs.setdefault("opened_on", datetime.date(2025, 3, 1))
    return saved(Operation(lead_unit=unit, **kwargs))


def make_case(unit, commune, **kwargs):
    n = next(counter)
    kwargs.setdefault("code", f"LS1225.{n}")
    kwargs.setdefault("occurred_on", DAY)
    kwargs.setdefault("category", category())
    kwargs.setdefault("subject_count", 2)
    kwargs.setdefault("summary", f"Bắt quả tang vận chuyển trái phép chất ma túy, vụ số {n}")
    if kwargs.get("classification"):
        kwargs.setdefault("holding_unit", unit)
        kwargs.setdefault("custodian", "Trợ lý trinh sát")
        kwargs.setdefault("storage_place", "Tủ hồ sơ mật của đồn")
        kwargs["summary"] = ""
    return saved(Case(unit=unit, commune=commune, **kwargs))


def make_group(case, **kwargs):
    kwargs.setdefault("sex", "male")
    kwargs.setdefault("count", 1)
    return saved(CaseSubjectGroup(case=case, **kwargs))


def make_identity(case, **kwargs):
    n = next(counter)
    kwargs.setdefault("full_name", f"Nông Văn Đối Tượng {n}")
    kwargs.setdefault("birth_year", 1988)
    kwargs.setdefault("identity_number", f"{20000000000 + n:012d}")
    return saved(CaseSubjectIdentity(case=case, **kwargs))


def make_item(case, **kwargs):
    kwargs.setdefault("item_type", item_type())
    kwargs.setdefault("quantity", Decimal("350"))
    return saved(SeizedItem(case=case, **kwargs))


def make_step(case, kind="seized", **kwargs):
    kwargs.setdefault("date", case.occurred_on)
    if kind in ("handed_over", "returned"):
        kwargs.setdefault("handed_to", "Cơ quan CSĐT Công an tỉnh")
    if kind == "stored":
        kwargs.setdefault("place", "Kho tang vật của đồn")
    return saved(CustodyStep(case=case, kind=kind, **kwargs))


def make_note(post, **kwargs):
    kwargs.setdefault("noted_on", DAY)
    kwargs.setdefault("assessment", f"Xuất hiện đối tượng lạ qua lại khu vực mốc, lần {next(counter)}")
    if kwargs.get("classification"):
        kwargs.setdefault("holding_unit", post)
        kwargs.setdefault("custodian", "Trợ lý trinh sát")
        kwargs.setdefault("storage_place", "Tủ hồ sơ mật của đồn")
        kwargs["assessment"] = ""
    return saved(SituationNote(post=post, **kwargs))
