"""ratings API of the cadres app."""

urlpatterns = []
