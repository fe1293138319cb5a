"""Search pickers (``core.pickers``): the endpoint goes through the access gate and offers what the field accepts;
the widget renders only the chosen options; an id outside the field's choices is refused at the field, in
Vietnamese."""

from django.test import TestCase

from phoihop.core.pickers import PickerSelect, PickerSelectMultiple, source_key
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import agreement_in_force
from phoihop.orgs.forms import AgreementForm, OrganisationForm
from phoihop.work.filtersets.tasks import TaskFilterSet
from phoihop.work.forms.tasks import TaskForm

PICK = "/pick/organisation/"


def field_param(cls, name):
    return f"{source_key(cls)}:{name}"


class TestPickEndpoint(WorldMixin, TestCase):
    def pick(self, user, kind="organisation", **params):
        self.client.force_login(user)
        return self.client.get(f"/pick/{kind}/", params)

    def labels(self, response):
        self.assertEqual(response.status_code, 200)
        return [row["label"] for row in response.json()["results"]]

    def test_anonymous_is_sent_to_login(self):
        response = self.client.get(PICK, {"q": "ba son"})
        self.assertEqual(response.status_code, 302)
        self.assertIn("/accounts/login/", response["Location"])

    def test_unknown_kind_and_unknown_field_are_404(self):
        self.assertEqual(self.pick(self.world.a_viewer, kind="nothing").status_code, 404)
        self.assertEqual(self.pick(self.world.a_viewer, field="phoihop.orgs.forms.Nope:parent").status_code, 404)
        self.assertEqual(self.pick(self.world.a_viewer, field=field_param(OrganisationForm, "nope")).status_code, 404)
        # a field of another model is not this kind's
        self.assertEqual(
            self.pick(self.world.a_viewer, kind="clause", field=field_param(OrganisationForm, "parent")).status_code,
            404,
        )

    def test_an_outsider_gets_no_foreign_names(self):
        w = self.world
        self.assertEqual(set(self.labels(self.pick(w.b_admin))), {w.b.name})
        self.assertEqual(self.labels(self.pick(w.b_admin, q="ba son")), [])
        self.assertEqual(set(self.labels(self.pick(w.a_viewer))), {w.a.name, w.a1.name})
        # bound to a filter: the filter's choices, still gated
        filter_field = field_param(TaskFilterSet, "lead")
        self.assertEqual(set(self.labels(self.pick(w.b_admin, field=filter_field))), {w.b.name})

    def test_answers_are_short_ordered_and_say_when_there_is_more(self):
        from phoihop.core.pickers import LIMIT
        from phoihop.orgs.models import Organisation

        w = self.world
        for n in range(LIMIT + 5):
            Organisation.objects.create(name=f"Chi bộ thôn {n:02d}", code=f"T-C{n}", kind=w.kind, parent=w.a)
        data = self.pick(w.a_viewer, q="chi bo thon").json()
        self.assertEqual(len(data["results"]), LIMIT)
        self.assertTrue(data["more"])
        labels = [row["label"] for row in data["results"]]
        self.assertEqual(labels, sorted(labels))
        # the hint tells look-alikes apart: kind and the unit above
        self.assertIn(w.a.name, data["results"][0]["hint"])
        self.assertIn(w.kind.name, data["results"][0]["hint"])

    def test_a_scope_field_offers_only_where_the_user_may_record(self):
        w = self.world
        # the lead unit of a task may be outside the user's tree (tasks cross the trees through the agreements in
        # force: core.access.participant_organisations) — to someone who may assign one
        open_field = field_param(TaskForm, "lead")
        self.assertNotIn(w.b.name, self.labels(self.pick(w.a_reporter, field=open_field)))
        agreement_in_force(w.a, w.a, w.b)
        self.assertIn(w.b.name, self.labels(self.pick(w.a_reporter, field=open_field)))
        self.assertEqual(self.labels(self.pick(w.a_viewer, field=open_field)), [])
        # "assigned by" is the user's own organisations with the edit role: A and A1, not the province nor B
        scope_field = field_param(TaskForm, "assigned_by_org")
        self.assertEqual(set(self.labels(self.pick(w.a_reporter, field=scope_field))), {w.a.name, w.a1.name})
        self.assertEqual(self.labels(self.pick(w.a_viewer, field=scope_field)), [])

    def test_the_parties_of_an_agreement_may_come_from_any_tree(self):
        w = self.world
        parties = field_param(AgreementForm, "parties")
        self.assertIn(w.b.name, self.labels(self.pick(w.a_reporter, field=parties)))
        owner = field_param(AgreementForm, "owner")
        self.assertNotIn(w.b.name, self.labels(self.pick(w.a_reporter, field=owner)))


class TestPickerWidget(WorldMixin, TestCase):
    def test_forms_and_filters_get_pickers_not_drop_downs(self):
        form = TaskForm(user=self.world.a_reporter)
        self.assertIsInstance(form.fields["lead"].widget, PickerSelect)
        self.assertIsInstance(form.fields["coordinating"].widget, PickerSelectMultiple)
        self.assertIsInstance(form.fields["assigned_by_org"].widget, PickerSelect)
        self.assertNotIsInstance(form.fields["priority"].widget, PickerSelect)  # a small fixed list stays
        filters = TaskFilterSet(None, request=type("R", (), {"user": self.world.a_viewer})()).form
        self.assertIsInstance(filters.fields["assigned_by_org"].widget, PickerSelect)
        self.assertIsInstance(filters.fields["clause"].widget, PickerSelect)

    def test_only_the_chosen_option_is_rendered(self):
        w = self.world
        form = TaskForm(user=w.p_admin, initial={"lead": w.a.pk})
        html = str(form["lead"])
        self.assertIn(f'value="{w.a.pk}" selected', html)
        self.assertIn(w.a.name, html)
        for other in (w.b, w.a1, w.province):
            self.assertNotIn(other.name, html)
        self.assertIn('data-picker="/pick/organisation/?field=phoihop.work.forms.tasks.TaskForm:lead"', html)
        self.assertNotIn("required", str(form["lead"]).split("<select", 1)[1].split(">", 1)[0])
        # nothing chosen: the empty option only, no query for the table
        with self.assertNumQueries(0):
            html = str(TaskForm(user=w.p_admin)["lead"])
        self.assertEqual(html.count("<option"), 1)

    def test_an_id_outside_the_scope_is_refused_at_the_field_in_vietnamese(self):
        w = self.world
        self.client.force_login(w.a_reporter)
        response = self.client.post(
            "/work/tasks/add/",
            {"title": "Tuần tra", "assigned_by_org": w.b.pk, "lead": w.a.pk, "deadline": "01/09/2026"},
        )
        self.assertEqual(response.status_code, 400)
        self.assertIn("assigned_by_org", response.context["form"].errors)
        self.assertIn("Hãy chọn một lựa chọn hợp lệ", response.context["form"].errors["assigned_by_org"][0])
        # in a filter: an invalid filter, said at the field — not a 500, and no foreign name
        self.client.force_login(w.b_admin)
        response = self.client.get("/work/tasks/", {"assigned_by_org": w.a.pk})
        self.assertEqual(response.status_code, 200)
        self.assertContains(response, "Hãy chọn một lựa chọn hợp lệ")
        self.assertNotContains(response, w.a.name)
        # garbage ids too
        response = self.client.get("/work/tasks/", {"assigned_by_org": "abc", "lead": "99999999999999999999999"})
        self.assertEqual(response.status_code, 200)


class TestPlainForms(WorldMixin, TestCase):
    """Forms that are not record forms (statistics, dashboard, reports, schedules) search their organisations too."""

    def test_statistics_and_dashboard_filters_search_within_the_scope(self):
        from phoihop.reports.views.dashboard import DashboardFilter
        from phoihop.work.views.statistics import StatisticsFilter

        w = self.world
        self.client.force_login(w.a_viewer)
        page = self.client.get("/work/statistics/")
        self.assertEqual(page.status_code, 200)
        self.assertIn('data-picker-name="organisation"', page.content.decode())
        for cls in (StatisticsFilter, DashboardFilter):
            response = self.client.get(PICK, {"field": field_param(cls, "organisation")})
            self.assertEqual(response.status_code, 200, cls)
            labels = {row["label"] for row in response.json()["results"]}
            self.assertIn(w.a.name, labels)
            self.assertNotIn(w.b.name, labels)
        # the dashboard's default scope is shown as the chosen option
        dashboard = self.client.get("/reports/dashboard/")
        form = dashboard.context["form"]
        self.assertIn(f'value="{w.a.pk}" selected', str(form["organisation"]))
