# The English interface keeps the Vietnamese conventions for dates and numbers: the records, the
# documents and their readers are Vietnamese, and a date must never change meaning with the language.
from phoihop.formats.vi.formats import *  # noqa: F401,F403
