from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel
from phoihop.movements.choices import TeamKind, TeamPurpose
from phoihop.movements.models.common import check_village


class SelfManagementTeam(BaseModel):
    """A self-management team (tổ tự quản) or self-managing household (hộ tự quản) that looks after a stretch of
    the border line and its markers, or security and order in a village, sponsored by a border post."""

    kind = models.CharField(_("kind"), max_length=10, choices=TeamKind.choices, default=TeamKind.TEAM)
    name = models.CharField(_("name"), max_length=200)
    post = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("sponsoring post"),
        on_delete=models.PROTECT,
        related_name="self_management_teams",
    )
    commune = models.ForeignKey(
        "orgs.Area", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="self_management_teams"
    )
    village = models.ForeignKey(
        "orgs.Area", verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    purpose = models.CharField(_("purpose"), max_length=10, choices=TeamPurpose.choices, default=TeamPurpose.BOTH)
    leader_name = models.CharField(_("leader"), max_length=200, blank=True)
    members_count = models.PositiveIntegerField(_("members"), default=0)
    households_count = models.PositiveIntegerField(_("households"), default=0)
    border_length_km = models.DecimalField(
        _("border length looked after (km)"),
        max_digits=7,
        decimal_places=2,
        default=Decimal("0"),
        validators=[MinValueValidator(0)],
    )
    markers = models.ManyToManyField(
        "border.Marker", verbose_name=_("markers looked after"), blank=True, related_name="self_management_teams"
    )
    segments = models.ManyToManyField(
        "border.BorderSegment",
        verbose_name=_("border segments"),
        blank=True,
        related_name="self_management_teams",
    )
    founded_on = models.DateField(_("founded on"), null=True, blank=True)
    active = models.BooleanField(_("still active"), default=True)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "post"
    search_fields = ("name", "leader_name", "commune__name", "village__name", "note")
    #: the detail page lists them in a panel of their own (markers with their condition)
    detail_exclude = ("markers", "segments")

    class Meta:
        verbose_name = _("self-management team")
        verbose_name_plural = _("self-management teams")
        ordering = ["post__name", "name"]
        indexes = [
            models.Index(fields=["post", "name"], condition=LIVE, name="movements_team_post_order"),
        ]

    def __str__(self):
        return self.name

    def clean(self):
        check_village(self)
        if self.kind == TeamKind.HOUSEHOLD and self.households_count > 1:
            raise ValidationError({"households_count": _("A self-managing household counts as one household.")})

    def foreign_markers(self, markers):
        """The markers among ``markers`` that another post looks after."""
        return [marker for marker in markers if marker.post_id != self.post_id]


def foreign_markers_error(markers):
    """The field error for markers of another post (``markers``: the offending ones)."""
    numbers = ", ".join(str(marker.number) for marker in markers)
    return _("These markers are in the care of another post than the team's: %(numbers)s.") % {"numbers": numbers}
