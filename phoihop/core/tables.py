import django_tables2 as tables
from django.utils.translation import gettext_lazy as _


class BaseTable(tables.Table):
    """Every list table: sortable columns, a link on the record's name, Bootstrap styling.

    A column naming another gated record by a foreign key (an inspection's follow-up task, a figure's indicator)
    prints it by the naming rule (``core.naming``): resolved for the page's rows in one query per record type
    before the table renders; a record the reader may not open is a placeholder, with no link."""

    def before_render(self, request):
        super().before_render(request)
        user = getattr(request, "user", None)
        if user is None or not getattr(self, "page", None):
            return
        from phoihop.core.naming import RecordNames, implements_fields, named_relation

        model = getattr(self._meta, "model", None)
        if model is None:
            return
        columns = {}
        for bound_column in self.columns:
            accessor = str(bound_column.accessor)
            if "__" in accessor or "." in accessor:  # a column reading through the record named: its own way
                continue
            field = named_relation(model, accessor)
            if field is not None and (field.many_to_one or field.one_to_one):
                columns[bound_column.name] = field
        if not columns:
            return
        names = RecordNames(user, texts=False)  # the column prints the record its own way
        implemented = set(implements_fields(model))
        for row in self.page.object_list:
            record = getattr(row, "record", row)
            for field in columns.values():
                names.add(field.related_model, getattr(record, field.attname), implemented=field.name in implemented)
        names.resolve()
        for name, field in columns.items():
            _gate_column(self.columns[name], field, names)

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


def _gate_column(column, field, names):
    """Wrap the bound ``column`` (this table's own) so that a hidden record prints its placeholder, unlinked."""
    from django.utils.html import format_html

    render, link = column.render, column.link

    def ref_of(record):
        return names.ref(field.related_model, getattr(record, field.attname, None))

    def gated_render(value, record, *args, **kwargs):
        ref = ref_of(record)
        if ref is not None and ref.hidden:
            return format_html('<span class="text-secondary" data-hidden-record>{}</span>', str(ref))
        return call_render(render, value=value, record=record, **kwargs)

    def gated_link(content, **kwargs):
        ref = ref_of(kwargs.get("record"))
        if link is None or (ref is not None and not ref.url):
            return content
        return link(content, **kwargs)

    column.render = gated_render
    column.link = gated_link if link is not None else None


def call_render(render, **kwargs):
    from django_tables2.utils import call_with_appropriate

    return call_with_appropriate(render, kwargs)
