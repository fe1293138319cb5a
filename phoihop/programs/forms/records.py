"""Forms of the records that feed the indicators, and of the people attached to them (personal data)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from phoihop.core.access import member_paths, subtree_q
from phoihop.core.choices import Role
from phoihop.core.forms import BaseModelForm
from phoihop.orgs.choices import COMMUNE_LEVEL_KINDS, AreaKind
from phoihop.orgs.forms import local_areas_q
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.models import (
    ForestPlot,
    House,
    HouseFunding,
    Household,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)


def commune_choices():
    """Communes and wards of the deployment province, border communes first."""
    return Area.objects.filter(local_areas_q(), kind__in=COMMUNE_LEVEL_KINDS).order_by(
        "-is_border_commune", "name", "pk"
    )


def village_choices():
    return (
        Area.objects.filter(local_areas_q(), kind=AreaKind.VILLAGE)
        .select_related("parent")
        .order_by("parent__name", "name", "pk")
    )


def village_error(commune, village):
    """The message when ``village`` does not lie in ``commune`` (None when it does, or either is missing)."""
    if commune is not None and village is not None and village.parent_id != commune.pk:
        return _("The village does not belong to the commune.")
    return None


def may_edit_personal_data(user, organisation=None) -> bool:
    """Whether ``user`` holds the reporter role with the personal-data permission (in ``organisation``'s tree,
    when given)."""
    if user.is_superuser:
        return True
    paths = member_paths(user, Role.REPORTER, personal_data=True)
    if organisation is None:
        return bool(paths)
    return any(organisation.path.startswith(path) for path in paths)


def personal_data_organisations(user):
    """Organisations where the user may record people's personal data."""
    if user.is_superuser:
        return Organisation.objects.all()
    return Organisation.objects.filter(subtree_q(member_paths(user, Role.REPORTER, personal_data=True)))


class VillageChoiceField(forms.ModelChoiceField):
    #: the search picker offers the villages of the commune chosen in the same form, if it has one (core.pickers)
    picker_depends_on = ("commune", "parent")

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


class HouseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.organisation}"


class PlaceFormMixin:
    """Commune and village choices of the deployment province; the village must lie in the commune."""

    def setup_places(self):
        if "commune" in self.fields:
            communes = commune_choices()
            commune_id = getattr(self.instance, "commune_id", None)
            if commune_id:  # keep a commune abolished or moved since the record was made
                communes = (communes | Area.objects.filter(pk=commune_id)).order_by("-is_border_commune", "name", "pk")
            self.fields["commune"].queryset = communes
        if "village" in self.fields:
            self.fields["village"].queryset = village_choices()

    def clean(self):
        cleaned = super().clean()
        message = village_error(cleaned.get("commune"), cleaned.get("village"))
        if message:
            self.add_error("village", message)
        return cleaned


class ForestPlotForm(PlaceFormMixin, BaseModelForm):
    class Meta:
        model = ForestPlot
        fields = [
            "programme",
            "organisation",
            "code",
            "commune",
            "village",
            "year_planted",
            "planted_on",
            "area_ha",
            "species",
            "households_contracted",
            "survival_pct",
            "latitude",
            "longitude",
            "polygon",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}
        help_texts = {
            "polygon": _(
                "Optional. Paste a GeoJSON Polygon or MultiPolygon (or a Feature holding one), coordinates as "
                "[longitude, latitude] in WGS 84."
            )
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places()
        self.fields["polygon"].widget = forms.Textarea(
            attrs={"rows": 4, "class": "form-control font-monospace", "spellcheck": "false"}
        )


class ResettlementForm(PlaceFormMixin, BaseModelForm):
    class Meta:
        model = Resettlement
        fields = [
            "programme",
            "organisation",
            "commune",
            "village",
            "village_kind",
            "households",
            "people",
            "date",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places()


class HouseForm(PlaceFormMixin, BaseModelForm):
    class Meta:
        model = House
        fields = [
            "programme",
            "organisation",
            "commune",
            "village",
            "household_size",
            "status",
            "start_date",
            "handover_date",
            "latitude",
            "longitude",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places()


def editable_houses(user):
    return House.objects.restrict(user, "change").select_related("village", "commune", "organisation")


class HouseFundingForm(BaseModelForm):
    class Meta:
        model = HouseFunding
        fields = ["house", "source", "amount"]
        field_classes = {"house": HouseChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["house"].queryset = editable_houses(self.user)


class HouseholdForm(BaseModelForm):
    class Meta:
        model = Household
        fields = ["house", "head_name", "head_birth_year", "ethnicity", "identity_number", "phone", "members"]
        field_classes = {"house": HouseChoiceField}
        widgets = {"members": forms.Textarea(attrs={"rows": 4})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            # Only houses of organisations where the user may record personal data.
            self.fields["house"].queryset = editable_houses(self.user).filter(
                organisation__in=personal_data_organisations(self.user).values("pk")
            )


class SponsorshipForm(PlaceFormMixin, BaseModelForm):
    scope_fields = ("sponsoring_unit",)

    class Meta:
        model = Sponsorship
        fields = [
            "programme",
            "sponsoring_unit",
            "commune",
            "school",
            "grade",
            "monthly_support",
            "start_date",
            "end_date",
            "note",
        ]
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.setup_places()


class SponsorshipChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj} — {obj.sponsoring_unit}"


class SponsoredChildForm(BaseModelForm):
    class Meta:
        model = SponsoredChild
        fields = [
            "sponsorship",
            "full_name",
            "birth_date",
            "gender",
            "ethnicity",
            "village",
            "guardian_name",
            "guardian_phone",
        ]
        field_classes = {"sponsorship": SponsorshipChoiceField, "village": VillageChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = village_choices()
        if self.user is not None:
            self.fields["sponsorship"].queryset = (
                Sponsorship.objects.restrict(self.user, "change")
                .filter(sponsoring_unit__in=personal_data_organisations(self.user).values("pk"))
                .select_related("sponsoring_unit")
            )
