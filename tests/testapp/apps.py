from django.apps import AppConfig


class TestAppConfig(AppConfig):
    """A classified record type used only by the tests, to prove the clearance rules of the access gate
    through the same generic views, API and base test classes as every real record type."""

    name = "tests.testapp"
    label = "testapp"

    def ready(self):
        from phoihop.core.history import register_history
        from tests.testapp.models import SecretNote

        register_history(SecretNote)
