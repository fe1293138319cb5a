"""An illustrative border registry for Lạng Sơn, on top of ``seed_demo``'s border posts and accounts.

What it creates (everything invented carries "Dữ liệu minh họa." or "(minh họa)" in a note, route or findings):

* an invented border line inside Lạng Sơn's bounding box, from the north-west (≈ 22.35 N, 106.45 E, towards
  Cao Bằng) to the south-east (≈ 21.65 N, 107.30 E, towards Quảng Ninh), wiggling a little, split into one
  segment per border post (``DT-POMA`` …), west to east: Pò Mã, Bình Nghi, Hữu Nghị, Ba Sơn, Chi Ma;
* about 125 markers along it, numbered in Lạng Sơn's range (main markers 962…1262, every 2nd–3rd number,
  with 1116 and 1117 at the Hữu Nghị gate and 1228 at Chi Ma), a few paired markers (``1040(1)``, ``1040(2)`` …)
  and secondary ones (``1116/1``, ``1116/2`` …), each on the line in number order, with the post and the
  commune of the stretch it stands on, an invented elevation and VN-2000 X/Y on Lạng Sơn's grid (EPSG:9215);
* the gates: Hữu Nghị (international, road), Đồng Đăng (international, railway), Chi Ma (main), Tân Thanh,
  Cốc Nam, Na Hình, Nà Nưa and Bình Nghi (secondary) and two invented crossing points (lối mở);
* a year of patrols: 150 patrols, controls and joint patrols by the five posts with forces, a route, findings and
  a GPS track along the line; in each, 3–10 markers inspected through ``inspection_record`` by the post's
  reporter — mostly intact, some overgrown or with faded markings, a few damaged, displaced or lost (each opens
  a follow-up task; the task is completed when a later inspection finds the marker repaired). Some markers are
  never inspected and a few only early in the year, so the "overdue for inspection" list is not empty.

Idempotent, in the style of ``seed_demo_work``: segments, markers and gates are looked up by stable keys (code,
number, name) and written only when they differ; the patrols and inspections, whose dates move with the calendar,
are created once (skipped when a demo patrol exists). Random choices come from ``random.Random(2025)``, so the
demo is the same on every machine for a given day. Writes go through ``record_save`` and the border services as
the post's reporter (a member of the post with at least the reporter role), or the ``admin`` superuser when the
post has none, with that user as the actor of the change history.
"""

import datetime
import math
import random
import time
from collections import Counter
from decimal import Decimal

from auditlog.context import set_actor
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import Membership, User
from phoihop.audit.models import ChangeRecord
from phoihop.border import coordinates
from phoihop.border.choices import SERIOUS_CONDITIONS, Condition, GateClass, GateStatus, MarkerKind, PatrolKind
from phoihop.border.markers import marker_number
from phoihop.border.models import BorderSegment, Gate, Inspection, Marker, Patrol
from phoihop.border.schedule import overdue_q
from phoihop.border.services import inspection_record
from phoihop.core.choices import Role
from phoihop.core.management.commands.seed_demo import ILLUSTRATIVE, bare_name
from phoihop.core.services import record_restore, record_save
from phoihop.core.text import fold
from phoihop.orgs.models import Organisation
from phoihop.work import services as work_services
from phoihop.work.choices import OPEN_STATUSES, UnitRole

SEED = 2025
MARK = ILLUSTRATIVE  # "Dữ liệu minh họa." — labels invented records and marks the patrol section seeded once
LABEL = "(minh họa)"
GRID = coordinates.DEFAULT_GRID  # EPSG:9215, VN-2000 / TM-3 107-15

# --- the line ------------------------------------------------------------------------------------------------

# Rough course of the invented line, north-west to south-east (lat, lon); densified and wiggled in build_line().
WAYPOINTS = [
    (22.350, 106.450),
    (22.290, 106.468),
    (22.225, 106.500),
    (22.160, 106.535),
    (22.100, 106.572),
    (22.045, 106.615),
    (22.000, 106.662),
    (21.972, 106.705),
    (21.955, 106.770),
    (21.925, 106.845),
    (21.885, 106.920),
    (21.840, 106.990),
    (21.800, 107.055),
    (21.750, 107.140),
    (21.700, 107.220),
    (21.650, 107.300),
]
STEPS = 6  # points per waypoint interval
KM_PER_DEG_LAT = 110.57
KM_PER_DEG_LON = 111.32 * math.cos(math.radians(22.0))

# (post code, segment code, segment name, start and end as fractions of the line's length, its communes west to
# east with the end of each one's stretch as a fraction of the segment — illustrative)
POSTS = [
    ("DBP-POMA", "DT-POMA", "Pò Mã", 0.00, 0.19, [("Quốc Khánh", 1.0)]),
    ("DBP-BINHNGHI", "DT-BINHNGHI", "Bình Nghi", 0.19, 0.37, [("Tân Tiến", 0.5), ("Thụy Hùng", 1.0)]),
    ("DBP-HUUNGHI", "DT-HUUNGHI", "Hữu Nghị", 0.37, 0.50, [("Hoàng Văn Thụ", 0.36), ("Đồng Đăng", 1.0)]),
    ("DBP-BASON", "DT-BASON", "Ba Sơn", 0.50, 0.70, [("Ba Sơn", 0.5), ("Mẫu Sơn", 1.0)]),
    ("DBP-CHIMA", "DT-CHIMA", "Chi Ma", 0.70, 1.00, [("Xuân Dương", 0.55), ("Kiên Mộc", 1.0)]),
]

# --- gates ---------------------------------------------------------------------------------------------------

UNSURE = "Tên cửa khẩu phía Trung Quốc theo báo chí, chưa đối chiếu văn bản chính thức (minh họa)."
# (name, class, status, transport, counterpart on the Chinese side, post, commune, place on the post's segment as
# a fraction of it, opening hours, note)
GATES = [
    (
        "Cửa khẩu quốc tế Hữu Nghị",
        GateClass.INTERNATIONAL,
        GateStatus.OPEN,
        "Đường bộ",
        "Hữu Nghị Quan (Bằng Tường, Quảng Tây, Trung Quốc)",
        "DBP-HUUNGHI",
        "Đồng Đăng",
        0.44,
        "07:00–22:00 hằng ngày, kể cả ngày nghỉ (minh họa)",
        "Cặp cửa khẩu Hữu Nghị – Hữu Nghị Quan; mốc 1116, 1117 ở hai bên đường. Vị trí trên bản đồ là minh họa.",
    ),
    (
        "Cửa khẩu quốc tế ga đường sắt liên vận Đồng Đăng",
        GateClass.INTERNATIONAL,
        GateStatus.OPEN,
        "Đường sắt",
        "Ga Bằng Tường (Quảng Tây, Trung Quốc)",
        "DBP-HUUNGHI",
        "Đồng Đăng",
        0.52,
        "Theo lịch chạy tàu liên vận (minh họa)",
        "Vị trí đánh dấu tại nơi tuyến đường sắt qua biên giới (minh họa); nhà ga Đồng Đăng ở sâu trong nội địa.",
    ),
    (
        "Cửa khẩu Tân Thanh",
        GateClass.SECONDARY,
        GateStatus.OPEN,
        "Đường bộ (khu chợ biên giới)",
        "Pò Chài (Bằng Tường, Quảng Tây, Trung Quốc)",
        "DBP-HUUNGHI",
        "Hoàng Văn Thụ",
        0.08,
        "07:00–19:00 hằng ngày (minh họa)",
        "Loại cửa khẩu và đồn phụ trách là minh họa. " + UNSURE,
    ),
    (
        "Cửa khẩu Cốc Nam",
        GateClass.SECONDARY,
        GateStatus.OPEN,
        "Đường bộ",
        "Lũng Vài (Bằng Tường, Quảng Tây, Trung Quốc)",
        "DBP-HUUNGHI",
        "Hoàng Văn Thụ",
        0.22,
        "07:00–19:00 hằng ngày (minh họa)",
        "Loại cửa khẩu và đồn phụ trách là minh họa. " + UNSURE,
    ),
    (
        "Cửa khẩu Chi Ma",
        GateClass.MAIN,
        GateStatus.OPEN,
        "Đường bộ",
        "Ái Điểm (Ninh Minh, Quảng Tây, Trung Quốc)",
        "DBP-CHIMA",
        "Xuân Dương",
        0.25,
        "07:00–19:00 hằng ngày (minh họa)",
        "Cửa khẩu chính (song phương) Chi Ma – Ái Điểm; mốc 1228 ở gần cửa khẩu. Xã và vị trí là minh họa.",
    ),
    (
        "Cửa khẩu Bình Nghi",
        GateClass.SECONDARY,
        GateStatus.OPEN,
        "Đường bộ, đường thủy (sông Kỳ Cùng)",
        "Bình Nhi Quan (Long Châu, Quảng Tây, Trung Quốc)",
        "DBP-BINHNGHI",
        "Tân Tiến",
        0.25,
        "07:30–17:00 các ngày trong tuần (minh họa)",
        "Loại cửa khẩu là minh họa. " + UNSURE,
    ),
    (
        "Cửa khẩu Na Hình",
        GateClass.SECONDARY,
        GateStatus.RESTRICTED,
        "Đường bộ",
        "",
        "DBP-BINHNGHI",
        "Thụy Hùng",
        0.82,
        "07:30–17:00; chỉ cư dân biên giới và hàng hóa được phép (minh họa)",
        "Loại cửa khẩu, xã và trạng thái là minh họa; cửa khẩu phía Trung Quốc chưa ghi.",
    ),
    (
        "Cửa khẩu Nà Nưa",
        GateClass.SECONDARY,
        GateStatus.OPEN,
        "Đường bộ",
        "",
        "DBP-POMA",
        "Quốc Khánh",
        0.55,
        "07:30–17:00 các ngày trong tuần (minh họa)",
        "Loại cửa khẩu và trạng thái là minh họa; cửa khẩu phía Trung Quốc chưa ghi.",
    ),
    (
        "Lối mở Bản Piàng (minh họa)",
        GateClass.CROSSING,
        GateStatus.OPEN,
        "Đường mòn, xe thô sơ",
        "",
        "DBP-BINHNGHI",
        "Thụy Hùng",
        0.62,
        "07:00–17:00 vào mùa thu hoạch nông sản (minh họa)",
        "Lối mở do đồn quản lý; tên và vị trí là minh họa.",
    ),
    (
        "Lối mở Khuổi Luông (minh họa)",
        GateClass.CROSSING,
        GateStatus.CLOSED,
        "Đường mòn",
        "",
        "DBP-BASON",
        "Ba Sơn",
        0.35,
        "Tạm dừng hoạt động (minh họa)",
        "Lối mở tạm dừng để sửa đường tuần tra; tên và vị trí là minh họa.",
    ),
]

# --- markers -------------------------------------------------------------------------------------------------

FIRST_MAIN, LAST_MAIN = 962, 1262
FIXED_MAINS = {962, 1040, 1116, 1117, 1228, LAST_MAIN}
GATE_MARKERS = {1116, 1117, 1228}  # large granite markers at the gates
PAIRED = [1040]  # plus a few chosen at random (mốc đôi on both banks of a stream)
SECONDARY = {1116: (1, 2)}  # plus a few chosen at random
CONCRETE, GRANITE = "bê tông cốt thép", "đá hoa cương"
NEVER_INSPECTED_PER_POST = 1
REMOTE_PER_POST = 2  # inspected only in patrols more than REMOTE_DAYS ago: overdue now
REMOTE_DAYS = 120
REPAIR_DAYS = 40  # a damaged, displaced or lost marker is not inspected again before it has been repaired

# --- patrols -------------------------------------------------------------------------------------------------

PATROLS_PER_POST = 30
KIND_WEIGHTS = [(PatrolKind.PATROL, 55), (PatrolKind.CONTROL, 30), (PatrolKind.JOINT, 15)]
CONDITION_WEIGHTS = [
    (Condition.INTACT, 860),
    (Condition.OVERGROWN, 70),
    (Condition.FADED, 50),
    (Condition.DAMAGED, 6),
    (Condition.DISPLACED, 3),
    (Condition.LOST, 1),
]
# Findings the demo certainly shows, each in the first patrols (odds 35 %) after the day given (days from today):
# a lost marker early in the year (put back since), and markers awaiting repair now.
INCIDENTS = [
    (-240, Condition.LOST),
    (-35, Condition.DAMAGED),
    (-35, Condition.DISPLACED),
    (-35, Condition.DAMAGED),
]

NOTES = {
    Condition.INTACT: [
        "Mốc nguyên vẹn, số hiệu rõ, không bị xê dịch.",
        "Mốc vững chắc; đã phát quang xung quanh bán kính 2 m.",
        "Mốc tốt; tọa độ kiểm tra bằng máy định vị khớp với hồ sơ mốc.",
        "Mốc và cọc dấu bảo vệ nguyên vẹn; nền mốc ổn định.",
    ],
    Condition.OVERGROWN: [
        "Cây bụi, cỏ tranh mọc che khuất mốc; đã phát quang một phần, cần tổ chức phát quang tiếp.",
        "Dây leo bám kín thân mốc; đề nghị tổ tự quản thôn phối hợp phát quang.",
    ],
    Condition.FADED: [
        "Chữ số và quốc hiệu trên mặt mốc bị mờ, cần sơn lại.",
        "Sơn mặt mốc bong tróc do mưa nắng; đề nghị tu bổ.",
    ],
    Condition.DAMAGED: [
        "Nền mốc bị xói lở sau mưa lớn, thân mốc nứt ở chân.",
        "Mặt mốc bị sứt mẻ một góc, nghi do va chạm khi khai thác gỗ; đã chụp ảnh, lập biên bản.",
    ],
    Condition.DISPLACED: [
        "Mốc bị nghiêng, lệch khoảng 20 cm so với vị trí trong hồ sơ do sạt lở đất.",
        "Đất trượt làm mốc nghiêng về phía suối; đã cắm cọc đánh dấu vị trí cũ.",
    ],
    Condition.LOST: [
        "Không tìm thấy mốc tại vị trí trong hồ sơ; khu vực bị đất đá vùi lấp, cần xác minh.",
    ],
}
REPAIRED = "Mốc đã được khắc phục, gia cố nền; tình trạng tốt."
TENDED = "Đã phát quang, sơn lại mốc; tình trạng tốt."

EVENTS = [
    ("Không phát hiện dấu hiệu vi phạm chủ quyền; đường biên ổn định.", 60),
    ("Phát hiện {n} người dân qua lại biên giới không đúng quy định để làm nương; đã tuyên truyền, nhắc nhở.", 10),
    ("Phát hiện một lối mòn mới qua rừng gần mốc {m}; đã lập biên bản, báo cáo đồn.", 8),
    ("Phát hiện {n} kiện hàng không rõ nguồn gốc bị bỏ lại gần đường biên; đã bàn giao lực lượng chức năng.", 6),
    ("Phối hợp tổ tự quản thôn phát quang đường tuần tra khoảng {k} km.", 8),
    ("Mưa lớn gây sạt lở cục bộ trên đường tuần tra gần mốc {m}; đã đánh dấu, báo cáo để khắc phục.", 5),
]
JOINT = (
    "Tuần tra song phương cùng lực lượng biên phòng phía Trung Quốc; hai bên trao đổi tình hình, thống nhất biện "
    "pháp quản lý đường biên, mốc giới."
)
CONTROL = "Kiểm soát địa bàn và các đường mòn qua biên giới."


def weighted(rng, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


def lerp(a, b, t):
    return a + (b - a) * t


# --- geometry on a local flat projection (km), good enough for an invented line -----------------------------


def to_km(lat, lon):
    return lon * KM_PER_DEG_LON, lat * KM_PER_DEG_LAT


def shifted(lat, lon, east_km, north_km):
    return lat + north_km / KM_PER_DEG_LAT, lon + east_km / KM_PER_DEG_LON


class Line:
    """A polyline of (lat, lon) points with positions along it as fractions (0 = north-west end, 1 = south-east)."""

    def __init__(self, points):
        self.points = points
        cumulative = [0.0]
        for (lat0, lon0), (lat1, lon1) in zip(points, points[1:], strict=False):
            x0, y0 = to_km(lat0, lon0)
            x1, y1 = to_km(lat1, lon1)
            cumulative.append(cumulative[-1] + math.hypot(x1 - x0, y1 - y0))
        self.length_km = cumulative[-1]
        self.fractions = [c / self.length_km for c in cumulative]

    def _index(self, f):
        f = min(max(f, 0.0), 1.0)
        for i in range(1, len(self.fractions)):
            if f <= self.fractions[i]:
                return i - 1, f
        return len(self.fractions) - 2, 1.0

    def at(self, f):
        """(lat, lon) at fraction ``f`` of the length."""
        i, f = self._index(f)
        f0, f1 = self.fractions[i], self.fractions[i + 1]
        t = (f - f0) / (f1 - f0) if f1 > f0 else 0.0
        (lat0, lon0), (lat1, lon1) = self.points[i], self.points[i + 1]
        return lerp(lat0, lat1, t), lerp(lon0, lon1, t)

    def right(self, f):
        """The unit vector (east, north in km) at ``f`` pointing to the right of the direction of travel: south-west,
        the Vietnamese side."""
        i, _f = self._index(f)
        x0, y0 = to_km(*self.points[i])
        x1, y1 = to_km(*self.points[i + 1])
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy) or 1.0
        return dy / norm, -dx / norm

    def offset(self, f, km):
        """The point ``km`` to the right (Vietnamese side) of the line at ``f``; negative: to the left."""
        lat, lon = self.at(f)
        east, north = self.right(f)
        return shifted(lat, lon, east * km, north * km)

    def part(self, f0, f1):
        """The (lat, lon) points from ``f0`` to ``f1``: the two ends and the vertices between."""
        inner = [p for p, f in zip(self.points, self.fractions, strict=True) if f0 < f < f1]
        return [self.at(f0), *inner, self.at(f1)]


def build_line(rng):
    points = []
    for (lat0, lon0), (lat1, lon1) in zip(WAYPOINTS, WAYPOINTS[1:], strict=False):
        points += [(lerp(lat0, lat1, i / STEPS), lerp(lon0, lon1, i / STEPS)) for i in range(STEPS)]
    points.append(WAYPOINTS[-1])
    phase1, phase2 = rng.uniform(0, 2 * math.pi), rng.uniform(0, 2 * math.pi)
    wiggled = [points[0]]
    for i in range(1, len(points) - 1):
        x0, y0 = to_km(*points[i - 1])
        x1, y1 = to_km(*points[i + 1])
        dx, dy = x1 - x0, y1 - y0
        norm = math.hypot(dx, dy)
        km = 0.9 * math.sin(0.9 * i + phase1) + 0.45 * math.sin(2.3 * i + phase2) + rng.uniform(-0.3, 0.3)
        wiggled.append(shifted(*points[i], dy / norm * km, -dx / norm * km))
    wiggled.append(points[-1])
    return Line([(round(lat, 6), round(lon, 6)) for lat, lon in wiggled])


def decimal(value, places):
    return Decimal(f"{value:.{places}f}")


class Command(BaseCommand):
    help = (
        "Create an illustrative border registry for Lạng Sơn (segments, markers with VN-2000 coordinates, gates, "
        "a year of patrols and marker inspections) on top of seed_demo. Idempotent."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.today = timezone.localdate()
        self.created = Counter()
        self.updated = Counter()
        history_before = ChangeRecord.objects.count()
        with transaction.atomic():
            self.load_world()
            self.line = build_line(random.Random(SEED))
            self.seed_segments()
            self.seed_gates()
            self.seed_markers()
            self.seed_patrols()
        self.report(started, ChangeRecord.objects.count() - history_before)

    # --- generic idempotent writes -----------------------------------------------------------------------

    def save(self, user, instance, **kwargs):
        with set_actor(user):
            return record_save(acting_user=user, instance=instance, **kwargs)

    def run(self, user, service, **kwargs):
        """Call a service as ``user``, with ``user`` as the actor of the history entries."""
        with set_actor(user):
            return service(acting_user=user, **kwargs)

    def sync(self, model, lookup, fields, user):
        """Create or update the ``model`` record matching ``lookup`` (restoring a deleted one) so that it has
        ``fields``; nothing is written when it already matches."""
        obj = model.objects.filter(**lookup).order_by("pk").first()
        if obj is None:
            deleted = model.all_objects.filter(**lookup).order_by("-deleted_at").first()
            if deleted is not None:
                with set_actor(user):
                    obj = record_restore(acting_user=user, instance=deleted)
                self.updated[model.__name__] += 1
        if obj is None:
            obj = model(**lookup, **fields)
            self.save(user, obj)
            self.created[model.__name__] += 1
            return obj
        changed = [name for name, value in fields.items() if getattr(obj, name) != value]
        if changed:
            for name in changed:
                setattr(obj, name, fields[name])
            self.save(user, obj, expected_version=obj.version)
            self.updated[model.__name__] += 1
        return obj

    def day(self, offset):
        return self.today + datetime.timedelta(days=offset)

    # --- the world seed_demo built -----------------------------------------------------------------------

    def load_world(self):
        self.admin = User.objects.filter(username="admin", is_superuser=True).first()
        if self.admin is None:
            raise CommandError("The demo organisations are missing: run `manage.py seed_demo` first.")
        codes = [code for code, *_rest in POSTS]
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=codes).prefetch_related("areas")}
        missing = [code for code in codes if code not in orgs]
        if missing:
            raise CommandError(f"Missing border posts {', '.join(missing)}: run `manage.py seed_demo` first.")
        members = list(
            Membership.objects.filter(user__is_active=True, role__gte=Role.REPORTER)
            .select_related("user", "organisation")
            .order_by("role", "user__username")
        )
        users = {}
        self.posts = {}  # code → dict(post, segment range, communes, reporter, approver)
        for code, segment_code, place, start, end, commune_names in POSTS:
            post = orgs[code]
            areas = sorted(post.areas.all(), key=lambda a: a.code)
            by_name = {fold(bare_name(a.name)): a for a in areas}
            communes = [(by_name[fold(n)], upto) for n, upto in commune_names if fold(n) in by_name]
            if not communes:  # the post covers other communes than the demo's: split its segment evenly
                communes = [(a, (i + 1) / len(areas)) for i, a in enumerate(areas)]
            # The post's own reporter (the lowest role ≥ reporter held in the post itself), or the superuser.
            direct = [m for m in members if m.organisation_id == post.pk]
            reporter = users.setdefault(direct[0].user_id, direct[0].user) if direct else self.admin
            # Its approver: in the post, else above it (the provincial command), else the superuser.
            approvers = [m for m in members if m.role >= Role.APPROVER and post.path.startswith(m.organisation.path)]
            approvers.sort(key=lambda m: (-m.organisation.depth, m.role, m.user.username))
            approver = users.setdefault(approvers[0].user_id, approvers[0].user) if approvers else self.admin
            self.posts[code] = {
                "post": post,
                "segment_code": segment_code,
                "place": place,
                "range": (start, end),
                "communes": communes,
                "reporter": reporter,
                "approver": approver,
            }

    def post_at(self, f):
        for info in self.posts.values():
            start, end = info["range"]
            if start <= f < end or (end == 1.0 and f >= end):
                return info
        raise AssertionError(f"no post at {f}")

    def commune_at(self, info, f):
        start, end = info["range"]
        share = (f - start) / (end - start)
        for area, upto in info["communes"]:
            if share <= upto:
                return area
        return info["communes"][-1][0] if info["communes"] else None

    # --- segments and gates ----------------------------------------------------------------------------------

    def seed_segments(self):
        self.segments = {}
        for code, info in self.posts.items():
            start, end = info["range"]
            coords = [[round(lon, 6), round(lat, 6)] for lat, lon in self.line.part(start, end)]
            communes = ", ".join(bare_name(a.name) for a, _upto in info["communes"]) or info["post"].name
            self.segments[code] = self.sync(
                BorderSegment,
                {"code": info["segment_code"]},
                {
                    "name": f"Đoạn biên giới {info['place']} ({communes}) {LABEL}",
                    "post": info["post"],
                    "geometry": {"type": "LineString", "coordinates": coords},
                    "note": f"Đường biên giới vẽ minh họa, không phải hướng đường biên chính thức. {MARK}",
                },
                info["reporter"],
            )

    def seed_gates(self):
        self.gate_fractions = {}
        for name, gate_class, status, transport, counterpart, post_code, commune, at, hours, note in GATES:
            info = self.posts[post_code]
            start, end = info["range"]
            f = lerp(start, end, at)
            self.gate_fractions[name] = f
            lat, lon = self.line.offset(f, 0.05)  # on the Vietnamese side of the line, ≈ 50 m from it
            area = next((a for a, _upto in info["communes"] if fold(bare_name(a.name)) == fold(commune)), None)
            self.sync(
                Gate,
                {"name": name},
                {
                    "gate_class": gate_class,
                    "status": status,
                    "transport": transport,
                    "counterpart": counterpart,
                    "commune": area or self.commune_at(info, f),
                    "post": info["post"],
                    "latitude": decimal(lat, 6),
                    "longitude": decimal(lon, 6),
                    "opening_hours": hours,
                    "note": f"{note} {MARK}",
                },
                info["reporter"],
            )

    # --- markers -------------------------------------------------------------------------------------------

    def marker_numbers(self, rng):
        """[(main, secondary, twin), …] in natural order."""
        mains, number = set(FIXED_MAINS), FIRST_MAIN
        while number <= LAST_MAIN:
            mains.add(number)
            number += rng.choice((2, 3, 3))
        mains = sorted(mains)
        ordinary = [m for m in mains if m not in FIXED_MAINS]
        paired = set(PAIRED) | set(rng.sample(ordinary, 3))
        secondary = dict(SECONDARY)
        for main in rng.sample([m for m in ordinary if m not in paired], 4):
            secondary[main] = (1, 2) if rng.random() < 0.3 else (1,)
        numbers = []
        for main in mains:
            numbers += [(main, None, twin) for twin in (1, 2)] if main in paired else [(main, None, None)]
            numbers += [(main, s, None) for s in secondary.get(main, ())]
        return numbers

    def fraction_of(self, main, secondary):
        """Where a marker stands on the line: piecewise linear in its number, with 1116/1117 at Hữu Nghị and 1228 at
        Chi Ma."""
        huu_nghi = self.gate_fractions["Cửa khẩu quốc tế Hữu Nghị"]
        chi_ma = self.gate_fractions["Cửa khẩu Chi Ma"]
        anchors = [
            (FIRST_MAIN - 4, 0.004),
            (1116, huu_nghi - 0.0015),
            (1117, huu_nghi + 0.0015),
            (1228, chi_ma + 0.003),
            (LAST_MAIN + 3, 0.996),
        ]
        value = main + 0.3 * (secondary or 0)
        for (n0, f0), (n1, f1) in zip(anchors, anchors[1:], strict=False):
            if value <= n1:
                return lerp(f0, f1, (value - n0) / (n1 - n0))
        return anchors[-1][1]

    @staticmethod
    def elevation(rng, f):
        """Invented: hills of 300–700 m, the Mẫu Sơn massif (≈ 1 400 m) in Ba Sơn's stretch."""
        metres = 420 + 220 * math.sin(3 * math.pi * f) + 950 * math.exp(-(((f - 0.62) / 0.035) ** 2))
        return max(180.0, metres + rng.uniform(-60, 60))

    def seed_markers(self):
        rng = random.Random(SEED)
        self.markers = []  # (Marker, fraction) along the line
        for main, secondary, twin in self.marker_numbers(rng):
            number = marker_number(main, secondary, twin)
            f = self.fraction_of(main, secondary)
            info = self.post_at(f)
            # A paired marker stands on each bank of a stream, ≈ 30 m either side of the line.
            lat, lon = self.line.offset(f, {None: 0.0, 1: 0.03, 2: -0.03}[twin])
            x, y = coordinates.wgs84_to_vn2000(lat, lon, GRID)
            x, y = decimal(x, 3), decimal(y, 3)
            # The position the model keeps: converted back from the (rounded) VN-2000 X/Y, as clean() does.
            lat, lon = coordinates.vn2000_to_wgs84(float(x), float(y), GRID)
            if main in GATE_MARKERS and not secondary:
                material = GRANITE
            else:
                material = GRANITE if rng.random() < 0.15 else CONCRETE
            notes = ["Vị trí, cao độ và tọa độ là minh họa, không phải hồ sơ mốc chính thức."]
            if twin:
                notes.append("Mốc đôi hai bên bờ suối (minh họa).")
            if main in GATE_MARKERS and not secondary:
                notes.append("Mốc ở khu vực cửa khẩu.")
            marker = self.sync(
                Marker,
                {"number": number.normalized},
                {
                    "kind": number.kind,
                    "form": number.form,
                    "material": material,
                    "latitude": decimal(lat, 6),
                    "longitude": decimal(lon, 6),
                    "vn2000_x": x,
                    "vn2000_y": y,
                    "vn2000_grid": GRID,
                    "elevation_m": decimal(self.elevation(rng, f), 1),
                    "commune": self.commune_at(info, f),
                    "post": info["post"],
                    "segment": self.segments[info["post"].code],
                    "note": " ".join(notes) + f" {MARK}",
                },
                info["reporter"],
            )
            self.markers.append((marker, f))

    # --- patrols and inspections -----------------------------------------------------------------------------

    def seed_patrols(self):
        if Patrol.all_objects.filter(findings__contains=MARK).exists():
            return
        rng = random.Random(SEED)
        # Per post: its markers along the line, those never inspected and those inspected early in the year only.
        self.along = {}
        self.never, self.remote = set(), set()
        for code, info in self.posts.items():
            own = [(m, f) for m, f in self.markers if m.post_id == info["post"].pk]
            self.along[code] = own
            pool = [m.pk for m, _f in own if m.number not in {"1116", "1117", "1228"}]
            chosen = rng.sample(pool, min(len(pool), NEVER_INSPECTED_PER_POST + REMOTE_PER_POST))
            self.never.update(chosen[:NEVER_INSPECTED_PER_POST])
            self.remote.update(chosen[NEVER_INSPECTED_PER_POST:])
        self.state = {}  # marker pk → {"on": offset of the last inspection, "condition", "task"}
        self.incidents = list(INCIDENTS)
        plans = []
        for index, code in enumerate(self.posts):
            for i in range(PATROLS_PER_POST):
                offset = min(-364 + i * 12 + rng.randint(0, 10) + index, -1)
                plans.append((offset, rng.randint(6, 9) * 60 + rng.choice((0, 15, 30, 45)), code))
        plans.sort()
        for offset, minute, code in plans:
            self.patrol(rng, offset, minute, code)

    def eligible(self, code, offset):
        out = []
        for marker, f in self.along[code]:
            if marker.pk in self.never or (marker.pk in self.remote and offset > -REMOTE_DAYS):
                continue
            state = self.state.get(marker.pk)
            if state and state["condition"] in SERIOUS_CONDITIONS and offset - state["on"] < REPAIR_DAYS:
                continue
            out.append((marker, f))
        return out

    def choose_stretch(self, rng, code, offset):
        """3–10 consecutive markers of the post; most patrols start from the marker checked longest ago."""
        markers = self.eligible(code, offset)
        if not markers:
            return []
        count = min(rng.randint(3, 10), len(markers))
        if rng.random() < 0.7:
            ages = [(self.state.get(m.pk, {}).get("on", -10_000), rng.random(), i) for i, (m, _f) in enumerate(markers)]
            anchor = min(ages)[2]
            start = anchor - rng.randint(0, count - 1)
        else:
            start = rng.randint(0, len(markers) - count)
        start = min(max(start, 0), len(markers) - count)
        return markers[start : start + count]

    def condition_for(self, rng, marker, offset):
        """(condition, notes) of the inspection of ``marker`` now, given its previous state."""
        state = self.state.get(marker.pk)
        previous = state["condition"] if state else None
        if previous in SERIOUS_CONDITIONS:
            return Condition.INTACT, REPAIRED
        if previous in (Condition.OVERGROWN, Condition.FADED) and rng.random() < 0.6:
            return Condition.INTACT, TENDED
        if self.incidents and offset > self.incidents[0][0] and rng.random() < 0.35:
            condition = self.incidents.pop(0)[1]
        else:
            condition = weighted(rng, CONDITION_WEIGHTS)
        return condition, rng.choice(NOTES[condition])

    def track(self, rng, code, first, last):
        """A few dozen GPS points [lat, lon] along the line on the Vietnamese side, from ``first`` to ``last``."""
        start, end = self.posts[code]["range"]
        f0, f1 = max(start, first - 0.004), min(end, last + 0.004)
        count = rng.randint(24, 48)
        points = []
        for i in range(count):
            f = lerp(f0, f1, i / (count - 1))
            km = 0.08 + 0.05 * math.sin(i * 0.7) + rng.uniform(-0.02, 0.02)
            lat, lon = self.line.offset(f, km)
            points.append([round(lat, 6), round(lon, 6)])
        return points

    def patrol(self, rng, offset, minute, code):
        info = self.posts[code]
        post, reporter = info["post"], info["reporter"]
        on = self.day(offset)
        kind = weighted(rng, KIND_WEIGHTS)
        stretch = self.choose_stretch(rng, code, offset)
        if not stretch:
            return
        plan = [(marker, *self.condition_for(rng, marker, offset)) for marker, _f in stretch]
        first, last = stretch[0], stretch[-1]
        commune = self.commune_at(info, (first[1] + last[1]) / 2)
        place = commune.name.replace("Xã ", "xã ").replace("Phường ", "phường ") if commune else post.name
        started = timezone.make_aware(datetime.datetime.combine(on, datetime.time(minute // 60, minute % 60)))
        ended = started + datetime.timedelta(minutes=rng.randint(16, 40) * 15)
        if kind == PatrolKind.JOINT:
            forces = (rng.randint(4, 8), rng.randint(0, 2), 0, rng.randint(0, 2))
            findings = [JOINT]
        else:
            forces = (
                rng.randint(3, 6) if kind == PatrolKind.PATROL else rng.randint(2, 4),
                rng.randint(1, 3) if kind == PatrolKind.PATROL else rng.randint(0, 2),
                rng.randint(0, 2),
                rng.randint(0, 1) if kind == PatrolKind.CONTROL else 0,
            )
            findings = [CONTROL] if kind == PatrolKind.CONTROL else []
        findings.append(
            weighted(rng, EVENTS).format(n=rng.randint(2, 6), k=rng.randint(2, 8), m=rng.choice(stretch)[0].number)
        )
        counts = Counter(condition for _m, condition, _n in plan)
        tended = counts[Condition.OVERGROWN] + counts[Condition.FADED]
        serious = sum(counts[c] for c in SERIOUS_CONDITIONS)
        summary = f"Kiểm tra {len(plan)} mốc: {counts[Condition.INTACT]} nguyên vẹn"
        if tended:
            summary += f", {tended} cần phát quang, sơn lại"
        if serious:
            summary += f", {serious} hư hại, xê dịch hoặc mất (đã báo cáo, giao nhiệm vụ khắc phục)"
        findings.append(summary + ".")
        findings.append(MARK)
        border_guards, militia, people, police = forces
        patrol = Patrol(
            post=post,
            kind=kind,
            started_at=started,
            ended_at=ended,
            segment=self.segments[code],
            route=f"Từ mốc {first[0].number} đến mốc {last[0].number}, {place} {LABEL}",
            border_guards=border_guards,
            militia=militia,
            people=people,
            police=police,
            findings=" ".join(findings),
            track=self.track(rng, code, first[1], last[1]),
        )
        self.save(reporter, patrol)
        self.created["Patrol"] += 1
        for marker, condition, notes in plan:
            previous = self.state.get(marker.pk)
            inspection = Inspection(
                marker=marker, patrol=patrol, inspected_on=on, condition=condition, notes=f"{notes} {LABEL}"
            )
            self.run(reporter, inspection_record, instance=inspection)
            self.created["Inspection"] += 1
            task = inspection.follow_up_task
            if task is not None:
                self.created["Task"] += 1
            elif previous and previous["task"] is not None and condition == Condition.INTACT:
                self.close_follow_up(info, previous["task"], marker, on)
            self.state[marker.pk] = {"on": offset, "condition": condition, "task": task}

    def close_follow_up(self, info, task, marker, on):
        """The post reports the repair of the marker and submits; its approver accepts."""
        task.refresh_from_db()
        if not task.is_open:
            return
        lead = task.units.get(role=UnitRole.LEAD)
        text = f"Đã phối hợp khắc phục mốc {marker.number}; kiểm tra lại ngày {on:%d/%m/%Y}: mốc tốt. {LABEL}"
        self.run(info["reporter"], work_services.progress_report, unit=lead, text=text, progress=100, reported_on=on)
        self.run(info["reporter"], work_services.task_submit, task=task)
        self.run(info["approver"], work_services.task_accept, task=task)
        self.updated["Task"] += 1

    # --- summary -------------------------------------------------------------------------------------------

    def report(self, started, history):
        elapsed = time.monotonic() - started
        created = sum(self.created.values())
        updated = sum(self.updated.values())
        self.stdout.write(f"Demo border: {created} created, {updated} updated; {history} history entries.")
        if created:
            self.stdout.write("  created: " + ", ".join(f"{name} {n}" for name, n in sorted(self.created.items())))
        if updated:
            self.stdout.write("  updated: " + ", ".join(f"{name} {n}" for name, n in sorted(self.updated.items())))
        markers = Marker.objects.all()
        kinds = Counter(markers.values_list("kind", flat=True))
        conditions = Counter(markers.values_list("condition", flat=True))
        findings = Counter(Inspection.objects.values_list("condition", flat=True))
        follow_ups = Inspection.objects.filter(follow_up_task__isnull=False)
        open_follow_ups = follow_ups.filter(follow_up_task__status__in=OPEN_STATUSES)
        self.stdout.write(
            f"  in the database: {BorderSegment.objects.count()} segments "
            f"({sum(s.length_km or 0 for s in BorderSegment.objects.all())} km), {markers.count()} markers "
            f"({kinds[MarkerKind.MAIN]} main, {kinds[MarkerKind.SECONDARY]} secondary; "
            f"{', '.join(f'{c} {n}' for c, n in sorted(conditions.items()))}), "
            f"{Gate.objects.count()} gates, {Patrol.objects.count()} patrols, {Inspection.objects.count()} inspections "
            f"({', '.join(f'{c} {n}' for c, n in sorted(findings.items()))}), {follow_ups.count()} follow-up tasks "
            f"({open_follow_ups.count()} open); {markers.filter(overdue_q(self.today)).count()} markers overdue for "
            f"inspection ({markers.filter(last_inspected_on__isnull=True).count()} never inspected)."
        )
        self.stdout.write(f"  took {elapsed:.1f} s.")
