"""Search pickers: choosing one record (or several) of a table too large for a drop-down.

A drop-down of every organisation (2,000), commune (3,400), clause, marker or patrol (1,000,000) is unusable and
costs a query per option. A *picker* renders only the chosen option(s) — a plain ``<select>`` that submits the
current value without JavaScript — and ``static/phoihop/picker.js`` turns it into an ARIA combobox that asks
``/pick/<kind>/?q=…`` for at most :data:`LIMIT` matches as the user types.

* **One registry of kinds.** Each app declares in ``<app>/pickers.py`` (discovered at start-up) how its models are
  picked: :func:`register` with the label (what tells look-alikes apart: the parent and kind of an organisation,
  the agreement number of a clause, the district of a commune, the post of a marker), the order, the search and,
  for records with validity dates, what may still be chosen for a new record (``current``).
* **Every form and filter gets pickers by itself.** ``BaseModelForm`` and ``BaseFilterSet`` give each
  model-choice field whose model has a picker (and a plain select widget) a :class:`PickerSelect` or
  :class:`PickerSelectMultiple` (:func:`use_pickers`). Small fixed lists (kinds, statuses) stay selects.
* **The endpoint offers what the field accepts.** The widget names its form (or filter set) and field
  (``?field=<class>:<name>``; only classes that took part in :func:`use_pickers` are known). The endpoint builds
  that form or filter set for the requesting user and searches *the field's own queryset*, so it offers exactly
  what the field's validation accepts — the organisations where the user may record, the communes of the
  province, no abolished organisation on a new record — and always through the access gate
  (``restrict(user, "view")``), except on the fields a form declares open (``open_choice_fields``: the parties
  of an agreement: any organisation may be named there) and the participant fields (the units asked to lead a
  task, a visited organisation: ``core.access.participant_organisations``, the rule the API applies too), which
  are offered only to a user who may record that type somewhere, and the fields that choose the
  unit a figure is drawn for (``count_choice_fields``: the dashboard, the statistics pages), which offer what the
  user may count (``core.scope.countable_organisations``: the owners of "totals only" sharing rules too).
* **Dependent fields.** A field may narrow its matches to the value of another field of the same form (the
  villages of the chosen commune): the widget names that field (``data-picker-depends``), ``picker.js`` sends its
  value as a query parameter named after it (``&commune=12``), and the endpoint keeps the matches whose
  ``lookup`` (``parent``) is that record — itself read through the gate (:func:`dependency`).
* **Validation stays at the field.** The field's queryset is gated as before; an id outside it is refused with
  the field's (Vietnamese) message, never a 500.
"""

from __future__ import annotations

import datetime
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from django import forms
from django.db.models import Model, Q, QuerySet
from django.urls import reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _

from phoihop.core.text import search_terms

#: results per answer; the user types more to narrow
LIMIT = 20

_KINDS: dict[str, Picker] = {}
_SOURCES: dict[str, type] = {}


def default_search(queryset: QuerySet, query: str) -> QuerySet:
    """Every folded word of ``query`` in the record's folded ``search_text`` ("cao loc" finds "Cao Lộc")."""
    for term in search_terms(query):
        queryset = queryset.filter(search_text__contains=term)
    return queryset


@dataclass(frozen=True)
class Picker:
    kind: str
    model: type[Model]
    #: the text of an option: enough to tell look-alikes apart
    label: Callable[[Any], str]
    #: a second, smaller line (kind, parent, "abolished on …"), or None
    hint: Callable[[Any], str] | None = None
    order_by: tuple[str, ...] = ()
    select_related: tuple[str, ...] = ()
    search: Callable[[QuerySet, str], QuerySet] = default_search
    #: (today) → Q of the records a *new* choice may name (records with validity dates: not abolished); None: all
    current: Callable[[datetime.date], Q] | None = None
    #: () → Q every field with this picker is limited to (the communes of the deployment province, not the
    #: country's 3,400), unless the form or filter set names the field in ``national_choice_fields``; None: none
    limit: Callable[[], Q] | None = None
    #: (query) → an expression the matches are ordered by before ``order_by`` (0 first), or None: the
    #: organisations whose own name matches before those found by the name of the unit above them
    rank: Callable[[str], Any] | None = None

    def prepared(self, queryset: QuerySet) -> QuerySet:
        queryset = queryset.select_related(*self.select_related) if self.select_related else queryset
        return queryset.order_by(*self.order_by) if self.order_by else queryset

    def option(self, obj) -> dict:
        return {"id": str(obj.pk), "label": str(self.label(obj)), "hint": str(self.hint(obj)) if self.hint else ""}


def register(kind: str, model: type[Model], **options) -> Picker:
    picker = Picker(kind=kind, model=model, **options)
    _KINDS[kind] = picker
    return picker


def picker_of_kind(kind: str) -> Picker | None:
    return _KINDS.get(kind)


def picker_for(model) -> Picker | None:
    """The picker of ``model`` (or of its concrete parent), if one is registered."""
    for picker in _KINDS.values():
        if picker.model is model or (model is not None and issubclass(model, picker.model)):
            return picker
    return None


def today() -> datetime.date:
    return timezone.localdate()


def valid_on_q(day: datetime.date) -> Q:
    """Not abolished on ``day`` (``valid_to`` is the last day of validity)."""
    return Q(valid_to__isnull=True) | Q(valid_to__gte=day)


# --- the widgets ----------------------------------------------------------------------------------------------


class PickerMixin:
    """A select that holds only the chosen option(s); ``picker.js`` searches the rest on demand."""

    template_name = "django/forms/widgets/select.html"

    def __init__(self, kind: str, source: str | None = None, attrs=None, depends_on: str | None = None):
        super().__init__(attrs=attrs)
        self.kind = kind
        self.source = source
        #: the form field whose value narrows the matches (``dependency``), or None
        self.depends_on = depends_on

    @property
    def picker(self) -> Picker:
        return _KINDS[self.kind]

    def use_required_attribute(self, initial):
        # The select is hidden behind the search box: the browser could not point at it; the server checks.
        return False

    def _chosen(self, values) -> list:
        """The chosen records (one query, none without a choice): those of the field's queryset."""
        choices = self.choices
        queryset = getattr(choices, "queryset", None)
        field = getattr(choices, "field", None)
        if queryset is None or not values:
            return []
        key = getattr(field, "to_field_name", None) or "pk"
        key_field = queryset.model._meta.pk if key == "pk" else queryset.model._meta.get_field(key)
        from phoihop.core.numbers import out_of_range

        cleaned = []
        for value in values:
            try:
                value = key_field.to_python(value)
            except Exception:  # noqa: BLE001 - a malformed value is simply not shown; the field reports it
                continue
            if not out_of_range(value):
                cleaned.append(value)
        if not cleaned:
            return []
        found = {
            str(getattr(obj, key_field.attname)): obj
            for obj in self.picker.prepared(queryset.filter(**{f"{key}__in": cleaned})).order_by()
        }
        return [(value, found[value]) for value in map(str, values) if value in found]

    def optgroups(self, name, value, attrs=None):
        if not hasattr(self.choices, "queryset"):  # a fixed list: as a select would
            return super().optgroups(name, value, attrs)
        values = [str(v) for v in value if v not in (None, "")]
        groups = []
        index = 0
        if not self.allow_multiple_selected:
            empty = self._empty_label() or ""
            groups.append((None, [self.create_option(name, "", empty, not values, index, attrs=attrs)], index))
            index += 1
        for text, obj in self._chosen(values):
            option = self.create_option(name, text, self.picker.label(obj), True, index, attrs=attrs)
            groups.append((None, [option], index))
            index += 1
        return groups

    def _empty_label(self):
        """The field's own words for no choice ("All organisations you may see"), if it has some."""
        label = getattr(getattr(self.choices, "field", None), "empty_label", None)
        return label if label is not None and str(label) != "---------" else None

    def url(self) -> str:
        url = reverse("core:pick", args=[self.kind])
        return f"{url}?field={self.source}" if self.source else url

    def depends_attrs(self, name) -> str:
        """The attributes naming the field whose value narrows the matches: its html name (with this field's form
        prefix: "form-0-village" reads "form-0-commune") and the query parameter it is sent as (its field name)."""
        if not self.depends_on:
            return ""
        field_name = (self.source or "").rpartition(":")[2]
        prefix = name[: -len(field_name)] if field_name and name.endswith(field_name) else ""
        return format_html(
            ' data-picker-depends="{}" data-picker-depends-param="{}"', prefix + self.depends_on, self.depends_on
        )

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs=attrs, renderer=renderer)
        return format_html(
            '<div class="picker" data-picker="{}" data-picker-name="{}"{}{}'
            ' data-text-placeholder="{}" data-text-empty="{}" data-text-more="{}" data-text-remove="{}"'
            ' data-text-clear="{}" data-text-error="{}" data-text-count="{}">{}</div>',
            self.url(),
            name,
            mark_safe(" data-picker-multiple") if self.allow_multiple_selected else "",
            self.depends_attrs(name),
            self._empty_label() or _("Type to search…"),
            _("Nothing found."),
            _("More results: type more to narrow the search."),
            _("Remove from the choice"),
            _("Clear the choice"),
            _("The search failed; try again."),
            _("{count} results"),
            select,
        )


class PickerSelect(PickerMixin, forms.Select):
    pass


class PickerSelectMultiple(PickerMixin, forms.SelectMultiple):
    pass


# --- forms and filter sets ------------------------------------------------------------------------------------


def source_key(cls) -> str:
    return f"{cls.__module__}.{cls.__qualname__}"


def register_source(cls) -> None:
    """Make a form or filter-set class nameable by its pickers (``BaseModelForm`` and ``GuardedFilterSet`` do it
    for each subclass); a class needs a ``picker_form(request)`` classmethod."""
    _SOURCES[source_key(cls)] = cls


def use_pickers(form, owner_class) -> None:
    """Give every model-choice field of ``form`` whose model has a picker a picker widget, named after
    ``owner_class`` (the form or filter set class, so the endpoint can rebuild the field's choices)."""
    key = source_key(owner_class)
    _SOURCES.setdefault(key, owner_class)  # a form class that was not registered at its definition
    for name, field in form.fields.items():
        if not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        widget = field.widget
        if type(widget) not in (forms.Select, forms.SelectMultiple):  # trees, checkboxes, hidden inputs stay
            continue
        picker = picker_for(field.queryset.model)
        if picker is None:
            continue
        if picker.limit is not None and name not in getattr(owner_class, "national_choice_fields", ()):
            field.queryset = field.queryset.filter(picker.limit())
        cls = PickerSelectMultiple if isinstance(field, forms.ModelMultipleChoiceField) else PickerSelect
        depends = dependency(owner_class, name, field)
        other = depends[0] if depends and depends[0] in form.fields else None
        new = cls(picker.kind, source=f"{key}:{name}", attrs=dict(widget.attrs), depends_on=other)
        new.is_required = widget.is_required
        new.is_localized = widget.is_localized
        field.widget = new
        new.choices = field.choices


def dependency(owner_class, name, field) -> tuple[str, str] | None:
    """(other field, lookup) when field ``name`` narrows its matches to the value of the form's ``other`` field:
    the class's ``dependent_choice_fields`` ({"indicator": ("programme", "programme")}) or the field's own
    ``picker_depends_on`` (a village field: ``("commune", "parent")``); None otherwise."""
    declared = getattr(owner_class, "dependent_choice_fields", None) or {}
    depends = declared.get(name) or getattr(field, "picker_depends_on", None)
    if depends and depends[0] in ("q", "field"):  # the endpoint's own parameters
        raise ValueError(f"{source_key(owner_class)}.{name} cannot depend on a field named {depends[0]!r}")
    return tuple(depends) if depends else None


class PickerFormMixin:
    """A plain ``forms.Form`` (not a ``BaseModelForm``) whose organisation, commune … fields are search pickers:
    call ``self.use_pickers()`` once its querysets are set (before ``style_widgets``). ``picker_form`` builds it as
    ``cls(user=request.user)``; a form with other arguments overrides it."""

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        register_source(cls)

    @classmethod
    def picker_form(cls, request):
        return cls(user=request.user)

    def use_pickers(self):
        use_pickers(self, type(self))


def held_values(form, name) -> list:
    """The keys the record being edited already holds in field ``name`` (kept choosable, abolished or not)."""
    initial = form.initial.get(name, form.fields[name].initial)
    if callable(initial):
        initial = initial()
    if initial in (None, ""):
        return []
    items = initial if isinstance(initial, list | tuple | set | QuerySet) else [initial]
    return [getattr(item, "pk", item) for item in items if item not in (None, "")]


def keep_current_choices(form) -> None:
    """New choices name no abolished record (an organisation past its ``valid_to``); the values the record
    already holds stay, so editing a record of a unit abolished since keeps it. Fields named in the form's
    ``history_choice_fields`` (predecessors …) are left alone. Idempotent."""
    if getattr(form, "_phoihop_current_choices", False):
        return
    form._phoihop_current_choices = True
    skip = set(getattr(form, "history_choice_fields", ()))
    day = today()
    for name, field in form.fields.items():
        if name in skip or not isinstance(field, forms.ModelChoiceField) or field.queryset is None:
            continue
        picker = picker_for(field.queryset.model)
        if picker is None or picker.current is None:
            continue
        q = picker.current(day)
        held = held_values(form, name)
        if held:
            q |= Q(pk__in=held)
        before = field.queryset
        field.queryset = before.filter(q)
        _explain_abolished(field, before, picker, day)


def _explain_abolished(field, before, picker, day) -> None:
    """An abolished record refused at the field says so (and names the successor), instead of "not a choice"."""
    if getattr(field, "_phoihop_explains", False):
        return
    field._phoihop_explains = True
    clean = field.clean

    def explaining_clean(value):
        try:
            return clean(value)
        except forms.ValidationError as error:
            if not any(getattr(e, "code", None) == "invalid_choice" for e in error.error_list):
                raise
            values = value if isinstance(value, list | tuple) else [value]
            keys = [v for v in values if str(v).isdigit()]
            # refused only for being abolished: the field would otherwise have accepted it
            stale = list(before.filter(pk__in=keys).exclude(picker.current(day))[:1]) if keys else []
            if not stale:
                raise
            raise forms.ValidationError(abolished_message(stale[0]), code="abolished") from None

    field.clean = explaining_clean


def abolished_message(obj) -> str:
    successor = getattr(obj, "successor", None)
    if successor is not None:
        return _(
            "%(name)s was abolished on %(date)s and cannot be chosen for a new record; choose its "
            "successor %(successor)s."
        ) % {"name": obj, "date": obj.valid_to.strftime("%d/%m/%Y"), "successor": successor}
    return _("%(name)s was abolished on %(date)s and cannot be chosen for a new record.") % {
        "name": obj,
        "date": obj.valid_to.strftime("%d/%m/%Y"),
    }


def abolished_choices(instance, attrs) -> dict:
    """{field: [message]} for the abolished records ``attrs`` (an API payload's validated values) newly names;
    those ``instance`` already holds are kept. The API's counterpart of :func:`keep_current_choices`."""
    errors = {}
    day = today()
    for name, value in attrs.items():
        values = list(value) if isinstance(value, list | tuple | set) else [value]
        objects = [v for v in values if isinstance(v, Model)]
        if not objects:
            continue
        picker = picker_for(type(objects[0]))
        if picker is None or picker.current is None:
            continue
        held = set()
        if instance is not None and instance.pk:
            current = getattr(instance, name, None)
            if hasattr(current, "all"):
                held = set(current.all().values_list("pk", flat=True))
            elif current is not None:
                held = {getattr(current, "pk", current)}
        new = [obj for obj in objects if obj.pk not in held]
        if not new:
            continue
        stale = picker.model._base_manager.filter(pk__in=[obj.pk for obj in new]).exclude(picker.current(day))
        stale = list(stale[:1])
        if stale:
            errors[name] = [abolished_message(stale[0])]
    return errors


# --- the endpoint ---------------------------------------------------------------------------------------------


class UnknownSource(LookupError):
    pass


def field_for(source: str, request):
    """(form or filter-set form, field, owner class, field name) of ``source`` = ``<class>:<field>``, built for
    the requesting user."""
    key, _sep, name = (source or "").partition(":")
    owner = _SOURCES.get(key)
    if owner is None or not name:
        raise UnknownSource(source)
    build = getattr(owner, "picker_form", None)
    if build is None:
        raise UnknownSource(source)
    try:
        form = build(request)
    except TypeError:  # a form that needs more than the user (a task's units …) names its own picker_form
        raise UnknownSource(source) from None
    if form is None or name not in form.fields:
        raise UnknownSource(source)
    return form, form.fields[name], owner, name


def offered(picker: Picker, request, source: str | None) -> QuerySet:
    """What the picker may offer ``request.user``: the gate, narrowed to the field's own choices."""
    from phoihop.core.access import has_role

    user = request.user
    gated = picker.model.objects.restrict(user, "view")
    if not source:
        return gated.filter(picker.limit()) if picker.limit is not None else gated
    form, field, owner, name = field_for(source, request)
    queryset = field.queryset
    if queryset is None or not issubclass(queryset.model, picker.model):
        raise UnknownSource(source)
    queryset = narrowed(queryset, form, owner, name, field, request)
    if name in getattr(owner, "open_choice_fields", ()) or name in getattr(form, "participant_fields", ()):
        # Beyond the view gate, as the form offers: any organisation (a party to an agreement) or a participant
        # (a unit asked to lead, a partner: ``core.access.participant_organisations``, the API's rule too), to a
        # user who may record this type somewhere.
        model = getattr(getattr(owner, "_meta", None), "model", None)
        role = getattr(model, "access_edit_role", None)
        if user.is_superuser or (role is not None and has_role(user, role)):
            return queryset
        return queryset.none()
    if name in getattr(owner, "count_choice_fields", ()):
        # The unit a figure is drawn for (dashboard, statistics pages): what the user may *count*, which includes
        # the owners of "totals only" sharing rules that the view gate does not show.
        from phoihop.core.scope import countable_organisations

        return countable_organisations(user).filter(pk__in=queryset.order_by().values("pk"))
    return gated.filter(pk__in=queryset.order_by().values("pk"))


def narrowed(queryset: QuerySet, form, owner, name, field, request) -> QuerySet:
    """The field's choices narrowed to the value the request gives for the field it depends on (the villages of
    ``?commune=12``); that record is read through the gate, so a commune — or a programme — the user may not see
    narrows to nothing. No value, or a field that depends on nothing: the choices as they are."""
    depends = dependency(owner, name, field)
    if not depends or depends[0] not in form.fields:
        return queryset
    other, lookup = depends
    raw = request.GET.get(other, "").strip()
    if not raw:
        return queryset
    other_field = form.fields[other]
    model = getattr(getattr(other_field, "queryset", None), "model", None)
    if model is None:
        return queryset.none()
    key = getattr(other_field, "to_field_name", None) or "pk"
    key_field = model._meta.pk if key == "pk" else model._meta.get_field(key)
    from phoihop.core.numbers import out_of_range

    try:
        value = key_field.to_python(raw)
    except Exception:  # noqa: BLE001 - garbage narrows to nothing, as the form would refuse it
        return queryset.none()
    if out_of_range(value):
        return queryset.none()
    manager = model.objects
    allowed = manager.restrict(request.user, "view") if hasattr(manager, "restrict") else other_field.queryset
    return queryset.filter(**{f"{lookup}__in": allowed.filter(**{key: value}).values("pk")})


def search(picker: Picker, queryset: QuerySet, query: str, limit: int = LIMIT) -> tuple[list, bool]:
    """(options, more): at most ``limit`` matches in the picker's order, and whether there are more."""
    queryset = picker.prepared(picker.search(queryset, query or ""))
    rank = picker.rank(query or "") if picker.rank is not None else None
    if rank is not None:
        queryset = queryset.order_by(rank, *picker.order_by)
    rows = list(queryset[: limit + 1])
    return [picker.option(obj) for obj in rows[:limit]], len(rows) > limit
