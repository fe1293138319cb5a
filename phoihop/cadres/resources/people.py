"""Excel/CSV import and export of the people of cadre work, their positions and their training courses.

People are personal data: only a user holding the personal-data permission reaches these lists (and their exports,
which are logged), and an import records people only for organisations where the user may record personal data.
Columns hold codes: ``organisation`` (an organisation code), ``ethnic_group`` (the group's name or its code of QĐ
1019/QĐ-TCTK, "02"; a file coded with the 1979 list gives ``ethnic_group_1979`` instead), ``home_commune`` (an area
code), ``home_village`` (a village's code or name in the row's home commune), ``person`` (a cadre's record id);
dates dd/mm/yyyy (01/07/2025 is 1 July), choices by code or label. A row with an ``id`` updates that record.
"""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import fields, widgets

from phoihop.cadres.forms.people import editable_people
from phoihop.cadres.models import EthnicGroup, Person, PositionHolding, TrainingCourse
from phoihop.cadres.services import position_holding_save
from phoihop.core.importexport import RecordResource, ScopedForeignKeyWidget, field_label
from phoihop.core.text import nfc
from phoihop.orgs.models import Area, Organisation
from phoihop.programs.forms.records import commune_choices, personal_data_organisations
from phoihop.work.forms.outreach import VillageWidget


def labels(model, *names, **extra):
    return {name: field_label(model, name) for name in names} | extra


class EthnicGroupWidget(widgets.Widget):
    """An ethnic group by its name ("Tày", any case) or its code ("02", "2"); exported by its name."""

    def clean(self, value, row=None, **kwargs):
        text = nfc(str(value)).strip() if value not in (None, "") else ""
        if not text:
            return None
        code = text.zfill(2) if text.isdigit() else None
        found = list(EthnicGroup.objects.filter(Q(code=code) if code else Q(name__iexact=text))[:2])
        if len(found) != 1:
            raise ValueError(_("No ethnic group “%(value)s” (write its name or its code, 01 to 54).") % {"value": text})
        return found[0]

    def render(self, value, obj=None, **kwargs):
        return value.name if value is not None else ""


class HomeVillageWidget(VillageWidget):
    """A village by its code or name among the villages of the row's home commune."""

    def clean(self, value, row=None, **kwargs):
        row = dict(row or {})
        row["commune"] = row.get("home_commune")
        return super().clean(value, row, **kwargs)


def person_field():
    return fields.Field(attribute="person", column_name="person", widget=ScopedForeignKeyWidget(Person, "id"))


class PersonChildResource(RecordResource):
    """A record of a person's: rows name the person by record id, among the people the importer may change."""

    person = person_field()
    person_name = fields.Field(attribute="person__full_name", column_name="person_name", readonly=True)

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        if user is not None:
            self.fields["person"].widget.queryset = editable_people(user)


class PersonResource(RecordResource):
    scope_fields = ("organisation",)
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)
    ethnic_group = fields.Field(attribute="ethnic_group", column_name="ethnic_group", widget=EthnicGroupWidget())
    ethnic_group_1979 = fields.Field(
        attribute="ethnic_group__code_1979", column_name="ethnic_group_1979", readonly=True
    )
    home_commune = fields.Field(
        attribute="home_commune", column_name="home_commune", widget=ScopedForeignKeyWidget(Area, "code")
    )
    home_commune_name = fields.Field(attribute="home_commune__name", column_name="home_commune_name", readonly=True)
    home_village = fields.Field(attribute="home_village", column_name="home_village", widget=HomeVillageWidget())

    column_labels = labels(
        Person,
        "full_name",
        "birth_date",
        "sex",
        "ethnic_group",
        "home_village",
        "party_admitted_on",
        "party_official_on",
        "education",
        "political_theory",
        "note",
        id=gettext_lazy("Record ID"),
        organisation=gettext_lazy("Organisation code"),
        organisation_name=gettext_lazy("Organisation name"),
        ethnic_group_1979=gettext_lazy("Ethnic group code (1979 list)"),
        home_commune=gettext_lazy("Home commune code"),
        home_commune_name=field_label(Person, "home_commune"),
    )

    class Meta(RecordResource.Meta):
        model = Person
        fields = [
            "id",
            "full_name",
            "birth_date",
            "sex",
            "ethnic_group",
            "ethnic_group_1979",
            "organisation",
            "organisation_name",
            "home_commune",
            "home_commune_name",
            "home_village",
            "party_admitted_on",
            "party_official_on",
            "education",
            "political_theory",
            "note",
        ]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        self.fields["home_commune"].widget.queryset = commune_choices()
        if user is not None:
            self.fields["organisation"].widget.queryset = personal_data_organisations(user)

    def before_import_row(self, row, **kwargs):
        """A file coded with the 1979 list: its ``ethnic_group_1979`` gives the group when ``ethnic_group`` is
        empty."""
        super().before_import_row(row, **kwargs)
        old = str(row.get("ethnic_group_1979") or "").strip()
        if old and not str(row.get("ethnic_group") or "").strip():
            group = EthnicGroup.objects.filter(code_1979=old.zfill(2) if old.isdigit() else old).first()
            if group is None:
                raise ValueError(_("No ethnic group with the 1979 code “%(value)s”.") % {"value": old})
            row["ethnic_group"] = group.code

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("organisation", "ethnic_group", "home_commune", "home_village")


class PositionHoldingResource(PersonChildResource):
    organisation = fields.Field(
        attribute="organisation", column_name="organisation", widget=ScopedForeignKeyWidget(Organisation, "code")
    )
    organisation_name = fields.Field(attribute="organisation__name", column_name="organisation_name", readonly=True)

    column_labels = labels(
        PositionHolding,
        "title",
        "from_date",
        "to_date",
        id=gettext_lazy("Record ID"),
        person=gettext_lazy("Cadre's record ID"),
        person_name=gettext_lazy("Cadre's full name"),
        organisation=gettext_lazy("Organisation code"),
        organisation_name=gettext_lazy("Organisation name"),
    )

    class Meta(RecordResource.Meta):
        model = PositionHolding
        fields = ["id", "person", "person_name", "title", "organisation", "organisation_name", "from_date", "to_date"]
        export_order = fields

    def __init__(self, user=None, **kwargs):
        super().__init__(user=user, **kwargs)
        # the position may be held in any organisation, an abolished one too (as on the form)
        self.fields["organisation"].widget.queryset = Organisation.objects.all()

    def do_instance_save(self, instance, is_create):
        # as on the pages: a new current position ends the person's open one (services.position_holding_save)
        position_holding_save(acting_user=self.user, instance=instance)
        self._last_saved = instance
        self._saved.append((instance.pk, is_create, self._row))

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("person", "organisation")


class TrainingCourseResource(PersonChildResource):
    column_labels = labels(
        TrainingCourse,
        "name",
        "level",
        "from_date",
        "to_date",
        "institution",
        id=gettext_lazy("Record ID"),
        person=gettext_lazy("Cadre's record ID"),
        person_name=gettext_lazy("Cadre's full name"),
    )

    class Meta(RecordResource.Meta):
        model = TrainingCourse
        fields = ["id", "person", "person_name", "name", "level", "from_date", "to_date", "institution"]
        export_order = fields

    def filter_export(self, queryset, **kwargs):
        return queryset.select_related("person")
