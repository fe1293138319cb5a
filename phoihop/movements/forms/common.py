"""Choices shared by the movement forms, serializers and imports."""

from django.utils import timezone

from phoihop.orgs.models import Area
from phoihop.work.forms.outreach import VillageChoiceField, commune_choices, village_choices

__all__ = ["VillageChoiceField", "commune_field_queryset", "commune_choices", "village_choices"]


def commune_field_queryset(instance, field="commune"):
    """Communes of the deployment province that exist today, border communes first, plus the record's own
    commune if it has been abolished since."""
    communes = commune_choices(timezone.localdate())
    current = getattr(instance, f"{field}_id", None)
    if current:
        communes = (communes | Area.objects.filter(pk=current)).order_by("-is_border_commune", "name", "pk")
    return communes
