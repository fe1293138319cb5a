import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.cadres.models import EthnicGroup, Person, PositionHolding, TrainingCourse
from phoihop.core.tables import BaseTable


def record_link(record):
    return record.get_absolute_url()


class EthnicGroupTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = EthnicGroup
        fields = ("code", "name", "code_1979", "is_minority")


class PersonTable(BaseTable):
    full_name = tables.Column(linkify=True)
    current_title = tables.Column(verbose_name=_("Current position"), orderable=False, default="—")

    class Meta(BaseTable.Meta):
        model = Person
        fields = (
            "full_name",
            "birth_date",
            "sex",
            "ethnic_group",
            "organisation",
            "current_title",
            "education",
            "political_theory",
        )


class PositionHoldingTable(BaseTable):
    title = tables.Column(linkify=record_link)
    person = tables.Column(linkify=True)
    to_date = tables.DateColumn(default="—")

    class Meta(BaseTable.Meta):
        model = PositionHolding
        fields = ("title", "person", "organisation", "from_date", "to_date")


class TrainingCourseTable(BaseTable):
    name = tables.Column(linkify=record_link)
    person = tables.Column(linkify=True)
    to_date = tables.DateColumn(default="—")

    class Meta(BaseTable.Meta):
        model = TrainingCourse
        fields = ("name", "person", "level", "from_date", "to_date", "institution")
