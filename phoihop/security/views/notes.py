"""Pages of situation notes: the list, the note (with "mark read" for the post's superiors and "open the
follow-up task" in one step) and its actions."""

from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import redirect
from django.urls import path
from django.utils.translation import gettext as _
from django.views import View

from phoihop.core.choices import Action, Role
from phoihop.core.urls_helpers import RecordViews
from phoihop.core.views.generic import GatedObjectMixin, ObjectDetailView
from phoihop.security import services
from phoihop.security.filtersets.notes import SituationNoteFilterSet
from phoihop.security.forms.notes import FollowUpForm, SituationNoteForm
from phoihop.security.models import SituationNote
from phoihop.security.tables.notes import SituationNoteTable
from phoihop.work.services import holds_role


class SituationNoteDetailView(ObjectDetailView):
    def get_extra_context(self, obj):
        user = self.request.user
        context = {
            "may_acknowledge": obj.acknowledged_at is None and services.is_superior_reader(user, obj),
            "follow_up_task": obj.follow_up_task if obj.follow_up_task_id else None,
            "follow_up_form": None,
        }
        if obj.follow_up_task_id:
            from phoihop.work.models import Task

            # the task through its own gate: its link only for those who may open it
            context["follow_up_task"] = Task.objects.restrict(user).filter(pk=obj.follow_up_task_id).first()
        elif holds_role(user, obj.post, Role.REPORTER):
            context["follow_up_form"] = FollowUpForm()
        return context


class SituationNoteActionView(GatedObjectMixin, View):
    """POST …/<pk>/read/ and …/<pk>/follow-up/: one step through its service; errors come back as messages (an
    invalid deadline as the bound form on the note's page)."""

    queryset = SituationNote.objects.select_related("post")
    action = None

    def get(self, request, pk):
        return redirect(self.get_object().get_absolute_url())

    def post(self, request, pk):
        note = self.get_object(Action.VIEW)
        try:
            if self.action == "read":
                services.situation_note_acknowledge(acting_user=request.user, note=note)
                messages.success(request, _("The situation note is marked read."))
            else:
                form = FollowUpForm(request.POST)
                if not form.is_valid():
                    view = SituationNoteDetailView(queryset=self.queryset)
                    view.setup(request, pk=pk)
                    return view.render_detail(note, status=400, follow_up_form=form)
                note = services.situation_note_follow_up(
                    acting_user=request.user, note=note, deadline=form.cleaned_data["deadline"]
                )
                messages.success(request, _("The handling task was opened: %(task)s") % {"task": note.follow_up_task})
        except ValidationError as error:
            for text in error.messages:
                messages.error(request, text)
        except PermissionDenied as error:
            raise PermissionDenied(str(error)) from None
        return redirect(note.get_absolute_url())


note_views = RecordViews(
    SituationNote.objects.select_related("post", "category", "commune", "village", "marker", "holding_unit"),
    filterset=SituationNoteFilterSet,
    table=SituationNoteTable,
    form=SituationNoteForm,
    detail_view=SituationNoteDetailView,
    service=services.situation_note_record,
)

urlpatterns = [
    *note_views.urls("situation-notes"),
    path(
        "situation-notes/<int:pk>/read/",
        SituationNoteActionView.as_view(action="read"),
        name="situationnote_acknowledge",
    ),
    path(
        "situation-notes/<int:pk>/follow-up/",
        SituationNoteActionView.as_view(action="follow_up"),
        name="situationnote_follow_up",
    ),
]
