"""One module per sub-domain: ``reports`` (generated reports) and ``dashboard`` (the leadership dashboard)."""
