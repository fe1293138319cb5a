from django import forms as django_forms
from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views import View

from phoihop.core.access import member_paths
from phoihop.core.choices import Action
from phoihop.core.forms import DateInput, style_widgets
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import GatedObjectMixin, ObjectDetailView
from phoihop.orgs import filtersets, forms, resources, selectors, services, tables
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, OrganisationKind, SharingRule


class OrganisationDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        return {
            "ancestors": obj.ancestors(),
            "children": Organisation.objects.restrict(user).filter(parent=obj).select_related("kind"),
            "member_list": obj.memberships.restrict(user).select_related("user"),
            "area_list": obj.areas.all(),
            "predecessor_list": obj.predecessors.restrict(user),
        }


class AreaDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        return {
            "children": obj.children.all()[:200],
            "successor_list": obj.successors.all(),
            "organisation_list": obj.organisations.restrict(self.request.user),
        }


class PeriodForm(django_forms.Form):
    date_from = django_forms.DateField(label=gettext_lazy("From"), required=False, widget=DateInput())
    date_to = django_forms.DateField(label=gettext_lazy("To"), required=False, widget=DateInput())


class AgreementDetailView(ObjectDetailView):
    """The agreement clause by clause: what implements each clause, and clauses with no activity."""

    def get_extra_context(self, obj):
        user = self.request.user
        period = PeriodForm(self.request.GET or None)
        date_from = date_to = None
        if period.is_valid():
            date_from, date_to = period.cleaned_data["date_from"], period.cleaned_data["date_to"]
        style_widgets(period)
        return {
            "party_list": obj.parties.all(),
            "clause_rows": selectors.clause_activity(user, obj, date_from, date_to),
            "period_form": period,
            "sharing_list": obj.sharing_rules.restrict(user).select_related("owner", "viewer", "content_type"),
            "previous_agreement": Agreement.objects.restrict(user).filter(pk=obj.previous_id).first(),
            "next_agreement": Agreement.objects.restrict(user).filter(previous=obj).first(),
        }


class AgreementRenewView(GatedObjectMixin, View):
    """Create the next agreement (a draft with the same parties and clauses) linked to this one."""

    queryset = Agreement.objects.all()

    def post(self, request, pk):
        agreement = self.get_object(Action.CHANGE)
        number = (request.POST.get("number") or "").strip()
        if not number:
            messages.error(request, _("Enter the number and symbol of the new agreement."))
            return redirect(agreement.get_absolute_url())
        try:
            renewal = services.agreement_renew(acting_user=request.user, agreement=agreement, number=number)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
            return redirect(agreement.get_absolute_url())
        messages.success(request, _("The renewal was created as a draft; review it and put it in force."))
        return redirect(renewal.get_absolute_url())


class OrganisationTreeView(LoginRequiredMixin, View):
    """The organisation tree within the user's scope; branches open lazily with htmx."""

    def get(self, request):
        visible = Organisation.objects.restrict(request.user).select_related("kind")
        parent_id = request.GET.get("parent")
        if parent_id:
            nodes = visible.filter(parent_id=parent_id) if parent_id.isdigit() else visible.none()
        elif request.user.is_superuser:
            nodes = visible.filter(parent__isnull=True)
        else:
            roots = member_paths(request.user)
            nodes = visible.filter(path__in=roots)
        nodes = list(nodes.order_by("name"))
        with_children = set(visible.filter(parent__in=nodes).values_list("parent_id", flat=True).distinct())
        context = {"nodes": nodes, "with_children": with_children}
        if request.htmx:
            return render(request, "orgs/_tree_nodes.html", context)
        return render(request, "orgs/organisation_tree.html", context)


area_views = RecordViews(
    Area.objects.select_related("parent"),
    filterset=filtersets.AreaFilterSet,
    table=tables.AreaTable,
    form=forms.AreaForm,
    resource=resources.AreaResource,
    detail_view=AreaDetailView,
)
kind_views = RecordViews(
    OrganisationKind.objects.all(),
    filterset=filtersets.OrganisationKindFilterSet,
    table=tables.OrganisationKindTable,
    form=forms.OrganisationKindForm,
)
organisation_views = RecordViews(
    Organisation.objects.select_related("kind", "parent"),
    filterset=filtersets.OrganisationFilterSet,
    table=tables.OrganisationTable,
    form=forms.OrganisationForm,
    resource=resources.OrganisationResource,
    detail_view=OrganisationDetailView,
)
sharing_views = RecordViews(
    SharingRule.objects.select_related("owner", "viewer", "content_type"),
    filterset=filtersets.SharingRuleFilterSet,
    table=tables.SharingRuleTable,
    form=forms.SharingRuleForm,
)

agreement_views = RecordViews(
    Agreement.objects.select_related("owner"),
    filterset=filtersets.AgreementFilterSet,
    table=tables.AgreementTable,
    form=forms.AgreementForm,
    detail_view=AgreementDetailView,
    service=services.agreement_save,
)
clause_views = RecordViews(
    Clause.objects.select_related("agreement"),
    filterset=filtersets.ClauseFilterSet,
    table=tables.ClauseTable,
    form=forms.ClauseForm,
)
