from phoihop.cadres.models.lists import EthnicGroup
from phoihop.cadres.models.people import Person, PositionHolding, TrainingCourse
from phoihop.cadres.models.planning import CadrePlan, PlannedCadre
from phoihop.cadres.models.ratings import MemberRating, OrganisationRating
from phoihop.cadres.models.secondments import HouseholdAssignment, Secondment

__all__ = [
    "CadrePlan",
    "EthnicGroup",
    "HouseholdAssignment",
    "MemberRating",
    "OrganisationRating",
    "Person",
    "PlannedCadre",
    "PositionHolding",
    "Secondment",
    "TrainingCourse",
]
