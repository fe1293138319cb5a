import django_filters
from django.utils.translation import gettext_lazy as _

from phoihop.core.text import nfc_data, search_terms


class BaseFilterSet(django_filters.FilterSet):
    """One filter definition per model, used by its list page, its API endpoint and its exports.

    ``q`` searches the folded ``search_text`` column, so case, diacritics and Unicode normalisation
    do not matter: "ba son" finds "Ba Sơn", "dong dang" finds "Đồng Đăng".
    """

    q = django_filters.CharFilter(method="search", label=_("Search"))

    def __init__(self, data=None, *args, request=None, **kwargs):
        # Free text and every other filter value compared composed (NFC), as the records are stored.
        super().__init__(nfc_data(data) if data is not None else None, *args, request=request, **kwargs)
        user = getattr(request, "user", None)
        if user is None or not user.is_authenticated:
            return
        # Choices offered by the filters pass through the access gate too: a drop-down must not list
        # records the user may not see.
        for flt in self.filters.values():
            queryset = getattr(flt, "queryset", None)
            if queryset is not None and not callable(queryset) and hasattr(queryset, "restrict"):
                flt.queryset = queryset.restrict(user)

    def search(self, queryset, name, value):
        for term in search_terms(value):
            queryset = queryset.filter(search_text__contains=term)
        return queryset

    @property
    def form(self):
        form = super().form
        from phoihop.core.forms import style_widgets

        style_widgets(form)
        return form


class ValidityFilterMixin(django_filters.FilterSet):
    valid_on = django_filters.DateFilter(method="filter_valid_on", label=_("Valid on (dd/mm/yyyy)"))

    def filter_valid_on(self, queryset, name, value):
        from django.db.models import Q

        return queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=value)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=value)
        )
