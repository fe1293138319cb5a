from phoihop.core.forms import BaseModelForm
from phoihop.movements.forms.common import VillageChoiceField, commune_field_queryset, village_choices
from phoihop.movements.models import HolidayVisit, Occasion


class OccasionForm(BaseModelForm):
    class Meta:
        model = Occasion
        fields = ["code", "name", "sort_order"]


class HolidayVisitForm(BaseModelForm):
    # A post visits a commune's party committee, a school, a family: the visited organisation reads the visit, so
    # it is a participant field (HolidayVisit.access_participant_fields): BaseModelForm offers the organisations
    # the user coordinates with (core.access.participant_organisations), as the API does.

    class Meta:
        model = HolidayVisit
        fields = [
            "held_on",
            "occasion",
            "visiting_organisation",
            "visited_organisation",
            "commune",
            "village",
            "households_visited",
            "gifts_count",
            "value_vnd",
            "funding_source",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = commune_field_queryset(self.instance)
        self.fields["village"].queryset = village_choices()
