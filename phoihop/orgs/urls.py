from django.urls import path

from phoihop.orgs import views

app_name = "orgs"

urlpatterns = [
    path("organisations/tree/", views.OrganisationTreeView.as_view(), name="organisation_tree"),
    *views.organisation_views.urls("organisations"),
    *views.kind_views.urls("kinds"),
    *views.area_views.urls("areas"),
    *views.sharing_views.urls("sharing-rules"),
    *views.agreement_views.urls("agreements"),
    path("agreements/<int:pk>/renew/", views.AgreementRenewView.as_view(), name="agreement_renew"),
    *views.clause_views.urls("clauses"),
]
