import django_tables2 as tables

from phoihop.core.tables import BaseTable, NumberColumn
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic


class OutreachSessionTable(BaseTable):
    held_on = tables.DateColumn(linkify=True)
    # Many-to-many columns read the rows the list view prefetches: no query per row.
    organisers = tables.ManyToManyColumn(orderable=False)
    topics = tables.ManyToManyColumn(orderable=False)
    languages = tables.ManyToManyColumn(orderable=False)
    audience = NumberColumn()

    class Meta(BaseTable.Meta):
        model = OutreachSession
        fields = ("held_on", "commune", "village", "organisers", "topics", "languages", "audience")


class OutreachTopicTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = OutreachTopic
        fields = ("sort_order", "code", "name")


class EthnicLanguageTable(BaseTable):
    name = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = EthnicLanguage
        fields = ("sort_order", "code", "name")
