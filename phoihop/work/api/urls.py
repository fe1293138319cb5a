from rest_framework.routers import DefaultRouter

from phoihop.work.api import conferences, dissemination, documents, notifications, outreach, statistics, tasks

router = DefaultRouter()
for module in (documents, dissemination, outreach, tasks, conferences, notifications):
    module.register(router)

urlpatterns = [*router.urls, *statistics.urlpatterns]
