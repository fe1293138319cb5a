"""Pages: records (filled in by its owner)."""

urlpatterns = []
