"""Periodic figures: the generic pages and API, the workflow (who may do what), the lock (409), the history."""

import datetime
import itertools
from decimal import Decimal

from django.core.exceptions import PermissionDenied, ValidationError
from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from phoihop.audit.models import ChangeRecord
from phoihop.core.testing.api import RecordAPITests
from phoihop.core.testing.views import RecordViewTests, WorldMixin
from phoihop.programs import services
from phoihop.programs.choices import FigureStatus, IndicatorSource, PeriodType
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.tests.factories import make_indicator, make_programme

counter = itertools.count(1)


def month(n) -> datetime.date:
    """The first day of the n-th month from January 2020."""
    return datetime.date(2020 + (n - 1) // 12, (n - 1) % 12 + 1, 1)


def figure_world(world):
    """A programme owned by the province, with post A and commune B taking part, and one monthly indicator."""
    programme = make_programme(world.province, participants=[world.a, world.b])
    indicator = make_indicator(programme, unit="ha", decimals=1, period_type=PeriodType.MONTH)
    return programme, indicator


def make_figure(indicator, organisation, **kwargs):
    n = next(counter)
    kwargs.setdefault("period_start", month(n))
    kwargs.setdefault("value", Decimal("12.5"))
    kwargs.setdefault("note", f"ghi chú {n}")
    return PeriodicFigure.objects.create(
        indicator=indicator, organisation=organisation, period_type=indicator.period_type, **kwargs
    )


def set_status(figure, status, **extra):
    PeriodicFigure.objects.filter(pk=figure.pk).update(status=status, **extra)
    figure.refresh_from_db()
    return figure


def changes_of(figure):
    return [
        entry.changes
        for entry in ChangeRecord.objects.filter(
            object_pk=str(figure.pk), content_type__model="periodicfigure", action=ChangeRecord.Action.UPDATE
        ).order_by("timestamp", "pk")
    ]


class FigureRecord:
    model = PeriodicFigure

    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme, cls.indicator = figure_world(cls.world)

    def make_record(self, owner, **kwargs):
        return make_figure(self.indicator, owner, **kwargs)

    def form_data(self, owner):
        n = next(counter)
        day = month(n) + datetime.timedelta(days=14)  # any day of the period identifies it
        return {
            "indicator": self.indicator.pk,
            "organisation": owner.pk,
            "period_start": day.strftime("%d/%m/%Y"),
            "value": "3.840,5",
            "note": f"nhập {n}",
        }

    def invalid_form_data(self, owner):
        data = self.form_data(owner)
        data["value"] = "ba nghìn"
        return data, "value"

    def export_keys(self, obj):
        return [obj.note]


class TestFigureViews(FigureRecord, RecordViewTests, TestCase):
    def test_form_reads_vietnamese_numbers_and_any_day_of_the_period(self):
        self.login(self.world.a_reporter)
        data = self.form_data(self.world.a)
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 302)
        figure = PeriodicFigure.objects.get(note=data["note"])
        self.assertEqual(figure.value, Decimal("3840.5"))
        self.assertEqual(figure.period_start.day, 1)
        self.assertEqual(figure.period_type, PeriodType.MONTH)
        self.assertEqual(figure.status, FigureStatus.DRAFT)

    def test_a_count_is_a_whole_number_and_decimals_follow_the_indicator(self):
        """ "2,5 nhà" is refused at the field; a hectare figure keeps at most its indicator's decimal places."""
        houses = make_indicator(self.programme, unit="nhà", decimals=0, period_type=PeriodType.MONTH)
        self.login(self.world.a_reporter)
        data = {**self.form_data(self.world.a), "indicator": houses.pk, "value": "2,5"}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertContains(response, 'data-field="value"', status_code=400)
        self.assertContains(response, "nhà", status_code=400)
        self.assertEqual(self.client.post(self.url("add"), {**data, "value": "3"}).status_code, 302)
        too_fine = {**self.form_data(self.world.a), "value": "12,55"}  # ha with one decimal place
        self.assertContains(self.client.post(self.url("add"), too_fine), 'data-field="value"', status_code=400)

    def test_reporter_cannot_pick_another_organisation(self):
        self.login(self.world.a_reporter)
        response = self.client.post(self.url("add"), self.form_data(self.world.b))
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["form"].errors)

    def test_organisation_must_take_part_in_the_programme(self):
        other = make_programme(self.world.province, participants=[self.world.b])
        indicator = make_indicator(other)
        self.login(self.world.p_admin)  # sees the indicator and reports for A, which does not take part
        data = {**self.form_data(self.world.a), "indicator": indicator.pk, "value": "3"}
        response = self.client.post(self.url("add"), data)
        self.assertEqual(response.status_code, 400)
        self.assertIn("organisation", response.context["form"].errors)

    def test_short_url_names(self):
        self.assertEqual(reverse("programs:figure_list"), reverse("programs:periodicfigure_list"))


class TestFigureAPI(FigureRecord, RecordAPITests, TestCase):
    endpoint = "/api/programs/figures/"

    def api_data(self, owner):
        n = next(counter)
        return {
            "indicator": self.indicator.pk,
            "organisation": owner.pk,
            "period_start": month(n).isoformat(),
            "value": "12.5",
        }

    def invalid_api_data(self, owner):
        return {**self.api_data(owner), "value": "nhiều"}, "value"

    def test_a_second_value_for_the_period_is_a_field_error(self):
        self.as_user(self.world.a_reporter)
        data = {**self.api_data(self.world.a), "period_start": "15/07/2030"}
        self.assertEqual(self.api.post(self.endpoint, data, format="json").status_code, 201)
        response = self.api.post(self.endpoint, {**data, "period_start": "2030-07-31"}, format="json")
        self.assertEqual(response.status_code, 400)
        self.assertIn("period_start", response.json())

    def test_status_is_read_only(self):
        self.as_user(self.world.a_reporter)
        response = self.api.post(self.endpoint, {**self.api_data(self.world.a), "status": "approved"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        self.assertEqual(response.json()["status"], FigureStatus.DRAFT)


class WorkflowMixin(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        cls.programme, cls.indicator = figure_world(cls.world)
        cls.programme.participants.add(cls.world.a1)

    def figure(self, organisation=None, status=FigureStatus.DRAFT, **kwargs):
        figure = make_figure(self.indicator, organisation or self.world.a, **kwargs)
        return set_status(figure, status) if status != FigureStatus.DRAFT else figure


class TestWorkflowServices(WorkflowMixin, TestCase):
    def test_the_whole_way(self):
        w = self.world
        figure = self.figure()
        services.figure_submit(acting_user=w.a_reporter, figure=figure)
        self.assertEqual(figure.status, FigureStatus.SUBMITTED)
        self.assertEqual(figure.submitted_by, w.a_reporter)
        submitted_at = figure.submitted_at
        self.assertIsNotNone(submitted_at)
        services.figure_approve(acting_user=w.p_admin, figure=figure)
        self.assertEqual((figure.status, figure.approved_by), (FigureStatus.APPROVED, w.p_admin))
        services.figure_lock(acting_user=w.p_admin, figure=figure)
        self.assertEqual(figure.status, FigureStatus.LOCKED)
        self.assertIsNotNone(figure.locked_at)
        services.figure_reopen(acting_user=w.p_admin, figure=figure, reason="Sai diện tích lô 3")
        self.assertEqual(figure.status, FigureStatus.REOPENED)
        self.assertEqual(figure.status_reason, "Sai diện tích lô 3")
        self.assertIsNone(figure.approved_at)
        figure.value = Decimal("13")
        services.figure_save(acting_user=w.a_reporter, instance=figure)
        services.figure_submit(acting_user=w.a_reporter, figure=figure)
        self.assertEqual(figure.submitted_at, submitted_at, "a correction keeps the time of the first report")
        services.figure_return(acting_user=w.p_admin, figure=figure, reason="Thiếu hồ sơ")
        self.assertEqual((figure.status, figure.status_reason), (FigureStatus.DRAFT, "Thiếu hồ sơ"))
        self.assertIsNone(figure.submitted_at)
        figure.refresh_from_db()
        self.assertEqual(figure.value, Decimal("13"))
        history = changes_of(figure)
        self.assertTrue(any(c.get("status_reason", [None, None])[1] == "Sai diện tích lô 3" for c in history))
        self.assertTrue(any(c.get("status") == ["locked", "reopened"] for c in history))

    def test_who_may_approve(self):
        w = self.world
        own = self.figure(status=FigureStatus.SUBMITTED)
        below = self.figure(w.a1, status=FigureStatus.SUBMITTED)
        # The approver of post A does not approve A's own value, but approves its cell's.
        with self.assertRaises(PermissionDenied):
            services.figure_approve(acting_user=w.a_approver, figure=own)
        services.figure_approve(acting_user=w.a_approver, figure=below)
        self.assertEqual(below.status, FigureStatus.APPROVED)
        for user in (w.a_reporter, w.a_admin, w.p_viewer, w.b_admin):
            with self.assertRaises(PermissionDenied):
                services.figure_approve(acting_user=user, figure=own)
        services.figure_approve(acting_user=w.superuser, figure=own)
        self.assertEqual(own.status, FigureStatus.APPROVED)

    def test_who_may_submit(self):
        w = self.world
        figure = self.figure()
        for user in (w.a_viewer, w.b_admin, w.p_viewer):
            with self.assertRaises(PermissionDenied):
                services.figure_submit(acting_user=user, figure=figure)
        services.figure_submit(acting_user=w.a_approver, figure=figure)  # Reporter or higher in A
        self.assertEqual(figure.status, FigureStatus.SUBMITTED)

    def test_submitting_needs_a_value(self):
        figure = self.figure(value=None)
        with self.assertRaises(ValidationError) as caught:
            services.figure_submit(acting_user=self.world.a_reporter, figure=figure)
        self.assertIn("value", caught.exception.message_dict)

    def test_reasons_are_required(self):
        w = self.world
        submitted = self.figure(status=FigureStatus.SUBMITTED)
        approved = self.figure(status=FigureStatus.APPROVED)
        for service, figure in ((services.figure_return, submitted), (services.figure_reopen, approved)):
            with self.assertRaises(ValidationError) as caught:
                service(acting_user=w.p_admin, figure=figure, reason="  ")
            self.assertIn("reason", caught.exception.message_dict)
        self.assertEqual(PeriodicFigure.objects.get(pk=submitted.pk).status, FigureStatus.SUBMITTED)

    def test_transitions_from_the_wrong_status_are_refused(self):
        w = self.world
        draft = self.figure()
        for call in (
            lambda: services.figure_approve(acting_user=w.p_admin, figure=draft),
            lambda: services.figure_lock(acting_user=w.p_admin, figure=draft),
            lambda: services.figure_return(acting_user=w.p_admin, figure=draft, reason="x"),
            lambda: services.figure_reopen(acting_user=w.p_admin, figure=draft, reason="x"),
        ):
            with self.assertRaises(ValidationError):
                call()
        approved = self.figure(status=FigureStatus.APPROVED)
        with self.assertRaises(ValidationError):
            services.figure_submit(acting_user=w.a_reporter, figure=approved)

    def test_an_approved_value_is_locked(self):
        figure = self.figure(status=FigureStatus.APPROVED)
        version = figure.version
        figure.value = Decimal("99")
        with translation.override("en"), self.assertRaises(services.FigureLockedError) as caught:
            services.figure_save(acting_user=self.world.a_reporter, instance=figure)
        self.assertIn("reopen", caught.exception.message)
        stored = PeriodicFigure.objects.get(pk=figure.pk)
        self.assertEqual((stored.value, stored.version), (Decimal("12.5"), version))
        submitted = self.figure(status=FigureStatus.SUBMITTED)
        with self.assertRaises(services.FigureLockedError):
            services.figure_save(acting_user=self.world.a_reporter, instance=submitted)

    def test_compute(self):
        w = self.world
        with self.assertRaises(ValidationError):
            services.figure_compute(acting_user=w.a_reporter, figure=self.figure())
        computed = make_indicator(self.programme, source=IndicatorSource.HOUSES_STARTED, period_type=PeriodType.MONTH)
        figure = make_figure(computed, w.a, value=None)
        services.figure_compute(acting_user=w.a_reporter, figure=figure)
        figure.refresh_from_db()
        self.assertEqual((figure.value, figure.computed), (Decimal(0), True))
        figure.value = Decimal("2")  # typed over by hand
        services.figure_save(acting_user=w.a_reporter, instance=figure)
        self.assertFalse(figure.computed)
        with self.assertRaises(PermissionDenied):
            services.figure_compute(acting_user=w.a_viewer, figure=figure)
        set_status(figure, FigureStatus.APPROVED)
        with self.assertRaises(services.FigureLockedError):
            services.figure_compute(acting_user=w.a_reporter, figure=figure)


class TestWorkflowPages(WorkflowMixin, TestCase):
    def action(self, figure, name, **data):
        return self.client.post(reverse("programs:figure_action", args=[figure.pk, name]), data)

    def test_buttons_follow_the_user(self):
        w = self.world
        figure = self.figure(status=FigureStatus.SUBMITTED)
        url = figure.get_absolute_url()
        self.login(w.p_admin)
        response = self.client.get(url)
        self.assertContains(response, 'data-testid="approve"')
        self.assertContains(response, 'data-testid="return"')
        self.assertNotContains(response, 'data-testid="submit"')
        self.assertNotContains(response, 'data-testid="edit"')  # a submitted value is not edited
        self.login(w.a_approver)  # A's own approver: may see, may not approve
        response = self.client.get(url)
        self.assertNotContains(response, 'data-testid="approve"')
        self.login(w.a_reporter)
        draft = self.figure()
        response = self.client.get(draft.get_absolute_url())
        self.assertContains(response, 'data-testid="submit"')
        self.assertContains(response, 'data-testid="edit"')
        self.assertNotContains(response, 'data-testid="approve"')

    def test_every_action_by_post(self):
        w = self.world
        figure = self.figure()
        self.login(w.a_reporter)
        self.assertEqual(self.action(figure, "submit").status_code, 302)
        self.login(w.p_admin)
        self.assertEqual(self.action(figure, "approve").status_code, 302)
        self.assertEqual(self.action(figure, "lock").status_code, 302)
        self.assertEqual(self.action(figure, "reopen", reason="Cập nhật số liệu").status_code, 302)
        figure.refresh_from_db()
        self.assertEqual((figure.status, figure.status_reason), (FigureStatus.REOPENED, "Cập nhật số liệu"))
        self.login(w.a_reporter)
        self.action(figure, "submit")
        self.login(w.p_admin)
        self.assertEqual(self.action(figure, "return", reason="Chưa khớp").status_code, 302)
        figure.refresh_from_db()
        self.assertEqual(figure.status, FigureStatus.DRAFT)

    def test_reason_is_a_field_error(self):
        figure = self.figure(status=FigureStatus.SUBMITTED)
        self.login(self.world.p_admin)
        response = self.action(figure, "return", reason="")
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.context["reason_form"].errors)
        self.assertContains(response, 'data-field="reason"', status_code=400)
        self.assertEqual(PeriodicFigure.objects.get(pk=figure.pk).status, FigureStatus.SUBMITTED)

    def test_403_and_404(self):
        w = self.world
        figure = self.figure(status=FigureStatus.SUBMITTED)
        self.login(w.a_approver)
        self.assertEqual(self.action(figure, "approve").status_code, 403)
        self.login(w.a_viewer)
        self.assertEqual(self.action(figure, "approve").status_code, 403)
        self.login(w.b_admin)
        self.assertEqual(self.action(figure, "approve").status_code, 404)
        self.assertEqual(self.client.get(figure.get_absolute_url()).status_code, 404)
        self.assertEqual(PeriodicFigure.objects.get(pk=figure.pk).status, FigureStatus.SUBMITTED)

    def test_editing_an_approved_value_shows_why(self):
        figure = self.figure(status=FigureStatus.APPROVED)
        self.login(self.world.a_reporter)
        edit = reverse("programs:periodicfigure_edit", args=[figure.pk])
        response = self.client.get(edit)
        self.assertEqual(response.status_code, 409)
        self.assertIn(services.locked_message(FigureStatus.APPROVED), response.context["form"].non_field_errors())
        data = {
            "indicator": self.indicator.pk,
            "organisation": self.world.a.pk,
            "period_start": figure.period_start.strftime("%d/%m/%Y"),
            "value": "99",
            "version": figure.version,
        }
        response = self.client.post(edit, data)
        self.assertEqual(response.status_code, 409)
        self.assertContains(response, 'data-testid="form-errors"', status_code=409)
        stored = PeriodicFigure.objects.get(pk=figure.pk)
        self.assertEqual((stored.value, stored.version), (figure.value, figure.version))
        detail = self.client.get(figure.get_absolute_url())
        self.assertNotContains(detail, 'data-testid="edit"')
        self.assertNotContains(detail, 'data-testid="delete"')
        delete = reverse("programs:periodicfigure_delete", args=[figure.pk])
        self.assertEqual(self.client.post(delete, {"version": figure.version}).status_code, 403)
        self.assertTrue(PeriodicFigure.objects.filter(pk=figure.pk).exists())


class TestWorkflowAPI(WorkflowMixin, TestCase):
    endpoint = "/api/programs/figures/"

    def setUp(self):
        self.api = APIClient()

    def post(self, user, figure, action, data=None):
        self.api.force_authenticate(user)
        return self.api.post(f"{self.endpoint}{figure.pk}/{action}/", data or {}, format="json")

    def test_changing_an_approved_value_answers_409(self):
        figure = self.figure(status=FigureStatus.APPROVED)
        self.api.force_authenticate(self.world.a_reporter)
        for method in (self.api.patch, self.api.put):
            data = {"value": "99", "version": figure.version}
            if method == self.api.put:
                data.update(
                    indicator=self.indicator.pk,
                    organisation=self.world.a.pk,
                    period_start=figure.period_start.isoformat(),
                )
            response = method(f"{self.endpoint}{figure.pk}/", data, format="json")
            self.assertEqual(response.status_code, 409, response.content)
            self.assertEqual(
                response.json()["status"],
                ["Số liệu này đã được phê duyệt và khóa. Đề nghị người phê duyệt mở lại để chỉnh sửa."],
            )
            stored = PeriodicFigure.objects.get(pk=figure.pk)
            self.assertEqual((stored.value, stored.version), (figure.value, figure.version))
        response = self.api.delete(f"{self.endpoint}{figure.pk}/")
        self.assertEqual(response.status_code, 409)
        self.assertTrue(PeriodicFigure.objects.filter(pk=figure.pk).exists())

    def test_actions(self):
        w = self.world
        figure = self.figure()
        self.assertEqual(self.post(w.a_reporter, figure, "submit").json()["status"], FigureStatus.SUBMITTED)
        self.assertEqual(self.post(w.a_approver, figure, "approve").status_code, 403)
        self.assertEqual(self.post(w.b_admin, figure, "approve").status_code, 404)
        response = self.post(w.p_admin, figure, "return")
        self.assertEqual(response.status_code, 400)
        self.assertIn("reason", response.json())
        self.assertEqual(self.post(w.p_admin, figure, "return", {"reason": "Sai"}).json()["status"], "draft")
        self.post(w.a_reporter, figure, "submit")
        self.assertEqual(self.post(w.p_admin, figure, "approve").json()["status"], FigureStatus.APPROVED)
        self.assertEqual(self.post(w.p_admin, figure, "lock").json()["status"], FigureStatus.LOCKED)
        self.assertEqual(self.post(w.p_admin, figure, "reopen").status_code, 400)
        body = self.post(w.p_admin, figure, "reopen", {"reason": "Điều chỉnh"}).json()
        self.assertEqual((body["status"], body["status_reason"]), (FigureStatus.REOPENED, "Điều chỉnh"))
        self.assertEqual(self.post(w.a_reporter, figure, "compute").status_code, 400)  # a manual indicator

    def test_bulk_approve(self):
        w = self.world
        figures = [self.figure(status=FigureStatus.SUBMITTED) for _ in range(3)]
        draft = self.figure()
        self.api.force_authenticate(w.p_admin)
        response = self.api.post(
            f"{self.endpoint}approve-bulk/", {"ids": [f.pk for f in figures] + [draft.pk]}, format="json"
        )
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(response.json(), {"approved": 3})
        self.assertEqual(PeriodicFigure.objects.filter(status=FigureStatus.APPROVED).count(), 3)
        self.assertEqual(self.api.post(f"{self.endpoint}approve-bulk/", {}, format="json").status_code, 400)


class TestBulkApproval(WorkflowMixin, TestCase):
    def test_skips_what_the_user_may_not_approve(self):
        w = self.world
        own = self.figure(status=FigureStatus.SUBMITTED)
        below = self.figure(w.a1, status=FigureStatus.SUBMITTED)
        draft = self.figure(w.a1)
        count = services.figures_approve_bulk(acting_user=w.a_approver, figures=[own, below, draft])
        self.assertEqual(count, 1)
        statuses = dict(PeriodicFigure.objects.values_list("pk", "status"))
        self.assertEqual(statuses[own.pk], FigureStatus.SUBMITTED)
        self.assertEqual(statuses[below.pk], FigureStatus.APPROVED)
        self.assertEqual(statuses[draft.pk], FigureStatus.DRAFT)
        below.refresh_from_db()
        self.assertEqual((below.approved_by, below.version), (w.a_approver, 2))
        entry = ChangeRecord.objects.get(object_pk=str(below.pk), action=ChangeRecord.Action.UPDATE)
        self.assertEqual(entry.actor, w.a_approver)
        self.assertEqual(entry.changes["status"], ["submitted", "approved"])
        self.assertEqual(entry.organisation_id, w.a1.pk)

    def test_query_count_does_not_grow(self):
        from django.db import connection
        from django.test.utils import CaptureQueriesContext

        few = [self.figure(status=FigureStatus.SUBMITTED) for _ in range(2)]
        many = [self.figure(status=FigureStatus.SUBMITTED) for _ in range(8)]
        user = self.world.p_admin
        warm = self.figure(status=FigureStatus.SUBMITTED)  # the user's memberships, the content type
        services.figures_approve_bulk(acting_user=user, figures=[warm])
        with CaptureQueriesContext(connection) as a:
            self.assertEqual(services.figures_approve_bulk(acting_user=user, figures=few), 2)
        with CaptureQueriesContext(connection) as b:
            self.assertEqual(services.figures_approve_bulk(acting_user=user, figures=many), 8)
        self.assertEqual(len(a), len(b), [q["sql"] for q in b.captured_queries])

    def test_approval_timestamps(self):
        figure = self.figure(status=FigureStatus.SUBMITTED)
        before = timezone.now()
        services.figures_approve_bulk(acting_user=self.world.p_admin, figures=PeriodicFigure.objects.all())
        figure.refresh_from_db()
        self.assertGreaterEqual(figure.approved_at, before)


class TestFigureImport(WorkflowMixin, TestCase):
    def dataset(self, *rows):
        import tablib

        return tablib.Dataset(
            *rows, headers=["programme", "indicator", "organisation", "period_start", "value", "note"]
        )

    def test_import_creates_and_updates_through_the_service(self):
        from phoihop.core.importexport import run_import
        from phoihop.programs.resources.figures import PeriodicFigureResource

        w, code = self.world, self.programme.code
        existing = self.figure(period_start=datetime.date(2031, 3, 1), value=Decimal("1"))
        data = self.dataset(
            (code, self.indicator.code, "T-A", "15/02/2031", "3.840,5", "mới"),
            (code, self.indicator.code, "T-A", "20/03/2031", "2", "sửa"),
        )
        _result, errors = run_import(PeriodicFigureResource(user=w.a_reporter), data, dry_run=False)
        self.assertEqual(errors, [])
        created = PeriodicFigure.objects.get(period_start=datetime.date(2031, 2, 1))
        self.assertEqual((created.value, created.organisation), (Decimal("3840.5"), w.a))
        existing.refresh_from_db()
        self.assertEqual((existing.value, existing.version), (Decimal("2"), 2))

    def test_a_locked_value_is_refused_on_its_row(self):
        from phoihop.core.importexport import run_import
        from phoihop.programs.resources.figures import PeriodicFigureResource

        locked = self.figure(period_start=datetime.date(2031, 5, 1), status=FigureStatus.APPROVED)
        data = self.dataset((self.programme.code, self.indicator.code, "T-A", "01/05/2031", "9", ""))
        _result, errors = run_import(PeriodicFigureResource(user=self.world.a_reporter), data, dry_run=False)
        self.assertTrue(errors)
        self.assertEqual(errors[0][0], 2)
        locked.refresh_from_db()
        self.assertEqual(locked.value, Decimal("12.5"))
