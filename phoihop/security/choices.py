from django.db import models
from django.utils.translation import gettext_lazy as _


class CaseNature(models.TextChoices):
    """Hình sự / hành chính: decides how a case is counted and which outcomes it may have."""

    CRIMINAL = "criminal", _("Criminal")
    ADMINISTRATIVE = "administrative", _("Administrative")


class CaseRole(models.TextChoices):
    """Whether the Border Guard led the case (chủ trì) or took part in support of another force (phối hợp)."""

    LEAD = "lead", _("Led by the unit")
    SUPPORT = "support", _("In support of another force")


class CaseOutcome(models.TextChoices):
    PENDING = "pending", _("Still being handled")
    PROSECUTED = "prosecuted", _("Prosecuted and transferred to the investigating agency")
    FINED = "fined", _("Administrative fine")
    TRANSFERRED = "transferred", _("Initial file drawn up and handed over to another agency")
    CONFISCATED = "confiscated", _("Ownerless goods confiscated")


class Sex(models.TextChoices):
    MALE = "male", _("Male")
    FEMALE = "female", _("Female")


class Nationality(models.TextChoices):
    VIETNAM = "vn", _("Viet Nam")
    CHINA = "cn", _("China")
    OTHER = "other", _("Other nationality")


class Unit(models.TextChoices):
    """Units of seized items, as the Border Guard reports them. Quantities in different units are never added."""

    GRAM = "g", _("gram (g)")
    KILOGRAM = "kg", _("kilogram (kg)")
    BLOCK = "banh", _("block of drugs")
    PILL = "vien", _("pill")
    SACHET = "tep", _("sachet")
    GUN = "khau", _("gun")
    GRENADE = "qua", _("grenade or shell")
    DETONATOR = "kip", _("detonator")
    BANKNOTE = "to", _("banknote")
    ANIMAL = "con", _("head of animal")
    PIECE = "chiec", _("single item")
    LITRE = "lit", _("litre")
    PACK = "bao", _("pack of cigarettes")
    CARTON = "cay", _("carton of cigarettes")
    BOX = "hop", _("box")
    CASE = "thung", _("crate")
    SET = "bo", _("set")
    TONNE = "tan", _("tonne")


class CustodyKind(models.TextChoices):
    """The steps of the chain of custody of seized evidence, in their order."""

    SEIZED = "seized", _("Seized")
    STORED = "stored", _("Stored")
    HANDED_OVER = "handed_over", _("Handed over")
    DESTROYED = "destroyed", _("Destroyed")
    RETURNED = "returned", _("Returned")


#: steps after which the evidence has left the chain: nothing may follow them
CUSTODY_FINAL = (CustodyKind.DESTROYED, CustodyKind.RETURNED)
#: the order of steps taken on the same day
CUSTODY_RANK = {
    CustodyKind.SEIZED: 0,
    CustodyKind.STORED: 1,
    CustodyKind.HANDED_OVER: 2,
    CustodyKind.DESTROYED: 3,
    CustodyKind.RETURNED: 3,
}


class SourceReliability(models.TextChoices):
    """How far the source of a situation note can be trusted."""

    RELIABLE = "reliable", _("Reliable")
    FAIRLY_RELIABLE = "fairly_reliable", _("Fairly reliable")
    UNCONFIRMED = "unconfirmed", _("Not yet confirmed")
