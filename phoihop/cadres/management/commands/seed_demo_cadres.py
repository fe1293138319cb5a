"""Illustrative cadre-work records for Lạng Sơn, on top of ``seed_demo`` (organisations, areas, accounts). ``seed_demo``
runs it before the demo report, so the report's "công tác cán bộ và xây dựng Đảng" section has figures.

**Everything here is invented** (every name ends in "(minh họa)", every note says "Dữ liệu minh họa."): the people,
their birth dates, ethnic groups, positions, courses, decisions and ratings. The shape follows what a provincial
Border Guard reports on cadre work:

* about thirty officers and party members of the five demo posts and the Political Department, most of them of the
  local ethnic groups (Tày, Nùng, Kinh, Dao, Sán chay), with their current position and one earlier one, party
  dates, education, political theory and a training course or two;
* officers of the posts seconded to the party committees of their border communes (phó bí thư đảng ủy xã, ủy viên
  ban thường vụ, chỉ huy trưởng quân sự xã) under Kết luận 68-KL/TW, and party members of the posts in charge of
  households of the demo villages (Chỉ thị 681-CT/ĐU);
* the Border Guard Party Committee's plan for the title "Chính trị viên đồn biên phòng" for 2025–2030 and its plan
  for "Đồn trưởng đồn biên phòng" for 2030–2035, with their planned people, one of them removed by decision;
* the annual ratings of the posts' party cells (decided by the Border Guard Party Committee) and of their members
  (decided by the cells) for the last two years, within the 20 % rule.

The personal-data permission: ``seed_demo_programs`` grants it to ``bdbp.admin`` (the Border Guard Party Committee's
subtree) and ``pomadon.approver``; ``bch.viewer`` holds none, so it counts the people but opens none.

Idempotent: created once (skipped when the demo's first person exists), written through ``record_save`` as the
``admin`` superuser, who is the actor of the change history. Dates move with the calendar (ratings of the last two
years, secondments from a year back), except the fixed planning terms.
"""

import datetime
import random

from auditlog.context import set_actor
from django.core.management.base import BaseCommand
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import User
from phoihop.cadres.choices import (
    CommitteeLevel,
    CourseLevel,
    Education,
    Gender,
    PlanLevel,
    PlannedSource,
    PlanTerm,
    PoliticalTheory,
    RatingLevel,
    RemovalReason,
    SecondmentPosition,
)
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
from phoihop.core.management.commands.seed_demo import ILLUSTRATIVE
from phoihop.core.services import record_save
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area, Organisation

SEED = 2026
LABEL = "(minh họa)"
POSTS = ["POMA", "BASON", "HUUNGHI", "CHIMA", "BINHNGHI"]
# the border commune whose party committee receives each post's seconded officer (seed_demo's DUX- codes)
RECEIVING = {"POMA": "Quốc Khánh", "BASON": "Ba Sơn", "HUUNGHI": "Đồng Đăng", "CHIMA": "Xuân Dương"}
FAMILY = ["Hoàng", "Nông", "Lương", "Vi", "Lăng", "Lộc", "Triệu", "Chu", "Hà", "Mã", "Dương", "Vy", "Bế", "Lý"]
MIDDLE_MALE = ["Văn", "Đức", "Minh", "Quang"]
MIDDLE_FEMALE = ["Thị", "Thu", "Ngọc"]
GIVEN_MALE = ["Cường", "Hải", "Tuấn", "Thắng", "Bình", "Hưng", "Phong", "Toàn", "Kiên", "Lâm", "Sơn", "Trung"]
GIVEN_FEMALE = ["Hạnh", "Lan", "Thảo", "Huyền", "Nga", "Mai"]
# ethnic groups by the names the migration seeds, with their weights among the demo people
ETHNIC = [("Tày", 9), ("Nùng", 9), ("Kinh", 6), ("Dao", 2), ("Sán chay", 1)]
TITLES = [
    "Đồn trưởng",
    "Chính trị viên",
    "Phó Đồn trưởng",
    "Phó Chính trị viên",
    "Đội trưởng Đội vận động quần chúng",
    "Đội trưởng Đội trinh sát",
    "Cán bộ vận động quần chúng",
]
COURSES = [
    ("Bồi dưỡng kiến thức quốc phòng và an ninh đối tượng 3", CourseLevel.FOSTERING, "Bộ CHQS tỉnh Lạng Sơn"),
    ("Trung cấp lý luận chính trị - hành chính", CourseLevel.INTERMEDIATE, "Trường Chính trị Hoàng Văn Thụ"),
    ("Bồi dưỡng tiếng dân tộc Tày - Nùng", CourseLevel.FOSTERING, "Trường Chính trị Hoàng Văn Thụ"),
    ("Bồi dưỡng nghiệp vụ công tác vận động quần chúng", CourseLevel.FOSTERING, "Trường Trung cấp Biên phòng 1"),
]


class Command(BaseCommand):
    help = "Create illustrative cadre-work records (people, secondments, plans, ratings) for the demo."

    def handle(self, *args, **options):
        self.today = timezone.localdate()
        self.random = random.Random(SEED)
        self.admin = User.objects.filter(username="admin").first()
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=self.codes())}
        if self.admin is None or "DU-BDBP" not in orgs:
            self.stdout.write("Demo cadres: run seed_demo first (no admin or no Border Guard Party Committee).")
            return
        if Person.objects.filter(note__contains=ILLUSTRATIVE).exists():
            self.stdout.write("Demo cadres: already there, nothing written.")
            return
        self.orgs = orgs
        self.groups = {g.name: g for g in EthnicGroup.objects.filter(name__in=[name for name, _ in ETHNIC])}
        self.counts = {}
        with transaction.atomic(), set_actor(self.admin):
            people = self.seed_people()
            self.seed_secondments(people)
            self.seed_households(people)
            self.seed_plans(people)
            self.seed_ratings(people)
        summary = ", ".join(f"{count} {name}" for name, count in self.counts.items())
        self.stdout.write(f"Demo cadres (illustrative): {summary}.")

    @staticmethod
    def codes():
        return ["DU-BDBP", "BCH-BDBP", "PCT-BDBP"] + [f"{p}DBP-{k}" for p in ("", "CB-") for k in POSTS]

    def save(self, instance):
        record_save(acting_user=self.admin, instance=instance)
        name = str(type(instance)._meta.verbose_name_plural)
        self.counts[name] = self.counts.get(name, 0) + 1
        return instance

    def post(self, key):
        return self.orgs.get(f"DBP-{key}")

    # --- people -------------------------------------------------------------------------------------------------

    def ethnic_group(self):
        names = [name for name, weight in ETHNIC for _ in range(weight) if name in self.groups]
        return self.groups[self.random.choice(names)] if names else EthnicGroup.objects.order_by("sort_order").first()

    def home(self, commune_name):
        commune = Area.objects.filter(name__endswith=commune_name, kind__in=[AreaKind.COMMUNE, AreaKind.WARD]).first()
        village = Area.objects.filter(parent=commune, kind=AreaKind.VILLAGE).first() if commune else None
        return commune, village

    def seed_people(self):
        """Six people a post (its leaders first) and four of the Political Department."""
        rnd = self.random
        people = {}
        units = [(key, self.post(key)) for key in POSTS if self.post(key)]
        units.append(("PCT", self.orgs.get("PCT-BDBP")))
        communes = list(RECEIVING.values()) + ["Tân Tiến", "Cao Lộc"]
        for key, unit in units:
            if unit is None:
                continue
            size = 4 if key == "PCT" else 6
            for index in range(size):
                female = index in (3, 5) or (key == "PCT" and index == 1)
                age = [46, 41, 37, 33, 29, 27][index] + rnd.randint(-2, 3)
                birth = datetime.date(self.today.year - age, rnd.randint(1, 12), rnd.randint(1, 28))
                name = " ".join(
                    [
                        rnd.choice(FAMILY),
                        rnd.choice(MIDDLE_FEMALE if female else MIDDLE_MALE),
                        rnd.choice(GIVEN_FEMALE if female else GIVEN_MALE),
                        LABEL,
                    ]
                )
                commune, village = self.home(rnd.choice(communes)) if rnd.random() < 0.7 else (None, None)
                admitted = datetime.date(birth.year + 20 + rnd.randint(0, 3), rnd.randint(1, 12), rnd.randint(1, 28))
                admitted = min(admitted, self.today - datetime.timedelta(days=400))
                person = self.save(
                    Person(
                        organisation=unit,
                        full_name=name,
                        birth_date=birth,
                        sex=Gender.FEMALE if female else Gender.MALE,
                        ethnic_group=self.ethnic_group(),
                        home_commune=commune,
                        home_village=village,
                        party_admitted_on=admitted,
                        party_official_on=admitted + datetime.timedelta(days=365),
                        education=rnd.choice([Education.UNIVERSITY, Education.UNIVERSITY, Education.COLLEGE]),
                        political_theory=(
                            PoliticalTheory.ADVANCED if index < 2 else rnd.choice(list(PoliticalTheory.values))
                        ),
                        note=ILLUSTRATIVE,
                    )
                )
                title = TITLES[min(index, len(TITLES) - 1)] if key != "PCT" else "Trợ lý Phòng Chính trị"
                started = self.today - datetime.timedelta(days=365 * rnd.randint(1, 4) + rnd.randint(0, 200))
                earlier = started - datetime.timedelta(days=365 * 3)
                self.save(
                    PositionHolding(
                        person=person,
                        organisation=unit,
                        title="Cán bộ " + (unit.short_name or unit.name),
                        from_date=earlier,
                        to_date=started - datetime.timedelta(days=1),
                    )
                )
                self.save(PositionHolding(person=person, organisation=unit, title=title, from_date=started))
                for course_index in range(rnd.randint(0, 2)):
                    course, level, institution = COURSES[(index + course_index) % len(COURSES)]
                    begin = self.today - datetime.timedelta(days=rnd.randint(30, 700))
                    self.save(
                        TrainingCourse(
                            person=person,
                            name=course,
                            level=level,
                            from_date=begin,
                            to_date=begin + datetime.timedelta(days=rnd.randint(5, 90)),
                            institution=institution,
                        )
                    )
                people.setdefault(key, []).append(person)
        return people

    # --- secondments and households ------------------------------------------------------------------------------

    def seed_secondments(self, people):
        positions = [
            SecondmentPosition.DEPUTY_SECRETARY,
            SecondmentPosition.STANDING_MEMBER,
            SecondmentPosition.MILITARY_COMMANDER,
        ]
        for number, (key, commune) in enumerate(RECEIVING.items(), start=1):
            committee = Organisation.objects.filter(code__startswith="DUX-", name__endswith=commune).first()
            if committee is None or key not in people:
                continue
            for offset, position in enumerate(positions[: 2 if key == "BASON" else 1]):
                person = people[key][1 + offset]
                start = self.today - datetime.timedelta(days=300 + 60 * number)
                self.save(
                    Secondment(
                        person=person,
                        sending_unit=self.post(key),
                        receiving_committee=committee,
                        committee_level=CommitteeLevel.COMMUNE,
                        position=position,
                        decision_number=f"{100 + 10 * number + offset}-QĐ/TU",
                        decision_date=start - datetime.timedelta(days=10),
                        decision_authority=f"Ban Thường vụ Tỉnh ủy Lạng Sơn {LABEL}",
                        term=PlanTerm.T2025_2030,
                        from_date=start,
                        note=ILLUSTRATIVE,
                    )
                )

    def seed_households(self, people):
        villages = list(Area.objects.filter(kind=AreaKind.VILLAGE, code__startswith="20-V").order_by("code"))
        if not villages:
            return
        for index, key in enumerate(key for key in POSTS if key in people):
            for offset, person in enumerate(people[key][3:6]):
                village = villages[(index + offset) % len(villages)]
                self.save(
                    HouseholdAssignment(
                        person=person,
                        village=village,
                        households=self.random.randint(3, 8),
                        from_date=self.today - datetime.timedelta(days=200 + 30 * offset),
                        note=ILLUSTRATIVE,
                    )
                )

    # --- planning -----------------------------------------------------------------------------------------------

    def seed_plans(self, people):
        du = self.orgs["DU-BDBP"]
        decided = datetime.date(2025, 3, 15)
        plans = [
            (PlanTerm.T2025_2030, "Chính trị viên đồn biên phòng", "12-QĐ/ĐU", [1, 2, 3]),
            (PlanTerm.T2030_2035, "Đồn trưởng đồn biên phòng", "27-QĐ/ĐU", [3, 4, 5]),
        ]
        for term, title, decision, ranks in plans:
            plan = self.save(
                CadrePlan(
                    organisation=du,
                    term=term,
                    title=title,
                    level=PlanLevel.AGENCY,
                    decision_number=decision,
                    decision_date=decided,
                    decision_authority=f"Ban Thường vụ Đảng ủy BĐBP tỉnh {LABEL}",
                    minority_target=50,
                    local_target=40,
                    note=ILLUSTRATIVE,
                )
            )
            for key in POSTS:
                for rank in ranks:
                    if key not in people or rank >= len(people[key]):
                        continue
                    person = people[key][rank]
                    seconded = Secondment.objects.filter(person=person).exists()
                    planned = self.save(
                        PlannedCadre(
                            plan=plan,
                            person=person,
                            decision_number=decision,
                            decision_date=decided,
                            decision_authority=plan.decision_authority,
                            source=PlannedSource.SECONDED if seconded else PlannedSource.LOCAL,
                            note=ILLUSTRATIVE,
                        )
                    )
            # the last one planned leaves the plan by decision (moved to another province, say)
            planned.removed_on = decided + datetime.timedelta(days=200)
            planned.removal_reason = RemovalReason.BY_DECISION
            planned.removal_decision = f"{int(decision.split('-')[0]) + 30}-QĐ/ĐU"
            record_save(acting_user=self.admin, instance=planned)

    # --- ratings ------------------------------------------------------------------------------------------------

    def seed_ratings(self, people):
        """Two years of ratings; of every five members of a cell decided "good" at most one "excellent"."""
        du = self.orgs["DU-BDBP"]
        for year in (self.today.year - 2, self.today.year - 1):
            decision_day = datetime.date(year + 1, 1, 20)
            for index, key in enumerate(key for key in POSTS if key in people):
                cell = self.orgs.get(f"CB-DBP-{key}")
                if cell is None:
                    continue
                # five cells decided by one committee: no "excellent" without five "good" (the 20 % rule)
                level = RatingLevel.COMPLETED if (index + year) % 5 == 0 else RatingLevel.GOOD
                self.save(
                    OrganisationRating(
                        organisation=cell,
                        year=year,
                        deciding_organisation=du,
                        self_rating=RatingLevel.EXCELLENT if index % 2 else RatingLevel.GOOD,
                        proposed_level=level,
                        decided_level=level,
                        decision_number=f"{40 + index}-QĐ/ĐU",
                        decision_date=decision_day,
                        clean_and_strong=level == RatingLevel.GOOD,
                        note=ILLUSTRATIVE,
                    )
                )
                levels = [RatingLevel.GOOD] * 5 + [RatingLevel.COMPLETED]
                if (index + year) % 2:
                    levels[0] = RatingLevel.EXCELLENT  # one excellent for the five good of the cell (20 %)
                    levels[-1] = RatingLevel.GOOD
                    levels.append(RatingLevel.GOOD)
                for person, decided in zip(people[key], levels, strict=False):
                    self.save(
                        MemberRating(
                            person=person,
                            organisation=cell,
                            year=year,
                            deciding_organisation=cell,
                            self_rating=decided,
                            proposed_level=decided,
                            decided_level=decided,
                            decision_number=f"{index + 1}-QĐ/CB",
                            decision_date=decision_day,
                            note=ILLUSTRATIVE,
                        )
                    )
