"""Pages: figures (filled in by its owner)."""

urlpatterns = []
