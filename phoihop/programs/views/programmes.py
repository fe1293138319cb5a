"""Pages: programmes (filled in by its owner)."""

urlpatterns = []
