from phoihop.work.views import conferences, dissemination, documents, inbox, notifications, outreach, statistics, tasks

app_name = "work"

urlpatterns = [
    *documents.urlpatterns,
    *dissemination.urlpatterns,
    *outreach.urlpatterns,
    *tasks.urlpatterns,
    *inbox.urlpatterns,
    *conferences.urlpatterns,
    *notifications.urlpatterns,
    *statistics.urlpatterns,
]
