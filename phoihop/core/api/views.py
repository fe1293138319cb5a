from rest_framework import viewsets
from rest_framework.exceptions import NotFound, PermissionDenied
from rest_framework.generics import get_object_or_404

from phoihop.audit.choices import AccessAction
from phoihop.audit.personal_data import api_purpose, holds_personal_data, log_api
from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.numbers import INTEGER_MAX
from phoihop.core.services import record_delete

METHOD_ACTIONS = {"PUT": Action.CHANGE, "PATCH": Action.CHANGE, "DELETE": Action.DELETE}


class GatedMixin:
    """The access gate for a viewset: only what ``restrict(user, "view")`` lets through is listed or found.

    Reading people's personal data (a model with ``access_personal_data``: list and retrieve) is logged
    (``audit.PersonalDataAccess``) with the purpose the call states in its ``X-Processing-Purpose`` header."""

    def initial(self, request, *args, **kwargs):
        super().initial(request, *args, **kwargs)
        # An id that is not a positive 64-bit integer names no record: 404 before it reaches the database.
        pk = self.kwargs.get(self.lookup_url_kwarg or self.lookup_field)
        if pk is not None and not (str(pk).isascii() and str(pk).isdigit() and 0 < int(pk) <= INTEGER_MAX):
            raise NotFound()
        if self.reads_personal_data():
            api_purpose(request)  # an unknown purpose answers 400 before anything is read

    def reads_personal_data(self) -> bool:
        model = getattr(getattr(self, "queryset", None), "model", None)
        return self.request.method in ("GET", "HEAD") and holds_personal_data(model)

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, Action.VIEW)

    def get_object(self):
        queryset = self.filter_queryset(self.get_queryset())
        obj = get_object_or_404(queryset, pk=self.kwargs["pk"])
        action = METHOD_ACTIONS.get(self.request.method)
        if action and not can(self.request.user, obj, action):
            raise PermissionDenied()
        if getattr(self, "action", None) == "retrieve" and self.reads_personal_data():
            log_api(self.request, type(obj), AccessAction.API_DETAIL, [obj])
        return obj

    def paginate_queryset(self, queryset):
        page = super().paginate_queryset(queryset)
        if getattr(self, "action", None) == "list" and self.reads_personal_data():
            log_api(self.request, queryset.model, AccessAction.API_LIST, page if page is not None else list(queryset))
        return page


class RecordViewSet(GatedMixin, viewsets.ModelViewSet):
    """API endpoint of a record type: the same access gate and FilterSet as its pages.

    Outside the caller's scope → 404; visible but not editable by the caller → 403.
    """

    http_method_names = ["get", "post", "put", "patch", "delete", "head", "options"]

    def create(self, request, *args, **kwargs):
        from phoihop.core.views.generic import may_add

        if not may_add(request.user, self.queryset.model):
            raise PermissionDenied()
        return super().create(request, *args, **kwargs)

    def perform_destroy(self, instance):
        record_delete(acting_user=self.request.user, instance=instance)


class ReadOnlyRecordViewSet(GatedMixin, viewsets.ReadOnlyModelViewSet):
    """A list/detail endpoint for records whose writes are workflow actions elsewhere (a task's progress
    reports and extension requests): the same gate, FilterSet and 404 for what the caller may not see."""
