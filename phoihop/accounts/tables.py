import django_tables2 as tables
from django.utils.translation import gettext_lazy as _

from phoihop.accounts.models import Membership, User
from phoihop.core.tables import BaseTable


class UserTable(BaseTable):
    username = tables.Column(linkify=True)

    class Meta(BaseTable.Meta):
        model = User
        fields = ("username", "full_name", "position", "email", "clearance", "is_active", "last_login")


class MembershipTable(BaseTable):
    id = tables.Column(linkify=True, verbose_name="#")
    user = tables.Column(linkify=lambda record: record.user.get_absolute_url())
    organisation = tables.Column(
        linkify=lambda record: record.organisation.get_absolute_url(), verbose_name=_("Organisation")
    )

    class Meta(BaseTable.Meta):
        model = Membership
        fields = ("id", "user", "organisation", "role", "personal_data", "note")
