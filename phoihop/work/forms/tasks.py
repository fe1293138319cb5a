from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BaseModelForm, DateInput, MarkInvalidMixin, style_widgets
from phoihop.orgs.models import Organisation
from phoihop.work.models import Task, TaskUnit


class TaskForm(BaseModelForm):
    """Assign a task: its definition and — when creating — its lead unit and coordinating units."""

    scope_fields = ("assigned_by_org",)
    # The units become the task's participants (they read it): the organisations the user coordinates with, across
    # the trees through the agreements in force (core.access.participant_organisations), as the API accepts.
    participant_choice_fields = ("lead", "coordinating")
    lead = forms.ModelChoiceField(queryset=Organisation.objects.all(), label=_("Lead unit"))
    lead_part = forms.CharField(
        label=_("Part of the lead unit"), required=False, widget=forms.Textarea(attrs={"rows": 2})
    )
    coordinating = forms.ModelMultipleChoiceField(
        queryset=Organisation.objects.all(), label=_("Coordinating units"), required=False
    )

    class Meta:
        model = Task
        fields = [
            "title",
            "description",
            "source_kind",
            "document",
            "clause",
            "conclusion",
            "assigned_by_org",
            "deadline",
            "priority",
            "recurrence",
            "classification",
            "holding_unit",
            "custodian",
            "storage_place",
        ]
        widgets = {"description": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.instance.pk:  # units are managed on the task page, not by editing the definition
            for name in ("lead", "lead_part", "coordinating"):
                self.fields.pop(name)
        elif self.state_secret_rule:  # the lead unit's part is content of the task (TaskUnit.part)
            field = self.fields["lead_part"]
            field.help_text = self.fields["description"].help_text
            field.state_secret_content = True
            field.widget.attrs["data-state-secret-content"] = ""

    def clean(self):
        from phoihop.core import state_secrets

        cleaned = super().clean()
        lead, coordinating = cleaned.get("lead"), cleaned.get("coordinating") or []
        if lead and lead in coordinating:
            self.add_error("coordinating", _("The lead unit cannot also be a coordinating unit."))
        level = cleaned.get("classification") or 0
        if "lead_part" in self.fields and (cleaned.get("lead_part") or "").strip() and level >= 1:
            if not state_secrets.content_allowed():
                params = {"level": state_secrets.level_label(level), "law": state_secrets.LAW}
                self.add_error("lead_part", state_secrets.REFUSED % params)
        return cleaned


class TaskTextMixin:
    """A workflow form whose text (a report, a reason) is content of the task: optional and refused while the task
    is a register entry (``core.state_secrets``), with the rule as its help text; the service decides."""

    text_field = "reason"
    state_secret_rule = ""
    state_secret_active = False

    def show_task_rule(self, task):
        if task is None or not task.is_register_entry:
            return
        from phoihop.core import state_secrets

        field = self.fields[self.text_field]
        field.required = False
        field.help_text = state_secrets.HELP_CHILD % {"level": state_secrets.level_label(task.classification)}
        field.state_secret_content = True
        field.widget.attrs["data-state-secret-content"] = ""
        self.state_secret_rule = "child"
        self.state_secret_active = True


class ReasonForm(TaskTextMixin, MarkInvalidMixin, forms.Form):
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.show_task_rule(task)


class ProgressForm(TaskTextMixin, MarkInvalidMixin, forms.Form):
    unit = forms.ModelChoiceField(queryset=TaskUnit.objects.none(), label=_("Unit"))
    progress = forms.IntegerField(label=_("Progress (%)"), min_value=0, max_value=100)
    text = forms.CharField(label=_("Report"), widget=forms.Textarea(attrs={"rows": 3}))

    text_field = "text"

    def __init__(self, *args, units=(), task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = TaskUnit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        style_widgets(self)
        self.show_task_rule(task)


class ExtensionForm(TaskTextMixin, MarkInvalidMixin, forms.Form):
    unit = forms.ModelChoiceField(queryset=TaskUnit.objects.none(), label=_("Unit"))
    requested_deadline = forms.DateField(label=_("Requested deadline"), widget=DateInput())
    reason = forms.CharField(label=_("Reason"), widget=forms.Textarea(attrs={"rows": 2}))

    def __init__(self, *args, units=(), task=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["unit"].queryset = TaskUnit.objects.filter(pk__in=[u.pk for u in units])
        if len(units) == 1:
            self.fields["unit"].initial = units[0].pk
        style_widgets(self)
        self.show_task_rule(task)
