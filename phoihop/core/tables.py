import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class BaseTable(tables.Table):
    """Every list table: sortable columns, a link on the record's name, Bootstrap styling."""

    class Meta:
        attrs = {"class": "table table-vcenter card-table table-striped table-hover"}
        per_page = 25
        # The list view validates ?per_page= itself (25/50/100); tables2 must not read the raw value.
        per_page_field = "_per_page"
        empty_text = _("No records match.")
        template_name = "django_tables2/phoihop.html"


class NumberColumn(tables.Column):
    """A right-aligned number printed with Vietnamese separators (3.840,5)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("attrs", {"td": {"class": "text-end"}, "th": {"class": "text-end"}})
        super().__init__(*args, **kwargs)

    def render(self, value):
        from django.utils.formats import number_format

        return number_format(value, use_l10n=True, force_grouping=True)
