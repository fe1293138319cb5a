"""How users are chosen in a search picker (``core.pickers``): the activity page's and memberships' filters."""

from phoihop.accounts.models import User
from phoihop.core.pickers import register

register(
    "user",
    User,
    label=lambda user: user.full_name or user.username,
    hint=lambda user: " · ".join(part for part in (user.username, user.position) if part),
    order_by=("full_name", "username", "pk"),
)
