"""Dissemination duties and review conferences are chosen with search pickers (``work.pickers``); the dissemination
assignment chooses its organisations with a multiple picker, among what the user may see and never an abolished
unit, found by the unit's name or by the name of the unit above it."""

import datetime

from django.test import TestCase
from django.urls import reverse

from phoihop.core.pickers import PickerSelect, PickerSelectMultiple, source_key
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation
from phoihop.work.filtersets.conferences import ConclusionFilterSet
from phoihop.work.filtersets.dissemination import DisseminationSessionFilterSet
from phoihop.work.forms.conferences import ConclusionForm
from phoihop.work.forms.dissemination import DisseminationAssignForm, DisseminationSessionForm
from phoihop.work.models import Dissemination
from phoihop.work.tests.test_conferences import make_conference
from phoihop.work.tests.test_dissemination import make_document, make_duty

TODAY = datetime.date.today()


def field_param(cls, name):
    return f"{source_key(cls)}:{name}"


class Request:
    def __init__(self, user):
        self.user = user


class PickMixin(WorldMixin):
    def pick(self, user, kind, **params):
        self.client.force_login(user)
        response = self.client.get(f"/pick/{kind}/", params)
        self.assertEqual(response.status_code, 200)
        return response.json()["results"]


class TestDisseminationPicker(PickMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.directive = make_document(w.province, number="37-CT/TW", subject="Về công tác biên giới quốc gia")
        cls.resolution = make_document(w.province, number="12-NQ/TU", subject="Về phát triển kinh tế cửa khẩu")
        cls.duty_a = make_duty(w.a, assigned_by=w.province, document=cls.directive, deadline=datetime.date(2026, 3, 31))
        cls.duty_a1 = make_duty(w.a1, assigned_by=w.province, document=cls.directive)
        cls.duty_b = make_duty(w.b, assigned_by=w.province, document=cls.resolution)

    def test_the_session_form_and_filter_search_duties(self):
        w = self.world
        form = DisseminationSessionForm(user=w.a_reporter)
        self.assertIsInstance(form.fields["dissemination"].widget, PickerSelect)
        self.assertEqual(str(form["dissemination"]).count("<option"), 1)
        # "add a session" from a duty's page: the duty is the chosen option
        form = DisseminationSessionForm(user=w.a_reporter, initial={"dissemination": self.duty_a.pk})
        self.assertIn(f'value="{self.duty_a.pk}" selected', str(form["dissemination"]))
        filters = DisseminationSessionFilterSet(None, request=Request(w.a_viewer)).form
        self.assertIsInstance(filters.fields["dissemination"].widget, PickerSelect)

    def test_a_duty_is_named_by_its_document_and_organisation(self):
        w = self.world
        rows = self.pick(w.a_viewer, "dissemination", q="37-ct")
        self.assertEqual(
            {row["label"] for row in rows}, {"37-CT/TW · Đồn Biên phòng Ba Sơn", "37-CT/TW · Chi bộ Đồn Ba Sơn"}
        )
        hint = next(row["hint"] for row in rows if row["id"] == str(self.duty_a.pk))
        self.assertEqual(hint, "Về công tác biên giới quốc gia · hạn 31/03/2026")
        # the gate: post A's viewer never sees commune B's duty; the session form offers the duties to record
        self.assertEqual(self.pick(w.a_viewer, "dissemination", q="kinh te"), [])
        field = field_param(DisseminationSessionForm, "dissemination")
        self.assertEqual(self.pick(w.a_viewer, "dissemination", field=field), [])
        ids = {row["id"] for row in self.pick(w.a_reporter, "dissemination", field=field)}
        self.assertEqual(ids, {str(self.duty_a.pk), str(self.duty_a1.pk)})


class TestConferencePicker(PickMixin, TestCase):
    def test_conferences_are_searched_latest_first_through_the_gate(self):
        w = self.world
        old = make_conference(w.a, held_on=datetime.date(2024, 6, 20), level="Cấp đồn")
        new = make_conference(w.a, held_on=datetime.date(2025, 12, 15))
        make_conference(w.b)
        self.assertIsInstance(ConclusionForm(user=w.a_reporter).fields["conference"].widget, PickerSelect)
        filters = ConclusionFilterSet(None, request=Request(w.a_viewer)).form
        self.assertIsInstance(filters.fields["conference"].widget, PickerSelect)
        rows = self.pick(w.a_viewer, "reviewconference")
        self.assertEqual([row["id"] for row in rows], [str(new.pk), str(old.pk)])
        self.assertIn(old.agreement.number, rows[1]["label"])
        self.assertIn("20/06/2024", rows[1]["label"])
        self.assertEqual(rows[1]["hint"], f"{old.agreement.title} · Cấp đồn")
        found = self.pick(w.a_viewer, "reviewconference", q=old.agreement.number)
        self.assertEqual([row["id"] for row in found], [str(old.pk)])


class TestAssignmentPickers(PickMixin, TestCase):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        cls.district = Organisation.objects.create(
            name="Huyện ủy Cao Lộc",
            code="T-CL",
            kind=w.kind,
            parent=w.province,
            valid_to=TODAY - datetime.timedelta(days=30),
        )
        cls.commune = Organisation.objects.create(
            name="Đảng ủy xã Cao Lộc", code="T-XCL", kind=w.kind, parent=w.province
        )
        cls.cells = [
            Organisation.objects.create(name=f"Chi bộ thôn {n}", code=f"T-CL{n}", kind=w.kind, parent=cls.commune)
            for n in (1, 2)
        ]

    def labels(self, user, name, q=""):
        rows = self.pick(user, "organisation", field=field_param(DisseminationAssignForm, name), q=q)
        return [row["label"] for row in rows]

    def test_the_organisations_are_a_multiple_picker_not_the_tree(self):
        w = self.world
        form = DisseminationAssignForm(user=w.p_admin)
        self.assertIsInstance(form.fields["organisations"].widget, PickerSelectMultiple)
        self.assertIsInstance(form.fields["under"].widget, PickerSelect)
        self.assertIsInstance(form.fields["assigned_by"].widget, PickerSelect)
        self.assertNotIsInstance(form.fields["kind"].widget, PickerSelect)  # a small managed list stays
        document = make_document(w.province)
        self.client.force_login(w.p_admin)
        page = self.client.get(reverse("work:document_disseminate", args=[document.pk])).content.decode()
        self.assertIn('data-picker-name="organisations" data-picker-multiple', page)
        for cell in self.cells:
            self.assertNotIn(cell.name, page)  # no list of the tree

    def test_units_found_by_the_unit_above_them_and_never_abolished_ones(self):
        w = self.world
        labels = self.labels(w.p_admin, "organisations", "cao loc")
        self.assertEqual(labels[0], "Đảng ủy xã Cao Lộc")  # its own name first
        self.assertEqual(labels[1:], ["Chi bộ thôn 1", "Chi bộ thôn 2"])  # under it
        self.assertNotIn(self.district.name, labels)  # abolished: no new duty
        # a rule may still start from the abolished district (its units that exist are the targets)
        self.assertIn(self.district.name, self.labels(w.p_admin, "under", "cao loc"))
        # through the gate: post A's reporter sees A's subtree only, and assigns on behalf of A's
        self.assertEqual(set(self.labels(w.a_reporter, "organisations")), {w.a.name, w.a1.name})
        self.assertEqual(set(self.labels(w.a_reporter, "assigned_by")), {w.a.name, w.a1.name})
        self.assertEqual(self.labels(w.a_viewer, "assigned_by"), [])

    def test_several_picked_organisations_are_assigned_and_an_abolished_one_is_refused(self):
        w = self.world
        document = make_document(w.province)
        url = reverse("work:document_disseminate", args=[document.pk])
        self.client.force_login(w.p_admin)
        data = {"assigned_by": w.province.pk, "deadline": "31/12/2030"}
        response = self.client.post(url, {**data, "organisations": [self.district.pk, self.cells[0].pk]})
        self.assertEqual(response.status_code, 400)
        error = response.context["form"].errors["organisations"][0]
        self.assertIn("Huyện ủy Cao Lộc", error)
        self.assertIn("giải thể", error)
        # the chosen ones are rendered back as chosen options (chips), nothing else
        html = str(response.context["form"]["organisations"])
        self.assertIn(f'value="{self.cells[0].pk}" selected', html)
        self.assertNotIn(self.cells[1].name, html)
        response = self.client.post(url, {**data, "organisations": [c.pk for c in self.cells]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(
            set(Dissemination.objects.filter(document=document).values_list("organisation", flat=True)),
            {c.pk for c in self.cells},
        )
