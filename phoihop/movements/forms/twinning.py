from phoihop.core.forms import BaseModelForm
from phoihop.movements.forms.common import VillageChoiceField, village_choices
from phoihop.movements.models import Twinning, TwinningActivity


class TwinningForm(BaseModelForm):
    # The partner is usually in another tree (a post twins with a commune's party committee) and reads the
    # twinning: a participant field, offered by BaseModelForm (core.access.participant_organisations), as the API.

    class Meta:
        model = Twinning
        fields = [
            "organisation",
            "partner_organisation",
            "partner_village",
            "started_on",
            "ended_on",
            "commitments",
            "active",
        ]
        field_classes = {"partner_village": VillageChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["partner_village"].queryset = village_choices()


class TwinningActivityForm(BaseModelForm):
    class Meta:
        model = TwinningActivity
        fields = ["twinning", "held_on", "description", "participants_count", "value_vnd"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            # Activities are recorded by the twinning's own organisation, not by its partner.
            self.fields["twinning"].queryset = Twinning.objects.restrict(self.user, "change").select_related(
                "organisation", "partner_organisation", "partner_village"
            )
