from phoihop.movements.models.events import TowardsBorderEvent
from phoihop.movements.models.teams import SelfManagementTeam
from phoihop.movements.models.twinning import Twinning, TwinningActivity
from phoihop.movements.models.visits import HolidayVisit, Occasion

__all__ = ["HolidayVisit", "Occasion", "SelfManagementTeam", "TowardsBorderEvent", "Twinning", "TwinningActivity"]
