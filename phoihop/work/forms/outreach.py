import datetime

from django import forms
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from phoihop.core.forms import BaseModelForm
from phoihop.core.importexport import (
    DateWidget,
    DisplayWidget,
    RecordResource,
    ScopedForeignKeyWidget,
    ScopedManyToManyWidget,
    field_label,
)
from phoihop.core.text import nfc
from phoihop.orgs.choices import COMMUNE_LEVEL_KINDS, AreaKind
from phoihop.orgs.forms import local_areas_q
from phoihop.orgs.models import Area, Organisation
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic


def commune_choices(valid_on: datetime.date | None = None):
    """Communes, wards and special zones of the deployment province, border communes first; with ``valid_on``
    only the units that exist on that day (not those abolished by the 2025 reform)."""
    queryset = Area.objects.filter(local_areas_q(), kind__in=COMMUNE_LEVEL_KINDS)
    if valid_on is not None:
        queryset = queryset.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=valid_on)).filter(
            Q(valid_to__isnull=True) | Q(valid_to__gte=valid_on)
        )
    return queryset.order_by("-is_border_commune", "name", "pk")


def village_choices():
    return (
        Area.objects.filter(local_areas_q(), kind=AreaKind.VILLAGE)
        .select_related("parent")
        .order_by("parent__name", "name", "pk")
    )


class VillageChoiceField(forms.ModelChoiceField):
    #: the search picker offers the villages of the commune chosen in the same form, if it has one (core.pickers)
    picker_depends_on = ("commune", "parent")

    def label_from_instance(self, obj):
        return f"{obj.name} ({obj.parent.name})" if obj.parent_id else obj.name


class ClauseChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj):
        return f"{obj.agreement.number} — {obj}"


class OutreachSessionForm(BaseModelForm):
    scope_fields = ("owner",)
    # Sessions are co-organised across trees (a border post with a commune's party committee): the organisers read
    # the session, only the owner's members edit it. A participant field, offered by BaseModelForm
    # (core.access.participant_organisations), as the API.

    class Meta:
        model = OutreachSession
        fields = [
            "owner",
            "organisers",
            "held_on",
            "commune",
            "village",
            "topics",
            "languages",
            "audience",
            "materials",
            "materials_count",
            "clause",
            "note",
        ]
        field_classes = {"village": VillageChoiceField, "clause": ClauseChoiceField}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        organisers = self.fields["organisers"]
        organisers.required = False
        organisers.help_text = gettext_lazy("The recording organisation is added automatically.")
        communes = commune_choices(timezone.localdate())
        if self.instance.commune_id:  # keep a commune abolished since the session was recorded
            communes = (communes | Area.objects.filter(pk=self.instance.commune_id)).order_by(
                "-is_border_commune", "name", "pk"
            )
        self.fields["commune"].queryset = communes
        self.fields["village"].queryset = village_choices()
        self.fields["clause"].queryset = self.fields["clause"].queryset.select_related("agreement")

    def clean(self):
        cleaned = super().clean()
        owner = cleaned.get("owner")
        organisers = list(cleaned.get("organisers") or [])
        if owner is not None and owner not in organisers:
            organisers.append(owner)
        cleaned["organisers"] = organisers
        return cleaned


class OutreachTopicForm(BaseModelForm):
    class Meta:
        model = OutreachTopic
        fields = ["code", "name", "sort_order"]


class EthnicLanguageForm(BaseModelForm):
    class Meta:
        model = EthnicLanguage
        fields = ["code", "name", "sort_order"]


# --- spreadsheet import/export -------------------------------------------------------------------------------


class VillageWidget(widgets.Widget):
    """A village by its code or its name, among the villages of the row's commune (villages users add have
    no code)."""

    #: villages found so far in this import pass, by (commune code, text); reset by RecordResource.before_import
    found = None

    def clean(self, value, row=None, **kwargs):
        text = nfc(str(value)).strip() if value not in (None, "") else ""
        if not text:
            return None
        commune_code = str((row or {}).get("commune") or "").strip()
        if self.found is not None and (commune_code, text) in self.found:
            return self.found[(commune_code, text)]
        village = self._lookup(commune_code, text)
        if self.found is not None:
            self.found[(commune_code, text)] = village
        return village

    def _lookup(self, commune_code, text):
        villages = Area.objects.filter(kind=AreaKind.VILLAGE, parent__code=commune_code)
        found = list(villages.filter(Q(code=text) | Q(name__iexact=text))[:2])
        if not found:
            raise ValueError(
                _("No village “%(value)s” in the commune with code “%(commune)s”.")
                % {"value": text, "commune": commune_code}
            )
        if len(found) > 1:
            raise ValueError(_("Several records match “%(value)s”.") % {"value": text})
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class OutreachSessionResource(RecordResource):
    """Columns: owner and organisers by organisation code, commune by code, village by code or name, topics and
    languages as comma-separated codes, dates as dd/mm/yyyy. A row with an ``id`` updates that session. Exports
    head the columns in the user's language (``column_labels``) and add for reading (ignored on import) the names of
    the owner, the organisers, the commune, the topics and the languages, and the agreement clause."""

    scope_fields = ("owner",)
    column_labels = {
        "id": gettext_lazy("Record ID"),
        "held_on": gettext_lazy("Date held"),
        "owner": gettext_lazy("Recording organisation code"),
        "owner_name": field_label(OutreachSession, "owner"),
        "organisers": gettext_lazy("Organiser codes"),
        "organiser_names": gettext_lazy("Names of the organisers"),
        "commune": gettext_lazy("Commune code"),
        "commune_name": gettext_lazy("Commune name"),
        "village": gettext_lazy("Village"),
        "topics": gettext_lazy("Topic codes"),
        "topic_names": gettext_lazy("Names of the topics"),
        "languages": gettext_lazy("Language codes"),
        "language_names": gettext_lazy("Names of the languages used"),
        **{
            name: field_label(OutreachSession, name)
            for name in ("audience", "materials", "materials_count", "clause", "note")
        },
    }
    held_on = fields.Field(attribute="held_on", column_name="held_on", widget=DateWidget())
    owner = fields.Field(attribute="owner", column_name="owner", widget=ScopedForeignKeyWidget(Organisation, "code"))
    owner_name = fields.Field(attribute="owner__name", column_name="owner_name", readonly=True)
    organisers = fields.Field(
        attribute="organisers", column_name="organisers", widget=ScopedManyToManyWidget(Organisation, field="code")
    )
    organiser_names = fields.Field(
        attribute="organisers", column_name="organiser_names", readonly=True, widget=DisplayWidget()
    )
    commune = fields.Field(attribute="commune", column_name="commune", widget=ScopedForeignKeyWidget(Area, "code"))
    commune_name = fields.Field(attribute="commune__name", column_name="commune_name", readonly=True)
    village = fields.Field(attribute="village", column_name="village", widget=VillageWidget())
    topics = fields.Field(
        attribute="topics", column_name="topics", widget=ScopedManyToManyWidget(OutreachTopic, field="code")
    )
    topic_names = fields.Field(attribute="topics", column_name="topic_names", readonly=True, widget=DisplayWidget())
    languages = fields.Field(
        attribute="languages", column_name="languages", widget=ScopedManyToManyWidget(EthnicLanguage, field="code")
    )
    language_names = fields.Field(
        attribute="languages", column_name="language_names", readonly=True, widget=DisplayWidget()
    )
    clause = fields.Field(attribute="clause", column_name="clause", readonly=True, widget=DisplayWidget())

    class Meta(RecordResource.Meta):
        model = OutreachSession
        fields = [
            "id",
            "held_on",
            "owner",
            "owner_name",
            "organisers",
            "organiser_names",
            "commune",
            "commune_name",
            "village",
            "topics",
            "topic_names",
            "languages",
            "language_names",
            "audience",
            "materials",
            "materials_count",
            "clause",
            "note",
        ]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("owner", "commune", "village", "clause").prefetch_related(
            "organisers", "topics", "languages"
        )

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # The same choices as the form: any organisation co-organises; communes of the deployment province.
        self.fields["organisers"].widget.queryset = Organisation.objects.all()
        self.fields["commune"].widget.queryset = commune_choices()

    def save_m2m(self, instance, row, **kwargs):
        super().save_m2m(instance, row, **kwargs)
        if instance.pk and instance.owner_id:
            instance.organisers.add(instance.owner_id)
