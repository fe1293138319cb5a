"""An illustrative year of coordination work in Lạng Sơn, on top of ``seed_demo``'s organisations and accounts.

What it creates (everything invented carries "Dữ liệu minh họa." / "(minh họa)" in a note, summary or description):

* managed lists: document types, outreach topics, languages used in outreach;
* agreements (Quy chế phối hợp): the one in force between the Provincial Party Committee (TU-LS) and the Border
  Guard Party Committee (DU-BDBP) — eleven articles drawn from the 2023 Báo Lạng Sơn article on its results —,
  the 2016 one it replaced, the district-level one that expired with the district tier (30/6/2025), one between
  each border post's party cell and each commune party committee it covers, and a totals-only sharing rule set
  by the provincial agreement;
* about 40 documents: central texts with their real numbers and dates (Chỉ thị 37-CT/TW, Nghị quyết 33-NQ/TW,
  Luật Biên phòng Việt Nam 66/2020/QH14, Nghị định 140/2004/NĐ-CP and 34/2014/NĐ-CP, Chỉ thị 01/CT-TTg, the 2009
  Protocol and Agreements with China …) and invented provincial and local plans, guidance, notices and reports,
  with "implements" relations;
* dissemination duties (quán triệt) for eight documents, about 70 % of them done;
* about 60 outreach sessions by the border posts with the commune party committees as co-organisers;
* 200 tasks (plus the next occurrences of recurring ones) driven through the workflow services of
  ``phoihop.work.services`` by the users who would do it — the units' reporters and the assigning organisations'
  approvers — so statuses, progress, extensions and history are the real thing;
* an interim review conference of the provincial agreement, held about two months ago, with five conclusions,
  three of which became tasks (``task_from_conclusion``).

Dates are relative to the day the command runs: deadlines over the last twelve months and the next three.
The services stamp submissions, acceptances and extension decisions with *today*, so every accepted task shows
today as its completion date: a task is "done on time" only when its deadline in force is today or later (done
early, or after an approved extension), and every task accepted after a past deadline is "done late". Progress
reports, dissemination and outreach sessions carry dates in the past.

Idempotent, in the style of ``seed_demo``: reference data (lists, agreements, central documents, villages,
accounts) is looked up by stable keys and written only when it differs; the sections whose dates move with
the calendar (local documents, dissemination sessions, outreach, tasks, the conference) are created once,
each skipped when its marker exists, so a second run creates nothing and writes no history. Random choices
come from ``random.Random(2025)`` per section, so the demo is the same on every machine for a given day.
Missing units get demo reporter accounts ``<code>.reporter`` with the demo password.
"""

import calendar
import datetime
import random
import time
from collections import Counter, defaultdict

from auditlog.context import set_actor
from django.contrib.auth.hashers import make_password
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction
from django.utils import timezone

from phoihop.accounts.models import Membership, User
from phoihop.audit.models import ChangeRecord
from phoihop.core.choices import Classification, Role
from phoihop.core.management.commands.seed_demo import DEMO_PASSWORD, ILLUSTRATIVE, bare_name
from phoihop.core.services import record_restore, record_save
from phoihop.orgs.choices import AgreementStatus, AreaKind, ReviewFrequency, SharingMode
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, SharingRule
from phoihop.work import services
from phoihop.work.choices import (
    OPEN_STATUSES,
    ConferenceKind,
    Priority,
    Recurrence,
    RelationKind,
    SessionForm,
    SourceKind,
    UnitRole,
)
from phoihop.work.models import (
    Conclusion,
    Dissemination,
    DisseminationSession,
    Document,
    DocumentRelation,
    DocumentType,
    EthnicLanguage,
    ExtensionRequest,
    OutreachSession,
    OutreachTopic,
    ProgressReport,
    ReviewConference,
    Task,
    TaskUnit,
)

SEED = 2025
MARK = ILLUSTRATIVE  # "Dữ liệu minh họa." — labels invented records and marks the sections seeded once
# A record classified Mật or above is a register entry: no title, subject or text, only who holds the paper file,
# who keeps it and where (core.state_secrets; docs/security.md).
REGISTER_CUSTODIAN = "Nhân viên văn thư bảo mật của đơn vị (minh họa)"
REGISTER_STORAGE_PLACE = "Tủ tài liệu mật, bộ phận Văn thư – Lưu trữ (minh họa)"
ARTICLE = (
    "Tóm lược theo bài “Hiệu quả thực hiện Quy chế phối hợp giữa Tỉnh ủy với Đảng ủy Bộ đội Biên phòng” "
    "(Báo Lạng Sơn, 30/5/2023)."
)

# --- managed lists -------------------------------------------------------------------------------------------

# (code, name, abbreviation)
DOCUMENT_TYPES = [
    ("nghi-quyet", "Nghị quyết", "NQ"),
    ("chi-thi", "Chỉ thị", "CT"),
    ("ket-luan", "Kết luận", "KL"),
    ("quy-dinh", "Quy định", "QĐi"),
    ("quyet-dinh", "Quyết định", "QĐ"),
    ("ke-hoach", "Kế hoạch", "KH"),
    ("huong-dan", "Hướng dẫn", "HD"),
    ("thong-bao", "Thông báo", "TB"),
    ("cong-van", "Công văn", ""),
    ("bao-cao", "Báo cáo", "BC"),
    ("quy-che", "Quy chế", "QC"),
    ("luat", "Luật", ""),
    ("nghi-dinh", "Nghị định", "NĐ"),
    ("thong-tu", "Thông tư", "TT"),
    ("hiep-dinh", "Hiệp định", "HĐ"),
    ("nghi-dinh-thu", "Nghị định thư", ""),
]

OUTREACH_TOPICS = [
    ("ket-qua-phan-gioi-cam-moc", "Kết quả phân giới, cắm mốc"),
    ("nghi-dinh-thu-2009", "Nghị định thư phân giới, cắm mốc 2009"),
    ("hiep-dinh-quy-che-bien-gioi", "Hiệp định về quy chế quản lý biên giới"),
    ("hiep-dinh-cua-khau", "Hiệp định về cửa khẩu và quy chế quản lý cửa khẩu"),
    ("luat-bien-phong", "Luật Biên phòng Việt Nam"),
    ("phong-chong-ma-tuy", "Phòng, chống ma túy"),
    ("phong-chong-mua-ban-nguoi", "Phòng, chống mua bán người"),
    ("chong-buon-lau", "Chống buôn lậu, gian lận thương mại"),
    ("xuat-nhap-canh-trai-phep", "Xuất nhập cảnh trái phép"),
]

LANGUAGES = [
    ("kinh", "Kinh"),
    ("tay", "Tày"),
    ("nung", "Nùng"),
    ("dao", "Dao"),
    ("hmong", "H'Mông"),
    ("san-chay", "Sán Chay"),
    ("hoa", "Hoa"),
]

# Villages for the border communes that seed_demo gives none or one (names illustrative): code, name, commune.
VILLAGES = [
    ("20-V101", "Thôn Nà Lầu", "Quốc Khánh"),
    ("20-V102", "Thôn Pò Nhùng", "Tân Tiến"),
    ("20-V103", "Thôn Nà Lùng", "Thụy Hùng"),
    ("20-V104", "Thôn Bản Piàng", "Thụy Hùng"),
    ("20-V105", "Thôn Khòn Phạ", "Hoàng Văn Thụ"),
    ("20-V106", "Thôn Nà Pàn", "Hoàng Văn Thụ"),
    ("20-V107", "Khối Pò Cống", "Đồng Đăng"),
    ("20-V108", "Thôn Nà Han", "Đồng Đăng"),
    ("20-V109", "Thôn Khuổi Luông", "Ba Sơn"),
    ("20-V110", "Thôn Khuổi Tiềm", "Mẫu Sơn"),
    ("20-V111", "Thôn Pò Slảng", "Mẫu Sơn"),
    ("20-V112", "Thôn Bản Chắt", "Xuân Dương"),
    ("20-V113", "Thôn Nà Thang", "Xuân Dương"),
    ("20-V114", "Thôn Khuổi Nọi", "Kiên Mộc"),
    ("20-V115", "Thôn Bó Chầu", "Kiên Mộc"),
    ("20-V116", "Thôn Bản Khe", "Đình Lập"),
]

# Main languages besides Kinh spoken in each border commune (illustrative weights for outreach sessions).
COMMUNE_LANGUAGES = {
    "Mẫu Sơn": ["dao", "nung", "tay"],
    "Đình Lập": ["dao", "tay", "san-chay"],
    "Kiên Mộc": ["tay", "dao", "hmong"],
    "Xuân Dương": ["nung", "tay", "hoa"],
}
DEFAULT_LANGUAGES = ["nung", "tay", "hmong"]

# --- agreements ----------------------------------------------------------------------------------------------

PROVINCIAL_NUMBER = "01-QC/TU-ĐUBĐBP"
PROVINCIAL_TITLE = (
    "Quy chế phối hợp giữa Ban Thường vụ Tỉnh ủy và Ban Thường vụ Đảng ủy Bộ đội Biên phòng tỉnh trong lãnh đạo, "
    "chỉ đạo thực hiện nhiệm vụ xây dựng, quản lý, bảo vệ chủ quyền lãnh thổ, an ninh biên giới quốc gia"
)
PREVIOUS_NUMBER = "05-QC/TU-ĐUBĐBP"

F = ReviewFrequency
# (article, title, content, responsible organisation codes, review frequency, expected evidence)
PROVINCIAL_CLAUSES = [
    (
        1,
        "Quán triệt, triển khai nghị quyết, chỉ thị của Đảng, chính sách, pháp luật của Nhà nước về biên giới",
        "Thống nhất chỉ đạo tổ chức quán triệt, triển khai thực hiện các nghị quyết, chỉ thị của Đảng, chính sách, "
        "pháp luật của Nhà nước liên quan đến nhiệm vụ xây dựng, quản lý, bảo vệ chủ quyền, an ninh biên giới quốc "
        "gia, công tác biên phòng và xây dựng lực lượng Bộ đội Biên phòng tỉnh.",
        ["TU-LS", "DU-BDBP"],
        F.HALF_YEARLY,
        "Kế hoạch, báo cáo quán triệt; danh sách tổ chức đảng chưa quán triệt.",
    ),
    (
        2,
        "Tuyên truyền kết quả phân giới, cắm mốc, Nghị định thư và các hiệp định về biên giới, cửa khẩu",
        "Đẩy mạnh tuyên truyền về kết quả phân giới, cắm mốc, Nghị định thư phân giới, cắm mốc, Hiệp định về quy chế "
        "quản lý biên giới và Hiệp định về cửa khẩu và quy chế quản lý cửa khẩu biên giới đất liền Việt Nam – "
        "Trung Quốc; tuyên truyền bằng tiếng dân tộc tại các thôn, bản biên giới.",
        ["TU-LS", "DU-BDBP", "BCH-BDBP"],
        F.QUARTERLY,
        "Số buổi, số lượt người nghe, tài liệu phát hành, ngôn ngữ sử dụng.",
    ),
    (
        3,
        "Xây dựng vùng biên giới vững mạnh toàn diện; đưa dân trở lại làng bản cũ",
        "Lãnh đạo thực hiện nghị quyết của Tỉnh ủy về xây dựng vùng biên giới vững mạnh toàn diện và Đề án “Nâng cao "
        "đời sống nhân dân khu vực biên giới, gắn với việc đưa dân trở lại làng bản cũ và xây dựng một số thôn, bản "
        "dân cư mới ở khu vực biên giới”; các chương trình, dự án phát triển kinh tế – xã hội, quốc phòng, an ninh.",
        ["TU-LS", "BCH-BDBP"],
        F.YEARLY,
        "Số hộ, số khẩu trở lại làng bản cũ; công trình hạ tầng hoàn thành.",
    ),
    (
        4,
        "Trồng rừng, quản lý bảo vệ rừng gắn với bảo vệ chủ quyền lãnh thổ (Dự án 661 và các chương trình kế tiếp)",
        "Gắn việc trồng rừng, quản lý, bảo vệ rừng của nhân dân biên giới với bảo vệ chủ quyền lãnh thổ; Bộ đội "
        "Biên phòng làm chủ đầu tư các dự án trồng rừng dọc tuyến biên giới (Dự án 661 đã trồng trên 3.840 ha).",
        ["BCH-BDBP", "TU-LS"],
        F.YEARLY,
        "Diện tích trồng mới, chăm sóc, khoán bảo vệ (ha); số hộ nhận khoán.",
    ),
    (
        5,
        "Xây dựng lực lượng Bộ đội Biên phòng; tổ chức cơ sở đảng trong sạch, vững mạnh",
        "Phối hợp lãnh đạo, chỉ đạo xây dựng lực lượng Bộ đội Biên phòng tỉnh; xây dựng cấp ủy, tổ chức cơ sở đảng "
        "thuộc Đảng bộ Bộ đội Biên phòng tỉnh trong sạch, vững mạnh; đánh giá, xếp loại hằng năm.",
        ["DU-BDBP", "TU-LS"],
        F.YEARLY,
        "Kết quả đánh giá, xếp loại tổ chức cơ sở đảng và đảng viên.",
    ),
    (
        6,
        "Công tác cán bộ, quy hoạch cán bộ người địa phương, người dân tộc thiểu số",
        "Phối hợp chặt chẽ trong công tác cán bộ, bố trí, sắp xếp, quy hoạch cán bộ lãnh đạo theo phân cấp, nhất là "
        "cán bộ người địa phương, người dân tộc thiểu số; chủ động tạo nguồn, đào tạo, bồi dưỡng cán bộ cấp ủy, "
        "cán bộ chủ trì.",
        ["TU-LS", "DU-BDBP"],
        F.AS_NEEDED,
        "Văn bản trao đổi ý kiến về nhân sự; danh sách quy hoạch (mật).",
    ),
    (
        7,
        "Phong trào quần chúng tự quản đường biên, cột mốc và an ninh trật tự thôn, bản",
        "Lãnh đạo, chỉ đạo phong trào toàn dân tham gia tự quản đường biên, cột mốc và an ninh trật tự thôn, bản "
        "(Chỉ thị 01/CT-TTg), các phong trào hướng về biên giới; Ngày Biên phòng toàn dân.",
        ["BCH-BDBP", "TU-LS"],
        F.QUARTERLY,
        "Số tổ tự quản, số thành viên, số km đường biên và số mốc nhận tự quản.",
    ),
    (
        8,
        "“Mái ấm cho người nghèo nơi biên giới”; kết nghĩa, thăm hỏi dịp lễ, Tết",
        "Nâng cao hiệu quả chương trình “Mái ấm cho người nghèo nơi biên giới, hải đảo”; các hoạt động kết nghĩa, "
        "giúp đỡ, thăm hỏi cán bộ, nhân dân các xã, thôn, bản biên giới và các đồn biên phòng nhân dịp lễ, Tết.",
        ["BCH-BDBP", "TU-LS", "VP-TU"],
        F.HALF_YEARLY,
        "Số nhà bàn giao, kinh phí; số suất quà, số lượt thăm hỏi.",
    ),
    (
        9,
        "Quản lý, bảo vệ hệ thống mốc quốc giới",
        "Phối hợp lãnh đạo, chỉ đạo tổ chức tốt việc quản lý, bảo vệ hệ thống mốc quốc giới trên tuyến biên giới "
        "của tỉnh; kiểm tra định kỳ, xử lý kịp thời mốc bị hư hại, xê dịch.",
        ["BCH-BDBP"],
        F.QUARTERLY,
        "Biên bản kiểm tra mốc; số mốc hư hại đã xử lý.",
    ),
    (
        10,
        "Đấu tranh phòng, chống tội phạm, buôn lậu, gian lận thương mại, xuất nhập cảnh trái phép",
        "Chỉ đạo các cơ quan chức năng làm tốt công tác nắm tình hình; thực hiện chương trình quốc gia về đấu tranh "
        "phòng, chống tội phạm, nhất là tội phạm ma túy, mua bán phụ nữ, trẻ em, buôn bán tiền giả, vận chuyển vũ "
        "khí, vật liệu nổ qua biên giới; chống buôn lậu, gian lận thương mại, xuất nhập cảnh trái phép.",
        ["BCH-BDBP", "TU-LS"],
        F.MONTHLY,
        "Số vụ, số đối tượng bắt giữ, tang vật (số liệu tổng hợp).",
    ),
    (
        11,
        "Chế độ thông tin, báo cáo; sơ kết, tổng kết thực hiện Quy chế",
        "Định kỳ 6 tháng, hằng năm trao đổi thông tin, báo cáo kết quả thực hiện Quy chế; tổ chức hội nghị sơ kết, "
        "tổng kết rút kinh nghiệm. Số liệu tổng hợp của Đảng bộ Bộ đội Biên phòng tỉnh được chia sẻ với Tỉnh ủy.",
        ["VP-TU", "PCT-BDBP"],
        F.HALF_YEARLY,
        "Báo cáo 6 tháng, năm; thông báo kết luận hội nghị sơ kết.",
    ),
]

# Articles of each agreement between a post's party cell and a commune party committee.
PAIR_CLAUSES = [
    (
        1,
        "Phối hợp quán triệt, tuyên truyền chủ trương, chính sách, pháp luật về biên giới",
        "Phối hợp quán triệt cho cán bộ, đảng viên và tuyên truyền cho nhân dân các thôn, bản về chủ trương của "
        "Đảng, pháp luật của Nhà nước, các hiệp định về biên giới; tuyên truyền bằng tiếng dân tộc.",
        F.QUARTERLY,
    ),
    (
        2,
        "Xây dựng hệ thống chính trị cơ sở; đảng viên đồn biên phòng sinh hoạt tại chi bộ thôn, bản",
        "Đảng viên đồn biên phòng được phân công tham gia sinh hoạt tại chi bộ thôn, bản; phối hợp củng cố tổ chức "
        "đảng, chính quyền, đoàn thể cơ sở.",
        F.HALF_YEARLY,
    ),
    (
        3,
        "Quản lý, bảo vệ đường biên, mốc quốc giới; tổ tự quản",
        "Phối hợp tuần tra, kiểm tra mốc; xây dựng, duy trì hoạt động các tổ tự quản đường biên, cột mốc và an ninh "
        "trật tự thôn, bản.",
        F.MONTHLY,
    ),
    (
        4,
        "Giữ gìn an ninh trật tự, phát triển kinh tế – xã hội, giảm nghèo",
        "Phối hợp phòng, chống tội phạm và tệ nạn xã hội; giúp nhân dân phát triển sản xuất, xây dựng nông thôn mới; "
        "thăm hỏi, hỗ trợ hộ nghèo, gia đình chính sách.",
        F.QUARTERLY,
    ),
]

# --- documents -----------------------------------------------------------------------------------------------

# Central documents with their public numbers and dates, registered by the Office of the Provincial Party
# Committee: (key, type code, number, issuing body, signing date, subject, summary).
CENTRAL_DOCUMENTS = [
    (
        "CT37",
        "chi-thi",
        "37-CT/TW",
        "Bộ Chính trị",
        datetime.date(2009, 8, 4),
        "Về đại hội đảng bộ các cấp tiến tới Đại hội đại biểu toàn quốc lần thứ XI của Đảng",
        "Chỉ thị được nêu trong bài báo về việc thực hiện Quy chế phối hợp giữa Tỉnh ủy và Đảng ủy BĐBP tỉnh.",
    ),
    (
        "NQ33",
        "nghi-quyet",
        "33-NQ/TW",
        "Bộ Chính trị",
        datetime.date(2021, 9, 28),
        "Về Chiến lược bảo vệ biên giới quốc gia",
        "",
    ),
    (
        "LUATBG",
        "luat",
        "06/2003/QH11",
        "Quốc hội",
        datetime.date(2003, 6, 17),
        "Luật Biên giới quốc gia",
        "",
    ),
    (
        "LUATBP",
        "luat",
        "66/2020/QH14",
        "Quốc hội",
        datetime.date(2020, 11, 11),
        "Luật Biên phòng Việt Nam",
        "",
    ),
    (
        "ND140",
        "nghi-dinh",
        "140/2004/NĐ-CP",
        "Chính phủ",
        datetime.date(2004, 6, 25),
        "Quy định chi tiết thi hành một số điều của Luật Biên giới quốc gia",
        "Trong đó có quy định về quản lý, bảo vệ mốc quốc giới.",
    ),
    (
        "ND34",
        "nghi-dinh",
        "34/2014/NĐ-CP",
        "Chính phủ",
        datetime.date(2014, 4, 29),
        "Về Quy chế khu vực biên giới đất liền nước Cộng hòa xã hội chủ nghĩa Việt Nam",
        "",
    ),
    (
        "CT01",
        "chi-thi",
        "01/CT-TTg",
        "Thủ tướng Chính phủ",
        datetime.date(2015, 1, 9),
        "Về việc tổ chức phong trào toàn dân tham gia bảo vệ chủ quyền lãnh thổ, an ninh biên giới quốc gia trong "
        "tình hình mới",
        "Cơ sở của phong trào tự quản đường biên, mốc quốc giới và an ninh trật tự thôn, bản.",
    ),
    (
        "NDT2009",
        "nghi-dinh-thu",
        "",
        "Chính phủ nước CHXHCN Việt Nam và Chính phủ nước CHND Trung Hoa",
        datetime.date(2009, 11, 18),
        "Nghị định thư phân giới, cắm mốc biên giới đất liền Việt Nam – Trung Quốc",
        "Ký tại Bắc Kinh ngày 18/11/2009, có hiệu lực từ ngày 14/7/2010.",
    ),
    (
        "HDQLBG",
        "hiep-dinh",
        "",
        "Chính phủ nước CHXHCN Việt Nam và Chính phủ nước CHND Trung Hoa",
        datetime.date(2009, 11, 18),
        "Hiệp định về quy chế quản lý biên giới đất liền Việt Nam – Trung Quốc",
        "Ký tại Bắc Kinh ngày 18/11/2009, có hiệu lực từ ngày 14/7/2010.",
    ),
    (
        "HDCK",
        "hiep-dinh",
        "",
        "Chính phủ nước CHXHCN Việt Nam và Chính phủ nước CHND Trung Hoa",
        datetime.date(2009, 11, 18),
        "Hiệp định về cửa khẩu và quy chế quản lý cửa khẩu biên giới đất liền Việt Nam – Trung Quốc",
        "Ký tại Bắc Kinh ngày 18/11/2009, có hiệu lực từ ngày 14/7/2010.",
    ),
]

TU_BODY = "Ban Thường vụ Tỉnh ủy Lạng Sơn"
DU_BODY = "Ban Thường vụ Đảng ủy Bộ đội Biên phòng tỉnh"
BCH_BODY = "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn"

# Invented provincial and local documents: (key, owner code, type code, number, issuing body, signed, subject,
# implements keys, classification). ``signed`` is days before today, or (month, day) for the latest such day.
LOCAL_DOCUMENTS = [
    ("KH125", "VP-TU", "ke-hoach", "125-KH/TU", TU_BODY, 330,
     "Kế hoạch tiếp tục thực hiện Nghị quyết số 33-NQ/TW của Bộ Chính trị về Chiến lược bảo vệ biên giới quốc gia",
     ["NQ33"], 0),
    ("CT18", "VP-TU", "chi-thi", "18-CT/TU", TU_BODY, 300,
     "Chỉ thị về tăng cường sự lãnh đạo của cấp ủy đối với nhiệm vụ xây dựng, quản lý, bảo vệ biên giới quốc gia "
     "trong tình hình mới", ["NQ33", "CT01"], 0),
    ("CV345", "VP-TU", "cong-van", "345-CV/TU", "Tỉnh ủy Lạng Sơn", (1, 8),
     "Về việc thăm hỏi, tặng quà cán bộ, chiến sĩ các đồn biên phòng và nhân dân khu vực biên giới dịp Tết "
     "Nguyên đán", [], 0),
    ("HD35", "VP-TU", "huong-dan", "35-HD/BTGDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy", (2, 12),
     "Hướng dẫn tuyên truyền kỷ niệm Ngày truyền thống Bộ đội Biên phòng và Ngày Biên phòng toàn dân (03/3)",
     [], 0),
    ("KL22", "VP-TU", "ket-luan", "22-KL/TU", TU_BODY, 200,
     "Kết luận về kết quả thực hiện Đề án nâng cao đời sống nhân dân khu vực biên giới, gắn với đưa dân trở lại "
     "làng bản cũ", [], 0),
    ("BC210", "VP-TU", "bao-cao", "210-BC/TU", "Tỉnh ủy Lạng Sơn", 64,
     "Báo cáo sơ kết thực hiện Quy chế phối hợp giữa Ban Thường vụ Tỉnh ủy và Ban Thường vụ Đảng ủy Bộ đội Biên "
     "phòng tỉnh", [], 0),
    ("TB27", "VP-TU", "thong-bao", "27-TB/TU", TU_BODY, 55,
     "Thông báo kết luận của Thường trực Tỉnh ủy tại Hội nghị sơ kết thực hiện Quy chế phối hợp với Đảng ủy Bộ "
     "đội Biên phòng tỉnh", [], 0),
    ("HD12", "DU-BDBP", "huong-dan", "12-HD/ĐU", DU_BODY, 320,
     "Hướng dẫn quán triệt, triển khai Nghị quyết số 33-NQ/TW trong Đảng bộ Bộ đội Biên phòng tỉnh", ["NQ33"], 0),
    ("KH31", "DU-BDBP", "ke-hoach", "31-KH/ĐU", DU_BODY, 310,
     "Kế hoạch thực hiện Kế hoạch số 125-KH/TU của Ban Thường vụ Tỉnh ủy", ["KH125"], 0),
    ("NQ05", "DU-BDBP", "nghi-quyet", "05-NQ/ĐU", "Đảng ủy Bộ đội Biên phòng tỉnh", (1, 6),
     "Nghị quyết về lãnh đạo thực hiện nhiệm vụ quân sự, quốc phòng và công tác biên phòng năm", [], 0),
    ("BC08", "DU-BDBP", "bao-cao", "08-BC/ĐU", DU_BODY, (6, 20),
     "Báo cáo kết quả thực hiện Quy chế phối hợp với Ban Thường vụ Tỉnh ủy 6 tháng đầu năm", [], 0),
    ("CT41", "DU-BDBP", "chi-thi", "41-CT/ĐU", DU_BODY, 150,
     "Chỉ thị về nâng cao chất lượng sinh hoạt chi bộ các đồn biên phòng", [], 0),
    ("QD15", "DU-BDBP", "quyet-dinh", "15-QĐ/ĐU", DU_BODY, 240,
     "Quyết định phân công đảng viên đồn biên phòng tham gia sinh hoạt tại chi bộ thôn, bản biên giới", [], 0),
    ("KH45", "BCH-BDBP", "ke-hoach", "45/KH-BCH", BCH_BODY, 300,
     "Kế hoạch tuyên truyền kết quả phân giới, cắm mốc, Nghị định thư và các hiệp định về biên giới đất liền "
     "Việt Nam – Trung Quốc", ["NQ33"], 0),
    ("KH52", "BCH-BDBP", "ke-hoach", "52/KH-BCH", BCH_BODY, 290,
     "Kế hoạch triển khai phong trào toàn dân tham gia tự quản đường biên, mốc quốc giới và an ninh trật tự thôn, "
     "bản", ["CT01"], 0),
    ("HD07", "BCH-BDBP", "huong-dan", "07/HD-BCH", BCH_BODY, 260,
     "Hướng dẫn tuyên truyền bằng tiếng dân tộc (Tày, Nùng, Dao) tại các thôn, bản biên giới", ["KH45"], 0),
    ("QD90", "BCH-BDBP", "quyet-dinh", "90/QĐ-BCH", BCH_BODY, 230,
     "Quyết định thành lập các tổ công tác tăng cường cho các xã biên giới", [], 0),
    ("KH64", "BCH-BDBP", "ke-hoach", "64/KH-BCH", BCH_BODY, 180,
     "Kế hoạch phối hợp đấu tranh phòng, chống tội phạm ma túy, mua bán người trên tuyến biên giới", [], 1),
    ("TB12", "BCH-BDBP", "thong-bao", "12/TB-BCH", BCH_BODY, 100,
     "Thông báo kết quả kiểm tra tình trạng hệ thống mốc quốc giới", [], 0),
    ("BC118", "BCH-BDBP", "bao-cao", "118/BC-BCH", BCH_BODY, (12, 10),
     "Báo cáo kết quả quản lý, bảo vệ hệ thống mốc quốc giới năm", ["ND140"], 0),
    ("CV2235", "PCT-BDBP", "cong-van", "2235/BCH-CT", BCH_BODY, 200,
     "Về việc phối hợp thực hiện Chương trình “Mái ấm cho người nghèo nơi biên giới”", [], 0),
    ("KHDX-BASON", "DUX-BASON", "ke-hoach", "14-KH/ĐU", "Đảng ủy xã Ba Sơn", 190,
     "Kế hoạch thực hiện Kế hoạch số 125-KH/TU của Ban Thường vụ Tỉnh ủy", ["KH125"], 0),
    ("KHDX-QUOCKHANH", "DUX-QUOCKHANH", "ke-hoach", "09-KH/ĐU", "Đảng ủy xã Quốc Khánh", 185,
     "Kế hoạch thực hiện Kế hoạch số 125-KH/TU của Ban Thường vụ Tỉnh ủy", ["KH125"], 0),
    ("KHDX-TANTIEN", "DUX-TANTIEN", "ke-hoach", "11-KH/ĐU", "Đảng ủy xã Tân Tiến", 175,
     "Kế hoạch quán triệt, triển khai Nghị quyết số 33-NQ/TW", ["NQ33"], 0),
    ("KHDX-DONGDANG", "DUX-DONGDANG", "ke-hoach", "16-KH/ĐU", "Đảng ủy xã Đồng Đăng", 170,
     "Kế hoạch quán triệt, triển khai Nghị quyết số 33-NQ/TW", ["NQ33"], 0),
]  # fmt: skip

# Each border post: a plan implementing 45/KH-BCH; two of them a six-month report too.
POST_DOCUMENTS = [
    ("KH", "ke-hoach", 24, 270, "Kế hoạch tuyên truyền kết quả phân giới, cắm mốc và các hiệp định năm", ["KH45"]),
    ("BC", "bao-cao", 61, 150, "Báo cáo kết quả phối hợp với đảng ủy các xã biên giới 6 tháng", []),
]

# (document key, assigning organisation, days from today to the deadline, which organisations)
DISSEMINATIONS = [
    ("NQ33", "TU-LS", -240, "communes"),
    ("NQ33", "DU-BDBP", -250, "cells"),
    ("HD12", "DU-BDBP", -260, "cells"),
    ("KH125", "TU-LS", -200, "communes"),
    ("LUATBP", "DU-BDBP", -150, "cells"),
    ("LUATBP", "TU-LS", -140, "communes"),
    ("KH45", "BCH-BDBP", -30, "cells"),
    ("CT01", "TU-LS", -60, "communes"),
    ("ND34", "TU-LS", 20, "communes"),
    ("CT18", "TU-LS", 45, "communes"),
    ("CT18", "DU-BDBP", 40, "cells"),
]

# --- tasks ---------------------------------------------------------------------------------------------------

# (title, source: ("clause", n) | ("pair", n) | ("doc", key) | None, assigner groups, lead kinds, coordinating
# kinds, classification). Placeholders: {commune} {post} {village} {quarter} {year}.
TASK_TEMPLATES = [
    ("Xây dựng kế hoạch triển khai Nghị quyết 33-NQ/TW tại {commune}", ("doc", "NQ33"), ["tu"], ["dux"],
     ["post"], 0),
    ("Tổ chức quán triệt Luật Biên phòng Việt Nam cho đảng viên Chi bộ {post}", ("doc", "LUATBP"), ["du"],
     ["cell"], [], 0),
    ("Tuyên truyền kết quả phân giới, cắm mốc và Nghị định thư năm 2009 tại {village}", ("clause", 2),
     ["bch", "tu"], ["post", "dux"], ["dux", "post"], 0),
    ("Tuyên truyền Hiệp định về quy chế quản lý biên giới đất liền bằng tiếng Tày, Nùng tại {commune}",
     ("clause", 2), ["bch"], ["post"], ["dux"], 0),
    ("Kiểm tra tình trạng hệ thống mốc quốc giới khu vực {post} quý {quarter}/{year}", ("clause", 9), ["bch"],
     ["post"], ["dux", "post2"], 0),
    ("Củng cố, kiện toàn tổ tự quản đường biên, cột mốc {village}", ("doc", "CT01"), ["bch", "post"],
     ["dux", "post"], ["post", "dux"], 0),
    ("Duy trì hoạt động tổ tự quản đường biên, cột mốc và an ninh trật tự {village}", ("pair", 3), ["post"],
     ["dux"], ["cell"], 0),
    ("Khảo sát, lựa chọn hộ nghèo được hỗ trợ xây nhà “Mái ấm cho người nghèo nơi biên giới” tại {commune}",
     ("clause", 8), ["bch", "tu"], ["post"], ["dux"], 0),
    ("Thăm hỏi, tặng quà gia đình chính sách, hộ nghèo {commune} dịp lễ, Tết", ("clause", 8),
     ["tu", "bch", "post"], ["dux", "post"], ["post", "dux"], 0),
    ("Tổ chức hoạt động kết nghĩa giữa {post} và {village}", ("pair", 4), ["post"], ["cell"], ["dux"], 0),
    ("Rà soát, bổ sung quy hoạch cán bộ người địa phương, người dân tộc thiểu số tại {commune}", ("clause", 6),
     ["tu"], ["dux"], [], 0),
    ("Đánh giá, xếp loại chất lượng tổ chức cơ sở đảng Chi bộ {post} năm {rated}", ("clause", 5), ["du"], ["cell"],
     [], 0),
    ("Phân công đảng viên {post} tham gia sinh hoạt tại chi bộ {village}", ("pair", 2), ["post", "du"], ["cell"],
     ["dux"], 0),
    ("Phối hợp đấu tranh phòng, chống tội phạm ma túy trên tuyến biên giới khu vực {post}", ("clause", 10),
     ["bch"], ["post"], ["pct", "post2"], 1),
    ("Nắm tình hình xuất nhập cảnh trái phép qua các lối mở thuộc {commune}", ("clause", 10), ["bch", "du"],
     ["post"], ["post2"], 1),
    ("Tuyên truyền phòng, chống mua bán người cho phụ nữ {village}", ("pair", 1), ["post"], ["dux"], ["cell"], 0),
    ("Trồng, chăm sóc và bảo vệ rừng phòng hộ biên giới tại {commune}", ("clause", 4), ["bch", "tu"], ["post"],
     ["dux"], 0),
    ("Rà soát hộ dân đăng ký trở lại làng bản cũ tại {commune}", ("clause", 3), ["tu"], ["dux"], ["post", "dux"], 0),
    ("Giúp nhân dân làm đường giao thông nông thôn tại {village}", ("pair", 4), ["post", "bch"], ["cell", "post"],
     ["dux"], 0),
    ("Tổ chức Ngày hội Biên phòng toàn dân tại {commune}", ("clause", 7), ["bch", "tu"], ["dux"], ["post", "dux"], 0),
    ("Quán triệt Chỉ thị 01/CT-TTg về phong trào toàn dân bảo vệ chủ quyền lãnh thổ tại {commune}",
     ("doc", "CT01"), ["tu"], ["dux"], ["post"], 0),
    ("Triển khai Kế hoạch 45/KH-BCH tuyên truyền phân giới, cắm mốc trên địa bàn {post}", ("doc", "KH45"),
     ["bch"], ["post"], ["dux"], 0),
    ("Phối hợp kiểm tra việc chấp hành Quy chế khu vực biên giới đất liền tại {commune}", ("doc", "ND34"),
     ["bch", "post"], ["post", "cell"], ["dux"], 0),
    ("Chuẩn bị nội dung giao ban công tác phối hợp quý {quarter}/{year}", None, ["vp", "du"], ["vptu", "pct"],
     ["pct", "vptu"], 0),
    ("Bồi dưỡng nghiệp vụ công tác dân vận cho Đội vận động quần chúng {post}", None, ["du", "bch"], ["post"], [],
     0),
    ("Phối hợp giải quyết vụ việc tranh chấp đất đai khu vực biên giới tại {commune}", None, ["tu", "post"],
     ["dux"], ["post", "dux"], 0),
]  # fmt: skip
RECURRING_TITLE = "Báo cáo định kỳ hằng quý kết quả thực hiện Quy chế phối hợp"

# Scenario → number of tasks. Together they reach every status and the extension outcomes.
TASK_PLAN = [
    ("new", 18),
    ("new_overdue", 6),
    ("progress", 32),
    ("progress_overdue", 18),
    ("ext_approved", 5),
    ("ext_refused", 3),
    ("ext_pending", 3),
    ("submitted", 10),
    ("submitted_late", 3),
    ("done_on_time", 38),
    ("done_extended", 3),
    ("done_late", 34),
    ("done_after_return", 4),
    ("returned", 8),
    ("cancelled", 10),
    ("recurring_done", 3),
]
# Scenario → deadline range in days from today.
DEADLINES = {
    "new": (5, 90),
    "new_overdue": (-45, -2),
    "progress": (3, 90),
    "progress_overdue": (-150, -2),
    "ext_approved": (-30, -3),
    "ext_refused": (-40, -3),
    "ext_pending": (-10, 10),
    "submitted": (2, 60),
    "submitted_late": (-30, -1),
    "done_on_time": (-300, 60),  # most were due and done on time in the past year
    "done_extended": (-20, -2),
    "done_late": (-330, -1),
    "done_after_return": (5, 45),
    "returned": (-15, 40),
    "cancelled": (-300, 60),
    "recurring_done": (0, 20),
}

LEAD_PARTS = [
    "Chủ trì xây dựng kế hoạch, tổ chức thực hiện và tổng hợp báo cáo kết quả.",
    "Chủ trì thực hiện; phân công cán bộ phụ trách từng thôn, bản.",
    "Chủ trì, chịu trách nhiệm chung về tiến độ và chất lượng.",
]
COORDINATING_PARTS = [
    "Phối hợp chuẩn bị địa điểm, vận động nhân dân tham gia.",
    "Cử cán bộ tham gia, cung cấp số liệu của đơn vị.",
    "Phối hợp tuyên truyền, hỗ trợ lực lượng khi có yêu cầu.",
    "",
]
REPORTS_STARTED = [
    "Đã xây dựng kế hoạch, phân công cán bộ phụ trách.",
    "Đã họp thống nhất nội dung và thời gian với các đơn vị phối hợp.",
    "Đang khảo sát thực tế tại các thôn, bản.",
]
REPORTS_MIDWAY = [
    "Đã tổ chức {n} buổi tại các thôn, bản với khoảng {m} lượt người tham gia.",
    "Đã thực hiện được khoảng {p}% khối lượng công việc; đang tiếp tục triển khai.",
    "Đã phối hợp với các đơn vị thực hiện tại {n} thôn, bản; còn lại sẽ hoàn thành trong kỳ tới.",
]
REPORTS_DONE = [
    "Đã hoàn thành nhiệm vụ; gửi kèm báo cáo kết quả.",
    "Hoàn thành phần việc được giao; đã tổng hợp số liệu gửi đơn vị chủ trì.",
    "Đã hoàn thành, đề nghị đơn vị giao nhiệm vụ xem xét, đánh giá.",
]
RETURN_REASONS = [
    "Báo cáo chưa có số liệu cụ thể về số buổi, số lượt người tham gia; đề nghị bổ sung.",
    "Chưa có ý kiến của đơn vị phối hợp; đề nghị hoàn thiện trước khi trình.",
    "Kết quả chưa đáp ứng yêu cầu của kế hoạch; đề nghị tiếp tục thực hiện phần còn lại.",
]
CANCEL_REASONS = [
    "Nội dung đã được lồng ghép vào nhiệm vụ khác trong kế hoạch năm.",
    "Không còn phù hợp sau khi sắp xếp đơn vị hành chính, kết thúc hoạt động cấp huyện từ 01/7/2025.",
    "Trùng với kế hoạch của Bộ Chỉ huy Bộ đội Biên phòng tỉnh; giao đơn vị khác thực hiện.",
    "Điều chỉnh theo Thông báo kết luận của Thường trực Tỉnh ủy.",
]
EXTENSION_REASONS = [
    "Mưa lũ kéo dài, đường vào các thôn bị sạt lở, chưa tổ chức được theo kế hoạch.",
    "Đang chờ bố trí kinh phí hỗ trợ; đề nghị gia hạn để hoàn thành.",
    "Lực lượng tập trung cho đợt cao điểm tấn công, trấn áp tội phạm trên tuyến biên giới.",
    "Trùng thời gian cao điểm dịp Tết Nguyên đán, nhân dân đi làm ăn xa chưa về.",
]
REFUSAL_NOTES = [
    "Nhiệm vụ cần hoàn thành đúng hạn để phục vụ hội nghị giao ban; đề nghị tăng cường lực lượng.",
    "Lý do chưa thuyết phục; đề nghị khẩn trương hoàn thành.",
]

# --- people (invented names for presiding officers and demo accounts) ----------------------------------------

SURNAMES = ["Hoàng", "Nông", "Lương", "Vi", "Lục", "Hà", "Triệu", "Lộc", "Lăng", "Chu", "Mã", "Dương", "Hứa", "Tô"]
MALE_NAMES = ["Bình", "Cường", "Dũng", "Hải", "Hưng", "Khải", "Lâm", "Nam", "Phúc", "Quang", "Tài", "Thắng", "Tuấn"]
FEMALE_NAMES = ["Hằng", "Hoa", "Huyền", "Liên", "Mai", "Nga", "Nhung", "Thảo", "Vân", "Yến"]

SESSION_FORMS = [
    (SessionForm.CONFERENCE, 5),
    (SessionForm.CELL_MEETING, 3),
    (SessionForm.STUDY, 1),
    (SessionForm.ONLINE, 1),
]
OUTREACH_WAYS = [
    "Tuyên truyền tập trung tại nhà văn hóa",
    "Lồng ghép trong buổi họp thôn",
    "Tuyên truyền lưu động bằng loa, kết hợp phát tờ gấp",
    "Tuyên truyền tại phiên chợ biên giới",
    "Sân khấu hóa, kết hợp văn nghệ",
]
MATERIALS = [
    "Tờ gấp hỏi – đáp về Luật Biên phòng Việt Nam",
    "Tài liệu song ngữ về Nghị định thư phân giới, cắm mốc",
    "Áp phích, pa nô về bảo vệ mốc quốc giới",
    "Tờ rơi phòng, chống ma túy, mua bán người",
    "Sổ tay pháp luật về khu vực biên giới",
]
ROMAN = {1: "I", 2: "II", 3: "III", 4: "IV"}


def add_days(day, days):
    return day + datetime.timedelta(days=days)


def latest(today, month, day):
    """The latest ``month``/``day`` strictly before ``today``."""
    for year in (today.year, today.year - 1):
        candidate = datetime.date(year, month, min(day, calendar.monthrange(year, month)[1]))
        if candidate < today:
            return candidate
    raise AssertionError("unreachable")


def initials(name):
    return "".join(word[0].upper() for word in name.split())


def weighted(rng, pairs):
    items, weights = zip(*pairs, strict=True)
    return rng.choices(items, weights=weights)[0]


class Command(BaseCommand):
    help = (
        "Create an illustrative year of coordination work for Lạng Sơn (agreements, documents, dissemination, "
        "outreach, tasks through their workflow, a review conference) on top of seed_demo. Idempotent."
    )

    def handle(self, *args, **options):
        started = time.monotonic()
        self.today = timezone.localdate()
        self.created = Counter()
        self.updated = Counter()
        history_before = ChangeRecord.objects.count()
        with transaction.atomic():
            self.load_world()
            self.seed_lists()
            self.seed_villages()
            self.seed_accounts()
            self.load_actors()
            self.seed_agreements()
            self.seed_documents()
            self.seed_dissemination()
            self.seed_outreach()
            self.seed_tasks()
            self.seed_conference()
        self.report(started, ChangeRecord.objects.count() - history_before)

    # --- generic idempotent writes -----------------------------------------------------------------------

    def save(self, user, instance, **kwargs):
        with set_actor(user):
            return record_save(acting_user=user, instance=instance, **kwargs)

    @staticmethod
    def register(holder, level) -> dict:
        """A classified record is a register entry (``core.state_secrets``): who holds the paper file and where."""
        if level < Classification.CONFIDENTIAL:
            return {}
        return {"holding_unit": holder, "custodian": REGISTER_CUSTODIAN, "storage_place": REGISTER_STORAGE_PLACE}

    @staticmethod
    def content(task, text):
        """``text``, or nothing on a classified task: its titles, parts, reports and reasons stay on paper. The
        text is drawn either way, so the random sequence (and the whole demo) is the same."""
        return "" if task.classification >= Classification.CONFIDENTIAL else text

    def run(self, user, service, **kwargs):
        """Call a workflow service as ``user``, with ``user`` as the actor of the history entries."""
        with set_actor(user):
            return service(acting_user=user, **kwargs)

    def sync(self, model, lookup, fields, m2m=None, user=None):
        """Create or update the ``model`` record matching ``lookup`` (restoring a deleted one) so that it has
        ``fields`` and the many-to-many sets in ``m2m``; nothing is written when it already matches."""
        user = user or self.admin
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
            self.save(user, obj, save_related=self.m2m_saver(obj, m2m))
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
            self.save(user, obj, expected_version=obj.version, save_related=self.m2m_saver(obj, m2m_changed))
            self.updated[model.__name__] += 1
        return obj

    def create_once(self, model, lookup, fields, m2m=None, user=None):
        """The record matching ``lookup`` (even deleted); created only when there is none. For records whose
        dates move with the calendar: a later run must not rewrite them."""
        obj = model.all_objects.filter(**lookup).order_by("pk").first()
        if obj is not None:
            return obj
        obj = model(**lookup, **fields)
        self.save(user or self.admin, obj, save_related=self.m2m_saver(obj, m2m or {}))
        self.created[model.__name__] += 1
        return obj

    @staticmethod
    def m2m_saver(obj, m2m):
        if not m2m:
            return None

        def save_related():
            for name, objs in m2m.items():
                getattr(obj, name).set(objs)

        return save_related

    def day(self, offset):
        return add_days(self.today, offset)

    # --- the world seed_demo built -----------------------------------------------------------------------

    def load_world(self):
        self.admin = User.objects.filter(username="admin", is_superuser=True).first()
        if self.admin is None:
            raise CommandError("The demo organisations are missing: run `manage.py seed_demo` first.")
        orgs = {o.code: o for o in Organisation.objects.select_related("kind").prefetch_related("areas")}
        missing = [code for code in ("TU-LS", "VP-TU", "DU-BDBP", "BCH-BDBP", "PCT-BDBP") if code not in orgs]
        if missing:
            raise CommandError(f"Missing organisations {', '.join(missing)}: run `manage.py seed_demo` first.")
        self.orgs = orgs
        self.communes = {}  # commune party committee code → (organisation, area)
        for org in orgs.values():
            if org.kind.code == "commune_party_committee":
                area = next((a for a in org.areas.all() if a.is_border_commune), None)
                if area is not None:
                    self.communes[org.code] = (org, area)
        commune_by_area = {area.pk: org for org, area in self.communes.values()}
        self.posts = []  # (post, party cell, [commune party committees it covers])
        for org in sorted(orgs.values(), key=lambda o: o.code):
            if org.kind.code != "border_post":
                continue
            cell = next((o for o in orgs.values() if o.parent_id == org.pk and o.kind.code == "post_party_cell"), None)
            areas = sorted(org.areas.all(), key=lambda a: a.code)
            covered = [commune_by_area[a.pk] for a in areas if a.pk in commune_by_area]
            if cell is not None and covered:
                self.posts.append((org, cell, covered))
        if not self.posts or not self.communes:
            raise CommandError("No border posts or border commune committees: run `manage.py seed_demo` first.")
        # (post, cell, commune committee, commune area) for every commune a post covers.
        self.cell_post = {cell.pk: post.pk for post, cell, _ in self.posts}
        self.places = [
            (post, cell, dux, self.communes[dux.code][1]) for post, cell, covered in self.posts for dux in covered
        ]

    def villages_of(self, area):
        return self.villages.get(area.pk, [])

    # --- managed lists and villages ------------------------------------------------------------------------

    def seed_lists(self):
        self.doc_types = {}
        for order, (code, name, abbreviation) in enumerate(DOCUMENT_TYPES, start=1):
            self.doc_types[code] = self.sync(
                DocumentType,
                {"code": code},
                {"name": name, "abbreviation": abbreviation, "sort_order": order * 10},
            )
        self.topics = {}
        for order, (code, name) in enumerate(OUTREACH_TOPICS, start=1):
            self.topics[code] = self.sync(OutreachTopic, {"code": code}, {"name": name, "sort_order": order * 10})
        self.languages = {}
        for order, (code, name) in enumerate(LANGUAGES, start=1):
            self.languages[code] = self.sync(EthnicLanguage, {"code": code}, {"name": name, "sort_order": order * 10})

    def seed_villages(self):
        by_name = {bare_name(area.name): area for _, area in self.communes.values()}
        for code, name, commune in VILLAGES:
            parent = by_name.get(commune)
            if parent is None:
                continue
            self.sync(
                Area,
                {"code": code},
                {
                    "name": name,
                    "kind": AreaKind.VILLAGE,
                    "parent": parent,
                    "source": "demo",
                    "note": MARK + " Tên thôn minh họa.",
                },
            )
        self.villages = defaultdict(list)
        for village in Area.objects.filter(kind=AreaKind.VILLAGE, parent__in=list(by_name.values())).order_by("code"):
            self.villages[village.parent_id].append(village)

    # --- accounts ------------------------------------------------------------------------------------------

    def seed_accounts(self):
        """A reporter account for every border post and border commune committee that has none."""
        rng = random.Random(SEED)
        has_reporter = set(
            Membership.objects.filter(role=Role.REPORTER, user__is_active=True).values_list(
                "organisation__code", flat=True
            )
        )
        self.new_accounts = []
        password = None
        communes = sorted(self.communes.values(), key=lambda pair: pair[0].code)
        targets = [post for post, _, _ in self.posts] + [org for org, _ in communes]
        for org in targets:
            username = f"{org.code.lower()}.reporter"
            female = rng.random() < 0.4
            full_name = f"{rng.choice(SURNAMES)} {'Thị' if female else 'Văn'} " + rng.choice(
                FEMALE_NAMES if female else MALE_NAMES
            )
            if org.code in has_reporter and not User.objects.filter(username=username).exists():
                continue
            is_post = org.kind.code == "border_post"
            user = User.objects.filter(username=username).first()
            if user is None:
                password = password or make_password(DEMO_PASSWORD)
                user = User(
                    username=username,
                    full_name=full_name,
                    position=("Trợ lý Đội vận động quần chúng" if is_post else "Văn phòng Đảng ủy xã") + " (minh họa)",
                    clearance=Classification.CONFIDENTIAL if is_post else Classification.UNCLASSIFIED,
                    password=password,
                )
                with set_actor(self.admin):
                    user.save()
                self.created["User"] += 1
                self.new_accounts.append(f"{username} (reporter @ {org.code})")
            self.sync(Membership, {"user": user, "organisation": org}, {"role": Role.REPORTER, "note": MARK})

    def load_actors(self):
        """Who acts for an organisation: the member of it (or of an organisation above it) with the role, the
        most specific membership first, then the lowest sufficient role."""
        self.members = []
        users = {}
        for m in Membership.objects.filter(user__is_active=True).select_related("user", "organisation"):
            user = users.setdefault(m.user_id, m.user)
            self.members.append((m.organisation.path, m.organisation.depth, m.role, user))
        self.actor_cache = {}

    def user_for(self, org, role, clearance=0):
        key = (org.pk, role, clearance)
        if key not in self.actor_cache:
            candidates = [
                (-depth, member_role, user.username, user)
                for path, depth, member_role, user in self.members
                if member_role >= role and org.path.startswith(path) and user.clearance >= clearance
            ]
            self.actor_cache[key] = min(candidates, key=lambda c: c[:3])[3] if candidates else self.admin
        return self.actor_cache[key]

    # --- agreements ----------------------------------------------------------------------------------------

    def seed_agreements(self):
        o = self.orgs
        tu, du = o["TU-LS"], o["DU-BDBP"]
        previous = self.sync(
            Agreement,
            {"owner": tu, "number": PREVIOUS_NUMBER},
            {
                "title": PROVINCIAL_TITLE,
                "signed_on": datetime.date(2016, 7, 20),
                "valid_from": datetime.date(2016, 7, 20),
                "valid_to": datetime.date(2021, 6, 14),
                "status": AgreementStatus.REPLACED,
                "summary": f"Quy chế nhiệm kỳ 2015–2020, được thay thế bởi Quy chế số {PROVINCIAL_NUMBER}. {MARK}",
            },
            m2m={"parties": [tu, du]},
        )
        self.agreement = self.sync(
            Agreement,
            {"owner": tu, "number": PROVINCIAL_NUMBER},
            {
                "title": PROVINCIAL_TITLE,
                "signed_on": datetime.date(2021, 6, 15),
                "valid_from": datetime.date(2021, 6, 15),
                "valid_to": None,
                "status": AgreementStatus.IN_FORCE,
                "previous": previous,
                "summary": "Quy chế phối hợp đang có hiệu lực giữa Tỉnh ủy và Đảng ủy Bộ đội Biên phòng tỉnh. "
                f"{ARTICLE} Số, ngày ký và nội dung các điều là minh họa. {MARK}",
            },
            m2m={"parties": [tu, du]},
        )
        self.clauses = {}
        for number, title, content, responsible, frequency, evidence in PROVINCIAL_CLAUSES:
            self.clauses[number] = self.sync(
                Clause,
                {"agreement": self.agreement, "number": number},
                {"title": title, "content": content, "review_frequency": frequency, "expected_evidence": evidence},
                m2m={"responsible": [o[code] for code in responsible]},
            )
        self.sync(
            SharingRule,
            {"owner": du, "viewer": tu, "agreement": self.agreement},
            {
                "content_type": None,
                "mode": SharingMode.TOTALS,
                "include_subtree": True,
                "note": f"Điều 11 Quy chế {PROVINCIAL_NUMBER}: số liệu tổng hợp (minh họa)",
            },
        )

        district = o.get("HU-CAOLOC")
        if district is not None:
            expired = self.sync(
                Agreement,
                {"owner": du, "number": "03-QC/ĐUBĐBP-HU"},
                {
                    "title": f"Quy chế phối hợp giữa Đảng ủy Bộ đội Biên phòng tỉnh và {district.name}",
                    "signed_on": datetime.date(2021, 10, 12),
                    "valid_from": datetime.date(2021, 10, 12),
                    "valid_to": datetime.date(2025, 6, 30),
                    "status": AgreementStatus.EXPIRED,
                    "summary": "Hết hiệu lực khi cấp huyện kết thúc hoạt động (30/6/2025); các xã kế thừa ký quy chế "
                    f"với chi bộ các đồn biên phòng. {MARK}",
                },
                m2m={"parties": [du, district]},
            )
            for number, title, content, frequency in PAIR_CLAUSES[:2]:
                self.sync(
                    Clause,
                    {"agreement": expired, "number": number},
                    {"title": title, "content": content, "review_frequency": frequency},
                    m2m={"responsible": [du, district]},
                )

        self.pair_agreements = {}  # (cell pk, commune committee pk) → {article: Clause}
        for index, (post, cell, dux, area) in enumerate(self.places):
            place = bare_name(post.name.removeprefix("Đồn Biên phòng ").removeprefix("Cửa khẩu quốc tế "))
            number = f"{index % 2 + 1:02d}-QC/CBĐBP{initials(place)}-ĐU{initials(bare_name(area.name))}"
            signed = datetime.date(2021, 9, 6) + datetime.timedelta(days=index * 9)
            agreement = self.sync(
                Agreement,
                {"owner": cell, "number": number},
                {
                    "title": f"Quy chế phối hợp giữa {cell.name} và {dux.name}",
                    "signed_on": signed,
                    "valid_from": signed,
                    "valid_to": None,
                    "status": AgreementStatus.IN_FORCE,
                    "summary": "Phối hợp giữa cấp ủy đồn biên phòng và đảng ủy xã biên giới theo Quy chế "
                    f"{PROVINCIAL_NUMBER}. {MARK}",
                },
                m2m={"parties": [cell, dux]},
            )
            self.pair_agreements[(cell.pk, dux.pk)] = {
                number: self.sync(
                    Clause,
                    {"agreement": agreement, "number": number},
                    {"title": title, "content": content, "review_frequency": frequency},
                    m2m={"responsible": [cell, dux]},
                )
                for number, title, content, frequency in PAIR_CLAUSES
            }

    # --- documents -----------------------------------------------------------------------------------------

    def seed_documents(self):
        registrar = self.orgs["VP-TU"]
        user = self.user_for(registrar, Role.REPORTER)
        self.documents = {}
        for key, type_code, number, body, signed, subject, summary in CENTRAL_DOCUMENTS:
            # A treaty has no number of this kind: its subject is its key.
            lookup = {"owner": registrar, "number": number} if number else {"owner": registrar, "subject": subject}
            fields = {"doc_type": self.doc_types[type_code], "issuing_body": body, "signed_on": signed}
            if number:
                fields["subject"] = subject
            fields["summary"] = summary
            self.documents[key] = self.sync(Document, lookup, fields, user=user)

        local = list(LOCAL_DOCUMENTS)
        for post, _, _ in self.posts:
            for kind, type_code, number, days, subject, implements in POST_DOCUMENTS:
                if kind == "BC" and post.code not in ("DBP-POMA", "DBP-BASON"):
                    continue
                number_text = f"{number}/{'KH' if kind == 'KH' else 'BC'}-ĐBP"
                local.append(
                    (f"{kind}-{post.code}", post.code, type_code, number_text, post.name, days, subject, implements, 0)
                )
        for key, owner_code, type_code, number, body, signed, subject, implements, level in local:
            owner = self.orgs.get(owner_code)
            if owner is None:
                continue
            signed_on = self.day(-signed) if isinstance(signed, int) else latest(self.today, *signed)
            document = self.create_once(
                Document,
                {"owner": owner, "number": number},
                {
                    "doc_type": self.doc_types[type_code],
                    "issuing_body": body,
                    "signed_on": signed_on,
                    # a classified document is a register entry: number, date, level, who holds it and where
                    "subject": "" if level else subject,
                    "summary": "" if level else f"Văn bản minh họa. {MARK}",
                    "classification": level,
                    **self.register(owner, level),
                },
                user=self.user_for(owner, Role.REPORTER, level),
            )
            self.documents[key] = document
            for target in implements:
                if target in self.documents:
                    self.create_once(
                        DocumentRelation,
                        {"source": document, "target": self.documents[target], "kind": RelationKind.IMPLEMENTS},
                        {},
                        user=self.user_for(owner, Role.REPORTER, level),
                    )

    # --- dissemination -------------------------------------------------------------------------------------

    def seed_dissemination(self):
        rng = random.Random(SEED)
        communes = [org for org, _ in sorted(self.communes.values(), key=lambda pair: pair[0].code)]
        cells = [cell for _, cell, _ in self.posts]
        plans = {org.pk: self.documents.get(f"KHDX-{org.code[4:]}") for org in communes}
        for key, assigner_code, deadline_days, targets in DISSEMINATIONS:
            document = self.documents.get(key)
            if document is None:
                continue
            assigner = self.orgs[assigner_code]
            assigner_user = self.user_for(assigner, Role.REPORTER)
            deadline = self.day(deadline_days)
            for organisation in communes if targets == "communes" else cells:
                if Dissemination.all_objects.filter(document=document, organisation=organisation).exists():
                    continue
                duty = Dissemination(
                    document=document,
                    organisation=organisation,
                    assigned_by=assigner,
                    deadline=deadline,
                    clause=self.clauses[1],
                    note=f"Theo Điều 1 Quy chế {PROVINCIAL_NUMBER} (minh họa)",
                )
                # As dissemination_assign does: the duty belongs to the assigned organisation.
                self.save(assigner_user, duty, check_scope=False)
                self.created["Dissemination"] += 1
                # Past deadlines: most done; future ones: fewer so far.
                done = rng.random() < (0.8 if deadline_days < 0 else 0.4)
                if not done:
                    continue
                earliest = max(document.signed_on, add_days(deadline, -90)) if document.signed_on else deadline
                latest_day = min(add_days(deadline, 25), add_days(self.today, -1))
                if latest_day <= earliest:
                    latest_day = add_days(earliest, 1)
                held_on = add_days(earliest, rng.randint(1, (latest_day - earliest).days))
                held_on = min(held_on, add_days(self.today, -1))
                is_cell = organisation.kind.code == "post_party_cell"
                expected = rng.randint(14, 38) if is_cell else rng.randint(60, 180)
                presider = f"{rng.choice(SURNAMES)} Văn {rng.choice(MALE_NAMES)}"
                session = DisseminationSession(
                    dissemination=duty,
                    held_on=held_on,
                    form=weighted(rng, SESSION_FORMS),
                    expected=expected,
                    participants=expected - rng.randint(0, max(1, expected // 8)),
                    presided_by=f"Đồng chí {presider}, "
                    + ("Bí thư Chi bộ đồn" if is_cell else "Bí thư Đảng ủy xã")
                    + " (minh họa)",
                    plan_document=plans.get(organisation.pk) if key == "KH125" else None,
                    note=MARK,
                )
                self.save(self.user_for(organisation, Role.REPORTER), session)
                self.created["DisseminationSession"] += 1

    # --- outreach ------------------------------------------------------------------------------------------

    def seed_outreach(self):
        if OutreachSession.all_objects.filter(note__contains=MARK).exists():
            return
        rng = random.Random(SEED)
        topic_weights = [6, 4, 4, 3, 5, 3, 2, 2, 2]
        topics = [self.topics[code] for code, _ in OUTREACH_TOPICS]
        for _ in range(60):
            post, cell, dux, area = rng.choice(self.places)
            villages = self.villages_of(area)
            village = rng.choice(villages) if villages and rng.random() < 0.75 else None
            chosen_topics = set()
            for _ in range(rng.choice([1, 1, 2, 2, 3])):
                chosen_topics.add(rng.choices(topics, weights=topic_weights)[0])
            local_languages = COMMUNE_LANGUAGES.get(bare_name(area.name), DEFAULT_LANGUAGES)
            languages = {self.languages[rng.choices(local_languages, weights=[6, 3, 1])[0]]}
            if rng.random() < 0.6:
                languages.add(self.languages["kinh"])
            audience = rng.randint(30, 300) if village is None else rng.randint(30, 140)
            materials = rng.sample(MATERIALS, rng.choice([0, 1, 1, 2]))
            pair = self.pair_agreements.get((cell.pk, dux.pk), {})
            clause = pair.get(1) if rng.random() < 0.5 else self.clauses[2]
            session = OutreachSession(
                owner=post,
                held_on=self.day(-rng.randint(3, 360)),
                commune=area,
                village=village,
                audience=audience,
                materials="; ".join(materials),
                materials_count=int(audience * rng.uniform(0.5, 1.2)) if materials else 0,
                clause=clause,
                note=f"{rng.choice(OUTREACH_WAYS)}. {MARK}",
            )
            self.save(
                self.user_for(post, Role.REPORTER),
                session,
                save_related=self.m2m_saver(
                    session,
                    {
                        "organisers": [post, dux],
                        "topics": sorted(chosen_topics, key=lambda t: t.pk),
                        "languages": sorted(languages, key=lambda lang: lang.pk),
                    },
                ),
            )
            self.created["OutreachSession"] += 1

    # --- tasks ---------------------------------------------------------------------------------------------

    def seed_tasks(self):
        if Task.all_objects.filter(description__contains=MARK).exists():
            return
        rng = random.Random(SEED)
        scenarios = [name for name, count in TASK_PLAN for _ in range(count)]
        rng.shuffle(scenarios)
        for scenario in scenarios:
            self.make_task(rng, scenario)

    def candidates(self, kind, place):
        """Organisations of ``kind`` around ``place``, the nearest first."""
        post, cell, dux, _ = place
        o = self.orgs
        if kind == "dux":  # the commune, then the other communes the same post covers
            covered = next(covered for p, _, covered in self.posts if p == post)
            return [dux] + [c for c in covered if c != dux]
        if kind == "post":
            return [post]
        if kind == "cell":
            return [cell]
        if kind == "pct":
            return [o["PCT-BDBP"]]
        if kind == "vptu":
            return [o["VP-TU"]]
        if kind == "post2":  # neighbouring posts
            return [p for p, _, _ in self.posts if p != post]
        raise ValueError(kind)

    def unit_key(self, org):
        """A post and its own party cell count as one unit."""
        return self.cell_post.get(org.pk, org.pk)

    def plan_task(self, rng, scenario):
        """Title, source, assigning organisation, lead and coordinating units of one task."""
        o = self.orgs
        place = rng.choice(self.places)
        post, cell, dux, area = place
        if scenario == "recurring_done":
            assigner = rng.choice([o["TU-LS"], o["DU-BDBP"]])
            lead = o["VP-TU"] if assigner.code == "TU-LS" else o["PCT-BDBP"]
            coordinating = [o["PCT-BDBP"] if assigner.code == "TU-LS" else o["VP-TU"]]
            return RECURRING_TITLE, ("clause", 11), assigner, lead, coordinating, 0, {}, Recurrence.QUARTERLY
        title, source, groups, lead_kinds, coord_kinds, level = rng.choice(TASK_TEMPLATES)
        group = rng.choice(groups)
        assigner = {"tu": o["TU-LS"], "vp": o["VP-TU"], "du": o["DU-BDBP"], "bch": o["BCH-BDBP"], "post": post}[group]
        first = rng.choice(lead_kinds)
        leads = [org for kind in [first, *lead_kinds] for org in self.candidates(kind, place) if org != assigner]
        lead = leads[0]
        # A post and its own party cell are one unit for the task: never lead and coordinator together.
        taken = {self.unit_key(lead), self.unit_key(assigner)}
        pool = [org for kind in coord_kinds for org in self.candidates(kind, place) if self.unit_key(org) not in taken]
        pool = list({org.pk: org for org in pool}.values())
        count = min(len(pool), weighted(rng, [(0, 2), (1, 4), (2, 3), (3, 1)]))
        coordinating = rng.sample(pool, count)
        villages = self.villages_of(area)
        commune = area.name.replace("Xã ", "xã ").replace("Phường ", "phường ")
        village = rng.choice(villages).name if villages else f"Các thôn {commune}"
        village = village[0].lower() + village[1:]
        values = {"commune": commune, "post": post.name, "village": village}
        if source and source[0] == "pair" and group != "post":
            source = ("clause", {1: 2, 2: 5, 3: 7, 4: 8}[source[1]])
        if source and source[0] == "pair":
            clause = self.pair_agreements.get((cell.pk, dux.pk), {}).get(source[1])
            source = ("pair_clause", clause) if clause else None
        return title, source, assigner, lead, coordinating, level, values, Recurrence.NONE

    def make_task(self, rng, scenario):
        title, source, assigner, lead, coordinating, level, values, recurrence = self.plan_task(rng, scenario)
        low, high = DEADLINES[scenario]
        deadline = self.day(rng.randint(low, high))
        if recurrence:  # due at the end of the current quarter
            quarter_end = datetime.date(self.today.year, ((self.today.month - 1) // 3 + 1) * 3, 1)
            deadline = datetime.date(
                quarter_end.year, quarter_end.month, calendar.monthrange(quarter_end.year, quarter_end.month)[1]
            )
            deadline = max(deadline, self.today)
        else:
            # The year under review: the one ending, or the one before when the deadline falls early in the year.
            rated = deadline.year if deadline.month >= 11 else deadline.year - 1
            title = title.format(
                quarter=ROMAN[(deadline.month - 1) // 3 + 1], year=deadline.year, rated=rated, **values
            )
        task = Task(
            title="" if level else title,  # a classified task is a register entry
            assigned_by_org=assigner,
            deadline=deadline,
            priority=weighted(rng, [(Priority.LOW, 1), (Priority.NORMAL, 6), (Priority.HIGH, 3), (Priority.URGENT, 1)]),
            recurrence=recurrence,
            classification=level,
            **self.register(assigner, level),
        )
        origin = "Giao trực tiếp"
        if source is None:
            task.source_kind = SourceKind.DIRECT
        elif source[0] == "clause":
            task.source_kind, task.clause = SourceKind.CLAUSE, self.clauses[source[1]]
            origin = f"Thực hiện Điều {source[1]} Quy chế phối hợp {PROVINCIAL_NUMBER}"
        elif source[0] == "pair_clause":
            task.source_kind, task.clause = SourceKind.CLAUSE, source[1]
            origin = f"Thực hiện Điều {source[1].number} Quy chế {source[1].agreement.number}"
        else:
            document = self.documents[source[1]]
            task.source_kind, task.document = SourceKind.DOCUMENT, document
            origin = f"Triển khai văn bản {document.number or document.subject}"
        task.description = self.content(task, f"{origin}. {MARK}")

        creator = self.user_for(assigner, Role.REPORTER, level)
        approver = self.user_for(assigner, Role.APPROVER, level)
        self.run(
            creator,
            services.task_create,
            task=task,
            lead=lead,
            lead_part=self.content(task, rng.choice(LEAD_PARTS)),
            coordinating=[(org, self.content(task, rng.choice(COORDINATING_PARTS))) for org in coordinating],
        )
        self.created["Task"] += 1
        units = sorted(task.units.all(), key=lambda u: (u.role != UnitRole.LEAD, u.pk))  # the lead first
        lead_unit, coord_units = units[0], units[1:]
        start = max(add_days(deadline, -rng.randint(30, 120)), self.day(-365))
        start = min(start, self.day(-rng.randint(5, 40)))
        self.drive(rng, scenario, task, lead_unit, coord_units, start, approver)

    def report_as(self, rng, task, unit, progress, on):
        user = self.user_for(unit.organisation, Role.REPORTER, task.classification)
        if progress >= 100:
            text = rng.choice(REPORTS_DONE)
        elif progress < 40:
            text = rng.choice(REPORTS_STARTED)
        else:
            text = rng.choice(REPORTS_MIDWAY).format(n=rng.randint(2, 8), m=rng.randint(80, 600), p=progress)
        text = self.content(task, text)
        self.run(user, services.progress_report, unit=unit, text=text, progress=progress, reported_on=on)
        self.created["ProgressReport"] += 1

    def dates(self, rng, start, end, count):
        """``count`` sorted days in (start, end], never after today."""
        end = min(end, self.today)
        if end <= start:
            start = add_days(end, -1)
        span = (end - start).days
        return sorted(add_days(start, rng.randint(1, span)) for _ in range(count))

    def progress_reports(self, rng, task, lead_unit, coord_units, start, end, target):
        """The lead reports up to ``target`` %; coordinating units report too (all of them at 100 %)."""
        steps = rng.randint(1, 3)
        values = sorted(rng.sample(range(10, 95, 5), steps - 1)) if steps > 1 else []
        values = [v for v in values if v < target] + [target]
        days = self.dates(rng, start, end, len(values))
        for value, on in zip(values, days, strict=True):
            self.report_as(rng, task, lead_unit, value, on)
        for unit in coord_units:
            if target >= 100:
                self.report_as(rng, task, unit, 100, self.dates(rng, start, end, 1)[0])
            elif rng.random() < 0.5:
                self.report_as(rng, task, unit, rng.choice([20, 30, 50, 70]), self.dates(rng, start, end, 1)[0])

    def lead_user(self, task, lead_unit):
        return self.user_for(lead_unit.organisation, Role.REPORTER, task.classification)

    def extension(self, rng, task, lead_unit, approver, new_deadline, decision):
        request = self.run(
            self.lead_user(task, lead_unit),
            services.extension_request,
            task=task,
            unit=lead_unit,
            requested_deadline=new_deadline,
            reason=self.content(task, rng.choice(EXTENSION_REASONS)),
        )
        self.created["ExtensionRequest"] += 1
        if decision is None:
            return
        note = self.content(task, "Đồng ý gia hạn." if decision else rng.choice(REFUSAL_NOTES))
        self.run(approver, services.extension_decide, request=request, approve=decision, note=note)

    @staticmethod
    def dated(task, **dates):
        """The dates the workflow stamps, as on the days the work was done (the services stamp the day of
        seeding): a task due in the past and done on time was submitted by its deadline. The history keeps the
        time of seeding."""
        Task.all_objects.filter(pk=task.pk).update(**dates)
        for name, value in dates.items():
            setattr(task, name, value)

    def drive(self, rng, scenario, task, lead_unit, coord_units, start, approver):
        deadline = task.deadline
        lead_user = self.lead_user(task, lead_unit)
        if scenario in ("new", "new_overdue"):
            return
        if scenario in ("progress", "progress_overdue"):
            self.progress_reports(rng, task, lead_unit, coord_units, start, self.today, rng.randint(2, 18) * 5)
            return
        if scenario in ("ext_approved", "ext_refused", "ext_pending", "done_extended"):
            self.progress_reports(rng, task, lead_unit, coord_units, start, self.today, rng.randint(4, 14) * 5)
            if scenario == "ext_pending":
                new_deadline = add_days(task.deadline_in_force, rng.randint(20, 40))
                self.extension(rng, task, lead_unit, approver, new_deadline, None)
                return
            new_deadline = self.day(rng.randint(15, 60) if scenario != "done_extended" else rng.randint(5, 30))
            self.extension(rng, task, lead_unit, approver, new_deadline, scenario != "ext_refused")
            if scenario != "done_extended":
                return
            self.report_as(rng, task, lead_unit, 100, self.today)
            for unit in coord_units:
                if unit.progress < 100:
                    self.report_as(rng, task, unit, 100, self.today)
            self.run(lead_user, services.task_submit, task=task)
            self.run(approver, services.task_accept, task=task)
            return
        if scenario == "cancelled":
            if rng.random() < 0.6:
                self.progress_reports(rng, task, lead_unit, [], start, min(deadline, self.today), 30)
            self.run(approver, services.task_cancel, task=task, reason=self.content(task, rng.choice(CANCEL_REASONS)))
            return
        # Everything else is finished by the units, then submitted — on the day the work ended (a task due in the
        # past and done on time was submitted by its deadline, not on the day the demo is seeded), and accepted a
        # few days later.
        late = scenario in ("done_late", "submitted_late")
        end = self.today if late or deadline >= self.today else deadline
        self.progress_reports(rng, task, lead_unit, coord_units, start, end, 100)
        submitted = max(start, add_days(end, -rng.randint(0, 3))) if end < self.today else self.today
        self.run(lead_user, services.task_submit, task=task)
        if scenario in ("submitted", "submitted_late"):
            self.dated(task, submitted_on=submitted)
            return
        if scenario in ("returned", "done_after_return"):
            self.run(approver, services.task_return, task=task, reason=self.content(task, rng.choice(RETURN_REASONS)))
            if scenario == "returned":
                return
            self.run(
                lead_user,
                services.progress_report,
                unit=lead_unit,
                text=self.content(task, "Đã bổ sung số liệu, hoàn thiện báo cáo theo yêu cầu."),
                progress=100,
                reported_on=self.today,
            )
            self.created["ProgressReport"] += 1
            self.run(lead_user, services.task_submit, task=task)
            submitted = self.today
        self.run(approver, services.task_accept, task=task)
        accepted = min(self.today, add_days(submitted, rng.randint(1, 5)))
        self.dated(
            task,
            submitted_on=submitted,
            completed_on=accepted,
            completed_on_time=submitted <= task.deadline_in_force,
        )
        if task.recurrence:
            self.created["Task"] += 1  # the next occurrence

    # --- review conference ---------------------------------------------------------------------------------

    def seed_conference(self):
        if ReviewConference.all_objects.filter(agreement=self.agreement, kind=ConferenceKind.INTERIM).exists():
            return
        rng = random.Random(SEED)
        o = self.orgs
        user = self.user_for(o["TU-LS"], Role.REPORTER)
        held_on = self.day(-60)
        conference = ReviewConference(
            agreement=self.agreement,
            kind=ConferenceKind.INTERIM,
            held_on=held_on,
            level="Cấp tỉnh",
            period_from=self.agreement.signed_on,
            period_to=self.day(-75),
            participants_count=142,
            participants="Thường trực Tỉnh ủy; Ban Thường vụ Đảng ủy Bộ đội Biên phòng tỉnh; Văn phòng Tỉnh ủy; "
            "Phòng Chính trị Bộ Chỉ huy BĐBP tỉnh; chi bộ các đồn biên phòng; đảng ủy các xã biên giới.",
            summary="Hội nghị sơ kết thực hiện Quy chế phối hợp: đánh giá kết quả quán triệt, tuyên truyền, phong "
            "trào tự quản đường biên, cột mốc, chương trình “Mái ấm cho người nghèo nơi biên giới”; chỉ ra hạn chế "
            f"về chế độ thông tin, báo cáo và tuyên truyền bằng tiếng dân tộc. {MARK}",
        )
        self.save(user, conference)
        self.created["ReviewConference"] += 1
        conclusions = [
            "Tiếp tục quán triệt, triển khai Nghị quyết 33-NQ/TW; rà soát các tổ chức đảng chưa hoàn thành việc "
            "quán triệt và hoàn thành trong quý tới.",
            "Đẩy mạnh tuyên truyền kết quả phân giới, cắm mốc, Nghị định thư và các hiệp định về biên giới bằng "
            "tiếng Tày, Nùng, Dao tại các thôn, bản biên giới.",
            "Kiện toàn các tổ tự quản đường biên, cột mốc hoạt động còn yếu tại các xã biên giới.",
            "Phối hợp chặt chẽ trong công tác cán bộ, tạo nguồn cán bộ người dân tộc thiểu số tại các xã biên giới.",
            "Tiếp tục thực hiện Chương trình “Mái ấm cho người nghèo nơi biên giới”; chuẩn bị tổng kết Quy chế.",
        ]
        saved = []
        for number, text in enumerate(conclusions, start=1):
            conclusion = Conclusion(conference=conference, number=number, text=text)
            self.save(user, conclusion)
            self.created["Conclusion"] += 1
            saved.append(conclusion)
        ba_son = self.orgs.get("DUX-BASON")
        mau_son = self.orgs.get("DUX-MAUSON")
        post = self.posts[0][0]
        communes = [org for org in (ba_son, mau_son) if org is not None]
        # (conclusion, lead, coordinating, deadline in days, reports: [(progress, days ago)])
        plans = [
            (saved[0], o["DU-BDBP"], [o["VP-TU"]], 30, [(40, 40), (70, 12)]),
            (saved[1], o["BCH-BDBP"], communes, 75, []),
            (saved[2], communes[0] if communes else post, [post], -5, [(30, 35)]),
        ]
        for conclusion, lead, coordinating, days, reports in plans:
            task = self.run(
                user,
                services.task_from_conclusion,
                conclusion=conclusion,
                lead=lead,
                deadline=self.day(days),
                coordinating=[(org, "") for org in coordinating if org != lead],
            )
            self.created["Task"] += 1
            lead_unit = task.units.get(role=UnitRole.LEAD)
            for progress, ago in reports:
                self.report_as(rng, task, lead_unit, progress, self.day(-ago))

    # --- summary -------------------------------------------------------------------------------------------

    def report(self, started, history):
        elapsed = time.monotonic() - started
        created = sum(self.created.values())
        updated = sum(self.updated.values())
        self.stdout.write(f"Demo work: {created} created, {updated} updated; {history} history entries.")
        if created:
            self.stdout.write("  created: " + ", ".join(f"{name} {n}" for name, n in sorted(self.created.items())))
        if self.new_accounts:
            self.stdout.write(f"  new demo accounts (password {DEMO_PASSWORD}): " + ", ".join(self.new_accounts))
        statuses = Counter(Task.objects.values_list("status", flat=True))
        overdue = Task.objects.filter(status__in=OPEN_STATUSES, deadline_in_force__lt=self.today).count()
        self.stdout.write(
            f"  in the database: {Agreement.objects.count()} agreements, {Document.objects.count()} documents, "
            f"{Dissemination.objects.count()} dissemination duties ({DisseminationSession.objects.count()} "
            f"sessions), {OutreachSession.objects.count()} outreach sessions, {Task.objects.count()} tasks "
            f"({', '.join(f'{s} {n}' for s, n in sorted(statuses.items()))}; {overdue} overdue), "
            f"{ExtensionRequest.objects.count()} extension requests, {ProgressReport.objects.count()} progress "
            f"reports, {TaskUnit.objects.count()} task units, {ReviewConference.objects.count()} review conferences."
        )
        self.stdout.write(f"  took {elapsed:.1f} s.")
