"""Exports of users and memberships: Vietnamese headers, choices by label, yes/no as "Có"/"Không", the memberships
the exporter may see; each file imports back unchanged (users through the user import, with its own rules) and an
export's queries do not grow with its rows."""

import io

import openpyxl
import pytest
from django.conf import settings
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from phoihop.accounts.filtersets import MembershipFilterSet, UserFilterSet
from phoihop.accounts.models import Membership, User
from phoihop.accounts.resources import MembershipResource, UserExportResource, UserImportResource
from phoihop.core.choices import Role
from phoihop.core.importexport import header_key, read_dataset, run_import
from phoihop.core.models import BackgroundImport
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import make_user

USERS = reverse("accounts:user_list")
MEMBERSHIPS = reverse("accounts:membership_list")
USER_FIELDS = ("username", "full_name", "email", "position", "phone", "clearance", "is_active", "language")


def rows_of(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    return sheet, header, [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


def user_snapshot():
    return {
        user.username: (
            tuple(getattr(user, f) for f in USER_FIELDS),
            sorted(user.memberships.values_list("organisation_id", "role")),
            user.has_usable_password(),
        )
        for user in User.objects.order_by("pk")
    }


def membership_snapshot():
    fields = ("user_id", "organisation_id", "role", "personal_data", "note")
    return {m.pk: tuple(getattr(m, f) for f in fields) for m in Membership.objects.order_by("pk")}


@pytest.mark.parametrize("language", [code for code, _name in settings.LANGUAGES])
@pytest.mark.parametrize("resource_class", [UserExportResource, UserImportResource, MembershipResource])
def test_every_label_names_one_column_and_reads_back(resource_class, language):
    """As core/tests/test_export_headers.py checks the lists' resources: the user import is not a list's."""
    resource = resource_class()
    columns = [field.column_name for field in resource.get_export_fields()]
    assert set(resource.column_labels) == set(columns)
    with translation.override(language):
        headers = resource.get_export_headers()
    keys = [header_key(header) for header in headers]
    assert len(set(keys)) == len(keys), headers
    for column, header in zip(columns, headers, strict=True):
        assert resource.column_of(header) == column, header
        assert header_key(header) not in {header_key(other) for other in columns if other != column}, header


class TestUserExport(WorldMixin, TestCase):
    def setUp(self):
        self.login(self.world.a_admin)

    def export(self, fmt="xlsx", **params):
        response = self.client.get(USERS, {"export": fmt, **params})
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_headers_labels_and_the_memberships_the_exporter_may_see(self):
        both = make_user("hai_noi", self.world.a1, Role.REPORTER, email="hai@example.vn", position="Bí thư chi bộ")
        Membership.objects.create(user=both, organisation=self.world.b, role=Role.ADMIN)  # outside post A
        User.objects.filter(pk=both.pk).update(is_active=False, language="en")
        sheet, header, rows = rows_of(self.export())
        self.assertEqual(sheet.title, "Người dùng")
        self.assertEqual(
            header,
            [
                "Tên đăng nhập",
                "Họ và tên",
                "Địa chỉ email",
                "Chức vụ",
                "Số điện thoại",
                "Mức được tiếp cận mật",
                "Tài khoản đang hoạt động",
                "Ngôn ngữ giao diện",
                "Đơn vị và vai trò",
            ],
        )
        by_name = {row["Tên đăng nhập"]: row for row in rows}
        row = by_name["hai_noi"]
        self.assertEqual(
            (row["Mức được tiếp cận mật"], row["Tài khoản đang hoạt động"], row["Ngôn ngữ giao diện"]),
            ("Thường", "Không", "Tiếng Anh"),
        )
        self.assertEqual(row["Đơn vị và vai trò"], "Chi bộ Đồn Ba Sơn (Cập nhật)")  # not commune B's membership
        self.assertEqual(by_name["a_admin"]["Đơn vị và vai trò"], "Đồn Biên phòng Ba Sơn (Quản trị đơn vị)")
        self.assertEqual(by_name["a_secret"]["Mức được tiếp cận mật"], "Tối mật")  # Secret (level 2)

    def test_every_filter_has_a_column(self):
        columns = set(UserExportResource._meta.fields)
        for name in UserFilterSet._meta.fields:
            if name != "q":
                self.assertIn({"organisation": "memberships"}.get(name, name), columns, name)

    def test_an_exported_list_imports_back_unchanged(self):
        make_user("hai_noi", self.world.a1, Role.REPORTER, email="hai@example.vn", phone="0912 345 678")
        before = user_snapshot()
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                dataset = read_dataset(self.export(fmt), f"users.{fmt}")
                result, errors = run_import(UserImportResource(user=self.world.a_admin), dataset, dry_run=False)
                self.assertEqual(errors, [])
                self.assertEqual(result.totals["new"], 0)
                self.assertGreater(result.totals["update"], 5)
                self.assertEqual(user_snapshot(), before)

    def test_the_import_page_takes_an_export(self):
        before = user_snapshot()
        upload = SimpleUploadedFile("users.xlsx", self.export())
        response = self.client.post(reverse("accounts:user_import"), {"file": upload}, follow=True)
        job = response.context["job"]
        self.assertEqual(job.status, "previewed", response.context.get("errors"))
        self.client.post(reverse("accounts:user_import_job", args=[job.pk]), {"confirm": "1"})
        self.assertEqual(BackgroundImport.objects.get(pk=job.pk).status, "done")
        self.assertEqual(user_snapshot(), before)
        # the page lists the columns under the headers an export writes
        page = self.client.get(reverse("accounts:user_import"))
        columns = {name: (str(label), readonly) for name, label, readonly in page.context["columns"]}
        self.assertEqual(columns["clearance"], ("Mức được tiếp cận mật", True))
        self.assertEqual(columns["memberships"], ("Đơn vị và vai trò", True))
        self.assertEqual(columns["organisation"], ("Mã đơn vị của người dùng mới", False))

    def test_new_users_by_the_labels_with_a_role_by_its_label(self):
        with translation.override("vi"):
            labels = [UserImportResource().column_header(c) for c in ("username", "full_name", "organisation", "role")]
        book = openpyxl.Workbook()
        book.active.append(labels)
        book.active.append(["moi1", "Lò Văn Mới", "T-A1", "Organisation admin"])
        book.active.append(["moi2", "Hà Thị Hai", "T-A1", "Cập nhật"])
        buffer = io.BytesIO()
        book.save(buffer)
        dataset = read_dataset(buffer.getvalue(), "users.xlsx")
        _result, errors = run_import(UserImportResource(user=self.world.a_admin), dataset, dry_run=False)
        self.assertEqual(errors, [])
        self.assertEqual(User.objects.get(username="moi1").memberships.get().role, Role.ADMIN)
        self.assertEqual(User.objects.get(username="moi2").memberships.get().role, Role.REPORTER)
        self.assertEqual(User.objects.get(username="moi1").clearance, 0)  # never from the file

    def test_the_clearance_column_is_never_imported(self):
        dataset = read_dataset(self.export("csv"), "users.csv")
        column = dataset.headers.index("Mức được tiếp cận mật")
        for index, row in enumerate(dataset):
            if row[0] == "a_viewer":
                values = list(row)
                values[column] = "Tuyệt mật"
                dataset[index] = values
        _result, errors = run_import(UserImportResource(user=self.world.a_admin), dataset, dry_run=False)
        self.assertEqual(errors, [])
        self.assertEqual(User.objects.get(username="a_viewer").clearance, 0)

    def test_queries_do_not_grow_with_the_rows(self):
        self.export()  # warm-up: per-process caches are not per-row queries
        with CaptureQueriesContext(connection) as few:
            self.export()
        for n in range(6):
            user = make_user(f"them{n}", self.world.a1)
            Membership.objects.create(user=user, organisation=self.world.a, role=Role.REPORTER)
        with CaptureQueriesContext(connection) as many:
            self.export()
        self.assertEqual(len(few), len(many), [query["sql"] for query in many.captured_queries])


class TestMembershipExport(WorldMixin, TestCase):
    def setUp(self):
        self.login(self.world.a_admin)

    def export(self, fmt="xlsx"):
        response = self.client.get(MEMBERSHIPS, {"export": fmt})
        self.assertEqual(response.status_code, 200)
        return response.content

    def test_headers_labels_and_round_trip(self):
        member = make_user("hai_noi", self.world.a1, Role.APPROVER)
        Membership.objects.filter(user=member).update(note="Kiêm nhiệm")
        sheet, header, rows = rows_of(self.export())
        self.assertEqual(
            header,
            [
                "Mã số",
                "Tên đăng nhập",
                "Họ và tên",
                "Mã đơn vị",
                "Tên đơn vị",
                "Vai trò",
                "Được xem dữ liệu cá nhân",
                "Ghi chú",
            ],
        )
        row = next(row for row in rows if row["Tên đăng nhập"] == "hai_noi")
        self.assertEqual(
            (row["Họ và tên"], row["Mã đơn vị"], row["Tên đơn vị"], row["Vai trò"], row["Được xem dữ liệu cá nhân"]),
            ("Hai_Noi", "T-A1", "Chi bộ Đồn Ba Sơn", "Phê duyệt", "Không"),
        )
        before = membership_snapshot()
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                dataset = read_dataset(self.export(fmt), f"memberships.{fmt}")
                result, errors = run_import(MembershipResource(user=self.world.a_admin), dataset, dry_run=False)
                self.assertEqual(errors, [])
                self.assertEqual(result.totals["update"], len(rows))
                self.assertEqual(membership_snapshot(), before)

    def test_every_filter_has_a_column(self):
        columns = set(MembershipResource._meta.fields)
        names = {"user": "user", "organisation": "organisation_name", "within": "organisation_name"}
        for name in MembershipFilterSet._meta.fields:
            if name != "q":
                self.assertIn(names.get(name, name), columns, name)

    def test_queries_do_not_grow_with_the_rows(self):
        self.export()
        with CaptureQueriesContext(connection) as few:
            self.export()
        for n in range(6):
            make_user(f"them{n}", self.world.a1, Role.REPORTER)
        with CaptureQueriesContext(connection) as many:
            self.export()
        self.assertEqual(len(few), len(many), [query["sql"] for query in many.captured_queries])
