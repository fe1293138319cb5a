import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.numbers import check_range
from phoihop.core.text import nfc_data, search_terms


def holds_integers(field) -> bool:
    """True for a form field whose input becomes an integer (or an id) in a database query."""
    if isinstance(field, forms.ModelChoiceField):  # ModelMultipleChoiceField too
        model = field.queryset.model
        key = model._meta.get_field(field.to_field_name) if field.to_field_name else model._meta.pk
        return isinstance(key, models.IntegerField | models.ForeignKey)
    if isinstance(field, forms.MultiValueField):  # ranges
        return any(holds_integers(sub) for sub in field.fields)
    return isinstance(field, forms.IntegerField | forms.DecimalField | forms.FloatField)


def guard_integer_range(field):
    """Refuse numbers beyond 64 bits before ``field`` reaches the database (SQLite raises OverflowError)."""
    clean = field.clean

    def guarded_clean(value):
        check_range(value)
        return clean(value)

    field.clean = guarded_clean


BOOLEAN_INPUTS = {"", "true", "false", "1", "0", "2", "3", "unknown", "yes", "no", "on", "off"}


def guard_boolean(form, name, field):
    """A yes/no filter refuses a value it does not understand instead of silently ignoring it."""
    clean = field.clean

    def guarded_clean(value):
        raw = form.data.get(form.add_prefix(name)) if form.data is not None else None
        if raw is not None and str(raw).strip().lower() not in BOOLEAN_INPUTS:
            raise ValidationError(_("Choose yes or no."), code="invalid")
        return clean(value)

    field.clean = guarded_clean


class GuardedFilterSet(django_filters.FilterSet):
    """The input rules every filter set follows, with or without a search box: values composed (NFC), choices
    through the access gate, integers within 64 bits and yes/no filters that refuse what they don't understand."""

    def __init__(self, data=None, *args, request=None, **kwargs):
        # Free text and every other filter value compared composed (NFC), as the records are stored.
        super().__init__(nfc_data(data) if data is not None else None, *args, request=request, **kwargs)
        # A filter builds its form field once and keeps it (``Filter._field``). Something that reads the class's
        # own filters (the OpenAPI schema does) would leave a field built without this request's label, language
        # and gated queryset in every copy: each filter set builds its fields afresh.
        for flt in self.filters.values():
            flt.__dict__.pop("_field", None)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        # Choices offered by the filters pass through the access gate too: a drop-down must not list
        # records the user may not see.
        for flt in self.filters.values():
            queryset = getattr(flt, "queryset", None)
            if queryset is not None and not callable(queryset) and hasattr(queryset, "restrict"):
                flt.queryset = queryset.restrict(user)

    def __init_subclass__(cls, **kwargs):
        super().__init_subclass__(**kwargs)
        from phoihop.core.pickers import register_source

        register_source(cls)  # its search pickers name it (``core.pickers``)

    @classmethod
    def picker_form(cls, request):
        """The filter form as ``request.user`` gets it: the search pickers offer its fields' choices."""
        return cls(None, request=request).form

    @property
    def form(self):
        form = super().form
        if not getattr(form, "_phoihop_prepared", False):
            from phoihop.core.forms import style_widgets
            from phoihop.core.pickers import use_pickers

            # Organisations, communes, clauses, markers, patrols …: searched on demand, never a drop-down of the
            # whole table. Filters may name abolished organisations (searching history).
            use_pickers(form, type(self))
            style_widgets(form)
            for name, field in form.fields.items():
                if holds_integers(field):
                    guard_integer_range(field)
                elif isinstance(field, forms.NullBooleanField):
                    guard_boolean(form, name, field)
            form._phoihop_prepared = True
        return form


def acting_organisations(user) -> list:
    """The organisations ``user`` works for: their memberships as reporter or above (the roots of the subtrees)."""
    from django.apps import apps

    from phoihop.core.access import member_paths
    from phoihop.core.choices import Role

    if user is None or not getattr(user, "is_authenticated", False):
        return []
    paths = member_paths(user, Role.REPORTER)
    if not paths:
        return []
    Organisation = apps.get_model("orgs", "Organisation")
    return list(Organisation.objects.filter(path__in=paths))


class IntegerFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class BaseFilterSet(GuardedFilterSet):
    """One filter definition per model, used by its list page, its API endpoint and its exports.

    ``q`` searches the folded ``search_text`` column, so case, diacritics and Unicode normalisation
    do not matter: "ba son" finds "Ba Sơn", "dong dang" finds "Đồng Đăng".

    ``within`` (an organisation's id) keeps the records that concern the organisation *or a unit below it*, by the
    scope rule every figure follows (``core.scope.Scope.concerning_q``: owned by it or involving it as a
    participant; ``within_fields`` names the organisation fields instead where the list's figure reads only some).
    So a number of the dashboard, the statistics page or a report opens a list holding exactly the records it
    counts. Only for models owned by an organisation; an organisation the user may not count gives no rows.
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))
    within = IntegerFilter(
        method="filter_within", label=_("Within the organisation (with its units)"), widget=forms.HiddenInput
    )

    mine = django_filters.BooleanFilter(
        method="filter_mine", label=_("Of the organisations I work for"), widget=forms.HiddenInput
    )

    #: the organisation fields ``within`` reads (None: the owner and the participants, as the gate does)
    within_fields = None
    #: the organisation fields ``mine`` reads (None: those of ``within``)
    mine_fields = None

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        model = self.queryset.model if self.queryset is not None else getattr(self._meta, "model", None)
        if model is None or getattr(model, "access_org_field", None) is None or hasattr(model, "access_scope"):
            self.filters.pop("within", None)
            self.filters.pop("mine", None)

    def search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    def within_organisation(self):
        """The organisation ``within`` names, if the user may count its records (else None)."""
        from django.apps import apps

        from phoihop.core.choices import Action

        value = self.form.cleaned_data.get("within") if hasattr(self.form, "cleaned_data") else None
        user = getattr(self.request, "user", None)
        if value is None or user is None:
            return None
        Organisation = apps.get_model("orgs", "Organisation")
        return Organisation.objects.restrict(user, Action.COUNT).filter(pk=value).first()

    def filter_mine(self, queryset, name, value):
        """``mine=true``: the records concerning the organisations the user works for — those where they are a
        reporter or above, with the units below them (the "Việc cần xử lý" lists)."""
        from phoihop.core.scope import Scope

        if value is None:
            return queryset
        user = getattr(self.request, "user", None)
        organisations = acting_organisations(user)
        if not organisations:
            return queryset.none() if value else queryset
        scope = Scope(user=user, organisations=organisations)
        q = scope.concerning_q(queryset.model, self.mine_fields or self.within_fields)
        return queryset.filter(q) if value else queryset.exclude(q)

    def filter_within(self, queryset, name, value):
        from phoihop.core.scope import Scope

        organisation = self.within_organisation()
        if organisation is None:
            return queryset.none()
        scope = Scope(user=self.request.user, organisations=[organisation])
        return queryset.filter(scope.concerning_q(queryset.model, self.within_fields))


class ValidityFilterMixin(django_filters.FilterSet):
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on (dd/mm/yyyy)"))

    def filter_valid_on(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=value)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )
