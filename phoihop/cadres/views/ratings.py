"""ratings pages of the cadres app."""

urlpatterns = []
