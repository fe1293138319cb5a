"""Dissemination: the generic rules for duties and sessions (views and API), assignment one by one and by rule,
the status filter, and the coverage pages (numbers, gate, query count, Excel)."""

import datetime
import io
import itertools

import openpyxl
from django.core.exceptions import PermissionDenied
from django.db import connection
from django.test import TestCase, override_settings
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from rest_framework.test import APIClient

from phoihop.core.choices import Role
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.core.testing.world import make_user
from phoihop.orgs.models import Organisation, OrganisationKind
from phoihop.work import selectors
from phoihop.work.models import Dissemination, DisseminationSession
from phoihop.work.services_dissemination import dissemination_assign
from phoihop.work.tests.test_documents import make_document

counter = itertools.count(1)
TODAY = timezone.localdate()
DAY = datetime.timedelta(days=1)


def make_duty(organisation, *, assigned_by=None, document=None, deadline=None, **kwargs):
    return Dissemination.objects.create(
        document=document or make_document(assigned_by or organisation),
        organisation=organisation,
        assigned_by=assigned_by or organisation,
        deadline=deadline if deadline is not None else TODAY + 30 * DAY,
        **kwargs,
    )


def make_session(duty, held_on=None, **kwargs):
    return DisseminationSession.objects.create(
        dissemination=duty, held_on=held_on or TODAY - DAY, participants=20, expected=25, **kwargs
    )


# --- duties ----------------------------------------------------------------------------------------------------


class DisseminationRecord:
    model = Dissemination

    def make_record(self, owner, **kwargs):
        return make_duty(owner, **kwargs)

    def form_data(self, owner):
        return {
            "document": make_document(owner).pk,
            "organisation": owner.pk,
            "assigned_by": owner.pk,
            "deadline": "31/12/2030",
            "note": "",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["deadline"] = "31/31/2030"
        return data, "deadline"

    def export_keys(self, obj):
        return [obj.document.number]


class TestDisseminationViews(DisseminationRecord, RecordViewTests, TestCase):
    def test_status_filter(self):
        done = make_duty(self.world.a)
        make_session(done)
        overdue = make_duty(self.world.a, deadline=TODAY - DAY)
        pending = make_duty(self.world.a, deadline=TODAY + DAY)
        self.login(self.world.a_viewer)

        def listed(status):
            return self.listed_pks(self.client.get(self.url("list"), {"status": status}))

        self.assertEqual(listed("done"), {done.pk})
        self.assertEqual(listed("not_done"), {overdue.pk, pending.pk})
        self.assertEqual(listed("overdue"), {overdue.pk})

    def test_detail_lists_sessions_and_offers_add_session_to_the_unit(self):
        duty = make_duty(self.world.a, assigned_by=self.world.province)
        make_session(duty, presided_by="Đồn trưởng Ba Sơn")
        self.login(self.world.a_reporter)
        response = self.client.get(self.url("detail", duty))
        self.assertContains(response, "Đồn trưởng Ba Sơn")
        self.assertContains(response, f"{reverse('work:disseminationsession_add')}?dissemination={duty.pk}")
        self.login(self.world.a_viewer)
        self.assertNotContains(self.client.get(self.url("detail", duty)), 'data-testid="add-session"')

    def test_the_unit_may_add_a_note_but_not_move_its_own_deadline_or_drop_the_duty(self):
        duty = make_duty(self.world.a, assigned_by=self.world.province)
        self.login(self.world.a_reporter)
        form = self.client.get(self.url("edit", duty)).context["form"]
        self.assertTrue(form.fields["deadline"].disabled)
        data = {
            "document": duty.document_id,
            "organisation": duty.organisation_id,
            "assigned_by": self.world.province.pk,
            "deadline": "31/12/2099",
            "note": "Đã xây dựng kế hoạch",
            "version": duty.version,
        }
        response = self.client.post(self.url("edit", duty), data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        deadline = duty.deadline
        duty.refresh_from_db()
        self.assertEqual((duty.note, duty.deadline), ("Đã xây dựng kế hoạch", deadline))
        self.assertEqual(self.client.post(self.url("delete", duty), {"version": duty.version}).status_code, 403)
        self.assertNotContains(self.client.get(self.url("detail", duty)), 'data-testid="delete"')
        p_reporter = make_user("p_reporter", self.world.province, Role.REPORTER)
        self.login(p_reporter)
        self.assertFalse(self.client.get(self.url("edit", duty)).context["form"].fields["deadline"].disabled)
        self.assertEqual(self.client.post(self.url("delete", duty), {"version": duty.version}).status_code, 302)

    def test_assign_by_rule_from_the_document_page(self):
        rule = RuleWorld(self.world)
        document = make_document(self.world.province)
        self.login(rule.p_reporter)
        url = reverse("work:document_disseminate", args=[document.pk])
        self.assertEqual(self.client.get(url).status_code, 200)
        data = {
            "kind": rule.commune_kind.pk,
            "under": self.world.province.pk,
            "assigned_by": self.world.province.pk,
            "deadline": "31/12/2030",
        }
        response = self.client.post(url, data)
        self.assertRedirects(
            response, reverse("work:document_coverage", args=[document.pk]), fetch_redirect_response=False
        )
        duties = Dissemination.objects.filter(document=document)
        self.assertEqual({d.organisation for d in duties}, set(rule.communes))
        self.assertEqual(
            {(d.deadline, d.assigned_by, d.created_by) for d in duties},
            {(datetime.date(2030, 12, 31), self.world.province, rule.p_reporter)},
        )

    def test_assign_form_needs_organisations_or_a_full_rule(self):
        document = make_document(self.world.a)
        self.login(self.world.a_reporter)
        url = reverse("work:document_disseminate", args=[document.pk])
        response = self.client.post(url, {"assigned_by": self.world.a.pk})
        self.assertEqual(response.status_code, 400)
        self.assertTrue(response.context["form"].non_field_errors())
        response = self.client.post(url, {"assigned_by": self.world.a.pk, "kind": self.world.kind.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("under", response.context["form"].errors)
        response = self.client.post(url, {"assigned_by": self.world.a.pk, "organisations": [self.world.a1.pk]})
        self.assertEqual(response.status_code, 302)
        self.assertEqual(Dissemination.objects.get().organisation, self.world.a1)

    def test_assign_page_is_gated(self):
        document = make_document(self.world.a)
        url = reverse("work:document_disseminate", args=[document.pk])
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(url).status_code, 404)
        self.login(self.world.a_viewer)
        self.assertEqual(self.client.get(url).status_code, 403)


class RuleWorld:
    """Commune party committees under the province (one of them under commune B), a unit of another kind, and
    a commune party committee of another province."""

    def __init__(self, world):
        self.commune_kind = OrganisationKind.objects.create(code="dang-uy-xa", name="Đảng ủy xã")
        self.other_kind = OrganisationKind.objects.create(code="doan-bp", name="Đồn Biên phòng")
        org = Organisation.objects.create
        self.communes = [
            org(name="Đảng ủy xã Bắc Sơn", code="X-1", kind=self.commune_kind, parent=world.province),
            org(name="Đảng ủy xã Hữu Lũng", code="X-2", kind=self.commune_kind, parent=world.province),
            org(name="Đảng ủy xã Tân Thanh", code="X-3", kind=self.commune_kind, parent=world.b),
        ]
        self.abolished = org(
            name="Đảng ủy xã cũ",
            code="X-0",
            kind=self.commune_kind,
            parent=world.province,
            valid_to=TODAY - 10 * DAY,
        )
        self.post = org(name="Đồn Biên phòng Chi Ma", code="D-1", kind=self.other_kind, parent=world.province)
        elsewhere = org(name="Tỉnh ủy khác", code="T-Q", kind=world.kind)
        self.stranger = org(name="Đảng ủy xã ngoài tỉnh", code="X-9", kind=self.commune_kind, parent=elsewhere)
        self.p_reporter = make_user("p_reporter", world.province, Role.REPORTER)


class TestDisseminationAssign(WorldMixin, TestCase):
    def setUp(self):
        self.rule = RuleWorld(self.world)
        self.document = make_document(self.world.province, number="37-CT/TW")

    def assign(self, organisations, user=None, assigned_by=None):
        return dissemination_assign(
            acting_user=user or self.rule.p_reporter,
            document=self.document,
            organisations=organisations,
            assigned_by=assigned_by or self.world.province,
            deadline=TODAY + 30 * DAY,
        )

    def test_by_rule_creates_rows_for_the_matching_organisations_only(self):
        targets = selectors.dissemination_rule_targets(
            self.rule.p_reporter, kind=self.rule.commune_kind, under=self.world.province
        )
        self.assertEqual(set(targets), set(self.rule.communes))  # not the abolished one, the post or the stranger
        created = self.assign(targets)
        self.assertEqual(len(created), 3)
        self.assertEqual(set(Dissemination.objects.values_list("organisation__code", flat=True)), {"X-1", "X-2", "X-3"})
        under_b = selectors.dissemination_rule_targets(
            self.rule.p_reporter, kind=self.rule.commune_kind, under=self.world.b
        )
        self.assertEqual(list(under_b), [self.rule.communes[2]])

    def test_existing_duties_are_skipped(self):
        self.assign([self.rule.communes[0]])
        created = self.assign([*self.rule.communes, self.rule.communes[0]])
        self.assertEqual([d.organisation for d in created], self.rule.communes[1:])
        self.assertEqual(Dissemination.objects.count(), 3)

    def test_the_user_needs_reporter_in_the_assigning_organisation(self):
        with self.assertRaises(PermissionDenied):
            self.assign([self.world.a1], user=self.world.p_viewer)
        with self.assertRaises(PermissionDenied):  # a reporter of post A cannot speak for the province
            self.assign([self.world.a1], user=self.world.a_reporter)
        with self.assertRaises(PermissionDenied):  # nor assign to organisations it cannot see
            self.assign([self.world.b], user=self.world.a_reporter, assigned_by=self.world.a)
        self.assertFalse(Dissemination.objects.exists())

    def test_history_is_written_for_every_duty(self):
        from auditlog.context import set_actor

        from phoihop.audit.models import ChangeRecord

        with set_actor(self.rule.p_reporter):  # what the middleware does for a request
            created = self.assign(self.rule.communes)
        self.assertEqual({duty.created_by for duty in created}, {self.rule.p_reporter})
        entries = ChangeRecord.objects.filter(
            content_type__model="dissemination", action=ChangeRecord.Action.CREATE, actor=self.rule.p_reporter
        )
        self.assertEqual(set(entries.values_list("object_pk", flat=True)), {str(d.pk) for d in created})


# --- coverage ------------------------------------------------------------------------------------------------------


class TestCoverage(WorldMixin, TestCase):
    """Post A has disseminated, cell A1 is overdue, commune B still has time; border post C (another kind)
    has disseminated too."""

    def setUp(self):
        world = self.world
        self.post_kind = OrganisationKind.objects.create(code="doan", name="Đồn Biên phòng", sort_order=1)
        self.c = Organisation.objects.create(name="Đồn Chi Ma", code="T-C", kind=self.post_kind, parent=world.province)
        self.document = make_document(world.province, number="37-CT/TW")
        duty = {"document": self.document, "assigned_by": world.province}
        self.done = make_duty(world.a, deadline=TODAY - 5 * DAY, **duty)
        make_session(self.done, held_on=TODAY - 6 * DAY)
        self.overdue = make_duty(world.a1, deadline=TODAY - DAY, **duty)
        self.pending = make_duty(world.b, deadline=TODAY + 10 * DAY, **duty)
        self.done_c = make_duty(self.c, deadline=TODAY + 10 * DAY, **duty)
        make_session(self.done_c, held_on=TODAY)
        make_session(self.done_c, held_on=TODAY - DAY)
        self.url = reverse("work:document_coverage", args=[self.document.pk])

    def test_numbers(self):
        coverage = selectors.dissemination_coverage(self.world.p_viewer, document=self.document)
        totals = coverage.totals
        self.assertEqual((totals.total, totals.done, totals.not_done, totals.overdue), (4, 2, 2, 1))
        self.assertEqual(totals.percent, 50.0)
        by_kind = {group.label: (group.total, group.done, group.percent) for group in coverage.by_kind}
        self.assertEqual(by_kind, {"Test kind": (3, 1, 33.3), "Đồn Biên phòng": (1, 1, 100.0)})
        by_level = {group.key: (group.total, group.done, group.overdue, group.percent) for group in coverage.by_level}
        self.assertEqual(by_level, {1: (3, 2, 0, 66.7), 2: (1, 0, 1, 0.0)})
        rows = {row.organisation.code: (row.done, row.overdue, row.session_count) for row in coverage.rows}
        self.assertEqual(
            rows,
            {"T-A": (True, False, 1), "T-A1": (False, True, 0), "T-B": (False, False, 0), "T-C": (True, False, 2)},
        )

    def test_page_shows_and_highlights(self):
        self.client.force_login(self.world.p_viewer)
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, 'data-total="4" data-done="2" data-not-done="2" data-overdue="1"')
        self.assertContains(response, 'class="table-danger" data-organisation="T-A1" data-status="overdue"')
        self.assertContains(response, f'data-kind="{self.post_kind.pk}" data-percent="100.0"')

    def test_coverage_follows_the_gate(self):
        self.client.force_login(self.world.a_viewer)  # post A sees its own subtree: A and A1
        response = self.client.get(self.url)
        self.assertEqual(response.status_code, 200)
        self.assertEqual({row.organisation.code for row in response.context["coverage"].rows}, {"T-A", "T-A1"})
        other = make_document(self.world.a)
        self.client.force_login(self.world.b_admin)  # commune B: no duty for post A's document
        self.assertEqual(self.client.get(reverse("work:document_coverage", args=[other.pk])).status_code, 404)
        secret = make_document(self.world.a, classification=2)
        self.client.force_login(self.world.a_admin)
        self.assertEqual(self.client.get(reverse("work:document_coverage", args=[secret.pk])).status_code, 404)

    def test_query_count_does_not_grow_with_rows(self):
        self.client.force_login(self.world.p_viewer)
        self.client.get(self.url)  # warm caches (content types)
        with CaptureQueriesContext(connection) as few:
            self.assertEqual(self.client.get(self.url).status_code, 200)
        kind = OrganisationKind.objects.create(code="chi-bo", name="Chi bộ")
        for n in range(6):
            org = Organisation.objects.create(name=f"Chi bộ {n}", code=f"CB-{n}", kind=kind, parent=self.world.a1)
            duty = make_duty(org, assigned_by=self.world.province, document=self.document)
            make_session(duty)
        with CaptureQueriesContext(connection) as many:
            response = self.client.get(self.url)
        self.assertEqual(response.context["coverage"].totals.total, 10)
        self.assertEqual(len(few), len(many), [q["sql"] for q in many.captured_queries])

    def test_excel_export(self):
        self.client.force_login(self.world.p_viewer)
        response = self.client.get(self.url, {"export": "xlsx"})
        self.assertEqual(response.status_code, 200)
        book = openpyxl.load_workbook(io.BytesIO(response.content))
        sheet = book.worksheets[0]
        codes = [row[1] for row in sheet.iter_rows(min_row=3, values_only=True)]
        self.assertEqual(sorted(codes), ["T-A", "T-A1", "T-B", "T-C"])
        overdue_row = next(row for row in sheet.iter_rows(min_row=3) if row[1].value == "T-A1")
        self.assertEqual(overdue_row[0].fill.fgColor.rgb[-6:], "F8D7DA")
        deadline = overdue_row[6].value
        self.assertEqual(deadline.date() if hasattr(deadline, "date") else deadline, TODAY - DAY)
        summary = [row for row in book.worksheets[1].iter_rows(values_only=True) if row and row[0]]
        self.assertIn(("Đồn Biên phòng", 1, 1, 0, 0, 100.0), summary)

    def test_period_page(self):
        def day(offset):
            return (TODAY + offset * DAY).strftime("%d/%m/%Y")

        later = make_document(self.world.province)
        make_duty(self.world.a, document=later, assigned_by=self.world.province, deadline=TODAY + 100 * DAY)
        late = make_duty(self.world.a, assigned_by=self.world.province, deadline=TODAY - 10 * DAY)
        make_session(late, held_on=TODAY - 3 * DAY)  # seven days after its deadline
        self.client.force_login(self.world.p_viewer)
        url = reverse("work:dissemination_coverage")
        response = self.client.get(url, {"date_from": day(-30), "date_to": day(30)})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, reverse("work:document_detail", args=[self.document.pk]))
        totals = response.context["coverage"].totals
        self.assertEqual((totals.total, totals.done, totals.overdue), (5, 3, 1))
        self.assertEqual(self.client.get(url).context["coverage"].totals.total, 6)
        # Due by five days ago: "done" (session six days ago) and "late" (deadline ten days ago, session only
        # three days ago: not done within the period, so overdue in its report).
        params = {"date_from": day(-30), "date_to": day(-5)}
        coverage = self.client.get(url, params).context["coverage"]
        self.assertEqual(
            {row.pk: (row.done, row.overdue) for row in coverage.rows},
            {self.done.pk: (True, False), late.pk: (False, True)},
        )
        response = self.client.get(url, {**params, "export": "xlsx"})
        self.assertEqual(response["Content-Type"], "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
        bad = self.client.get(url, {"date_from": "31/12/2025", "date_to": "01/01/2025"})
        self.assertEqual(bad.status_code, 400)
        self.assertIn("date_to", bad.context["form"].errors)


# --- sessions ------------------------------------------------------------------------------------------------------


class SessionRecord:
    model = DisseminationSession

    def make_record(self, owner, **kwargs):
        return make_session(make_duty(owner), **kwargs)

    def form_data(self, owner):
        return {
            "dissemination": make_duty(owner).pk,
            "held_on": "01/07/2025",
            "form": "conference",
            "participants": 30,
            "expected": 32,
            "presided_by": "Bí thư Đảng ủy",
            "plan_document": "",
            "note": "",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["held_on"] = ""
        return data, "held_on"

    def export_keys(self, obj):
        return [obj.pk]


class TestSessionViews(SessionRecord, RecordViewTests, TestCase):
    def test_a_session_makes_the_duty_done_and_dates_are_day_first(self):
        duty = make_duty(self.world.a, assigned_by=self.world.province, deadline=TODAY - DAY)
        self.login(self.world.a_reporter)
        plan = make_document(self.world.a, number="05-KH/ĐU")
        data = {**self.form_data(self.world.a), "dissemination": duty.pk, "plan_document": plan.pk}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 302, response.context and response.context["form"].errors)
        session = DisseminationSession.objects.get(dissemination=duty)
        self.assertEqual((session.held_on, session.plan_document), (datetime.date(2025, 7, 1), plan))
        listed = self.client.get(reverse("work:dissemination_list"), {"status": "done"})
        self.assertEqual({row.record.pk for row in listed.context["table"].paginated_rows}, {duty.pk})

    def test_a_future_date_is_refused(self):
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "held_on": (TODAY + DAY).strftime("%d/%m/%Y")}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("held_on", response.context["form"].errors)

    def test_only_the_disseminating_organisation_records_sessions(self):
        duty = make_duty(self.world.a, assigned_by=self.world.b)  # B assigned it: B reads it, A records it
        self.login(self.world.b_admin)
        self.assertEqual(self.client.get(reverse("work:dissemination_detail", args=[duty.pk])).status_code, 200)
        response = self.client.post(self.url("add"), {**self.form_data(self.world.b), "dissemination": duty.pk})
        self.assertEqual(response.status_code, 400)
        self.assertIn("dissemination", response.context["form"].errors)
        self.assertFalse(DisseminationSession.objects.filter(dissemination=duty).exists())

    @override_settings(STATE_SECRET_CONTENT=True)  # the point: a secret plan's subject never reaches a low clearance
    def test_plan_the_reader_may_not_see_is_not_named(self):
        secret_plan = make_document(self.world.a, subject="Kế hoạch mật tuần tra", classification=2)
        session = make_session(make_duty(self.world.a), plan_document=secret_plan)
        self.login(self.world.a_viewer)
        response = self.client.get(self.url("detail", session))
        self.assertEqual(response.status_code, 200)
        self.assertNotContains(response, "Kế hoạch mật")


# --- API -----------------------------------------------------------------------------------------------------------


class TestDisseminationAPI(DisseminationRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/dissemination/"

    def api_data(self, owner):
        return {
            "document": make_document(owner).pk,
            "organisation": owner.pk,
            "assigned_by": owner.pk,
            "deadline": "31/12/2030",
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["assigned_by"] = self.world.province.pk  # a reporter of post A does not speak for the province
        return data, "assigned_by"

    def test_status_in_the_list(self):
        duty = make_duty(self.world.a, deadline=TODAY - DAY)
        self.as_user(self.world.a_viewer)
        row = self.api.get(self.detail(duty)).json()
        self.assertEqual((row["status"], row["session_count"]), ("overdue", 0))
        make_session(duty)
        row = self.api.get(self.detail(duty)).json()
        self.assertEqual((row["status"], row["session_count"]), ("done", 1))
        ids = {r["id"] for r in self.api.get(self.endpoint, {"status": "done"}).json()["results"]}
        self.assertEqual(ids, {duty.pk})

    def test_the_unit_cannot_move_its_deadline_or_drop_the_duty(self):
        duty = make_duty(self.world.a, assigned_by=self.world.province)
        self.as_user(self.world.a_reporter)
        response = self.api.patch(self.detail(duty), {"deadline": "31/12/2099", "version": duty.version}, format="json")
        self.assertEqual(response.status_code, 403)
        response = self.api.patch(self.detail(duty), {"note": "Đã triển khai", "version": duty.version}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(self.api.delete(self.detail(duty)).status_code, 403)
        self.assertTrue(Dissemination.objects.filter(pk=duty.pk).exists())

    def test_assign_by_rule(self):
        rule = RuleWorld(self.world)
        document = make_document(self.world.province)
        api = APIClient()
        api.force_authenticate(rule.p_reporter)
        data = {
            "document": document.pk,
            "kind": rule.commune_kind.pk,
            "under": self.world.province.pk,
            "organisations": [self.world.a.pk],
            "assigned_by": self.world.province.pk,
            "deadline": "2030-12-31",
        }
        response = api.post(f"{self.endpoint}assign/", data, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(
            {row["organisation"] for row in response.json()}, {self.world.a.pk, *(c.pk for c in rule.communes)}
        )
        again = api.post(f"{self.endpoint}assign/", data, format="json")
        self.assertEqual((again.status_code, again.json()), (201, []))
        api.force_authenticate(self.world.a_reporter)  # may not assign for the province
        response = api.post(
            f"{self.endpoint}assign/", {**data, "document": make_document(self.world.a).pk}, format="json"
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("assigned_by", response.json())


class TestSessionAPI(SessionRecord, RecordAPITests, TestCase):
    endpoint = "/api/work/dissemination-sessions/"

    def api_data(self, owner):
        return {
            "dissemination": make_duty(owner).pk,
            "held_on": "01/07/2025",
            "form": "online",
            "participants": 10,
            "expected": 12,
        }

    def invalid_api_data(self, owner):
        data = self.api_data(owner)
        data["held_on"] = (TODAY + DAY).isoformat()
        return data, "held_on"


class TestPagesRender(WorldMixin, TestCase):
    def test_forms_and_lists_render_for_an_editor(self):
        duty = make_duty(self.world.a)
        session = make_session(duty, plan_document=make_document(self.world.a))
        self.client.force_login(self.world.a_reporter)
        urls = [
            reverse("work:document_list"),
            reverse("work:document_add"),
            reverse("work:document_edit", args=[duty.document_id]),
            reverse("work:document_detail", args=[duty.document_id]),
            reverse("work:document_disseminate", args=[duty.document_id]),
            reverse("work:dissemination_list"),
            reverse("work:dissemination_add"),
            reverse("work:dissemination_edit", args=[duty.pk]),
            reverse("work:dissemination_import"),
            reverse("work:dissemination_coverage"),
            reverse("work:disseminationsession_list"),
            f"{reverse('work:disseminationsession_add')}?dissemination={duty.pk}",
            reverse("work:disseminationsession_edit", args=[session.pk]),
            reverse("work:disseminationsession_detail", args=[session.pk]),
            reverse("work:documenttype_list"),
        ]
        for url in urls:
            with self.subTest(url=url):
                self.assertEqual(self.client.get(url).status_code, 200)
        response = self.client.get(reverse("work:disseminationsession_add"), {"dissemination": duty.pk})
        self.assertEqual(response.context["form"]["dissemination"].value(), str(duty.pk))
