def register(router):
    """Register this sub-domain's API endpoints (filled in with the sub-domain)."""
