from rest_framework import viewsets

from phoihop.accounts import filtersets
from phoihop.accounts.api import serializers
from phoihop.accounts.models import Membership, User
from phoihop.core.api.views import RecordViewSet


class UserViewSet(viewsets.ReadOnlyModelViewSet):
    queryset = User.objects.all()
    serializer_class = serializers.UserSerializer
    filterset_class = filtersets.UserFilterSet

    def get_queryset(self):
        return self.queryset.restrict(self.request.user, "view")


class MembershipViewSet(RecordViewSet):
    queryset = Membership.objects.select_related("user", "organisation")
    serializer_class = serializers.MembershipSerializer
    filterset_class = filtersets.MembershipFilterSet
