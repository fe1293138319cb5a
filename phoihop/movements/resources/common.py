"""Widgets shared by the movement imports."""

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from import_export import widgets

from phoihop.core.text import nfc
from phoihop.orgs.choices import AreaKind
from phoihop.orgs.models import Area

#: the labels of the columns most movement records have (the same words as the programmes' place records)
PLACE_LABELS = {
    "id": gettext_lazy("Record ID"),
    "commune": gettext_lazy("Commune code"),
    "commune_name": gettext_lazy("Commune name"),
    "village": gettext_lazy("Village"),
}


class VillageWidget(widgets.Widget):
    """A village by its code or by its name among the villages of the row's commune (villages users add have no
    code). ``commune_column`` names the column holding the commune's code."""

    def __init__(self, commune_column="commune", **kwargs):
        super().__init__(**kwargs)
        self.commune_column = commune_column

    def clean(self, value, row=None, **kwargs):
        text = nfc(str(value)).strip() if value not in (None, "") else ""
        if not text:
            return None
        commune_code = str((row or {}).get(self.commune_column) or "").strip()
        villages = Area.objects.filter(kind=AreaKind.VILLAGE)
        if commune_code:
            found = list(villages.filter(Q(code=text) | Q(name__iexact=text, parent__code=commune_code))[:2])
        else:
            found = list(villages.filter(code=text)[:2])
        if not found:
            raise ValueError(
                _("No village “%(value)s” in the commune with code “%(commune)s”.")
                % {"value": text, "commune": commune_code}
            )
        if len(found) > 1:
            raise ValueError(_("Several records match “%(value)s”.") % {"value": text})
        return found[0]

    def render(self, value, obj=None, **kwargs):
        if value is None:
            return ""
        return value.code or value.name


class CommuneOfVillageWidget(widgets.Widget):
    """Exports the code of a village's commune; on import the column only helps find the village by name."""

    def render(self, value, obj=None, **kwargs):
        return value.code if value is not None else ""
