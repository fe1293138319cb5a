"""Illustrative crime-prevention records for Lạng Sơn, on top of ``seed_demo`` (organisations, areas, accounts) and
``seed_demo_border`` (the posts' markers). Run it after ``seed_demo_border``; ``seed_demo`` runs it before the demo
report, so the report's "phòng, chống tội phạm" section has figures.

**Everything here is invented** ("Dữ liệu minh họa." / "(minh họa)" in every note, name and register field). The
shape follows the public figures of the Border Guard of Lạng Sơn for 2025 (7 chuyên án; 209 vụ / 874 đối tượng, hình
sự 31 / 62, hành chính 178 / 785; heroin in grams, pháo in kilograms, poultry by the head), scaled down to two posts:

* a year of cases (the twelve months up to the day of the first run) for the posts Pò Mã and Hữu Nghị: about forty,
  a few criminal (drugs — heroin in blocks and in grams, synthetic pills —, counterfeit money, fireworks) and mostly
  administrative (smuggled fireworks, poultry, cigarettes, fuel; trade fraud; illegal exit and entry), some led by the
  post and some in support of the police or the customs, some of goods whose owner was not identified, with their
  outcomes (prosecuted and transferred, initial file handed over, fined, ownerless goods confiscated, still being
  handled), fines and budget receipts, the place (commune, village, the nearest marker, sometimes a point), groups
  of subjects by sex and nationality, the seized items and their chain of custody (seized → stored → handed over to
  the police or the customs, or destroyed); and a dozen cases of the year before, so that the figures have a same
  period last year;
* three operations (chuyên án), two of them with their cases;
* two cases classified Mật, kept as **register entries** only (code, date, category, counts, the unit holding the
  paper file, its custodian, where it is kept — no text), as the state-secrets rule requires while
  ``STATE_SECRET_CONTENT`` is off;
* the identities of a few subjects (personal data: written by the superuser, readable only with the personal-data
  permission);
* several situation notes of the two posts, one with its follow-up task;
* the Tỉnh ủy counts the Border Guard's cases as totals only: ``seed_demo``'s sharing rule (the Border Guard party
  committee's subtree, every record type, "totals") already says so; a rule for cases alone is added only when no
  such rule exists.

Idempotent in the style of ``seed_demo_border``: the records, whose dates move with the calendar, are created once
(skipped when the demo's first operation exists). Writes go through ``record_save`` and the security services as the
post's reporter (the ``admin`` superuser when the post has none), who is the actor of the change history.
"""

import datetime
import random
import time
from collections import Counter
from decimal import Decimal

from auditlog.context import set_actor
from django.contrib.contenttypes.models import ContentType
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from phoihop.accounts.models import Membership, User
from phoihop.audit.models import ChangeRecord
from phoihop.border.models import Marker
from phoihop.core.choices import Classification, Role
from phoihop.core.management.commands.seed_demo import ILLUSTRATIVE
from phoihop.core.services import record_save
from phoihop.orgs.choices import AreaKind, SharingMode
from phoihop.orgs.models import Area, Organisation, SharingRule
from phoihop.security import services
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

SEED = 2025
MARK = ILLUSTRATIVE  # "Dữ liệu minh họa."
LABEL = "(minh họa)"
POSTS = {"DBP-POMA": "PM", "DBP-HUUNGHI": "HN"}
POLICE = "Cơ quan Cảnh sát điều tra Công an tỉnh Lạng Sơn (minh họa)"
CUSTOMS = "Chi cục Hải quan cửa khẩu Hữu Nghị (minh họa)"
MARKET = "Đội Quản lý thị trường số 1, Cục Quản lý thị trường tỉnh (minh họa)"
STORE = "Kho tang vật của đồn (minh họa)"
REGISTER = {"custodian": "Trợ lý trinh sát của đồn (minh họa)", "storage_place": "Tủ tài liệu mật của đồn (minh họa)"}

# The operations: (post, code, name, category, months before today it opened, months it ran (None: still open),
# coordinating agencies, result)
OPERATIONS = [
    (
        "DBP-POMA",
        "CA-01",
        "Chuyên án đấu tranh đường dây vận chuyển heroin qua khu vực mốc 979 (minh họa)",
        "ma-tuy",
        10,
        5,
        "Phòng PC04 Công an tỉnh; Phòng Phòng chống ma túy và tội phạm BĐBP tỉnh (minh họa)",
        "Triệt phá đường dây, bắt 4 đối tượng, thu 2 bánh heroin và 155 g heroin (minh họa).",
    ),
    (
        "DBP-HUUNGHI",
        "CA-02",
        "Chuyên án đấu tranh với hoạt động vận chuyển pháo nổ qua biên giới dịp cuối năm (minh họa)",
        "vu-khi-vat-lieu-no",
        4,
        None,
        "Chi cục Hải quan cửa khẩu Hữu Nghị; Công an xã Đồng Đăng (minh họa)",
        "",
    ),
    (
        "DBP-POMA",
        "CA-03",
        "Chuyên án phòng ngừa mua bán người qua đường mòn biên giới (minh họa)",
        "mua-ban-nguoi",
        7,
        3,
        "Phòng PC02 Công an tỉnh; Hội Liên hiệp Phụ nữ xã Quốc Khánh (minh họa)",
        "Ngăn chặn kịp thời 1 vụ, giải cứu 2 phụ nữ; chuyển hồ sơ cho cơ quan điều tra (minh họa).",
    ),
]

# The cases: (post, category, days before today, role, subjects (None: ownerless), [(sex, nationality, count)],
# [(item type, quantity, unit or "", estimated value, face value)], outcome, operation code, place, summary)
# Outcomes: prosecuted, transferred (initial file handed over), fined (amount), confiscated, pending.
CASES = [
    # Pò Mã — drugs, led by the post, under operation CA-01
    (
        "DBP-POMA",
        "ma-tuy",
        290,
        "lead",
        2,
        [("male", "vn", 2)],
        [("heroin", "2", "banh", None, None), ("heroin", "35", "g", None, None)],
        ("prosecuted",),
        "CA-01",
        "Đường mòn khu vực mốc 979",
        "Bắt quả tang 2 đối tượng vận chuyển trái phép 2 bánh heroin và 35 g heroin",
    ),
    (
        "DBP-POMA",
        "ma-tuy",
        230,
        "lead",
        2,
        [("male", "vn", 1), ("male", "cn", 1)],
        [("heroin", "120", "g", None, None)],
        ("prosecuted",),
        "CA-01",
        "Khu vực mốc 981, cách đường biên khoảng 300 m",
        "Bắt giữ 2 đối tượng mua bán trái phép chất ma túy",
    ),
    (
        "DBP-POMA",
        "ma-tuy",
        150,
        "support",
        1,
        [("female", "vn", 1)],
        [("ma-tuy-tong-hop", "500", "vien", None, None)],
        ("transferred", POLICE),
        None,
        "Đầu cầu tràn thôn Pò Mã",
        "Phối hợp Công an xã bắt 1 đối tượng tàng trữ 500 viên ma túy tổng hợp",
    ),
    (
        "DBP-POMA",
        "ma-tuy",
        12,
        "lead",
        2,
        [("male", "vn", 2)],
        [("heroin", "1", "banh", None, None)],
        ("pending",),
        None,
        "Đường mòn sau trạm kiểm soát",
        "Bắt quả tang 2 đối tượng vận chuyển 1 bánh heroin, đang điều tra",
    ),
    # Pò Mã — trafficking in persons, prevented (under CA-03)
    (
        "DBP-POMA",
        "mua-ban-nguoi",
        180,
        "lead",
        1,
        [("female", "vn", 1)],
        [],
        ("prosecuted",),
        "CA-03",
        "Đường mòn gần mốc 985",
        "Ngăn chặn 1 đối tượng đưa 2 phụ nữ qua biên giới trái phép để bán",
    ),
    # Hữu Nghị — counterfeit money and fireworks (criminal)
    (
        "DBP-HUUNGHI",
        "tien-gia",
        200,
        "lead",
        1,
        [("male", "vn", 1)],
        [("tien-gia", "60", "to", None, "30000000")],
        ("prosecuted",),
        None,
        "Khu vực chợ cửa khẩu Tân Thanh",
        "Phát hiện 1 đối tượng tàng trữ 60 tờ tiền giả mệnh giá 500.000 đồng",
    ),
    (
        "DBP-HUUNGHI",
        "vu-khi-vat-lieu-no",
        60,
        "lead",
        2,
        [("male", "vn", 2)],
        [("phao", "120", "kg", "60000000", None)],
        ("prosecuted",),
        "CA-02",
        "Đường mòn khu vực mốc 1119",
        "Bắt 2 đối tượng vận chuyển 120 kg pháo nổ qua biên giới",
    ),
    # Pò Mã — administrative: smuggling, fireworks, poultry, illegal crossing
    (
        "DBP-POMA",
        "buon-lau",
        330,
        "lead",
        3,
        [("male", "vn", 3)],
        [("phao", "45.5", "kg", "20000000", None)],
        ("fined", "15000000"),
        None,
        "Thôn Pò Mã",
        "Vận chuyển 45,5 kg pháo hoa nổ không rõ nguồn gốc",
    ),
    (
        "DBP-POMA",
        "buon-lau",
        310,
        "support",
        None,
        [],
        [("gia-cam", "150", "con", "15000000", None)],
        ("confiscated", "9000000"),
        None,
        "Bờ suối gần mốc 975",
        "Phát hiện 150 con gà thịt không rõ chủ sở hữu",
    ),
    (
        "DBP-POMA",
        "buon-lau",
        270,
        "lead",
        4,
        [("male", "vn", 3), ("female", "vn", 1)],
        [("thuoc-la", "1200", "bao", "24000000", None)],
        ("fined", "20000000"),
        None,
        "Ngầm tràn Bản Nà Nưa",
        "Vận chuyển 1.200 bao thuốc lá điếu nhập lậu",
    ),
    (
        "DBP-POMA",
        "xuat-nhap-canh-trai-phep",
        250,
        "lead",
        6,
        [("male", "vn", 4), ("female", "vn", 2)],
        [],
        ("fined", "4500000"),
        None,
        "Đường mòn khu vực mốc 983",
        "6 người xuất cảnh trái phép sang Trung Quốc làm thuê",
    ),
    (
        "DBP-POMA",
        "buon-lau",
        220,
        "support",
        None,
        [],
        [("phao", "80.4", "kg", "32000000", None)],
        ("confiscated", "0"),
        None,
        "Bụi cây gần đường tuần tra",
        "Phát hiện 80,4 kg pháo không xác định được chủ",
    ),
    (
        "DBP-POMA",
        "xuat-nhap-canh-trai-phep",
        205,
        "lead",
        8,
        [("male", "vn", 5), ("female", "vn", 3)],
        [],
        ("fined", "6000000"),
        None,
        "Thôn Pò Mã",
        "8 người nhập cảnh trái phép trở về, không qua cửa khẩu",
    ),
    (
        "DBP-POMA",
        "buon-lau",
        170,
        "lead",
        2,
        [("male", "vn", 2)],
        [("gia-cam", "250", "con", "25000000", None)],
        ("fined", "10000000"),
        None,
        "Khu vực mốc 977",
        "Vận chuyển 250 con gà giống nhập lậu",
    ),
    (
        "DBP-POMA",
        "gian-lan-thuong-mai",
        140,
        "support",
        2,
        [("male", "vn", 1), ("female", "vn", 1)],
        [("hang-hoa-khac", "300", "chiec", "45000000", None)],
        ("transferred", MARKET),
        None,
        "Thôn Pò Mã",
        "Kinh doanh 300 chiếc quần áo giả mạo nhãn hiệu",
    ),
    (
        "DBP-POMA",
        "xuat-nhap-canh-trai-phep",
        120,
        "lead",
        5,
        [("female", "vn", 3), ("male", "cn", 2)],
        [],
        ("fined", "5000000"),
        None,
        "Đường mòn khu vực mốc 979",
        "5 người qua lại biên giới trái phép",
    ),
    (
        "DBP-POMA",
        "buon-lau",
        95,
        "lead",
        3,
        [("male", "vn", 3)],
        [("xang-dau", "600", "lit", "12000000", None)],
        ("fined", "12000000"),
        None,
        "Bản Nà Nưa",
        "Vận chuyển 600 lít xăng không rõ nguồn gốc",
    ),
    (
        "DBP-POMA",
        "buon-lau",
        70,
        "support",
        None,
        [],
        [("thuoc-la", "500", "bao", "10000000", None)],
        ("confiscated", "6000000"),
        None,
        "Khe núi gần mốc 975",
        "Phát hiện 500 bao thuốc lá không rõ chủ",
    ),
    (
        "DBP-POMA",
        "xuat-nhap-canh-trai-phep",
        40,
        "lead",
        4,
        [("male", "vn", 4)],
        [],
        ("fined", "4000000"),
        None,
        "Đường mòn khu vực mốc 983",
        "4 người xuất cảnh trái phép",
    ),
    (
        "DBP-POMA",
        "buon-lau",
        20,
        "lead",
        2,
        [("male", "vn", 2)],
        [("phao", "30", "kg", "12000000", None)],
        ("pending",),
        None,
        "Thôn Pò Mã",
        "Vận chuyển 30 kg pháo, đang xác minh",
    ),
    # Hữu Nghị — administrative: smuggling through the gate area, trade fraud, illegal crossing
    (
        "DBP-HUUNGHI",
        "buon-lau",
        345,
        "support",
        3,
        [("male", "vn", 2), ("male", "cn", 1)],
        [("hang-hoa-khac", "1500", "chiec", "90000000", None)],
        ("transferred", CUSTOMS),
        None,
        "Khu vực cửa khẩu Hữu Nghị",
        "Phối hợp Hải quan phát hiện lô hàng 1.500 chiếc linh kiện điện tử không khai báo",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        320,
        "lead",
        None,
        [],
        [("phao", "150", "kg", "60000000", None)],
        ("confiscated", "0"),
        None,
        "Đường mòn khu vực mốc 1117",
        "Phát hiện 150 kg pháo không xác định được chủ",
    ),
    (
        "DBP-HUUNGHI",
        "xuat-nhap-canh-trai-phep",
        300,
        "lead",
        12,
        [("male", "vn", 7), ("female", "vn", 5)],
        [],
        ("fined", "9000000"),
        None,
        "Khu vực mốc 1116",
        "12 người xuất cảnh trái phép sang Trung Quốc lao động",
    ),
    (
        "DBP-HUUNGHI",
        "gian-lan-thuong-mai",
        280,
        "support",
        2,
        [("male", "vn", 2)],
        [("hang-hoa-khac", "2000", "chiec", "60000000", None)],
        ("transferred", MARKET),
        None,
        "Kho hàng gần cửa khẩu Tân Thanh",
        "Phối hợp phát hiện 2.000 chiếc mỹ phẩm không rõ nguồn gốc, giả mạo xuất xứ",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        260,
        "lead",
        5,
        [("male", "vn", 5)],
        [("gia-cam", "400", "con", "40000000", None)],
        ("fined", "25000000"),
        None,
        "Bờ sông gần mốc 1120",
        "Vận chuyển 400 con gà nhập lậu",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        240,
        "support",
        None,
        [],
        [("thuoc-la", "800", "bao", "16000000", None)],
        ("confiscated", "8000000"),
        None,
        "Khu vực mốc 1118",
        "Phát hiện 800 bao thuốc lá không rõ chủ",
    ),
    (
        "DBP-HUUNGHI",
        "xuat-nhap-canh-trai-phep",
        215,
        "lead",
        9,
        [("male", "vn", 6), ("female", "vn", 3)],
        [],
        ("fined", "7000000"),
        None,
        "Đường mòn khu vực mốc 1119",
        "9 người nhập cảnh trái phép trở về",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        190,
        "lead",
        4,
        [("male", "vn", 4)],
        [("phao", "64.5", "kg", "26000000", None)],
        ("fined", "30000000"),
        None,
        "Khu vực chợ Tân Thanh",
        "Vận chuyển 64,5 kg pháo",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        160,
        "support",
        3,
        [("male", "vn", 3)],
        [("xang-dau", "1200", "lit", "24000000", None)],
        ("transferred", CUSTOMS),
        None,
        "Khu vực cửa khẩu Hữu Nghị",
        "Vận chuyển 1.200 lít dầu không khai báo",
    ),
    (
        "DBP-HUUNGHI",
        "xuat-nhap-canh-trai-phep",
        130,
        "lead",
        7,
        [("female", "vn", 4), ("male", "vn", 3)],
        [],
        ("fined", "5500000"),
        None,
        "Khu vực mốc 1116",
        "7 người qua lại biên giới trái phép",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        110,
        "lead",
        None,
        [],
        [("phao", "95", "kg", "38000000", None)],
        ("confiscated", "0"),
        None,
        "Khe suối gần mốc 1121",
        "Phát hiện 95 kg pháo không xác định được chủ",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        85,
        "lead",
        2,
        [("male", "vn", 2)],
        [("thuoc-la", "2000", "bao", "40000000", None)],
        ("fined", "35000000"),
        None,
        "Khu vực chợ Tân Thanh",
        "Vận chuyển 2.000 bao thuốc lá nhập lậu",
    ),
    (
        "DBP-HUUNGHI",
        "gian-lan-thuong-mai",
        55,
        "support",
        1,
        [("female", "vn", 1)],
        [("hang-hoa-khac", "450", "chiec", "22000000", None)],
        ("fined", "15000000"),
        None,
        "Cửa hàng gần cửa khẩu Tân Thanh",
        "Kinh doanh 450 chiếc túi xách giả mạo nhãn hiệu",
    ),
    (
        "DBP-HUUNGHI",
        "xuat-nhap-canh-trai-phep",
        30,
        "lead",
        6,
        [("male", "vn", 6)],
        [],
        ("fined", "4500000"),
        None,
        "Đường mòn khu vực mốc 1117",
        "6 người xuất cảnh trái phép",
    ),
    (
        "DBP-HUUNGHI",
        "buon-lau",
        8,
        "lead",
        3,
        [("male", "vn", 3)],
        [("phao", "52", "kg", "21000000", None)],
        ("pending",),
        "CA-02",
        "Đường mòn khu vực mốc 1119",
        "Vận chuyển 52 kg pháo, đang xác minh",
    ),
]
# Two cases classified Mật: register entries only — (post, category, days before today, subjects, [items])
CLASSIFIED = [
    ("DBP-POMA", "ma-tuy", 100, 3, [("heroin", "3", "banh")]),
    ("DBP-HUUNGHI", "ma-tuy", 45, 2, [("heroin", "480", "g")]),
]
# The year before: (post, category, days before today, role, subjects (None: ownerless), [items], outcome)
LAST_YEAR = [
    ("DBP-POMA", "ma-tuy", 400, "lead", 2, [("heroin", "1", "banh")], ("prosecuted",)),
    ("DBP-POMA", "buon-lau", 430, "lead", 3, [("phao", "60", "kg")], ("fined", "12000000")),
    ("DBP-POMA", "xuat-nhap-canh-trai-phep", 470, "lead", 5, [], ("fined", "4000000")),
    ("DBP-POMA", "buon-lau", 520, "support", None, [("gia-cam", "200", "con")], ("confiscated", "5000000")),
    ("DBP-POMA", "buon-lau", 600, "lead", 2, [("thuoc-la", "700", "bao")], ("fined", "9000000")),
    ("DBP-POMA", "xuat-nhap-canh-trai-phep", 650, "lead", 7, [], ("fined", "5000000")),
    ("DBP-HUUNGHI", "ma-tuy", 410, "lead", 1, [("heroin", "85", "g")], ("prosecuted",)),
    ("DBP-HUUNGHI", "buon-lau", 450, "lead", None, [("phao", "210", "kg")], ("confiscated", "0")),
    ("DBP-HUUNGHI", "xuat-nhap-canh-trai-phep", 500, "lead", 10, [], ("fined", "8000000")),
    ("DBP-HUUNGHI", "buon-lau", 560, "support", 4, [("hang-hoa-khac", "900", "chiec")], ("transferred", CUSTOMS)),
    (
        "DBP-HUUNGHI",
        "gian-lan-thuong-mai",
        620,
        "support",
        2,
        [("hang-hoa-khac", "300", "chiec")],
        ("transferred", MARKET),
    ),
    ("DBP-HUUNGHI", "buon-lau", 700, "lead", 3, [("gia-cam", "120", "con")], ("fined", "6000000")),
]
# Identities of a few subjects (of the first criminal cases): (index in CASES, [(name, year, sex, nationality,
# ethnic group, identity number, address)])
IDENTITIES = {
    0: [
        ("Hoàng Văn Tám (minh họa)", 1989, "male", "vn", "Nùng", "020089000101", "Thôn Pò Mã, xã Quốc Khánh"),
        ("Lộc Văn Chín (minh họa)", 1994, "male", "vn", "Tày", "020094000102", "Bản Nà Nưa, xã Quốc Khánh"),
    ],
    1: [("Lý A Sáng (minh họa)", 1991, "male", "cn", "", "", "Bằng Tường, Quảng Tây, Trung Quốc")],
    5: [("Vi Văn Mười (minh họa)", 1985, "male", "vn", "Nùng", "020085000103", "Xã Đồng Đăng")],
}
# Situation notes: (post, days before today, category, reliability, assessment, open the follow-up task)
NOTES = [
    (
        "DBP-POMA",
        200,
        "ma-tuy",
        "fairly_reliable",
        "Xuất hiện đối tượng lạ thường xuyên qua lại khu vực mốc 979 vào ban đêm, nghi vận chuyển ma túy (minh họa).",
        False,
    ),
    (
        "DBP-POMA",
        75,
        "xuat-nhap-canh-trai-phep",
        "reliable",
        "Một số lao động tự do trong thôn có ý định sang Trung Quốc làm thuê dịp thu hoạch mía, không qua cửa khẩu "
        "(minh họa).",
        False,
    ),
    (
        "DBP-POMA",
        18,
        "mua-ban-nguoi",
        "unconfirmed",
        "Có thông tin đối tượng ngoài địa bàn tiếp cận, rủ rê phụ nữ trong thôn đi làm ăn xa với thu nhập cao; cần xác "
        "minh (minh họa).",
        True,
    ),
    (
        "DBP-HUUNGHI",
        150,
        "buon-lau",
        "reliable",
        "Hoạt động tập kết pháo ở các kho hàng gần cửa khẩu Tân Thanh tăng trong các tháng cuối năm (minh họa).",
        False,
    ),
    (
        "DBP-HUUNGHI",
        25,
        "buon-lau",
        "fairly_reliable",
        "Các đối tượng sử dụng xe máy không biển số chở hàng nhập lậu theo đường mòn khu vực mốc 1117 (minh họa).",
        False,
    ),
]


def decimal(value, places=0):
    return Decimal(str(value)).quantize(Decimal(1).scaleb(-places))


class Command(BaseCommand):
    help = (
        "Create ILLUSTRATIVE (invented) crime-prevention records for the border posts Pò Mã and Hữu Nghị — a year "
        "of cases with their subjects, seized items and chains of custody, operations, two register entries "
        "classified Mật, a few identities, situation notes — on top of seed_demo. Run it after seed_demo_border. "
        "Idempotent."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.created = Counter()
        history_before = ChangeRecord.objects.count()
        with transaction.atomic():
            self.load_world()
            self.seed_sharing()
            first = OPERATIONS[0]
            if Operation.all_objects.filter(lead_unit=self.posts[first[0]], name=first[2]).exists():
                self.stdout.write("Demo security: the cases were seeded already.")
            else:
                self.seed_operations()
                self.seed_cases()
                self.seed_classified()
                self.seed_last_year()
                self.seed_notes()
        self.report(started, ChangeRecord.objects.count() - history_before)

    # --- the world -------------------------------------------------------------------------------------------

    def load_world(self):
        self.admin = User.objects.filter(username="admin", is_superuser=True).first()
        if self.admin is None:
            raise CommandError("The demo organisations are missing: run `manage.py seed_demo` first.")
        self.today = timezone.localdate()
        self.rng = random.Random(SEED)
        orgs = {o.code: o for o in Organisation.objects.filter(code__in=[*POSTS, "TU-LS", "BCH-BDBP", "DU-BDBP"])}
        missing = [code for code in (*POSTS, "TU-LS", "BCH-BDBP") if code not in orgs]
        if missing:
            raise CommandError(f"Missing organisations {', '.join(missing)}: run `manage.py seed_demo` first.")
        self.orgs = orgs
        self.posts = {code: orgs[code] for code in POSTS}
        self.categories = {c.code: c for c in CaseCategory.objects.all()}
        self.item_types = {t.code: t for t in SeizedItemType.objects.all()}
        self.places = {}
        for code, post in self.posts.items():
            communes = sorted((a for a in post.areas.all() if a.kind != AreaKind.VILLAGE), key=lambda a: a.code)
            markers = list(Marker.objects.filter(post=post, latitude__isnull=False).order_by("sort_key"))
            if not communes:
                raise CommandError(f"{post.name} covers no commune: run `manage.py seed_demo` first.")
            villages = list(Area.objects.filter(kind=AreaKind.VILLAGE, parent__in=communes).order_by("code"))
            self.places[code] = (communes, markers, villages)
        self.actors = {}
        for code, post in self.posts.items():
            member = (
                Membership.objects.filter(
                    organisation=post, role__gte=Role.REPORTER, user__is_active=True, user__clearance__gte=1
                )
                .select_related("user")
                .order_by("role", "user__username")
                .first()
            )
            self.actors[code] = member.user if member else self.admin

    def on(self, days):
        return self.today - datetime.timedelta(days=days)

    def save(self, user, instance, service=record_save):
        with set_actor(user):
            obj = service(acting_user=user, instance=instance)
        self.created[type(instance).__name__] += 1
        return obj

    # --- sharing ---------------------------------------------------------------------------------------------

    def seed_sharing(self):
        """The Tỉnh ủy counts the Border Guard's cases: a "totals" (or "full") rule from the command or an
        organisation above it, for cases or every type, must exist; ``seed_demo``'s does."""
        tu, command = self.orgs["TU-LS"], self.orgs["BCH-BDBP"]
        case_type = ContentType.objects.get_for_model(Case)
        above = [int(pk) for pk in command.path.strip("/").split("/") if pk]
        covered = SharingRule.objects.filter(
            Q(owner=command) | Q(owner_id__in=above, include_subtree=True),
            Q(content_type__isnull=True) | Q(content_type=case_type),
            viewer=tu,
        ).exists()
        if not covered:
            rule = SharingRule(
                owner=command,
                viewer=tu,
                content_type=case_type,
                mode=SharingMode.TOTALS,
                include_subtree=True,
                note=f"Tỉnh ủy nắm số liệu tổng hợp về phòng, chống tội phạm (minh họa). {MARK}",
            )
            self.save(self.admin, rule)

    # --- operations and cases --------------------------------------------------------------------------------

    def seed_operations(self):
        self.sequence = Counter()
        self.operations = {}
        for post_code, short, name, category, opened_months, months, agencies, result in OPERATIONS:
            opened = self.on(opened_months * 30)
            closed = opened + datetime.timedelta(days=months * 30) if months else None
            operation = Operation(
                lead_unit=self.posts[post_code],
                code=f"{short}/{opened.year}",
                name=name,
                category=self.categories[category],
                coordinating_agencies=agencies,
                opened_on=opened,
                closed_on=closed if closed and closed <= self.today else None,
                result=result if closed and closed <= self.today else "",
            )
            self.operations[short] = self.save(self.actors[post_code], operation)

    def place(self, post_code, detail):
        """(commune, village, marker, latitude, longitude) for a case of ``post_code`` described by ``detail``: the
        marker its text names when the post has it, else one of the post's markers; a point near the marker for a
        third of the cases, none for some."""
        communes, markers, villages = self.places[post_code]
        marker = next((m for m in markers if f"mốc {m.number}" in detail), None)
        if marker is None and markers and self.rng.random() < 0.8:
            marker = self.rng.choice(markers)
        commune = next((c for c in communes if marker is not None and marker.commune_id == c.pk), communes[0])
        local = [v for v in villages if v.parent_id == commune.pk]
        village = next((v for v in local if v.name in detail), None) or (
            self.rng.choice(local) if local and self.rng.random() < 0.5 else None
        )
        latitude = longitude = None
        if marker is not None and self.rng.random() < 0.35:
            latitude = decimal(float(marker.latitude) - self.rng.uniform(0.001, 0.006), 6)
            longitude = decimal(float(marker.longitude) - self.rng.uniform(0.001, 0.006), 6)
        return commune, village, marker, latitude, longitude

    def next_code(self, post_code, occurred):
        """ "PM1225.2": the post, the month and year, the case's number in that month (as "LS1225.2" is written)."""
        key = (post_code, occurred.month, occurred.year)
        self.sequence[key] += 1
        return f"{POSTS[post_code]}{occurred:%m%y}.{self.sequence[key]}"

    def outcome_fields(self, outcome, occurred):
        kind, *rest = outcome
        fields = {"outcome": kind}
        if kind == "pending":
            return fields
        fields["outcome_on"] = min(occurred + datetime.timedelta(days=self.rng.randint(2, 20)), self.today)
        if kind == "prosecuted":
            fields["transferred_to"] = POLICE
        elif kind == "transferred":
            fields["transferred_to"] = rest[0]
        elif kind == "fined":
            fields["fine_amount"] = decimal(rest[0])
            fields["budget_receipts"] = decimal(rest[0])
        elif kind == "confiscated":
            fields["budget_receipts"] = decimal(rest[0])
        return fields

    def seed_cases(self):
        for index, row in enumerate(CASES):
            post_code, category, days, role, subjects, groups, items, outcome, operation, detail, summary = row
            occurred = self.on(days)
            commune, village, marker, latitude, longitude = self.place(post_code, detail)
            user = self.actors[post_code]
            category_obj = self.categories[category]
            handed = outcome[0] in ("prosecuted", "transferred")
            case = Case(
                code=self.next_code(post_code, occurred),
                occurred_on=occurred,
                occurred_time=datetime.time(
                    self.rng.choice([1, 4, 6, 9, 14, 19, 22, 23]), self.rng.choice([0, 15, 30])
                ),
                category=category_obj,
                role=role,
                operation=self.operations.get(operation) if operation else None,
                unit=self.posts[post_code],
                other_agencies="" if role == "lead" else "Công an xã; Hải quan cửa khẩu (minh họa)",
                commune=commune,
                village=village,
                place_detail=f"{detail} {LABEL}",
                marker=marker,
                latitude=latitude,
                longitude=longitude,
                ownerless=subjects is None,
                subject_count=subjects or 0,
                summary=f"{summary} {LABEL}.",
                note=MARK,
                **self.outcome_fields(outcome, occurred),
            )
            case = self.save(user, case)
            for sex, nationality, count in groups:
                self.save(user, CaseSubjectGroup(case=case, sex=sex, nationality=nationality, count=count))
            seized = []
            for code, quantity, unit, value, face in items:
                item = SeizedItem(
                    case=case,
                    item_type=self.item_types[code],
                    quantity=decimal(quantity, 3),
                    unit=unit,
                    estimated_value=decimal(value) if value else None,
                    face_value=decimal(face) if face else None,
                    description=LABEL,
                )
                seized.append(self.save(user, item))
            if seized:
                self.custody(user, case, outcome, handed)
            for name, year, sex, nationality, ethnic, number, address in IDENTITIES.get(index, []):
                identity = CaseSubjectIdentity(
                    case=case,
                    full_name=name,
                    birth_year=year,
                    sex=sex,
                    nationality=nationality,
                    ethnic_group=ethnic,
                    identity_number=number,
                    address=f"{address} {LABEL}",
                    note=MARK,
                )
                self.save(self.admin, identity)  # personal data: the superuser holds the permission

    def custody(self, user, case, outcome, handed):
        """The chain of the case's evidence: seized on the day, stored at the post, then handed over (to the
        agency that took the case, the customs for ownerless goods) or destroyed (ownerless fireworks)."""
        day = case.occurred_on
        steps = [("seized", day, {"place": case.place_detail, "minutes_number": f"{self.rng.randint(10, 99)}/BB-ĐBP"})]
        stored = min(day + datetime.timedelta(days=1), self.today)
        steps.append(("stored", stored, {"place": STORE}))
        kind = outcome[0]
        later = min(stored + datetime.timedelta(days=self.rng.randint(2, 15)), self.today)
        if handed:
            steps.append(("handed_over", later, {"handed_to": case.transferred_to, "minutes_number": "BG-01/ĐBP"}))
        elif kind == "confiscated":
            if case.seized_items.filter(item_type__code="phao").exists():
                steps.append(("destroyed", later, {"place": "Bãi tiêu hủy của tỉnh (minh họa)"}))
            else:
                steps.append(("handed_over", later, {"handed_to": CUSTOMS, "minutes_number": "BG-02/ĐBP"}))
        for kind, date, fields in steps:
            step = CustodyStep(case=case, kind=kind, date=date, note=MARK, **fields)
            self.save(user, step, service=services.case_custody_record)

    def seed_classified(self):
        """Register entries: the code, date, category and counts; the paper file's holder, custodian and place."""
        for post_code, category, days, subjects, items in CLASSIFIED:
            occurred = self.on(days)
            commune, _village, marker, _lat, _lon = self.place(post_code, "")
            user = self.actors[post_code]
            case = Case(
                code=self.next_code(post_code, occurred),
                occurred_on=occurred,
                category=self.categories[category],
                role="lead",
                unit=self.posts[post_code],
                commune=commune,
                marker=marker,
                subject_count=subjects,
                classification=Classification.CONFIDENTIAL,
                holding_unit=self.posts[post_code],
                outcome="prosecuted",
                outcome_on=min(occurred + datetime.timedelta(days=5), self.today),
                **REGISTER,
            )
            case = self.save(user, case)
            for code, quantity, unit in items:
                self.save(
                    user,
                    SeizedItem(case=case, item_type=self.item_types[code], quantity=decimal(quantity, 3), unit=unit),
                )

    def seed_last_year(self):
        for post_code, category, days, role, subjects, items, outcome in LAST_YEAR:
            occurred = self.on(days)
            commune, village, marker, latitude, longitude = self.place(post_code, "")
            user = self.actors[post_code]
            category_obj = self.categories[category]
            case = Case(
                code=self.next_code(post_code, occurred),
                occurred_on=occurred,
                category=category_obj,
                role=role,
                unit=self.posts[post_code],
                commune=commune,
                village=village,
                marker=marker,
                ownerless=subjects is None,
                subject_count=subjects or 0,
                summary=f"Vụ việc năm trước {LABEL}.",
                note=MARK,
                **self.outcome_fields(outcome, occurred),
            )
            case = self.save(user, case)
            for code, quantity, unit in items:
                self.save(
                    user,
                    SeizedItem(case=case, item_type=self.item_types[code], quantity=decimal(quantity, 3), unit=unit),
                )

    # --- situation notes --------------------------------------------------------------------------------------

    def seed_notes(self):
        for post_code, days, category, reliability, assessment, follow_up in NOTES:
            communes, markers, villages = self.places[post_code]
            marker = next((m for m in markers if f"mốc {m.number}" in assessment), None)
            commune = next((c for c in communes if marker is not None and marker.commune_id == c.pk), communes[0])
            user = self.actors[post_code]
            note = SituationNote(
                post=self.posts[post_code],
                noted_on=self.on(days),
                category=self.categories[category],
                commune=commune,
                marker=marker,
                source_reliability=reliability,
                assessment=assessment,
            )
            note = self.save(user, note, service=services.situation_note_record)
            if follow_up:
                with set_actor(user):
                    services.situation_note_follow_up(
                        acting_user=user, note=note, deadline=self.today + datetime.timedelta(days=20)
                    )
                self.created["Task"] += 1

    # --- summary ------------------------------------------------------------------------------------------------

    def report(self, started, history):
        created = sum(self.created.values())
        self.stdout.write(f"Demo security: {created} created; {history} history entries.")
        if created:
            self.stdout.write("  created: " + ", ".join(f"{name} {n}" for name, n in sorted(self.created.items())))
        cases = Case.objects.filter(unit__code__in=list(POSTS))
        year = cases.filter(occurred_on__gt=self.today - datetime.timedelta(days=365))
        self.stdout.write(
            f"  in the database: {year.count()} cases of the two posts in the last 12 months "
            f"({cases.count()} in all), {Operation.objects.filter(lead_unit__code__in=list(POSTS)).count()} "
            f"operations, {SituationNote.objects.filter(post__code__in=list(POSTS)).count()} situation notes."
        )
        self.stdout.write(f"  took {time.monotonic() - started:.1f} s.")
