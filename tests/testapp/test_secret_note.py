"""The generic base test classes run against a classified record type: clearance is enforced by the gate."""

import itertools

from django.test import TestCase

from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.registers import is_register_entry, register_fields
from phoihop.core.testing.views import RecordViewTests
from tests.testapp.models import SecretNote

counter = itertools.count(1)


class SecretNoteRecord:
    model = SecretNote

    def make_record(self, owner, **kwargs):
        # classified Mật or above: a register entry (no title; the owner holds the paper file)
        level = kwargs.get("classification", 0)
        title = "" if is_register_entry(level) else f"Nắm tình hình {next(counter)}"
        return SecretNote.objects.create(organisation=owner, title=title, **{**register_fields(owner, level), **kwargs})

    def form_data(self, owner):
        return {"organisation": owner.pk, "title": f"Ghi chép {next(counter)}", "classification": 0}

    def invalid_form_data(self, owner):
        return {"organisation": owner.pk, "title": "", "classification": 0}, "title"

    def export_keys(self, obj):
        return [obj.title or obj.pk]


class TestSecretNoteViews(SecretNoteRecord, RecordViewTests, TestCase):
    def test_list_and_export_hide_records_above_clearance(self):
        low = self.make_record(self.world.a)
        secret = self.make_record(self.world.a, classification=2)
        self.login(self.world.a_admin)  # clearance: unclassified
        pks = self.listed_pks(self.client.get(self.url("list")))
        self.assertEqual(pks, {low.pk})
        self.login(self.world.a_secret)
        self.assertEqual(self.listed_pks(self.client.get(self.url("list"))), {low.pk, secret.pk})

    def test_search_finds_without_diacritics(self):
        note = SecretNote.objects.create(organisation=self.world.a, title="Tuần tra mốc 1116 Đồng Đăng")
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("list"), {"q": "tuan tra dong dang"})
        self.assertEqual(self.listed_pks(response), {note.pk})


class TestSecretNoteAPI(SecretNoteRecord, RecordAPITests, TestCase):
    endpoint = "/api/testapp/notes/"

    def api_data(self, owner):
        return {"organisation": owner.pk, "title": f"API {next(counter)}", "classification": 0}

    def invalid_api_data(self, owner):
        return {"organisation": owner.pk, "title": "x", "classification": 9}, "classification"

    def test_classified_record_is_404_without_clearance(self):
        secret = self.make_record(self.world.a, classification=1)
        self.as_user(self.world.a_admin)
        self.assertEqual(self.api.get(self.detail(secret)).status_code, 404)
        self.as_user(self.world.a_secret)
        self.assertEqual(self.api.get(self.detail(secret)).status_code, 200)
