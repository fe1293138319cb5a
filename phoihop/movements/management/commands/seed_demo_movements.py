"""Illustrative movements for Lạng Sơn, on top of ``seed_demo`` (organisations, areas, villages, accounts) and
``seed_demo_border`` (the border posts' markers and segments). Run it after ``seed_demo_border``.

What it creates (all invented; every record carries "Dữ liệu minh họa." or "(minh họa)" in a note, its
commitments or its description):

* the managed list of occasions: Tết Nguyên đán, Quốc khánh 2/9, Ngày thành lập QĐND 22/12, Ngày Biên phòng toàn
  dân 3/3, Tết Độc lập của đồng bào các dân tộc, Tết Trung thu;
* self-management teams (tổ tự quản đường biên, cột mốc): each post's markers, commune by commune in number order,
  split over one team per village of the commune, leaving the last marker of some communes to a self-managing
  household (hộ tự quản) and a few uncovered, so most but not all markers are looked after; one village security
  team (tổ tự quản an ninh trật tự) per post besides;
* twinnings (kết nghĩa): every border post with each commune party committee of the communes it covers, and three
  posts with a village, each with a few activities in 2026;
* holiday visits: the 22/12/2025 visits of the commune committees to their posts, the Tết Bính Ngọ 2026 season
  (the posts to their villages, the Provincial Party Committee to the posts, the provincial Border Guard command to
  the commune committees) and the 2/9/2026 visits of the posts to policy families;
* twelve towards-the-border activities (hoạt động hướng về biên giới) in 2025–2026.

Idempotent, in the style of ``seed_demo_border``: each record is looked up by a stable key (a team by post and
name, a twinning by its pair, an activity by twinning and date, a visit by visitor, occasion, date and target, an
activity towards the border by its title) and written only when it differs, so a second run writes nothing and adds
no change history. Dates are fixed (not relative to today). Writes go through ``team_save`` and ``record_save`` as
the organisation's own member with at least the reporter role (the ``admin`` superuser for the occasions or when an
organisation has none), with that user as the actor of the change history.
"""

import datetime
import random
import time
from collections import Counter, defaultdict
from decimal import Decimal

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from phoihop.accounts.models import Membership, User
from phoihop.audit.models import ChangeRecord
from phoihop.border.models import BorderSegment, Marker
from phoihop.core.choices import Role
from phoihop.core.management.commands.seed_demo import ILLUSTRATIVE, bare_name
from phoihop.core.services import record_restore, record_save
from phoihop.core.text import fold
from phoihop.movements.choices import TeamKind, TeamPurpose
from phoihop.movements.models import (
    HolidayVisit,
    Occasion,
    SelfManagementTeam,
    TowardsBorderEvent,
    Twinning,
    TwinningActivity,
)
from phoihop.movements.services import team_save
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.models import FundingSource

SEED = 2025
MARK = ILLUSTRATIVE  # "Dữ liệu minh họa."
LABEL = "(minh họa)"
D = datetime.date

# (code, name, sort order)
OCCASIONS = [
    ("tet-nguyen-dan", "Tết Nguyên đán", 10),
    ("bien-phong-toan-dan", "Ngày Biên phòng toàn dân 3/3", 20),
    ("quoc-khanh", "Quốc khánh 2/9", 30),
    ("tet-doc-lap", "Tết Độc lập của đồng bào các dân tộc", 40),
    ("tet-trung-thu", "Tết Trung thu", 50),
    ("thanh-lap-qdnd", "Ngày thành lập QĐND Việt Nam 22/12", 60),
]

# Funding sources: an existing entry whose folded name contains the key is reused (programs may have seeded it).
# (folded key, code, name, sort order)
FUNDING = {
    "province": ("ngan sach tinh", "ngan-sach-tinh", "Ngân sách tỉnh", 20),
    "unit": ("kinh phi don vi", "kinh-phi-don-vi", "Kinh phí của đơn vị", 60),
    "society": ("xa hoi hoa", "xa-hoi-hoa", "Nguồn xã hội hóa", 70),
}

SURNAMES = ["Hoàng", "Nông", "Lương", "Vi", "Lục", "Hà", "Triệu", "Lộc", "Lăng", "Chu", "Mã", "Dương", "Hứa", "Tô"]
MALE_NAMES = ["Bình", "Cường", "Dũng", "Hải", "Hưng", "Khải", "Lâm", "Nam", "Phúc", "Quang", "Páo", "Sáng", "Thắng"]

# Share of communes whose last marker goes to a self-managing household, and markers left to no one per post.
HOUSEHOLD_SHARE = 0.6
UNCOVERED_PER_POST = 1

TEAM_FOUNDED = (D(2012, 3, 3), D(2021, 12, 22))  # founding dates are drawn between these

# Twinning activities (month, day, description, participants, value in VND), two or three per twinning in 2026.
ACTIVITIES = [
    (1, 24, "Thăm hỏi, tặng quà Tết cho các hộ gia đình chính sách, hộ nghèo", 18, 12_000_000),
    (3, 3, "Giao lưu văn nghệ, thể thao nhân Ngày Biên phòng toàn dân", 60, 3_000_000),
    (4, 18, "Giúp nhân dân sửa đường liên thôn, phát quang đường tuần tra", 35, 0),
    (5, 19, "Sinh hoạt chính trị, kể chuyện Bác Hồ với đồng bào biên giới", 45, 0),
    (7, 27, "Thăm, tặng quà gia đình thương binh, liệt sĩ", 12, 6_000_000),
    (9, 20, "Giúp dân thu hoạch hồi, chăm sóc rừng phòng hộ", 30, 0),
    (10, 15, "Tặng sách vở, đồ dùng học tập cho học sinh nghèo vượt khó", 20, 8_500_000),
]

# Towards-the-border activities: (title, date, organiser code, co-organiser codes, the post in whose first commune
# it takes place, participants, contributions in VND, description). "POST" stands for that post and "DUX" for the
# party committee of that commune.
EVENTS = [
    (
        "Chương trình “Xuân Biên phòng ấm lòng dân bản” năm 2026",
        D(2026, 1, 28),
        "BCH-BDBP",
        ["TU-LS", "POST", "DUX"],
        "DBP-BASON",
        450,
        180_000_000,
        "Tặng 300 suất quà Tết, khám bệnh, cấp thuốc miễn phí cho 250 lượt người dân.",
    ),
    (
        "Đoàn công tác Tỉnh ủy thăm, chúc Tết cán bộ, chiến sĩ và nhân dân khu vực biên giới",
        D(2026, 2, 6),
        "TU-LS",
        ["BCH-BDBP", "POST", "DUX"],
        "DBP-HUUNGHI",
        120,
        95_000_000,
        "Tặng quà các đồn biên phòng và 150 hộ gia đình khó khăn.",
    ),
    (
        "Ngày hội Biên phòng toàn dân năm 2026 tại xã biên giới",
        D(2026, 3, 3),
        "POST",
        ["DUX", "PCT-BDBP"],
        "DBP-CHIMA",
        600,
        25_000_000,
        "Hội thi tìm hiểu pháp luật về biên giới, giao lưu văn nghệ, thể thao giữa các thôn.",
    ),
    (
        "Tháng Thanh niên: “Tuổi trẻ hướng về biên giới”",
        D(2026, 3, 22),
        "PCT-BDBP",
        ["POST", "DUX"],
        "DBP-BINHNGHI",
        200,
        40_000_000,
        "Làm 1,2 km đường bê tông liên thôn, trồng 500 cây xanh dọc đường tuần tra.",
    ),
    (
        "Chương trình “Nâng bước em tới trường” cho học sinh xã biên giới",
        D(2025, 8, 28),
        "BCH-BDBP",
        ["POST", "DUX"],
        "DBP-POMA",
        180,
        60_000_000,
        "Tặng 120 xe đạp, 500 bộ sách giáo khoa; nhận đỡ đầu 10 học sinh mồ côi.",
    ),
    (
        "Xây dựng nhà “Đại đoàn kết” tặng hộ nghèo khu vực biên giới",
        D(2025, 10, 10),
        "VP-TU",
        ["POST", "DUX"],
        "DBP-POMA",
        60,
        150_000_000,
        "Khởi công ba căn nhà, mỗi căn 50 triệu đồng, cán bộ, chiến sĩ góp ngày công.",
    ),
    (
        "Hành trình “Vì biên cương Tổ quốc” của cán bộ, đảng viên cơ quan Tỉnh ủy",
        D(2025, 11, 18),
        "VP-TU",
        ["POST"],
        "DBP-HUUNGHI",
        45,
        20_000_000,
        "Viếng nghĩa trang liệt sĩ, thăm cột mốc 1116, tặng tủ sách cho đồn biên phòng.",
    ),
    (
        "Chương trình “Trung thu cho em” ở các thôn biên giới",
        D(2025, 10, 5),
        "POST",
        ["DUX"],
        "DBP-BINHNGHI",
        350,
        15_000_000,
        "Tặng 400 suất quà Trung thu, tổ chức rước đèn cho thiếu nhi.",
    ),
    (
        "Khám bệnh, cấp thuốc miễn phí cho nhân dân xã biên giới",
        D(2026, 6, 12),
        "PCT-BDBP",
        ["POST", "DUX"],
        "DBP-CHIMA",
        320,
        35_000_000,
        "Khám, cấp thuốc cho 300 lượt người; tư vấn phòng, chống dịch bệnh.",
    ),
    (
        "Phát động “Mỗi tổ chức Đảng gắn với một cột mốc”",
        D(2026, 7, 1),
        "DU-BDBP",
        ["TU-LS", "POST"],
        "DBP-POMA",
        90,
        0,
        "Các chi bộ nhận phụ trách, chăm sóc cột mốc; ký cam kết với tổ tự quản.",
    ),
    (
        "Trao “Bò giống giúp đồng bào biên giới thoát nghèo”",
        D(2026, 8, 15),
        "BCH-BDBP",
        ["POST", "DUX"],
        "DBP-BASON",
        75,
        210_000_000,
        "Trao 15 con bò giống cho hộ nghèo, kèm hướng dẫn kỹ thuật chăn nuôi.",
    ),
    (
        "Tuyên truyền, phổ biến pháp luật về biên giới quốc gia tại chợ phiên",
        D(2026, 10, 20),
        "POST",
        ["DUX"],
        "DBP-CHIMA",
        260,
        5_000_000,
        "Phát 1.000 tờ gấp, treo 20 khẩu hiệu song ngữ Kinh – Tày – Nùng.",
    ),
]

DATES = {
    "qdnd": D(2025, 12, 22),
    "tet": [D(2026, 2, 2), D(2026, 2, 5), D(2026, 2, 9), D(2026, 2, 11)],  # before Tết Bính Ngọ (17/02/2026)
    "quoc_khanh": D(2026, 8, 31),
}


def decimal(value, places=2):
    return Decimal(f"{value:.{places}f}")


def split(items, parts):
    """``items`` cut into ``parts`` consecutive runs of (nearly) equal length."""
    parts = max(1, min(parts, len(items)))
    size, extra = divmod(len(items), parts)
    runs, start = [], 0
    for i in range(parts):
        end = start + size + (1 if i < extra else 0)
        runs.append(items[start:end])
        start = end
    return runs


def keyed(*parts):
    """A random generator of its own for one record, seeded by the record's stable key: the demo stays the same
    when records are added elsewhere, and a second run draws the same values."""
    return random.Random("|".join(str(part) for part in (SEED, *parts)))


def lowercase_first(text):
    return text[:1].lower() + text[1:]


class Command(BaseCommand):
    help = (
        "Create ILLUSTRATIVE (invented) movement data for Lạng Sơn — self-management teams and households looking "
        "after the demo markers, twinnings with their activities, holiday visits (22/12/2025, Tết 2026, 2/9/2026) "
        "and towards-the-border activities — on top of seed_demo. Run it after seed_demo_border. Idempotent."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.created = Counter()
        self.updated = Counter()
        history_before = ChangeRecord.objects.count()
        with transaction.atomic():
            self.load_world()
            self.seed_lists()
            self.seed_teams()
            self.seed_twinnings()
            self.seed_visits()
            self.seed_events()
        self.report(started, ChangeRecord.objects.count() - history_before)

    # --- generic idempotent writes -----------------------------------------------------------------------

    def sync(self, model, lookup, fields, user, m2m=None, service=record_save):
        """Create or update the ``model`` record matching ``lookup`` (restoring a deleted one) so that it has
        ``fields`` and the many-to-many sets in ``m2m``; nothing is written when it already matches."""
        m2m = m2m or {}
        obj = model.objects.filter(**lookup).order_by("pk").first()
        if obj is None:
            deleted = model.all_objects.filter(**lookup).order_by("-deleted_at").first()
            if deleted is not None:
                with set_actor(user):
                    obj = record_restore(acting_user=user, instance=deleted)
                self.updated[model.__name__] += 1
        if obj is None:
            obj = model(**lookup, **fields)
            with set_actor(user):
                service(acting_user=user, instance=obj, save_related=self.m2m_saver(obj, m2m))
            self.created[model.__name__] += 1
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
            with set_actor(user):
                service(
                    acting_user=user,
                    instance=obj,
                    expected_version=obj.version,
                    save_related=self.m2m_saver(obj, m2m_changed),
                )
            self.updated[model.__name__] += 1
        return obj

    @staticmethod
    def m2m_saver(obj, m2m):
        if not m2m:
            return None

        def save_related():
            for name, objs in m2m.items():
                getattr(obj, name).set(objs)

        return save_related

    # --- the world seed_demo and seed_demo_border built -----------------------------------------------------

    def load_world(self):
        self.admin = User.objects.filter(username="admin", is_superuser=True).first()
        if self.admin is None:
            raise CommandError("The demo organisations are missing: run `manage.py seed_demo` first.")
        orgs = {o.code: o for o in Organisation.objects.select_related("kind").prefetch_related("areas")}
        missing = [code for code in ("TU-LS", "VP-TU", "DU-BDBP", "BCH-BDBP", "PCT-BDBP") if code not in orgs]
        if missing:
            raise CommandError(f"Missing organisations {', '.join(missing)}: run `manage.py seed_demo` first.")
        self.orgs = orgs
        self.committees = {}  # commune area pk → commune party committee
        for org in orgs.values():
            if org.kind.code == "commune_party_committee":
                for area in org.areas.all():
                    if area.is_border_commune:
                        self.committees.setdefault(area.pk, org)
        self.posts = []  # (post, [communes], {commune pk: [markers]}, [segments])
        markers = defaultdict(list)
        for marker in Marker.objects.filter(post__kind__code="border_post").order_by("sort_key"):
            markers[marker.post_id].append(marker)
        segments = defaultdict(list)
        for segment in BorderSegment.objects.order_by("code"):
            segments[segment.post_id].append(segment)
        for post in sorted((o for o in orgs.values() if o.kind.code == "border_post"), key=lambda o: o.code):
            communes = sorted((a for a in post.areas.all() if a.is_border_commune), key=lambda a: a.code)
            if not communes or not markers[post.pk]:
                continue
            by_commune = defaultdict(list)
            for marker in markers[post.pk]:
                commune_id = marker.commune_id if marker.commune_id in {c.pk for c in communes} else communes[0].pk
                by_commune[commune_id].append(marker)
            self.posts.append((post, communes, by_commune, segments[post.pk]))
        if not self.posts:
            raise CommandError("No border markers of the demo posts: run `manage.py seed_demo_border` first.")
        self.villages = defaultdict(list)
        communes = [c for _post, cs, _m, _s in self.posts for c in cs]
        for village in Area.objects.filter(kind=AreaKind.VILLAGE, parent__in=communes).order_by("code", "pk"):
            self.villages[village.parent_id].append(village)
        self.members = []
        for m in Membership.objects.filter(user__is_active=True, role__gte=Role.REPORTER).select_related(
            "user", "organisation"
        ):
            self.members.append((m.organisation.path, m.organisation.depth, m.role, m.user))
        self.actors = {}

    def actor(self, org):
        """Who records for ``org``: its own member with at least the reporter role (the most specific membership,
        then the lowest role), else one of an organisation above it, else the superuser."""
        if org.pk not in self.actors:
            candidates = [
                (-depth, role, user.username, user)
                for path, depth, role, user in self.members
                if org.path.startswith(path)
            ]
            self.actors[org.pk] = min(candidates, key=lambda c: c[:3])[3] if candidates else self.admin
        return self.actors[org.pk]

    # --- managed lists -------------------------------------------------------------------------------------

    def seed_lists(self):
        self.occasions = {}
        for code, name, order in OCCASIONS:
            self.occasions[code] = self.sync(Occasion, {"code": code}, {"name": name, "sort_order": order}, self.admin)
        self.funding = {}
        existing = list(FundingSource.objects.all())
        for key, (folded, code, name, order) in FUNDING.items():
            found = next((s for s in existing if folded in fold(s.name)), None)
            self.funding[key] = found or self.sync(
                FundingSource, {"code": code}, {"name": name, "sort_order": order}, self.admin
            )

    # --- self-management teams -----------------------------------------------------------------------------

    def seed_teams(self):
        span = (TEAM_FOUNDED[1] - TEAM_FOUNDED[0]).days
        for post, communes, by_commune, segments in self.posts:
            user = self.actor(post)
            post_markers = [m for c in communes for m in by_commune.get(c.pk, [])]
            uncovered = {m.pk for m in post_markers[-UNCOVERED_PER_POST:]} if len(post_markers) > 8 else set()
            for commune in communes:
                markers = [m for m in by_commune.get(commune.pk, []) if m.pk not in uncovered]
                household_marker = None
                if len(markers) > 3 and keyed("household", commune.code).random() < HOUSEHOLD_SHARE:
                    household_marker = markers.pop()
                villages = self.villages.get(commune.pk) or [None]
                for village, run in zip(villages, split(markers, len(villages)), strict=False):
                    place = lowercase_first(village.name) if village else f"xã {bare_name(commune.name)}"
                    first, last = (run[0].number, run[-1].number) if run else ("", "")
                    scope = f"mốc {first}" if first == last else f"các mốc từ {first} đến {last}"
                    name = f"Tổ tự quản đường biên, cột mốc {place}"
                    rng = keyed(post.code, name)
                    self.team(
                        rng,
                        post,
                        user,
                        name=name,
                        commune=commune,
                        village=village,
                        purpose=TeamPurpose.BOTH if rng.random() < 0.6 else TeamPurpose.BORDER,
                        markers=run,
                        segments=segments,
                        founded_on=TEAM_FOUNDED[0] + datetime.timedelta(days=rng.randint(0, span)),
                        note=f"Phụ trách {scope}." if run else "",
                    )
                if household_marker is not None:
                    village = villages[-1]
                    rng = keyed(post.code, household_marker.number)
                    head = f"{rng.choice(SURNAMES)} Văn {rng.choice(MALE_NAMES)}"
                    self.team(
                        rng,
                        post,
                        user,
                        name=f"Hộ tự quản mốc {household_marker.number} — hộ ông {head}",
                        kind=TeamKind.HOUSEHOLD,
                        commune=commune,
                        village=village,
                        purpose=TeamPurpose.BORDER,
                        markers=[household_marker],
                        segments=[],
                        founded_on=TEAM_FOUNDED[0] + datetime.timedelta(days=rng.randint(0, span)),
                        leader=head,
                        note=f"Hộ gia đình nhận chăm sóc, bảo vệ mốc {household_marker.number}.",
                    )
            # One village security and order team per post, in the village of its first commune.
            commune = communes[0]
            village = (self.villages.get(commune.pk) or [None])[0]
            place = lowercase_first(village.name) if village else f"xã {bare_name(commune.name)}"
            name = f"Tổ tự quản an ninh, trật tự {place}"
            rng = keyed(post.code, name)
            self.team(
                rng,
                post,
                user,
                name=name,
                commune=commune,
                village=village,
                purpose=TeamPurpose.SECURITY,
                markers=[],
                segments=[],
                founded_on=TEAM_FOUNDED[0] + datetime.timedelta(days=rng.randint(0, span)),
                note="Giữ gìn an ninh, trật tự, phòng chống tội phạm ma túy, mua bán người trong thôn.",
            )

    def team(self, rng, post, user, *, name, markers, segments, kind=TeamKind.TEAM, leader=None, note="", **fields):
        household = kind == TeamKind.HOUSEHOLD
        members = rng.randint(2, 5) if household else rng.randint(6, 15)
        # Invented: about 0.6–1.2 km of line per marker looked after.
        km = sum(rng.uniform(0.6, 1.2) for _marker in markers)
        fields.update(
            kind=kind,
            leader_name=leader or f"{rng.choice(SURNAMES)} Văn {rng.choice(MALE_NAMES)}",
            members_count=members,
            households_count=1 if household else rng.randint(8, 40),
            border_length_km=decimal(km),
            active=True,
            note=f"{note} {MARK}".strip(),
        )
        return self.sync(
            SelfManagementTeam,
            {"post": post, "name": name},
            fields,
            user,
            m2m={"markers": list(markers), "segments": list(segments) if markers else []},
            service=team_save,
        )

    # --- twinnings -----------------------------------------------------------------------------------------

    def seed_twinnings(self):
        self.twinnings = []
        for index, (post, communes, _markers, _segments) in enumerate(self.posts):
            user = self.actor(post)
            for commune in communes:
                committee = self.committees.get(commune.pk)
                if committee is None:
                    continue
                rng = keyed(post.code, committee.code)
                twinning = self.sync(
                    Twinning,
                    {"organisation": post, "partner_organisation": committee},
                    {
                        "started_on": D(rng.randint(2010, 2019), rng.choice((3, 5, 9, 12)), rng.choice((3, 19, 22))),
                        "commitments": (
                            f"{post.name} và {committee.name} kết nghĩa: phối hợp xây dựng nền biên phòng toàn dân, "
                            "giữ vững an ninh chính trị, trật tự an toàn xã hội; giúp nhân dân phát triển kinh tế, "
                            f"xây dựng nông thôn mới. {MARK}"
                        ),
                        "active": True,
                    },
                    user,
                )
                self.twinnings.append((twinning, user, (post.code, committee.code)))
            if index < 3:
                commune = communes[-1]
                villages = self.villages.get(commune.pk)
                if not villages:
                    continue
                village = villages[-1]
                rng = keyed(post.code, village.code or village.name)
                twinning = self.sync(
                    Twinning,
                    {"organisation": post, "partner_village": village},
                    {
                        "started_on": D(rng.randint(2015, 2022), rng.choice((3, 9, 12)), rng.choice((3, 22))),
                        "commitments": (
                            f"Đồn kết nghĩa với {lowercase_first(village.name)}: mỗi tháng một buổi giúp dân, "
                            f"đỡ đầu học sinh nghèo, xây dựng thôn an toàn về an ninh trật tự. {MARK}"
                        ),
                        "active": True,
                    },
                    user,
                )
                self.twinnings.append((twinning, user, (post.code, village.code or village.name)))
        for twinning, user, key in self.twinnings:
            rng = keyed("activities", *key)
            for month, day, description, participants, value in rng.sample(ACTIVITIES, rng.randint(2, 3)):
                self.sync(
                    TwinningActivity,
                    {"twinning": twinning, "held_on": D(2026, month, day)},
                    {
                        "description": f"{description} {LABEL}",
                        "participants_count": participants + rng.randint(-5, 5),
                        "value_vnd": Decimal(value),
                    },
                    user,
                )

    # --- holiday visits ------------------------------------------------------------------------------------

    def visit(self, visitor, occasion, held_on, *, organisation=None, commune=None, village=None, **fields):
        lookup = {
            "visiting_organisation": visitor,
            "occasion": self.occasions[occasion],
            "held_on": held_on,
            "visited_organisation": organisation,
            "commune": commune,
            "village": village,
        }
        fields["note"] = f"{fields.get('note', '')} {MARK}".strip()
        return self.sync(HolidayVisit, lookup, fields, self.actor(visitor))

    def seed_visits(self):
        tu, bch = self.orgs["TU-LS"], self.orgs["BCH-BDBP"]
        for post, communes, _markers, _segments in self.posts:
            # 22/12/2025: the commune committees visit the post on the founding day of the People's Army.
            for commune in communes:
                committee = self.committees.get(commune.pk)
                if committee is not None:
                    rng = keyed("qdnd", committee.code, post.code)
                    self.visit(
                        committee,
                        "thanh-lap-qdnd",
                        DATES["qdnd"],
                        organisation=post,
                        gifts_count=1,
                        value_vnd=Decimal(rng.choice((3, 5, 5, 7)) * 1_000_000),
                        funding_source=self.funding["unit"],
                        note="Chúc mừng cán bộ, chiến sĩ nhân kỷ niệm 81 năm Ngày thành lập QĐND Việt Nam.",
                    )
            # Tết Bính Ngọ 2026: the post visits the households of each village; the province visits the post.
            for commune in communes:
                for index, village in enumerate(self.villages.get(commune.pk) or [None]):
                    rng = keyed("tet", post.code, commune.code, village.name if village else "")
                    households = rng.randint(8, 30)
                    self.visit(
                        post,
                        "tet-nguyen-dan",
                        DATES["tet"][index % len(DATES["tet"])],
                        commune=commune,
                        village=village,
                        households_visited=households,
                        gifts_count=households,
                        value_vnd=Decimal(households * rng.choice((300_000, 500_000))),
                        funding_source=self.funding["society"] if rng.random() < 0.5 else self.funding["unit"],
                        note="Thăm, tặng quà Tết các hộ gia đình chính sách, hộ nghèo, người có uy tín.",
                    )
            self.visit(
                tu,
                "tet-nguyen-dan",
                D(2026, 2, 6),
                organisation=post,
                gifts_count=1,
                value_vnd=Decimal(10_000_000),
                funding_source=self.funding["province"],
                note="Đoàn công tác Tỉnh ủy thăm, chúc Tết cán bộ, chiến sĩ đồn biên phòng.",
            )
            # 2/9/2026: the post visits policy families in the villages of its first commune.
            commune = communes[0]
            households = keyed("quoc-khanh", post.code).randint(5, 15)
            self.visit(
                post,
                "quoc-khanh",
                DATES["quoc_khanh"],
                commune=commune,
                households_visited=households,
                gifts_count=households,
                value_vnd=Decimal(households * 400_000),
                funding_source=self.funding["unit"],
                note="Thăm, tặng quà gia đình chính sách, người có công nhân dịp Quốc khánh 2/9.",
            )
        # Tết 2026: the provincial Border Guard command visits every border commune committee.
        for committee in sorted({c.pk: c for c in self.committees.values()}.values(), key=lambda o: o.code):
            area = next((a for a in committee.areas.all() if a.is_border_commune), None)
            households = keyed("tet", committee.code).randint(10, 25)
            self.visit(
                bch,
                "tet-nguyen-dan",
                D(2026, 2, 4),
                organisation=committee,
                commune=area,
                households_visited=households,
                gifts_count=households + 1,
                value_vnd=Decimal((households + 1) * 500_000),
                funding_source=self.funding["society"],
                note="Tặng quà Đảng ủy xã và các hộ nghèo trên địa bàn.",
            )

    # --- towards-the-border activities ---------------------------------------------------------------------

    def seed_events(self):
        by_code = {post.code: (post, communes) for post, communes, _markers, _segments in self.posts}
        for title, held_on, organiser, co_organisers, post_code, participants, amount, description in EVENTS:
            post, communes = by_code.get(post_code) or next(iter(by_code.values()))
            commune = communes[0]
            places = {"POST": post, "DUX": self.committees.get(commune.pk)}
            organiser = places.get(organiser) or self.orgs.get(organiser)
            if organiser is None:
                continue
            co = [places.get(code) or self.orgs.get(code) for code in co_organisers]
            co = [org for org in co if org is not None and org != organiser]
            villages = self.villages.get(commune.pk)
            self.sync(
                TowardsBorderEvent,
                {"title": title},
                {
                    "held_on": held_on,
                    "organiser": organiser,
                    "commune": commune,
                    "village": villages[0] if villages and participants < 200 else None,
                    "participants_count": participants,
                    "contributions_vnd": Decimal(amount),
                    "contribution_description": f"{description} {LABEL}",
                    "note": MARK,
                },
                self.actor(organiser),
                m2m={"co_organisers": co},
            )

    # --- summary -------------------------------------------------------------------------------------------

    def report(self, started, history):
        created, updated = sum(self.created.values()), sum(self.updated.values())
        self.stdout.write(f"Demo movements: {created} created, {updated} updated; {history} history entries.")
        if created:
            self.stdout.write("  created: " + ", ".join(f"{name} {n}" for name, n in sorted(self.created.items())))
        if updated:
            self.stdout.write("  updated: " + ", ".join(f"{name} {n}" for name, n in sorted(self.updated.items())))
        markers = Marker.objects.filter(post__kind__code="border_post")
        covered = markers.filter(self_management_teams__active=True).distinct().count()
        teams = SelfManagementTeam.objects.all()
        self.stdout.write(
            f"  in the database: {teams.filter(kind=TeamKind.TEAM).count()} self-management teams and "
            f"{teams.filter(kind=TeamKind.HOUSEHOLD).count()} households looking after {covered} of "
            f"{markers.count()} markers; {Twinning.objects.count()} twinnings "
            f"({TwinningActivity.objects.count()} activities), {HolidayVisit.objects.count()} holiday visits, "
            f"{TowardsBorderEvent.objects.count()} towards-the-border activities."
        )
        self.stdout.write(f"  took {time.monotonic() - started:.1f} s.")
