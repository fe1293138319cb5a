"""A deterministic national-scale dataset for benchmarks (``manage.py seed_scale``).

At ``factor=1`` (see ``NOMINAL``): 25 border provinces under two national roots — the Party Central Office
(Văn phòng Trung ương Đảng) above each Provincial Party Committee, the Border Guard High Command (Bộ Tư lệnh Bộ đội
Biên phòng) above each provincial Border Guard party committee and command — about 2,050 organisations with
their materialised paths, 5,000 users with memberships, 5,000 markers, 1,000,000 patrols, 500,000 inspections,
200,000 tasks (about 490,000 units and 1,110,000 progress reports) and about 99,000 periodic figures. Counts scale
with ``factor``; everything follows from ``seed`` (``random.Random``) and a fixed last day (``DEFAULT_END``), never
from the clock, so a seed gives the same dataset on every machine and every day.

Records are valid as the application sees them: owners in the right subtree (a post's patrols, inspections by the
marker's post, a task's units chosen where its assigner works), each province with its bounding box
(``PROVINCE_BOUNDS``) and its markers inside it, on the province's border lines (``LINE_OF_NEIGHBOUR``) and numbered
per line (the Vietnam–China cap of 1378 kept), dates within the window and never after its last day, statuses that
the workflow services could have produced (a task's progress is the mean of its units', each unit's the last of its
reports; a done task was submitted first; a classified task is a register entry with no content), ``search_text``
built with ``core.text.fold`` over the model's ``search_fields`` as ``save()`` does, version 1, nothing deleted. The
rows go straight to the database — PostgreSQL ``COPY`` (foreign keys dropped and re-added, so the database still
validates every reference once, at the end), SQLite ``executemany`` — with explicit ids, in one transaction; no
``save()``, no signals, no change history.

Usernames: ``scale.admin`` (superuser), ``vptw.admin`` / ``bdbp.admin`` (admins of the two national roots),
``vptw.viewer`` / ``bdbp.viewer``, then ``p<NN>.<unit>.<role>[<n>]`` — province ``p01``…``p25``; unit ``tu``
(Provincial Party Committee), ``vptu`` (its office), ``ban<k>`` (its boards), ``hu<k>`` (district committees,
abolished in 2025), ``xa<kk>`` (commune party committees), ``dubp`` (Border Guard party committee), ``bch``
(provincial command), ``phong<k>`` (its departments), ``post<kk>`` (border posts), ``post<kk>.cell`` (a post's
party cell); role ``viewer``, ``reporter``, ``approver``, ``admin``; a second holder of a role gets ``2``, then
``3`` … (``p05.post03.reporter2``). One password for all: ``PASSWORD``.
"""

import bisect
import datetime
import functools
import hashlib
import itertools
import json
import math
import random
import time
from dataclasses import dataclass, field
from decimal import Decimal

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.core.management.color import no_style
from django.db import connection, models, transaction
from django.utils import timezone as dj_timezone
from django.utils import translation
from django.utils.translation import gettext

from phoihop.accounts.models import Membership, User
from phoihop.border import coordinates
from phoihop.border.choices import SERIOUS_CONDITIONS, BorderLine, Condition, PatrolKind
from phoihop.border.markers import MAX_MAIN_NUMBER, marker_number
from phoihop.border.models import Inspection, Marker, Patrol
from phoihop.core.choices import Classification, Role
from phoihop.core.text import fold, nfc
from phoihop.orgs.choices import AreaKind, SharingMode
from phoihop.orgs.models import Area, Organisation, OrganisationKind, SharingRule
from phoihop.programs.choices import FigureStatus, PeriodType
from phoihop.programs.models import Indicator, PeriodicFigure, Programme
from phoihop.programs.periods import period_end
from phoihop.work.choices import Priority, TaskStatus, UnitRole, UnitStatus
from phoihop.work.models import ProgressReport, Task, TaskUnit

PASSWORD = "bench-2026-phoihop"
SUPERUSER = "scale.admin"
#: the dataset's "today": the last day anything happens (a fixed day, so that a seed always gives the same data)
DEFAULT_END = datetime.date(2026, 11, 30)
DEFAULT_YEARS = 5
DEFAULT_SEED = 2026
NOTE = "Dữ liệu thử tải (minh họa)."
ABOLISHED_ON = datetime.date(2025, 6, 30)
UTC = datetime.UTC

#: the counts at factor 1
NOMINAL = {
    "provinces": 25,
    "organisations": 2050,
    "users": 5000,
    "markers": 5000,
    "patrols": 1_000_000,
    "inspections": 500_000,
    "tasks": 200_000,
    "task_units": 490_000,
    "progress_reports": 1_110_000,
    "periodic_figures": 99_000,
}

# (name, the neighbouring country): the 25 provinces with a land border before the 2025 merger
PROVINCES = [
    ("Điện Biên", "Lào, Trung Quốc"),
    ("Lai Châu", "Trung Quốc"),
    ("Lào Cai", "Trung Quốc"),
    ("Hà Giang", "Trung Quốc"),
    ("Cao Bằng", "Trung Quốc"),
    ("Lạng Sơn", "Trung Quốc"),
    ("Quảng Ninh", "Trung Quốc"),
    ("Sơn La", "Lào"),
    ("Thanh Hóa", "Lào"),
    ("Nghệ An", "Lào"),
    ("Hà Tĩnh", "Lào"),
    ("Quảng Bình", "Lào"),
    ("Quảng Trị", "Lào"),
    ("Thừa Thiên Huế", "Lào"),
    ("Quảng Nam", "Lào"),
    ("Kon Tum", "Lào, Campuchia"),
    ("Gia Lai", "Campuchia"),
    ("Đắk Lắk", "Campuchia"),
    ("Đắk Nông", "Campuchia"),
    ("Bình Phước", "Campuchia"),
    ("Tây Ninh", "Campuchia"),
    ("Long An", "Campuchia"),
    ("Đồng Tháp", "Campuchia"),
    ("An Giang", "Campuchia"),
    ("Kiên Giang", "Campuchia"),
]

#: the border line of each neighbour in ``PROVINCES``: a province's posts stand on its lines in turn (the first post on
#: the first line written, the second on the next …), so Điện Biên's and Kon Tum's markers are on both of theirs
LINE_OF_NEIGHBOUR = {"Trung Quốc": BorderLine.CN, "Lào": BorderLine.LA, "Campuchia": BorderLine.KH}

#: each province's bounding box in WGS 84 degrees (min lat, max lat, min lon, max lon), written on its area and
#: holding its markers: the extreme coordinates the provinces publish (islands included), rounded outwards to 0.05°.
#: Boxes, not boundaries (neighbours' boxes overlap), and approximate: a benchmark needs positions the application
#: accepts for the province (``coordinates.province_bounds``), not a survey. Lạng Sơn's is the application's own.
PROVINCE_BOUNDS = {
    "Điện Biên": ("20.85", "22.6", "102.1", "103.65"),
    "Lai Châu": ("21.65", "22.85", "102.3", "104.0"),
    "Lào Cai": ("21.8", "22.9", "103.5", "104.65"),
    "Hà Giang": ("22.1", "23.4", "104.3", "105.6"),
    "Cao Bằng": ("22.3", "23.15", "105.25", "106.85"),
    "Lạng Sơn": tuple(str(edge) for edge in coordinates.LANG_SON_BOUNDS),
    "Quảng Ninh": ("20.6", "21.7", "106.4", "108.55"),
    "Sơn La": ("20.6", "22.05", "103.15", "105.05"),
    "Thanh Hóa": ("19.25", "20.7", "104.35", "106.1"),
    "Nghệ An": ("18.5", "19.45", "103.85", "105.85"),
    "Hà Tĩnh": ("17.85", "18.85", "105.05", "106.5"),
    "Quảng Bình": ("16.9", "18.1", "105.6", "107.0"),
    "Quảng Trị": ("16.25", "17.2", "106.5", "107.45"),
    "Thừa Thiên Huế": ("15.95", "16.8", "107.0", "108.25"),
    "Quảng Nam": ("14.9", "16.25", "107.2", "108.75"),
    "Kon Tum": ("13.9", "15.5", "107.3", "108.55"),
    "Gia Lai": ("12.95", "14.65", "107.45", "108.95"),
    "Đắk Lắk": ("12.1", "13.45", "107.45", "109.0"),
    "Đắk Nông": ("11.7", "12.85", "107.2", "108.15"),
    "Bình Phước": ("11.3", "12.3", "106.4", "107.45"),
    "Tây Ninh": ("10.9", "11.8", "105.8", "106.4"),
    "Long An": ("10.35", "11.05", "105.5", "106.8"),
    "Đồng Tháp": ("10.05", "11.0", "105.2", "106.05"),
    "An Giang": ("10.15", "11.0", "104.75", "105.6"),
    "Kiên Giang": ("9.2", "10.6", "103.4", "105.6"),
}

# Invented place names: two syllables each.
FIRST_SYLLABLES = (
    "Tân Phú Bình Thanh Hòa Xuân Đồng Quang Minh Hưng Phúc Vĩnh Thạch Hồng Kim Ngọc Bảo Trung Đông Nam "
    "Long Thái Mường Nà Bản Pò Khánh Thịnh Lộc Sơn"
).split()
SECOND_SYLLABLES = (
    "Sơn Lộc Thịnh An Phong Hà Tiến Long Khánh Thành Lâm Hải Hòa Mỹ Tân Lợi Xuân Yên Vân Trạch "
    "Nưa Mã Lạn Pản Cầu Đức Nghĩa Trường Hưng Thủy"
).split()
FAMILY_NAMES = (
    "Nguyễn Trần Lê Phạm Hoàng Vũ Đặng Bùi Đỗ Hồ Ngô Dương Lý Nông Lò Vi Hà Triệu Lương Sầm Lục Hứa Mã Vàng"
).split()
MIDDLE_NAMES = "Văn Thị Đức Minh Thanh Hữu Ngọc Quang Xuân Thu".split()
GIVEN_NAMES = (
    "An Bình Cường Dũng Hải Hùng Lan Mai Nam Phong Quân Sơn Thắng Tuấn Việt Hoa Hương Linh Thảo Yến Khánh "
    "Long Trung Hiếu Nga Hạnh Tâm Vinh Lâm Toàn"
).split()

# (code, name, abbreviation, is_party_body, sort_order)
ORGANISATION_KINDS = [
    ("party_central_office", "Văn phòng Trung ương Đảng", "VPTW", True, 1),
    ("border_guard_high_command", "Bộ Tư lệnh Bộ đội Biên phòng", "BTL BĐBP", False, 2),
    ("high_command_department", "Cơ quan Bộ Tư lệnh BĐBP", "Cục", False, 3),
    ("provincial_party_committee", "Tỉnh ủy", "TU", True, 10),
    ("party_office", "Văn phòng Tỉnh ủy", "VPTU", True, 20),
    ("party_board", "Ban, cơ quan tham mưu của Tỉnh ủy", "Ban", True, 25),
    ("border_guard_party_committee", "Đảng ủy Bộ đội Biên phòng tỉnh", "ĐU BĐBP", True, 30),
    ("border_guard_command", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BCH BĐBP", False, 40),
    ("bg_department", "Phòng thuộc Bộ Chỉ huy BĐBP", "Phòng", False, 50),
    ("border_post", "Đồn biên phòng", "ĐBP", False, 60),
    ("post_party_cell", "Chi bộ/Đảng bộ đồn biên phòng", "CB đồn", True, 70),
    ("post_team", "Đội công tác của đồn biên phòng", "Đội", False, 75),
    ("district_party_committee", "Huyện ủy (cấp huyện, đã giải thể 2025)", "HU", True, 80),
    ("commune_party_committee", "Đảng ủy xã/phường", "ĐU xã", True, 90),
]
HIGH_COMMAND_DEPARTMENTS = [("CCT", "Cục Chính trị"), ("BTM", "Bộ Tham mưu"), ("CTS", "Cục Trinh sát")]
PARTY_BOARDS = [("BTC", "Ban Tổ chức"), ("BTGDV", "Ban Tuyên giáo và Dân vận"), ("UBKT", "Ủy ban Kiểm tra")]
BG_DEPARTMENTS = [("PTM", "Phòng Tham mưu"), ("PCT", "Phòng Chính trị"), ("PHCKT", "Phòng Hậu cần - Kỹ thuật")]
POST_TEAMS = ["Đội Vận động quần chúng", "Đội Trinh sát"]

# The roles of each unit's users at full size, in the order they are filled (the first is the most needed).
V, R, A, M = Role.VIEWER, Role.REPORTER, Role.APPROVER, Role.ADMIN
USER_SLOTS = {
    "tu": [M, A, R, V, V, V],
    "vptu": [R, R, M, V, V],
    "ban": [R, V],
    "hu": [V],
    "xa": [R, A, V],
    "dubp": [M, A, V],
    "bch": [M, A, R, R, V, V],
    "phong": [R, V],
    "post": [R, A, R, V, R, V, V],
    "cell": [R],
    "team": [],
}
#: (unit, slot) that every province keeps at any factor: the gate tests and the figures' approvers need them
ESSENTIAL_SLOTS = {("tu", 0), ("tu", 1), ("bch", 0), ("bch", 1), ("post", 0)}
ROLE_NAMES = {V: "viewer", R: "reporter", A: "approver", M: "admin"}
POSITIONS = {
    V: ["Cán bộ theo dõi", "Chuyên viên", "Trợ lý"],
    R: ["Trợ lý tổng hợp", "Chuyên viên tổng hợp", "Cán bộ văn phòng"],
    A: ["Phó Chỉ huy trưởng", "Chính trị viên", "Phó Chánh Văn phòng", "Phó Bí thư"],
    M: ["Quản trị hệ thống"],
}

MATERIALS = ["Bê tông cốt thép", "Đá hoa cương", "Bê tông cốt thép, ốp đá"]
FINDINGS = [
    "Không phát hiện dấu hiệu bất thường.",
    "Tình hình khu vực biên giới ổn định.",
    "Phát hiện lối mòn mới, đã báo cáo chỉ huy đồn.",
    "Nhắc nhở 3 trường hợp qua lại không đúng quy định.",
    "Phối hợp tổ tự quản phát quang đường tuần tra.",
    "Tuyên truyền cho nhân dân về Luật Biên giới quốc gia.",
    "Kiểm tra hệ thống cột mốc trên tuyến, không có hư hỏng.",
    "Phát hiện cây đổ chắn đường tuần tra, đã xử lý.",
]
CONDITION_WEIGHTS = (
    (Condition.INTACT, 850),
    (Condition.OVERGROWN, 60),
    (Condition.FADED, 50),
    (Condition.DAMAGED, 25),
    (Condition.DISPLACED, 10),
    (Condition.LOST, 5),
)
INSPECTION_NOTES = {
    Condition.INTACT: ["", "", "Mốc nguyên vẹn, số hiệu rõ.", "Đã phát quang xung quanh mốc."],
    Condition.OVERGROWN: ["Cây cỏ mọc che khuất mốc; đã phát quang một phần."],
    Condition.FADED: ["Sơn số hiệu mốc bị mờ; đề nghị sơn lại."],
    Condition.DAMAGED: ["Mốc bị sứt mẻ phần chân đế do sạt lở đất."],
    Condition.DISPLACED: ["Mốc bị xê dịch khỏi vị trí do mưa lũ."],
    Condition.LOST: ["Không tìm thấy mốc tại vị trí; nghi bị lũ cuốn trôi."],
}
TASK_ACTIONS = [
    "Tổ chức tuyên truyền",
    "Rà soát, thống kê",
    "Kiểm tra việc thực hiện",
    "Xây dựng kế hoạch",
    "Báo cáo kết quả",
    "Phối hợp giải quyết vụ việc về",
    "Sơ kết công tác",
    "Vận động nhân dân tham gia",
    "Củng cố, kiện toàn",
    "Triển khai",
]
TASK_OBJECTS = [
    "Luật Biên giới quốc gia",
    "phòng, chống buôn lậu qua biên giới",
    "xuất nhập cảnh trái phép",
    "tổ tự quản đường biên, cột mốc",
    "mô hình “Mái ấm biên cương”",
    "chương trình “Nâng bước em tới trường”",
    "phòng, chống ma túy khu vực biên giới",
    "quy chế phối hợp giữa Tỉnh ủy và Bộ đội Biên phòng",
    "an ninh trật tự khu vực biên giới",
    "xây dựng nông thôn mới ở xã biên giới",
    "phòng, chống mua bán người",
    "bảo vệ mốc quốc giới",
]
LEAD_PARTS = ["Chủ trì tổ chức thực hiện, tổng hợp báo cáo kết quả.", "", "Chủ trì, xây dựng kế hoạch thực hiện."]
COORD_PARTS = [
    "Phối hợp cung cấp thông tin, bố trí lực lượng.",
    "Phối hợp tuyên truyền tại địa bàn.",
    "",
    "Phối hợp kiểm tra, đôn đốc.",
]
RETURN_REASON = "Báo cáo kết quả chưa đầy đủ; đề nghị bổ sung số liệu."
CANCEL_REASON = "Nhiệm vụ không còn phù hợp; đã lồng ghép vào kế hoạch khác."
REOPEN_REASON = "Điều chỉnh số liệu theo kết quả rà soát."
REGISTER_CUSTODIAN = "Nhân viên văn thư bảo mật của đơn vị (minh họa)"
REGISTER_STORAGE_PLACE = "Tủ tài liệu mật, bộ phận Văn thư – Lưu trữ (minh họa)"

# (code, name, unit, period type, low, high): the Border Guard programme's indicators (reported by the posts)
BG_INDICATORS = [
    ("TT-BG", "Số buổi tuyên truyền pháp luật về biên giới", "buổi", PeriodType.MONTH, 2, 30),
    ("NG-BG", "Số lượt người được tuyên truyền", "lượt người", PeriodType.MONTH, 50, 2500),
    ("TTR-BG", "Số lượt tuần tra, kiểm soát", "lượt", PeriodType.MONTH, 10, 90),
    ("HS-BG", "Số học sinh được nhận đỡ đầu", "học sinh", PeriodType.MONTH, 0, 40),
    ("HT-BG", "Kinh phí hỗ trợ nhân dân", "nghìn đồng", PeriodType.MONTH, 0, 90000),
    ("NH-BG", "Số nhà Mái ấm biên cương khởi công", "nhà", PeriodType.QUARTER, 0, 12),
    ("TQ-BG", "Số tổ tự quản đường biên, cột mốc", "tổ", PeriodType.YEAR, 5, 60),
]
PARTY_INDICATORS = [
    ("SH-TU", "Số buổi sinh hoạt chuyên đề về biên giới", "buổi", PeriodType.QUARTER, 1, 20),
    ("DV-TU", "Số đảng viên được kết nạp ở xã biên giới", "đảng viên", PeriodType.YEAR, 0, 25),
]

TASK_STATUS_PAST = (  # deadline passed before the last day
    (TaskStatus.DONE, 780),
    (TaskStatus.CANCELLED, 40),
    (TaskStatus.IN_PROGRESS, 90),
    (TaskStatus.SUBMITTED, 30),
    (TaskStatus.RETURNED, 20),
    (TaskStatus.NEW, 40),
)
TASK_STATUS_OPEN = (  # deadline still ahead
    (TaskStatus.NEW, 180),
    (TaskStatus.IN_PROGRESS, 550),
    (TaskStatus.SUBMITTED, 100),
    (TaskStatus.RETURNED, 40),
    (TaskStatus.DONE, 120),
    (TaskStatus.CANCELLED, 10),
)
#: how many coordinating units a task has, and how many reports a unit that reports makes
COORDINATING_WEIGHTS = ((0, 18), (1, 30), (2, 31), (3, 21))
REPORT_WEIGHTS = ((1, 19), (2, 35), (3, 29), (4, 17))
PATROL_KIND_WEIGHTS = ((PatrolKind.PATROL, 60), (PatrolKind.CONTROL, 30), (PatrolKind.JOINT, 10))
#: who assigns a task: the Party committee, its office, the Border Guard party committee, the command, a post, a
#: commune committee, the national level
ASSIGNER_WEIGHTS = (("tu", 20), ("vptu", 8), ("dubp", 5), ("bch", 20), ("post", 30), ("xa", 12), ("nat", 5))
PRIORITY_WEIGHTS = ((Priority.LOW, 10), (Priority.NORMAL, 65), (Priority.HIGH, 20), (Priority.URGENT, 5))
CLASSIFICATION_WEIGHTS = (
    (Classification.UNCLASSIFIED, 9600),
    (Classification.CONFIDENTIAL, 300),
    (Classification.SECRET, 80),
    (Classification.TOP_SECRET, 20),
)


def _nfc_all():
    """Every text constant in NFC, as ``BaseModel.normalise_text`` would store it."""
    for name, value in list(globals().items()):
        if name.isupper() and isinstance(value, list):
            globals()[name] = [_nfc_deep(item) for item in value]
        elif name.isupper() and isinstance(value, dict):
            globals()[name] = {key: _nfc_deep(item) for key, item in value.items()}


def _nfc_deep(value):
    if isinstance(value, str):
        return nfc(value)
    if isinstance(value, (list, tuple)):
        return type(value)(_nfc_deep(item) for item in value)
    return value


_nfc_all()


@functools.lru_cache(maxsize=1 << 18)
def folded(text: str) -> str:
    """``core.text.fold`` (memoised: most parts repeat)."""
    return fold(text)


def search_text(*parts) -> str:
    """What ``BaseModel.build_search_text`` stores, ``fold(" ".join(non-empty parts))``, computed part by part.

    The same string: every step of ``fold`` works character by character (NFKD, dropping the combining marks, "đ",
    casefold) or on runs of whitespace (collapsed to one space, stripped at the ends), and a space between two parts
    is where NFKD cannot reorder anything; so the fold of the joined parts is the join of the non-empty folded
    parts. Folding each part once makes the cache hit for almost every row (``tests/test_seed_scale.py`` compares
    samples of every table with ``build_search_text``)."""
    folded_parts = []
    for part in parts:
        if part is not None and part != "":
            value = folded(part if isinstance(part, str) else str(part))
            if value:
                folded_parts.append(value)
    return " ".join(folded_parts)


def user_search_text(username, full_name, email, position) -> str:
    """What ``User.save`` stores (empty fields add only spaces, which the fold collapses)."""
    return search_text(username, full_name, email, position)


@functools.cache
def _cumulative(pairs):
    values = tuple(value for value, _weight in pairs)
    return values, tuple(itertools.accumulate(weight for _value, weight in pairs))


def weighted(rng, pairs):
    """A choice from ``((value, weight), …)`` (a tuple: the cumulative weights are kept for it)."""
    values, cumulative = _cumulative(pairs)
    return values[min(bisect.bisect_right(cumulative, rng.random() * cumulative[-1]), len(values) - 1)]


def split(total, parts, rng=None):
    """``total`` as ``parts`` integers that add up to it (evenly, or at random with ``rng``)."""
    if parts <= 0:
        return []
    if rng is None:
        base, extra = divmod(total, parts)
        return [base + (1 if index < extra else 0) for index in range(parts)]
    counts = [0] * parts
    for _ in range(total):
        counts[rng.randrange(parts)] += 1
    return counts


def add_months(day, months):
    month = day.month - 1 + months
    return datetime.date(day.year + month // 12, month % 12 + 1, 1)


# --- the plan ----------------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """The counts for ``factor`` (organisations and users follow from the structure)."""

    factor: float
    provinces: int = 0
    scale: float = 1.0  # the size of each province's tree relative to the full one
    users: int = 0
    markers: int = 0
    patrols: int = 0
    inspections: int = 0
    tasks: int = 0
    periodic_figures: int = 0

    def __post_init__(self):
        f = self.factor
        if not 0 < f <= 10:
            raise ValueError("factor must be in (0, 10]")
        self.provinces = max(1, min(len(PROVINCES), math.ceil(NOMINAL["provinces"] * min(f, 1) - 1e-9)))
        self.scale = min(1.0, NOMINAL["provinces"] * f / self.provinces)
        for name in ("users", "markers", "patrols", "inspections", "tasks", "periodic_figures"):
            setattr(self, name, round(NOMINAL[name] * f))


# --- the organisation tree, areas and users (pure: no database) ---------------------------------------------------


@dataclass(eq=False)
class AreaRow:
    id: int
    code: str
    name: str
    kind: str
    parent: "AreaRow | None" = None
    is_border_commune: bool = False
    border_length_km: Decimal | None = None
    valid_to: datetime.date | None = None
    predecessors: list = field(default_factory=list)
    bounds: tuple | None = None  # a province's box (``PROVINCE_BOUNDS``: Decimal min lat, max lat, min lon, max lon)


@dataclass(eq=False)
class OrgRow:
    id: int
    code: str
    name: str
    short_name: str
    kind: str
    unit: str  # the username's unit key kind: tu, vptu, post …
    key: str  # the username prefix: p05.post03
    parent: "OrgRow | None" = None
    areas: list = field(default_factory=list)
    valid_to: datetime.date | None = None
    successor: "OrgRow | None" = None
    note: str = NOTE
    province: "ProvinceRow | None" = None
    path: str = ""
    depth: int = 0
    # filled later
    communes: list = field(default_factory=list)  # a post's border communes (AreaRow)
    markers: list = field(default_factory=list)  # a post's markers (MarkerRow)
    cell: "OrgRow | None" = None
    teams: list = field(default_factory=list)
    users: dict = field(default_factory=dict)  # role → [user id]

    def user(self, *roles):
        """The first user of this unit holding one of ``roles`` (in that order), else None."""
        for role in roles:
            ids = self.users.get(role)
            if ids:
                return ids[0]
        return None


@dataclass(eq=False)
class ProvinceRow:
    number: int
    name: str
    area: AreaRow
    lines: tuple = (BorderLine.CN,)  # the border lines of its posts, in turn (``LINE_OF_NEIGHBOUR``)
    tu: OrgRow = None
    vptu: OrgRow = None
    dubp: OrgRow = None
    bch: OrgRow = None
    boards: list = field(default_factory=list)
    districts: list = field(default_factory=list)
    communes: list = field(default_factory=list)  # commune party committees
    departments: list = field(default_factory=list)
    posts: list = field(default_factory=list)
    committee_of_area: dict = field(default_factory=dict)  # commune area id → commune party committee


@dataclass(eq=False)
class UserRow:
    id: int
    username: str
    full_name: str
    position: str
    clearance: int
    organisation: OrgRow | None
    role: int | None
    is_superuser: bool = False
    personal_data: bool = False


class Structure:
    """The areas, organisations and users for a plan, with ids from ``ids`` (model → first id)."""

    def __init__(self, plan: Plan, seed, ids=None):
        self.plan = plan
        self.rng = random.Random(f"{seed}:structure")
        self._ids = {model: itertools.count((ids or {}).get(model, 1)) for model in (Area, Organisation, User)}
        self.areas: list[AreaRow] = []
        self.orgs: list[OrgRow] = []
        self.users: list[UserRow] = []
        self.provinces: list[ProvinceRow] = []
        self.build_tree()
        self.build_users()

    def next_id(self, model):
        return next(self._ids[model])

    def area(self, **kwargs):
        row = AreaRow(id=self.next_id(Area), **kwargs)
        self.areas.append(row)
        return row

    def org(self, parent=None, **kwargs):
        row = OrgRow(id=self.next_id(Organisation), parent=parent, **kwargs)
        row.path = f"{parent.path if parent else '/'}{row.id}/"
        row.depth = row.path.count("/") - 2
        self.orgs.append(row)
        return row

    def place_names(self, count):
        names = [f"{a} {b}" for a in FIRST_SYLLABLES for b in SECOND_SYLLABLES if a != b]
        return self.rng.sample(names, count)

    def build_tree(self):
        plan, rng, s = self.plan, self.rng, self.plan.scale
        self.vptw = self.org(
            code="S-VPTW",
            name="Văn phòng Trung ương Đảng",
            short_name="VPTW",
            kind="party_central_office",
            unit="root",
            key="vptw",
        )
        self.btl = self.org(
            code="S-BTL",
            name="Bộ Tư lệnh Bộ đội Biên phòng",
            short_name="BTL BĐBP",
            kind="border_guard_high_command",
            unit="root",
            key="bdbp",
        )
        for code, name in HIGH_COMMAND_DEPARTMENTS:
            self.org(
                self.btl,
                code=f"S-BTL-{code}",
                name=f"{name} Bộ đội Biên phòng",
                short_name=name,
                kind="high_command_department",
                unit="root_dept",
                key=f"bdbp.{code.lower()}",
            )
        for number, (province_name, neighbours) in enumerate(PROVINCES[: plan.provinces], start=1):
            self.build_province(number, province_name, s, rng, neighbours)

    def build_province(self, number, name, s, rng, neighbours="Trung Quốc"):
        p = f"p{number:02d}"
        code = f"S{number:02d}"
        n_posts = max(2, round(rng.randint(8, 12) * s))
        n_communes = max(2, round(28 * s), n_posts)  # at least one border commune per post
        n_border = min(n_communes, 2 * n_posts)
        n_districts = round(4 * s)
        n_boards = round(3 * s)
        n_departments = round(3 * s)
        n_teams = round(2 * s)
        place_names = self.place_names(n_communes + n_districts)

        province_area = self.area(
            code=f"X{number:02d}",
            name=f"Tỉnh {name}",
            kind=AreaKind.PROVINCE,
            bounds=tuple(Decimal(edge) for edge in PROVINCE_BOUNDS[name]),
        )
        lines = tuple(LINE_OF_NEIGHBOUR[country.strip()] for country in neighbours.split(","))
        prov = ProvinceRow(number=number, name=name, area=province_area, lines=lines)
        self.provinces.append(prov)
        district_areas = [
            self.area(
                code=f"X{number:02d}-H{k + 1}",
                name=f"Huyện {place_names[n_communes + k]} (đã giải thể)",
                kind=AreaKind.DISTRICT,
                parent=province_area,
                valid_to=ABOLISHED_ON,
            )
            for k in range(n_districts)
        ]
        commune_areas = []
        for k in range(n_communes):
            border = k < n_border
            kind = AreaKind.WARD if (not border and k % 7 == 6) else AreaKind.COMMUNE
            label = "Phường" if kind == AreaKind.WARD else "Xã"
            area = self.area(
                code=f"X{number:02d}-C{k + 1:03d}",
                name=f"{label} {place_names[k]}",
                kind=kind,
                parent=province_area,
                is_border_commune=border,
                border_length_km=Decimal(rng.randint(4000, 30000)) / 1000 if border else None,
            )
            if district_areas:
                area.predecessors.append(district_areas[k % len(district_areas)])
            commune_areas.append(area)

        # The Provincial Party Committee and its units.
        tu = prov.tu = self.org(
            self.vptw,
            code=f"{code}-TU",
            name=f"Tỉnh ủy {name}",
            short_name="Tỉnh ủy",
            kind="provincial_party_committee",
            unit="tu",
            key=f"{p}.tu",
            areas=[province_area],
            province=prov,
        )
        prov.vptu = self.org(
            tu,
            code=f"{code}-VPTU",
            name=f"Văn phòng Tỉnh ủy {name}",
            short_name="Văn phòng Tỉnh ủy",
            kind="party_office",
            unit="vptu",
            key=f"{p}.vptu",
            province=prov,
        )
        for k, (board_code, board_name) in enumerate(PARTY_BOARDS[:n_boards], start=1):
            prov.boards.append(
                self.org(
                    tu,
                    code=f"{code}-{board_code}",
                    name=f"{board_name} Tỉnh ủy {name}",
                    short_name=board_name,
                    kind="party_board",
                    unit="ban",
                    key=f"{p}.ban{k}",
                    province=prov,
                )
            )
        for k, area in enumerate(commune_areas, start=1):
            place = area.name.split(" ", 1)[1]
            level = "phường" if area.kind == AreaKind.WARD else "xã"
            committee = self.org(
                tu,
                code=f"{code}-X{k:02d}",
                name=f"Đảng ủy {level} {place}",
                short_name=f"ĐU {level} {place}",
                kind="commune_party_committee",
                unit="xa",
                key=f"{p}.xa{k:02d}",
                areas=[area],
                province=prov,
            )
            prov.communes.append(committee)
            prov.committee_of_area[area.id] = committee
        for k, area in enumerate(district_areas, start=1):
            place = area.name.removeprefix("Huyện ").removesuffix(" (đã giải thể)")
            prov.districts.append(
                self.org(
                    tu,
                    code=f"{code}-HU{k}",
                    name=f"Huyện ủy {place}",
                    short_name=f"Huyện ủy {place}",
                    kind="district_party_committee",
                    unit="hu",
                    key=f"{p}.hu{k}",
                    areas=[area],
                    province=prov,
                    valid_to=ABOLISHED_ON,
                    successor=prov.communes[(k - 1) % len(prov.communes)],
                    note=NOTE + " Đã kết thúc hoạt động khi bỏ cấp huyện (01/7/2025).",
                )
            )

        # The provincial Border Guard: its party committee, the command, departments, posts.
        dubp = prov.dubp = self.org(
            self.btl,
            code=f"{code}-DUBP",
            name=f"Đảng ủy Bộ đội Biên phòng tỉnh {name}",
            short_name="Đảng ủy BĐBP tỉnh",
            kind="border_guard_party_committee",
            unit="dubp",
            key=f"{p}.dubp",
            areas=[province_area],
            province=prov,
        )
        bch = prov.bch = self.org(
            dubp,
            code=f"{code}-BCH",
            name=f"Bộ Chỉ huy Bộ đội Biên phòng tỉnh {name}",
            short_name="Bộ Chỉ huy BĐBP tỉnh",
            kind="border_guard_command",
            unit="bch",
            key=f"{p}.bch",
            areas=[province_area],
            province=prov,
        )
        for k, (dept_code, dept_name) in enumerate(BG_DEPARTMENTS[:n_departments], start=1):
            prov.departments.append(
                self.org(
                    bch,
                    code=f"{code}-{dept_code}",
                    name=f"{dept_name} Bộ Chỉ huy BĐBP tỉnh {name}",
                    short_name=dept_name,
                    kind="bg_department",
                    unit="phong",
                    key=f"{p}.phong{k}",
                    province=prov,
                )
            )
        border_areas = commune_areas[:n_border]
        for k in range(n_posts):
            communes = border_areas[k::n_posts]  # every post has one or two border communes
            place = communes[0].name.split(" ", 1)[1]
            post = self.org(
                bch,
                code=f"{code}-DBP{k + 1:02d}",
                name=f"Đồn Biên phòng {place}",
                short_name=f"Đồn BP {place}",
                kind="border_post",
                unit="post",
                key=f"{p}.post{k + 1:02d}",
                areas=list(communes),
                province=prov,
                note=NOTE + " Địa bàn phụ trách là minh họa.",
            )
            post.communes = list(communes)
            post.cell = self.org(
                post,
                code=f"{post.code}-CB",
                name=f"Chi bộ Đồn Biên phòng {place}",
                short_name=f"Chi bộ Đồn BP {place}",
                kind="post_party_cell",
                unit="cell",
                key=f"{post.key}.cell",
                province=prov,
            )
            for t, team in enumerate(POST_TEAMS[:n_teams], start=1):
                post.teams.append(
                    self.org(
                        post,
                        code=f"{post.code}-D{t}",
                        name=f"{team} - Đồn Biên phòng {place}",
                        short_name=team,
                        kind="post_team",
                        unit="team",
                        key=f"{post.key}.team{t}",
                        province=prov,
                    )
                )
            prov.posts.append(post)

    # --- users ---------------------------------------------------------------------------------------------

    def full_name(self):
        rng = self.rng
        return f"{rng.choice(FAMILY_NAMES)} {rng.choice(MIDDLE_NAMES)} {rng.choice(GIVEN_NAMES)}"

    def build_users(self):
        rng = self.rng
        national = [
            (SUPERUSER, None, None, Classification.TOP_SECRET, True),
            ("vptw.admin", self.vptw, M, Classification.TOP_SECRET, False),
            ("bdbp.admin", self.btl, M, Classification.TOP_SECRET, False),
            ("vptw.viewer", self.vptw, V, Classification.CONFIDENTIAL, False),
            ("bdbp.viewer", self.btl, V, Classification.CONFIDENTIAL, False),
        ]
        # (priority, province, order, organisation, role): the essential slots first, then round by round
        slots = []
        for order, org in enumerate(self.orgs):
            for index, role in enumerate(USER_SLOTS.get(org.unit, ())):
                essential = (org.unit, index) in ESSENTIAL_SLOTS
                slots.append((0 if essential else index + 1, order, org, role))
        slots.sort(key=lambda slot: (slot[0], slot[1]))
        wanted = max(self.plan.users - len(national), sum(1 for slot in slots if slot[0] == 0))
        chosen = slots[:wanted]
        # More users than the slots (a factor above 1): further viewers, unit by unit.
        extra_orgs = [org for org in self.orgs if org.unit in ("tu", "vptu", "bch", "post", "xa")]
        for index in range(wanted - len(chosen)):
            chosen.append((99, 0, extra_orgs[index % len(extra_orgs)], V))
        chosen.sort(key=lambda slot: slot[1])  # ids in the order of the tree

        for username, org, role, clearance, superuser in national:
            self.add_user(username, org, role, clearance, superuser=superuser)
        for _priority, _order, org, role in chosen:
            held = len(org.users.get(role, ()))
            name = ROLE_NAMES[role] + (str(held + 1) if held else "")
            if role == M:
                clearance = Classification.SECRET
            elif role == A:
                clearance = Classification.CONFIDENTIAL
            else:
                clearance = Classification.CONFIDENTIAL if rng.random() < 0.05 else Classification.UNCLASSIFIED
            self.add_user(f"{org.key}.{name}", org, role, clearance)

    def add_user(self, username, org, role, clearance, superuser=False):
        position = "Quản trị hệ thống" if superuser else self.rng.choice(POSITIONS[role])
        if org is not None:
            position = f"{position}, {org.short_name or org.name}"
        user = UserRow(
            id=self.next_id(User),
            username=username,
            full_name=self.full_name(),
            position=position,
            clearance=int(clearance),
            organisation=org,
            role=role,
            is_superuser=superuser,
            personal_data=role == M,
        )
        self.users.append(user)
        if org is not None:
            org.users.setdefault(role, []).append(user.id)
        return user


# --- writing rows ------------------------------------------------------------------------------------------------


class Sink:
    """Rows of one table: the columns given, then constants (the fields' defaults) for the rest."""

    def __init__(self, writer, model, columns, batch):
        self.writer, self.model, self.batch = writer, model, batch
        opts = model._meta
        fields = {f.attname: f for f in opts.concrete_fields}
        missing = [name for name in columns if name not in fields]
        if missing:
            raise ValueError(f"{opts.label}: no such columns {missing}")
        tail_fields = [f for f in opts.concrete_fields if f.attname not in columns and not f.primary_key]
        tail = []
        for f in tail_fields:
            if f.has_default():
                value = f.get_default()
            elif f.null:
                value = None
            elif f.empty_strings_allowed and isinstance(f, (models.CharField, models.TextField)):
                value = ""
            else:
                raise ValueError(f"{opts.label}.{f.attname} needs a value")
            if isinstance(f, models.JSONField):
                value = json.dumps(value)
            tail.append(value)
        self.tail = tuple(tail)
        self.fields = [fields[name] for name in columns] + tail_fields
        self.columns = [f.column for f in self.fields]
        self.rows = []
        self.count = 0

    def add(self, *values):
        self.rows.append(values + self.tail)
        if len(self.rows) >= self.batch:
            self.flush()

    def flush(self):
        if not self.rows:
            return
        rows, self.rows = self.rows, []
        self.count += len(rows)
        self.writer.write(self, rows)


class Writer:
    """Bulk rows through COPY (PostgreSQL) or executemany (SQLite), on Django's connection and transaction."""

    def __init__(self, batch=20000):
        connection.ensure_connection()
        self.vendor = connection.vendor
        if self.vendor not in ("postgresql", "sqlite"):
            raise RuntimeError(f"seed_scale supports PostgreSQL and SQLite, not {self.vendor}")
        self.raw = connection.connection
        self.batch = batch
        self.sinks = []
        self.seconds = 0.0  # spent writing (the rest of the time is spent generating)
        self.dropped = []  # (table, constraint, definition) of the foreign keys dropped for the load
        self.dropped_indexes = []  # (table, index, definition) of the secondary indexes dropped for the load

    def sink(self, model, columns):
        sink = Sink(self, model, columns, self.batch)
        quote = connection.ops.quote_name
        table = quote(model._meta.db_table)
        cols = ", ".join(quote(c) for c in sink.columns)
        if self.vendor == "postgresql":
            sink.sql = f"COPY {table} ({cols}) FROM STDIN"
        else:
            sink.sql = f"INSERT INTO {table} ({cols}) VALUES ({', '.join('?' * len(sink.columns))})"
        self.sinks.append(sink)
        return sink

    def write(self, sink, rows):
        started = time.monotonic()
        try:
            self._write(sink, rows)
        finally:
            self.seconds += time.monotonic() - started

    def _write(self, sink, rows):
        if self.vendor == "postgresql":
            with self.raw.cursor() as cursor, cursor.copy(sink.sql) as copy:
                for row in rows:
                    copy.write_row(row)
        else:
            # Django's sqlite3 adapters write dates, naive UTC datetimes and decimals as Django itself stores them.
            self.raw.executemany(sink.sql, rows)

    def flush(self):
        for sink in self.sinks:
            sink.flush()

    # The databases check each row's foreign keys one by one. PostgreSQL: they are dropped for the load and added
    # back, which validates every reference in one pass per constraint. SQLite: ``generate`` turns the checks off
    # (``constraint_checks_disabled``, outside a transaction only) and ``check_foreign_keys`` runs
    # ``PRAGMA foreign_key_check`` over the tables before the commit.
    def drop_foreign_keys(self, models_):
        if self.vendor != "postgresql":
            return
        tables = sorted({m._meta.db_table for m in models_})
        with connection.cursor() as cursor:
            cursor.execute(
                "SELECT c.conrelid::regclass::text, c.conname, pg_get_constraintdef(c.oid) FROM pg_constraint c "
                "JOIN pg_class t ON t.oid = c.conrelid WHERE c.contype = 'f' AND t.relname::text = ANY(%s) "
                "AND pg_table_is_visible(t.oid) ORDER BY 1, 2",
                [tables],
            )
            self.dropped = cursor.fetchall()
            for table, name, _definition in self.dropped:
                cursor.execute(f"ALTER TABLE {table} DROP CONSTRAINT {connection.ops.quote_name(name)}")
            # Secondary indexes too: one sort per index at the end is much faster than updating it row by row. The
            # indexes that back a constraint (primary keys, unique constraints another table refers to) stay.
            cursor.execute(
                "SELECT t.relname, i.relname, pg_get_indexdef(i.oid) FROM pg_index x "
                "JOIN pg_class i ON i.oid = x.indexrelid JOIN pg_class t ON t.oid = x.indrelid "
                "WHERE t.relname::text = ANY(%s) AND pg_table_is_visible(t.oid) "
                "AND NOT EXISTS (SELECT 1 FROM pg_constraint c WHERE c.conindid = i.oid) ORDER BY 1, 2",
                [tables],
            )
            self.dropped_indexes = cursor.fetchall()
            for _table, name, _definition in self.dropped_indexes:
                cursor.execute(f"DROP INDEX {connection.ops.quote_name(name)}")

    def check_foreign_keys(self, models_):
        if self.vendor == "sqlite":
            tables = [m._meta.db_table for m in models_]
            tables += [f.remote_field.through._meta.db_table for m in models_ for f in m._meta.local_many_to_many]
            connection.check_constraints(table_names=tables)
            return
        with connection.cursor() as cursor:
            cursor.execute("SET LOCAL maintenance_work_mem = '256MB'")
            for _table, _name, definition in self.dropped_indexes:
                cursor.execute(definition)  # a unique one checks its rows as it is built
            for table, name, definition in self.dropped:
                cursor.execute(f"ALTER TABLE {table} ADD CONSTRAINT {connection.ops.quote_name(name)} {definition}")
        self.dropped, self.dropped_indexes = [], []

    def reset_sequences(self, models_):
        if self.vendor != "postgresql":
            return  # SQLite's AUTOINCREMENT follows the largest id inserted
        with connection.cursor() as cursor:
            for sql in connection.ops.sequence_reset_sql(no_style(), list(models_)):
                cursor.execute(sql)


def next_ids(models_) -> dict:
    """The first free id of each model's table."""
    return {model: (model._base_manager.aggregate(top=models.Max("pk"))["top"] or 0) + 1 for model in models_}


# --- the generator -----------------------------------------------------------------------------------------------

#: every table the generator writes, parents first
MODELS = [
    OrganisationKind,
    Area,
    Organisation,
    SharingRule,
    User,
    Membership,
    Marker,
    Patrol,
    Inspection,
    Task,
    TaskUnit,
    ProgressReport,
    Programme,
    Indicator,
    PeriodicFigure,
]


@dataclass(eq=False)
class MarkerRow:
    id: int
    number: str
    sort_key: str
    kind: str
    form: str
    post: OrgRow
    commune: AreaRow
    border_line: str = BorderLine.CN
    condition: str = Condition.INTACT
    last_inspected_on: datetime.date | None = None


class Generator:
    def __init__(self, *, factor=1.0, seed=DEFAULT_SEED, end=DEFAULT_END, years=DEFAULT_YEARS, batch=20000, log=None):
        self.plan = Plan(factor)
        self.seed = seed
        self.end = end
        self.months = [add_months(end.replace(day=1), -k) for k in range(years * 12 - 1, -1, -1)]
        self.start = self.months[0]
        self.batch = batch
        self.log = log or (lambda message: None)
        tz = dj_timezone.get_default_timezone()
        self.offset = tz.utcoffset(datetime.datetime(end.year, end.month, end.day))  # Asia/Ho_Chi_Minh: no DST
        self.tz = UTC if connection.vendor == "postgresql" else None
        self.stats = {}

    # helpers
    def at(self, day, hour=8, minute=0):
        """The UTC datetime of a local day and time: aware for PostgreSQL, naive for SQLite (which stores naive UTC
        text, as Django does; the sqlite3 adapter Django registers writes it)."""
        return datetime.datetime(day.year, day.month, day.day, hour, minute, tzinfo=self.tz) - self.offset

    def local_date(self, moment):
        return (moment + self.offset).date()

    @staticmethod
    def between(rng, first, last):
        if last <= first:
            return first
        return first + datetime.timedelta(days=rng.randrange((last - first).days + 1))

    def run(self):
        started = time.monotonic()
        self.writer = Writer(self.batch)
        ids = next_ids(MODELS)
        self.ids = {model: itertools.count(ids[model]) for model in MODELS}
        taken = set(Marker.all_objects.values_list("border_line", "number"))
        self.structure = Structure(self.plan, self.seed, ids={m: ids[m] for m in (Area, Organisation, User)})
        self.taken_numbers = taken
        self.writer.drop_foreign_keys(MODELS)
        with translation.override(settings.LANGUAGE_CODE):  # stored texts: the deployment's language
            self.write_structure()
            self.log(f"structure: {len(self.structure.orgs)} organisations, {len(self.structure.users)} users")
            self.write_border()
            self.log(f"border: {self.sinks_count(Patrol)} patrols ({time.monotonic() - started:.0f} s)")
            self.write_general_tasks()
            self.log(f"tasks: {self.sinks_count(Task)} ({time.monotonic() - started:.0f} s)")
            self.write_figures()
        self.writer.flush()
        self.log(
            f"rows written ({time.monotonic() - started:.0f} s, {self.writer.seconds:.0f} s of them writing); "
            "checking references …"
        )
        self.writer.check_foreign_keys(MODELS)
        self.writer.reset_sequences(MODELS)
        self.stats = {sink.model._meta.db_table: 0 for sink in self.writer.sinks}
        for sink in self.writer.sinks:
            self.stats[sink.model._meta.db_table] += sink.count
        return self.stats

    def sinks_count(self, model):
        return sum(s.count + len(s.rows) for s in self.writer.sinks if s.model is model)

    def new_id(self, model):
        return next(self.ids[model])

    # --- structure ---------------------------------------------------------------------------------------------

    def write_structure(self):
        w, st = self.writer, self.structure
        created = self.at(self.start - datetime.timedelta(days=30))
        kinds = w.sink(
            OrganisationKind,
            (
                "id",
                "created_at",
                "updated_at",
                "search_text",
                "code",
                "name",
                "abbreviation",
                "is_party_body",
                "sort_order",
                "description",
            ),
        )
        self.kind_ids = {}
        existing = dict(OrganisationKind.all_objects.values_list("code", "pk"))
        for code, name, abbreviation, party, order in ORGANISATION_KINDS:
            if code in existing:
                self.kind_ids[code] = existing[code]
                continue
            pk = self.kind_ids[code] = self.new_id(OrganisationKind)
            kinds.add(
                pk, created, created, search_text(code, name, abbreviation), code, name, abbreviation, party, order, ""
            )

        areas = w.sink(
            Area,
            (
                "id",
                "created_at",
                "updated_at",
                "search_text",
                "valid_to",
                "code",
                "name",
                "kind",
                "parent_id",
                "is_border_commune",
                "border_length_km",
                "min_latitude",
                "max_latitude",
                "min_longitude",
                "max_longitude",
                "note",
                "source",
            ),
        )
        through = Area.predecessors.through
        predecessors = w.sink(through, ("from_area_id", "to_area_id"))
        for a in st.areas:
            parent = a.parent
            areas.add(
                a.id,
                created,
                created,
                search_text(a.code, a.name, parent.name if parent else None),
                a.valid_to,
                a.code,
                a.name,
                a.kind,
                parent.id if parent else None,
                a.is_border_commune,
                a.border_length_km,
                *(a.bounds or (None, None, None, None)),
                NOTE,
                "scale",
            )
            for old in a.predecessors:
                predecessors.add(a.id, old.id)

        orgs = w.sink(
            Organisation,
            (
                "id",
                "created_at",
                "updated_at",
                "search_text",
                "valid_to",
                "name",
                "short_name",
                "code",
                "kind_id",
                "parent_id",
                "successor_id",
                "note",
                "path",
                "depth",
            ),
        )
        org_areas = w.sink(Organisation.areas.through, ("organisation_id", "area_id"))
        for o in st.orgs:
            orgs.add(
                o.id,
                created,
                created,
                search_text(o.code, o.name, o.short_name),
                o.valid_to,
                o.name,
                o.short_name,
                o.code,
                self.kind_ids[o.kind],
                o.parent.id if o.parent else None,
                o.successor.id if o.successor else None,
                o.note,
                o.path,
                o.depth,
            )
            for area in o.areas:
                org_areas.add(o.id, area.id)

        # As in the demo: the provincial Border Guard shares totals with the Party committee, which shares all.
        rules = w.sink(
            SharingRule,
            (
                "id",
                "created_at",
                "updated_at",
                "search_text",
                "owner_id",
                "viewer_id",
                "mode",
                "include_subtree",
                "note",
            ),
        )
        note = "Theo Quy chế phối hợp (minh họa)"
        for prov in st.provinces:
            for owner, viewer, mode in (
                (prov.dubp, prov.tu, SharingMode.TOTALS),
                (prov.tu, prov.dubp, SharingMode.FULL),
            ):
                rules.add(
                    self.new_id(SharingRule),
                    created,
                    created,
                    search_text(owner.name, viewer.name, note),
                    owner.id,
                    viewer.id,
                    mode,
                    True,
                    note,
                )

        password = make_password(PASSWORD)  # once: argon2 is slow on purpose
        users = w.sink(
            User,
            (
                "id",
                "password",
                "is_superuser",
                "username",
                "email",
                "is_staff",
                "is_active",
                "date_joined",
                "full_name",
                "position",
                "clearance",
                "search_text",
            ),
        )
        memberships = w.sink(
            Membership,
            (
                "id",
                "created_at",
                "updated_at",
                "search_text",
                "user_id",
                "organisation_id",
                "role",
                "personal_data",
                "note",
            ),
        )
        for u in st.users:
            users.add(
                u.id,
                password,
                u.is_superuser,
                u.username,
                "",
                u.is_superuser,
                True,
                created,
                u.full_name,
                u.position,
                u.clearance,
                user_search_text(u.username, u.full_name, "", u.position),
            )
            if u.organisation is not None:
                o = u.organisation
                memberships.add(
                    self.new_id(Membership),
                    created,
                    created,
                    search_text(u.username, u.full_name, o.name, o.short_name),
                    u.id,
                    o.id,
                    int(u.role),
                    u.personal_data,
                    NOTE,
                )

    # --- border: markers, patrols, inspections and their follow-up tasks ---------------------------------------

    def allocate_markers(self, rng):
        """The markers of every post: the posts of a province stand on its border lines in turn
        (``ProvinceRow.lines``), and each line numbers its markers on its own (``marker_numbers``)."""
        posts = [
            (post, prov.lines[k % len(prov.lines)])
            for prov in self.structure.provinces
            for k, post in enumerate(prov.posts)
        ]
        counts = split(self.plan.markers, len(posts))
        numbers = {line: self.marker_numbers(line) for line in BorderLine.values}
        for (post, line), count in zip(posts, counts, strict=True):
            for _ in range(count):
                parsed = next(numbers[line])
                post.markers.append(
                    MarkerRow(
                        id=self.new_id(Marker),
                        number=parsed.normalized,
                        sort_key=parsed.sort_key,
                        kind=parsed.kind,
                        form=parsed.form,
                        post=post,
                        commune=rng.choice(post.communes),
                        border_line=line,
                    )
                )
        return [post for post, _line in posts]

    def marker_numbers(self, line):
        """The numbers of ``line``, skipping those it already has. Vietnam–China: the main markers 1…1378 (its cap),
        then the secondary ones 1/1, 2/1 …; the other lines (no cap but the sort key's): main markers 1, 2, 3 …"""
        if line == BorderLine.CN:
            candidates = (
                marker_number(main, secondary or None, border_line=line)
                for secondary in range(0, 100)
                for main in range(1, MAX_MAIN_NUMBER + 1)
            )
        else:
            candidates = (marker_number(main, border_line=line) for main in itertools.count(1))
        for parsed in candidates:
            if (line, parsed.normalized) not in self.taken_numbers:
                yield parsed

    def write_border(self):
        rng = random.Random(f"{self.seed}:border")
        w = self.writer
        posts = self.allocate_markers(rng)
        months = self.months
        patrol_counts = [split(n, len(months), rng) for n in split(self.plan.patrols, len(posts))]
        with_markers = [index for index, post in enumerate(posts) if post.markers]
        inspection_counts = [[0] * len(months) for _ in posts]
        if with_markers:
            for index, n in zip(with_markers, split(self.plan.inspections, len(with_markers)), strict=True):
                inspection_counts[index] = split(n, len(months), rng)

        patrols = w.sink(
            Patrol,
            (
                "id",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "search_text",
                "post_id",
                "kind",
                "started_at",
                "ended_at",
                "route",
                "border_guards",
                "militia",
                "people",
                "police",
                "findings",
            ),
        )
        inspections = w.sink(
            Inspection,
            (
                "id",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "search_text",
                "marker_id",
                "patrol_id",
                "inspected_on",
                "inspecting_unit_id",
                "condition",
                "notes",
                "follow_up_task_id",
            ),
        )
        self.task_sinks()
        for mi, month in enumerate(months):
            last_day = min(self.end, add_months(month, 1) - datetime.timedelta(days=1))
            days = (last_day - month).days + 1
            month_patrols = []
            for pi in range(len(posts)):
                for _ in range(patrol_counts[pi][mi]):
                    day = month + datetime.timedelta(days=rng.randrange(days))
                    start = self.at(day, rng.randint(5, 13), rng.choice((0, 15, 30, 45)))
                    month_patrols.append((start, pi))
            month_patrols.sort(key=lambda item: (item[0], item[1]))
            by_post = {}
            for start, pi in month_patrols:
                post = posts[pi]
                pk = self.new_id(Patrol)
                kind = weighted(rng, PATROL_KIND_WEIGHTS)
                ended = start + datetime.timedelta(minutes=rng.randint(8, 40) * 15)
                if post.markers and len(post.markers) > 1 and rng.random() < 0.8:
                    a, b = sorted(rng.sample(range(len(post.markers)), 2))
                    route = f"Từ mốc {post.markers[a].number} đến mốc {post.markers[b].number}"
                else:
                    route = f"Khu vực biên giới {rng.choice(post.communes).name}"
                findings = rng.choice(FINDINGS) if rng.random() < 0.7 else ""
                guards = rng.randint(2, 12)
                joint = kind == PatrolKind.JOINT
                user = post.user(R, A)
                patrols.add(
                    pk,
                    ended,
                    ended,
                    user,
                    user,
                    search_text(route, findings),
                    post.id,
                    kind,
                    start,
                    ended,
                    route,
                    guards,
                    rng.randint(0, 6),
                    rng.randint(0, 8 if joint else 4),
                    rng.randint(0, 3),
                    findings,
                )
                by_post.setdefault(pi, []).append((pk, self.local_date(start), ended))

            month_inspections = []
            for pi in with_markers:
                post = posts[pi]
                for _ in range(inspection_counts[pi][mi]):
                    candidates = by_post.get(pi)
                    if candidates:
                        patrol_id, day, ended = rng.choice(candidates)
                    else:
                        patrol_id, day = None, month + datetime.timedelta(days=rng.randrange(days))
                        ended = self.at(day, 16)
                    marker = rng.choice(post.markers)
                    condition = weighted(rng, CONDITION_WEIGHTS)
                    notes = rng.choice(INSPECTION_NOTES[condition])
                    month_inspections.append((day, pi, marker, patrol_id, ended, condition, notes))
            month_inspections.sort(key=lambda item: (item[0], item[1]))
            for day, pi, marker, patrol_id, ended, condition, notes in month_inspections:
                post = posts[pi]
                pk = self.new_id(Inspection)
                user = post.user(R, A)
                task_id = None
                if condition in SERIOUS_CONDITIONS:
                    task_id = self.follow_up(rng, post, marker, day, condition, notes, user)
                inspections.add(
                    pk,
                    ended,
                    ended,
                    user,
                    user,
                    search_text(marker.number, notes),
                    marker.id,
                    patrol_id,
                    day,
                    post.id,
                    condition,
                    notes,
                    task_id,
                )
                marker.condition, marker.last_inspected_on = condition, day  # ids follow the dates: the latest

        markers = w.sink(
            Marker,
            (
                "id",
                "created_at",
                "updated_at",
                "search_text",
                "border_line",
                "number",
                "sort_key",
                "kind",
                "form",
                "material",
                "latitude",
                "longitude",
                "elevation_m",
                "commune_id",
                "post_id",
                "condition",
                "last_inspected_on",
                "note",
            ),
        )
        created = self.at(self.start - datetime.timedelta(days=30))
        micro = Decimal(1000000)
        for post in posts:
            # inside the box of the post's province, which the marker form and the map check (``Marker.clean``);
            # in whole millionths of a degree from the box's own decimals, so no rounding puts one outside
            min_lat, max_lat, min_lon, max_lon = (int(edge * micro) for edge in post.province.area.bounds)
            for m in post.markers:
                lat = Decimal(rng.randint(min_lat, max_lat)) / micro
                lon = Decimal(rng.randint(min_lon, max_lon)) / micro
                elevation = Decimal(rng.randint(5000, 180000)) / 100
                markers.add(
                    m.id,
                    created,
                    created,
                    search_text(m.number, m.commune.name, ""),
                    m.border_line,
                    m.number,
                    m.sort_key,
                    m.kind,
                    m.form,
                    rng.choice(MATERIALS),
                    lat,
                    lon,
                    elevation,
                    m.commune.id,
                    post.id,
                    m.condition,
                    m.last_inspected_on,
                    "",
                )

    def follow_up(self, rng, post, marker, day, condition, notes, user):
        """The task ``inspection_record`` opens for a serious finding: lead the post, coordinating the commune
        party committee of the marker's commune."""
        title = gettext("Follow up marker %(number)s: %(condition)s") % {
            "number": marker.number,
            "condition": str(Condition(condition).label).lower(),
        }
        committee = post.province.committee_of_area.get(marker.commune.id)
        return self.emit_task(
            rng,
            created=day,
            assigner=post,
            lead=post,
            coordinating=[committee] if committee else [],
            title=title,
            description=notes,
            priority=Priority.HIGH,
            deadline=day + datetime.timedelta(days=15),
            classification=Classification.UNCLASSIFIED,
            user=user,
            parts=False,
        )

    # --- tasks -------------------------------------------------------------------------------------------------

    def task_sinks(self):
        if hasattr(self, "tasks"):
            return
        w = self.writer
        self.tasks = w.sink(
            Task,
            (
                "id",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "search_text",
                "classification",
                "holding_unit_id",
                "custodian",
                "storage_place",
                "title",
                "description",
                "assigned_by_org_id",
                "assigned_by_user_id",
                "deadline",
                "deadline_in_force",
                "priority",
                "status",
                "status_reason",
                "progress",
                "submitted_on",
                "completed_on",
                "completed_on_time",
            ),
        )
        self.units = w.sink(
            TaskUnit,
            (
                "id",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "search_text",
                "task_id",
                "organisation_id",
                "role",
                "part",
                "status",
                "progress",
            ),
        )
        self.reports = w.sink(
            ProgressReport,
            (
                "id",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "search_text",
                "unit_id",
                "reported_on",
                "text",
                "progress",
            ),
        )

    def emit_task(
        self,
        rng,
        *,
        created,
        assigner,
        lead,
        coordinating,
        title,
        description,
        priority,
        deadline,
        classification,
        user,
        parts=True,
    ):
        """One task with its units and their reports, in a state the workflow services could have reached by the
        last day."""
        end = self.end
        pk = self.new_id(Task)
        status = weighted(rng, TASK_STATUS_PAST if deadline < end else TASK_STATUS_OPEN)
        if created >= end - datetime.timedelta(days=1) and status != TaskStatus.NEW:
            status = TaskStatus.IN_PROGRESS if created < end else TaskStatus.NEW
        register = classification >= Classification.CONFIDENTIAL
        submitted_on = completed_on = on_time = None
        reason = ""
        limit = end  # the last day a report may be made
        closed = None  # the day of the last workflow step
        if status in (TaskStatus.DONE, TaskStatus.SUBMITTED, TaskStatus.RETURNED):
            latest = end - datetime.timedelta(days=1) if status == TaskStatus.DONE else end
            first = created + datetime.timedelta(days=1)
            if rng.random() < 0.85 or deadline + datetime.timedelta(days=1) > latest:
                submitted_on = self.between(rng, first, min(deadline, latest))
            else:
                submitted_on = self.between(rng, deadline + datetime.timedelta(days=1), latest)
            submitted_on = min(max(submitted_on, first), latest)
            closed = submitted_on
            if status == TaskStatus.DONE:
                completed_on = min(end, submitted_on + datetime.timedelta(days=rng.randint(0, 7)))
                on_time = submitted_on <= deadline
                closed = completed_on
                limit = submitted_on
            elif status == TaskStatus.SUBMITTED:
                limit = submitted_on
            else:  # returned: reported, submitted, sent back; the units may report again
                reason = "" if register else RETURN_REASON
                closed = min(end, submitted_on + datetime.timedelta(days=rng.randint(1, 10)))
        elif status == TaskStatus.CANCELLED:
            closed = limit = self.between(rng, created, end)
            reason = "" if register else CANCEL_REASON

        units = [(lead, UnitRole.LEAD)] + [(org, UnitRole.COORDINATING) for org in coordinating]
        unit_rows = []
        last_event = closed or created
        for index, (org, role) in enumerate(units):
            if status == TaskStatus.NEW:
                count, final = 0, 0
            elif status in (TaskStatus.DONE, TaskStatus.SUBMITTED):
                count, final = weighted(rng, REPORT_WEIGHTS), 100
            else:
                count = weighted(rng, REPORT_WEIGHTS)
                if index and rng.random() < 0.2:  # a coordinating unit that has not reported yet
                    count = 0
                if status == TaskStatus.CANCELLED and rng.random() < 0.3:
                    count = 0
                final = rng.randint(2, 19) * 5 if count else 0
            days = sorted(self.between(rng, created, limit) for _ in range(count))
            progress = sorted(rng.randint(1, final // 5) * 5 for _ in range(count - 1)) + [final] if count else []
            unit_rows.append((org, role, count, final, days, progress))
            if days:
                last_event = max(last_event, days[-1])
        if status == TaskStatus.DONE:
            task_progress = 100
        else:
            task_progress = round(sum(row[3] for row in unit_rows) / len(unit_rows))
        if register:
            title = description = ""
        holder = assigner.id if register else None
        created_at = self.at(created, 7 + pk % 8)  # before any report of the day (15:00 …)
        self.tasks.add(
            pk,
            created_at,
            max(created_at, self.at(last_event, 16)),
            user,
            user,
            search_text(title, description),
            int(classification),
            holder,
            REGISTER_CUSTODIAN if register else "",
            REGISTER_STORAGE_PLACE if register else "",
            title,
            description,
            assigner.id,
            user,
            deadline,
            deadline,
            int(priority),
            status,
            reason,
            task_progress,
            submitted_on,
            completed_on,
            on_time,
        )
        for org, role, count, final, days, progress in unit_rows:
            unit_id = self.new_id(TaskUnit)
            part = ""
            if parts and not register:
                part = rng.choice(LEAD_PARTS if role == UnitRole.LEAD else COORD_PARTS)
            unit_status = (
                UnitStatus.NOT_STARTED if not count else UnitStatus.DONE if final == 100 else UnitStatus.IN_PROGRESS
            )
            reporter = org.user(R, A)
            moments = [self.at(day, 15, rng.choice((0, 20, 40))) for day in days]
            self.units.add(
                unit_id,
                created_at,
                moments[-1] if moments else created_at,
                user,
                reporter if count else user,
                search_text(title, org.name, part),
                pk,
                org.id,
                role,
                part,
                unit_status,
                final,
            )
            for day, moment, value in zip(days, moments, progress, strict=True):
                text = "" if register else self.report_text(rng, value, org)
                self.reports.add(
                    self.new_id(ProgressReport),
                    moment,
                    moment,
                    reporter,
                    reporter,
                    search_text(text),
                    unit_id,
                    day,
                    text,
                    value,
                )
        return pk

    @staticmethod
    def report_text(rng, progress, org):
        if progress >= 100:
            return "Đã hoàn thành phần việc được giao; báo cáo kết quả kèm theo."
        if progress < 40:
            return f"Đã xây dựng kế hoạch, phân công cán bộ thực hiện; đạt {progress}% kế hoạch."
        return (
            f"Đã tổ chức {rng.randint(2, 8)} buổi tuyên truyền với {rng.randint(8, 60) * 10} lượt người tham gia; "
            f"đạt {progress}% kế hoạch."
        )

    def task_title(self, rng, created, province_row):
        title = f"{rng.choice(TASK_ACTIONS)} {rng.choice(TASK_OBJECTS)}"
        suffix = rng.randrange(5)
        if suffix == 0:
            title += f" năm {created.year}"
        elif suffix == 1:
            title += f" quý {['I', 'II', 'III', 'IV'][(created.month - 1) // 3]}/{created.year}"
        elif suffix == 2:
            title += f" tháng {created.month:02d}/{created.year}"
        elif suffix == 3 and province_row.communes:
            place = rng.choice(province_row.communes).areas[0].name
            title += f" tại {place[0].lower()}{place[1:]}"
        return title

    def pick_task_parties(self, rng, prov):
        """(assigner, lead, coordinating candidates) for a task of province ``prov``, as the coordination runs:
        the Party committee assigns to its units and to the Border Guard, the command to its posts, a post to its
        teams with the commune committees, a commune committee with the post of its area, the national level to
        the provinces."""
        st = self.structure
        party_units = [prov.vptu, *prov.boards, *prov.communes]
        bg_units = [*prov.departments, *prov.posts]
        kind = weighted(rng, ASSIGNER_WEIGHTS)
        if kind == "tu":
            return prov.tu, rng.choice([*party_units, prov.bch]), party_units + bg_units + [prov.bch]
        if kind == "vptu":
            return prov.vptu, rng.choice([*prov.boards, *prov.communes]), party_units
        if kind == "dubp":
            return prov.dubp, prov.bch, bg_units
        if kind == "bch":
            return prov.bch, rng.choice(bg_units), prov.posts + prov.communes
        if kind == "post":
            post = rng.choice(prov.posts)
            lead = rng.choice(post.teams) if post.teams and rng.random() < 0.4 else post
            committees = [prov.committee_of_area[a.id] for a in post.communes if a.id in prov.committee_of_area]
            return post, lead, [post, post.cell, *committees, *rng.sample(prov.posts, min(2, len(prov.posts)))]
        if kind == "xa":
            committee = rng.choice(prov.communes)
            area = committee.areas[0]
            posts = [post for post in prov.posts if area in post.communes]
            return committee, committee, [*posts, prov.vptu] if posts else [prov.vptu, prov.bch]
        root = rng.choice([st.vptw, st.btl])
        lead = prov.tu if root is st.vptw else prov.bch
        return root, lead, [prov.tu, prov.bch, prov.dubp, prov.vptu]

    def write_general_tasks(self):
        rng = random.Random(f"{self.seed}:tasks")
        self.task_sinks()
        already = self.sinks_count(Task)
        total = max(0, self.plan.tasks - already)
        provinces = self.structure.provinces
        for mi, count in enumerate(split(total, len(self.months), rng)):
            month = self.months[mi]
            last_day = min(self.end, add_months(month, 1) - datetime.timedelta(days=1))
            days = (last_day - month).days + 1
            created_days = sorted(month + datetime.timedelta(days=rng.randrange(days)) for _ in range(count))
            for created in created_days:
                prov = rng.choice(provinces)
                assigner, lead, candidates = self.pick_task_parties(rng, prov)
                candidates = [org for org in dict.fromkeys(candidates) if org is not lead]
                n = min(weighted(rng, COORDINATING_WEIGHTS), len(candidates))
                coordinating = rng.sample(candidates, n)
                deadline = created + datetime.timedelta(days=rng.choice((15, 30, 30, 45, 60, 90, 180)))
                self.emit_task(
                    rng,
                    created=created,
                    assigner=assigner,
                    lead=lead,
                    coordinating=coordinating,
                    title=self.task_title(rng, created, prov),
                    description=(
                        f"Thực hiện theo chỉ đạo của {assigner.short_name or assigner.name}; báo cáo kết quả trước "
                        f"ngày {deadline:%d/%m/%Y}."
                        if rng.random() < 0.5
                        else ""
                    ),
                    priority=weighted(rng, PRIORITY_WEIGHTS),
                    deadline=deadline,
                    classification=weighted(rng, CLASSIFICATION_WEIGHTS),
                    user=assigner.user(A, R, M),
                )

    # --- programmes and periodic figures -----------------------------------------------------------------------

    def write_figures(self):
        rng = random.Random(f"{self.seed}:figures")
        w = self.writer
        programmes, indicators = [], []  # (row), (indicator row)
        for prov in self.structure.provinces:
            for owner, participants, spec, code, name in (
                (
                    prov.bch,
                    prov.posts,
                    BG_INDICATORS,
                    f"S{prov.number:02d}-BG",
                    f"Chương trình “Đồn Biên phòng cùng đồng bào vượt khó” tỉnh {prov.name}",
                ),
                (
                    prov.tu,
                    prov.communes,
                    PARTY_INDICATORS,
                    f"S{prov.number:02d}-TU",
                    f"Chương trình phối hợp xây dựng khu vực biên giới vững mạnh tỉnh {prov.name}",
                ),
            ):
                pk = self.new_id(Programme)
                programmes.append((pk, code, name, owner, participants))
                for order, (icode, iname, unit, period, low, high) in enumerate(spec, start=1):
                    indicators.append(
                        (
                            self.new_id(Indicator),
                            pk,
                            icode,
                            iname,
                            unit,
                            period,
                            low,
                            high,
                            order,
                            name,
                            owner,
                            participants,
                        )
                    )

        # The figures, newest period first, until the count is reached (a small tree reaches further back).
        target = self.plan.periodic_figures
        figures = []
        month = self.end.replace(day=1)
        earliest = month
        while len(figures) < target and month.year >= 1990 and indicators:
            for ind in indicators:
                period = ind[5]
                if period == PeriodType.QUARTER and month.month % 3 != 1:
                    continue
                if period == PeriodType.YEAR and month.month != 1:
                    continue
                for org in ind[11]:
                    figures.append((ind, org, month))
                    if len(figures) >= target:
                        break
                if len(figures) >= target:
                    break
            earliest = month
            month = add_months(month, -1)
        start = min(self.start, earliest.replace(month=1))

        created = self.at(start - datetime.timedelta(days=1))
        prog_sink = w.sink(
            Programme,
            ("id", "created_at", "updated_at", "search_text", "code", "name", "owner_id", "start_date", "description"),
        )
        participants_sink = w.sink(Programme.participants.through, ("programme_id", "organisation_id"))
        for pk, code, name, owner, participants in programmes:
            description = NOTE
            prog_sink.add(
                pk,
                created,
                created,
                search_text(code, name, owner.name, description),
                code,
                name,
                owner.id,
                start,
                description,
            )
            for org in participants:
                participants_sink.add(pk, org.id)
        ind_sink = w.sink(
            Indicator,
            (
                "id",
                "created_at",
                "updated_at",
                "search_text",
                "programme_id",
                "code",
                "name",
                "unit",
                "period_type",
                "sort_order",
            ),
        )
        for pk, programme_id, code, name, unit, period, _low, _high, order, pname, _owner, _parts in indicators:
            ind_sink.add(
                pk, created, created, search_text(code, name, pname), programme_id, code, name, unit, period, order * 10
            )

        sink = w.sink(
            PeriodicFigure,
            (
                "id",
                "created_at",
                "updated_at",
                "created_by_id",
                "updated_by_id",
                "search_text",
                "indicator_id",
                "organisation_id",
                "period_type",
                "period_start",
                "value",
                "status",
                "submitted_at",
                "submitted_by_id",
                "approved_at",
                "approved_by_id",
                "locked_at",
                "status_reason",
            ),
        )
        figures.sort(key=lambda item: (item[2], item[0][0], item[1].id))  # ids in period order
        end_moment = self.at(self.end, 17)
        for ind, org, period_start in figures:
            pk_ind, _programme, code, name, _unit, period, low, high, _order, _pname, owner, _parts = ind
            last_day = period_end(period, period_start)
            reporter = org.user(R, A)
            approver = owner.user(A)
            value = Decimal(rng.randint(low, high))
            age = (self.end - last_day).days
            first_entry = self.at(min(self.end, max(period_start, last_day - datetime.timedelta(days=3))), 9)
            submitted_at = approved_at = locked_at = None
            submitted_by = approved_by = None
            reason = ""
            if last_day >= self.end:
                status = FigureStatus.DRAFT
                value = value if rng.random() < 0.7 else None
            else:
                roll = rng.random()
                if age <= 60:
                    status = (
                        FigureStatus.SUBMITTED
                        if roll < 0.6
                        else FigureStatus.DRAFT
                        if roll < 0.8
                        else FigureStatus.APPROVED
                    )
                else:
                    status = (
                        FigureStatus.LOCKED
                        if roll < 0.7
                        else FigureStatus.APPROVED
                        if roll < 0.95
                        else FigureStatus.REOPENED
                        if roll < 0.98
                        else FigureStatus.SUBMITTED
                    )
                if status != FigureStatus.DRAFT:
                    submitted_at = self.at(last_day + datetime.timedelta(days=rng.randint(1, 5)), 9, 30)
                    submitted_by = reporter
                if status in (FigureStatus.APPROVED, FigureStatus.LOCKED):
                    approved_at = submitted_at + datetime.timedelta(days=rng.randint(1, 10), hours=2)
                    approved_by = approver
                if status == FigureStatus.LOCKED:
                    locked_at = approved_at + datetime.timedelta(days=rng.randint(1, 30))
                if status == FigureStatus.REOPENED:
                    reason = REOPEN_REASON
                # nothing after the last day: a step that would fall later has not happened yet
                if locked_at and locked_at > end_moment:
                    status, locked_at = FigureStatus.APPROVED, None
                if approved_at and approved_at > end_moment:
                    status, approved_at, approved_by = FigureStatus.SUBMITTED, None, None
                if submitted_at and submitted_at > end_moment:
                    status, submitted_at, submitted_by, reason = FigureStatus.DRAFT, None, None, ""
            changed = locked_at or approved_at or submitted_at or first_entry
            if status == FigureStatus.REOPENED:
                changed = min(end_moment, (submitted_at or first_entry) + datetime.timedelta(days=40))
                submitted_at = submitted_at or first_entry
            sink.add(
                self.new_id(PeriodicFigure),
                first_entry,
                changed,
                reporter,
                reporter,
                search_text(code, name, org.name, ""),
                pk_ind,
                org.id,
                period,
                period_start,
                value,
                status,
                submitted_at,
                submitted_by,
                approved_at,
                approved_by,
                locked_at,
                reason,
            )


def generate(*, factor=1.0, seed=DEFAULT_SEED, end=DEFAULT_END, years=DEFAULT_YEARS, batch=20000, log=None):
    """Write the dataset in one transaction; returns {table: rows written}."""
    generator = Generator(factor=factor, seed=seed, end=end, years=years, batch=batch, log=log)
    with connection.constraint_checks_disabled(), transaction.atomic():
        stats = generator.run()
    generator.stats = stats
    return generator


def analyze():
    """Fresh planner statistics for the tables just filled."""
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE")


def key_figures() -> dict:
    """Figures that identify a dataset (the determinism check compares them between two runs)."""
    digest = hashlib.sha256()
    for value in User.objects.order_by("username").values_list("username", "full_name", "clearance"):
        digest.update(repr(value).encode())
    for value in Organisation.objects.order_by("code").values_list("code", "name", "depth"):
        digest.update(repr(value).encode())
    figures = {
        "counts": {model._meta.label: model._base_manager.count() for model in MODELS},
        "people": Patrol.objects.aggregate(g=models.Sum("border_guards"), m=models.Sum("militia")),
        "patrol_first": list(Patrol.objects.order_by("started_at", "post__code").values_list("route", "kind")[:5]),
        "conditions": dict(
            Inspection.objects.values_list("condition").annotate(n=models.Count("pk")).values_list("condition", "n")
        ),
        "task_statuses": dict(
            Task.objects.values_list("status").annotate(n=models.Count("pk")).values_list("status", "n")
        ),
        "task_progress": Task.objects.aggregate(p=models.Sum("progress"))["p"],
        "report_progress": ProgressReport.objects.aggregate(p=models.Sum("progress"))["p"],
        "figure_values": str(PeriodicFigure.objects.aggregate(v=models.Sum("value"))["v"]),
        "markers": list(
            Marker.objects.order_by("sort_key", "border_line").values_list("border_line", "number", "condition")[:10]
        ),
        "tree": digest.hexdigest(),
    }
    return figures


def example_accounts() -> list[tuple[str, str]]:
    """(username, scope) of a few accounts of each kind, for the command's summary."""
    wanted = [
        SUPERUSER,
        "vptw.admin",
        "bdbp.admin",
        "p01.tu.admin",
        "p01.tu.approver",
        "p01.bch.approver",
        "p01.post01.reporter",
        "p01.post01.approver",
        "p01.xa01.reporter",
        "p01.vptu.reporter",
    ]
    rows = []
    for user in User.objects.filter(username__in=wanted).prefetch_related("memberships__organisation"):
        scopes = [
            f"{ROLE_NAMES[m.role]} @ {m.organisation.name} [{m.organisation.code}]" for m in user.memberships.all()
        ]
        scope = "superuser (every organisation)" if user.is_superuser else "; ".join(scopes)
        rows.append((wanted.index(user.username), user.username, f"{scope}, clearance {user.clearance}"))
    return [(username, scope) for _i, username, scope in sorted(rows)]
