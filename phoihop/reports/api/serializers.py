from django.utils.translation import gettext_lazy as _
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.reports import services
from phoihop.reports.models import FILE_FORMATS, Report


class GeneratedReportSerializer(RecordSerializer):
    """A generated report. Creating one requests it (``report_request``): the answer comes back "queued" and the
    job fills in the status, progress, files and snapshot."""

    scope_fields = ("organisation",)
    reference_date = serializers.DateField(
        write_only=True,
        required=False,
        help_text=_("For a monthly, quarterly, six-month or yearly report: any day of the period (default: today)."),
    )
    organisation_display = BriefSerializer(source="organisation", read_only=True)
    generated_by_display = serializers.CharField(source="generated_by.__str__", read_only=True)
    files = serializers.SerializerMethodField()
    snapshot = serializers.SerializerMethodField()

    class Meta:
        model = Report
        fields = [
            "id",
            "url",
            "version",
            "created_at",
            "updated_at",
            "organisation",
            "organisation_display",
            "template",
            "reference_date",
            "period_start",
            "period_end",
            "agreement",
            "title",
            "series",
            "edition",
            "number",
            "issued_on",
            "signer_on_behalf",
            "signer_title",
            "signer_name",
            "recipients",
            "language",
            "status",
            "progress",
            "error",
            "classification",
            "generated_by",
            "generated_by_display",
            "generated_at",
            "duration_ms",
            "files",
            "snapshot",
        ]
        read_only_fields = [
            "series",
            "edition",
            "number",
            "status",
            "progress",
            "error",
            "classification",
            "generated_by",
            "generated_at",
            "duration_ms",
        ]
        extra_kwargs = {
            "period_start": {"required": False},
            "period_end": {"required": False},
            "issued_on": {"required": False},
        }

    @extend_schema_field(
        {"type": "object", "properties": {fmt: {"type": "string", "nullable": True} for fmt in FILE_FORMATS}}
    )
    def get_files(self, report) -> dict:
        request = self.context.get("request")
        links = {}
        for fmt in FILE_FORMATS:
            url = report.download_url(fmt)
            links[fmt] = request.build_absolute_uri(url) if url and request is not None else url
        return links

    @extend_schema_field({"type": "object", "nullable": True})
    def get_snapshot(self, report):
        """The parameters and each section's figures (in the detail only)."""
        view = self.context.get("view")
        if view is not None and getattr(view, "action", None) == "list":
            return None
        return report.snapshot or None

    def create(self, validated_data):
        validated_data.pop("version", None)
        optional = ("signer_on_behalf", "signer_title", "recipients")
        kwargs = {name: validated_data.get(name) for name in optional}  # absent → the usual default
        return services.report_request(
            acting_user=self.context["request"].user,
            organisation=validated_data.get("organisation"),
            template=validated_data.get("template"),
            period_start=validated_data.get("period_start"),
            period_end=validated_data.get("period_end"),
            agreement=validated_data.get("agreement"),
            reference_date=validated_data.get("reference_date"),
            issued_on=validated_data.get("issued_on"),
            title=validated_data.get("title") or "",
            signer_name=validated_data.get("signer_name") or "",
            language=validated_data.get("language") or "vi",
            **kwargs,
        )

    def update(self, instance, validated_data):
        raise serializers.ValidationError({"non_field_errors": [_("A report is not edited: regenerate it.")]})
