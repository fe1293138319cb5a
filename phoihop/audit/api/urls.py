from rest_framework.routers import DefaultRouter

from phoihop.audit.api.views import ChangeRecordViewSet

router = DefaultRouter()
router.register("changes", ChangeRecordViewSet)
urlpatterns = router.urls
