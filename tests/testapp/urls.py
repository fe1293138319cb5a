from django.urls import include, path

from phoihop.urls import handler400, handler403, handler404, handler500  # noqa: F401
from phoihop.urls import urlpatterns as phoihop_urlpatterns
from tests.testapp.api import busy_api_view, failing_api_view, router
from tests.testapp.views import busy_page_view, failing_page_view, note_views

urlpatterns = [
    path("testapp/failing/", failing_page_view),
    path("testapp/busy/", busy_page_view),
    path("api/testapp/busy/", busy_api_view),
    path("testapp/", include((note_views.urls("notes"), "testapp"))),
    path("api/testapp/failing/", failing_api_view),
    path("api/testapp/", include(router.urls)),
    *phoihop_urlpatterns,
]
