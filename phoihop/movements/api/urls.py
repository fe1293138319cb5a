from rest_framework.routers import DefaultRouter

from phoihop.movements.api import views

router = DefaultRouter()
views.register(router)

urlpatterns = router.urls
