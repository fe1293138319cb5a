from phoihop.border import maps, views
from phoihop.border.views import app_name  # noqa: F401

urlpatterns = [*views.urlpatterns, *maps.urlpatterns]
