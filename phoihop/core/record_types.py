"""Choosing a record type (a ContentType) in a form or a filter: only phoihop's own record types, each by its
Vietnamese name ("Nhiệm vụ"), never every installed model by its app and model names ("Tasks Database Backend |
Task Result", "Axes | access attempt")."""

import django_filters
from django import forms
from django.apps import apps
from django.contrib.contenttypes.models import ContentType
from django.utils.text import capfirst

from phoihop.core.models import BaseModel
from phoihop.core.text import fold


def phoihop_record_types():
    """The record types of phoihop's apps (subclasses of BaseModel), not those of a package or of the tests."""
    return [m for m in apps.get_models() if issubclass(m, BaseModel) and m.__module__.startswith("phoihop.")]


def record_type_queryset():
    types = ContentType.objects.get_for_models(*phoihop_record_types())
    return ContentType.objects.filter(pk__in=[ct.pk for ct in types.values()])


def record_type_label(content_type):
    model = content_type.model_class()
    return capfirst(model._meta.verbose_name) if model is not None else content_type.model


class _ByName(forms.models.ModelChoiceIterator):
    def __iter__(self):
        choices = list(super().__iter__())
        empty = [choice for choice in choices if choice[0] == ""]
        yield from empty + sorted((c for c in choices if c[0] != ""), key=lambda choice: fold(str(choice[1])))


class RecordTypeChoiceField(forms.ModelChoiceField):
    """A record type by its name, in the alphabetical order of the names in the user's language."""

    iterator = _ByName

    def label_from_instance(self, obj):
        return record_type_label(obj)


class RecordTypeFilter(django_filters.ModelChoiceFilter):
    field_class = RecordTypeChoiceField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("queryset", lambda request: record_type_queryset())
        super().__init__(*args, **kwargs)


def record_type_field(field):
    """A form's ContentType field (a model form's ``content_type``) as a choice of phoihop's record types, with the
    same label, help text, requirement and widget."""
    return RecordTypeChoiceField(
        queryset=record_type_queryset(),
        required=field.required,
        label=field.label,
        help_text=field.help_text,
        widget=field.widget,
        empty_label=field.empty_label,
    )
