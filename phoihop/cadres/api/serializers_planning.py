"""Serializers of cadre planning. As on the pages: a plan is made for a committee where the user holds the reporter
role; a planned cadre names a plan where the user may record personal data and a person the user may read, and is
written through ``services.planned_cadre_save``; its removal is read-only here (``POST …/{id}/remove/``)."""

from rest_framework import serializers

from phoihop.cadres.api.serializers_people import BOOKKEEPING, request_user
from phoihop.cadres.choices import RemovalReason
from phoihop.cadres.forms.planning import plans_for_planning
from phoihop.cadres.models import CadrePlan, PlannedCadre
from phoihop.cadres.services import planned_cadre_save
from phoihop.core.api.serializers import BriefSerializer, RecordSerializer

REMOVAL_FIELDS = ["removed_on", "removal_reason", "removal_decision"]


class CadrePlanSerializer(RecordSerializer):
    organisation_display = BriefSerializer(source="organisation", read_only=True)

    class Meta:
        model = CadrePlan
        fields = BOOKKEEPING + [
            "organisation",
            "organisation_display",
            "term",
            "title",
            "level",
            "decision_number",
            "decision_date",
            "decision_authority",
            "under_40_target",
            "women_target",
            "minority_target",
            "local_target",
            "note",
        ]


class PlannedCadreSerializer(RecordSerializer):
    #: read only (removal goes through ``remove/``), and "" while the person is still in the plan
    removal_reason = serializers.ChoiceField(choices=[("", ""), *RemovalReason.choices], read_only=True)
    save_service = staticmethod(planned_cadre_save)
    plan_display = BriefSerializer(source="plan", read_only=True)
    person_display = BriefSerializer(source="person", read_only=True)
    age_at_term_start = serializers.IntegerField(read_only=True, allow_null=True)
    cohort = serializers.CharField(read_only=True, allow_null=True)

    class Meta:
        model = PlannedCadre
        fields = BOOKKEEPING + [
            "plan",
            "plan_display",
            "person",
            "person_display",
            "age_at_term_start",
            "cohort",
            "source",
            "decision_number",
            "decision_date",
            "decision_authority",
            *REMOVAL_FIELDS,
            "note",
        ]
        read_only_fields = REMOVAL_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["plan"].queryset = plans_for_planning(user)


class RemovalSerializer(serializers.Serializer):
    """``POST /api/cadres/planned-cadres/{id}/remove/``: the removal, with the version read."""

    removed_on = serializers.DateField()
    removal_reason = serializers.ChoiceField(choices=RemovalReason.choices)
    removal_decision = serializers.CharField(max_length=60, required=False, allow_blank=True, default="")
    version = serializers.IntegerField(min_value=0)
