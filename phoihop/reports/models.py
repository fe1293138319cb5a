"""Generated reports and the document register.

A :class:`Report` is one edition of a review or periodic report: its parameters (issuing organisation, template,
period, agreement, date line, signature, recipients), the user it was generated for, a snapshot of every section's
figures and the files (.docx, .xlsx and, when LibreOffice is installed, .pdf). Regenerating makes a new edition in
the same ``series`` with the same number; an edition is never overwritten.

Who may read a report: the usual gate over ``organisation`` (its members and those of the organisations above it,
plus sharing rules). The figures depend on the clearance of the user who generated the report, so a report is
classified (``ClassifiedMixin``): ``classification`` is the highest level of any classified record type the
sections read for the generating user — never above that user's clearance — and the gate hides the report from
users of lower clearance (see ``phoihop.reports.services``).

**State secrets.** A report's ``classification`` is an access level, not a declaration that it holds state-secret
content, so a report is never a register entry (it declares no ``secret_content_fields``). While
``settings.STATE_SECRET_CONTENT`` is off, classified records hold no content (``core.state_secrets``): a report
*counts* them and, where a section names a record (the dissemination annex names documents), names a classified one
by its neutral register label ("[Mật] 64/KH-BCH"), never by its subject or title. The drafter's paragraphs, title
and recipients are written about the figures; a report that must say more than the register may say is drafted
off-network. See docs/security.md.

:class:`NumberSeries` is the document register: the last number given per organisation, document type and series
(the Party term or the calendar year; see ``phoihop.reports.registers``).
"""

import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from phoihop.core.choices import Role
from phoihop.core.models import LIVE, BaseModel, ClassifiedMixin
from phoihop.core.validators import PERCENT
from phoihop.reports.document import Signature


class ReportTemplate(models.TextChoices):
    MONTHLY = "monthly", _("Monthly report")
    QUARTERLY = "quarterly", _("Quarterly report")
    HALF_YEAR = "half_year", _("Six-month report")
    YEARLY = "yearly", _("Yearly report")
    AGREEMENT_REVIEW = "agreement_review", _("Review of a coordination agreement")
    CUSTOM = "custom", _("Custom period")


class ReportStatus(models.TextChoices):
    QUEUED = "queued", _("Queued")
    RUNNING = "running", _("Running")
    DONE = "done", _("Done")
    FAILED = "failed", _("Failed")


FILE_FORMATS = ("docx", "xlsx", "pdf")


def report_upload_to(instance, filename):
    """``reports/<year>/<month>/<random>.<ext>``: random names under MEDIA_ROOT, served only by the gated
    download view."""
    from django.utils import timezone

    extension = filename.rsplit(".", 1)[-1].lower() if "." in filename else "bin"
    return f"reports/{timezone.localdate():%Y/%m}/{uuid.uuid4().hex}.{extension}"


class NumberSeries(models.Model):
    """The document register of one organisation: the last number given for a document type in a series (the
    start year of the Party term for Party bodies, the calendar year for state bodies)."""

    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="number_series"
    )
    type_code = models.CharField(_("document type"), max_length=10)
    series_key = models.PositiveIntegerField(_("series"))
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        verbose_name = _("document register")
        verbose_name_plural = _("document registers")
        constraints = [
            models.UniqueConstraint(
                fields=["organisation", "type_code", "series_key"], name="numberseries_unique_series"
            )
        ]

    def __str__(self):
        return f"{self.organisation_id} {self.type_code} {self.series_key}: {self.last_number}"


class Report(ClassifiedMixin, BaseModel):
    organisation = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("issuing organisation"),
        on_delete=models.PROTECT,
        related_name="reports",
    )
    template = models.CharField(_("template"), max_length=20, choices=ReportTemplate.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    agreement = models.ForeignKey(
        "orgs.Agreement",
        verbose_name=_("agreement"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="reports",
    )
    title = models.CharField(_("summary line"), max_length=500, blank=True)
    series = models.UUIDField(_("series"), default=uuid.uuid4, editable=False, db_index=True)
    edition = models.PositiveIntegerField(_("edition"), default=1, editable=False)
    number = models.CharField(_("number and symbol"), max_length=60, blank=True, editable=False)
    issued_on = models.DateField(_("date of issue"))
    signer_on_behalf = models.CharField(_("signing on behalf of"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=200, blank=True)
    signer_name = models.CharField(_("signer's name"), max_length=200, blank=True)
    recipients = models.TextField(_("recipients"), blank=True, help_text=_("One per line."))
    language = models.CharField(_("language"), max_length=8, choices=settings.LANGUAGES, default="vi")
    status = models.CharField(
        _("status"), max_length=10, choices=ReportStatus.choices, default=ReportStatus.QUEUED, editable=False
    )
    progress = models.PositiveSmallIntegerField(_("progress"), default=0, editable=False, validators=PERCENT)
    error = models.TextField(_("error"), blank=True, editable=False)
    snapshot = models.JSONField(_("snapshot"), default=dict, blank=True, editable=False)
    #: the paragraphs the drafter wrote in place of the placeholders, {placeholder key: text}, kept with the edition
    drafts = models.JSONField(_("drafted paragraphs"), default=dict, blank=True, editable=False)
    docx = models.FileField(_(".docx file"), upload_to=report_upload_to, max_length=255, blank=True, editable=False)
    xlsx = models.FileField(_(".xlsx file"), upload_to=report_upload_to, max_length=255, blank=True, editable=False)
    pdf = models.FileField(_(".pdf file"), upload_to=report_upload_to, max_length=255, blank=True, editable=False)
    generated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("generated by"),
        on_delete=models.PROTECT,
        related_name="reports_generated",
        editable=False,
    )
    generated_at = models.DateTimeField(_("generated at"), null=True, blank=True, editable=False)
    duration_ms = models.PositiveIntegerField(_("duration (ms)"), null=True, blank=True, editable=False)

    access_org_field = "organisation"
    edit_page = False  # a report is regenerated as a new edition, never edited (its edit route answers 404)
    access_edit_role = Role.REPORTER
    search_fields = ("title", "number", "organisation__name", "organisation__short_name")
    #: its level is derived from what it counted; it holds no content of classified records (see the module's text)
    secret_content_fields = ()
    detail_exclude = ("snapshot", "drafts", "holding_unit", "custodian", "storage_place")  # no paper register

    class Meta:
        verbose_name = _("generated report")
        verbose_name_plural = _("generated reports")
        ordering = ["-created_at", "-pk"]
        indexes = [
            models.Index(fields=["-created_at", "-id"], condition=LIVE, name="reports_report_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["series", "edition"],
                condition=Q(deleted_at__isnull=True),
                name="report_unique_edition",
                violation_error_message=_("This edition of the report already exists."),
            )
        ]

    def __str__(self):
        text = self.title or self.get_template_display()
        return f"{self.number} — {text}" if self.number else str(text)

    @property
    def is_finished(self) -> bool:
        return self.status in (ReportStatus.DONE, ReportStatus.FAILED)

    def file_for(self, fmt):
        return getattr(self, fmt) if fmt in FILE_FORMATS else None

    def download_url(self, fmt):
        if not self.file_for(fmt):
            return None
        return reverse("reports:report_download", kwargs={"pk": self.pk, "fmt": fmt})

    def signature_block(self) -> Signature:
        return Signature(on_behalf=self.signer_on_behalf, title=self.signer_title, name=self.signer_name)

    def missing_for_signature(self) -> list[str]:
        """What the report lacks before it can go to signing, in the current language ("họ tên người ký", "chức vụ
        người ký"); empty when it is ready. The .docx prints a highlighted placeholder in their place."""
        return self.signature_block().missing()

    @property
    def ready_to_sign(self) -> bool:
        return not self.missing_for_signature()

    def recipient_lines(self) -> list[str]:
        return [line.strip().lstrip("-").strip() for line in self.recipients.splitlines() if line.strip()]
