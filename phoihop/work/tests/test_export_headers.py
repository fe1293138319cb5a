"""Exports of documents, dissemination duties and outreach sessions: Vietnamese headers, labels, real dates and
numbers, the names of the related records and a duty's status; each file imports back unchanged and an export's
queries do not grow with its rows."""

import datetime
import io

import openpyxl
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.core.importexport import read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation
from phoihop.work.filtersets.dissemination import DisseminationFilterSet
from phoihop.work.filtersets.documents import DocumentFilterSet
from phoihop.work.filtersets.outreach import OutreachSessionFilterSet
from phoihop.work.forms.outreach import OutreachSessionResource
from phoihop.work.models import Dissemination, Document, OutreachSession
from phoihop.work.resources import DisseminationResource, DocumentResource
from phoihop.work.tests.test_dissemination import DAY, TODAY, make_duty, make_session
from phoihop.work.tests.test_documents import make_document
from phoihop.work.tests.test_outreach import OutreachRecord

DOCUMENT_FIELDS = ("number", "doc_type_id", "owner_id", "issuing_body", "signed_on", "year", "subject", "summary")
DUTY_FIELDS = ("document_id", "organisation_id", "assigned_by_id", "deadline", "note")


def rows_of(content):
    sheet = openpyxl.load_workbook(io.BytesIO(content)).active
    header = [cell.value for cell in sheet[1]]
    return sheet, header, [dict(zip(header, [c.value for c in row], strict=True)) for row in sheet.iter_rows(min_row=2)]


def snapshot(model, fields):
    return {record.pk: tuple(getattr(record, f) for f in fields) for record in model.objects.order_by("pk")}


class ExportTestCase(WorldMixin, TestCase):
    def setUp(self):
        self.login(self.world.a_reporter)

    def export(self, name, fmt="xlsx", **params):
        response = self.client.get(reverse(f"work:{name}_list"), {"export": fmt, **params})
        self.assertEqual(response.status_code, 200)
        return response.content

    def imports_back(self, resource_class, name, model, fields):
        """The list's .xlsx and .csv exports re-imported: every row updates its record, which stays as it was."""
        before = snapshot(model, fields)
        self.assertTrue(before)
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                dataset = read_dataset(self.export(name, fmt), f"{name}.{fmt}")
                result, errors = run_import(resource_class(user=self.world.a_reporter), dataset, dry_run=False)
                self.assertEqual(errors, [])
                self.assertEqual((result.totals["update"], result.totals["new"]), (len(before), 0))
                self.assertEqual(snapshot(model, fields), before)

    def assert_flat(self, name, add_rows):
        self.export(name)  # warm-up: per-process caches are not per-row queries
        with CaptureQueriesContext(connection) as few:
            self.export(name)
        add_rows()
        with CaptureQueriesContext(connection) as many:
            self.export(name)
        self.assertEqual(len(few), len(many), [query["sql"] for query in many.captured_queries])


class TestDocumentExport(ExportTestCase):
    def test_headers_labels_and_round_trip(self):
        document = make_document(self.world.a, number="37-CT/TW", signed_on=datetime.date(2025, 7, 1))
        unnumbered = make_document(self.world.a, number="", summary="Chưa vào số")
        sheet, header, rows = rows_of(self.export("document"))
        self.assertEqual(sheet.title, "Văn bản")
        self.assertEqual(
            header[:12],
            [
                "Mã số",
                "Số, ký hiệu",
                "Mã loại văn bản",
                "Loại văn bản",
                "Mã đơn vị vào sổ",
                "Đơn vị vào sổ",
                "Cơ quan ban hành",
                "Ngày ký",
                "Năm",
                "Trích yếu",
                "Tóm tắt",
                "Độ mật",
            ],
        )
        row = next(row for row in rows if row["Mã số"] == document.pk)
        self.assertEqual(
            (row["Số, ký hiệu"], row["Mã loại văn bản"], row["Loại văn bản"], row["Mã đơn vị vào sổ"]),
            ("37-CT/TW", "chi-thi", "Chỉ thị", "T-A"),
        )
        self.assertEqual((row["Đơn vị vào sổ"], row["Năm"], row["Độ mật"]), ("Đồn Biên phòng Ba Sơn", 2025, "Thường"))
        self.assertEqual(row["Ngày ký"], datetime.datetime(2025, 7, 1))
        self.assertIn(unnumbered.pk, [row["Mã số"] for row in rows])
        # the document without a number is found by its id: it is updated, not added again
        self.imports_back(DocumentResource, "document", Document, (*DOCUMENT_FIELDS, "classification"))

    def test_a_row_without_an_id_still_finds_the_document_by_its_number(self):
        make_document(self.world.a, number="37-CT/TW")
        dataset = read_dataset(self.export("document", "csv"), "document.csv")
        del dataset["Mã số"]
        result, errors = run_import(DocumentResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual((errors, result.totals["update"], Document.objects.count()), ([], 1, 1))

    def test_every_filter_has_a_column(self):
        names = {
            "doc_type": "doc_type_name",
            "owner": "owner_name",
            "signed_from": "signed_on",
            "signed_to": "signed_on",
        }
        columns = set(DocumentResource._meta.fields)
        for name in DocumentFilterSet._meta.fields:
            if name != "q":
                self.assertIn(names.get(name, name), columns, name)

    def test_queries_do_not_grow_with_the_rows(self):
        make_document(self.world.a)
        kind = self.world.kind

        def more():
            for n in range(5):
                owner = Organisation.objects.create(name=f"Chi bộ {n}", code=f"CB-{n}", kind=kind, parent=self.world.a)
                make_document(owner)

        self.assert_flat("document", more)


class TestDisseminationExport(ExportTestCase):
    def duty(self, organisation, **kwargs):
        return make_duty(organisation, assigned_by=self.world.a, document=make_document(self.world.a), **kwargs)

    def test_headers_status_and_round_trip(self):
        done = self.duty(self.world.a, note="Quán triệt toàn đơn vị")
        make_session(done, held_on=TODAY - 2 * DAY)
        make_session(done, held_on=TODAY - 5 * DAY)
        overdue = self.duty(self.world.a1, deadline=TODAY - DAY)
        pending = self.duty(self.world.a)
        _sheet, header, rows = rows_of(self.export("dissemination"))
        self.assertEqual(
            header,
            [
                "Số, ký hiệu văn bản",
                "Trích yếu văn bản",
                "Mã đơn vị",
                "Tên đơn vị",
                "Mã đơn vị giao",
                "Đơn vị giao",
                "Thời hạn",
                "Trạng thái",
                "Số buổi quán triệt",
                "Ngày quán triệt gần nhất",
                "Ghi chú",
            ],
        )
        by_number = {row["Số, ký hiệu văn bản"]: row for row in rows}
        row = by_number[done.document.number]
        self.assertEqual(
            (row["Trích yếu văn bản"], row["Mã đơn vị"], row["Tên đơn vị"], row["Đơn vị giao"]),
            (done.document.subject, "T-A", "Đồn Biên phòng Ba Sơn", "Đồn Biên phòng Ba Sơn"),
        )
        self.assertEqual((row["Trạng thái"], row["Số buổi quán triệt"]), ("Hoàn thành", 2))
        self.assertEqual(row["Ngày quán triệt gần nhất"].date(), TODAY - 2 * DAY)
        self.assertEqual(by_number[overdue.document.number]["Trạng thái"], "Quá hạn")
        self.assertEqual(by_number[pending.document.number]["Trạng thái"], "Chưa hoàn thành")
        self.assertEqual(by_number[pending.document.number]["Thời hạn"].date(), TODAY + 30 * DAY)
        self.imports_back(DisseminationResource, "dissemination", Dissemination, DUTY_FIELDS)

    def test_every_filter_has_a_column(self):
        names = {
            "document": "document_subject",
            "organisation": "organisation_name",
            "assigned_by": "assigned_by_name",
            "deadline_from": "deadline",
            "deadline_to": "deadline",
            "done_by": "last_held_on",
        }
        columns = set(DisseminationResource._meta.fields)
        for name in DisseminationFilterSet._meta.fields:
            if name != "q":
                self.assertIn(names.get(name, name), columns, name)

    def test_queries_do_not_grow_with_the_rows(self):
        make_session(self.duty(self.world.a))

        def more():
            for n in range(5):
                make_session(self.duty(self.world.a1 if n % 2 else self.world.a))

        self.assert_flat("dissemination", more)


class TestOutreachExport(OutreachRecord, ExportTestCase):
    def test_headers_names_and_round_trip(self):
        from phoihop.orgs.models import Agreement, Clause

        agreement = Agreement.objects.create(number="01-QC/TU", title="Quy chế phối hợp", owner=self.world.a)
        clause = Clause.objects.create(agreement=agreement, number=4, title="Phối hợp tuyên truyền")
        self.make_record(
            self.world.a,
            organisers=[self.world.a, self.world.b],
            languages=[self.data.tay, self.data.nung],
            village=self.data.na_lan,
            clause=clause,
        )
        self.make_record(self.world.a, commune=self.data.ba_son, materials="Tờ gấp", materials_count=30)
        _sheet, header, rows = rows_of(self.export("outreachsession"))
        self.assertEqual(
            header[:6],
            [
                "Mã số",
                "Ngày tổ chức",
                "Mã đơn vị ghi nhận",
                "Đơn vị ghi nhận",
                "Mã các đơn vị tổ chức",
                "Đơn vị tổ chức",
            ],
        )
        row = next(row for row in rows if row["Điều của quy chế"])
        self.assertEqual(
            (row["Tên xã"], row["Thôn, bản"], row["Chủ đề"]), ("Thụy Hùng", "Bản Nà Lạn", "Kết quả phân giới cắm mốc")
        )
        self.assertEqual(set(row["Đơn vị tổ chức"].split(", ")), {self.world.a.name, self.world.b.name})
        self.assertEqual(set(row["Ngôn ngữ sử dụng"].split(", ")), {"Tày", "Nùng"})
        self.assertEqual(row["Điều của quy chế"], str(clause))
        fields = ("held_on", "owner_id", "commune_id", "village_id", "audience", "materials", "materials_count")
        before = {
            session.pk: (
                tuple(getattr(session, f) for f in fields),
                *(
                    sorted(getattr(session, m).values_list("pk", flat=True))
                    for m in ("organisers", "topics", "languages")
                ),
                session.clause_id,
                session.note,
            )
            for session in OutreachSession.objects.all()
        }
        for fmt in ("xlsx", "csv"):
            with self.subTest(fmt):
                dataset = read_dataset(self.export("outreachsession", fmt), f"outreach.{fmt}")
                result, errors = run_import(OutreachSessionResource(user=self.world.a_reporter), dataset, dry_run=False)
                self.assertEqual((errors, result.totals["update"]), ([], 2))
                after = {
                    session.pk: (
                        tuple(getattr(session, f) for f in fields),
                        *(
                            sorted(getattr(session, m).values_list("pk", flat=True))
                            for m in ("organisers", "topics", "languages")
                        ),
                        session.clause_id,
                        session.note,
                    )
                    for session in OutreachSession.objects.all()
                }
                self.assertEqual(after, before)

    def test_every_filter_has_a_column(self):
        names = {
            "organiser": "organiser_names",
            "commune": "commune_name",
            "held_from": "held_on",
            "held_to": "held_on",
            "topic": "topic_names",
            "language": "language_names",
            "audience_min": "audience",
        }
        columns = set(OutreachSessionResource._meta.fields)
        for name in OutreachSessionFilterSet._meta.fields:
            if name != "q":
                self.assertIn(names.get(name, name), columns, name)

    def test_queries_do_not_grow_with_the_rows(self):
        self.make_record(self.world.a)
        self.assert_flat(
            "outreachsession",
            lambda: [self.make_record(self.world.a, organisers=[self.world.a, self.world.b]) for _ in range(5)],
        )
