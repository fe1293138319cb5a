"""The fast check of "unique among live records" constraints (``BaseModel.validate_constraints``) decides exactly
as Django's generic ``UniqueConstraint.validate`` does, with the same messages."""

from decimal import Decimal

from django.core.exceptions import ValidationError
from django.test import TestCase
from django.utils import timezone

from phoihop.border.models import Marker
from phoihop.core.models import _is_live_unique
from phoihop.core.testing.views import WorldMixin
from phoihop.orgs.models import Organisation


def django_says(instance):
    """The messages of Django's own check of every constraint, by field."""
    errors = {}
    for model_class, constraints in instance.get_constraints():
        for constraint in constraints:
            try:
                constraint.validate(model_class, instance)
            except ValidationError as error:
                key = constraint.fields[0] if error.code == "unique" and len(constraint.fields) == 1 else "__all__"
                errors.setdefault(key, []).extend(error.messages)
    return errors


def fast_says(instance):
    try:
        instance.validate_constraints()
    except ValidationError as error:
        return error.message_dict
    return {}


class TestLiveUniqueConstraint(WorldMixin, TestCase):
    def marker(self, number, **kwargs):
        return Marker(number=number, post=self.world.a, latitude=Decimal("21.9"), longitude=Decimal("106.8"), **kwargs)

    def assertAgree(self, instance, expect_error):
        fast, generic = fast_says(instance), django_says(instance)
        self.assertEqual(fast, generic)
        self.assertEqual(bool(fast), expect_error, fast)

    def test_the_fast_path_covers_the_live_unique_constraints_only(self):
        marker_constraint = Marker._meta.constraints[0]
        self.assertTrue(_is_live_unique(marker_constraint))
        area_code = [c for c in Organisation._meta.constraints if c.name == "organisation_unique_code"][0]
        self.assertTrue(_is_live_unique(area_code))
        from phoihop.orgs.models import Area

        # "live and with a code": Django's generic path
        self.assertFalse(_is_live_unique([c for c in Area._meta.constraints if c.name == "area_unique_code"][0]))

    def test_same_decisions_and_messages_as_django(self):
        existing = self.marker("1116")
        existing.save()
        self.assertAgree(self.marker("1116"), True)  # a new marker with a live marker's number
        self.assertAgree(self.marker("1117"), False)
        self.assertAgree(existing, False)  # the marker itself, saved again
        self.assertAgree(self.marker("1116", deleted_at=timezone.now()), False)  # a deleted record never clashes
        existing.deleted_at = timezone.now()
        existing.save()
        self.assertAgree(self.marker("1116"), False)  # its number is free once it is deleted

    def test_composite_and_excluded_fields(self):
        from phoihop.accounts.models import Membership

        membership = Membership.objects.filter(deleted_at__isnull=True).first()
        twin = Membership(user=membership.user, organisation=membership.organisation, role=membership.role)
        self.assertAgree(twin, True)
        with self.assertRaises(ValidationError):
            twin.validate_constraints()
        twin.validate_constraints(exclude={"organisation"})  # an excluded field skips the constraint, as Django's
        other = Membership(user=membership.user, organisation=self.world.b, role=membership.role)
        self.assertEqual(fast_says(other), django_says(other))
