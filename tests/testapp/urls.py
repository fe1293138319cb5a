from django.urls import include, path

from phoihop.urls import urlpatterns as phoihop_urlpatterns
from tests.testapp.api import router
from tests.testapp.views import note_views

urlpatterns = [
    path("testapp/", include((note_views.urls("notes"), "testapp"))),
    path("api/testapp/", include(router.urls)),
    *phoihop_urlpatterns,
]
