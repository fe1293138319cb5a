from django import forms
from django.contrib.auth.mixins import LoginRequiredMixin
from django.shortcuts import render
from django.urls import path
from django.utils.translation import gettext_lazy as _
from django.views import View

from phoihop.core.forms import MarkInvalidMixin, style_widgets
from phoihop.core.pickers import PickerFormMixin
from phoihop.core.scope import countable_organisations
from phoihop.movements.selectors import movement_summary
from phoihop.orgs.models import Organisation


class SummaryFilter(PickerFormMixin, MarkInvalidMixin, forms.Form):
    count_choice_fields = ("organisation",)  # figures: the owners of "totals only" rules are offered too
    year = forms.IntegerField(label=_("Year"), required=False, min_value=2000, max_value=2100)
    organisation = forms.ModelChoiceField(
        queryset=Organisation.objects.none(), required=False, label=_("Unit (with its subtree)")
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["year"].widget.attrs.update({"placeholder": _("every year"), "inputmode": "numeric"})
        self.fields["year"].localize = False
        # figures only: the units the user may count, the owners of "totals only" sharing rules included
        self.fields["organisation"].queryset = countable_organisations(user)
        self.use_pickers()  # a search, not a drop-down of every organisation
        style_widgets(self)


class SummaryView(LoginRequiredMixin, View):
    def get(self, request):
        form = SummaryFilter(request.GET or None, user=request.user)
        if form.is_bound and not form.is_valid():
            return render(request, "movements/summary.html", {"form": form}, status=400)
        data = form.cleaned_data if form.is_bound else {}
        year, organisation = data.get("year"), data.get("organisation")
        context = {"form": form, "year": year, "organisation": organisation, "figures": True}
        context.update(movement_summary(request.user, year, organisation))
        return render(request, "movements/summary.html", context)


urlpatterns = [path("summary/", SummaryView.as_view(), name="summary")]
