import datetime

from django import template
from django.core.exceptions import FieldDoesNotExist
from django.utils import formats, timezone
from django.utils.text import capfirst
from django.utils.translation import gettext as _

from phoihop.audit.names import HistoryNames, RefList, entry_model, hidden_ref

register = template.Library()

EMPTY = (None, "None", "", "[]", "{}", "null")
#: a time as the activity page prints it: local time, dd/mm/yyyy HH:MM
TIME_FORMAT = "d/m/Y H:i"


def _display(field, raw, names):
    """A stored change value as a person reads it: choice labels, related names (through the gate: ``names``),
    dd/mm/yyyy, local times dd/mm/yyyy HH:MM (auditlog stores them in UTC, "2025-07-01 07:00:00.123456"),
    Có/Không."""
    if raw in EMPTY:
        return "—"
    if field.choices:
        for value, label in field.flatchoices:
            if str(value) == str(raw):
                return str(label)
        return raw
    internal = field.get_internal_type()
    if internal == "BooleanField":
        return _("Yes") if raw in ("True", True) else _("No")
    if internal == "DateField":
        try:
            return formats.date_format(datetime.date.fromisoformat(str(raw)), "SHORT_DATE_FORMAT")
        except ValueError:
            return raw
    if internal == "DateTimeField":
        try:
            moment = datetime.datetime.fromisoformat(str(raw))
        except ValueError:
            return raw
        if timezone.is_naive(moment):
            moment = moment.replace(tzinfo=datetime.UTC)
        return formats.date_format(timezone.localtime(moment), TIME_FORMAT)
    if field.is_relation and (field.many_to_one or field.one_to_one):
        return names.ref(field.related_model, raw) if names is not None else hidden_ref()
    if internal == "DecimalField":
        try:
            return formats.number_format(raw, use_l10n=True, force_grouping=True)
        except (TypeError, ValueError):
            return raw
    return raw


@register.simple_tag(takes_context=True)
def history_names(context, entries):
    """``{% history_names entries as names %}``: the names the entries print, resolved for the reader at once
    (``audit.names``); loop over ``names.entries``."""
    request = context.get("request")
    user = getattr(request, "user", None) or context.get("user")
    return entries if isinstance(entries, HistoryNames) else HistoryNames(user, entries)


@register.filter
def record_name(entry, names):
    """The entry's own record as the reader may see it (a relation names its ends only to who may open them)."""
    return names.record_name(entry) if names is not None else hidden_ref()


@register.filter
def change_rows(entry, names=None):
    """(field label, old, new) for a change record, in the record type's own words. ``names`` (a
    :class:`~phoihop.audit.names.HistoryNames`, or the reading user) prints the related records the reader may
    open; without it, none."""
    changes = entry.changes or {}
    if not isinstance(changes, dict):
        return []
    if names is not None and not isinstance(names, HistoryNames):
        names = HistoryNames(names, [entry])
    model = entry_model(entry)
    rows = []
    for name, values in changes.items():
        if name == "deleted_at":
            rows.append((_("Status"), _("deleted"), _("restored")))
            continue
        try:
            field = model._meta.get_field(name) if model is not None else None
        except FieldDoesNotExist:
            field = None
        if field is not None and (not field.concrete or getattr(field, "primary_key", False)):
            continue  # the id and reverse relations are not the record's own data
        if field is not None and not field.editable and str(field.verbose_name) == field.name.replace("_", " "):
            continue  # values derived for the machine (a sort key, the number parsed from a symbol), unnamed
        label = capfirst(str(field.verbose_name)) if field is not None else name  # "GPS" stays "GPS"
        if isinstance(values, dict):  # many-to-many
            operation = _("added") if values.get("operation") == "add" else _("removed")
            if names is not None:
                refs = names.m2m_refs(entry, name, field)
            else:
                refs = [hidden_ref() for _name in values.get("objects", [])]
            rows.append((label, None, RefList(operation, refs)))
            continue
        old, new = (list(values) + [None, None])[:2] if isinstance(values, list) else (None, values)
        if field is not None and not field.many_to_many:
            old, new = _display(field, old, names), _display(field, new, names)
        if old == new == "—":
            continue  # an empty field on creation says nothing
        rows.append((label, old, new))
    return rows
