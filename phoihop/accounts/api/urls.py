from rest_framework.routers import DefaultRouter

from phoihop.accounts.api import views

router = DefaultRouter()
router.register("users", views.UserViewSet)
router.register("memberships", views.MembershipViewSet)
urlpatterns = router.urls
