"""The caller's own notifications: list and detail, mark one read, mark all read.

Every query starts from ``user=request.user`` (as the notifications page does): another user's notification
answers 404, exactly like one that does not exist.
"""

from drf_spectacular.utils import extend_schema, inline_serializer
from rest_framework import serializers, viewsets
from rest_framework.decorators import action
from rest_framework.response import Response

from phoihop.work.filtersets.notifications import NotificationFilterSet, NotificationKind
from phoihop.work.models import Notification
from phoihop.work.services import notifications_mark_read
from phoihop.work.views.notifications import my_notifications


class NotificationSerializer(serializers.ModelSerializer):
    # a task the caller may no longer open is not named (``Notification.shown_title``)
    title = serializers.CharField(source="shown_title", read_only=True)
    body = serializers.CharField(source="shown_body", read_only=True)
    url = serializers.CharField(source="shown_url", read_only=True)
    unread = serializers.SerializerMethodField()
    kind = serializers.SerializerMethodField()

    class Meta:
        model = Notification
        fields = ["id", "title", "body", "url", "task", "kind", "created_at", "read_at", "unread"]
        read_only_fields = fields

    def get_unread(self, obj) -> bool:
        return obj.read_at is None

    def get_kind(self, obj) -> str | None:
        return NotificationKind.of(obj)


class NotificationViewSet(viewsets.ReadOnlyModelViewSet):
    """My notifications, unread first (``?unread=true``, ``?kind=task|figures|markers``)."""

    queryset = Notification.objects.all()
    serializer_class = NotificationSerializer
    filterset_class = NotificationFilterSet
    ordering_fields = ["created_at", "read_at"]

    def get_queryset(self):
        return my_notifications(self.request.user)

    @extend_schema(request=None, responses=NotificationSerializer)
    @action(detail=True, methods=["post"])
    def read(self, request, pk=None):
        notification = self.get_object()  # the caller's own, else 404
        notifications_mark_read(acting_user=request.user, pk=notification.pk)
        notification.refresh_from_db()
        return Response(self.get_serializer(notification).data)

    @extend_schema(request=None, responses=inline_serializer("MarkedRead", {"marked": serializers.IntegerField()}))
    @action(detail=False, methods=["post"], url_path="read-all")
    def read_all(self, request):
        return Response({"marked": notifications_mark_read(acting_user=request.user)})


def register(router):
    router.register("notifications", NotificationViewSet)
