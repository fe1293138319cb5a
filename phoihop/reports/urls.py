from phoihop.reports.views import dashboard, reports

app_name = "reports"

urlpatterns = [*reports.urlpatterns, *dashboard.urlpatterns]
