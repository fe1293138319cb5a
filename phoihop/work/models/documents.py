from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel, ClassifiedMixin, ManagedList
from phoihop.core.validators import YEAR
from phoihop.work.choices import RelationKind


class DocumentType(ManagedList):
    """A managed list: Nghị quyết, Chỉ thị, Kết luận, Quyết định, Kế hoạch, Luật, Nghị định, Nghị định thư …"""

    abbreviation = models.CharField(_("abbreviation"), max_length=10, blank=True)

    search_fields = ("code", "name", "abbreviation")

    class Meta(ManagedList.Meta):
        verbose_name = _("document type")
        verbose_name_plural = _("document types")


class Document(ClassifiedMixin, BaseModel):
    """A document (văn bản): resolution, directive, plan, law, protocol … registered by an organisation.

    The organisations that must disseminate it read it too.
    """

    owner = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("registered by"), on_delete=models.PROTECT, related_name="documents"
    )
    doc_type = models.ForeignKey(DocumentType, verbose_name=_("type"), on_delete=models.PROTECT, related_name="+")
    number = models.CharField(_("number and symbol"), max_length=60, blank=True)
    number_value = models.PositiveIntegerField(null=True, blank=True, editable=False)
    year = models.PositiveSmallIntegerField(_("year"), null=True, blank=True, editable=False, validators=YEAR)
    issuing_body = models.CharField(_("issuing body"), max_length=200)
    signed_on = models.DateField(_("signing date"), null=True, blank=True)
    # required unless the document is a register entry (``content_required_fields``)
    subject = models.CharField(_("subject"), max_length=500, blank=True)
    summary = models.TextField(_("summary"), blank=True)
    related = models.ManyToManyField(
        "self",
        verbose_name=_("related documents"),
        through="DocumentRelation",
        symmetrical=False,
        blank=True,
        related_name="related_from",
    )

    access_org_field = "owner"
    access_participant_fields = ("disseminations__organisation",)
    search_fields = ("number", "subject", "summary", "issuing_body")
    attachments_enabled = True
    detail_exclude = ("related",)  # shown through the gate by the document page
    # A document classified Mật or above is a register entry (number, type, issuing body, date, level, who holds the
    # paper and where): its subject, summary and files are refused (core.state_secrets).
    secret_content_fields = ("subject", "summary")
    content_required_fields = ("subject",)
    register_number_field = "number"

    class Meta:
        verbose_name = _("document")
        verbose_name_plural = _("documents")
        ordering = ["-signed_on", "-pk"]
        indexes = [
            models.Index(fields=["-signed_on", "-id"], condition=LIVE, name="work_document_order"),
        ]

    def __str__(self):
        if self.is_register_entry or not self.subject:
            return self.register_label()
        return f"{self.number} — {self.subject}" if self.number else self.subject

    def clean(self):
        from phoihop.work.numbering import parse_document_number

        if self.number:
            try:
                parsed = parse_document_number(self.number)
            except ValidationError as error:
                raise ValidationError({"number": error.error_list}) from None
            self.number = parsed.normalized
            self.number_value = parsed.number
            self.year = parsed.year or (self.signed_on.year if self.signed_on else None)
        else:
            self.number_value = None
            self.year = self.signed_on.year if self.signed_on else None


class DocumentRelation(BaseModel):
    """``source`` implements, replaces or amends ``target``."""

    source = models.ForeignKey(Document, on_delete=models.CASCADE, related_name="relations_out")
    target = models.ForeignKey(
        Document, verbose_name=_("document"), on_delete=models.CASCADE, related_name="relations_in"
    )
    kind = models.CharField(_("relation"), max_length=12, choices=RelationKind.choices)

    access_org_field = "source__owner"
    access_classification_field = "source__classification"
    #: its history names both documents: classified at the higher level of the two (``BaseModel.history_level``)
    access_relation_ends = ("source", "target")

    class Meta:
        verbose_name = _("document relation")
        verbose_name_plural = _("document relations")
        constraints = [
            models.UniqueConstraint(
                fields=["source", "target", "kind"],
                condition=Q(deleted_at__isnull=True),
                name="documentrelation_unique",
            )
        ]

    def __str__(self):
        return f"{self.source} {self.get_kind_display()} {self.target}"

    def clean(self):
        if self.source_id and self.source_id == self.target_id:
            raise ValidationError({"target": _("A document cannot relate to itself.")})
