"""API: records (filled in by its owner). Register viewsets on ``router``."""

from rest_framework.routers import DefaultRouter

router = DefaultRouter()
