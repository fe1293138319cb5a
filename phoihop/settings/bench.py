"""Benchmark profile (``make bench-scale``, scripts/bench_scale.py): the production settings as they are, with the
benchmark's own pages switched on.

The HTTP-on-localhost details come from the environment the runner sets (SECURE_SSL_REDIRECT=false,
SECURE_HSTS_SECONDS=0, REQUIRE_2FA_FOR_ADMINS=false, ALLOWED_HOSTS, SECRET_KEY); the Secure cookies stay Secure: the
runner's client says ``X-Forwarded-Proto: https``, as the TLS proxy in front of gunicorn does, and sends them back
over the plain localhost connection. ``PHOIHOP_BENCH`` adds the floor page (``phoihop.core.views.bench``) and a
plain Django admin of the big lists (``phoihop.core.bench_admin``) for comparison; never in normal operation.
"""

from .production import *  # noqa: F401,F403

PHOIHOP_BENCH = True
