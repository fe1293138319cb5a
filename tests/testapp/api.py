from rest_framework.decorators import api_view
from rest_framework.routers import DefaultRouter

from phoihop.core.api.serializers import RecordSerializer
from phoihop.core.api.views import RecordViewSet
from tests.testapp.models import SecretNote
from tests.testapp.views import SecretNoteFilterSet


class SecretNoteSerializer(RecordSerializer):
    class Meta:
        model = SecretNote
        fields = [
            "id",
            "url",
            "version",
            "organisation",
            "title",
            "classification",
            "holding_unit",
            "custodian",
            "storage_place",
        ]


class SecretNoteViewSet(RecordViewSet):
    queryset = SecretNote.objects.select_related("organisation")
    serializer_class = SecretNoteSerializer
    filterset_class = SecretNoteFilterSet


router = DefaultRouter()
router.register("notes", SecretNoteViewSet)


@api_view(["GET"])
def failing_api_view(request):
    """An API view with a bug: its error must still answer JSON."""
    raise RuntimeError("a bug in an API view")


@api_view(["POST"])
def busy_api_view(request):
    """A write that finds the embedded database locked by a long import beyond the busy timeout."""
    from django.db import OperationalError

    raise OperationalError("database is locked")
