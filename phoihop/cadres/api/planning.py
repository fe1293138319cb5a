"""planning API of the cadres app."""

urlpatterns = []
