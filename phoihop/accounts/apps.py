from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "phoihop.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self):
        from phoihop.accounts.models import Membership, User
        from phoihop.core.history import register_history

        register_history(Membership)
        register_history(
            User, include_fields=["username", "full_name", "email", "is_active", "clearance", "language", "position"]
        )
