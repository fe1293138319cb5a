"""The managed list of cadre work: the 54 ethnic groups of Viet Nam."""

from django.db import models
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import ManagedList


class EthnicGroup(ManagedList):
    """One of the 54 ethnic groups, coded as in Quyết định 1019/QĐ-TCTK (2008) of the General Statistics Office,
    the codes the national population database uses ("01" Kinh … "54" Ơ đu). ``code_1979`` is the group's number in
    the earlier list of Quyết định 121-TCTK/PPCĐ (1979), which older files still carry (04 Hoa, 06 Mường there):
    an import maps it to the current code. Seeded by a data migration; ethnicity is sensitive personal data, the
    list itself is not."""

    code_1979 = models.CharField(
        _("code in the 1979 list"),
        max_length=2,
        blank=True,
        help_text=_("The group's number in Quyết định 121-TCTK/PPCĐ (1979), for files coded with the old list."),
    )
    is_minority = models.BooleanField(
        _("ethnic minority"), default=True, help_text=_("Every group but the Kinh is an ethnic minority.")
    )

    search_fields = ("code", "name")

    class Meta(ManagedList.Meta):
        verbose_name = _("ethnic group")
        verbose_name_plural = _("ethnic groups")
        indexes = [models.Index(fields=["sort_order", "name"], name="cadres_ethnic_order")]
