"""A filter keeps the form field it built (``django_filters.Filter._field``). Generating the OpenAPI schema reads
the filter sets' own class-level filters, which used to leave every later filter form with a field built then:
an English label ("Language") and a queryset outside the access gate. Each filter set builds its fields afresh."""

from django.test import RequestFactory, TestCase
from django.utils import translation
from drf_spectacular.generators import SchemaGenerator

from phoihop.accounts.filtersets import MembershipFilterSet, UserFilterSet
from phoihop.accounts.models import User
from phoihop.core.testing.views import WorldMixin


class TestFilterFieldsAfterTheSchema(WorldMixin, TestCase):
    def test_labels_and_gated_choices_survive_the_schema(self):
        with translation.override("en"):
            SchemaGenerator().get_schema(request=None, public=True)
        request = RequestFactory().get("/")
        request.user = self.world.b_admin  # a commune: sees its own organisation only
        with translation.override("vi"):
            users = UserFilterSet(queryset=User.objects.none(), request=request)
            self.assertEqual(users.form["language"].label, "Ngôn ngữ giao diện")
            memberships = MembershipFilterSet(request=request)
            offered = set(memberships.form.fields["organisation"].queryset.values_list("pk", flat=True))
        self.assertIn(self.world.b.pk, offered)
        self.assertNotIn(self.world.a.pk, offered)
