from phoihop.movements.views import events, summary, teams, twinning, visits

app_name = "movements"
urlpatterns = [
    *teams.urlpatterns,
    *events.urlpatterns,
    *twinning.urlpatterns,
    *visits.urlpatterns,
    *summary.urlpatterns,
]
