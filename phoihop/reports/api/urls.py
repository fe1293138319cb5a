from rest_framework.routers import DefaultRouter

from phoihop.reports.api import views

router = DefaultRouter(trailing_slash=True)
router.register("reports", views.ReportViewSet)

urlpatterns = [*router.urls]
