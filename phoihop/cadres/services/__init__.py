"""Write services of cadre work (``<entity>_<verb>``, keyword-only, ``acting_user``, in a transaction), one module
per sub-domain: ``people`` (positions held), ``planning`` (planned cadres and their removal), ``ratings`` (rating
decisions under the 20 % rule). Callers import them from here: ``from phoihop.cadres import services``."""

from phoihop.cadres.services.people import position_holding_record, position_holding_save
from phoihop.cadres.services.planning import planned_cadre_add, planned_cadre_remove, planned_cadre_save
from phoihop.cadres.services.ratings import rating_decide, rating_save

__all__ = [
    "planned_cadre_add",
    "planned_cadre_remove",
    "planned_cadre_save",
    "position_holding_record",
    "position_holding_save",
    "rating_decide",
    "rating_save",
]
