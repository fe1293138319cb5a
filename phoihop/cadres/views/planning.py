"""Pages of cadre planning: the plans (not personal data: the committee's users read them) and the people in them
(personal data: only memberships holding the permission over the plan's committee reach them).

A plan's page shows its decision and targets, the structure of the people still in it against the targets (counts:
the gate's ``count`` rule, so a viewer without the permission sees the figures, never a name), the people it lists
through the gate (a name links to the person only where the user may read the person), the removals the system
proposes (over age, disciplined), each with a button that removes with the proposed reason through
``services.planned_cadre_remove``, a form to remove by a decision, and a link that opens the add form prefilled with
the plan.
"""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from phoihop.cadres import selectors, services
from phoihop.cadres.filtersets import planning as filtersets
from phoihop.cadres.forms import planning as forms
from phoihop.cadres.models import CadrePlan, Person, PlannedCadre
from phoihop.cadres.resources import planning as resources
from phoihop.cadres.tables import planning as tables
from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.services import StaleVersionError
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView, add_validation_error
from phoihop.programs.forms.records import may_edit_personal_data


def removal_errors(form) -> dict:
    """The removal form's errors as (field label, message), for the plan's page (its fields are hidden inputs)."""
    errors = [
        (form.fields[name].label if name in form.fields else "", message)
        for name, messages_ in form.errors.items()
        for message in messages_
    ]
    return {"removal_form": form, "removal_errors": errors}


class CadrePlanDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        members = selectors.plan_members(user, obj)
        self.personal_data_shown(PlannedCadre, members)  # the people the page names
        person_ids = {member.person_id for member in members}
        readable = set(
            Person.objects.restrict(user, Action.VIEW).filter(pk__in=person_ids).values_list("pk", flat=True)
        )
        for member in members:
            member.person_url = member.person.get_absolute_url() if member.person_id in readable else None
        proposals = selectors.proposed_removals(user, obj)
        changeable = (
            set(
                PlannedCadre.objects.restrict(user, Action.CHANGE)
                .filter(plan=obj, removed_on__isnull=True)
                .values_list("pk", flat=True)
            )
            if members
            else set()
        )
        for proposal in proposals:
            proposal["may_remove"] = proposal["planned"].pk in changeable
        may_plan = may_edit_personal_data(user, obj.organisation)
        return {
            "structure": selectors.plan_structure(user, obj),
            "members": members,
            "in_force": [member for member in members if member.removed_on is None],
            "proposals": proposals,
            "removable": [member for member in members if member.pk in changeable],
            "today": timezone.localdate(),
            "add_planned_url": f"{reverse('cadres:plannedcadre_add')}?plan={obj.pk}" if may_plan else None,
            "planned_list_url": f"{reverse('cadres:plannedcadre_list')}?plan={obj.pk}",
        }

    def post(self, request, pk):
        """Take a person out of the plan (a proposal's button, or the form "remove by a decision")."""
        plan = self.get_object()
        form = forms.RemovalForm(request.POST)
        if not form.is_valid():
            return self.render_detail(plan, status=400, **removal_errors(form))
        planned = get_object_or_404(
            PlannedCadre.objects.restrict(request.user, Action.VIEW).filter(plan=plan).select_related("person"),
            pk=form.cleaned_data["planned"],
        )
        if not can(request.user, planned, Action.CHANGE):
            raise PermissionDenied(_("You may see this record but not change it."))
        data = form.cleaned_data
        try:
            services.planned_cadre_remove(
                acting_user=request.user,
                planned=planned,
                removed_on=data["removed_on"],
                reason=data["removal_reason"],
                removal_decision=data["removal_decision"],
                expected_version=data["version"],
            )
        except StaleVersionError:
            form.add_error(
                None, _("This record has been changed by someone else. Review the plan and remove the person again.")
            )
            return self.render_detail(plan, status=409, **removal_errors(form))
        except ValidationError as error:
            add_validation_error(form, error)
            return self.render_detail(plan, status=400, **removal_errors(form))
        messages.success(request, _("Removed from the plan: %(person)s") % {"person": planned.person})
        return redirect(plan.get_absolute_url())


plan_views = RecordViews(
    CadrePlan.objects.select_related("organisation"),
    filterset=filtersets.CadrePlanFilterSet,
    table=tables.CadrePlanTable,
    form=forms.CadrePlanForm,
    resource=resources.CadrePlanResource,
    detail_view=CadrePlanDetailView,
)
planned_cadre_views = RecordViews(
    PlannedCadre.objects.select_related("plan", "person"),
    filterset=filtersets.PlannedCadreFilterSet,
    table=tables.PlannedCadreTable,
    form=forms.PlannedCadreForm,
    resource=resources.PlannedCadreResource,
    service=services.planned_cadre_save,
)

urlpatterns = [
    *plan_views.urls("plans"),
    *planned_cadre_views.urls("planned-cadres"),
]
