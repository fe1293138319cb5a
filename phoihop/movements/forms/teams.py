from phoihop.core.forms import BaseModelForm
from phoihop.movements.forms.common import VillageChoiceField, commune_field_queryset, village_choices
from phoihop.movements.models import SelfManagementTeam
from phoihop.movements.models.teams import foreign_markers_error


class SelfManagementTeamForm(BaseModelForm):
    class Meta:
        model = SelfManagementTeam
        fields = [
            "kind",
            "name",
            "post",
            "commune",
            "village",
            "purpose",
            "leader_name",
            "members_count",
            "households_count",
            "border_length_km",
            "markers",
            "segments",
            "founded_on",
            "active",
            "note",
        ]
        field_classes = {"village": VillageChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = commune_field_queryset(self.instance)
        self.fields["village"].queryset = village_choices()
        # The markers and segments the user may see (the base form gated them), in their natural order.
        self.fields["markers"].queryset = self.fields["markers"].queryset.order_by("sort_key")
        self.fields["segments"].queryset = self.fields["segments"].queryset.order_by("code")

    def clean(self):
        cleaned = super().clean()
        post = cleaned.get("post")
        markers = cleaned.get("markers")
        if post is not None and markers:
            foreign = [marker for marker in markers if marker.post_id != post.pk]
            if foreign:
                self.add_error("markers", foreign_markers_error(foreign))
        return cleaned
