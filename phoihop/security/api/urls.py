from phoihop.security.api import statistics
from phoihop.security.api.views import router

urlpatterns = [*statistics.urlpatterns, *router.urls]
