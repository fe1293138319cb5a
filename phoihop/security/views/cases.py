"""Pages of operations, cases and the records of a case.

A case's page gathers what it holds — its groups of subjects, its seized items, its chain of custody and, for
users holding the personal-data permission only, its subjects' identities — each read through the gate
(``restrict(user)``), with links to add more where the user may change the case.
"""

from django.urls import reverse

from phoihop.core.access import can, may_see_personal_data
from phoihop.core.choices import Action
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView
from phoihop.programs.forms.records import may_edit_personal_data
from phoihop.programs.views.records import PersonalDataEditView
from phoihop.security import services
from phoihop.security.choices import CUSTODY_RANK
from phoihop.security.filtersets import cases as filtersets
from phoihop.security.forms import cases as forms
from phoihop.security.models import (
    Case,
    CaseSubjectGroup,
    CaseSubjectIdentity,
    CustodyStep,
    Operation,
    SeizedItem,
)
from phoihop.security.resources.cases import CaseResource, OperationResource
from phoihop.security.tables import cases as tables


def add_url(model, case):
    return f"{reverse(model.url_name('add'))}?case={case.pk}"


class OperationDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        cases = Case.objects.restrict(self.request.user).filter(operation=obj).select_related("category", "commune")
        return {"cases": cases[:50]}


class CaseDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        may_change = can(user, obj, Action.CHANGE)
        steps = CustodyStep.objects.restrict(user).filter(case=obj).select_related("seized_item__item_type")
        context = {
            "subject_groups": CaseSubjectGroup.objects.restrict(user).filter(case=obj),
            "seized_items": SeizedItem.objects.restrict(user).filter(case=obj).select_related("item_type"),
            "custody_steps": sorted(steps, key=lambda s: (s.date, CUSTODY_RANK[s.kind], s.pk)),
            "personal_data_visible": may_see_personal_data(user, obj.unit),
            "identities": list(CaseSubjectIdentity.objects.restrict(user).filter(case=obj)),
            "may_change": may_change,
            "add_group_url": add_url(CaseSubjectGroup, obj) if may_change else None,
            "add_item_url": add_url(SeizedItem, obj) if may_change else None,
            "add_step_url": add_url(CustodyStep, obj) if may_change else None,
            "add_identity_url": None,
        }
        if may_change and may_edit_personal_data(user, obj.unit) and not obj.is_register_entry:
            context["add_identity_url"] = add_url(CaseSubjectIdentity, obj)
        if context["personal_data_visible"] and not obj.is_register_entry:
            self.personal_data_shown(CaseSubjectIdentity, context["identities"])  # the names the page lists
        return context


operation_views = RecordViews(
    Operation.objects.select_related("lead_unit", "category", "holding_unit"),
    filterset=filtersets.OperationFilterSet,
    table=tables.OperationTable,
    form=forms.OperationForm,
    resource=OperationResource,
    detail_view=OperationDetailView,
)
case_views = RecordViews(
    Case.objects.select_related(
        "category", "operation", "unit", "commune", "village", "marker", "holding_unit"
    ).prefetch_related("involved_units"),
    filterset=filtersets.CaseFilterSet,
    table=tables.CaseTable,
    form=forms.CaseForm,
    resource=CaseResource,
    detail_view=CaseDetailView,
)
subject_group_views = RecordViews(
    CaseSubjectGroup.objects.select_related("case"),
    filterset=filtersets.CaseSubjectGroupFilterSet,
    table=tables.CaseSubjectGroupTable,
    form=forms.CaseSubjectGroupForm,
)
subject_identity_views = RecordViews(
    CaseSubjectIdentity.objects.select_related("case"),
    filterset=filtersets.CaseSubjectIdentityFilterSet,
    table=tables.CaseSubjectIdentityTable,
    form=forms.CaseSubjectIdentityForm,
    edit_view=PersonalDataEditView,
)
seized_item_views = RecordViews(
    SeizedItem.objects.select_related("case", "item_type"),
    filterset=filtersets.SeizedItemFilterSet,
    table=tables.SeizedItemTable,
    form=forms.SeizedItemForm,
)
custody_step_views = RecordViews(
    CustodyStep.objects.select_related("case", "seized_item__item_type"),
    filterset=filtersets.CustodyStepFilterSet,
    table=tables.CustodyStepTable,
    form=forms.CustodyStepForm,
    service=services.case_custody_record,
)

urlpatterns = [
    *operation_views.urls("operations"),
    *case_views.urls("cases"),
    *subject_group_views.urls("subject-groups"),
    *subject_identity_views.urls("subject-identities"),
    *seized_item_views.urls("seized-items"),
    *custody_step_views.urls("custody-steps"),
]
