from phoihop.core.forms import BaseModelForm
from phoihop.movements.forms.common import VillageChoiceField, commune_field_queryset, village_choices
from phoihop.movements.models import TowardsBorderEvent


class TowardsBorderEventForm(BaseModelForm):
    # Activities are co-organised across trees (a province department with a border post): the co-organisers read
    # the record, only the organiser's members edit it. A participant field, offered by BaseModelForm
    # (core.access.participant_organisations), as the API.

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
        self.fields["commune"].queryset = commune_field_queryset(self.instance)
        self.fields["village"].queryset = village_choices()
