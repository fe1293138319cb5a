import django_tables2 as tables
from django.utils.text import Truncator
from django.utils.translation import gettext_lazy as _

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.work.models import Conclusion, ReviewConference


class ReviewConferenceTable(BaseTable):
    held_on = tables.DateColumn(linkify=True)
    kind = tables.Column(linkify=True)
    agreement = tables.Column(accessor="agreement__number", verbose_name=_("Agreement"))
    participants_count = NumberColumn()

    class Meta(BaseTable.Meta):
        model = ReviewConference
        fields = ("held_on", "kind", "agreement", "level", "period_from", "period_to", "participants_count")


class ConclusionTable(BaseTable):
    conference = tables.Column(linkify=True)
    number = tables.Column(linkify=True)
    text = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = Conclusion
        fields = ("conference", "number", "text")

    def render_text(self, value):
        return Truncator(value).chars(160)
