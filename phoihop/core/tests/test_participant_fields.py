"""Fields that name other organisations (docs/architecture.md, "Fields that name other organisations").

A participant field (the model's ``access_participant_fields``: a task's units, a visited organisation,
co-organisers, organisers, a twinning partner, a programme's participants) lets the organisation it names read the
record, so every way of filling it — the page's form, its search picker and the API — offers and accepts one set,
``core.access.participant_organisations``: the user's subtrees and the subtrees of the parties of the agreements in
force to which one of the user's organisations (or one above it) is party. Outside it: a Vietnamese field error on
the page, a field-level 400 in the API. The record's own values stay. The parties of an agreement and a sharing
rule's viewer may name any organisation, on the page and in the API alike.

The world: the province P (above post A, cell A1 and commune B) has an agreement in force with the Border Guard's
party committee G (above post G1), a second tree; the committee S of another province (above S1) has only
agreements that are not in force with P.
"""

import datetime
import itertools
from dataclasses import dataclass
from types import SimpleNamespace

from django.test import TestCase
from django.urls import reverse
from django.utils import timezone, translation
from rest_framework.test import APIClient

from phoihop.accounts.models import User
from phoihop.core.access import PARTICIPANT_REFUSED, forget, participant_organisations
from phoihop.core.choices import Role
from phoihop.core.pickers import source_key
from phoihop.core.testing.views import WorldMixin
from phoihop.core.testing.world import agreement_in_force, editor_for, make_user
from phoihop.movements.api.serializers import HolidayVisitSerializer, TowardsBorderEventSerializer, TwinningSerializer
from phoihop.movements.forms.events import TowardsBorderEventForm
from phoihop.movements.forms.twinning import TwinningForm
from phoihop.movements.forms.visits import HolidayVisitForm
from phoihop.movements.models import HolidayVisit, TowardsBorderEvent, Twinning
from phoihop.movements.tests.factories import build_places, make_event, make_visit
from phoihop.orgs.choices import AgreementStatus
from phoihop.orgs.forms import AgreementForm, SharingRuleForm
from phoihop.orgs.models import Agreement, Clause, Organisation, SharingRule
from phoihop.programs.api.programmes import ProgrammeSerializer
from phoihop.programs.forms.programmes import ProgrammeForm
from phoihop.programs.models import Programme
from phoihop.work.api.outreach import OutreachSessionSerializer
from phoihop.work.api.tasks import TaskSerializer
from phoihop.work.forms.outreach import OutreachSessionForm
from phoihop.work.forms.tasks import TaskForm
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic, Task

counter = itertools.count(1)


def refused_vi() -> str:
    with translation.override("vi"):
        return str(PARTICIPANT_REFUSED)


@dataclass
class Case:
    """One participant field: its form, model (page and API), API endpoint and payloads."""

    name: str
    form: type
    model: type
    endpoint: str
    field: str
    many: bool
    form_data: object  # (test, organisation) → POST data
    api_data: object  # (test, organisation) → JSON
    serializer: type


def form_errors(response):
    context = getattr(response, "context", None)
    return context["form"].errors if context and "form" in context else response.status_code


def task_form(t, org, field):
    data = {
        "title": f"Phối hợp tuần tra {next(counter)}",
        "source_kind": "direct",
        "assigned_by_org": t.world.a.pk,
        "deadline": "01/07/2026",
        "priority": 2,
        "recurrence": "",
        "classification": 0,
        "lead": t.world.a.pk,
    }
    data[field] = [org.pk] if field == "coordinating" else org.pk
    return data


def task_api(t, org, field):
    data = {"title": f"API {next(counter)}", "assigned_by_org": t.world.a.pk, "deadline": "2026-07-01"}
    data["lead"] = t.world.a.pk
    data[field] = [org.pk] if field == "coordinating" else org.pk
    return data


CASES = [
    Case(
        "task lead unit",
        TaskForm,
        Task,
        "/api/work/tasks/",
        "lead",
        False,
        lambda t, org: task_form(t, org, "lead"),
        lambda t, org: task_api(t, org, "lead"),
        TaskSerializer,
    ),
    Case(
        "task coordinating units",
        TaskForm,
        Task,
        "/api/work/tasks/",
        "coordinating",
        True,
        lambda t, org: task_form(t, org, "coordinating"),
        lambda t, org: task_api(t, org, "coordinating"),
        TaskSerializer,
    ),
    Case(
        "holiday visit, visited organisation",
        HolidayVisitForm,
        HolidayVisit,
        "/api/movements/visits/",
        "visited_organisation",
        False,
        lambda t, org: {
            "held_on": "10/02/2026",
            "occasion": t.places.tet.pk,
            "visiting_organisation": t.world.a.pk,
            "visited_organisation": org.pk,
            "households_visited": 5,
            "gifts_count": 5,
            "value_vnd": "2.500.000",
            "note": f"Thăm, chúc Tết {next(counter)}",
        },
        lambda t, org: {
            "held_on": "2026-02-10",
            "occasion": t.places.tet.pk,
            "visiting_organisation": t.world.a.pk,
            "visited_organisation": org.pk,
            "households_visited": 5,
            "gifts_count": 5,
            "value_vnd": "2500000",
        },
        HolidayVisitSerializer,
    ),
    Case(
        "towards-the-border event, co-organisers",
        TowardsBorderEventForm,
        TowardsBorderEvent,
        "/api/movements/events/",
        "co_organisers",
        True,
        lambda t, org: {
            "title": f"Xuân Biên phòng ấm lòng dân bản {next(counter)}",
            "held_on": "03/03/2026",
            "organiser": t.world.a.pk,
            "co_organisers": [org.pk],
            "commune": t.places.ba_son.pk,
            "participants_count": 120,
            "contributions_vnd": "1.500.000",
        },
        lambda t, org: {
            "title": f"Xuân Biên phòng {next(counter)}",
            "held_on": "2026-03-03",
            "organiser": t.world.a.pk,
            "co_organisers": [org.pk],
            "commune": t.places.ba_son.pk,
            "participants_count": 120,
            "contributions_vnd": "1500000",
        },
        TowardsBorderEventSerializer,
    ),
    Case(
        "twinning partner",
        TwinningForm,
        Twinning,
        "/api/movements/twinnings/",
        "partner_organisation",
        False,
        lambda t, org: {
            "organisation": t.world.a.pk,
            "partner_organisation": org.pk,
            "started_on": "22/12/2019",
            "commitments": f"Giúp nhau giữ vững an ninh biên giới ({next(counter)})",
            "active": "on",
        },
        lambda t, org: {
            "organisation": t.world.a.pk,
            "partner_organisation": org.pk,
            "started_on": "2019-12-22",
            "commitments": f"Kết nghĩa {next(counter)}",
        },
        TwinningSerializer,
    ),
    Case(
        "outreach session, organisers",
        OutreachSessionForm,
        OutreachSession,
        "/api/work/outreach-sessions/",
        "organisers",
        True,
        lambda t, org: {
            "owner": t.world.a.pk,
            "organisers": [org.pk],
            "held_on": "01/07/2025",
            "commune": t.places.ba_son.pk,
            "topics": [t.topic.pk],
            "languages": [t.tay.pk],
            "audience": 60,
            "materials_count": 0,
            "note": f"Tuyên truyền {next(counter)}",
        },
        lambda t, org: {
            "owner": t.world.a.pk,
            "organisers": [org.pk],
            "held_on": "2025-07-01",
            "commune": t.places.ba_son.pk,
            "topics": [t.topic.pk],
            "languages": [t.tay.pk],
            "audience": 60,
        },
        OutreachSessionSerializer,
    ),
    Case(
        "programme participants",
        ProgrammeForm,
        Programme,
        "/api/programs/programmes/",
        "participants",
        True,
        lambda t, org: {
            "code": f"DA-{next(counter)}",
            "name": "Dự án trồng rừng phòng hộ biên giới",
            "owner": t.world.a.pk,
            "participants": [org.pk],
            "start_date": "01/07/2025",
        },
        lambda t, org: {
            "code": f"API-{next(counter)}",
            "name": "Chương trình phối hợp",
            "owner": t.world.a.pk,
            "participants": [org.pk],
            "start_date": "2025-07-01",
        },
        ProgrammeSerializer,
    ),
]


def field_param(cls, name):
    return f"{source_key(cls)}:{name}"


class ParticipantWorld(WorldMixin):
    @classmethod
    def setUpTestData(cls):
        super().setUpTestData()
        w = cls.world
        org = Organisation.objects.create
        cls.guard = org(name="Đảng ủy Bộ đội Biên phòng tỉnh", code="T-G", kind=w.kind)
        cls.guard_post = org(name="Đồn Biên phòng Chi Ma", code="T-G1", kind=w.kind, parent=cls.guard)
        cls.stranger = org(name="Tỉnh ủy Cao Bằng", code="T-S", kind=w.kind)
        cls.stranger_unit = org(name="Đảng ủy xã Trà Lĩnh", code="T-S1", kind=w.kind, parent=cls.stranger)
        # the agreement in force between the province (above post A) and the Border Guard's party committee
        agreement_in_force(w.province, w.province, cls.guard, number="01-QC/TU")
        # agreements with S that are not in force: a draft, one past its end date, one not yet begun, a deleted one
        today = timezone.localdate()
        day = datetime.timedelta(days=1)
        draft = Agreement.objects.create(owner=w.province, number="02-QC", title="Dự thảo")
        ended = agreement_in_force(w.province, number="03-QC", valid_to=today - day)
        future = agreement_in_force(w.province, number="04-QC", valid_from=today + day)
        deleted = agreement_in_force(w.province, number="05-QC")
        Agreement.objects.filter(pk=deleted.pk).update(deleted_at=timezone.now())
        for agreement in (draft, ended, future, deleted):
            agreement.parties.set([w.province, cls.stranger])
        cls.places = build_places()
        cls.topic = OutreachTopic.objects.create(code="luat-bien-phong", name="Luật Biên phòng Việt Nam")
        cls.tay = EthnicLanguage.objects.create(code="tay", name="Tày")

    def setUp(self):
        self.api = APIClient()

    def fresh(self, user):
        """The user as a request loads it (no cached memberships or partners)."""
        return User.objects.get(pk=user.pk)

    def expected(self):
        w = self.world
        return {w.province, w.a, w.a1, w.b, self.guard, self.guard_post}


class TestTheRule(ParticipantWorld, TestCase):
    def test_own_subtree_and_the_trees_of_the_agreements_in_force(self):
        w = self.world
        self.assertEqual(set(participant_organisations(self.fresh(w.a_reporter))), self.expected())
        # the agreement binds the province: every organisation under it, commune B too, and the other side
        self.assertEqual(set(participant_organisations(self.fresh(w.b_admin))), self.expected())
        # and the other way round: a Border Guard post names the province's units
        g_reporter = make_user("g_reporter", self.guard_post, Role.REPORTER)
        self.assertEqual(set(participant_organisations(g_reporter)), self.expected())

    def test_agreements_not_in_force_do_not_count(self):
        s_admin = make_user("s_admin", self.stranger_unit, Role.ADMIN)
        # drafts, ended, future and deleted agreements with the province: S1 sees only its own subtree
        self.assertEqual(set(participant_organisations(s_admin)), {self.stranger_unit})
        self.assertNotIn(self.stranger_unit, set(participant_organisations(self.fresh(self.world.a_reporter))))

    def test_a_party_below_the_membership_counts_too(self):
        user = self.fresh(self.world.a_reporter)
        self.assertNotIn(self.stranger_unit, set(participant_organisations(user)))
        # cell A1 (below post A) signs with S1: the post's users may name S1's subtree, not the rest of S
        agreement_in_force(self.world.a1, self.world.a1, self.stranger_unit, number="06-QC")
        forget(user)
        names = set(participant_organisations(user))
        self.assertIn(self.stranger_unit, names)
        self.assertNotIn(self.stranger, names)

    def test_superusers_everything_strangers_nothing(self):
        self.assertEqual(participant_organisations(self.world.superuser).count(), Organisation.objects.count())
        nobody = make_user("nobody")
        self.assertEqual(list(participant_organisations(nobody)), [])

    def test_the_set_is_read_once_per_request(self):
        user = self.fresh(self.world.a_reporter)
        list(participant_organisations(user))
        with self.assertNumQueries(1):  # memberships and partners are cached on the user object
            list(participant_organisations(user))


class TestParticipantFields(ParticipantWorld, TestCase):
    """For each participant field: inside the set (G1, the other tree) accepted, outside (S1) refused."""

    def test_the_refusal_is_worded_in_vietnamese(self):
        with translation.override("en"):
            english = str(PARTICIPANT_REFUSED)
        self.assertNotEqual(refused_vi(), english)

    def test_the_page_accepts_inside_and_refuses_outside(self):
        for case in CASES:
            with self.subTest(case.name):
                user = editor_for(self.world, case.model)
                self.login(user)
                url = reverse(case.model.url_name("add"))
                response = self.client.post(url, case.form_data(self, self.guard_post))
                self.assertEqual(response.status_code, 302, form_errors(response))
                response = self.client.post(url, case.form_data(self, self.stranger_unit))
                self.assertEqual(response.status_code, 400)
                # the refusal (a twinning adds that it then has no partner at all)
                self.assertEqual(response.context["form"].errors[case.field][0], refused_vi())

    def test_the_api_accepts_inside_and_refuses_outside(self):
        for case in CASES:
            with self.subTest(case.name):
                self.api.force_authenticate(editor_for(self.world, case.model))
                response = self.api.post(case.endpoint, case.api_data(self, self.guard_post), format="json")
                self.assertEqual(response.status_code, 201, response.content)
                response = self.api.post(case.endpoint, case.api_data(self, self.stranger_unit), format="json")
                self.assertEqual(response.status_code, 400)
                self.assertEqual(response.json()[case.field], [refused_vi()])

    def test_the_picker_lists_the_same_set(self):
        expected = {str(org.pk) for org in self.expected()}
        for case in CASES:
            with self.subTest(case.name):
                self.client.force_login(editor_for(self.world, case.model))
                response = self.client.get("/pick/organisation/", {"field": field_param(case.form, case.field)})
                self.assertEqual(response.status_code, 200)
                self.assertFalse(response.json()["more"])
                self.assertEqual({row["id"] for row in response.json()["results"]}, expected)
                # a viewer, who may not record the type, is offered nothing
                self.client.force_login(self.world.a_viewer)
                response = self.client.get("/pick/organisation/", {"field": field_param(case.form, case.field)})
                self.assertEqual(response.json()["results"], [])

    def test_the_form_field_and_the_serializer_field_have_one_queryset(self):
        for case in CASES:
            with self.subTest(case.name):
                user = editor_for(self.world, case.model)
                form = case.form(user=user)
                serializer = case.serializer(context={"request": SimpleNamespace(user=user)})
                field = serializer.fields[case.field]
                field = getattr(field, "child_relation", field)
                self.assertEqual(set(form.fields[case.field].queryset), set(field.queryset))
                self.assertEqual(set(field.queryset), self.expected())


class TestTheRecordsOwnValuesStay(ParticipantWorld, TestCase):
    """A record that already names an organisation outside the set (an agreement since ended) keeps it when edited,
    on the page and in the API; a new one outside is still refused."""

    def test_a_visit_keeps_its_visited_organisation(self):
        w = self.world
        visit = make_visit(w.a, self.places, visited_organisation=self.stranger_unit)
        self.login(w.a_reporter)
        data = CASES[2].form_data(self, self.stranger_unit)
        data["version"] = visit.version
        response = self.client.post(reverse(HolidayVisit.url_name("edit"), args=[visit.pk]), data)
        self.assertEqual(response.status_code, 302)
        visit.refresh_from_db()
        self.api.force_authenticate(w.a_reporter)
        url = f"/api/movements/visits/{visit.pk}/"
        kept = self.api.patch(
            url, {"version": visit.version, "visited_organisation": self.stranger_unit.pk}, format="json"
        )
        self.assertEqual(kept.status_code, 200, kept.content)
        other = Organisation.objects.create(name="Đảng ủy xã Quốc Toản", code="T-S2", kind=w.kind, parent=self.stranger)
        refused = self.api.patch(
            url, {"version": kept.json()["version"], "visited_organisation": other.pk}, format="json"
        )
        self.assertEqual(refused.status_code, 400)
        self.assertEqual(refused.json()["visited_organisation"], [refused_vi()])

    def test_an_event_keeps_its_co_organisers(self):
        w = self.world
        event = make_event(w.a, self.places, co_organisers=[self.stranger_unit])
        self.api.force_authenticate(w.a_reporter)
        url = f"/api/movements/events/{event.pk}/"
        both = [self.stranger_unit.pk, self.guard_post.pk]
        response = self.api.patch(url, {"version": event.version, "co_organisers": both}, format="json")
        self.assertEqual(response.status_code, 200, response.content)
        self.assertEqual(set(response.json()["co_organisers"]), set(both))
        # another event may not name S1
        data = CASES[3].api_data(self, self.stranger_unit)
        self.assertEqual(self.api.post("/api/movements/events/", data, format="json").status_code, 400)


class TestFieldsThatMayNameAnyOrganisation(ParticipantWorld, TestCase):
    """An agreement is signed between independent organisations and a sharing rule is how records cross the tree:
    their parties and viewer may be any organisation, on the page, in the picker and in the API alike."""

    def test_agreement_parties(self):
        w = self.world
        self.login(w.a_reporter)
        data = {
            "number": "07-QC",
            "title": "Quy chế phối hợp với xã bạn",
            "owner": w.a.pk,
            "parties": [w.a.pk, self.stranger_unit.pk],
            "status": AgreementStatus.DRAFT,
        }
        self.assertEqual(self.client.post(reverse(Agreement.url_name("add")), data).status_code, 302)
        self.assertEqual(set(Agreement.objects.get(number="07-QC").parties.all()), {w.a, self.stranger_unit})
        self.api.force_authenticate(w.a_reporter)
        response = self.api.post("/api/orgs/agreements/", {**data, "number": "08-QC"}, format="json")
        self.assertEqual(response.status_code, 201, response.content)
        picked = self.client.get("/pick/organisation/", {"field": field_param(AgreementForm, "parties")}).json()
        self.assertIn(str(self.stranger_unit.pk), {row["id"] for row in picked["results"]})
        # one party is not an agreement, on both sides
        page = self.client.post(reverse(Agreement.url_name("add")), {**data, "number": "09-QC", "parties": [w.a.pk]})
        self.assertIn("parties", page.context["form"].errors)
        api = self.api.post("/api/orgs/agreements/", {**data, "number": "09-QC", "parties": [w.a.pk]}, format="json")
        self.assertIn("parties", api.json())

    def test_sharing_rule_viewer(self):
        w = self.world
        data = {"owner": w.a.pk, "viewer": self.stranger_unit.pk, "mode": "totals", "include_subtree": "on"}
        self.login(w.a_admin)
        self.assertEqual(self.client.post(reverse(SharingRule.url_name("add")), data).status_code, 302)
        self.api.force_authenticate(w.a_admin)
        response = self.api.post(
            "/api/orgs/sharing-rules/", {**data, "owner": w.a1.pk, "include_subtree": True}, format="json"
        )
        self.assertEqual(response.status_code, 201, response.content)
        picked = self.client.get("/pick/organisation/", {"field": field_param(SharingRuleForm, "viewer")}).json()
        self.assertIn(str(self.stranger_unit.pk), {row["id"] for row in picked["results"]})

    def test_clause_responsible_are_parties_of_the_agreement_on_both_sides(self):
        w = self.world
        agreement = Agreement.objects.create(owner=w.a, number="10-QC", title="Quy chế")
        agreement.parties.set([w.a, self.stranger_unit])
        data = {"agreement": agreement.pk, "number": 1, "title": "Điều 1", "review_frequency": "yearly"}
        self.login(w.a_reporter)
        url = reverse(Clause.url_name("add"))
        accepted = self.client.post(url, {**data, "responsible": [self.stranger_unit.pk]})
        self.assertEqual(accepted.status_code, 302)
        refused = self.client.post(url, {**data, "number": 2, "responsible": [w.b.pk]})
        self.assertIn("responsible", refused.context["form"].errors)
        self.api.force_authenticate(w.a_reporter)
        api = self.api.post(
            "/api/orgs/clauses/", {**data, "number": 3, "responsible": [self.stranger_unit.pk]}, format="json"
        )
        self.assertEqual(api.status_code, 201, api.content)
        api = self.api.post("/api/orgs/clauses/", {**data, "number": 4, "responsible": [w.b.pk]}, format="json")
        self.assertEqual(api.status_code, 400)
        self.assertEqual(api.json()["responsible"], refused.context["form"].errors["responsible"])


class TestOrganisationStructure(ParticipantWorld, TestCase):
    """The tree is maintained by organisation admins within their subtree: a parent among the organisations they
    administer, a successor among those they see — the same on the page and in the API."""

    def test_parent_and_successor(self):
        w = self.world
        self.login(w.a_admin)
        self.api.force_authenticate(w.a_admin)
        url = reverse(Organisation.url_name("add"))
        base = {"name": "Chi bộ mới", "kind": w.kind.pk}
        self.assertEqual(self.client.post(url, {**base, "code": "N-1", "parent": w.a1.pk}).status_code, 302)
        api = self.api.post("/api/orgs/organisations/", {**base, "code": "N-2", "parent": w.a1.pk}, format="json")
        self.assertEqual(api.status_code, 201, api.content)
        for field, outside in (("parent", w.b), ("parent", self.guard_post), ("successor", self.stranger_unit)):
            with self.subTest(field=field, outside=outside.code):
                data = {**base, "code": f"N-{next(counter)}", "parent": w.a1.pk, field: outside.pk}
                page = self.client.post(url, data)
                self.assertEqual(page.status_code, 400)
                self.assertIn(field, page.context["form"].errors)
                api = self.api.post("/api/orgs/organisations/", data, format="json")
                self.assertEqual(api.status_code, 400)
                self.assertIn(field, api.json())
