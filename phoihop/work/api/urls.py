from rest_framework.routers import DefaultRouter

from phoihop.work.api import conferences, dissemination, documents, outreach, statistics, tasks

router = DefaultRouter()
for module in (documents, dissemination, outreach, tasks, conferences):
    module.register(router)

urlpatterns = [*router.urls, *statistics.urlpatterns]
