"""Pages of the people of cadre work: the ethnic groups (a managed list: everyone reads, superusers edit), people,
the positions they held, their training courses, their secondments to local committees and the households they are
in charge of.

Everything that names a person is personal data (``access_personal_data``): the gate lets only memberships holding
the personal-data permission over the owning organisation's subtree reach it, so for everyone else the pages answer
404 and the lists are empty; the generic views log every reading and ask for its purpose once per session. A
person's page lists what their record holds, each read through the gate (``selectors.person_records``), with
buttons that open the add forms prefilled with the person.
"""

from django.db.models import OuterRef, Subquery
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.cadres import selectors, services
from phoihop.cadres.filtersets import people as people_filtersets
from phoihop.cadres.filtersets import secondments as secondment_filtersets
from phoihop.cadres.forms import people as people_forms
from phoihop.cadres.forms import secondments as secondment_forms
from phoihop.cadres.models import (
    EthnicGroup,
    HouseholdAssignment,
    Person,
    PositionHolding,
    Secondment,
    TrainingCourse,
)
from phoihop.cadres.resources import people as people_resources
from phoihop.cadres.resources import secondments as secondment_resources
from phoihop.cadres.tables import people as people_tables
from phoihop.cadres.tables import secondments as secondment_tables
from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView, display_fields

RELATED = (PositionHolding, TrainingCourse, Secondment, HouseholdAssignment)


def people_queryset():
    """People with what their list and page read: the current position's title in the same query."""
    current = PositionHolding.objects.filter(person=OuterRef("pk"), to_date__isnull=True).order_by("-from_date", "-pk")
    return Person.objects.select_related(
        "organisation", "ethnic_group", "home_commune__parent__parent", "home_village"
    ).annotate(current_title=Subquery(current.values("title")[:1]))


def add_url(model, person):
    return f"{reverse(model.url_name('add'))}?person={person.pk}"


class PersonDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        context = selectors.person_records(user, obj)
        for model, records in (
            (PositionHolding, context["positions"]),
            (TrainingCourse, context["courses"]),
            (Secondment, context["secondments"]),
            (HouseholdAssignment, context["household_assignments"]),
        ):
            self.personal_data_shown(model, records)  # what the page lists of the person's record
        fields = display_fields(obj, self.request.user)
        fields += [
            (_("Age"), obj.age()),
            (_("From the province"), obj.is_local_province),
            (_("From a commune of the organisation"), obj.is_local_commune),
        ]
        context["fields"] = fields
        may_change = can(user, obj, Action.CHANGE)
        context["may_change"] = may_change
        context["add_urls"] = {model._meta.model_name: add_url(model, obj) for model in RELATED} if may_change else {}
        return context


ethnic_group_views = RecordViews(
    EthnicGroup.objects.all(),
    filterset=people_filtersets.EthnicGroupFilterSet,
    table=people_tables.EthnicGroupTable,
    form=people_forms.EthnicGroupForm,
)
person_views = RecordViews(
    people_queryset(),
    filterset=people_filtersets.PersonFilterSet,
    table=people_tables.PersonTable,
    form=people_forms.PersonForm,
    resource=people_resources.PersonResource,
    detail_view=PersonDetailView,
)
position_views = RecordViews(
    PositionHolding.objects.select_related("person", "organisation"),
    filterset=people_filtersets.PositionHoldingFilterSet,
    table=people_tables.PositionHoldingTable,
    form=people_forms.PositionHoldingForm,
    resource=people_resources.PositionHoldingResource,
    service=services.position_holding_save,
)
course_views = RecordViews(
    TrainingCourse.objects.select_related("person"),
    filterset=people_filtersets.TrainingCourseFilterSet,
    table=people_tables.TrainingCourseTable,
    form=people_forms.TrainingCourseForm,
    resource=people_resources.TrainingCourseResource,
)
secondment_views = RecordViews(
    Secondment.objects.select_related("person", "sending_unit", "receiving_committee"),
    filterset=secondment_filtersets.SecondmentFilterSet,
    table=secondment_tables.SecondmentTable,
    form=secondment_forms.SecondmentForm,
    resource=secondment_resources.SecondmentResource,
)
household_assignment_views = RecordViews(
    HouseholdAssignment.objects.select_related("person", "village__parent"),
    filterset=secondment_filtersets.HouseholdAssignmentFilterSet,
    table=secondment_tables.HouseholdAssignmentTable,
    form=secondment_forms.HouseholdAssignmentForm,
    resource=secondment_resources.HouseholdAssignmentResource,
)

urlpatterns = [
    *ethnic_group_views.urls("ethnic-groups"),
    *person_views.urls("people"),
    *position_views.urls("positions"),
    *course_views.urls("training-courses"),
    *secondment_views.urls("secondments"),
    *household_assignment_views.urls("household-assignments"),
]
