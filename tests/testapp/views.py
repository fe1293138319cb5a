import django_filters
import django_tables2 as tables
from import_export import fields

from phoihop.core.filtersets import BaseFilterSet
from phoihop.core.forms import BaseModelForm
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget
from phoihop.core.tables import BaseTable
from phoihop.core.urls_helpers import RecordViews
from phoihop.orgs.models import Organisation
from tests.testapp.models import SecretNote


class SecretNoteFilterSet(BaseFilterSet):
    organisation = django_filters.ModelChoiceFilter(queryset=Organisation.objects.all())

    class Meta:
        model = SecretNote
        fields = ["q", "organisation", "classification"]


class SecretNoteTable(BaseTable):
    title = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = SecretNote
        fields = ("id", "title", "organisation", "classification")


class SecretNoteForm(BaseModelForm):
    class Meta:
        model = SecretNote
        fields = ["organisation", "title", "classification", "holding_unit", "custodian", "storage_place"]


class SecretNoteResource(RecordResource):
    scope_fields = ("organisation",)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    holding_unit = fields.Field(
        attribute="holding_unit", column_name="holding_unit", widget=ScopedForeignKeyWidget(Organisation, "code")
    )

    class Meta(RecordResource.Meta):
        model = SecretNote
        fields = ["id", "title", "organisation", "classification", "holding_unit", "custodian", "storage_place"]


note_views = RecordViews(
    SecretNote.objects.select_related("organisation"),
    filterset=SecretNoteFilterSet,
    table=SecretNoteTable,
    form=SecretNoteForm,
    resource=SecretNoteResource,
)


def failing_page_view(request):
    """A page with a bug: its error must still answer the HTML error page."""
    raise RuntimeError("a bug in a page")


def busy_page_view(request):
    """A form's save that finds the embedded database locked beyond the busy timeout."""
    from django.db import OperationalError

    raise OperationalError("database is locked")
