"""History entries follow their record: the owner and level copied onto each ``ChangeRecord`` are those of today.

Each entry carries the owning organisation and the level of its record (``BaseModel.get_additional_data``), so the
activity page and the API gate the whole history in one indexed query (``selectors.visible_changes``). When a
record's owner or level changes, :func:`entries_follow` (called by ``ChangeRecordManager.log_create`` for the
entry recording that change, in the writer's transaction) brings its earlier entries up to date, and those of
every record whose owner or level is read through it:

* records whose path to their owner or level passes through it (a task unit and its progress reports follow their
  task's level; a progress report follows its unit's organisation);
* relations one of whose ends it is (``access_relation_ends``: a document relation takes the highest level of its
  two documents);
* the files attached to any of those (``core.Attachment``, through its generic relation).

The entry recording the change is written while its record is being saved (auditlog logs an update at
``pre_save``), so what the dependants read through the changed record comes from the instance being saved.

A task raised to Mật therefore takes its whole history, and its units', reports' and files' histories, out of
the reach of a reader cleared for less. Only writes that leave a history entry move the copies: a bulk
``QuerySet.update()`` of a level or an owner writes none (no code in phoihop does that).
"""

from collections import defaultdict
from functools import cache

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist
from django.db import transaction

from phoihop.core.access import classification_path

CHUNK = 500  # record ids per statement (SQLite's variable limit is far above; PostgreSQL plans stay small)


def _forward(model, name):
    """The forward foreign key (or one-to-one) ``name`` of ``model``, or None."""
    try:
        field = model._meta.get_field(name)
    except FieldDoesNotExist:
        return None
    if field.is_relation and field.concrete and (field.many_to_one or field.one_to_one):
        return field
    return None


def scope_columns(model):
    """(owner path, own level path, [level paths of the relation's ends]) of ``model``'s history entries; the owner
    path is ``"pk"`` for an organisation, None for reference data."""
    owner = getattr(model, "access_org_field", None)
    own = classification_path(model)
    ends = []
    for name in getattr(model, "access_relation_ends", ()):
        field = _forward(model, name)
        path = classification_path(field.related_model) if field is not None else None
        if path:
            ends.append(f"{name}__{path}")
    return owner, own, ends


def _paths(model):
    owner, own, ends = scope_columns(model)
    return [p for p in (owner, own, *ends) if p and p != "pk"]


@cache
def _dependants():
    """{model: [(dependent model, path to it, field of it the path reads next)]}: every record type one of whose
    owner or level paths passes through another record ("unit__task__classification" passes through the task
    unit, then through the task)."""
    from phoihop.audit.selectors import record_types

    found = defaultdict(list)
    for model in record_types():
        for path in _paths(model):
            parts = path.split("__")
            current = model
            for index, name in enumerate(parts[:-1]):
                field = _forward(current, name)
                if field is None:
                    break
                current = field.related_model._meta.concrete_model
                found[current].append((model, "__".join(parts[: index + 1]), parts[index + 1]))
    return dict(found)


@cache
def trigger_fields(model) -> frozenset:
    """The fields of ``model`` whose change moves the owner or level of its entries, or of its dependants'."""
    fields = {path.split("__", 1)[0] for path in _paths(model)}
    fields |= {following for _dep, _prefix, following in _dependants().get(model._meta.concrete_model, ())}
    return frozenset(fields)


def _update(content_type, pks, organisation_id, level):
    from phoihop.audit.models import ChangeRecord

    pks = [str(pk) for pk in pks]
    for start in range(0, len(pks), CHUNK):
        ChangeRecord.objects.filter(content_type=content_type, object_pk__in=pks[start : start + CHUNK]).exclude(
            organisation_id=organisation_id, classification=level
        ).update(organisation_id=organisation_id, classification=level)


def _value(instance, path):
    """The value at ``path`` from ``instance`` as it is being saved (a foreign key as its id)."""
    parts = path.split("__")
    value = instance
    for name in parts[:-1]:
        value = getattr(value, name, None)
        if value is None:
            return None
    field = _forward(type(value), parts[-1])
    return getattr(value, field.attname if field is not None else parts[-1], None)


def refresh(model, records, *, through=None, instance=None):
    """Set the owner and level of every history entry of ``records`` (a queryset of ``model``, deleted rows
    included) to the records' current ones, and those of the files attached to them. One query reads the
    records, one statement per distinct (owner, level) writes the entries.

    The entry that starts this is written before its record is saved (auditlog logs an update at ``pre_save``):
    the values the records read through the changed record (``through``, the path to it) are taken from
    ``instance``, the changed record as it is being saved."""
    owner, own, ends = scope_columns(model)
    columns = list(dict.fromkeys(p for p in (owner, own, *ends) if p and p != "pk"))
    known = {}
    if through:
        known = {c: _value(instance, c[len(through) + 2 :]) for c in columns if c.startswith(f"{through}__")}
    read = [c for c in columns if c not in known]
    entries, files = defaultdict(list), defaultdict(list)
    for pk, *values in records.order_by().values_list("pk", *read):
        found = {**dict(zip(read, values, strict=True)), **known}
        organisation_id = pk if owner == "pk" else found.get(owner)
        level = int(found.get(own) or 0) if own else 0
        highest = max([level, *(int(found.get(path) or 0) for path in ends)])
        entries[(organisation_id, highest)].append(pk)
        files[(organisation_id, level)].append(pk)
    _write(model, entries, files)


def _write(model, entries, files):
    content_type = ContentType.objects.get_for_model(model)
    for (organisation_id, level), pks in entries.items():
        _update(content_type, pks, organisation_id, level)
    if getattr(model, "attachments_enabled", False) and files:
        from phoihop.core.models import Attachment

        attachment_type = ContentType.objects.get_for_model(Attachment)
        for (organisation_id, level), pks in files.items():
            for start in range(0, len(pks), CHUNK):
                ids = Attachment._base_manager.filter(
                    content_type=content_type, object_id__in=pks[start : start + CHUNK]
                ).values_list("pk", flat=True)
                _update(attachment_type, list(ids), organisation_id, level)


def entries_follow(entry, instance):
    """After ``entry`` (an update of ``instance``, written as the record is being saved) is written: if it changed
    a field its record's owner or level is read through, bring the earlier entries of the record, of its
    dependants and of their files to the owner and level the record is being saved with."""
    from phoihop.core.models import BaseModel

    changes = entry.changes
    if not isinstance(changes, dict) or not isinstance(instance, BaseModel) or instance.pk is None:
        return
    model = type(instance)
    changed = set(changes) & trigger_fields(model)
    if not changed:
        return
    reached = list(
        dict.fromkeys(
            (dependant, prefix)
            for dependant, prefix, following in _dependants().get(model._meta.concrete_model, ())
            if following in changed
        )
    )
    with transaction.atomic():
        # the record itself: the owner and level just copied onto the new entry
        key = (entry.organisation_id, entry.classification)
        _write(model, {key: [instance.pk]}, {(entry.organisation_id, instance.classification_level()): [instance.pk]})
        for dependant, prefix in reached:
            records = dependant._base_manager.filter(**{prefix: instance.pk})
            refresh(dependant, records, through=prefix, instance=instance)
