from django.contrib.auth import views as auth_views
from django.urls import path

from phoihop.accounts import resources, views
from phoihop.accounts.models import User
from phoihop.core.views import generic

app_name = "accounts"
user_import = generic.ObjectImportView.as_view(queryset=User.objects.all(), resource=resources.UserImportResource)

urlpatterns = [
    path("login/", views.LoginView.as_view(), name="login"),
    path("logout/", auth_views.LogoutView.as_view(), name="logout"),
    path("otp/verify/", views.OTPVerifyView.as_view(), name="otp_verify"),
    path("otp/setup/", views.OTPSetupView.as_view(), name="otp_setup"),
    path("profile/", views.ProfileView.as_view(), name="profile"),
    path("language/", views.LanguageView.as_view(), name="language"),
    path("users/", views.user_list, name="user_list"),
    path("users/add/", views.UserEditView.as_view(), name="user_add"),
    path("users/import/", user_import, name="user_import"),
    path("users/import/<int:pk>/", user_import, name="user_import_job"),
    path("users/<int:pk>/", views.UserDetailView.as_view(queryset=User.objects.all()), name="user_detail"),
    path("users/<int:pk>/edit/", views.UserEditView.as_view(), name="user_edit"),
    path(
        "users/<int:pk>/history/", generic.ObjectHistoryView.as_view(queryset=User.objects.all()), name="user_history"
    ),
    *views.membership_views.urls("memberships"),
]
