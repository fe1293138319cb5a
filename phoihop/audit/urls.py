from django.urls import path

from phoihop.audit import views

app_name = "audit"

urlpatterns = [
    path("activity/", views.ActivityView.as_view(), name="activity"),
    path("recycle-bin/", views.RecycleBinView.as_view(), name="recycle_bin"),
    path("personal-data-access/", views.personal_data_access_list, name="personaldataaccess_list"),
    path("purpose/", views.PurposeView.as_view(), name="purpose"),
]
