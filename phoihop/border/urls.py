from phoihop.border.views import app_name, urlpatterns  # noqa: F401
