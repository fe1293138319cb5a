from phoihop.cadres.views import people, planning, ratings, statistics

app_name = "cadres"
urlpatterns = [*people.urlpatterns, *planning.urlpatterns, *ratings.urlpatterns, *statistics.urlpatterns]
