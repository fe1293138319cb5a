"""Twinnings are chosen with a search picker (``movements.pickers``): named by both parties — the village with its
commune — found by either party's name without diacritics, through the gate; the activity form offers only the
twinnings the user records for."""

import datetime

from django.test import TestCase

from phoihop.core.pickers import PickerSelect, source_key
from phoihop.core.testing.views import WorldMixin
from phoihop.movements.filtersets.twinning import TwinningActivityFilterSet
from phoihop.movements.forms.twinning import TwinningActivityForm
from phoihop.movements.tests.factories import build_places, make_twinning


class TestTwinningPicker(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.places = build_places()
        cls.with_village = make_twinning(w.a, cls.places, started_on=datetime.date(2020, 3, 3))
        cls.with_commune = make_twinning(
            w.a, cls.places, partner_organisation=w.b, started_on=datetime.date(2022, 5, 19)
        )
        cls.ended = make_twinning(
            w.a1,
            cls.places,
            partner_village=cls.places.na_han,
            started_on=datetime.date(2015, 1, 2),
            ended_on=datetime.date(2019, 12, 31),
            active=False,
        )
        cls.theirs = make_twinning(w.b, cls.places, partner_village=cls.places.na_han)

    def pick(self, user, **params):
        self.client.force_login(user)
        response = self.client.get("/pick/twinning/", params)
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]

    def test_the_activity_form_and_filter_search_twinnings(self):
        w = self.world
        form = TwinningActivityForm(user=w.a_reporter)
        self.assertIsInstance(form.fields["twinning"].widget, PickerSelect)
        self.assertEqual(str(form["twinning"]).count("<option"), 1)
        request = type("R", (), {"user": w.a_viewer})()
        filters = TwinningActivityFilterSet(None, request=request).form
        self.assertIsInstance(filters.fields["twinning"].widget, PickerSelect)

    def test_both_parties_name_a_twinning_latest_first(self):
        rows = self.pick(self.world.a_viewer)
        self.assertEqual(
            [row["label"] for row in rows],
            [
                "Đồn Biên phòng Ba Sơn ↔ Đảng ủy xã Đồng Đăng",
                "Đồn Biên phòng Ba Sơn ↔ Thôn Khòn Pổ (Xã Ba Sơn)",
                "Chi bộ Đồn Ba Sơn ↔ Thôn Nà Han (Xã Đồng Đăng)",
            ],
        )
        self.assertEqual(rows[0]["hint"], "từ ngày 19/05/2022")
        self.assertEqual(rows[2]["hint"], "từ ngày 02/01/2015 · kết thúc ngày 31/12/2019")

    def test_found_by_either_party_through_the_gate(self):
        w = self.world
        self.assertEqual([row["id"] for row in self.pick(w.a_viewer, q="khon po")], [str(self.with_village.pk)])
        self.assertEqual([row["id"] for row in self.pick(w.a_viewer, q="dong dang")], [str(self.with_commune.pk)])
        # commune B reads the twinning it is the partner of, and its own
        self.assertEqual({row["id"] for row in self.pick(w.b_admin)}, {str(self.with_commune.pk), str(self.theirs.pk)})
        # an activity is recorded by the twinning's own organisation: not by the partner
        field = f"{source_key(TwinningActivityForm)}:twinning"
        self.assertEqual([row["id"] for row in self.pick(w.b_admin, field=field)], [str(self.theirs.pk)])
        self.assertEqual(self.pick(w.a_viewer, field=field), [])
