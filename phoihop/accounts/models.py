from django.conf import settings
from django.contrib.auth.models import AbstractUser, UserManager
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from phoihop.core.access import NOTHING, READ_ACTIONS, member_paths, subtree_q
from phoihop.core.choices import Classification, Role
from phoihop.core.models import BaseModel
from phoihop.core.querysets import RestrictedQuerySet
from phoihop.core.text import fold


class PhoihopUserManager(UserManager.from_queryset(RestrictedQuerySet)):
    pass


class User(AbstractUser):
    """A person who signs in. What they see comes from their memberships and clearance."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    clearance = models.PositiveSmallIntegerField(
        _("clearance"),
        choices=Classification.choices,
        default=Classification.UNCLASSIFIED,
        help_text=_("The highest classification of records this user may see."),
    )
    language = models.CharField(_("interface language"), max_length=8, choices=settings.LANGUAGES, default="vi")
    email_notifications = models.BooleanField(
        _("e-mail notifications"), default=True, help_text=_("Also send reminders and notifications by e-mail.")
    )
    email_digest = models.BooleanField(
        _("daily e-mail digest"),
        default=False,
        help_text=_(
            "Instead of one e-mail per notification, one e-mail a day listing them (sent with the daily reminders)."
        ),
    )
    calendar_token = models.CharField(max_length=64, blank=True, editable=False, db_index=True)
    search_text = models.TextField(default="", blank=True, editable=False)

    objects = PhoihopUserManager()

    @property
    def emails_each_notification(self) -> bool:
        """An e-mail per notification (else none, or the daily digest: ``work.reminders.send_digests``)."""
        return bool(self.email and self.email_notifications and not self.email_digest)

    search_fields = ("username", "full_name", "email", "position")
    access_edit_role = Role.ADMIN  # organisation admins manage the users of their subtree
    access_name_public = True  # officials are named on what they assign, decide and report (core.naming)
    detail_exclude = ("password", "groups", "user_permissions", "is_staff")

    class Meta:
        verbose_name = _("user")
        verbose_name_plural = _("users")
        ordering = ["username"]

    def __str__(self):
        return self.full_name or self.username

    def save(self, *args, **kwargs):
        self.search_text = fold(" ".join(str(getattr(self, f) or "") for f in self.search_fields))
        super().save(*args, **kwargs)

    @classmethod
    def url_name(cls, action):
        return f"accounts:user_{action}"

    def get_absolute_url(self):
        from django.urls import reverse

        return reverse("accounts:user_detail", kwargs={"pk": self.pk})

    @classmethod
    def access_scope(cls, user, action):
        """Users are visible to those who can see one of their organisations; org admins manage them."""
        min_role = Role.VIEWER if action in READ_ACTIONS else Role.ADMIN
        paths = member_paths(user, min_role)
        q = Q(pk=user.pk) if action in READ_ACTIONS else NOTHING
        if paths:
            Membership = cls.memberships.rel.related_model
            q |= Q(pk__in=Membership.objects.filter(subtree_q(paths, "organisation__")).values("user_id"))
        return q

    @property
    def is_org_admin(self):
        from phoihop.core.access import has_role

        return has_role(self, Role.ADMIN)


PERSONAL_DATA_GRANT_ERROR = _("Only a user who may see personal data in this organisation can grant that permission.")


class Membership(BaseModel):
    """A user's role in an organisation; the role holds over the organisation's whole subtree."""

    user = models.ForeignKey(User, verbose_name=_("user"), on_delete=models.CASCADE, related_name="memberships")
    organisation = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("organisation"), on_delete=models.CASCADE, related_name="memberships"
    )
    role = models.PositiveSmallIntegerField(_("role"), choices=Role.choices, default=Role.VIEWER)
    personal_data = models.BooleanField(
        _("may see personal data"),
        default=False,
        help_text=_(
            "Households of homes for the poor, sponsored children and other people's personal data in this "
            "organisation's subtree. Without it the user sees the records and totals, never the people."
        ),
    )
    note = models.CharField(_("note"), max_length=255, blank=True)

    access_org_field = "organisation"
    access_edit_role = Role.ADMIN
    search_fields = ("user__username", "user__full_name", "organisation__name", "organisation__short_name")

    class Meta:
        verbose_name = _("membership")
        verbose_name_plural = _("memberships")
        ordering = ["organisation__name", "user__username"]
        constraints = [
            models.UniqueConstraint(
                fields=["user", "organisation"],
                condition=Q(deleted_at__isnull=True),
                name="membership_unique_user_organisation",
                violation_error_message=_("This user already has a membership in this organisation."),
            )
        ]

    def __str__(self):
        return f"{self.user} — {self.organisation} ({self.get_role_display()})"
