"""Outreach pages: sessions (owner records, organisers read) and the managed lists of topics and languages."""

from phoihop.core.urls_helpers import RecordViews
from phoihop.work.filtersets.outreach import (
    EthnicLanguageFilterSet,
    OutreachSessionFilterSet,
    OutreachTopicFilterSet,
)
from phoihop.work.forms.outreach import (
    EthnicLanguageForm,
    OutreachSessionForm,
    OutreachSessionResource,
    OutreachTopicForm,
)
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic
from phoihop.work.tables.outreach import EthnicLanguageTable, OutreachSessionTable, OutreachTopicTable

session_views = RecordViews(
    OutreachSession.objects.select_related("owner", "commune", "village", "clause").prefetch_related(
        "organisers", "topics", "languages"
    ),
    filterset=OutreachSessionFilterSet,
    table=OutreachSessionTable,
    form=OutreachSessionForm,
    resource=OutreachSessionResource,
)
topic_views = RecordViews(
    OutreachTopic.objects.all(),
    filterset=OutreachTopicFilterSet,
    table=OutreachTopicTable,
    form=OutreachTopicForm,
)
language_views = RecordViews(
    EthnicLanguage.objects.all(),
    filterset=EthnicLanguageFilterSet,
    table=EthnicLanguageTable,
    form=EthnicLanguageForm,
)

urlpatterns = [
    *session_views.urls("outreach"),
    *topic_views.urls("outreach-topics"),
    *language_views.urls("languages"),
]
