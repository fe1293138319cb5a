from django.urls import path

from phoihop.core.views import attachments, exports, pickers

app_name = "core"

urlpatterns = [
    path("pick/<slug:kind>/", pickers.pick, name="pick"),
    path("exports/", exports.ExportListView.as_view(), name="exports"),
    path("exports/<int:pk>/download/", exports.ExportDownloadView.as_view(), name="export_download"),
    path("attachments/upload/", attachments.attachment_upload, name="attachment_upload"),
    path("attachments/<int:pk>/download/", attachments.attachment_download, name="attachment_download"),
    path("attachments/<int:pk>/delete/", attachments.attachment_delete, name="attachment_delete"),
]
