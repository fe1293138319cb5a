from phoihop.core.forms import BaseModelForm
from phoihop.movements.forms.common import VillageChoiceField, commune_field_queryset, village_choices
from phoihop.movements.models import TowardsBorderEvent
from phoihop.orgs.models import Organisation


class TowardsBorderEventForm(BaseModelForm):
    open_choice_fields = ("co_organisers",)

    class Meta:
        model = TowardsBorderEvent
        fields = [
            "title",
            "held_on",
            "organiser",
            "co_organisers",
            "commune",
            "village",
            "participants_count",
            "contributions_vnd",
            "contribution_description",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Activities are co-organised across trees (a province department with a border post): any organisation
        # may be named; its members read the record, only the organiser's members edit it.
        self.fields["co_organisers"].queryset = Organisation.objects.all()
        self.fields["commune"].queryset = commune_field_queryset(self.instance)
        self.fields["village"].queryset = village_choices()
