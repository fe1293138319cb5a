from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.views import View

from phoihop.core.access import member_paths
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import ObjectDetailView
from phoihop.orgs import filtersets, forms, resources, tables
from phoihop.orgs.models import Area, Organisation, OrganisationKind, SharingRule


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
