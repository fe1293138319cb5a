"""Programmes and indicators are chosen with search pickers (``programs.pickers``): the forms and filters that name
them no longer list the tables; an indicator is named with its programme's code and narrows to the programme chosen
in the same filter; everything through the gate."""

import datetime

from django.test import TestCase

from phoihop.core.pickers import PickerSelect, source_key
from phoihop.core.testing.views import WorldMixin
from phoihop.programs.filtersets.figures import PeriodicFigureFilterSet
from phoihop.programs.filtersets.programmes import IndicatorFilterSet, IndicatorTargetFilterSet
from phoihop.programs.forms.figures import ApprovalFilterForm, CompletenessForm, EntrySelectForm
from phoihop.programs.forms.programmes import IndicatorForm, IndicatorTargetForm
from phoihop.programs.forms.records import ForestPlotForm
from phoihop.programs.tests.factories import make_indicator, make_programme


def field_param(cls, name):
    return f"{source_key(cls)}:{name}"


class Request:
    def __init__(self, user):
        self.user = user


class PickerTests(WorldMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        # two phases of one programme, owned by the province, post A taking part
        cls.shelter_1 = make_programme(
            w.province,
            code="MAIAM-1",
            name="Mái ấm cho người nghèo nơi biên giới",
            start_date=datetime.date(2016, 1, 1),
            end_date=datetime.date(2020, 12, 31),
            participants=[w.a],
        )
        cls.shelter_2 = make_programme(
            w.province,
            code="MAIAM-2",
            name="Mái ấm cho người nghèo nơi biên giới",
            start_date=datetime.date(2021, 1, 1),
            participants=[w.a],
        )
        cls.forest = make_programme(w.a, code="DA661", name="Dự án 661 — trồng rừng biên giới")
        cls.theirs = make_programme(w.b, code="XA-B", name="Chương trình của xã Đồng Đăng")
        cls.handed_1 = make_indicator(cls.shelter_1, code="NHA-BG", name="Nhà bàn giao", unit="nhà", sort_order=20)
        cls.started_1 = make_indicator(cls.shelter_1, code="NHA-KC", name="Nhà khởi công", unit="nhà", sort_order=10)
        cls.handed_2 = make_indicator(cls.shelter_2, code="NHA-BG", name="Nhà bàn giao", unit="nhà")
        cls.hectares = make_indicator(cls.forest, code="661-HA", name="Diện tích rừng trồng mới", unit="ha")
        cls.their_indicator = make_indicator(cls.theirs, code="X1", name="Nhà bàn giao của xã", unit="nhà")

    def pick(self, user, kind, **params):
        self.client.force_login(user)
        response = self.client.get(f"/pick/{kind}/", params)
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]

    def labels(self, user, kind, **params):
        return [row["label"] for row in self.pick(user, kind, **params)]


class TestProgrammePicker(PickerTests):
    def test_forms_and_filters_search_programmes_and_indicators(self):
        w = self.world
        filters = IndicatorFilterSet(None, request=Request(w.a_viewer)).form
        self.assertIsInstance(filters.fields["programme"].widget, PickerSelect)
        for cls in (PeriodicFigureFilterSet, IndicatorTargetFilterSet):
            form = cls(None, request=Request(w.a_viewer)).form
            self.assertIsInstance(form.fields["programme"].widget, PickerSelect, cls)
            self.assertIsInstance(form.fields["indicator"].widget, PickerSelect, cls)
        self.assertIsInstance(IndicatorForm(user=w.a_approver).fields["programme"].widget, PickerSelect)
        self.assertIsInstance(IndicatorTargetForm(user=w.a_approver).fields["indicator"].widget, PickerSelect)
        self.assertIsInstance(ForestPlotForm(user=w.a_reporter).fields["programme"].widget, PickerSelect)
        for cls in (EntrySelectForm, ApprovalFilterForm, CompletenessForm):
            self.assertIsInstance(cls(user=w.a_reporter).fields["programme"].widget, PickerSelect, cls)
        # nothing chosen: no programme is rendered
        self.assertNotIn("Mái ấm", str(IndicatorForm(user=w.a_approver)["programme"]))

    def test_look_alikes_differ_by_their_hint(self):
        rows = self.pick(self.world.a_viewer, "programme", q="mai am")
        self.assertEqual([row["label"] for row in rows], ["Mái ấm cho người nghèo nơi biên giới"] * 2)
        hints = sorted(row["hint"] for row in rows)
        self.assertIn("MAIAM-1", hints[0])
        self.assertIn("2016–2020", hints[0])
        self.assertIn("MAIAM-2", hints[1])
        self.assertIn("2021", hints[1])
        self.assertIn(self.world.province.name, hints[1])

    def test_programmes_follow_the_gate_and_the_field(self):
        w = self.world
        self.assertEqual(
            set(self.labels(w.a_viewer, "programme")),
            {"Mái ấm cho người nghèo nơi biên giới", "Dự án 661 — trồng rừng biên giới"},
        )
        self.assertEqual(self.labels(w.b_admin, "programme"), ["Chương trình của xã Đồng Đăng"])
        # an indicator is added to a programme the user maintains (approver of its owner): post A's own only
        field = field_param(IndicatorForm, "programme")
        self.assertEqual(self.labels(w.a_approver, "programme", field=field), [self.forest.name])
        self.assertEqual(self.labels(w.a_viewer, "programme", field=field), [])


class TestIndicatorPicker(PickerTests):
    def test_an_indicator_is_named_with_its_programme_code(self):
        labels = self.labels(self.world.a_viewer, "indicator", q="nha ban giao")
        self.assertEqual(
            sorted(labels), ["MAIAM-1 · NHA-BG — Nhà bàn giao (nhà)", "MAIAM-2 · NHA-BG — Nhà bàn giao (nhà)"]
        )
        # found by the beginning of the programme's code, and by the programme's name
        self.assertEqual(
            self.labels(self.world.a_viewer, "indicator", q="maiam-1"),
            ["MAIAM-1 · NHA-KC — Nhà khởi công (nhà)", "MAIAM-1 · NHA-BG — Nhà bàn giao (nhà)"],  # sort order
        )
        self.assertEqual(len(self.labels(self.world.a_viewer, "indicator", q="trong rung")), 1)
        hint = self.pick(self.world.a_viewer, "indicator", q="661-ha")[0]["hint"]
        self.assertIn("Dự án 661", hint)

    def test_a_filter_narrows_the_indicators_to_the_chosen_programme(self):
        w = self.world
        for cls in (PeriodicFigureFilterSet, IndicatorTargetFilterSet):
            with self.subTest(filters=cls.__name__):
                field = field_param(cls, "indicator")
                everything = self.labels(w.a_viewer, "indicator", field=field)
                self.assertEqual(len(everything), 4)  # not commune B's
                narrowed = self.labels(w.a_viewer, "indicator", field=field, programme=self.shelter_2.pk)
                self.assertEqual(narrowed, ["MAIAM-2 · NHA-BG — Nhà bàn giao (nhà)"])
                # a programme the user may not see narrows to nothing: its indicators are not named
                self.assertEqual(self.labels(w.a_viewer, "indicator", field=field, programme=self.theirs.pk), [])
                html = str(cls(None, request=Request(w.a_viewer)).form["indicator"])
                self.assertIn('data-picker-depends="programme"', html)

    def test_a_target_names_an_indicator_the_user_maintains(self):
        field = field_param(IndicatorTargetForm, "indicator")
        labels = self.labels(self.world.a_approver, "indicator", field=field)
        self.assertEqual(labels, ["DA661 · 661-HA — Diện tích rừng trồng mới (ha)"])
        self.assertEqual(self.labels(self.world.a_viewer, "indicator", field=field), [])
