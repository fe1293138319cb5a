"""Illustrative programmes for Lạng Sơn, on top of ``seed_demo``, ``seed_demo_work`` and ``seed_demo_border``.

The picture follows the seed article (Báo Lạng Sơn, 30/05/2023): "Dự án 661 do BĐBP làm chủ đầu tư … trên toàn tuyến
biên giới của tỉnh đã trồng được trên 3.840 ha rừng, dọc theo đường biên giới", the programme "Mái ấm cho người
nghèo nơi biên giới" and the Provincial Committee's scheme "đưa dân trở lại làng bản cũ và xây dựng một số thôn,
bản dân cư mới ở khu vực biên giới". Everything else is invented and labelled "Dữ liệu minh họa." or "(minh họa)":

* funding sources (ngân sách trung ương, ngân sách tỉnh, xã hội hóa, Quỹ Vì người nghèo, đơn vị tự vận động);
* five programmes with budgets, indicators and yearly targets: Dự án 661 (forest plots 1999–2010 by the five
  border posts, 3.852 ha in all, near the markers of each post's communes, on the Vietnamese side), Mái ấm
  (houses since 2018 with funding lines and households), Đưa dân trở lại làng bản cũ (resettlement records of
  the border communes' Party committees), Nâng bước em tới trường and Con nuôi đồn Biên phòng (sponsored
  children);
* periodic figures written through the figure services by the demo users, so their history is real: Project
  661's yearly figures (locked), and for the last six months every border post's monthly figures in every
  state — locked, approved, reopened, submitted, returned to draft and draft;
* the personal-data permission for two demo memberships (printed at the end).

People's names are invented; no identity numbers or phone numbers are made up.

Idempotent: records are looked up by stable keys (codes, or a key in the note) and written only when they differ;
records dated relative to today and the periodic figures are created once and never rewritten. Random choices
come from ``random.Random`` seeded per record, so the demo is the same on every machine for a given day.
"""

import datetime
import math
import random
import time
from collections import Counter
from decimal import Decimal

from auditlog.context import set_actor
from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Sum
from django.utils import timezone

from phoihop.accounts.models import Membership, User
from phoihop.audit.models import ChangeRecord
from phoihop.border.coordinates import inside_province
from phoihop.border.models import Marker
from phoihop.core.choices import Role
from phoihop.core.management.commands.seed_demo import ILLUSTRATIVE, bare_name
from phoihop.core.services import record_restore, record_save
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area, Organisation
from phoihop.programs import services as figure_services
from phoihop.programs.choices import (
    Aggregation,
    FigureStatus,
    Gender,
    HouseStatus,
    IndicatorSource,
    PeriodType,
    VillageKind,
)
from phoihop.programs.completeness import deadline as figure_deadline
from phoihop.programs.computing import computed_value
from phoihop.programs.housing import house_funding_save
from phoihop.programs.models import (
    ForestPlot,
    FundingSource,
    House,
    HouseFunding,
    Household,
    Indicator,
    IndicatorTarget,
    PeriodicFigure,
    Programme,
    ProgrammeBudget,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)
from phoihop.programs.periods import period_start_of, previous_period
from phoihop.programs.progress import number

SEED = 661
MARK = ILLUSTRATIVE  # "Dữ liệu minh họa."
LABEL = "(minh họa)"
MONTHS_OF_FIGURES = 6

# --- organisations seed_demo built ---------------------------------------------------------------------------

POSTS = ["DBP-POMA", "DBP-BINHNGHI", "DBP-HUUNGHI", "DBP-BASON", "DBP-CHIMA"]  # north-west to south-east
COMMAND, PROVINCIAL_COMMITTEE = "BCH-BDBP", "TU-LS"
# Where a post's records go when seed_demo_border has not placed any marker: roughly its stretch of border.
FALLBACK_ANCHORS = {
    "DBP-POMA": (22.30, 106.47),
    "DBP-BINHNGHI": (22.06, 106.60),
    "DBP-HUUNGHI": (21.97, 106.72),
    "DBP-BASON": (21.90, 106.90),
    "DBP-CHIMA": (21.76, 107.13),
}
# The border runs north-west → south-east with China to the north-east: inland is south-west.
INLAND = (-math.sqrt(0.5), -math.sqrt(0.5))  # (east, north)
ALONG = (math.sqrt(0.5), -math.sqrt(0.5))
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(22.0))

# --- funding sources -----------------------------------------------------------------------------------------

FUNDING_SOURCES = [
    ("ngan-sach-trung-uong", "Ngân sách trung ương", 10),
    ("ngan-sach-tinh", "Ngân sách tỉnh", 20),
    ("xa-hoi-hoa", "Xã hội hóa", 30),
    ("quy-vi-nguoi-ngheo", "Quỹ Vì người nghèo", 40),
    ("don-vi-tu-van-dong", "Đơn vị tự vận động", 50),
]

# --- Project 661 -----------------------------------------------------------------------------------------------

# ha planted each year along the border (illustrative; 3.852 ha in all — "trên 3.840 ha")
HA_PER_YEAR = {
    1999: 180,
    2000: 260,
    2001: 310,
    2002: 345,
    2003: 380,
    2004: 410,
    2005: 395,
    2006: 360,
    2007: 330,
    2008: 310,
    2009: 290,
    2010: 282,
}
# the yearly plan: a little above or below what was planted (illustrative)
HA_TARGET = {1999: 200, 2000: 250, 2001: 300, 2002: 350, 2003: 400, 2004: 400, 2005: 400, 2006: 350, 2007: 350}
HA_TARGET.update({2008: 300, 2009: 300, 2010: 300})
SPECIES = [
    "Thông mã vĩ",
    "Hồi",
    "Keo lai",
    "Trám trắng",
    "Thông mã vĩ xen keo lá tràm",
    "Sa mộc",
    "Lát hoa",
    "Hồi xen thông",
]

# --- names (invented) ----------------------------------------------------------------------------------------

SURNAMES = ["Hoàng", "Nông", "Lương", "Vi", "Lộc", "Chu", "Mạc", "Hứa", "Lăng", "Triệu", "Đàm", "Lành", "Hà"]
MALE = ["Văn Pấu", "Văn Slam", "Văn Páo", "Văn Nọi", "Văn Slinh", "Văn Tài", "Văn Sình", "Văn Khìn", "Văn Mằn"]
FEMALE = ["Thị Nhìn", "Thị Mỷ", "Thị Lìu", "Thị Slao", "Thị Hoa", "Thị Phương", "Thị Dín", "Thị Nga", "Thị Sáu"]
CHILD_MALE = ["Văn An", "Văn Bảo", "Văn Đức", "Văn Khải", "Văn Minh", "Đức Anh", "Văn Nam", "Văn Phúc"]
CHILD_FEMALE = ["Thị Ánh", "Thị Hà", "Thị Huyền", "Thị Ngọc", "Thị Thảo", "Thị Trang", "Thị Yến", "Thị Mai"]
ETHNICITIES = ["Tày", "Nùng", "Nùng", "Dao", "Tày", "Kinh"]

# --- figures -------------------------------------------------------------------------------------------------

# State of the monthly figures k months before the current one (k = 6 … 1), per indicator position (the first
# and second monthly indicators of a post get the variations, so every post has every state).
MONTH_PLAN = {
    6: ["locked"],
    5: ["locked"],
    4: ["approved"],
    3: ["reopened", "approved"],
    2: ["submitted", "returned", "submitted"],
    1: ["draft"],
}
RETURN_REASON = "Số liệu chưa khớp với biên bản bàn giao nhà; đề nghị đồn rà soát, nhập lại (minh họa)."
REOPEN_REASON = "Phát hiện một nhà bàn giao cuối tháng chưa được tính; mở lại để đồn điều chỉnh (minh họa)."


def rng_for(*key):
    """A random generator of its own for each record: the demo does not shift when another record changes."""
    return random.Random("-".join(str(part) for part in (SEED, *key)))


def decimal(value, places):
    return Decimal(f"{value:.{places}f}")


def month_shift(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


class Command(BaseCommand):
    help = (
        "Create ILLUSTRATIVE programmes for Lạng Sơn on top of seed_demo, seed_demo_work and seed_demo_border: "
        "Dự án 661 (forest plots 1999–2010, a little over 3.840 ha along the border), Mái ấm cho người nghèo nơi "
        "biên giới (houses), Đưa dân trở lại làng bản cũ (resettlement), Nâng bước em tới trường and Con nuôi đồn "
        "Biên phòng (sponsored children), with funding sources, budgets, indicators, targets and periodic figures "
        "in every state. Names and numbers are invented (Dữ liệu minh họa). Idempotent."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.today = timezone.localdate()
        self.created, self.updated = Counter(), Counter()
        history_before = ChangeRecord.objects.count()
        with transaction.atomic():
            self.load_world()
            self.seed_funding_sources()
            self.seed_programmes()
            self.seed_forest()
            self.seed_houses()
            self.seed_resettlement()
            self.seed_sponsorships()
            self.seed_targets()
            self.seed_figures()
            granted = self.grant_personal_data()
        self.report(started, ChangeRecord.objects.count() - history_before, granted)

    # --- generic idempotent writes ---------------------------------------------------------------------------

    def run(self, user, service, **kwargs):
        """Call a service as ``user``, with ``user`` as the actor of the history entries."""
        with set_actor(user):
            return service(acting_user=user, **kwargs)

    def sync(self, model, find, fields, user, *, m2m=None, create_only=False, save=record_save):
        """Create or update the ``model`` record matching ``find`` (restoring a deleted one) so that it has
        ``fields`` (which must include what ``find`` looks up); nothing is written when it already matches, and
        with ``create_only`` an existing record is left as it is."""
        m2m = m2m or {}
        obj = model.objects.filter(**find).order_by("pk").first()
        if obj is None:
            deleted = model.all_objects.filter(**find).order_by("-deleted_at").first()
            if deleted is not None:
                obj = self.run(user, record_restore, instance=deleted)
                self.updated[model.__name__] += 1
        if obj is None:
            obj = model(**fields)
            self.run(user, save, instance=obj, save_related=self.related_saver(obj, m2m))
            self.created[model.__name__] += 1
            return obj
        if create_only:
            return obj
        changed = [name for name, value in fields.items() if getattr(obj, name) != value]
        m2m_changed = {
            name: objs
            for name, objs in m2m.items()
            if set(getattr(obj, name).values_list("pk", flat=True)) != {o.pk for o in objs}
        }
        if changed or m2m_changed:
            for name in changed:
                setattr(obj, name, fields[name])
            self.run(
                user,
                save,
                instance=obj,
                expected_version=obj.version,
                save_related=self.related_saver(obj, m2m_changed),
            )
            self.updated[model.__name__] += 1
        return obj

    @staticmethod
    def related_saver(obj, m2m):
        if not m2m:
            return None

        def save_related():
            for name, objs in m2m.items():
                getattr(obj, name).set(objs)

        return save_related

    # --- the world the other demo commands built ------------------------------------------------------------

    def load_world(self):
        self.admin = User.objects.filter(username="admin", is_superuser=True).first()
        if self.admin is None:
            raise CommandError("The demo organisations are missing: run `manage.py seed_demo` first.")
        codes = [*POSTS, COMMAND, PROVINCIAL_COMMITTEE]
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes).prefetch_related("areas")}
        missing = [code for code in codes if code not in orgs]
        if missing:
            raise CommandError(f"Missing demo organisations {', '.join(missing)}: run `manage.py seed_demo` first.")
        self.command_org, self.committee = orgs[COMMAND], orgs[PROVINCIAL_COMMITTEE]
        self.members = list(
            Membership.objects.filter(user__is_active=True, organisation__deleted_at__isnull=True)
            .select_related("user", "organisation")
            .order_by("role", "user__username")
        )
        villages = {}
        for village in Area.objects.filter(kind=AreaKind.VILLAGE, parent__isnull=False).order_by("code"):
            villages.setdefault(village.parent_id, []).append(village)
        anchors = self.marker_anchors()
        self.posts = []
        for code in POSTS:
            post = orgs[code]
            communes = sorted(post.areas.all(), key=lambda a: a.code)
            if not communes:
                raise CommandError(f"{post.name} covers no commune: run `manage.py seed_demo` first.")
            post_anchor = anchors.get((post.pk, None), FALLBACK_ANCHORS[code])
            self.posts.append(
                {
                    "code": code,
                    "key": code.removeprefix("DBP-"),
                    "post": post,
                    "communes": communes,
                    "anchors": {c.pk: anchors.get((post.pk, c.pk), post_anchor) for c in communes},
                    "villages": villages,
                    "reporter": self.reporter_of(post),
                    "approver": self.approver_of(post),
                }
            )
        # The border communes' Party committees (resettlement is the Provincial Committee's scheme).
        self.committees = []
        for org in (
            Organisation.objects.filter(code__startswith="DUX-", parent=self.committee)
            .prefetch_related("areas")
            .order_by("code")
        ):
            communes = [a for a in org.areas.all() if a.is_border_commune]
            if communes:
                self.committees.append(
                    {
                        "org": org,
                        "commune": communes[0],
                        "reporter": self.reporter_of(org),
                        "approver": self.approver_of(org),
                    }
                )

    def marker_anchors(self):
        """(post id, commune id or None) → mean position of the post's markers there (seed_demo_border)."""
        sums = {}
        rows = Marker.objects.filter(post__code__in=POSTS, latitude__isnull=False, longitude__isnull=False).values_list(
            "post_id", "commune_id", "latitude", "longitude"
        )
        for post_id, commune_id, lat, lon in rows:
            for key in ((post_id, commune_id), (post_id, None)):
                total = sums.setdefault(key, [0.0, 0.0, 0])
                total[0] += float(lat)
                total[1] += float(lon)
                total[2] += 1
        return {key: (lat / n, lon / n) for key, (lat, lon, n) in sums.items()}

    def reporter_of(self, org):
        """A member of ``org`` itself with the reporter role or more (the lowest such role), else the superuser."""
        direct = [m for m in self.members if m.organisation_id == org.pk and m.role >= Role.REPORTER]
        return direct[0].user if direct else self.admin

    def approver_of(self, org):
        """An approver of a parent organisation (the nearest), who approves ``org``'s figures; else the superuser."""
        candidates = [
            m
            for m in self.members
            if m.role >= Role.APPROVER and org.path.startswith(m.organisation.path) and org.path != m.organisation.path
        ]
        candidates.sort(key=lambda m: (-m.organisation.depth, m.role, m.user.username))
        return candidates[0].user if candidates else self.admin

    def place(self, info, commune, rng, inland_km=(0.8, 5.0), along_km=3.0):
        """A position on the Vietnamese side of the border near the post's markers in ``commune``."""
        lat0, lon0 = info["anchors"][commune.pk]
        for shrink in (1.0, 0.6, 0.3, 0.0):
            inland = rng.uniform(*inland_km) * shrink
            along = rng.uniform(-along_km, along_km) * shrink
            east = INLAND[0] * inland + ALONG[0] * along
            north = INLAND[1] * inland + ALONG[1] * along
            lat, lon = lat0 + north / KM_PER_DEG_LAT, lon0 + east / KM_PER_DEG_LON
            if inside_province(lat, lon):
                return decimal(lat, 6), decimal(lon, 6)
        return decimal(lat0, 6), decimal(lon0, 6)

    # --- reference data and programmes ----------------------------------------------------------------------

    def seed_funding_sources(self):
        # Created when missing; an entry another demo command or a user has already made is kept as it is.
        self.sources = {
            code: self.sync(
                FundingSource,
                {"code": code},
                {"code": code, "name": name, "sort_order": order},
                self.admin,
                create_only=True,
            )
            for code, name, order in FUNDING_SOURCES
        }

    def programme(self, code, name, owner, participants, start, description, *, investor=None, end=None):
        return self.sync(
            Programme,
            {"code": code},
            {
                "code": code,
                "name": name,
                "owner": owner,
                "investor": investor,
                "start_date": start,
                "end_date": end,
                # Figures are followed in phoihop from the first demo month on; older periods owe none.
                "reporting_from": max(
                    start, month_shift(period_start_of(PeriodType.MONTH, self.today), -MONTHS_OF_FIGURES)
                ),
                "description": f"{description} {MARK}",
            },
            self.admin,
            m2m={"participants": participants},
        )

    def indicator(self, programme, code, name, unit, source, period, aggregation=Aggregation.SUM, decimals=0, order=10):
        return self.sync(
            Indicator,
            {"programme": programme, "code": code},
            {
                "programme": programme,
                "code": code,
                "name": name,
                "unit": unit,
                "source": source,
                "period_type": period,
                "aggregation": aggregation,
                "decimals": decimals,
                "sort_order": order,
            },
            self.admin,
        )

    def budget(self, programme, source, amount, year=None, note=""):
        self.sync(
            ProgrammeBudget,
            {"programme": programme, "source": self.sources[source], "year": year},
            {
                "programme": programme,
                "source": self.sources[source],
                "year": year,
                "amount": Decimal(amount),
                "note": f"{note} {LABEL}".strip(),
            },
            self.admin,
        )

    def seed_programmes(self):
        posts = [info["post"] for info in self.posts]
        this_year = self.today.year
        self.p661 = self.programme(
            "DA661",
            "Dự án 661 — trồng rừng biên giới",
            self.command_org,
            posts,
            datetime.date(1999, 1, 1),
            "Dự án trồng mới 5 triệu ha rừng (Dự án 661) trên tuyến biên giới tỉnh Lạng Sơn, do Bộ đội Biên phòng "
            "tỉnh làm chủ đầu tư: gắn trồng rừng, quản lý bảo vệ rừng của nhân dân biên giới với bảo vệ chủ quyền "
            "lãnh thổ. Trồng mới 1999–2010 (trên 3.840 ha dọc theo đường biên giới); sau đó các đồn tiếp tục theo "
            "dõi diện tích rừng khoán bảo vệ.",
            investor=self.command_org,
        )
        self.i661_ha = self.indicator(
            self.p661,
            "661-HA",
            "Diện tích rừng trồng mới",
            "ha",
            IndicatorSource.FOREST_AREA,
            PeriodType.YEAR,
            decimals=1,
            order=10,
        )
        self.i661_hh = self.indicator(
            self.p661,
            "661-HO",
            "Hộ nhận khoán bảo vệ rừng",
            "hộ",
            IndicatorSource.FOREST_HOUSEHOLDS,
            PeriodType.YEAR,
            order=20,
        )
        self.i661_protect = self.indicator(
            self.p661,
            "661-BV",
            "Diện tích rừng dự án đang được khoán bảo vệ",
            "ha",
            IndicatorSource.MANUAL,
            PeriodType.QUARTER,
            Aggregation.LATEST,
            decimals=1,
            order=30,
        )
        self.budget(self.p661, "ngan-sach-trung-uong", "14500000000", note="Vốn Dự án 661 giai đoạn 1999–2010")
        self.budget(self.p661, "ngan-sach-tinh", "1800000000", note="Vốn đối ứng của tỉnh")
        self.budget(self.p661, "don-vi-tu-van-dong", "450000000", year=this_year, note="Kinh phí tuần tra bảo vệ rừng")

        self.shelter = self.programme(
            "MAIAM-BG",
            "Mái ấm cho người nghèo nơi biên giới",
            self.command_org,
            posts,
            datetime.date(2018, 1, 1),
            "Chương trình “Mái ấm cho người nghèo nơi biên giới, hải đảo”: các đồn biên phòng vận động, phối hợp "
            "xây dựng, bàn giao nhà cho hộ nghèo ở các xã biên giới (giai đoạn từ 2018 trong dữ liệu minh họa).",
        )
        self.i_started = self.indicator(
            self.shelter, "NHA-KC", "Nhà khởi công", "nhà", IndicatorSource.HOUSES_STARTED, PeriodType.MONTH, order=10
        )
        self.i_handed = self.indicator(
            self.shelter,
            "NHA-BG",
            "Nhà bàn giao",
            "nhà",
            IndicatorSource.HOUSES_HANDED_OVER,
            PeriodType.MONTH,
            order=20,
        )
        self.i_handed_yearly = self.indicator(
            self.shelter,
            "NHA-BG-NAM",
            "Nhà bàn giao (tổng hợp năm)",
            "nhà",
            IndicatorSource.HOUSES_HANDED_OVER,
            PeriodType.YEAR,
            order=30,
        )
        for year in (this_year - 1, this_year):
            self.budget(self.shelter, "quy-vi-nguoi-ngheo", "500000000", year=year, note="Quỹ Vì người nghèo tỉnh")
            self.budget(self.shelter, "xa-hoi-hoa", "300000000", year=year, note="Doanh nghiệp, nhà hảo tâm")
            self.budget(self.shelter, "don-vi-tu-van-dong", "100000000", year=year, note="Các đồn biên phòng")

        committees = [c["org"] for c in self.committees]
        self.resettle = self.programme(
            "DUADAN-BG",
            "Đưa dân trở lại làng bản cũ, xây dựng thôn bản mới",
            self.committee,
            [*committees, self.command_org],
            datetime.date(2021, 1, 1),
            "Đề án “Nâng cao đời sống nhân dân khu vực biên giới, gắn với việc đưa dân trở lại làng bản cũ và xây "
            "dựng một số thôn, bản dân cư mới ở khu vực biên giới” của Tỉnh ủy; đảng ủy các xã biên giới báo cáo, "
            "Bộ đội Biên phòng phối hợp.",
        )
        self.i_res_households = self.indicator(
            self.resettle,
            "DD-HO",
            "Hộ được bố trí ổn định",
            "hộ",
            IndicatorSource.RESETTLED_HOUSEHOLDS,
            PeriodType.YEAR,
            order=10,
        )
        self.i_res_people = self.indicator(
            self.resettle,
            "DD-NK",
            "Nhân khẩu được bố trí ổn định",
            "người",
            IndicatorSource.RESETTLED_PEOPLE,
            PeriodType.YEAR,
            order=20,
        )
        self.budget(self.resettle, "ngan-sach-trung-uong", "40000000000", note="Hỗ trợ bố trí dân cư")
        self.budget(self.resettle, "ngan-sach-tinh", "25000000000", note="Hạ tầng thôn, bản")

        self.school = self.programme(
            "NANGBUOC",
            "Nâng bước em tới trường",
            self.command_org,
            posts,
            datetime.date(2016, 9, 1),
            "Chương trình “Nâng bước em tới trường” của Bộ đội Biên phòng: mỗi em được nhận đỡ đầu, hỗ trợ "
            "500.000 đồng mỗi tháng cho đến khi học hết lớp 12.",
        )
        self.i_school_children = self.indicator(
            self.school,
            "NB-EM",
            "Học sinh đang được nhận đỡ đầu",
            "em",
            IndicatorSource.SPONSORED_CHILDREN,
            PeriodType.MONTH,
            Aggregation.LATEST,
            order=10,
        )
        self.i_school_support = self.indicator(
            self.school,
            "NB-TIEN",
            "Kinh phí hỗ trợ",
            "đồng",
            IndicatorSource.SPONSORSHIP_SUPPORT,
            PeriodType.MONTH,
            order=20,
        )
        self.budget(self.school, "don-vi-tu-van-dong", "120000000", year=this_year, note="Cán bộ, chiến sĩ đóng góp")
        self.budget(self.school, "xa-hoi-hoa", "60000000", year=this_year, note="Nhà tài trợ")

        self.adopt = self.programme(
            "CONNUOI",
            "Con nuôi đồn Biên phòng",
            self.command_org,
            posts,
            datetime.date(2021, 1, 1),
            "Chương trình “Con nuôi đồn Biên phòng”: đồn nhận nuôi dưỡng, hỗ trợ trẻ em mồ côi, hoàn cảnh đặc biệt "
            "khó khăn ở các xã biên giới.",
        )
        self.i_adopt_children = self.indicator(
            self.adopt,
            "CN-EM",
            "Trẻ đang được đồn nhận nuôi",
            "em",
            IndicatorSource.SPONSORED_CHILDREN,
            PeriodType.MONTH,
            Aggregation.LATEST,
            order=10,
        )
        self.budget(self.adopt, "don-vi-tu-van-dong", "120000000", year=this_year, note="Các đồn biên phòng")

    # --- Project 661: forest plots --------------------------------------------------------------------------

    def forest_plan(self):
        """[(post info, year, number, ha)]: every year's planting split over the posts and plots, to 0,1 ha."""
        plan = []
        for year, total in HA_PER_YEAR.items():
            rng = rng_for("661", year)
            weights = [rng.uniform(0.6, 1.4) for _info in self.posts]
            shares = []
            for info, weight in zip(self.posts, weights, strict=True):
                share = total * weight / sum(weights)
                plots = rng.randint(1, 3)
                parts = [rng.uniform(0.7, 1.3) for _ in range(plots)]
                shares += [(info, share * part / sum(parts)) for part in parts]
            rounded = [decimal(ha, 1) for _info, ha in shares]
            rounded[-1] += Decimal(total) - sum(rounded)  # the year's total exactly
            numbers = Counter()
            for (info, _ha), ha in zip(shares, rounded, strict=True):
                numbers[info["code"]] += 1
                plan.append((info, year, numbers[info["code"]], ha))
        return plan

    def seed_forest(self):
        self.plots_by_post = Counter()
        for info, year, n, ha in self.forest_plan():
            code = f"661-{info['key']}-{year}-{n:02d}"
            rng = rng_for(code)
            commune = info["communes"][(year + n) % len(info["communes"])]
            villages = info["villages"].get(commune.pk, [])
            village = villages[n % len(villages)] if villages and rng.random() < 0.5 else None
            lat, lon = self.place(info, commune, rng)
            planted_on = datetime.date(year, rng.randint(5, 8), rng.randint(1, 28))
            polygon = None
            if rng.random() < 0.3:  # some plots were surveyed: a rough quadrilateral of about the plot's area
                side = math.sqrt(float(ha) * 10_000) / 1000  # km
                half_lat, half_lon = side / 2 / KM_PER_DEG_LAT, side / 2 / KM_PER_DEG_LON
                la, lo = float(lat), float(lon)
                ring = [
                    [round(lo - half_lon, 6), round(la - half_lat, 6)],
                    [round(lo + half_lon * 1.1, 6), round(la - half_lat * 0.9, 6)],
                    [round(lo + half_lon, 6), round(la + half_lat, 6)],
                    [round(lo - half_lon * 0.9, 6), round(la + half_lat * 1.1, 6)],
                ]
                polygon = {"type": "Polygon", "coordinates": [[*ring, ring[0]]]}
            self.sync(
                ForestPlot,
                {"code": code},
                {
                    "code": code,
                    "programme": self.p661,
                    "organisation": info["post"],
                    "commune": commune,
                    "village": village,
                    "year_planted": year,
                    "planted_on": planted_on,
                    "area_ha": ha,
                    "species": rng.choice(SPECIES),
                    "households_contracted": max(3, int(float(ha) / rng.uniform(2.5, 6))),
                    "survival_pct": decimal(rng.uniform(76, 95), 1),
                    "latitude": lat,
                    "longitude": lon,
                    "polygon": polygon,
                    "note": f"Lô rừng phòng hộ biên giới, trồng theo Dự án 661; vị trí và số liệu là minh họa. {MARK}",
                },
                info["reporter"],
            )

    # --- Mái ấm: houses -------------------------------------------------------------------------------------

    def house_plan(self):
        """[(key, post info, dates and status, create only)]: a few houses a year per post since 2018, and the
        houses of the last months (dated from today, so created once)."""
        plan = []
        for index, info in enumerate(self.posts):
            for year in range(2018, self.today.year):
                for n in range(1 + (index + year) % 3):
                    key = f"MA-{info['key']}-{year}-{n + 1}"
                    rng = rng_for(key)
                    start = datetime.date(year, rng.randint(2, 8), rng.randint(1, 28))
                    handover = min(start + datetime.timedelta(days=rng.randint(70, 120)), datetime.date(year, 12, 28))
                    plan.append((key, info, start, handover, HouseStatus.HANDED_OVER, False))
            # the last months: houses handed over, started, under construction and planned
            recent = [(230 + 3 * index, 165 + 3 * index), (190 + 2 * index, 110 + 2 * index), (140, 75), (90, 25)]
            recent += [(70, None)] + ([(None, None)] if index % 2 == 0 else [])
            for n, (started, handed) in enumerate(recent, start=1):
                key = f"MA-{info['key']}-R{n}"
                start = self.today - datetime.timedelta(days=started) if started else None
                handover = self.today - datetime.timedelta(days=handed) if handed else None
                status = HouseStatus.HANDED_OVER if handover else HouseStatus.BUILDING if start else HouseStatus.PLANNED
                plan.append((key, info, start, handover, status, True))
        return plan

    def seed_houses(self):
        for key, info, start, handover, status, create_only in self.house_plan():
            rng = rng_for(key)
            commune = info["communes"][rng.randrange(len(info["communes"]))]
            villages = info["villages"].get(commune.pk, [])
            village = rng.choice(villages) if villages and rng.random() < 0.5 else None
            lat, lon = self.place(info, commune, rng, inland_km=(1.0, 8.0))
            members = self.household_members(rng)
            house = self.sync(
                House,
                {"programme": self.shelter, "note__contains": f"[{key}]"},
                {
                    "programme": self.shelter,
                    "organisation": info["post"],
                    "commune": commune,
                    "village": village,
                    "household_size": len(members) + 1,
                    "status": status,
                    "start_date": start,
                    "handover_date": handover,
                    "latitude": lat,
                    "longitude": lon,
                    "note": f"Nhà “Mái ấm biên giới” [{key}]; tên chủ hộ là tên giả định. {MARK}",
                },
                info["reporter"],
                create_only=create_only,
            )
            lines = [("quy-vi-nguoi-ngheo", 50), ("xa-hoi-hoa", rng.choice((20, 25, 30, 40)))]
            lines.append(("don-vi-tu-van-dong", rng.choice((5, 10, 15, 20))))
            if rng.random() < 0.3:
                lines.append(("ngan-sach-tinh", 20))
            for source, millions in lines:
                self.sync(
                    HouseFunding,
                    {"house": house, "source": self.sources[source]},
                    {"house": house, "source": self.sources[source], "amount": Decimal(millions * 1_000_000)},
                    info["reporter"],
                    create_only=create_only,
                    save=house_funding_save,
                )
            head, head_year, ethnicity = members[0]
            # People's personal data: written by the superuser (the post's reporter holds no such permission).
            self.sync(
                Household,
                {"house": house},
                {
                    "house": house,
                    "head_name": head,
                    "head_birth_year": head_year,
                    "ethnicity": ethnicity,
                    "members": "\n".join(f"{name}, {year}" for name, year, _e in members[1:]),
                },
                self.admin,
                create_only=create_only,
            )

    def household_members(self, rng):
        """[(name, year of birth, ethnicity)]: the head first, then spouse and children (invented names)."""
        surname, ethnicity = rng.choice(SURNAMES), rng.choice(ETHNICITIES)
        male_head = rng.random() < 0.75
        head_year = rng.randint(1960, 1992)
        head = f"{surname} {rng.choice(MALE if male_head else FEMALE)}"
        people = [(head, head_year, ethnicity)]
        if rng.random() < 0.8:
            spouse = f"{rng.choice(SURNAMES)} {rng.choice(FEMALE if male_head else MALE)}"
            people.append((spouse, head_year + rng.randint(-3, 4), ethnicity))
        for _ in range(rng.randint(0, 4)):
            given = rng.choice(CHILD_MALE + CHILD_FEMALE)
            people.append((f"{surname} {given}", min(head_year + rng.randint(20, 32), self.today.year), ethnicity))
        return people

    # --- resettlement ---------------------------------------------------------------------------------------

    def seed_resettlement(self):
        for index, info in enumerate(self.committees):
            years = [year for year in range(2021, self.today.year) if (index + year) % 2 == 0]
            for year in years:
                key = f"DD-{info['org'].code}-{year}"
                rng = rng_for(key)
                self.resettlement(key, info, rng, datetime.date(year, rng.randint(3, 11), rng.randint(1, 28)), False)
            if index % 3 == 0:
                key = f"DD-{info['org'].code}-R1"
                self.resettlement(key, info, rng_for(key), self.today - datetime.timedelta(days=45), True)

    def resettlement(self, key, info, rng, day, create_only):
        households = rng.randint(3, 14)
        kind = VillageKind.OLD if rng.random() < 0.6 else VillageKind.NEW
        village = (
            f"{rng.choice(['Khuổi', 'Nà', 'Bản', 'Pò', 'Lũng'])} {rng.choice(['Slản', 'Pẻn', 'Mòn', 'Luông', 'Vài'])}"
        )
        what = "đưa trở lại làng bản cũ" if kind == VillageKind.OLD else "xây dựng thôn bản mới"
        self.sync(
            Resettlement,
            {"programme": self.resettle, "note__contains": f"[{key}]"},
            {
                "programme": self.resettle,
                "organisation": info["org"],
                "commune": info["commune"],
                "village": None,
                "village_kind": kind,
                "households": households,
                "people": households * 4 + rng.randint(0, households),
                "date": day,
                "note": f"Điểm dân cư {village} ({what}) {LABEL}; đồn biên phòng phối hợp. [{key}] {MARK}",
            },
            info["reporter"],
            create_only=create_only,
        )

    # --- sponsored children ---------------------------------------------------------------------------------

    def seed_sponsorships(self):
        for index, info in enumerate(self.posts):
            # Nâng bước em tới trường: a child a school year since 2016, supported until the end of grade 12.
            for n in range(5):
                key = f"NB-{info['key']}-{n + 1}"
                rng = rng_for(key)
                first_year = 2016 + (n * 2 + index) % 8
                grade = rng.randint(3, 9)
                finished = datetime.date(first_year + 12 - grade, 5, 31)
                self.sponsorship(
                    key,
                    info,
                    rng,
                    self.school,
                    datetime.date(first_year, 9, 1),
                    finished if finished < self.today else None,
                    Decimal(500_000),
                    f"Lớp {grade}",
                    "Nâng bước em tới trường",
                )
            # Con nuôi đồn Biên phòng: since 2021.
            for n in range(2 + index % 2):
                key = f"CN-{info['key']}-{n + 1}"
                rng = rng_for(key)
                grade = rng.randint(1, 6)
                self.sponsorship(
                    key,
                    info,
                    rng,
                    self.adopt,
                    datetime.date(2021 + (n + index) % 4, rng.choice((1, 6, 9)), 1),
                    None,
                    Decimal(1_000_000),
                    f"Lớp {grade}",
                    "Con nuôi đồn Biên phòng",
                )

    def sponsorship(self, key, info, rng, programme, start, end, monthly, grade, label):
        commune = info["communes"][rng.randrange(len(info["communes"]))]
        place = bare_name(commune.name)
        sponsorship = self.sync(
            Sponsorship,
            {"programme": programme, "note__contains": f"[{key}]"},
            {
                "programme": programme,
                "sponsoring_unit": info["post"],
                "commune": commune,
                "school": f"Trường PTDTBT TH&THCS {place}",
                "grade": grade,
                "monthly_support": monthly,
                "start_date": start,
                "end_date": end,
                "note": f"“{label}” [{key}]; tên học sinh, người giám hộ là tên giả định. {MARK}",
            },
            info["reporter"],
        )
        surname, ethnicity = rng.choice(SURNAMES), rng.choice(ETHNICITIES)
        female = rng.random() < 0.5
        age = rng.randint(6, 12)
        villages = info["villages"].get(commune.pk, [])
        self.sync(
            SponsoredChild,
            {"sponsorship": sponsorship},
            {
                "sponsorship": sponsorship,
                "full_name": f"{surname} {rng.choice(CHILD_FEMALE if female else CHILD_MALE)}",
                "birth_date": datetime.date(start.year - age, rng.randint(1, 12), rng.randint(1, 28)),
                "gender": Gender.FEMALE if female else Gender.MALE,
                "ethnicity": ethnicity,
                "village": rng.choice(villages) if villages else None,
                "guardian_name": f"{surname} {rng.choice(MALE + FEMALE)}",
            },
            self.admin,
        )

    # --- targets --------------------------------------------------------------------------------------------

    def target(self, indicator, year, value, organisation=None):
        self.sync(
            IndicatorTarget,
            {"indicator": indicator, "year": year, "organisation": organisation},
            {"indicator": indicator, "year": year, "organisation": organisation, "value": Decimal(value)},
            self.admin,
        )

    def seed_targets(self):
        this_year = self.today.year
        for year, ha in HA_TARGET.items():
            self.target(self.i661_ha, year, ha)
        protected = self.protected_ha()
        for info in self.posts:
            self.target(self.i661_protect, this_year, protected[info["post"].pk].quantize(Decimal(1)), info["post"])
        for year in range(2018, this_year + 1):
            self.target(self.i_handed, year, 12)
            self.target(self.i_handed_yearly, year, 12)
        for index, info in enumerate(self.posts):
            self.target(self.i_handed, this_year, 2 + index % 2, info["post"])
            self.target(self.i_started, this_year, 3, info["post"])
        self.target(self.i_school_children, this_year, 25)
        self.target(self.i_adopt_children, this_year, 12)
        self.target(self.i_school_support, this_year, 25 * 12 * 500_000)
        for year in range(2021, this_year + 1):
            self.target(self.i_res_households, year, 40)
            self.target(self.i_res_people, year, 170)

    def protected_ha(self):
        """post id → ha of its Project 661 plots still standing (area × survival), as the posts report it."""
        result = Counter()
        for org_id, ha, survival in ForestPlot.objects.filter(programme=self.p661).values_list(
            "organisation_id", "area_ha", "survival_pct"
        ):
            result[org_id] += ha * (survival or 100) / 100
        return {org_id: value.quantize(Decimal("0.1")) for org_id, value in result.items()}

    # --- periodic figures -----------------------------------------------------------------------------------

    def figure(self, indicator, org, start, state, reporter, approver, value=None):
        """Create the figure once, through the services: computed (or entered), then moved to ``state``."""
        if PeriodicFigure.objects.filter(indicator=indicator, organisation=org, period_start=start).exists():
            return
        figure = PeriodicFigure(
            indicator=indicator, organisation=org, period_type=indicator.period_type, period_start=start
        )
        if indicator.source == IndicatorSource.MANUAL:
            figure.value, figure.note = value, f"Số liệu đồn báo cáo {LABEL}"
            self.run(reporter, figure_services.figure_save, instance=figure)
        else:
            try:
                self.run(reporter, figure_services.figure_compute, figure=figure)
            except ValidationError:
                # SQLite sums decimals as floats (96.30000000000001): enter the computed value rounded instead.
                figure.pk, figure.value = None, computed_value(indicator, org, start).quantize(Decimal("0.01"))
                figure.computed = True
                self.run(reporter, figure_services.figure_save, instance=figure)
        self.created["PeriodicFigure"] += 1
        if state == "draft":
            return
        self.run(reporter, figure_services.figure_submit, figure=figure)
        if state == "returned":
            self.run(approver, figure_services.figure_return, figure=figure, reason=RETURN_REASON)
        if state in ("approved", "locked", "reopened"):
            self.run(approver, figure_services.figure_approve, figure=figure)
        if state == "locked":
            self.run(approver, figure_services.figure_lock, figure=figure)
        if state == "reopened":
            self.run(approver, figure_services.figure_reopen, figure=figure, reason=REOPEN_REASON)
        self.backdate(figure)

    def backdate(self, figure):
        """Illustrative timestamps: the services stamp the seeding moment, which would make every demo figure
        late. Most posts submit a few days before the deadline, about one figure in six two days after it; the
        approval follows two days later (never in the future)."""
        figure.refresh_from_db(fields=["submitted_at", "approved_at", "locked_at"])
        if figure.submitted_at is None:
            return
        due = figure_deadline(figure.indicator, figure.period_start)
        late = figure.pk % 6 == 0
        day = due + datetime.timedelta(days=2) if late else due - datetime.timedelta(days=figure.pk % 4)
        now = timezone.now()
        submitted = min(now, timezone.make_aware(datetime.datetime.combine(day, datetime.time(9, 30))))
        changes = {"submitted_at": submitted}
        if figure.approved_at is not None:
            changes["approved_at"] = min(now, submitted + datetime.timedelta(days=2))
        if figure.locked_at is not None:
            changes["locked_at"] = min(now, submitted + datetime.timedelta(days=3))
        PeriodicFigure.objects.filter(pk=figure.pk).update(**changes)

    def seed_figures(self):
        # Project 661: the yearly figures of the planting years, approved and locked long ago.
        for info in self.posts:
            for year in HA_PER_YEAR:
                for indicator in (self.i661_ha, self.i661_hh):
                    start = datetime.date(year, 1, 1)
                    self.figure(indicator, info["post"], start, "locked", info["reporter"], info["approver"])
        # Mái ấm: the yearly summary of the houses handed over, for the past years (locked).
        for info in self.posts:
            for year in range(2018, self.today.year):
                start = datetime.date(year, 1, 1)
                self.figure(self.i_handed_yearly, info["post"], start, "locked", info["reporter"], info["approver"])
        # Forest under protection: the last two complete quarters (locked, then submitted or draft).
        current_quarter = period_start_of(PeriodType.QUARTER, self.today)
        last = previous_period(PeriodType.QUARTER, current_quarter)
        before = previous_period(PeriodType.QUARTER, last)
        protected = self.protected_ha()
        for index, info in enumerate(self.posts):
            value = protected.get(info["post"].pk, Decimal(0))
            self.figure(self.i661_protect, info["post"], before, "locked", info["reporter"], info["approver"], value)
            state = "draft" if index == 0 else "submitted"
            self.figure(self.i661_protect, info["post"], last, state, info["reporter"], info["approver"], value)
        # Monthly figures of the last months, every state for every post.
        monthly = [self.i_handed, self.i_started, self.i_school_children, self.i_school_support, self.i_adopt_children]
        this_month = period_start_of(PeriodType.MONTH, self.today)
        for k in range(MONTHS_OF_FIGURES, 0, -1):
            start = month_shift(this_month, -k)
            states = MONTH_PLAN[k]
            for info in self.posts:
                for position, indicator in enumerate(monthly):
                    state = states[position] if position < len(states) else states[-1]
                    self.figure(indicator, info["post"], start, state, info["reporter"], info["approver"])
        # Resettlement: yearly per commune Party committee; past years locked, this year a draft.
        for info in self.committees:
            years = sorted(
                {
                    d.year
                    for d in Resettlement.objects.filter(programme=self.resettle, organisation=info["org"]).values_list(
                        "date", flat=True
                    )
                }
            )
            for year in years:
                state = "draft" if year == self.today.year else "locked"
                for indicator in (self.i_res_households, self.i_res_people):
                    self.figure(
                        indicator, info["org"], datetime.date(year, 1, 1), state, info["reporter"], info["approver"]
                    )

    # --- personal data --------------------------------------------------------------------------------------

    def grant_personal_data(self):
        """The personal-data permission for the provincial Border Guard's admin and Pò Mã post's approver."""
        granted = []
        for username, org_code in (("bdbp.admin", "DU-BDBP"), ("pomadon.approver", "DBP-POMA")):
            membership = (
                Membership.objects.filter(user__username=username, organisation__code=org_code)
                .select_related("user", "organisation")
                .first()
            )
            if membership is None:
                continue
            if not membership.personal_data:
                membership.personal_data = True
                self.run(self.admin, record_save, instance=membership, expected_version=membership.version)
                self.updated["Membership"] += 1
            granted.append(f"{username} @ {membership.organisation.name} [{org_code}]")
        return granted

    # --- summary --------------------------------------------------------------------------------------------

    def report(self, started, history, granted):
        elapsed = time.monotonic() - started
        created, updated = sum(self.created.values()), sum(self.updated.values())
        self.stdout.write(f"Demo programmes: {created} created, {updated} updated; {history} history entries.")
        if created:
            self.stdout.write("  created: " + ", ".join(f"{name} {n}" for name, n in sorted(self.created.items())))
        if updated:
            self.stdout.write("  updated: " + ", ".join(f"{name} {n}" for name, n in sorted(self.updated.items())))
        ha = number(ForestPlot.objects.filter(programme=self.p661).aggregate(total=Sum("area_ha"))["total"] or 0, 2)
        statuses = Counter(PeriodicFigure.objects.values_list("status", flat=True))
        self.stdout.write(
            f"  in the database: {Programme.objects.count()} programmes, {ForestPlot.objects.count()} forest plots "
            f"(Dự án 661: {ha} ha), {House.objects.count()} houses "
            f"({House.objects.filter(status=HouseStatus.HANDED_OVER).count()} handed over), "
            f"{Resettlement.objects.count()} resettlement records, {Sponsorship.objects.count()} sponsorships, "
            f"{PeriodicFigure.objects.count()} periodic figures "
            f"({', '.join(f'{FigureStatus(s).name.lower()} {statuses[s]}' for s in FigureStatus.values)})."
        )
        self.stdout.write(
            "  personal-data permission (households, sponsored children): " + ("; ".join(granted) or "none")
        )
        self.stdout.write(f"  Illustrative data: names, places and numbers are invented. Took {elapsed:.1f} s.")
