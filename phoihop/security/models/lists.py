"""Managed lists of the security records: case categories and types of seized items."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import ManagedList
from phoihop.security.choices import CaseNature, Unit


class CaseCategory(ManagedList):
    """A category of border crime or violation named by the national programme (ma túy, mua bán người, tiền giả …).
    ``default_nature`` is what a new case of the category is, criminal or administrative, until the user says
    otherwise."""

    default_nature = models.CharField(
        _("default nature"), max_length=16, choices=CaseNature.choices, default=CaseNature.ADMINISTRATIVE
    )

    class Meta(ManagedList.Meta):
        verbose_name = _("case category")
        verbose_name_plural = _("case categories")


class SeizedItemType(ManagedList):
    """A kind of seized item (heroin, pháo, tiền giả …) with the unit it is usually counted in; counterfeit money
    also carries its face value."""

    default_unit = models.CharField(_("default unit"), max_length=8, choices=Unit.choices)
    has_face_value = models.BooleanField(
        _("has a face value"),
        default=False,
        help_text=_("Counterfeit money: the seized notes' face value is recorded."),
    )

    class Meta(ManagedList.Meta):
        verbose_name = _("seized item type")
        verbose_name_plural = _("seized item types")
