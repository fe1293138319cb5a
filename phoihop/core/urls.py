from django.urls import path

from phoihop.core.views import exports

app_name = "core"

urlpatterns = [
    path("exports/", exports.ExportListView.as_view(), name="exports"),
    path("exports/<int:pk>/download/", exports.ExportDownloadView.as_view(), name="export_download"),
]
