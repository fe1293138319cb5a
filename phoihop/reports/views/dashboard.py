"""The leadership dashboard page (``reports:dashboard``, /reports/dashboard/): one organisation's scope, one year."""

from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.http import Http404
from django.shortcuts import render
from django.urls import path
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views import View

from phoihop.core.forms import MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin
from phoihop.orgs.models import Organisation
from phoihop.reports import dashboard as selectors
from phoihop.reports.panels import all_panels


class ScopeChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return "\u00a0\u00a0\u00a0" * obj.depth + obj.name


class DashboardFilter(PickerFormMixin, MarkInvalidMixin, forms.Form):
    count_choice_fields = ("organisation",)  # figures: the owners of "totals only" rules are offered too
    organisation = ScopeChoiceField(
        queryset=Organisation.objects.none(),
        required=False,
        label=_("Organisation (with its subtree)"),
        empty_label=_("All organisations you may see"),
    )
    year = forms.TypedChoiceField(label=_("Year"), coerce=int, required=False)

    def __init__(self, *args, choices, today, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = choices
        self.fields["year"].choices = [(y, str(y)) for y in selectors.year_choices(today)]
        self.use_pickers()  # a search among the scopes, not a drop-down of every organisation
        style_widgets(self)

    @classmethod
    def picker_form(cls, request):
        user = request.user
        choices = selectors.scope_choices(user, selectors.shared_rules(user))
        return cls(choices=choices, today=timezone.localdate())


class DashboardView(LoginRequiredMixin, View):
    template_name = "reports/dashboard.html"

    def get(self, request):
        user = request.user
        today = timezone.localdate()
        rules = selectors.shared_rules(user)
        choices = selectors.scope_choices(user, rules)
        form = DashboardFilter(request.GET or None, choices=choices, today=today)
        if form.is_bound and not form.is_valid():
            if "organisation" in form.errors:
                raise Http404  # an organisation outside what the user may see does not exist for them
            return render(request, self.template_name, {"form": form}, status=400)
        data = form.cleaned_data if form.is_bound else {}
        year = data.get("year") or today.year
        if data.get("organisation"):
            scope = data["organisation"]
        elif "organisation" in request.GET:  # the empty choice: every organisation the user may see
            scope = selectors.EVERYTHING
        else:
            scope = selectors.default_scope(user, choices)
        if scope is None or (scope is selectors.EVERYTHING and not choices.exists()):
            return render(request, self.template_name, {"form": form, "no_scope": True})
        # show the values in effect in the form (defaults included)
        initial = {"organisation": scope.pk or "", "year": year}
        form = DashboardFilter(initial=initial, choices=choices, today=today)
        figures = selectors.dashboard(user, scope, year, today, rules)
        context = {
            "form": form,
            "scope": scope,
            "year": year,
            "year_text": str(year),
            "figures": figures,
            "charts": selectors.charts(figures),
            "panels": all_panels(),
            **{key: value for key, value in figures.items() if key not in ("scope", "year")},
        }
        return render(request, self.template_name, context)


urlpatterns = [path("dashboard/", DashboardView.as_view(), name="dashboard")]
