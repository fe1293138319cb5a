"""Serializers of the people of cadre work. As on the pages: choices pass through the gate; a person is recorded for
an organisation where the user may record personal data; positions, courses, secondments and households in charge
name only the people the user may change; a secondment's receiving committee and a position's organisation may be
any organisation (abolished ones too: a position or secondment of before the 2025 reform)."""

from rest_framework import serializers

from phoihop.cadres.forms.people import editable_people
from phoihop.cadres.models import EthnicGroup, HouseholdAssignment, Person, PositionHolding, Secondment, TrainingCourse
from phoihop.cadres.services import position_holding_save
from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import commune_choices, personal_data_organisations, village_choices

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


def request_user(serializer):
    request = serializer.context.get("request")
    user = getattr(request, "user", None)
    return user if user is not None and user.is_authenticated else None


class HistoryChoicesMixin:
    """Fields that may name an abolished organisation (the API's counterpart of a form's ``history_choice_fields``):
    left out of the check that a new choice is current."""

    history_choice_fields: tuple[str, ...] = ()

    def validate(self, attrs):
        held = {name: attrs.pop(name) for name in self.history_choice_fields if name in attrs}
        attrs = super().validate(attrs)
        attrs.update(held)
        return attrs


class EthnicGroupSerializer(RecordSerializer):
    class Meta:
        model = EthnicGroup
        fields = BOOKKEEPING + ["code", "name", "code_1979", "is_minority", "sort_order"]


class PersonSerializer(RecordSerializer):
    organisation_display = BriefSerializer(source="organisation", read_only=True)
    ethnic_group_display = BriefSerializer(source="ethnic_group", read_only=True)
    is_local_province = serializers.BooleanField(read_only=True)

    class Meta:
        model = Person
        fields = BOOKKEEPING + [
            "organisation",
            "organisation_display",
            "full_name",
            "birth_date",
            "sex",
            "ethnic_group",
            "ethnic_group_display",
            "home_commune",
            "home_village",
            "is_local_province",
            "party_admitted_on",
            "party_official_on",
            "education",
            "political_theory",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["home_commune"].queryset = commune_choices()
        self.fields["home_village"].queryset = village_choices()
        user = request_user(self)
        if user is not None:
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
                pk__in=personal_data_organisations(user).values("pk")
            )


class PersonChildSerializer(RecordSerializer):
    person_display = BriefSerializer(source="person", read_only=True)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["person"].queryset = editable_people(user)


class PositionHoldingSerializer(HistoryChoicesMixin, PersonChildSerializer):
    """A new current position ends the person's open one the day before (``services.position_holding_save``)."""

    save_service = staticmethod(position_holding_save)
    history_choice_fields = ("organisation",)
    organisation_display = BriefSerializer(source="organisation", read_only=True)

    class Meta:
        model = PositionHolding
        fields = BOOKKEEPING + [
            "person",
            "person_display",
            "organisation",
            "organisation_display",
            "title",
            "from_date",
            "to_date",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = Organisation.objects.all()


class TrainingCourseSerializer(PersonChildSerializer):
    class Meta:
        model = TrainingCourse
        fields = BOOKKEEPING + ["person", "person_display", "name", "level", "from_date", "to_date", "institution"]


class SecondmentSerializer(HistoryChoicesMixin, PersonChildSerializer):
    history_choice_fields = ("receiving_committee",)
    sending_unit_display = BriefSerializer(source="sending_unit", read_only=True)
    receiving_committee_display = BriefSerializer(source="receiving_committee", read_only=True)

    class Meta:
        model = Secondment
        fields = BOOKKEEPING + [
            "person",
            "person_display",
            "sending_unit",
            "sending_unit_display",
            "receiving_committee",
            "receiving_committee_display",
            "committee_level",
            "position",
            "position_detail",
            "decision_number",
            "decision_date",
            "decision_authority",
            "term",
            "from_date",
            "to_date",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # named for the record only (it gains no access): any organisation, as on the form
        self.fields["receiving_committee"].queryset = Organisation.objects.all()
        user = request_user(self)
        if user is not None:
            self.fields["sending_unit"].queryset = self.fields["sending_unit"].queryset.filter(
                pk__in=personal_data_organisations(user).values("pk")
            )


class HouseholdAssignmentSerializer(PersonChildSerializer):
    village_display = BriefSerializer(source="village", read_only=True)

    class Meta:
        model = HouseholdAssignment
        fields = BOOKKEEPING + [
            "person",
            "person_display",
            "village",
            "village_display",
            "households",
            "from_date",
            "to_date",
            "note",
        ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["village"].queryset = village_choices()
