from phoihop.programs.models.figures import PeriodicFigure
from phoihop.programs.models.programmes import FundingSource, Indicator, IndicatorTarget, Programme, ProgrammeBudget
from phoihop.programs.models.records import (
    ForestPlot,
    House,
    HouseFunding,
    Household,
    Resettlement,
    SponsoredChild,
    Sponsorship,
)

__all__ = [
    "ForestPlot",
    "FundingSource",
    "House",
    "HouseFunding",
    "Household",
    "Indicator",
    "IndicatorTarget",
    "PeriodicFigure",
    "Programme",
    "ProgrammeBudget",
    "Resettlement",
    "SponsoredChild",
    "Sponsorship",
]
