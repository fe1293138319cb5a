from django.db import models
from django.utils.translation import gettext_lazy as _


class BorderLine(models.TextChoices):
    """The land border a marker stands on. Each numbers its markers from 1 on its own (``markers.MAX_MAIN_BY_LINE``),
    so a marker is identified by its line and its number."""

    CN = "CN", _("Vietnam–China")
    LA = "LA", _("Vietnam–Laos")
    KH = "KH", _("Vietnam–Cambodia")


class MarkerKind(models.TextChoices):
    MAIN = "main", _("Main marker")
    SECONDARY = "secondary", _("Secondary marker")


class MarkerForm(models.TextChoices):
    SINGLE = "single", _("Single")
    PAIRED = "paired", _("Paired")
    TRIPLE = "triple", _("Triple")


class Condition(models.TextChoices):
    INTACT = "intact", _("Intact")
    DAMAGED = "damaged", _("Damaged")
    DISPLACED = "displaced", _("Displaced")
    LOST = "lost", _("Lost")
    OVERGROWN = "overgrown", _("Overgrown")
    FADED = "faded", _("Markings faded")


#: how bad a condition is, for the map's clusters (a cluster shows its worst marker) and for sorting findings
CONDITION_SEVERITY = {
    Condition.INTACT: 0,
    Condition.FADED: 1,
    Condition.OVERGROWN: 1,
    Condition.DAMAGED: 2,
    Condition.DISPLACED: 3,
    Condition.LOST: 4,
}

#: one Tabler colour per condition, six distinct hues (badges in lists, the map, the KML styles)
CONDITION_COLOURS = {
    Condition.INTACT: "green",
    Condition.FADED: "azure",
    Condition.OVERGROWN: "yellow",
    Condition.DAMAGED: "orange",
    Condition.DISPLACED: "red",
    Condition.LOST: "dark",
}

#: findings that open a follow-up task
SERIOUS_CONDITIONS = {Condition.DAMAGED, Condition.DISPLACED, Condition.LOST}


class GateClass(models.TextChoices):
    INTERNATIONAL = "international", _("International border gate")
    MAIN = "main", _("Main (bilateral) border gate")
    SECONDARY = "secondary", _("Secondary border gate")
    CROSSING = "crossing", _("Crossing point")


class GateStatus(models.TextChoices):
    OPEN = "open", _("Open")
    RESTRICTED = "restricted", _("Open with restrictions")
    CLOSED = "closed", _("Temporarily closed")
    PLANNED = "planned", _("Planned")


class PatrolKind(models.TextChoices):
    PATROL = "patrol", _("Patrol")
    CONTROL = "control", _("Control")
    JOINT = "joint", _("Joint patrol with the other side")
