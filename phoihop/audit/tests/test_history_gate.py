"""The gate holds for everything the history prints (issue 16).

* History entries follow their record's current owner and classification: a task raised to Mật takes its earlier
  entries (and its units') out of the reach of a reader cleared for less.
* A relation's entries are classified at the highest level of its two ends, and raised when an end is raised.
* The name of any other record an entry refers to is printed only to a reader who may open it; anyone else reads a
  placeholder and gets no link.
"""

import datetime

from django.contrib.contenttypes.models import ContentType
from django.db import connection
from django.test import TestCase
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from phoihop.audit.models import ChangeRecord
from phoihop.core.choices import Classification
from phoihop.core.services import record_delete, record_save
from phoihop.core.testing.registers import CUSTODIAN, STORAGE_PLACE
from phoihop.core.testing.views import WorldMixin
from phoihop.work.models import Document, DocumentRelation, TaskUnit
from phoihop.work.services import progress_report
from phoihop.work.tests.factories import document_type, make_task
from phoihop.work.views.documents import document_relation_add, document_relation_remove

CLASSIFIED = "[Bản ghi mật]"
CLASSIFIED_DOCUMENT = "[Văn bản mật]"
NOT_VIEWABLE = "[Bản ghi không xem được]"
ACTIVITY = reverse("audit:activity")
API = "/api/audit/changes/"


def entries_of(record):
    content_type = ContentType.objects.get_for_model(type(record))
    return ChangeRecord.objects.filter(content_type=content_type, object_pk=str(record.pk))


def make_document(owner, number, classification=0, subject=""):
    """A document as a page saves it; classified, a register entry (no subject, the owner holds the paper)."""
    register = {"holding_unit": owner, "custodian": CUSTODIAN, "storage_place": STORAGE_PLACE} if classification else {}
    document = Document(
        owner=owner,
        doc_type=document_type(),
        number=number,
        subject="" if classification else subject or f"Về công tác biên giới {number}",
        issuing_body="Bộ Chỉ huy Bộ đội Biên phòng tỉnh",
        classification=classification,
        **register,
    )
    document.full_clean()
    document.save()
    return document


def raise_to_secret(record, acting_user, **cleared):
    """Raise ``record`` to Mật as the clearance holder does: its content goes (a register entry holds none), the
    register fields come."""
    record.refresh_from_db()
    for name, value in cleared.items():
        setattr(record, name, value)
    record.classification = Classification.CONFIDENTIAL
    record.holding_unit = record.holding_unit or acting_user.memberships.first().organisation
    record.custodian, record.storage_place = CUSTODIAN, STORAGE_PLACE
    return record_save(acting_user=acting_user, instance=record)


class GateMixin(WorldMixin):
    def read(self, user, url, data=None):
        self.login(user)
        response = self.client.get(url, data or {})
        return response, response.content.decode()

    def assert_never_printed(self, user, secrets, *, urls=(), api_queries=()):
        """``user`` reads none of ``secrets`` on the activity page, the API list, its searches and ``urls``."""
        pages = [ACTIVITY, API, *urls]
        for url in pages:
            response, body = self.read(user, url)
            self.assertEqual(response.status_code, 200, url)
            for secret in secrets:
                self.assertNotIn(secret, body, f"{secret!r} printed on {url}")
        for query in api_queries:  # the search box finds nothing (the query itself is echoed in the form)
            response, body = self.read(user, API, {"q": query})
            self.assertEqual(response.json()["results"], [], query)
            response, body = self.read(user, ACTIVITY, {"q": query})
            self.assertEqual(list(response.context["table"].paginated_rows), [], query)

    def api_ids(self, user, **params):
        self.login(user)
        return {row["id"] for row in self.client.get(API, params).json()["results"]}


class TestHistoryFollowsTheRecord(GateMixin, TestCase):
    """(a) A task created unclassified, edited, then raised to Mật."""

    TITLE = "Tuần tra song phương khu vực mốc 1119"
    EDITED = "Tuần tra song phương khu vực mốc 1119 và 1120"
    DESCRIPTION = "Phối hợp với Trạm Biên phòng Ái Điểm, xuất phát 05 giờ sáng"
    REPORT = "Đã khảo sát tuyến tuần tra, chờ lực lượng phía bạn"

    def setUp(self):
        world = self.world
        self.task = make_task(world, assigner=world.a, lead=world.a1, user=world.a_reporter, title=self.TITLE)
        self.task.title, self.task.description = self.EDITED, self.DESCRIPTION
        record_save(acting_user=world.a_reporter, instance=self.task)
        self.unit = TaskUnit.objects.get(task=self.task)
        self.report = progress_report(acting_user=world.a_reporter, unit=self.unit, text=self.REPORT, progress=40)
        self.task.refresh_from_db()
        # the Thường reader of the owner reads it all while it is unclassified
        self.assertIn(self.EDITED, self.read(world.a_viewer, ACTIVITY)[1])
        self.before = set(entries_of(self.task).values_list("pk", flat=True))
        # a register entry holds no content: the report goes to the recycle bin first (its history stays)
        record_delete(acting_user=world.a_reporter, instance=self.report)
        raise_to_secret(self.task, world.a_secret, title="", description="")

    def dependants(self):
        """The entries of the task's unit and progress report, whose level follows the task's."""
        return {
            *entries_of(self.unit).values_list("pk", flat=True),
            *entries_of(self.report).values_list("pk", flat=True),
        }

    def test_earlier_entries_take_the_current_level(self):
        self.assertEqual(len(self.before), 3)  # created, edited, its progress rolled up
        for record in (self.task, self.unit, self.report):
            levels = set(entries_of(record).values_list("classification", flat=True))
            self.assertEqual(levels, {Classification.CONFIDENTIAL}, record)
            self.assertEqual(
                set(entries_of(record).values_list("organisation_id", flat=True)), {record.access_organisation_id()}
            )

    def test_the_uncleared_reader_of_the_owner_sees_none_of_it(self):
        viewer = self.world.a_viewer
        for name in ("work:task_detail", "work:task_history"):
            self.login(viewer)
            self.assertEqual(self.client.get(reverse(name, args=[self.task.pk])).status_code, 404)
        ids = {*entries_of(self.task).values_list("pk", flat=True), *self.dependants()}
        self.assertFalse(ids & self.api_ids(viewer))
        self.assert_never_printed(
            viewer,
            [self.TITLE, self.EDITED, self.DESCRIPTION, self.REPORT, "1119"],
            api_queries=[self.TITLE, "mốc 1119", "1119"],
        )
        table = self.client.get(ACTIVITY).context["table"]
        self.assertFalse({row.record.pk for row in table.paginated_rows} & ids)

    def test_the_cleared_reader_and_the_superuser_still_see_all(self):
        ids = {*entries_of(self.task).values_list("pk", flat=True), *self.dependants()}
        for reader in (self.world.a_secret, self.world.superuser):
            self.assertLessEqual(ids, self.api_ids(reader), reader)
            self.assertEqual(
                self.read(reader, API, {"q": "1119"})[0].json()["results"][0]["object_pk"], str(self.task.pk)
            )
            _response, body = self.read(reader, reverse("work:task_history", args=[self.task.pk]))
            self.assertIn(self.EDITED, body)
            self.assertIn(self.DESCRIPTION, body)
            self.assertIn(self.EDITED, self.read(reader, ACTIVITY)[1])

    def test_lowering_it_again_opens_its_history_again(self):
        self.task.refresh_from_db()
        self.task.classification = Classification.UNCLASSIFIED
        self.task.title = "Tuần tra song phương (đã giải mật)"
        record_save(acting_user=self.world.a_secret, instance=self.task)
        self.assertEqual(set(entries_of(self.task).values_list("classification", flat=True)), {0})
        self.assertIn(self.EDITED, self.read(self.world.a_viewer, ACTIVITY)[1])


class TestRelationHistory(GateMixin, TestCase):
    """(b) An unclassified document linked to the Mật plan 64/KH-BCH."""

    NUMBER = "64/KH-BCH"

    def setUp(self):
        world = self.world
        self.source = make_document(world.a, "15-KH/ĐBP", subject="Kế hoạch tuyên truyền biên giới năm 2025")
        self.secret = make_document(world.a, self.NUMBER, classification=Classification.CONFIDENTIAL)
        self.assertEqual(self.secret.number, self.NUMBER)
        self.login(world.a_secret)
        response = self.client.post(
            reverse("work:documentrelation_add", args=[self.source.pk]),
            {"target": self.secret.pk, "kind": "implements"},
        )
        self.assertEqual(response.status_code, 302)
        self.relation = DocumentRelation.objects.get(source=self.source, target=self.secret)

    def history(self, document):
        return reverse("work:document_history", args=[document.pk])

    def assert_hidden_from_the_uncleared(self):
        viewer = self.world.a_viewer
        self.login(viewer)
        self.assertEqual(self.client.get(self.secret.get_absolute_url()).status_code, 404)
        self.assertEqual(self.client.get(self.history(self.secret)).status_code, 404)
        response, body = self.read(viewer, self.history(self.source))
        self.assertEqual(response.status_code, 200)
        self.assertIn(CLASSIFIED_DOCUMENT, body)  # "Văn bản liên quan: đã thêm: [Văn bản mật]"
        self.assertNotIn(self.secret.get_absolute_url(), body)
        self.assert_never_printed(
            viewer, [self.NUMBER, "64/KH", "KH-BCH"], urls=[self.history(self.source)], api_queries=[self.NUMBER, "64"]
        )
        self.assertFalse(set(entries_of(self.relation).values_list("pk", flat=True)) & self.api_ids(viewer))

    def test_the_relation_takes_the_higher_level(self):
        self.assertEqual(set(entries_of(self.relation).values_list("classification", flat=True)), {1})
        self.assert_hidden_from_the_uncleared()
        # the cleared reader reads it, as a link to the document
        _response, body = self.read(self.world.a_secret, self.history(self.source))
        self.assertIn(self.NUMBER, body)
        self.assertIn(f'href="{self.secret.get_absolute_url()}"', body)
        self.assertIn(self.NUMBER, self.read(self.world.a_secret, API, {"q": self.NUMBER})[1])

    def test_also_after_the_link_is_deleted(self):
        self.login(self.world.a_secret)
        response = self.client.post(reverse("work:documentrelation_delete", args=[self.relation.pk]))
        self.assertEqual(response.status_code, 302)
        self.assertFalse(DocumentRelation.objects.filter(pk=self.relation.pk).exists())
        self.assertEqual(entries_of(self.relation).filter(action=ChangeRecord.Action.DELETE).get().classification, 1)
        self.assert_hidden_from_the_uncleared()

    def test_raising_an_end_raises_the_relation(self):
        plain = make_document(self.world.a, "71/KH-BCH", subject="Kế hoạch diễn tập khu vực biên giới")
        relation = document_relation_add(
            acting_user=self.world.a_reporter,
            relation=DocumentRelation(source=self.source, target=plain, kind="amends"),
        )
        document_relation_remove(acting_user=self.world.a_reporter, relation=relation)
        self.assertEqual(set(entries_of(relation).values_list("classification", flat=True)), {0})
        raise_to_secret(plain, self.world.a_secret, subject="", summary="")
        self.assertEqual(set(entries_of(relation).values_list("classification", flat=True)), {1})
        self.assertEqual(set(entries_of(plain).values_list("classification", flat=True)), {1})
        # the source's own entries stay its own level; they name the raised document only to who may open it
        self.assertEqual(set(entries_of(self.source).values_list("classification", flat=True)), {0})
        self.assert_never_printed(
            self.world.a_viewer, ["71/KH-BCH", "diễn tập"], urls=[self.history(self.source)], api_queries=["71/KH"]
        )


class TestNamesOfOtherRecords(GateMixin, TestCase):
    """(c) An entry referring to a record outside the reader's scope prints a placeholder and no link."""

    def setUp(self):
        world = self.world
        self.outside = make_document(world.b, "77-CT/ĐU", subject="Văn bản riêng của xã Đồng Đăng")
        self.secret = make_document(world.a, "81/KH-BCH", classification=Classification.CONFIDENTIAL)
        self.own = make_document(world.a, "05-KH/ĐBP", subject="Kế hoạch của đồn Ba Sơn")
        # the superuser links post A's records to records post A's viewer may not open
        self.task = make_task(world, assigner=world.a, lead=world.a1, document=self.outside, title="Triển khai văn bản")
        self.secret_task = make_task(
            world, assigner=world.a, lead=world.a1, document=self.secret, title="Chuẩn bị kế hoạch"
        )
        self.relation = document_relation_add(
            acting_user=world.superuser,
            relation=DocumentRelation(source=self.own, target=self.outside, kind="implements"),
        )

    def test_activity_prints_placeholders_without_links(self):
        viewer = self.world.a_viewer
        self.login(viewer)
        self.assertEqual(self.client.get(self.outside.get_absolute_url()).status_code, 404)
        response, body = self.read(viewer, ACTIVITY)
        rows = {row.record.pk for row in response.context["table"].paginated_rows}
        self.assertLessEqual(set(entries_of(self.task).values_list("pk", flat=True)), rows)
        self.assertLessEqual(set(entries_of(self.relation).values_list("pk", flat=True)), rows)  # unclassified ends
        self.assertIn(NOT_VIEWABLE, body)
        self.assertIn(CLASSIFIED_DOCUMENT, body)
        self.assertIn("Triển khai văn bản", body)  # the task itself is the viewer's to read
        self.assertIn(f'href="{self.task.get_absolute_url()}"', body)  # named by its unit's entry, as a link
        for secret in ("77-CT/ĐU", "Văn bản riêng", "81/KH-BCH"):
            self.assertNotIn(secret, body)
        for document in (self.outside, self.secret):
            self.assertNotIn(f'href="{document.get_absolute_url()}"', body)
        self.assert_never_printed(
            viewer,
            ["77-CT/ĐU", "Văn bản riêng", "81/KH-BCH"],
            urls=[
                reverse("work:task_history", args=[self.task.pk]),
                reverse("work:task_history", args=[self.secret_task.pk]),
                reverse("work:document_history", args=[self.own.pk]),
            ],
        )
        # the API names the relation by a placeholder too
        self.login(viewer)
        rows = self.client.get(API).json()["results"]
        relation_rows = [row for row in rows if row["record_type"] == "documentrelation"]
        self.assertTrue(relation_rows)
        self.assertEqual({row["object_repr"] for row in relation_rows}, {NOT_VIEWABLE})
        source_rows = [row for row in rows if row["record_type"] == "document" and "related" in (row["changes"] or {})]
        self.assertEqual(source_rows[0]["changes"]["related"]["objects"], [NOT_VIEWABLE])

    def test_records_the_reader_may_open_are_named_and_linked(self):
        _response, body = self.read(self.world.superuser, ACTIVITY)
        for name in ("77-CT/ĐU", "81/KH-BCH"):
            self.assertIn(name, body)
        self.assertIn(f'href="{self.outside.get_absolute_url()}"', body)
        self.assertIn(f'href="{self.secret.get_absolute_url()}"', body)
        # the post's cleared admin reads its own secret plan, not commune B's document
        _response, body = self.read(self.world.a_secret, ACTIVITY)
        self.assertIn("81/KH-BCH", body)
        self.assertIn(f'href="{self.secret.get_absolute_url()}"', body)
        self.assertNotIn("77-CT/ĐU", body)

    def test_the_query_count_does_not_grow_with_the_rows(self):
        viewer = self.world.a_viewer

        def queries():
            self.login(viewer)
            with CaptureQueriesContext(connection) as captured:
                response = self.client.get(ACTIVITY)
            self.assertEqual(response.status_code, 200)
            with CaptureQueriesContext(connection) as api:
                self.assertEqual(self.client.get(API).status_code, 200)
            return len(captured), len(api)

        before = queries()
        for n in range(3):
            extra = make_document(self.world.b, f"9{n}-CT/ĐU", subject=f"Văn bản thêm {n}")
            make_task(
                self.world, assigner=self.world.a, lead=self.world.a1, document=extra, deadline=datetime.date.today()
            )
            document_relation_add(
                acting_user=self.world.superuser,
                relation=DocumentRelation(source=self.own, target=extra, kind="amends"),
            )
        self.assertEqual(queries(), before)
