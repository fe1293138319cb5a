"""factory_boy factories of the cadre records, for tests (and later the crawl and demo data).

Each factory saves through ``full_clean()`` (as every page, the API and imports do), so a factory's defaults are a
valid record and a test of a rule changes one field. Organisations and areas come from ``OrganisationFactory``,
``CommuneFactory`` and ``VillageFactory`` unless a test passes its own (the test world's post A, say). Names are
invented.
"""

import datetime

import factory
from django.conf import settings

from phoihop.cadres.choices import Gender, PlanLevel, PlanTerm, RatingLevel, SecondmentPosition
from phoihop.cadres.models import (
    CadrePlan,
    EthnicGroup,
    HouseholdAssignment,
    MemberRating,
    OrganisationRating,
    Person,
    PlannedCadre,
    PositionHolding,
    Secondment,
    TrainingCourse,
)
from phoihop.orgs.models import Area, Organisation, OrganisationKind

DAY = datetime.date(2025, 6, 1)


def seed_lists():
    """The 54 ethnic groups as the data migration seeds them. A transactional test (the browser tests) empties the
    database after it, lists included, so the next test seeds them again (the seed adds only what is missing)."""
    import importlib

    from django.apps import apps

    importlib.import_module("phoihop.cadres.migrations.0002_seed_ethnic_groups").seed(apps, None)


def ethnic_group(code="02"):
    """A seeded ethnic group by its QĐ 1019/QĐ-TCTK code: 01 Kinh, 02 Tày, 07 Nùng, 09 Dao …"""
    if not EthnicGroup.objects.filter(code=code).exists():
        seed_lists()
    return EthnicGroup.objects.get(code=code)


class CleanFactory(factory.django.DjangoModelFactory):
    """Saves through ``full_clean()``."""

    class Meta:
        abstract = True

    @classmethod
    def _create(cls, model_class, *args, **kwargs):
        instance = model_class(*args, **kwargs)
        instance.full_clean()
        instance.save()
        return instance


class OrganisationKindFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = OrganisationKind
        django_get_or_create = ("code",)

    code = "cadres_test_kind"
    name = "Loại đơn vị thử"


class OrganisationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Organisation

    name = factory.Sequence(lambda n: f"Đồn Biên phòng Thử {n}")
    code = factory.Sequence(lambda n: f"CB-{n}")
    kind = factory.SubFactory(OrganisationKindFactory)


def province_area():
    area, _created = Area.objects.get_or_create(
        code=settings.PHOIHOP_PROVINCE_CODE, defaults={"name": "Lạng Sơn", "kind": "province"}
    )
    return area


class CommuneFactory(factory.django.DjangoModelFactory):
    """A commune of the deployment province."""

    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Xã Thử {n}")
    code = factory.Sequence(lambda n: f"C9{n:04d}")
    kind = "commune"
    parent = factory.LazyFunction(province_area)


class VillageFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Area

    name = factory.Sequence(lambda n: f"Thôn Thử {n}")
    kind = "village"
    parent = factory.SubFactory(CommuneFactory)


class PersonFactory(CleanFactory):
    class Meta:
        model = Person

    organisation = factory.SubFactory(OrganisationFactory)
    full_name = factory.Sequence(lambda n: f"Hoàng Văn Cán Bộ {n}")
    birth_date = datetime.date(1985, 3, 15)
    sex = Gender.MALE
    ethnic_group = factory.LazyFunction(ethnic_group)
    home_commune = factory.SubFactory(CommuneFactory)
    party_admitted_on = datetime.date(2008, 5, 19)
    party_official_on = datetime.date(2009, 5, 19)


class PositionHoldingFactory(CleanFactory):
    class Meta:
        model = PositionHolding

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    title = "Chính trị viên đồn"
    from_date = datetime.date(2022, 1, 1)


class TrainingCourseFactory(CleanFactory):
    class Meta:
        model = TrainingCourse

    person = factory.SubFactory(PersonFactory)
    name = "Trung cấp lý luận chính trị - hành chính"
    level = "intermediate"
    from_date = datetime.date(2024, 3, 1)
    to_date = datetime.date(2024, 9, 30)
    institution = "Trường Chính trị Hoàng Văn Thụ"


class SecondmentFactory(CleanFactory):
    class Meta:
        model = Secondment

    person = factory.SubFactory(PersonFactory)
    sending_unit = factory.SelfAttribute("person.organisation")
    receiving_committee = factory.SubFactory(OrganisationFactory, name=factory.Sequence(lambda n: f"Đảng ủy xã {n}"))
    position = SecondmentPosition.DEPUTY_SECRETARY
    decision_number = factory.Sequence(lambda n: f"{n}-QĐ/TU")
    decision_date = datetime.date(2025, 7, 1)
    decision_authority = "Ban Thường vụ Tỉnh ủy"
    term = PlanTerm.T2025_2030
    from_date = datetime.date(2025, 7, 1)


class HouseholdAssignmentFactory(CleanFactory):
    class Meta:
        model = HouseholdAssignment

    person = factory.SubFactory(PersonFactory)
    village = factory.SubFactory(VillageFactory)
    households = 5
    from_date = datetime.date(2024, 1, 1)


class CadrePlanFactory(CleanFactory):
    class Meta:
        model = CadrePlan

    organisation = factory.SubFactory(OrganisationFactory)
    term = PlanTerm.T2025_2030
    title = factory.Sequence(lambda n: f"Phó Bí thư Đảng ủy xã (quy hoạch {n})")
    level = PlanLevel.COMMUNE
    decision_number = factory.Sequence(lambda n: f"{n}-QĐ/ĐU")
    decision_date = datetime.date(2025, 3, 1)
    decision_authority = "Ban Thường vụ Đảng ủy"


class PlannedCadreFactory(CleanFactory):
    class Meta:
        model = PlannedCadre

    plan = factory.SubFactory(CadrePlanFactory)
    person = factory.SubFactory(PersonFactory, organisation=factory.SelfAttribute("..plan.organisation"))
    decision_number = factory.SelfAttribute("plan.decision_number")
    decision_date = factory.SelfAttribute("plan.decision_date")


class OrganisationRatingFactory(CleanFactory):
    class Meta:
        model = OrganisationRating

    organisation = factory.SubFactory(OrganisationFactory, name=factory.Sequence(lambda n: f"Chi bộ Đồn {n}"))
    deciding_organisation = factory.SubFactory(OrganisationFactory, name=factory.Sequence(lambda n: f"Đảng ủy {n}"))
    year = 2024
    self_rating = RatingLevel.GOOD
    proposed_level = RatingLevel.GOOD
    decided_level = RatingLevel.GOOD
    decision_number = factory.Sequence(lambda n: f"{n}-QĐ/ĐU")
    decision_date = datetime.date(2024, 12, 20)


class MemberRatingFactory(CleanFactory):
    class Meta:
        model = MemberRating

    person = factory.SubFactory(PersonFactory)
    organisation = factory.SelfAttribute("person.organisation")
    deciding_organisation = factory.SubFactory(OrganisationFactory, name=factory.Sequence(lambda n: f"Đảng ủy {n}"))
    year = 2024
    self_rating = RatingLevel.GOOD
    proposed_level = RatingLevel.GOOD
    decided_level = RatingLevel.GOOD
    decision_number = factory.Sequence(lambda n: f"{n}-QĐ/ĐU")
    decision_date = datetime.date(2024, 12, 20)
