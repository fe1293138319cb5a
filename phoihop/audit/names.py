"""The names of the records a history entry refers to, through the access gate.

An entry prints other records than its own: the value of a foreign key ("Văn bản: 64/KH-BCH"), the records added
to or removed from a many-to-many field, the two ends of a relation ("15-NQ/TU thực hiện 64/KH-BCH"). Each is
printed only to a reader who may open it (``Model.objects.restrict(user)``, deleted rows included: the name of a
record one could read before it went to the recycle bin is no secret); it is a link only while the record is live.
The rule is ``phoihop.core.naming``'s, the same as on every page: a placeholder — "[classified record]" above the
reader's clearance, "[record you may not view]" otherwise — unless the name is public structure (an organisation)
or the label of what the entry's record implements (its clause), printed as plain text.

:class:`HistoryNames` resolves them for a page of entries at once: one query per relation type among the entries
(its ends), then one per record type referred to, whatever the number of rows.
"""

from collections import defaultdict

from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import FieldDoesNotExist

from phoihop.core import naming
from phoihop.core.naming import Ref


class RefList(str):
    """Records added to or removed from a many-to-many field: "added: A, B", each a :class:`Ref`."""

    def __new__(cls, operation, refs):
        refs = list(refs)
        ref_list = super().__new__(cls, f"{operation}: {', '.join(refs)}")
        ref_list.operation = operation
        ref_list.refs = refs
        return ref_list


def hidden_ref(classified=False, model=None):
    """The placeholder of a record the reader may not open."""
    return naming.hidden_ref(classified, model)


def entry_model(entry):
    """The record type of ``entry`` (from the content type cache: no query)."""
    if not entry.content_type_id:
        return None
    return ContentType.objects.get_for_id(entry.content_type_id).model_class()


def model_field(model, name):
    if model is None:
        return None
    try:
        return model._meta.get_field(name)
    except FieldDoesNotExist:
        return None


_is_gated = naming.is_gated


def _pk(raw):
    text = str(raw) if raw is not None else ""
    return int(text) if text.isdigit() else None


def m2m_pks(entry, name):
    """The ids of the records a many-to-many entry names (written since ``ChangeRecordManager``), or None."""
    data = entry.additional_data if isinstance(entry.additional_data, dict) else {}
    pks = (data.get("m2m") or {}).get(name)
    return pks if isinstance(pks, list) else None


class HistoryNames:
    """The records ``entries`` refer to, resolved for ``user``."""

    def __init__(self, user, entries):
        self.user = user
        self.entries = list(entries)
        self.entry_pks = {entry.pk for entry in self.entries}
        self._record_names = naming.RecordNames(user)
        self._ends = {}  # (relation model, pk) → [(end model, pk)]
        wanted = defaultdict(dict)
        relations = defaultdict(set)
        for entry in self.entries:
            model = entry_model(entry)
            for related, pk, implemented in self._references(entry, model):
                wanted[related][pk] = wanted[related].get(pk, False) or implemented
            if model is not None and getattr(model, "access_relation_ends", ()) and _pk(entry.object_pk) is not None:
                relations[model].add(_pk(entry.object_pk))
        for model, pks in relations.items():
            ends = [model._meta.get_field(name) for name in model.access_relation_ends]
            rows = model._base_manager.filter(pk__in=pks).values_list("pk", *(f.attname for f in ends))
            for pk, *end_pks in rows:
                self._ends[(model, pk)] = [
                    (field.related_model, end_pk) for field, end_pk in zip(ends, end_pks, strict=True)
                ]
                for field, end_pk in zip(ends, end_pks, strict=True):
                    if end_pk is not None:
                        wanted[field.related_model].setdefault(end_pk, False)
        for model, pks in wanted.items():
            for pk, implemented in pks.items():
                self._record_names.add(model, pk, implemented=implemented)
        self._record_names.resolve()

    # --- what the entries refer to ------------------------------------------------------------------------------
    @staticmethod
    def _references(entry, model):
        """(related model, pk, implemented?) of every record ``entry``'s changes name."""
        changes = entry.changes if isinstance(entry.changes, dict) else {}
        implemented = set(naming.implements_fields(model)) if model is not None else set()
        for name, values in changes.items():
            field = model_field(model, name)
            if field is None or not field.is_relation or field.related_model is None:
                continue
            if field.many_to_many:
                for pk in m2m_pks(entry, name) or ():
                    if _pk(pk) is not None:
                        yield field.related_model, _pk(pk), False
            elif field.concrete and (field.many_to_one or field.one_to_one):
                for raw in values if isinstance(values, list) else [values]:
                    if _pk(raw) is not None:
                        yield field.related_model, _pk(raw), name in implemented

    # --- what a page prints -------------------------------------------------------------------------------------
    def ref(self, model, raw):
        """The related record ``raw`` (its id as the entry stores it) of ``model``; "#id" when it is gone."""
        pk = _pk(raw)
        if pk is None:
            return Ref(str(raw))
        return self._record_names.ref(model, pk)

    def _known(self, model, pk):
        """The end ``pk`` of a relation; a placeholder when it is gone (it cannot be checked)."""
        found = self._record_names.ref(model, pk)
        return hidden_ref() if found is None or str(found) == f"#{pk}" else found

    def m2m_refs(self, entry, name, field=None):
        """The records a many-to-many entry names. An entry written before the ids were kept names records
        nobody can check now: their names are printed only for reference data every user reads."""
        field = field or model_field(entry_model(entry), name)
        values = (entry.changes or {}).get(name) or {}
        names = values.get("objects", []) if isinstance(values, dict) else []
        related = getattr(field, "related_model", None)
        pks = m2m_pks(entry, name)
        if pks is not None and related is not None:
            return [self.ref(related, pk) for pk in pks]
        if related is not None and (not _is_gated(related) or getattr(related, "access_public_read", False)):
            return [Ref(str(text)) for text in names]
        return [hidden_ref() for _text in names]

    def record_name(self, entry):
        """The entry's own record as the reader may see it: its name when written (the entry has passed the gate
        with its record's owner and level), unless it is a relation one of whose ends the reader may not open."""
        model = entry_model(entry)
        if model is None or not getattr(model, "access_relation_ends", ()):
            return entry.object_repr
        ends = self._ends.get((model, _pk(entry.object_pk)))
        if ends is None:
            return hidden_ref()
        # an end that is gone cannot be checked: its name in the entry is not printed either
        refs = [self._known(end_model, pk) for end_model, pk in ends if pk is not None]
        hidden = [ref for ref in refs if ref.hidden]
        if hidden:
            return next((ref for ref in hidden if ref.classified), hidden[0])
        return entry.object_repr
