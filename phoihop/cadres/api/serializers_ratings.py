"""Serializers of the annual ratings. As on the pages: the rated party organisation (or the member's) is one where the
user may record (personal data, for a member's rating); the deciding organisation may be any; a member's rating
names only the people the user may change. Writes go through ``services.rating_save`` (the 20 % rule); the decision
has its own action (``DecideSerializer``, ``POST …/{id}/decide/``)."""

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from phoihop.cadres.api.serializers_people import BOOKKEEPING, PersonChildSerializer, request_user
from phoihop.cadres.choices import RatingLevel
from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.cadres.services import rating_save
from phoihop.core.api.serializers import BriefSerializer, IdField, RecordSerializer
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import personal_data_organisations

RATING_FIELDS = [
    "organisation",
    "organisation_display",
    "year",
    "deciding_organisation",
    "deciding_organisation_display",
    "self_rating",
    "proposed_level",
    "decided_level",
    "decision_number",
    "decision_date",
    "disciplined",
    "note",
]


class RatingSerializerMixin:
    save_service = staticmethod(rating_save)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # named for the record only (it gains no access): any organisation, as on the form
        self.fields["deciding_organisation"].queryset = Organisation.objects.all()


class OrganisationRatingSerializer(RatingSerializerMixin, RecordSerializer):
    organisation_display = BriefSerializer(source="organisation", read_only=True)
    deciding_organisation_display = BriefSerializer(source="deciding_organisation", read_only=True)

    class Meta:
        model = OrganisationRating
        fields = BOOKKEEPING + RATING_FIELDS + ["clean_and_strong"]


class MemberRatingSerializer(RatingSerializerMixin, PersonChildSerializer):
    organisation_display = BriefSerializer(source="organisation", read_only=True)
    deciding_organisation_display = BriefSerializer(source="deciding_organisation", read_only=True)

    class Meta:
        model = MemberRating
        fields = BOOKKEEPING + ["person", "person_display"] + RATING_FIELDS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        user = request_user(self)
        if user is not None:
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
                pk__in=personal_data_organisations(user).values("pk")
            )


class DecideSerializer(serializers.Serializer):
    """The decision on a rating (``services.rating_decide``)."""

    decided_level = serializers.ChoiceField(choices=RatingLevel.choices, help_text=_("The level decided."))
    decision_number = serializers.CharField(max_length=60, help_text=_("The number of the decision."))
    decision_date = serializers.DateField(help_text=_("The date of the decision."))
    deciding_organisation = IdField(
        required=False, help_text=_("The deciding organisation's id (the rating's own when not given).")
    )
    clean_and_strong = serializers.BooleanField(
        required=False, allow_null=True, default=None, help_text=_("Party organisations only.")
    )
    version = IdField(required=False, help_text=_("The version you read: a decision on a changed rating is refused."))

    def validate_deciding_organisation(self, value):
        organisation = Organisation.objects.filter(pk=value).first()
        if organisation is None:
            raise serializers.ValidationError(_("No such organisation."))
        return organisation
