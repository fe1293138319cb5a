from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from phoihop.audit import personal_data
from phoihop.audit.filtersets import ChangeRecordFilterSet, PersonalDataAccessFilterSet
from phoihop.audit.forms import PurposeForm
from phoihop.audit.models import PersonalDataAccess
from phoihop.audit.resources import PersonalDataAccessResource
from phoihop.audit.selectors import deleted_records, record_types, visible_changes
from phoihop.audit.tables import ChangeRecordTable, PersonalDataAccessTable
from phoihop.core.access import has_role
from phoihop.core.choices import Role
from phoihop.core.services import record_restore
from phoihop.core.views.generic import ObjectListView


class ActivityView(LoginRequiredMixin, View):
    """Every change the user may see, filtered by user, organisation, record type and date."""

    def get(self, request):
        filterset = ChangeRecordFilterSet(request.GET or None, queryset=visible_changes(request.user), request=request)
        queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else filterset.queryset.none()
        table = ChangeRecordTable(queryset, order_by="-timestamp", reader=request.user)
        RequestConfig(request, paginate={"per_page": 50}).configure(table)
        return render(request, "audit/activity.html", {"table": table, "filter_form": filterset.form})


class RecycleBinView(LoginRequiredMixin, View):
    """Deleted records an organisation admin (or the record's editors) may restore."""

    def get(self, request):
        groups = [
            (model._meta.verbose_name_plural, model._meta.label, list(qs[:200]))
            for model, qs in deleted_records(request.user)
        ]
        groups = [g for g in groups if g[2]]
        return render(request, "audit/recycle_bin.html", {"groups": groups})

    def post(self, request):
        label, pk = request.POST.get("model"), request.POST.get("pk")
        models = {m._meta.label: m for m in record_types()}
        model = models.get(label)
        if model is None or not str(pk).isdigit():
            raise Http404
        obj = model.all_objects.filter(deleted_at__isnull=False, pk=pk).restrict(request.user, "delete").first()
        if obj is None:
            raise Http404
        try:
            record_restore(acting_user=request.user, instance=obj)
        except ValidationError as error:
            for message in error.messages:
                messages.error(request, message)
        except PermissionDenied:
            raise Http404 from None
        else:
            messages.success(request, _("Restored: %(record)s") % {"record": obj})
        return redirect("audit:recycle_bin")


class PurposeView(LoginRequiredMixin, View):
    """The purpose of processing personal data in this session: asked before the first page that shows people's
    personal data, then back to that page; changed from the user menu or the note on such a page."""

    template_name = "audit/purpose.html"

    def next_url(self, request):
        url = request.POST.get("next") or request.GET.get("next") or ""
        if url and url_has_allowed_host_and_scheme(
            url, allowed_hosts={request.get_host()}, require_https=request.is_secure()
        ):
            return url
        return reverse("home")

    def get(self, request):
        stated = personal_data.session_purpose(request)
        initial = {"purpose": stated[0], "note": stated[1]} if stated else None
        return self.render(request, PurposeForm(initial=initial))

    def post(self, request):
        form = PurposeForm(request.POST)
        if not form.is_valid():
            return self.render(request, form, status=400)
        personal_data.purpose_state(request, form.cleaned_data["purpose"], form.cleaned_data["note"])
        return redirect(self.next_url(request))

    def render(self, request, form, status=200):
        context = {"form": form, "next": self.next_url(request), "stated": personal_data.session_purpose(request)}
        return render(request, self.template_name, context, status=status)


class PersonalDataAccessListView(ObjectListView):
    """The personal-data access log: an organisation's admins read its subtree's rows, superusers every row (both up
    to their clearance); anyone else gets 404, as for a record outside their scope."""

    def get(self, request):
        if not (request.user.is_superuser or has_role(request.user, Role.ADMIN)):
            raise Http404
        return super().get(request)


personal_data_access_list = PersonalDataAccessListView.as_view(
    queryset=PersonalDataAccess.objects.select_related("user", "organisation", "content_type"),
    filterset=PersonalDataAccessFilterSet,
    table=PersonalDataAccessTable,
    resource=PersonalDataAccessResource,
)
