from django.conf import settings
from django.contrib import admin
from django.shortcuts import redirect
from django.templatetags.static import static
from django.urls import include, path
from drf_spectacular.views import SpectacularAPIView, SpectacularSwaggerSplitView

from phoihop.core.views.home import HomeView

api_patterns = [
    path("accounts/", include("phoihop.accounts.api.urls")),
    path("orgs/", include("phoihop.orgs.api.urls")),
    path("audit/", include("phoihop.audit.api.urls")),
    path("work/", include("phoihop.work.api.urls")),
    path("border/", include("phoihop.border.api.views")),
    path("programs/", include("phoihop.programs.api.urls")),
    path("movements/", include("phoihop.movements.api.urls")),
    path("security/", include("phoihop.security.api.urls")),
    path("cadres/", include("phoihop.cadres.api.urls")),
    path("reports/", include("phoihop.reports.api.urls")),
]

# `make bench-scale` only (phoihop.settings.bench): the floor page and a plain admin of the big lists, registered
# before admin.site.urls is read below
bench_patterns = []
if getattr(settings, "PHOIHOP_BENCH", False):
    import phoihop.core.bench_admin  # noqa: F401
    from phoihop.core.views import bench

    bench_patterns = [path("_bench/floor/", bench.floor, name="bench_floor")]

urlpatterns = [
    path("", HomeView.as_view(), name="home"),
    # browsers ask for /favicon.ico on pages without the icon link (the API's JSON, files)
    path("favicon.ico", lambda request: redirect(static("phoihop/favicon.svg"))),
    path("", include("phoihop.core.urls")),
    path("accounts/", include("phoihop.accounts.urls")),
    path("orgs/", include("phoihop.orgs.urls")),
    path("audit/", include("phoihop.audit.urls")),
    path("work/", include("phoihop.work.urls")),
    path("border/", include("phoihop.border.urls")),
    path("programs/", include("phoihop.programs.urls")),
    path("movements/", include("phoihop.movements.urls")),
    path("security/", include("phoihop.security.urls")),
    path("cadres/", include("phoihop.cadres.urls")),
    path("reports/", include("phoihop.reports.urls")),
    path("api/", include(api_patterns)),
    path("api/schema/", SpectacularAPIView.as_view(), name="api-schema"),
    # the split view serves Swagger UI's start-up script as a file (?script), not inline: script-src 'self'
    path("api/docs/", SpectacularSwaggerSplitView.as_view(url_name="api-schema"), name="api-docs"),
    *bench_patterns,
    path("admin/", admin.site.urls),
]

# Pages answer the HTML error pages (templates/40x.html, 500.html); /api/ answers JSON.
handler400 = "phoihop.core.views.errors.bad_request"
handler403 = "phoihop.core.views.errors.permission_denied"
handler404 = "phoihop.core.views.errors.page_not_found"
handler500 = "phoihop.core.views.errors.server_error"
