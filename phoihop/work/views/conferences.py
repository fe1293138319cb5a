"""Review conferences of an agreement, their conclusions, and "Make a task" from a conclusion."""

from django.contrib import messages
from django.core.exceptions import ValidationError
from django.db.models import Max, Prefetch
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from phoihop.core.access import can
from phoihop.core.choices import Action
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import (
    GatedObjectMixin,
    ObjectDetailView,
    add_validation_error,
    model_context,
    object_actions,
    url_or_none,
)
from phoihop.work.filtersets.conferences import ConclusionFilterSet, ReviewConferenceFilterSet
from phoihop.work.forms.conferences import ConclusionForm, MakeTaskForm, ReviewConferenceForm
from phoihop.work.models import Conclusion, ReviewConference, Task
from phoihop.work.services import task_from_conclusion
from phoihop.work.tables.conferences import ConclusionTable, ReviewConferenceTable


def visible_tasks(user):
    """The tasks ``user`` may see, for the links under each conclusion."""
    return Task.objects.restrict(user).only(
        "pk", "title", "classification", "status", "deadline_in_force", "conclusion_id"
    )


class ReviewConferenceDetailView(ObjectDetailView):
    template_name = "work/conference_detail.html"

    def get_extra_context(self, obj):
        user = self.request.user
        conclusions = list(
            Conclusion.objects.restrict(user)
            .filter(conference=obj)
            .prefetch_related(Prefetch("tasks", queryset=visible_tasks(user)))
        )
        return {
            "agreement": obj.agreement,
            "party_list": list(obj.agreement.parties.all()),
            "conclusions": conclusions,
            "next_number": max((c.number for c in conclusions), default=0) + 1,
        }


class ConclusionDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        context = {"task_list": visible_tasks(user).filter(conclusion=obj), "conference": obj.conference}
        if can(user, obj, Action.CHANGE):
            context["make_task_form"] = MakeTaskForm(conclusion=obj)
            numbers = Conclusion.objects.filter(conference=obj.conference_id).aggregate(n=Max("number"))
            context["next_number"] = (numbers["n"] or 0) + 1
        return context


class ConclusionMakeTaskView(GatedObjectMixin, View):
    """One step from a conference conclusion to a task: lead unit, coordinating units, deadline."""

    queryset = Conclusion.objects.select_related("conference__agreement__owner")
    template_name = "work/conclusion_make_task.html"

    def render_form(self, conclusion, form, status=200):
        context = {
            **model_context(Conclusion),
            **object_actions(self.request.user, conclusion),
            "object": conclusion,
            "form": form,
        }
        return render(self.request, self.template_name, context, status=status)

    def get(self, request, pk):
        conclusion = self.get_object(Action.CHANGE)
        return self.render_form(conclusion, MakeTaskForm(conclusion=conclusion))

    def post(self, request, pk):
        conclusion = self.get_object(Action.CHANGE)
        form = MakeTaskForm(request.POST, conclusion=conclusion)
        if form.is_valid():
            data = form.cleaned_data
            try:
                task = task_from_conclusion(
                    acting_user=request.user,
                    conclusion=conclusion,
                    lead=data["lead"],
                    deadline=data["deadline"],
                    coordinating=[(org, "") for org in data["coordinating"]],
                )
            except ValidationError as error:
                add_validation_error(form, error)
            else:
                messages.success(request, _("Task created from the conclusion: %(task)s") % {"task": task})
                # The task page may be reached only later in a deployment's life; reverse at request time.
                target = url_or_none(Task, "detail", pk=task.pk) or conclusion.conference.get_absolute_url()
                return redirect(target)
        return self.render_form(conclusion, form, status=400)


conference_views = RecordViews(
    ReviewConference.objects.select_related("agreement", "agreement__owner"),
    filterset=ReviewConferenceFilterSet,
    table=ReviewConferenceTable,
    form=ReviewConferenceForm,
    detail_view=ReviewConferenceDetailView,
)
conclusion_views = RecordViews(
    Conclusion.objects.select_related("conference", "conference__agreement"),
    filterset=ConclusionFilterSet,
    table=ConclusionTable,
    form=ConclusionForm,
    detail_view=ConclusionDetailView,
)

urlpatterns = [
    *conference_views.urls("conferences"),
    *conclusion_views.urls("conclusions"),
    path("conclusions/<int:pk>/make-task/", ConclusionMakeTaskView.as_view(), name="conclusion_make_task"),
]
