from phoihop.programs.api import figures, programmes, records

urlpatterns = [*programmes.router.urls, *records.router.urls, *figures.router.urls]
