"""Forms of the people of cadre work. People are personal data: a person is recorded for an organisation where the
user holds the reporter role with the personal-data permission, and the forms of what a person's record holds
(positions, courses) offer only the people the user may change — through the gate, as search pickers."""

from django import forms

from phoihop.cadres.models import EthnicGroup, Person, PositionHolding, TrainingCourse
from phoihop.core.choices import Action
from phoihop.core.forms import BaseModelForm
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.forms.records import VillageChoiceField, commune_choices, personal_data_organisations


def editable_people(user):
    """The people whose records the user may add to or change (the personal-data permission, reporter role)."""
    return Person.objects.restrict(user, Action.CHANGE).select_related("organisation")


class EthnicGroupForm(BaseModelForm):
    class Meta:
        model = EthnicGroup
        fields = ["code", "name", "code_1979", "is_minority", "sort_order"]


class PersonForm(BaseModelForm):
    #: the villages of the chosen home commune (``core.pickers``)
    dependent_choice_fields = {"home_village": ("home_commune", "parent")}

    class Meta:
        model = Person
        fields = [
            "organisation",
            "full_name",
            "birth_date",
            "sex",
            "ethnic_group",
            "home_commune",
            "home_village",
            "party_admitted_on",
            "party_official_on",
            "education",
            "political_theory",
            "note",
        ]
        field_classes = {"home_village": VillageChoiceField}
        widgets = {"note": forms.Textarea(attrs={"rows": 3})}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        communes = commune_choices()
        if self.instance.home_commune_id:  # keep a commune abolished or moved since the record was made
            communes = (communes | Area.objects.filter(pk=self.instance.home_commune_id)).order_by(
                "-is_border_commune", "name", "pk"
            )
        self.fields["home_commune"].queryset = communes
        if self.user is not None:
            # only where the user may record people's personal data
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
                pk__in=personal_data_organisations(self.user).values("pk")
            )


class PersonChildForm(BaseModelForm):
    """A record of a person's: only the people the user may change are offered."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["person"].queryset = editable_people(self.user)


class PositionHoldingForm(PersonChildForm):
    """A position held. Saved through ``services.position_holding_save``: a new current position ends the person's
    open one the day before."""

    #: a cadre's earlier positions may be in any organisation (another unit, another province's), abolished since
    #: (a district committee before July 2025)
    open_choice_fields = ("organisation",)
    history_choice_fields = ("organisation",)

    class Meta:
        model = PositionHolding
        fields = ["person", "organisation", "title", "from_date", "to_date"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.all()


class TrainingCourseForm(PersonChildForm):
    class Meta:
        model = TrainingCourse
        fields = ["person", "name", "level", "from_date", "to_date", "institution"]
