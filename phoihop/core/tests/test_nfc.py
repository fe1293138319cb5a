"""Decomposed Unicode (NFD, as macOS and some keyboards send it) is composed (NFC) on the way in, everywhere:
forms, the API, filters and imports store and look up the same text."""

import io
import unicodedata

import openpyxl
import tablib
from django.test import TestCase
from django.urls import reverse
from rest_framework.test import APIClient

from phoihop.core.importexport import ScopedForeignKeyWidget, ScopedManyToManyWidget, read_dataset, run_import
from phoihop.core.testing.views import WorldMixin
from phoihop.core.text import nfc, nfc_data
from phoihop.orgs.filtersets import AreaFilterSet
from phoihop.orgs.models import Area
from phoihop.orgs.resources import AreaResource
from phoihop.programs.models import Resettlement
from phoihop.programs.resources.records import ResettlementResource
from phoihop.programs.tests.factories import make_commune, make_village, province_area


def nfd(text):
    decomposed = unicodedata.normalize("NFD", text)
    assert decomposed != text  # the test text has composed letters to decompose
    return decomposed


BA_SON = "Xã Ba Sơn"
VILLAGE = "Thôn Bản Sơn"


def is_nfc(text):
    return unicodedata.is_normalized("NFC", text)


class TestHelpers(TestCase):
    def test_nfc_and_nfc_data(self):
        from django.http import QueryDict

        self.assertEqual(nfc(nfd(BA_SON)), BA_SON)
        self.assertEqual(nfc(12), 12)
        query = QueryDict(mutable=True)
        query.setlist("name", [nfd(BA_SON), "x"])
        self.assertEqual(nfc_data(query).getlist("name"), [BA_SON, "x"])
        self.assertEqual(
            nfc_data({"a": [nfd(BA_SON), {"b": nfd(VILLAGE)}], "n": 1}), {"a": [BA_SON, {"b": VILLAGE}], "n": 1}
        )

    def test_the_model_stores_nfc_whoever_saves_it(self):
        area = Area(code="N1", name=nfd(BA_SON), kind="commune", parent=province_area(), note=nfd(VILLAGE))
        area.full_clean()
        self.assertEqual((area.name, area.note), (BA_SON, VILLAGE))
        other = Area.objects.create(code="N2", name=nfd(VILLAGE), kind="commune", parent=province_area())
        other.refresh_from_db()
        self.assertTrue(is_nfc(other.name))


class TestEveryWayIn(WorldMixin, TestCase):
    def setUp(self):
        self.commune = make_commune("T20901", "Thụy Hùng")

    def test_form(self):
        self.client.force_login(self.world.p_admin)
        data = {"code": "N00001", "name": nfd(BA_SON), "kind": "commune", "note": nfd(VILLAGE)}
        response = self.client.post(reverse(Area.url_name("add")), data)
        self.assertEqual(
            response.status_code, 302, getattr(response, "context", None) and response.context["form"].errors
        )
        area = Area.objects.get(code="N00001")
        self.assertEqual((area.name, area.note), (BA_SON, VILLAGE))
        self.assertEqual(Area.objects.filter(name=BA_SON).get(), area)

    def test_api_and_its_filters(self):
        api = APIClient()
        api.force_authenticate(self.world.p_admin)
        response = api.post(
            "/api/orgs/areas/", {"code": nfd("XÃ-ƠN"), "name": nfd(BA_SON), "kind": "commune"}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["name"], BA_SON)
        area = Area.objects.get(pk=response.json()["id"])
        self.assertEqual((area.name, area.code), (BA_SON, "XÃ-ƠN"))
        # Looked up by its code typed decomposed: the filter compares composed text.
        found = api.get("/api/orgs/areas/", {"code": nfd("XÃ-ƠN")}).json()["results"]
        self.assertEqual([row["id"] for row in found], [area.pk])
        filterset = AreaFilterSet({"code": nfd("XÃ-ƠN")}, queryset=Area.objects.all())
        self.assertEqual(list(filterset.qs), [area])

    def test_import_stores_nfc(self):
        book = openpyxl.Workbook()
        book.active.append(["code", "name", "kind", "parent", "note"])
        book.active.append(["N00002", nfd(BA_SON), "commune", "20", nfd(VILLAGE)])
        content = io.BytesIO()
        book.save(content)
        dataset = read_dataset(content.getvalue(), "xa.xlsx")
        self.assertEqual(dataset[0][1], BA_SON)
        csv_dataset = read_dataset(f"code,name\nN3,{nfd(BA_SON)}\n".encode(), "xa.csv")
        self.assertEqual(csv_dataset[0][1], BA_SON)
        _result, errors = run_import(AreaResource(user=self.world.p_admin), dataset, dry_run=False)
        self.assertEqual(errors, [])
        self.assertEqual(Area.objects.get(code="N00002").name, BA_SON)

    def test_import_finds_a_village_typed_decomposed(self):
        village = make_village(self.commune, VILLAGE)
        row = ["01/07/2025", "T-A", "T20901", nfd(VILLAGE), "old", 5, 20]
        headers = ["date", "organisation", "commune", "village", "village_kind", "households", "people"]
        _result, errors = run_import(
            ResettlementResource(user=self.world.a_reporter), tablib.Dataset(row, headers=headers), dry_run=False
        )
        self.assertEqual(errors, [])
        self.assertEqual(Resettlement.objects.get().village, village)

    def test_import_widgets_look_up_composed_text(self):
        village = make_village(self.commune, VILLAGE)
        self.assertEqual(ScopedForeignKeyWidget(Area, "name").clean(nfd(VILLAGE)), village)
        found = ScopedManyToManyWidget(Area, field="name").clean(nfd(VILLAGE))
        self.assertEqual(list(found), [village])
