from rest_framework.routers import DefaultRouter

from phoihop.orgs.api import views

router = DefaultRouter(trailing_slash=True)
router.register("areas", views.AreaViewSet)
router.register("kinds", views.OrganisationKindViewSet)
router.register("organisations", views.OrganisationViewSet)
router.register("sharing-rules", views.SharingRuleViewSet)
router.register("agreements", views.AgreementViewSet)
router.register("clauses", views.ClauseViewSet)
urlpatterns = router.urls
