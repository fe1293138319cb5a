"""How a page, an export, the history or an API response names a record other than the one it shows.

One rule, everywhere (docs/architecture.md, "Naming related records"):

1. a related record the reader may open (``Model.objects.restrict(user)``) is named, and linked while it is live;
2. a record above the reader's clearance is never named: "[classified document]" / "[classified record]";
3. a record whose name is public structure — an organisation, an administrative area, a user, reference data
   every user reads (``access_name_public`` or ``access_public_read``) — is named as plain text, without a link
   when the reader may not open it (a task names its lead and coordinating units to every participant);
4. the clause, directive or conclusion a record implements (its model's ``access_implements_fields``) is named as
   plain text, without a link, to whoever reads that record — the label of what one's own work carries out is no
   secret from the one who carries it out; its content stays behind the gate;
5. any other record is not named: "[record you may not view]".

:class:`RecordNames` resolves many records at once — one query per record type, whatever the number of records —
so a page of rows or a chunk of an export costs the same few queries.
"""

from collections import defaultdict

from django.db.models import Exists, F, OuterRef, Value
from django.utils.translation import gettext as _

from phoihop.core.access import classification_path, restrict


class Ref(str):
    """A related record as the reader may see it: its name (or a placeholder), a link when they may open it."""

    def __new__(cls, text, url="", hidden=False, classified=False):
        ref = super().__new__(cls, text)
        ref.url = url
        ref.hidden = hidden
        ref.classified = classified
        return ref


class RefList(list):
    """Several related records (a many-to-many field): printed "A, B", each a :class:`Ref` for the template."""

    def __str__(self):
        return ", ".join(self)


def hidden_ref(classified=False, model=None):
    """The placeholder of a record the reader may not open."""
    if classified:
        is_document = model is not None and model._meta.label_lower == "work.document"
        text = _("[classified document]") if is_document else _("[classified record]")
    else:
        text = _("[record you may not view]")
    return Ref(text, hidden=True, classified=classified)


def is_gated(model) -> bool:
    """Whether ``model``'s records pass through the access gate (every phoihop record type and the users); a
    framework table (content types) is not a record anyone is kept from."""
    return hasattr(model._default_manager, "restrict")


def name_is_public(model) -> bool:
    """Whether the names of ``model``'s records are public structure (rule 3)."""
    return (
        not is_gated(model)
        or getattr(model, "access_name_public", False)
        or getattr(model, "access_public_read", False)
    )


def named_relation(model, attribute):
    """The model field of ``model`` that ``attribute`` ("document", "document__number") names another record by,
    when that record passes the gate and its name is not public structure: what a column must check before it
    prints the record. None otherwise (a plain field, a method, an organisation)."""
    from django.core.exceptions import FieldDoesNotExist

    if not isinstance(attribute, str) or not attribute:
        return None
    try:
        field = model._meta.get_field(attribute.split("__")[0])
    except FieldDoesNotExist:
        return None
    related = getattr(field, "related_model", None)
    if not field.is_relation or related is None or not field.concrete or name_is_public(related):
        return None
    return field


def implements_fields(model) -> tuple:
    return tuple(getattr(model, "access_implements_fields", ()))


class RecordNames:
    """The names of related records for ``user``: ``add`` what a page refers to, then ``ref`` each."""

    def __init__(self, user, *, texts=True):
        self.user = user
        #: False when only "may it be named?" is asked (an export writes a named record its own way): no name is
        #: computed, so no ``__str__`` reads what the record's name joins
        self.texts = texts
        self.clearance = int(getattr(user, "clearance", 0) or 0)
        self._wanted = defaultdict(dict)  # model → {pk: implemented?}
        self._refs = {}  # (model, pk) → Ref
        self._instances = {}  # (model, pk) → an instance already loaded (its name without a query)

    # --- what is wanted -------------------------------------------------------------------------------------
    def add(self, model, pk, *, implemented=False, instance=None):
        if pk is None:
            return
        model = model._meta.concrete_model
        key = (model, pk)
        if key in self._refs and (not implemented or not self._refs[key].hidden):
            return
        self._wanted[model][pk] = self._wanted[model].get(pk, False) or implemented
        if instance is not None:
            self._instances[key] = instance

    def add_instance(self, instance, *, implemented=False):
        if instance is not None:
            self.add(type(instance), instance.pk, implemented=implemented, instance=instance)

    def add_related(self, obj, names=None):
        """The records ``obj``'s foreign keys name (``names``, or every one), marking the implemented ones."""
        implemented = set(implements_fields(type(obj)))
        for field in obj._meta.concrete_fields:
            if not field.many_to_one and not field.one_to_one:
                continue
            if names is not None and field.name not in names:
                continue
            pk = getattr(obj, field.attname)
            if pk is None:
                continue
            cached = field.get_cached_value(obj, None) if field.is_cached(obj) else None
            self.add(field.related_model, pk, implemented=field.name in implemented, instance=cached)

    # --- resolving --------------------------------------------------------------------------------------------
    def resolve(self):
        wanted, self._wanted = self._wanted, defaultdict(dict)
        for model, pks in wanted.items():
            self._resolve(model, pks)
        return self

    def _resolve(self, model, pks):
        """One query: the records ``pks`` of ``model``, whether the reader may open each, and its level."""
        if name_is_public(model) and not is_gated(model):
            missing = [pk for pk in pks if (model, pk) not in self._instances]
            loaded = {pk: self._instances[(model, pk)] for pk in pks if (model, pk) in self._instances}
            if missing:
                loaded.update({record.pk: record for record in model._base_manager.filter(pk__in=missing)})
            for pk, record in loaded.items():
                self._refs[(model, pk)] = Ref(str(record))
            return
        # a name often reads the records it belongs to ("Chi bộ Đồn Ba Sơn (Chủ trì)"): joined, not one query each
        parents = [f.name for f in model._meta.concrete_fields if f.many_to_one and not f.null]
        records = model._base_manager.filter(pk__in=list(pks))
        if parents:  # (``select_related()`` with no names would follow every foreign key, at any depth)
            records = records.select_related(*parents)
        gated = restrict(model._base_manager.all(), self.user)
        may_view = Value(False) if gated.query.is_empty() else Exists(gated.filter(pk=OuterRef("pk")))
        records = records.annotate(_name_may_view=may_view)
        level = classification_path(model)
        if level:
            records = records.annotate(_name_level=F(level))
        public = name_is_public(model)
        for record in records:
            key = (model, record.pk)
            record_level = int(getattr(record, "_name_level", 0) or 0)
            # the name from the instance the caller already holds (its own joins), else from this query's row
            named = self._instances.get(key, record) if self.texts else ""
            if record._name_may_view:
                live = getattr(record, "deleted_at", None) is None
                url = record.get_absolute_url() if live and hasattr(record, "get_absolute_url") else ""
                self._refs[key] = Ref(str(named), url=url or "")
            elif record_level > self.clearance:
                self._refs[key] = hidden_ref(True, model)
            elif public or pks.get(record.pk):
                self._refs[key] = Ref(str(named))
            else:
                self._refs[key] = hidden_ref(False, model)

    # --- what a page prints -----------------------------------------------------------------------------------
    def ref(self, model, pk):
        """The related record ``pk`` of ``model`` as the reader may see it; "#id" when it is gone."""
        if pk is None:
            return None
        model = model._meta.concrete_model
        key = (model, pk)
        if pk in self._wanted.get(model, {}):
            self.resolve()
        return self._refs.get(key) or Ref(f"#{pk}")

    def ref_of(self, instance):
        if instance is None:
            return None
        return self.ref(type(instance), instance.pk)

    def related(self, obj, name):
        """The record ``obj.<name>`` names (a foreign key), as the reader may see it."""
        field = obj._meta.get_field(name)
        return self.ref(field.related_model, getattr(obj, field.attname))


def names_for(request):
    """The request's :class:`RecordNames` (one per request, so a page resolves each record once)."""
    names = getattr(request, "_phoihop_record_names", None)
    if names is None or names.user is not request.user:
        names = RecordNames(request.user)
        request._phoihop_record_names = names
    return names


def ref(user_or_names, instance, *, implemented=False):
    """One related record as ``user`` may see it (one query): for detail pages and single values."""
    if instance is None:
        return None
    names = user_or_names if isinstance(user_or_names, RecordNames) else RecordNames(user_or_names)
    names.add_instance(instance, implemented=implemented)
    return names.ref_of(instance)


def refs(user_or_names, instances, *, implemented=False):
    """Several related records (of any types) as ``user`` may see them, in one query per type."""
    names = user_or_names if isinstance(user_or_names, RecordNames) else RecordNames(user_or_names)
    instances = [instance for instance in instances if instance is not None]
    for instance in instances:
        names.add_instance(instance, implemented=implemented)
    names.resolve()
    return [names.ref_of(instance) for instance in instances]
