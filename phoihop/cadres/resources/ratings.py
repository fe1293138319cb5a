"""Excel/CSV import and export of the annual ratings of party organisations and party members (QĐ 124-QĐ/TW 2023).

Columns hold codes: ``organisation`` (the rated party organisation's, or the member's, code), ``deciding_organisation``
(the code of the party committee that decides: any organisation), ``person`` (a party member's record id); the
levels by code or label ("Hoàn thành tốt nhiệm vụ"), yes/no as "Có"/"Không", dates dd/mm/yyyy. A row with an ``id``
updates that record.

The 20 % rule holds for the file as a whole: every row is saved (in the import's one transaction), then each group
the file touched is counted with the file's rows in it, whatever their order; a group over the rule refuses the
rows that took it there, by spreadsheet row, and nothing is written. The groups are locked from their first row on,
as a decision on a page locks them (``services.ratings``).
"""

from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy
from import_export import fields

from phoihop.cadres import selectors
from phoihop.cadres.choices import RatingLevel
from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.cadres.resources.people import PersonChildResource, labels
from phoihop.cadres.services.ratings import lock_rating_groups, quota_message
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import personal_data_organisations

RATING_FIELDS = [
    "year",
    "deciding_organisation",
    "deciding_organisation_name",
    "self_rating",
    "proposed_level",
    "decided_level",
    "decision_number",
    "decision_date",
]
RATING_LABELS = (
    "year",
    "self_rating",
    "proposed_level",
    "decided_level",
    "decision_number",
    "decision_date",
    "disciplined",
    "note",
)


def organisation_field(name):
    return fields.Field(attribute=name, column_name=name, widget=ScopedForeignKeyWidget(Organisation, "code"))


def organisation_name_field(name):
    return fields.Field(attribute=f"{name}__name", column_name=f"{name}_name", readonly=True)


class RatingQuotaMixin:
    """The 20 % rule over a whole file (see the module's docstring)."""

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # named for the record only (it gains no access): any organisation, as on the form
        self.fields["deciding_organisation"].widget.queryset = Organisation.objects.all()

    def before_import(self, dataset, **kwargs):
        super().before_import(dataset, **kwargs)
        self._locked = set()
        self._previous = {}
        self._decided = []  # (dataset row number, previous (organisation id, year, level) or None, new one)

    def import_instance(self, instance, row, **kwargs):
        if instance.pk is not None:
            self._previous[id(instance)] = (instance.deciding_organisation_id, instance.year, instance.decided_level)
        super().import_instance(instance, row, **kwargs)

    def do_instance_save(self, instance, is_create):
        previous = self._previous.pop(id(instance), None)
        organisations = {instance.deciding_organisation_id, previous[0] if previous else None} - self._locked - {None}
        if organisations:
            lock_rating_groups(organisations)
            self._locked |= organisations
        super().do_instance_save(instance, is_create)
        self._decided.append(
            (self._row, previous, (instance.deciding_organisation_id, instance.year, instance.decided_level))
        )

    def after_import(self, dataset, result, **kwargs):
        super().after_import(dataset, result, **kwargs)
        model = self._meta.model
        groups = {}
        for number, previous, current in self._decided:
            for state in (previous, current):
                if state and state[0] is not None:
                    groups.setdefault(state[:2], []).append((number, previous, current))
        for group, rows in groups.items():
            counts = selectors.excellent_quota(model, group[0], group[1])
            excess = counts["excellent"] - counts["allowed"]
            if excess <= 0:
                continue
            raised = [
                number
                for number, previous, current in rows
                if current[:2] == group and current[2] == RatingLevel.EXCELLENT and previous != current
            ]
            lowered = [
                number
                for number, previous, current in rows
                if previous and previous[:2] == group and previous[2] == RatingLevel.GOOD and previous != current
            ]
            refused = raised[-excess:] if raised else lowered
            message = quota_message(model, group[0], group[1], counts["excellent"], counts["good"], counts["allowed"])
            for number in sorted(set(refused)):
                result.append_invalid_row(number, {}, ValidationError({"decided_level": [message]}))


class OrganisationRatingResource(RatingQuotaMixin, RecordResource):
    scope_fields = ("organisation",)
    organisation = organisation_field("organisation")
    organisation_name = organisation_name_field("organisation")
    deciding_organisation = organisation_field("deciding_organisation")
    deciding_organisation_name = organisation_name_field("deciding_organisation")

    column_labels = labels(
        OrganisationRating,
        *RATING_LABELS,
        "clean_and_strong",
        id=gettext_lazy("Record ID"),
        organisation=gettext_lazy("Party organisation code"),
        organisation_name=gettext_lazy("Party organisation name"),
        deciding_organisation=gettext_lazy("Deciding organisation code"),
        deciding_organisation_name=gettext_lazy("Deciding organisation name"),
    )

    class Meta(RecordResource.Meta):
        model = OrganisationRating
        fields = [
            "id",
            "organisation",
            "organisation_name",
            *RATING_FIELDS,
            "clean_and_strong",
            "disciplined",
            "note",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "deciding_organisation")


class MemberRatingResource(RatingQuotaMixin, PersonChildResource):
    scope_fields = ("organisation",)
    organisation = organisation_field("organisation")
    organisation_name = organisation_name_field("organisation")
    deciding_organisation = organisation_field("deciding_organisation")
    deciding_organisation_name = organisation_name_field("deciding_organisation")

    column_labels = labels(
        MemberRating,
        *RATING_LABELS,
        id=gettext_lazy("Record ID"),
        person=gettext_lazy("Party member's record ID"),
        person_name=gettext_lazy("Party member's full name"),
        organisation=gettext_lazy("Party organisation code"),
        organisation_name=gettext_lazy("Party organisation name"),
        deciding_organisation=gettext_lazy("Deciding organisation code"),
        deciding_organisation_name=gettext_lazy("Deciding organisation name"),
    )

    class Meta(RecordResource.Meta):
        model = MemberRating
        fields = [
            "id",
            "person",
            "person_name",
            "organisation",
            "organisation_name",
            *RATING_FIELDS,
            "disciplined",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        if user is not None:
            self.fields["organisation"].widget.queryset = personal_data_organisations(user)

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("person", "organisation", "deciding_organisation")
