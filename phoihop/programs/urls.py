from phoihop.programs.views import figures, programmes, progress, records

app_name = "programs"
urlpatterns = [*programmes.urlpatterns, *records.urlpatterns, *figures.urlpatterns, *progress.urlpatterns]
