from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.forms import BaseModelForm
from phoihop.core.record_types import record_type_field
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Agreement, Area, Clause, Organisation, OrganisationKind, SharingRule
from phoihop.orgs.provinces import PROVINCE_KINDS, DeploymentProvinceCodes


def local_areas_q():
    """The deployment's provinces (``orgs.provinces.deployment_province_codes``: those where an organisation has an
    area), their communes/wards (and abolished districts) and their villages: the choices that matter here, instead
    of a drop-down of the whole country's 3,300 communes. The codes are read when a query runs, not when this Q is
    made, so the querysets filter sets build at start-up follow new provinces too."""
    return (
        Q(code__in=DeploymentProvinceCodes())
        | Q(parent__code__in=DeploymentProvinceCodes())
        | Q(parent__parent__code__in=DeploymentProvinceCodes())
    )


class AreaForm(BaseModelForm):
    #: a commune may lie in a province other than the deployment's
    national_choice_fields = ("parent",)
    #: predecessors are abolished units
    history_choice_fields = ("predecessors",)

    class Meta:
        model = Area
        fields = [
            "code",
            "name",
            "kind",
            "parent",
            "is_border_commune",
            "border_length_km",
            "min_latitude",
            "max_latitude",
            "min_longitude",
            "max_longitude",
            "valid_from",
            "valid_to",
            "predecessors",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        provinces = Q(kind__in=PROVINCE_KINDS)
        self.fields["parent"].queryset = self.fields["parent"].queryset.filter(
            provinces | (local_areas_q() & ~Q(kind=AreaKind.VILLAGE))
        )
        self.fields["predecessors"].queryset = self.fields["predecessors"].queryset.filter(local_areas_q())


class OrganisationKindForm(BaseModelForm):
    class Meta:
        model = OrganisationKind
        fields = ["code", "name", "abbreviation", "is_party_body", "sort_order", "description"]


class OrganisationForm(BaseModelForm):
    scope_fields = ("parent",)
    #: any province may be an organisation's area: that is how a province joins the deployment (its communes are
    #: offered once an organisation works there)
    national_choice_fields = ("areas",)

    class Meta:
        model = Organisation
        fields = [
            "name",
            "short_name",
            "code",
            "kind",
            "parent",
            "areas",
            "superior_body_name",
            "valid_from",
            "valid_to",
            "successor",
            "address",
            "phone",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["areas"].queryset = self.fields["areas"].queryset.filter(
            local_areas_q() | Q(kind__in=PROVINCE_KINDS)
        )

    def clean_parent(self):
        parent = self.cleaned_data.get("parent")
        if parent is None and self.user is not None and not self.user.is_superuser:
            if not (self.instance.pk and self.instance.parent_id is None):
                raise forms.ValidationError(_("Choose the parent organisation."))
        return parent


class SharingRuleForm(BaseModelForm):
    scope_fields = ("owner",)
    open_choice_fields = ("viewer",)

    class Meta:
        model = SharingRule
        fields = [
            "owner",
            "viewer",
            "content_type",
            "mode",
            "include_subtree",
            "agreement",
            "valid_from",
            "valid_to",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The viewer may be any organisation: sharing is how records cross the tree.
        self.fields["viewer"].queryset = Organisation.objects.all()
        # phoihop's record types by their names, not every installed model ("Tasks Database Backend | …")
        self.fields["content_type"] = record_type_field(self.fields["content_type"])


class AgreementForm(BaseModelForm):
    scope_fields = ("owner",)
    open_choice_fields = ("parties",)

    class Meta:
        model = Agreement
        fields = [
            "number",
            "title",
            "owner",
            "parties",
            "signed_on",
            "valid_from",
            "valid_to",
            "status",
            "previous",
            "summary",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Any organisation may be a party: agreements are how units of different trees coordinate.
        self.fields["parties"].queryset = Organisation.objects.all()

    def clean_parties(self):
        parties = self.cleaned_data.get("parties")
        if parties is not None and len(parties) < 2:
            raise forms.ValidationError(_("An agreement has at least two parties."))
        return parties


class ClauseForm(BaseModelForm):
    open_choice_fields = ("responsible",)  # parties of the agreement, in any tree

    class Meta:
        model = Clause
        fields = ["agreement", "number", "title", "content", "responsible", "review_frequency", "expected_evidence"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["agreement"].queryset = Agreement.objects.restrict(self.user, "change")
        self.fields["responsible"].queryset = Organisation.objects.all()

    def clean(self):
        cleaned = super().clean()
        agreement, responsible = cleaned.get("agreement"), cleaned.get("responsible")
        if agreement and responsible:
            parties = set(agreement.parties.values_list("pk", flat=True))
            strangers = [str(org) for org in responsible if org.pk not in parties]
            if strangers:
                self.add_error(
                    "responsible",
                    _("Only parties of the agreement can be responsible: %(names)s is not a party.")
                    % {"names": ", ".join(strangers)},
                )
        return cleaned
