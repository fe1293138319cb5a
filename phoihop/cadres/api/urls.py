from phoihop.cadres.api import people, planning, ratings, statistics

urlpatterns = [*people.urlpatterns, *planning.urlpatterns, *ratings.urlpatterns, *statistics.urlpatterns]
