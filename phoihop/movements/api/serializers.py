from rest_framework import serializers

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.movements.forms.common import commune_choices, village_choices
from phoihop.movements.models import (
    HolidayVisit,
    Occasion,
    SelfManagementTeam,
    TowardsBorderEvent,
    Twinning,
    TwinningActivity,
)
from phoihop.movements.models.teams import foreign_markers_error
from phoihop.movements.services import team_save

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


class SelfManagementTeamSerializer(RecordSerializer):
    save_service = staticmethod(team_save)
    post_display = BriefSerializer(source="post", read_only=True)

    class Meta:
        model = SelfManagementTeam
        fields = BOOKKEEPING + [
            "kind",
            "name",
            "post",
            "post_display",
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
        extra_kwargs = {"markers": {"required": False}, "segments": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["commune"].queryset = commune_choices()
        self.fields["village"].queryset = village_choices()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        post = attrs.get("post", getattr(self.instance, "post", None))
        if "markers" in attrs:
            markers = list(attrs["markers"])
        elif self.instance is not None:
            markers = list(self.instance.markers.all())
        else:
            markers = []
        foreign = [marker for marker in markers if post is not None and marker.post_id != post.pk]
        if foreign:
            raise serializers.ValidationError({"markers": [foreign_markers_error(foreign)]})
        return attrs


class TowardsBorderEventSerializer(RecordSerializer):
    class Meta:
        model = TowardsBorderEvent
        fields = BOOKKEEPING + [
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
        extra_kwargs = {"co_organisers": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same choices as the form: co-organisers are participants (RecordSerializer: the organisations the user
        # coordinates with); communes of the deployment province.
        self.fields["commune"].queryset = commune_choices()
        self.fields["village"].queryset = village_choices()


class TwinningSerializer(RecordSerializer):
    class Meta:
        model = Twinning
        fields = BOOKKEEPING + [
            "organisation",
            "partner_organisation",
            "partner_village",
            "started_on",
            "ended_on",
            "commitments",
            "active",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the partner is a participant (RecordSerializer: the organisations the user coordinates with), as the form
        self.fields["partner_village"].queryset = village_choices()


class TwinningActivitySerializer(RecordSerializer):
    class Meta:
        model = TwinningActivity
        fields = BOOKKEEPING + ["twinning", "held_on", "description", "participants_count", "value_vnd"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        request = self.context.get("request")
        if request is not None and request.user.is_authenticated:
            self.fields["twinning"].queryset = Twinning.objects.restrict(request.user, "change")


class OccasionSerializer(RecordSerializer):
    class Meta:
        model = Occasion
        fields = BOOKKEEPING + ["code", "name", "sort_order"]


class HolidayVisitSerializer(RecordSerializer):
    class Meta:
        model = HolidayVisit
        fields = BOOKKEEPING + [
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

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # the visited organisation is a participant (RecordSerializer: the organisations the user coordinates
        # with), as the form
        self.fields["commune"].queryset = commune_choices()
        self.fields["village"].queryset = village_choices()
