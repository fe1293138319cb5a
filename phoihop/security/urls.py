from phoihop.security.views import cases, lists, notes, statistics

app_name = "security"
urlpatterns = [*cases.urlpatterns, *notes.urlpatterns, *lists.urlpatterns, *statistics.urlpatterns]
