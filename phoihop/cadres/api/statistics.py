"""statistics API of the cadres app."""

urlpatterns = []
