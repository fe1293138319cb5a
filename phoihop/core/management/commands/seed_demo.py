"""Demo data for Lạng Sơn (province code 20): border communes, villages, the organisation trees of the
Provincial Party Committee and of the provincial Border Guard, sharing rules and demo accounts.

Everything invented is labelled "Dữ liệu minh họa" (illustrative data). The command is idempotent: each
record is looked up by a stable key (code, username, owner/viewer pair …) and written only when something
differs, so a second run writes nothing and adds no change history. Writes go through
``phoihop.core.services.record_save`` on behalf of the ``admin`` superuser, so versions and history are
kept as for any user edit.
"""

from datetime import date
from decimal import Decimal

from auditlog.context import set_actor
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError
from django.db import transaction

from phoihop.accounts.models import Membership, User
from phoihop.core.choices import Classification, Role
from phoihop.core.services import record_restore, record_save
from phoihop.core.text import fold
from phoihop.orgs.choices import COMMUNE_LEVEL_KINDS, AreaKind, SharingMode
from phoihop.orgs.models import Area, Organisation, OrganisationKind, SharingRule

PROVINCE_CODE = "20"
DEMO_PASSWORD = "phoihop-demo-2025"
ILLUSTRATIVE = "Dữ liệu minh họa."
ABOLISHED_ON = date(2025, 6, 30)

# Likely border communes of Lạng Sơn after the reform; the flag and lengths are illustrative.
BORDER_COMMUNES = [
    ("Quốc Khánh", Decimal("14.2")),
    ("Hoàng Văn Thụ", Decimal("9.8")),
    ("Đồng Đăng", Decimal("12.5")),
    ("Ba Sơn", Decimal("18.3")),
    ("Mẫu Sơn", Decimal("21.0")),
    ("Kiên Mộc", Decimal("16.4")),
    ("Đình Lập", Decimal("19.7")),
    ("Tân Tiến", Decimal("11.6")),
    ("Thụy Hùng", Decimal("13.1")),
    ("Xuân Dương", Decimal("15.9")),
]

# (code, name, village of which border commune)
VILLAGES = [
    ("20-V001", "Thôn Pò Mã", "Quốc Khánh"),
    ("20-V002", "Bản Nà Nưa", "Quốc Khánh"),
    ("20-V003", "Thôn Bình Nghi", "Tân Tiến"),
    ("20-V004", "Thôn Khòn Pổ", "Ba Sơn"),
]

# The abolished district and (illustratively) the new communes that took over its territory.
OLD_DISTRICT = ("20-H-CL", "Huyện Cao Lộc (đã giải thể)")
OLD_DISTRICT_SUCCESSORS = ["Đồng Đăng", "Ba Sơn", "Cao Lộc"]

# (code, name, abbreviation, is_party_body, sort_order)
ORGANISATION_KINDS = [
    ("provincial_party_committee", "Tỉnh ủy", "TU", True, 10),
    ("party_office", "Văn phòng Tỉnh ủy", "VPTU", True, 20),
    ("border_guard_party_committee", "Đảng ủy Bộ đội Biên phòng tỉnh", "ĐU BĐBP", True, 30),
    ("border_guard_command", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "BCH BĐBP", False, 40),
    ("bg_department", "Phòng thuộc Bộ Chỉ huy BĐBP", "Phòng", False, 50),
    ("border_post", "Đồn biên phòng", "ĐBP", False, 60),
    ("post_party_cell", "Chi bộ/Đảng bộ đồn biên phòng", "CB đồn", True, 70),
    ("district_party_committee", "Huyện ủy (cấp huyện, đã giải thể 2025)", "HU", True, 80),
    ("commune_party_committee", "Đảng ủy xã/phường", "ĐU xã", True, 90),
    ("department", "Sở, ban, ngành", "Sở", False, 100),
    ("mass_organisation", "Tổ chức chính trị - xã hội", "Đoàn thể", False, 110),
]

# (code, name, short name, the border communes it covers — illustrative)
BORDER_POSTS = [
    ("POMA", "Đồn Biên phòng Pò Mã", "Đồn BP Pò Mã", ["Quốc Khánh"]),
    ("BASON", "Đồn Biên phòng Ba Sơn", "Đồn BP Ba Sơn", ["Ba Sơn", "Mẫu Sơn"]),
    ("HUUNGHI", "Đồn Biên phòng Cửa khẩu quốc tế Hữu Nghị", "Đồn BP CKQT Hữu Nghị", ["Đồng Đăng", "Hoàng Văn Thụ"]),
    ("CHIMA", "Đồn Biên phòng Cửa khẩu Chi Ma", "Đồn BP CK Chi Ma", ["Xuân Dương", "Kiên Mộc"]),
    ("BINHNGHI", "Đồn Biên phòng Bình Nghi", "Đồn BP Bình Nghi", ["Tân Tiến", "Thụy Hùng"]),
]

CLEARANCE_LABELS = {
    Classification.UNCLASSIFIED: "Không mật (unclassified)",
    Classification.CONFIDENTIAL: "Mật (confidential)",
    Classification.SECRET: "Tối mật (secret)",
    Classification.TOP_SECRET: "Tuyệt mật (top secret)",
}

# (username, full name, position, clearance, role, organisation code); organisation codes starting with
# "DUX:" name the party committee of a border commune (first one found if that commune is missing).
DEMO_USERS = [
    (
        "tinhuy.admin",
        "Hoàng Thị Lan",
        "Chuyên viên Văn phòng Tỉnh ủy (quản trị hệ thống)",
        Classification.SECRET,
        Role.ADMIN,
        "TU-LS",
    ),
    ("tinhuy.approver", "Nông Văn Thành", "Chánh Văn phòng Tỉnh ủy", Classification.SECRET, Role.APPROVER, "TU-LS"),
    (
        "tinhuy.viewer",
        "Lương Thị Hoa",
        "Chuyên viên theo dõi công tác biên giới",
        Classification.CONFIDENTIAL,
        Role.VIEWER,
        "TU-LS",
    ),
    (
        "vanphong.reporter",
        "Vi Văn Hùng",
        "Chuyên viên Văn phòng Tỉnh ủy",
        Classification.CONFIDENTIAL,
        Role.REPORTER,
        "VP-TU",
    ),
    (
        "bdbp.admin",
        "Triệu Văn Minh",
        "Trợ lý Phòng Chính trị (quản trị hệ thống)",
        Classification.SECRET,
        Role.ADMIN,
        "DU-BDBP",
    ),
    (
        "bch.approver",
        "Lăng Văn Quân",
        "Phó Chính ủy Bộ đội Biên phòng tỉnh",
        Classification.SECRET,
        Role.APPROVER,
        "BCH-BDBP",
    ),
    ("bch.reporter", "Hà Thị Ngọc", "Trợ lý Phòng Chính trị", Classification.CONFIDENTIAL, Role.REPORTER, "PCT-BDBP"),
    ("bch.viewer", "Mã Văn Tiến", "Trợ lý tuyên huấn", Classification.UNCLASSIFIED, Role.VIEWER, "BCH-BDBP"),
    (
        "pomadon.approver",
        "Chu Văn Dũng",
        "Chính trị viên Đồn Biên phòng Pò Mã",
        Classification.CONFIDENTIAL,
        Role.APPROVER,
        "DBP-POMA",
    ),
    (
        "pomadon.reporter",
        "Lộc Văn Sơn",
        "Đội trưởng Đội vận động quần chúng",
        Classification.CONFIDENTIAL,
        Role.REPORTER,
        "DBP-POMA",
    ),
    (
        "pomadon.viewer",
        "Hoàng Văn Khánh",
        "Cán bộ Đồn Biên phòng Pò Mã",
        Classification.UNCLASSIFIED,
        Role.VIEWER,
        "DBP-POMA",
    ),
    ("baso.approver", "Nông Thị Thu", "Bí thư Đảng ủy xã", Classification.CONFIDENTIAL, Role.APPROVER, "DUX:Ba Sơn"),
    ("baso.reporter", "Vy Văn Long", "Văn phòng Đảng ủy xã", Classification.UNCLASSIFIED, Role.REPORTER, "DUX:Ba Sơn"),
    ("baso.viewer", "Dương Thị Mai", "Cán bộ Đảng ủy xã", Classification.UNCLASSIFIED, Role.VIEWER, "DUX:Ba Sơn"),
]
ADMIN_USER = ("admin", "Nguyễn Văn An", "Quản trị hệ thống", Classification.TOP_SECRET)


def bare_name(area_name):
    """The name without its unit type: "Xã Ba Sơn" → "Ba Sơn", "Phường Đông Kinh" → "Đông Kinh"."""
    for prefix in ("Xã ", "Phường ", "Đặc khu ", "Thị trấn "):
        if area_name.startswith(prefix):
            return area_name[len(prefix) :]
    return area_name


def slug(text):
    return "".join(ch for ch in fold(text).upper() if ch.isalnum())


class Command(BaseCommand):
    help = (
        "Create illustrative demo data for Lạng Sơn (province 20): border communes, villages, organisations, "
        "sharing rules and demo accounts (password phoihop-demo-2025). Idempotent."
    )

    def handle(self, *args, **options):
        self.counts = {"created": 0, "updated": 0, "restored": 0}
        with transaction.atomic():
            self.admin = self.sync_user(*ADMIN_USER, superuser=True)
            with set_actor(self.admin):
                self.ensure_areas()
                self.seed_areas()
                self.seed_kinds()
                self.seed_organisations()
                self.seed_sharing_rules()
                accounts = self.seed_users()
        counts = self.counts
        self.stdout.write(
            f"Records: {counts['created']} created, {counts['updated']} updated, {counts['restored']} restored."
        )
        self.print_accounts(accounts)
        call_command("seed_demo_work", stdout=self.stdout, stderr=self.stderr)
        call_command("seed_demo_border", stdout=self.stdout, stderr=self.stderr)
        call_command("seed_demo_programs", stdout=self.stdout, stderr=self.stderr)
        call_command("seed_demo_movements", stdout=self.stdout, stderr=self.stderr)
        call_command("seed_demo_security", stdout=self.stdout, stderr=self.stderr)
        call_command("seed_demo_cadres", stdout=self.stdout, stderr=self.stderr)
        call_command("seed_demo_reports", stdout=self.stdout, stderr=self.stderr)

    # --- generic idempotent write ----------------------------------------------------------------------

    def sync(self, model, lookup, fields, m2m=None):
        """Create or update the ``model`` record matching ``lookup`` so that it has ``fields`` (and the
        many-to-many sets in ``m2m``, {name: [objects]}); nothing is written when it already matches."""
        m2m = m2m or {}
        obj = model.objects.filter(**lookup).order_by("pk").first()
        if obj is None:
            # A demo record someone deleted is brought back (with its history) rather than duplicated.
            deleted = model.all_objects.filter(**lookup).order_by("-deleted_at").first()
            if deleted is not None:
                obj = record_restore(acting_user=self.admin, instance=deleted)
                self.counts["restored"] += 1
        if obj is None:
            obj = model(**lookup, **fields)
            record_save(acting_user=self.admin, instance=obj, save_related=self.related_saver(obj, m2m))
            self.counts["created"] += 1
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
            record_save(
                acting_user=self.admin,
                instance=obj,
                expected_version=obj.version,
                save_related=self.related_saver(obj, m2m_changed),
            )
            self.counts["updated"] += 1
        return obj

    @staticmethod
    def related_saver(obj, m2m):
        if not m2m:
            return None

        def save_related():
            for name, objs in m2m.items():
                getattr(obj, name).set(objs)

        return save_related

    # --- areas -----------------------------------------------------------------------------------------

    def ensure_areas(self):
        communes = Area.objects.filter(parent__code=PROVINCE_CODE, kind__in=COMMUNE_LEVEL_KINDS)
        if not communes.exists():
            self.stdout.write("Lạng Sơn communes missing: loading areas of province 20 …")
            call_command("load_areas", province=PROVINCE_CODE, stdout=self.stdout, stderr=self.stderr)
        self.province = Area.objects.filter(code=PROVINCE_CODE).first()
        if self.province is None:
            raise CommandError("Province 20 (Lạng Sơn) is missing; run load_areas first.")
        self.communes = list(Area.objects.filter(parent=self.province, kind__in=COMMUNE_LEVEL_KINDS).order_by("code"))

    def find_commune(self, name):
        wanted = fold(name)
        for area in self.communes:
            folded = fold(area.name)
            if folded == wanted or folded.endswith(" " + wanted):
                return area
        return None

    def seed_areas(self):
        self.border = {}  # short name → Area, in BORDER_COMMUNES order
        for name, length in BORDER_COMMUNES:
            area = self.find_commune(name)
            if area is None:
                self.stdout.write(self.style.WARNING(f"Border commune not found, skipped: {name}"))
                continue
            fields = {"is_border_commune": True}
            if area.border_length_km is None:  # keep a length the province has set
                # Same scale as the column (3 places), so the in-memory value equals the stored one.
                fields["border_length_km"] = length.quantize(Decimal("0.001"))
            self.border[name] = self.sync(Area, {"pk": area.pk}, fields)
        if not self.border:
            raise CommandError("None of the demo border communes exists in province 20.")
        self.stdout.write(
            "Border communes (illustrative): "
            + ", ".join(f"{area.name} [{area.code}]" for area in self.border.values())
        )

        fallback = next(iter(self.border.values()))
        for code, name, commune in VILLAGES:
            parent = self.border.get(commune, fallback)
            self.sync(
                Area,
                {"code": code},
                {"name": name, "kind": AreaKind.VILLAGE, "parent": parent, "source": "demo", "note": ILLUSTRATIVE},
            )

        code, name = OLD_DISTRICT
        self.old_district = self.sync(
            Area,
            {"code": code},
            {
                "name": name,
                "kind": AreaKind.DISTRICT,
                "parent": self.province,
                "valid_to": ABOLISHED_ON,
                "source": "demo",
                "note": ILLUSTRATIVE + " Cấp huyện đã kết thúc hoạt động từ 01/7/2025.",
            },
        )
        for commune_name in OLD_DISTRICT_SUCCESSORS:
            commune = self.border.get(commune_name) or self.find_commune(commune_name)
            if commune is None or commune.predecessors.filter(pk=self.old_district.pk).exists():
                continue
            record_save(
                acting_user=self.admin,
                instance=commune,
                expected_version=commune.version,
                save_related=lambda commune=commune: commune.predecessors.add(self.old_district),
            )
            self.counts["updated"] += 1

    # --- organisations ---------------------------------------------------------------------------------

    def seed_kinds(self):
        self.kinds = {}
        for code, name, abbreviation, is_party_body, sort_order in ORGANISATION_KINDS:
            self.kinds[code] = self.sync(
                OrganisationKind,
                {"code": code},
                {"name": name, "abbreviation": abbreviation, "is_party_body": is_party_body, "sort_order": sort_order},
            )

    def org(self, code, name, short_name, kind, parent=None, areas=(), note="", **extra):
        fields = {"name": name, "short_name": short_name, "kind": self.kinds[kind], "parent": parent, "note": note}
        fields.update(extra)
        return self.sync(Organisation, {"code": code}, fields, m2m={"areas": list(areas)})

    def seed_organisations(self):
        self.orgs = {}
        province = [self.province]
        tu = self.orgs["TU-LS"] = self.org(
            "TU-LS", "Tỉnh ủy Lạng Sơn", "Tỉnh ủy", "provincial_party_committee", areas=province
        )
        self.orgs["VP-TU"] = self.org(
            "VP-TU", "Văn phòng Tỉnh ủy Lạng Sơn", "Văn phòng Tỉnh ủy", "party_office", parent=tu
        )

        self.commune_committees = {}
        for name, area in self.border.items():
            place = bare_name(area.name)
            level = "phường" if area.kind == AreaKind.WARD else "xã"
            code = f"DUX-{slug(place)}"
            self.commune_committees[name] = self.orgs[code] = self.org(
                code,
                f"Đảng ủy {level} {place}",
                f"ĐU {level} {place}",
                "commune_party_committee",
                parent=tu,
                areas=[area],
                note=ILLUSTRATIVE,
            )

        successor = next(
            (self.commune_committees[n] for n in OLD_DISTRICT_SUCCESSORS if n in self.commune_committees), None
        )
        self.orgs["HU-CAOLOC"] = self.org(
            "HU-CAOLOC",
            "Huyện ủy Cao Lộc",
            "Huyện ủy Cao Lộc",
            "district_party_committee",
            parent=tu,
            areas=[self.old_district],
            note=ILLUSTRATIVE + " Đã kết thúc hoạt động khi bỏ cấp huyện (01/7/2025).",
            valid_to=ABOLISHED_ON,
            successor=successor,
        )

        # The Border Guard is a separate chain of command: its own tree.
        du = self.orgs["DU-BDBP"] = self.org(
            "DU-BDBP",
            "Đảng ủy Bộ đội Biên phòng tỉnh Lạng Sơn",
            "Đảng ủy BĐBP tỉnh",
            "border_guard_party_committee",
            areas=province,
        )
        bch = self.orgs["BCH-BDBP"] = self.org(
            "BCH-BDBP",
            "Bộ Chỉ huy Bộ đội Biên phòng tỉnh Lạng Sơn",
            "Bộ Chỉ huy BĐBP tỉnh",
            "border_guard_command",
            parent=du,
            areas=province,
            # its superior in the chain of command is outside the tree (printed above its name on its reports)
            superior_body_name="Bộ Tư lệnh Bộ đội Biên phòng",
        )
        self.orgs["PCT-BDBP"] = self.org(
            "PCT-BDBP", "Phòng Chính trị Bộ Chỉ huy BĐBP tỉnh", "Phòng Chính trị", "bg_department", parent=bch
        )
        for key, name, short_name, communes in BORDER_POSTS:
            areas = [self.border[c] for c in communes if c in self.border]
            post = self.orgs[f"DBP-{key}"] = self.org(
                f"DBP-{key}",
                name,
                short_name,
                "border_post",
                parent=bch,
                areas=areas,
                note=ILLUSTRATIVE + " Địa bàn phụ trách là minh họa.",
            )
            self.orgs[f"CB-DBP-{key}"] = self.org(
                f"CB-DBP-{key}",
                "Chi bộ " + name,
                "Chi bộ " + short_name,
                "post_party_cell",
                parent=post,
                note=ILLUSTRATIVE,
            )

    def seed_sharing_rules(self):
        note = "Theo Quy chế phối hợp (minh họa)"
        tu, du = self.orgs["TU-LS"], self.orgs["DU-BDBP"]
        for owner, viewer, mode in ((du, tu, SharingMode.TOTALS), (tu, du, SharingMode.FULL)):
            self.sync(
                SharingRule,
                {"owner": owner, "viewer": viewer, "content_type": None},
                {"mode": mode, "include_subtree": True, "note": note},
            )

    # --- users -----------------------------------------------------------------------------------------

    def sync_user(self, username, full_name, position, clearance, superuser=False):
        fields = {
            "full_name": full_name,
            "position": position,
            "clearance": clearance,
            "is_active": True,
            "is_superuser": superuser,
            "is_staff": superuser,
        }
        user = User.objects.filter(username=username).first()
        if user is None:
            user = User(username=username, **fields)
            user.set_password(DEMO_PASSWORD)
            user.save()
            self.counts["created"] += 1
            return user
        changed = [name for name, value in fields.items() if getattr(user, name) != value]
        if not user.check_password(DEMO_PASSWORD):
            user.set_password(DEMO_PASSWORD)
            changed.append("password")
        if changed:
            for name, value in fields.items():
                setattr(user, name, value)
            user.save()
            self.counts["updated"] += 1
        return user

    def seed_users(self):
        accounts = [(self.admin.username, "superuser (every organisation)", self.admin.clearance)]
        fallback = next(iter(self.commune_committees.values()))
        for username, full_name, position, clearance, role, org_code in DEMO_USERS:
            if org_code.startswith("DUX:"):
                organisation = self.commune_committees.get(org_code[4:], fallback)
            else:
                organisation = self.orgs[org_code]
            user = self.sync_user(username, full_name, position, clearance)
            self.sync(
                Membership,
                {"user": user, "organisation": organisation},
                {"role": role, "note": ILLUSTRATIVE},
            )
            accounts.append(
                (username, f"{Role(role).name.lower()} @ {organisation.name} [{organisation.code}]", clearance)
            )
        return accounts

    def print_accounts(self, accounts):
        width = max(len(row[1]) for row in accounts)
        self.stdout.write("")
        self.stdout.write(self.style.SUCCESS(f"Demo accounts — password for all: {DEMO_PASSWORD}"))
        self.stdout.write(f"{'username':<18}  {'role @ organisation':<{width}}  clearance")
        self.stdout.write(f"{'-' * 18}  {'-' * width}  {'-' * 24}")
        for username, role, clearance in accounts:
            self.stdout.write(f"{username:<18}  {role:<{width}}  {clearance} {CLEARANCE_LABELS[clearance]}")
