"""API: periodic figures (/api/programs/figures/) and their workflow actions.

Values are written through ``services.figure_save``: changing a submitted, approved or locked value answers
409 ``{"status": [message]}`` and changes nothing. The workflow steps are POST actions calling the same
services as the pages: ``submit``, ``approve``, ``return`` and ``reopen`` (with ``{"reason": "…"}``), ``lock``,
``compute``, and ``approve-bulk`` (``{"ids": [...]}`` → ``{"approved": n}``). A value flagged as implausible
(``selectors.outliers``) is approved only with ``{"confirmed": true}``; without it the answer is 400 with the
warnings at ``confirmed``.
"""

from django.utils.translation import gettext as _
from drf_spectacular.utils import extend_schema
from rest_framework import serializers
from rest_framework.decorators import action
from rest_framework.response import Response
from rest_framework.routers import DefaultRouter

from phoihop.core.api.serializers import BriefSerializer, IdListField, RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.programs import selectors, services
from phoihop.programs.filtersets.figures import PeriodicFigureFilterSet
from phoihop.programs.models import PeriodicFigure
from phoihop.programs.periods import period_start_of

router = DefaultRouter()

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]
WORKFLOW = [
    "period_type",
    "computed",
    "status",
    "status_reason",
    "submitted_at",
    "submitted_by",
    "approved_at",
    "approved_by",
    "locked_at",
]


class PeriodicFigureSerializer(RecordSerializer):
    save_service = staticmethod(services.figure_save)
    indicator_display = BriefSerializer(source="indicator", read_only=True)
    organisation_display = BriefSerializer(source="organisation", read_only=True)
    period_label = serializers.CharField(read_only=True)

    class Meta:
        model = PeriodicFigure
        fields = BOOKKEEPING + [
            "indicator",
            "indicator_display",
            "organisation",
            "organisation_display",
            "period_start",
            "period_label",
            "value",
            "note",
            *WORKFLOW,
        ]
        read_only_fields = WORKFLOW
        validators = []  # uniqueness: see validate(), against the period's first day

    def validate(self, attrs):
        attrs = super().validate(attrs)
        instance = self.instance
        indicator = attrs.get("indicator", getattr(instance, "indicator", None))
        organisation = attrs.get("organisation", getattr(instance, "organisation", None))
        day = attrs.get("period_start", getattr(instance, "period_start", None))
        if indicator is not None and organisation is not None and day is not None:
            start = period_start_of(indicator.period_type, day)
            clash = PeriodicFigure.objects.filter(indicator=indicator, organisation=organisation, period_start=start)
            if instance is not None:
                clash = clash.exclude(pk=instance.pk)
            if clash.exists():
                raise serializers.ValidationError(
                    {"period_start": [_("This organisation already has a value of this indicator for this period.")]}
                )
        return attrs


class FigureReasonSerializer(serializers.Serializer):
    reason = serializers.CharField()


class FigureApproveSerializer(serializers.Serializer):
    """``confirmed``: the approver has checked a value flagged as implausible (``selectors.outliers``)."""

    confirmed = serializers.BooleanField(required=False, default=False)


class FigureBulkApproveSerializer(FigureApproveSerializer):
    ids = IdListField()


def refuse_outliers(user, figures, confirmed):
    """A flagged value is approved only once the approver confirms having checked it: 400 with the warnings at
    ``confirmed`` (as the approval pages ask), listing each flagged figure."""
    if confirmed:
        return
    warnings = selectors.outliers(user, figures)
    if warnings:
        raise serializers.ValidationError(
            {
                "confirmed": [
                    _("Check this value before approving it (send confirmed: true): %(warning)s")
                    % {"warning": f"#{pk}: {warning}"}
                    for pk, warning in sorted(warnings.items())
                ]
            }
        )


class FigureBulkApproveResult(serializers.Serializer):
    approved = serializers.IntegerField()


class PeriodicFigureViewSet(RecordViewSet):
    """Periodic figures; the workflow steps are POST actions."""

    queryset = PeriodicFigure.objects.select_related("indicator__programme", "organisation")
    serializer_class = PeriodicFigureSerializer
    filterset_class = PeriodicFigureFilterSet
    ordering_fields = ["period_start", "status", "submitted_at", "value"]

    def _figure(self):
        return super(RecordViewSet, self).get_object()  # visible → else 404; the services check the roles

    def _reason(self, request):
        data = FigureReasonSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        return data.validated_data["reason"]

    def _done(self, figure):
        figure.refresh_from_db()
        return Response(PeriodicFigureSerializer(figure, context=self.get_serializer_context()).data)

    def perform_destroy(self, instance):
        if not instance.is_editable:
            raise services.FigureLockedError(instance.status)
        super().perform_destroy(instance)

    @extend_schema(request=None, responses=PeriodicFigureSerializer)
    @action(detail=True, methods=["post"])
    def submit(self, request, pk=None):
        figure = self._figure()
        services.figure_submit(acting_user=request.user, figure=figure)
        return self._done(figure)

    @extend_schema(request=FigureApproveSerializer, responses=PeriodicFigureSerializer)
    @action(detail=True, methods=["post"])
    def approve(self, request, pk=None):
        figure = self._figure()
        data = FigureApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        refuse_outliers(request.user, [figure], data.validated_data["confirmed"])
        services.figure_approve(acting_user=request.user, figure=figure)
        return self._done(figure)

    @extend_schema(request=FigureReasonSerializer, responses=PeriodicFigureSerializer)
    @action(detail=True, methods=["post"], url_path="return")
    def return_figure(self, request, pk=None):
        figure = self._figure()
        services.figure_return(acting_user=request.user, figure=figure, reason=self._reason(request))
        return self._done(figure)

    @extend_schema(request=FigureReasonSerializer, responses=PeriodicFigureSerializer)
    @action(detail=True, methods=["post"])
    def reopen(self, request, pk=None):
        figure = self._figure()
        services.figure_reopen(acting_user=request.user, figure=figure, reason=self._reason(request))
        return self._done(figure)

    @extend_schema(request=None, responses=PeriodicFigureSerializer)
    @action(detail=True, methods=["post"])
    def lock(self, request, pk=None):
        figure = self._figure()
        services.figure_lock(acting_user=request.user, figure=figure)
        return self._done(figure)

    @extend_schema(request=None, responses=PeriodicFigureSerializer)
    @action(detail=True, methods=["post"])
    def compute(self, request, pk=None):
        figure = self._figure()
        services.figure_compute(acting_user=request.user, figure=figure)
        return self._done(figure)

    @extend_schema(request=FigureBulkApproveSerializer, responses=FigureBulkApproveResult)
    @action(detail=False, methods=["post"], url_path="approve-bulk")
    def approve_bulk(self, request):
        data = FigureBulkApproveSerializer(data=request.data)
        data.is_valid(raise_exception=True)
        figures = self.get_queryset().filter(pk__in=data.validated_data["ids"])
        refuse_outliers(request.user, list(figures), data.validated_data["confirmed"])
        count = services.figures_approve_bulk(acting_user=request.user, figures=figures)
        return Response({"approved": count})


router.register("figures", PeriodicFigureViewSet)
