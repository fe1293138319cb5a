from django import forms
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from phoihop.core.access import allowed_organisations
from phoihop.core.choices import Role
from phoihop.core.forms import BaseModelForm, DateInput, MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin, keep_current_choices
from phoihop.orgs.models import Organisation, OrganisationKind
from phoihop.work import selectors
from phoihop.work.models import Dissemination, DisseminationSession
from phoihop.work.services_dissemination import may_assign_for


def check_not_in_future(value):
    if value and value > timezone.localdate():
        raise forms.ValidationError(_("A session cannot be recorded before it is held: the date is in the future."))
    return value


class DisseminationForm(BaseModelForm):
    # The assigning organisation is where the user needs Reporter; the assigned organisation may be any
    # organisation the user can see (a duty often crosses to another branch of the tree).
    scope_fields = ("assigned_by",)

    class Meta:
        model = Dissemination
        fields = ["document", "organisation", "assigned_by", "deadline", "clause", "note"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        duty = self.instance
        if duty.pk and self.user is not None and not may_assign_for(self.user, duty.assigned_by):
            # The disseminating organisation edits its note and clause; what it was assigned, by whom and by
            # when stays as the assigning organisation set it.
            for name in ("document", "organisation", "assigned_by", "deadline"):
                self.fields[name].disabled = True
            self.fields["assigned_by"].queryset = Organisation.objects.filter(pk=duty.assigned_by_id)


class DisseminationSessionForm(BaseModelForm):
    class Meta:
        model = DisseminationSession
        fields = [
            "dissemination",
            "held_on",
            "form",
            "participants",
            "expected",
            "presided_by",
            "plan_document",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            # Sessions are recorded by the disseminating organisation: only its duties are offered.
            self.fields["dissemination"].queryset = (
                Dissemination.objects.restrict(self.user, "change")
                .select_related("document", "organisation")
                .order_by("-deadline", "organisation__name")
            )
        self.fields["plan_document"].help_text = _("The plan that organised the session, if any.")

    def clean_held_on(self):
        return check_not_in_future(self.cleaned_data.get("held_on"))


class DisseminationAssignForm(PickerFormMixin, MarkInvalidMixin, forms.Form):
    """Assign the dissemination of one document: pick organisations one by one, or by a rule ("every
    organisation of kind K under organisation X"), or both.

    The organisations are search pickers (``core.pickers``), not a list of the tree: at the scale of a province
    (2,000 units) the user types part of a unit's name — or of the unit above it, "cao loc" — and picks as many
    as needed; the rule covers whole levels. Abolished units are not offered for a new duty."""

    organisations = forms.ModelMultipleChoiceField(
        label=_("Organisations"),
        queryset=Organisation.objects.none(),
        required=False,
        help_text=_("Type part of the name of a unit, or of the unit above it, and choose; as many as needed."),
    )
    kind = forms.ModelChoiceField(
        label=_("Every organisation of kind"), queryset=OrganisationKind.objects.all(), required=False
    )
    under = forms.ModelChoiceField(label=_("Under"), queryset=Organisation.objects.none(), required=False)
    assigned_by = forms.ModelChoiceField(label=_("Assigned by"), queryset=Organisation.objects.none())
    deadline = forms.DateField(label=_("Deadline"), required=False, widget=DateInput())

    #: a rule may name a unit abolished since: its units that still exist are the targets
    history_choice_fields = ("under",)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.user = user
        visible = Organisation.objects.restrict(user).order_by("path")
        self.fields["organisations"].queryset = visible
        self.fields["under"].queryset = visible
        self.fields["assigned_by"].queryset = allowed_organisations(user, Role.REPORTER).order_by("path")
        keep_current_choices(self)  # no duty for a unit abolished already (its successor is named)
        self.use_pickers()
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        kind, under = cleaned.get("kind"), cleaned.get("under")
        if bool(kind) != bool(under):
            self.add_error("kind" if not kind else "under", _("A rule needs both a kind and an organisation."))
        targets = {org.pk: org for org in cleaned.get("organisations") or []}
        if kind and under:
            for org in selectors.dissemination_rule_targets(self.user, kind=kind, under=under):
                targets.setdefault(org.pk, org)
            if not targets:
                self.add_error("kind", _("No organisation of this kind under the chosen organisation."))
        elif not targets and not self.errors:
            raise forms.ValidationError(_("Choose the organisations, or a rule that selects them."))
        self.targets = list(targets.values())
        return cleaned


class CoveragePeriodForm(PickerFormMixin, forms.Form):
    date_from = forms.DateField(label=_("Deadline from"), required=False, widget=DateInput())
    date_to = forms.DateField(label=_("Deadline to"), required=False, widget=DateInput())
    assigned_by = forms.ModelChoiceField(label=_("Assigned by"), queryset=Organisation.objects.none(), required=False)

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["assigned_by"].queryset = Organisation.objects.restrict(user).order_by("path")
        self.use_pickers()  # a search, not a drop-down of every organisation
        style_widgets(self)

    def clean(self):
        cleaned = super().clean()
        date_from, date_to = cleaned.get("date_from"), cleaned.get("date_to")
        if date_from and date_to and date_to < date_from:
            self.add_error("date_to", _("The end date must not be before the start date."))
        return cleaned
