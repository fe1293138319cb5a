"""Pages: progress (filled in by its owner)."""

urlpatterns = []
