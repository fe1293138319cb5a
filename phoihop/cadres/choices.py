"""Choices of cadre work and Party building, with the rules they come from.

* Cadre planning: Quy định 50-QĐ/TW (2021) on cadre planning and Hướng dẫn 16-HD/BTCTW (2022) implementing it —
  planning per term, three age cohorts five years apart, at least 15 % under 40 and 25 % women among the planned,
  an ethnic-minority share suited to the locality; people over age or disciplined leave the plan.
* Annual review and rating: Quy định 124-QĐ/TW (2023) — four levels, from self-assessment through the proposal to
  the decision; "xuất sắc" at most 20 % of those rated "tốt" within a comparable group.
* Officers seconded from border posts to commune party committees: Kết luận 68-KL/TW (2020) and its commune-level
  form after the 2025 reform; party members in charge of households: Chỉ thị 681 of the Border Guard Party Committee.
"""

import datetime
from decimal import Decimal

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.programs.choices import Gender  # the same two values everywhere (the API's GenderEnum)

__all__ = [
    "AUTOMATIC_REMOVAL_REASONS",
    "AgeCohort",
    "CommitteeLevel",
    "CourseLevel",
    "DEFAULT_UNDER_40_TARGET",
    "DEFAULT_WOMEN_TARGET",
    "EXCELLENT_SHARE_OF_GOOD",
    "Education",
    "Gender",
    "PlanLevel",
    "PlanTerm",
    "PlannedSource",
    "PoliticalTheory",
    "RatingLevel",
    "RemovalReason",
    "SecondmentPosition",
    "UNDER_40_AGE",
    "age_on",
    "cohort_for_age",
    "term_first_year",
    "term_start",
]


class Education(models.TextChoices):
    """Trình độ giáo dục, đào tạo: the highest level completed."""

    LOWER_SECONDARY = "lower_secondary", _("Lower secondary school")
    UPPER_SECONDARY = "upper_secondary", _("Upper secondary school")
    VOCATIONAL = "vocational", _("Intermediate vocational")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University")
    MASTER = "master", _("Master's degree")
    DOCTORATE = "doctorate", _("Doctorate")


class PoliticalTheory(models.TextChoices):
    """Trình độ lý luận chính trị."""

    ELEMENTARY = "elementary", _("Elementary political theory")
    INTERMEDIATE = "intermediate", _("Intermediate political theory")
    ADVANCED = "advanced", _("Advanced political theory")
    BACHELOR = "bachelor", _("Bachelor of political theory")


class CourseLevel(models.TextChoices):
    """The level of a training or fostering course (đào tạo, bồi dưỡng)."""

    FOSTERING = "fostering", _("Fostering (short course)")
    ELEMENTARY = "elementary", _("Elementary")
    INTERMEDIATE = "intermediate", _("Intermediate")
    ADVANCED = "advanced", _("Advanced")
    COLLEGE = "college", _("College")
    UNIVERSITY = "university", _("University")
    POSTGRADUATE = "postgraduate", _("Postgraduate")


class CommitteeLevel(models.TextChoices):
    """The level of the committee an officer is seconded to. Kết luận 68-KL/TW counts district and commune
    committees (2020–2025: 171 in district, 517 in commune committees); since 1 July 2025 the district level no
    longer exists, so new secondments are to provincial or commune committees."""

    PROVINCE = "province", _("Provincial committee")
    DISTRICT = "district", _("District committee (abolished 2025)")
    COMMUNE = "commune", _("Commune committee")


class SecondmentPosition(models.TextChoices):
    """The post a seconded officer holds in the receiving committee or commune."""

    SECRETARY = "secretary", _("Secretary of the commune party committee")
    DEPUTY_SECRETARY = "deputy_secretary", _("Deputy secretary of the commune party committee")
    STANDING_MEMBER = "standing_member", _("Member of the standing committee")
    COMMITTEE_MEMBER = "committee_member", _("Member of the executive committee")
    MILITARY_COMMANDER = "military_commander", _("Commune military commander")
    PEOPLES_COMMITTEE_VICE_CHAIR = "vice_chair", _("Vice-chair of the commune People's Committee")
    OTHER = "other", _("Other position")


class PlanTerm(models.TextChoices):
    """A planning term (nhiệm kỳ quy hoạch), five years as the Party's congress terms."""

    T2020_2025 = "2020-2025", "2020–2025"
    T2025_2030 = "2025-2030", "2025–2030"
    T2030_2035 = "2030-2035", "2030–2035"


def term_first_year(term) -> int:
    """2025 for "2025-2030"."""
    return int(str(term)[:4])


def term_start(term) -> datetime.date:
    """The day ages are counted at for a planning term: 1 January of its first year. (HD 16-HD/BTCTW counts age
    "at the start of the planning term"; the exact day of the congress differs by committee, so phoihop takes one
    fixed day per term, the same for every plan, which keeps cohorts comparable.)"""
    return datetime.date(term_first_year(term), 1, 1)


def age_on(birth_date, day) -> int | None:
    """Completed years of age on ``day``."""
    if birth_date is None or day is None:
        return None
    return day.year - birth_date.year - ((day.month, day.day) < (birth_date.month, birth_date.day))


class PlanLevel(models.TextChoices):
    """Which level's leading posts a plan is for."""

    PROVINCE = "province", _("Provincial level")
    COMMUNE = "commune", _("Commune level")
    AGENCY = "agency", _("Agency or unit")


class PlannedSource(models.TextChoices):
    """Where a planned cadre comes from: the locality itself, elsewhere, or seconded (e.g. from a border post)."""

    LOCAL = "local", _("Local")
    ELSEWHERE = "elsewhere", _("From elsewhere")
    SECONDED = "seconded", _("Seconded")


class RemovalReason(models.TextChoices):
    """Why a person left a plan (đưa ra khỏi quy hoạch). QĐ 50-QĐ/TW: those no longer of age for the term or
    disciplined leave it without further assessment (the system proposes them); others by a decision."""

    OVER_AGE = "over_age", _("No longer of age for the term")
    DISCIPLINED = "disciplined", _("Disciplined")
    BY_DECISION = "by_decision", _("By decision")


#: the reasons the system proposes by itself (``selectors.proposed_removals``)
AUTOMATIC_REMOVAL_REASONS = (RemovalReason.OVER_AGE, RemovalReason.DISCIPLINED)


class AgeCohort(models.TextChoices):
    """The three age cohorts of a plan, five years apart (Hướng dẫn 16-HD/BTCTW 2022 implementing QĐ 50-QĐ/TW:
    "bảo đảm ba độ tuổi, mỗi độ tuổi cách nhau 5 năm"), by completed years of age at the start of the planning
    term (:func:`term_start`): under 45; 45 to 49; 50 and over."""

    UNDER_45 = "under_45", _("Under 45")
    FROM_45_TO_49 = "45_49", _("45 to 49")
    FROM_50 = "50_plus", _("50 and over")


#: the first age of the second and of the third cohort (five years apart)
COHORT_BOUNDS = (45, 50)
#: "cán bộ trẻ" of the structure target: under this age at the start of the term
UNDER_40_AGE = 40
#: the structure targets of QĐ 50-QĐ/TW and HD 16-HD/BTCTW, in per cent of the planned people (defaults of a plan)
DEFAULT_UNDER_40_TARGET = Decimal("15")
DEFAULT_WOMEN_TARGET = Decimal("25")


def cohort_for_age(age):
    """The :class:`AgeCohort` of an age at the start of the term (None without an age)."""
    if age is None:
        return None
    if age < COHORT_BOUNDS[0]:
        return AgeCohort.UNDER_45
    if age < COHORT_BOUNDS[1]:
        return AgeCohort.FROM_45_TO_49
    return AgeCohort.FROM_50


class RatingLevel(models.TextChoices):
    """The four levels of the annual rating of party organisations and party members (Quy định 124-QĐ/TW 2023),
    best first."""

    EXCELLENT = "excellent", _("Excellently completed the tasks")
    GOOD = "good", _("Well completed the tasks")
    COMPLETED = "completed", _("Completed the tasks")
    NOT_COMPLETED = "not_completed", _("Did not complete the tasks")


#: QĐ 124-QĐ/TW 2023: those rated "hoàn thành xuất sắc nhiệm vụ" are at most 20 % of those rated "hoàn thành tốt
#: nhiệm vụ" within a comparable group (same deciding organisation, year and kind of subject)
EXCELLENT_SHARE_OF_GOOD = Decimal("0.20")
#: the levels with which a party organisation may be recognised "trong sạch, vững mạnh"
CLEAN_AND_STRONG_LEVELS = (RatingLevel.EXCELLENT, RatingLevel.GOOD)


# --- planning: automatic removal for age (selectors.proposed_removals) ---

#: the final retirement ages of Bộ luật Lao động 2019 (Điều 169, reached step by step: men by 2028, women by 2035),
#: by ``Person.sex``
RETIREMENT_AGE = {Gender.MALE: 62, Gender.FEMALE: 60}
#: a planned person must be able to serve one whole term before retirement age (QĐ 50-QĐ/TW)
FULL_TERM_YEARS = 5
