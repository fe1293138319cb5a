"""Documents: the generic rules (views and API), the number parser at the field, dates, search, filters, relations
between documents, document types and import/export."""

import datetime
import itertools

import tablib
from django.test import TestCase, override_settings
from django.urls import reverse
from django.utils import translation

from phoihop.audit.models import ChangeRecord
from phoihop.core.importexport import run_import
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.registers import is_register_entry, register_fields
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.work.models import Dissemination, Document, DocumentRelation, DocumentType
from phoihop.work.resources import DocumentResource
from phoihop.work.tests.factories import document_type

counter = itertools.count(1)


def make_document(owner, number=None, subject=None, **kwargs):
    """A document saved after ``full_clean()``, so the number is normalised and the year set as on a page. Classified
    Mật or above it is a register entry (no subject; the owner holds the paper file) unless the test allows content."""
    n = next(counter)
    level = kwargs.get("classification", 0)
    for name, value in register_fields(owner, level).items():
        kwargs.setdefault(name, value)
    if subject is None and not is_register_entry(level):
        subject = f"Về tăng cường công tác quản lý biên giới {n}"
    document = Document(
        owner=owner,
        doc_type=kwargs.pop("doc_type", None) or document_type(),
        number=f"{n}-CT/TU" if number is None else number,
        subject=subject or "",
        issuing_body=kwargs.pop("issuing_body", "Tỉnh ủy"),
        **kwargs,
    )
    document.full_clean()
    document.save()
    return document


class DocumentRecord:
    model = Document

    def make_record(self, owner, **kwargs):
        return make_document(owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        return {
            "doc_type": document_type().pk,
            "number": f"{100 + n}-CT/TU",
            "issuing_body": "Tỉnh ủy Lạng Sơn",
            "signed_on": "01/07/2025",
            "subject": f"Về đẩy mạnh tuyên truyền pháp luật biên giới {n}",
            "summary": "",
            "owner": owner.pk,
            "classification": 0,
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["number"] = "37/CT"
        return data, "number"

    def export_keys(self, obj):
        return [obj.number]


class TestDocumentViews(DocumentRecord, RecordViewTests, TestCase):
    def use_english(self, user):
        """The interface follows the signed-in user's language (the default is Vietnamese)."""
        type(user).objects.filter(pk=user.pk).update(language="en")

    def list_pks(self, **params):
        return self.listed_pks(self.client.get(self.url("list"), {"per_page": 100, **params}))

    def test_malformed_number_is_shown_at_the_number_field(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["number"] = "37/CT"
        self.use_english(self.world.a_reporter)
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        errors = response.context["form"].errors
        self.assertEqual(list(errors), ["number"])
        self.assertIn("“37/CT” is not a document number", errors["number"][0])
        self.assertContains(response, 'data-field="number"', status_code=400)
        self.assertFalse(response.context["form"].non_field_errors())

    def test_the_word_so_alone_is_a_number_without_its_number(self):
        self.login(self.world.a_reporter)
        for bare in ("Số:", "số", " Số : "):
            data = {**self.form_data(self.world.a), "number": bare}
            response = self.client.post(self.url("add"), data)
            self.assertEqual(response.status_code, 400)
            errors = response.context["form"].errors
            self.assertEqual(list(errors), ["number"])
            self.assertIn("Số văn bản chưa có số", errors["number"][0])
        self.assertFalse(Document.objects.exists())
        # An empty field stays an optional, empty number.
        response = self.client.post(self.url("add"), {**self.form_data(self.world.a), "number": ""})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Document.objects.get().number, "")

    def test_number_is_normalised_and_signed_on_is_day_first(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        data["number"] = "Số: 37 - ct / TW"
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        document = Document.objects.get(number="37-CT/TW")
        self.assertEqual(document.signed_on, datetime.date(2025, 7, 1))
        self.assertEqual((document.number_value, document.year), (37, 2025))

    def test_classification_is_offered_up_to_the_users_clearance(self):
        self.login(self.world.a_reporter)  # clearance: unclassified
        response = self.client.get(self.url("add"))
        self.assertEqual([value for value, _ in response.context["form"].fields["classification"].choices], [0])
        data = self.form_data(self.world.a)
        data["classification"] = 2
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("classification", response.context["form"].errors)

    def test_search_folds_subject_and_number(self):
        directive = make_document(self.world.a, number="05-KH/TU", subject="Kế hoạch thực hiện Chỉ thị 37-CT/TW")
        by_number = make_document(self.world.a, number="37-CT/TW", subject="Về công tác biên giới đất liền")
        other = make_document(self.world.a, number="15-NQ/TU", subject="Nghị quyết về phát triển kinh tế cửa khẩu")
        self.login(self.world.a_viewer)
        found = self.list_pks(q="chi thi 37")
        self.assertIn(directive.pk, found)
        self.assertNotIn(other.pk, found)
        found = self.list_pks(q="37-ct/tw")
        self.assertIn(by_number.pk, found)
        self.assertNotIn(other.pk, found)

    def test_filters(self):
        plan_type, _ = DocumentType.objects.get_or_create(code="ke-hoach", defaults={"name": "Kế hoạch"})
        old = make_document(self.world.a, number="30/2020/NĐ-CP", signed_on=datetime.date(2020, 4, 5))
        plan = make_document(self.world.a, doc_type=plan_type, signed_on=datetime.date(2025, 7, 1))
        secret = make_document(self.world.a, classification=1, signed_on=datetime.date(2025, 8, 1))
        self.login(self.world.a_secret)
        self.assertEqual(self.list_pks(year=2020), {old.pk})
        self.assertEqual(self.list_pks(doc_type=plan_type.pk), {plan.pk})
        self.assertEqual(self.list_pks(signed_from="01/07/2025", signed_to="31/07/2025"), {plan.pk})
        self.assertEqual(self.list_pks(classification=1), {secret.pk})
        self.assertEqual(self.list_pks(owner=self.world.a.pk), {old.pk, plan.pk, secret.pk})

    def test_relation_is_added_from_the_document_page_with_history(self):
        plan = make_document(self.world.a, number="05-KH/ĐU")
        directive = make_document(self.world.a, number="37-CT/TW")
        self.login(self.world.a_reporter)
        url = reverse("work:documentrelation_add", args=[plan.pk])
        response = self.client.post(url, {"target": directive.pk, "kind": "implements"})
        self.assertRedirects(response, plan.get_absolute_url(), fetch_redirect_response=False)
        relation = DocumentRelation.objects.get(source=plan, target=directive, kind="implements")
        self.assertEqual(relation.created_by, self.world.a_reporter)
        entry = ChangeRecord.objects.filter(
            content_type__model="document", object_pk=str(plan.pk), action=ChangeRecord.Action.UPDATE
        ).get()
        self.assertEqual(entry.actor, self.world.a_reporter)
        self.assertEqual(entry.changes["related"]["operation"], "add")
        self.use_english(self.world.a_reporter)
        page = self.client.get(directive.get_absolute_url())  # seen from the other side
        self.assertContains(page, "Implemented by")
        self.assertContains(page, plan.get_absolute_url())
        # A second identical relation is refused at the field.
        response = self.client.post(url, {"target": directive.pk, "kind": "implements"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("target", response.context["relation_form"].errors)

    def test_relation_target_must_be_visible_and_source_changeable(self):
        plan = make_document(self.world.a)
        foreign = make_document(self.world.b)
        url = reverse("work:documentrelation_add", args=[plan.pk])
        self.login(self.world.a_reporter)
        response = self.client.post(url, {"target": foreign.pk, "kind": "implements"})
        self.assertEqual(response.status_code, 400)
        self.assertIn("target", response.context["relation_form"].errors)
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.post(url, {"target": plan.pk, "kind": "amends"}).status_code, 403)
        self.login(self.world.b_admin)
        self.assertEqual(self.client.post(url, {"target": foreign.pk, "kind": "amends"}).status_code, 404)
        self.assertFalse(DocumentRelation.objects.exists())

    @override_settings(STATE_SECRET_CONTENT=True)  # the point: a secret subject never reaches a low clearance
    def test_related_documents_pass_the_gate(self):
        plan = make_document(self.world.a)
        hidden = make_document(self.world.b, subject="Văn bản riêng của xã Đồng Đăng")
        secret = make_document(self.world.a, subject="Kế hoạch mật về tuần tra", classification=2)
        DocumentRelation.objects.create(source=plan, target=hidden, kind="implements")
        DocumentRelation.objects.create(source=secret, target=plan, kind="amends")
        self.login(self.world.a_admin)  # clearance: unclassified
        response = self.client.get(plan.get_absolute_url())
        self.assertNotContains(response, "Văn bản riêng")
        self.assertNotContains(response, "Kế hoạch mật")
        self.login(self.world.a_secret)
        self.assertContains(self.client.get(plan.get_absolute_url()), "Kế hoạch mật")

    def test_relation_can_be_removed(self):
        plan, directive = make_document(self.world.a), make_document(self.world.a)
        relation = DocumentRelation.objects.create(source=plan, target=directive, kind="replaces")
        url = reverse("work:documentrelation_delete", args=[relation.pk])
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.post(url).status_code, 403)
        self.login(self.world.a_reporter)
        self.assertRedirects(self.client.post(url), plan.get_absolute_url(), fetch_redirect_response=False)
        self.assertFalse(DocumentRelation.objects.filter(pk=relation.pk).exists())
        self.assertTrue(DocumentRelation.all_objects.filter(pk=relation.pk).exists())

    def test_detail_lists_disseminations_with_coverage_link(self):
        document = make_document(self.world.province)
        Dissemination.objects.create(document=document, organisation=self.world.a, assigned_by=self.world.province)
        self.login(self.world.a_viewer)  # reads the document because post A must disseminate it
        response = self.client.get(document.get_absolute_url())
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, reverse("work:document_coverage", args=[document.pk]))
        self.assertContains(response, f'data-organisation="{self.world.a.code}"')

    def test_import_reads_codes_dates_and_numbers(self):
        document_type()
        dataset = tablib.Dataset(
            ["37-ct/TW", "chi-thi", "T-A", "Ban Bí thư", "01/07/2025", "Về biên giới", "", 0],
            ["37/CT", "chi-thi", "T-A", "Ban Bí thư", "01/07/2025", "Sai số", "", 0],
            headers=[
                "number",
                "doc_type",
                "owner",
                "issuing_body",
                "signed_on",
                "subject",
                "summary",
                "classification",
            ],
        )
        with translation.override("en"):
            _result, errors = run_import(DocumentResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual([(row, field) for row, field, _message in errors], [(3, "number")])
        self.assertFalse(Document.objects.exists())
        del dataset[1]
        _result, errors = run_import(DocumentResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual(errors, [])
        document = Document.objects.get()
        self.assertEqual((document.number, document.signed_on), ("37-CT/TW", datetime.date(2025, 7, 1)))
        self.assertEqual(document.created_by, self.world.a_reporter)
        # The same row again (its issuer typed in another case) updates the document instead of adding one.
        dataset[0] = ["37-CT/tw", "chi-thi", "T-A", "Ban Bí thư", "01/07/2025", "Về biên giới", "", 0]
        _result, errors = run_import(DocumentResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual((errors, Document.objects.count()), ([], 1))

    def test_import_refuses_the_word_so_alone(self):
        document_type()
        dataset = tablib.Dataset(
            ["Số:", "chi-thi", "T-A", "Ban Bí thư", "01/07/2025", "Về biên giới"],
            headers=["number", "doc_type", "owner", "issuing_body", "signed_on", "subject"],
        )
        _result, errors = run_import(DocumentResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual([(row, field) for row, field, _message in errors], [(2, "number")])
        self.assertIn("Số văn bản chưa có số", errors[0][2])
        self.assertFalse(Document.objects.exists())

    def test_import_refuses_an_owner_outside_the_scope(self):
        document_type()
        dataset = tablib.Dataset(
            ["37-CT/TW", "chi-thi", "T-B", "Ban Bí thư", "01/07/2025", "Về biên giới"],
            headers=["number", "doc_type", "owner", "issuing_body", "signed_on", "subject"],
        )
        _result, errors = run_import(DocumentResource(user=self.world.a_reporter), dataset, dry_run=False)
        self.assertEqual([(row, field) for row, field, _message in errors], [(2, "owner")])
        self.assertFalse(Document.objects.exists())


class TestDocumentAPI(DocumentRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/documents/"

    def api_data(self, owner):
        n = next(counter)
        return {
            "doc_type": document_type().pk,
            "number": f"{200 + n}/KH-UBND",
            "issuing_body": "UBND tỉnh",
            "signed_on": "01/07/2025",
            "subject": f"Kế hoạch tuyên truyền {n}",
            "owner": owner.pk,
            "classification": 0,
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["number"] = "37/CT"
        return data, "number"

    def test_malformed_number_is_a_field_error(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, {**self.api_data(self.world.a), "number": "37/CT"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["number"])
        self.assertEqual(len(response.json()["number"]), 1)

    def test_the_word_so_alone_is_a_field_error(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, {**self.api_data(self.world.a), "number": "Số:"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertEqual(list(response.json()), ["number"])
        self.assertIn("Số văn bản chưa có số", response.json()["number"][0])
        self.assertFalse(Document.objects.exists())

    def test_day_first_date_and_normalised_number(self):
        self.as_user(self.world.a_reporter)
        data = {**self.api_data(self.world.a), "number": "37-ct/TW"}
        response = self.api.post(self.endpoint, data, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        body = response.json()
        self.assertEqual((body["number"], body["signed_on"], body["year"]), ("37-CT/TW", "2025-07-01", 2025))

    def test_classified_record_is_404_without_clearance(self):
        secret = self.make_record(self.world.a, classification=1)
        self.as_user(self.world.a_admin)
        self.assertEqual(self.api.get(self.detail(secret)).status_code, 404)
        self.as_user(self.world.a_secret)
        self.assertEqual(self.api.get(self.detail(secret)).status_code, 200)

    def test_cannot_classify_above_own_clearance(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, {**self.api_data(self.world.a), "classification": 2}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("classification", response.json())

    def test_search_and_filters_are_shared_with_the_page(self):
        directive = make_document(self.world.a, number="37-CT/TW", subject="Chỉ thị về biên giới")
        make_document(self.world.a, number="15-NQ/TU", subject="Nghị quyết")
        self.as_user(self.world.a_viewer)
        ids = {row["id"] for row in self.api.get(self.endpoint, {"q": "37-ct/tw"}).json()["results"]}
        self.assertEqual(ids, {directive.pk})


class TestDocumentTypes(WorldMixin, TestCase):
    def test_only_superusers_maintain_types_everyone_reads_them(self):
        kind = document_type()
        self.client.force_login(self.world.a_admin)
        self.assertEqual(self.client.get(reverse("work:documenttype_list")).status_code, 200)
        self.assertEqual(self.client.get(reverse("work:documenttype_add")).status_code, 403)
        self.assertEqual(self.client.get(reverse("work:documenttype_edit", args=[kind.pk])).status_code, 403)
        self.client.force_login(self.world.superuser)
        response = self.client.post(
            reverse("work:documenttype_add"), {"code": "nghi-quyet", "name": "Nghị quyết", "sort_order": 1}
        )
        self.assertEqual(response.status_code, 302)
        self.client.logout()
        from rest_framework.test import APIClient

        api = APIClient()
        api.force_authenticate(self.world.a_viewer)
        codes = {row["code"] for row in api.get("/api/work/document-types/").json()["results"]}
        self.assertEqual(codes, {"chi-thi", "nghi-quyet"})
        self.assertEqual(api.post("/api/work/document-types/", {"code": "x", "name": "x"}).status_code, 403)
