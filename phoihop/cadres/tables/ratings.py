import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.cadres.tables.people import record_link
from phoihop.core.tables import BaseTable

RATING_COLUMNS = ("year", "deciding_organisation", "proposed_level", "decided_level", "decision_number")


class OrganisationRatingTable(BaseTable):
    organisation = tables.Column(linkify=record_link)
    deciding_organisation = tables.Column(default="—")
    decided_level = tables.Column(default="—")
    decision_number = tables.Column(default="—")

    class Meta(BaseTable.Meta):
        model = OrganisationRating
        fields = ("organisation", *RATING_COLUMNS, "decision_date", "clean_and_strong")


class MemberRatingTable(BaseTable):
    person = tables.Column(linkify=record_link, verbose_name=_("Party member"))
    deciding_organisation = tables.Column(default="—")
    decided_level = tables.Column(default="—")
    decision_number = tables.Column(default="—")

    class Meta(BaseTable.Meta):
        model = MemberRating
        fields = ("person", "organisation", *RATING_COLUMNS, "decision_date", "disciplined")
