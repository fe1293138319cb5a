"""API of outreach: /api/work/outreach-sessions/, /api/work/outreach-topics/, /api/work/languages/."""

from phoihop.core.api.serializers import BriefSerializer, RecordSerializer
from phoihop.core.api.views import RecordViewSet
from phoihop.work.filtersets.outreach import (
    EthnicLanguageFilterSet,
    OutreachSessionFilterSet,
    OutreachTopicFilterSet,
)
from phoihop.work.forms.outreach import commune_choices, village_choices
from phoihop.work.models import EthnicLanguage, OutreachSession, OutreachTopic

BOOKKEEPING = ["id", "url", "version", "created_at", "updated_at"]


class OutreachSessionSerializer(RecordSerializer):
    scope_fields = ("owner",)
    commune_display = BriefSerializer(source="commune", read_only=True)

    class Meta:
        model = OutreachSession
        fields = BOOKKEEPING + [
            "owner",
            "organisers",
            "held_on",
            "commune",
            "commune_display",
            "village",
            "topics",
            "languages",
            "audience",
            "materials",
            "materials_count",
            "clause",
            "note",
        ]
        extra_kwargs = {"organisers": {"required": False}}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # The same choices as the form (phoihop.work.forms.outreach.OutreachSessionForm); the organisers are
        # participants (RecordSerializer: the organisations the user coordinates with).
        self.fields["commune"].queryset = commune_choices()
        self.fields["village"].queryset = village_choices()

    def validate(self, attrs):
        attrs = super().validate(attrs)
        # The recording organisation is always one of the organisers.
        owner = attrs.get("owner", getattr(self.instance, "owner", None))
        if owner is not None and ("organisers" in attrs or "owner" in attrs or self.instance is None):
            if "organisers" in attrs:
                organisers = list(attrs["organisers"])
            else:
                organisers = list(self.instance.organisers.all()) if self.instance is not None else []
            if owner not in organisers:
                organisers.append(owner)
            attrs["organisers"] = organisers
        return attrs


class OutreachTopicSerializer(RecordSerializer):
    class Meta:
        model = OutreachTopic
        fields = BOOKKEEPING + ["code", "name", "sort_order"]


class EthnicLanguageSerializer(RecordSerializer):
    class Meta:
        model = EthnicLanguage
        fields = BOOKKEEPING + ["code", "name", "sort_order"]


class OutreachSessionViewSet(RecordViewSet):
    queryset = OutreachSession.objects.select_related("commune").prefetch_related("organisers", "topics", "languages")
    serializer_class = OutreachSessionSerializer
    filterset_class = OutreachSessionFilterSet
    ordering_fields = ["held_on", "audience"]


class OutreachTopicViewSet(RecordViewSet):
    queryset = OutreachTopic.objects.all()
    serializer_class = OutreachTopicSerializer
    filterset_class = OutreachTopicFilterSet
    ordering_fields = ["sort_order", "code", "name"]


class EthnicLanguageViewSet(RecordViewSet):
    queryset = EthnicLanguage.objects.all()
    serializer_class = EthnicLanguageSerializer
    filterset_class = EthnicLanguageFilterSet
    ordering_fields = ["sort_order", "code", "name"]


def register(router):
    router.register("outreach-sessions", OutreachSessionViewSet)
    router.register("outreach-topics", OutreachTopicViewSet)
    router.register("languages", EthnicLanguageViewSet)
