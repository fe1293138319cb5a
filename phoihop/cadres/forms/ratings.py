"""Forms of the annual ratings of party organisations and party members (QĐ 124-QĐ/TW 2023).

Both are saved through ``services.rating_save``, which refuses a save taking its group over the 20 % rule. Before
that, the form warns at the decided level: when "excellent" is chosen and the group of the chosen deciding
organisation and year is already at its quota, a warning shows under the field, refreshed (htmx) whenever the form
changes (``views.ratings.RatingQuotaView``). A member's rating is personal data: only the people the user may change
are offered, for organisations where the user may record personal data.
"""

from django import forms
from django.core.exceptions import ValidationError
from django.urls import NoReverseMatch, reverse
from django.utils.html import format_html
from django.utils.translation import gettext as _

from phoihop.cadres import selectors
from phoihop.cadres.choices import RatingLevel
from phoihop.cadres.forms.people import editable_people
from phoihop.cadres.models import MemberRating, OrganisationRating
from phoihop.cadres.services.ratings import quota_message
from phoihop.core.forms import BaseModelForm
from phoihop.orgs.models import Organisation
from phoihop.programs.forms.records import personal_data_organisations

QUOTA_TARGET = "decided-level-quota"
WARNING = '<div class="alert alert-warning mt-2 mb-0" role="alert" data-testid="quota-warning">{}</div>'


class DecidedLevelSelect(forms.Select):
    """The decided level, followed by the 20 % rule's warning (``warning``: a callable giving the text or "").
    The warning's box reloads itself from ``refresh_url`` when anything in the form changes."""

    warning = None
    refresh_url = ""

    def render(self, name, value, attrs=None, renderer=None):
        select = super().render(name, value, attrs, renderer)
        text = self.warning() if callable(self.warning) else ""
        return format_html("{}{}", select, quota_box(text, self.refresh_url))


def quota_box(text, refresh_url=""):
    """The warning's box (empty without a warning), reloaded by htmx when the form changes."""
    refresh = (
        format_html(
            ' hx-get="{}" hx-trigger="change from:closest form" hx-include="closest form" hx-swap="outerHTML"',
            refresh_url,
        )
        if refresh_url
        else ""
    )
    alert = (
        format_html(
            '<div class="alert alert-warning mt-2 mb-0" role="alert" data-testid="quota-warning">{}</div>', text
        )
        if text
        else ""
    )
    return format_html('<div id="{}" aria-live="polite"{}>{}</div>', QUOTA_TARGET, refresh, alert)


WIDGETS = {"decided_level": DecidedLevelSelect, "note": forms.Textarea(attrs={"rows": 3})}


class RatingForm(BaseModelForm):
    #: the deciding party committee is usually above the rated organisation (a post's, the province's): any
    #: organisation may be named, it gains no access to the record
    open_choice_fields = ("deciding_organisation",)

    common_fields = [
        "year",
        "deciding_organisation",
        "self_rating",
        "proposed_level",
        "decided_level",
        "decision_number",
        "decision_date",
        "disciplined",
        "note",
    ]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["deciding_organisation"].queryset = Organisation.objects.all()
        instance = self.instance
        self._stored = (
            (instance.deciding_organisation_id, instance.year, instance.decided_level) if instance.pk else None
        )
        widget = self.fields["decided_level"].widget
        widget.warning = self.quota_warning
        widget.refresh_url = self.quota_url()

    def quota_url(self) -> str:
        try:
            url = reverse(self._meta.model.url_name("quota"))
        except NoReverseMatch:
            return ""
        return f"{url}?record={self.instance.pk}" if self.instance.pk else url

    def chosen(self, name):
        """The value chosen in the form so far (typed, not yet validated as a whole); None if it does not clean."""
        field = self.fields[name]
        try:
            return field.clean(self[name].value())
        except (ValidationError, TypeError, ValueError, OverflowError):
            return None

    def quota_warning(self) -> str:
        """The warning under the decided level: "excellent" chosen while the group is already at its quota."""
        if self.chosen("decided_level") != RatingLevel.EXCELLENT:
            return ""
        organisation, year = self.chosen("deciding_organisation"), self.chosen("year")
        if organisation is None or not year:
            return ""
        if self._stored == (organisation.pk, year, RatingLevel.EXCELLENT):
            return ""  # already decided so: saving it again changes nothing the rule counts
        model = self._meta.model
        counts = selectors.excellent_quota(model, organisation, year, exclude_pk=self.instance.pk)
        if counts["excellent"] < counts["allowed"]:
            return ""
        message = quota_message(model, organisation, year, counts["excellent"], counts["good"], counts["allowed"])
        return " ".join((message, _("Saved as excellent, this rating will be refused.")))


class OrganisationRatingForm(RatingForm):
    class Meta:
        model = OrganisationRating
        fields = ["organisation", *RatingForm.common_fields[:7], "clean_and_strong", *RatingForm.common_fields[7:]]
        widgets = WIDGETS


class MemberRatingForm(RatingForm):
    class Meta:
        model = MemberRating
        fields = ["person", "organisation", *RatingForm.common_fields]
        widgets = WIDGETS

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        if self.user is not None:
            self.fields["person"].queryset = editable_people(self.user)
            # only where the user may record people's personal data
            self.fields["organisation"].queryset = self.fields["organisation"].queryset.filter(
                pk__in=personal_data_organisations(self.user).values("pk")
            )
