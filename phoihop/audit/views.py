from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views import View
from django_tables2 import RequestConfig

from phoihop.audit.filtersets import ChangeRecordFilterSet
from phoihop.audit.selectors import deleted_records, record_types, visible_changes
from phoihop.audit.tables import ChangeRecordTable
from phoihop.core.services import record_restore


class ActivityView(LoginRequiredMixin, View):
    """Every change the user may see, filtered by user, organisation, record type and date."""

    def get(self, request):
        filterset = ChangeRecordFilterSet(request.GET or None, queryset=visible_changes(request.user), request=request)
        queryset = filterset.qs if (not filterset.is_bound or filterset.is_valid()) else filterset.queryset.none()
        table = ChangeRecordTable(queryset, order_by="-timestamp")
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
