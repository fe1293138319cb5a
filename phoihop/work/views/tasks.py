"""Task pages: the generic list/detail/edit pages plus the workflow actions (report, submit, accept …)."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from phoihop.core.choices import Action, Role
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import GatedObjectMixin, ObjectDetailView, ObjectEditView, add_validation_error
from phoihop.work import services
from phoihop.work.choices import ReminderKind
from phoihop.work.filtersets.tasks import TaskFilterSet
from phoihop.work.forms.tasks import ExtensionForm, ProgressForm, ReasonForm, TaskForm
from phoihop.work.models import ExtensionRequest, Task
from phoihop.work.tables.tasks import TaskTable


def reporting_units(user, task):
    """The task's units for which ``user`` may report (their organisation's reporters)."""
    return [unit for unit in task.units.all() if services.holds_role(user, unit.organisation, Role.REPORTER)]


class TaskDetailView(ObjectDetailView):
    def get_extra_context(self, task):
        user = self.request.user
        units = list(task.units.select_related("organisation").prefetch_related("reports"))
        mine = [u for u in units if services.holds_role(user, u.organisation, Role.REPORTER)]
        lead = next((u for u in units if u.role == "lead"), None)
        approver = services.holds_role(user, task.assigned_by_org, Role.APPROVER)
        assigner = services.holds_role(user, task.assigned_by_org, Role.REPORTER)
        from phoihop.border.models import Inspection

        return {
            # the inspections whose finding opened this task, those the user may open
            "source_inspections": Inspection.objects.restrict(user, Action.VIEW)
            .filter(follow_up_task=task)
            .select_related("marker")
            .order_by("-inspected_on", "-pk")[:10],
            "may_urge": assigner and task.is_open and any(u.progress < 100 for u in units),
            "urges": task.reminders.filter(kind=ReminderKind.URGED).select_related("sent_by").order_by("-deadline")[:5],
            "units": units,
            "extensions": task.extensions.select_related("requested_by__organisation", "decided_by"),
            "may_report": bool(mine) and task.is_open,
            "may_submit": bool(lead and lead in mine) and task.status in ("new", "in_progress", "returned"),
            "may_decide": approver,
            "progress_form": ProgressForm(units=mine, task=task),
            "extension_form": ExtensionForm(units=mine, task=task),
            "reason_form": ReasonForm(task=task),
        }


class ConfirmAccept(Exception):
    """Accepting a task whose units have not all reported 100 %: the page asks first, naming them."""

    def __init__(self, units):
        super().__init__("confirm")
        self.units = units


class BoundFormInvalid(Exception):
    """A workflow form with errors: the task page is shown again with the form as typed, errors at the fields."""

    def __init__(self, name, form):
        super().__init__(name)
        self.name, self.form = name, form


class TaskEditView(ObjectEditView):
    def perform_save(self, form, obj):
        if obj.pk:
            return super().perform_save(form, obj)
        data = form.cleaned_data
        return services.task_create(
            acting_user=self.request.user,
            task=obj,
            lead=data["lead"],
            lead_part=data.get("lead_part", ""),
            coordinating=[(org, "") for org in data.get("coordinating") or []],
            save_related=form.save_m2m,
        )


class TaskActionView(GatedObjectMixin, View):
    """POST /work/tasks/<pk>/<action>/: one workflow step through its service; errors come back as messages."""

    queryset = Task.objects.all()

    def post(self, request, pk, action):
        task = self.get_object(Action.VIEW)
        handler = getattr(self, f"do_{action}", None)
        if handler is None:
            raise PermissionDenied
        try:
            message = handler(request, task)
        except BoundFormInvalid as invalid:
            view = TaskDetailView(queryset=self.queryset)
            view.setup(request, pk=pk)
            return view.render_detail(task, status=400, **{invalid.name: invalid.form})
        except ConfirmAccept as confirm:
            view = TaskDetailView(queryset=self.queryset)
            view.setup(request, pk=pk)
            return view.render_detail(task, accept_warning=confirm.units)
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        except PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        else:
            messages.success(request, message)
        return redirect(task.get_absolute_url())

    def do_report(self, request, task):
        form = ProgressForm(request.POST, units=reporting_units(request.user, task), task=task)
        if not form.is_valid():
            raise BoundFormInvalid("progress_form", form)
        try:
            services.progress_report(
                acting_user=request.user,
                unit=form.cleaned_data["unit"],
                text=form.cleaned_data["text"],
                progress=form.cleaned_data["progress"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
            raise BoundFormInvalid("progress_form", form) from None
        return _("Progress reported.")

    def do_submit(self, request, task):
        services.task_submit(acting_user=request.user, task=task)
        return _("Submitted for acceptance.")

    def do_accept(self, request, task):
        unfinished = [unit for unit in task.units.select_related("organisation") if unit.progress < 100]
        if unfinished and request.POST.get("confirmed") != "1":
            raise ConfirmAccept(unfinished)
        services.task_accept(acting_user=request.user, task=task)
        return _("The task is accepted as done.")

    def do_return(self, request, task):
        services.task_return(acting_user=request.user, task=task, reason=request.POST.get("reason", ""))
        return _("The task was returned to the units.")

    def do_cancel(self, request, task):
        services.task_cancel(acting_user=request.user, task=task, reason=request.POST.get("reason", ""))
        return _("The task was cancelled.")

    def do_urge(self, request, task):
        services.task_urge(acting_user=request.user, task=task)
        return _("The units that have not finished were urged.")

    def do_extend(self, request, task):
        form = ExtensionForm(request.POST, units=reporting_units(request.user, task), task=task)
        if not form.is_valid():
            raise BoundFormInvalid("extension_form", form)
        try:
            services.extension_request(
                acting_user=request.user,
                task=task,
                unit=form.cleaned_data["unit"],
                requested_deadline=form.cleaned_data["requested_deadline"],
                reason=form.cleaned_data["reason"],
            )
        except ValidationError as error:
            add_validation_error(form, error)
            raise BoundFormInvalid("extension_form", form) from None
        return _("The extension request was sent to the assigning organisation.")


class ExtensionDecideView(GatedObjectMixin, View):
    queryset = ExtensionRequest.objects.select_related("task")

    def post(self, request, pk):
        extension = self.get_object(Action.VIEW)
        approve = request.POST.get("decision") == "approve"
        try:
            services.extension_decide(
                acting_user=request.user, request=extension, approve=approve, note=request.POST.get("note", "")
            )
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        else:
            messages.success(request, _("Extension approved.") if approve else _("Extension refused."))
        return redirect(extension.task.get_absolute_url())


task_views = RecordViews(
    Task.objects.select_related("assigned_by_org").prefetch_related("units__organisation"),
    filterset=TaskFilterSet,
    table=TaskTable,
    form=TaskForm,
    detail_view=TaskDetailView,
    edit_view=TaskEditView,
)


urlpatterns = [
    *task_views.urls("tasks"),
    path("tasks/<int:pk>/<slug:action>/", TaskActionView.as_view(), name="task_action"),
    path("extensions/<int:pk>/decide/", ExtensionDecideView.as_view(), name="extensionrequest_decide"),
]
