"""Chuyên án (operations), vụ việc (cases) and what a case holds: its subjects, their identities, the items seized
and the chain of custody of the evidence.

* ``Operation`` — a chuyên án led by a Border Guard unit, with the agencies it coordinates with (police, customs,
  the Chinese side) as free text. Classified.
* ``Case`` — one case (vụ việc), optionally under an operation: its code ("LS1225.2"), date and time, category,
  nature (criminal or administrative, by default the category's), whether the unit led it or supported another
  force, its place (commune, village, the nearest marker, a point), the number of subjects (none for ownerless
  goods), its outcome (prosecuted, fined with the amount, handed over, ownerless goods confiscated, still being
  handled) and the money paid to the budget. Owned by the Border Guard unit that records it (``unit``); the other
  units involved are named for the record only and gain no access. Classified.
* ``CaseSubjectGroup`` — how many of the case's subjects are of one sex, nationality and ethnic group (the figures
  reports count; no names).
* ``CaseSubjectIdentity`` — who a subject is (name, year of birth, identity document, address): personal data,
  readable only through memberships holding the personal-data permission, like the households of houses for the
  poor.
* ``SeizedItem`` — an item seized in a case: its type, quantity and unit (by default the type's), estimated value
  and, for counterfeit money, face value. Quantities of different units are never added together.
* ``CustodyStep`` — one step of the chain of custody of the evidence of a case (or of one of its items): seized,
  stored at, handed over to whom by which minutes, destroyed or returned. Steps are recorded through
  ``services.case_custody_record``, which keeps them in order.

Every child record follows its case through the gate: the case's unit owns it and the case's classification hides
it (``access_classification_field``).
"""

import datetime
from decimal import Decimal

from django.core.exceptions import ValidationError
from django.core.validators import MinValueValidator
from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.formats import number_format
from django.utils.translation import gettext_lazy as _

from phoihop.core.models import LIVE, BaseModel, ClassifiedMixin
from phoihop.core.validators import HAPPENED, LATITUDE, LONGITUDE, NON_NEGATIVE, YEAR
from phoihop.security.choices import (
    CaseNature,
    CaseOutcome,
    CaseRole,
    CustodyKind,
    Nationality,
    Sex,
    Unit,
)
from phoihop.security.models.lists import CaseCategory, SeizedItemType

#: amounts in đồng
VND = {"max_digits": 18, "decimal_places": 0}
COORD = {"max_digits": 9, "decimal_places": 6, "null": True, "blank": True}


def format_quantity(value) -> str:
    """A quantity the Vietnamese way without trailing zeros: 8.978, 864,9, 0,25."""
    if value is None:
        return ""
    value = Decimal(value).normalize()
    if value == value.to_integral():
        value = value.quantize(Decimal(1))
    return number_format(value, use_l10n=True, force_grouping=True)


def village_error(commune, village):
    """The error when ``village`` does not lie in ``commune`` (None when it does, or either is missing)."""
    if commune is not None and village is not None and village.parent_id != commune.pk:
        return _("The village does not belong to the commune.")
    return None


class Operation(ClassifiedMixin, BaseModel):
    """A chuyên án: an operation against a line of crime, led by a Border Guard unit."""

    code = models.CharField(_("code"), max_length=40, help_text=_("e.g. CA-01/2025"))
    name = models.CharField(_("name"), max_length=300, blank=True)  # required unless a register entry
    lead_unit = models.ForeignKey(
        "orgs.Organisation", verbose_name=_("lead unit"), on_delete=models.PROTECT, related_name="security_operations"
    )
    category = models.ForeignKey(
        CaseCategory,
        verbose_name=_("case category"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="operations",
    )
    coordinating_agencies = models.CharField(
        _("coordinating agencies"),
        max_length=500,
        blank=True,
        help_text=_("Police, customs, the Chinese side … as written in the plan."),
    )
    opened_on = models.DateField(_("opened on"), validators=HAPPENED)
    closed_on = models.DateField(_("closed on"), null=True, blank=True, validators=HAPPENED)
    result = models.TextField(_("result"), blank=True)

    access_org_field = "lead_unit"
    search_fields = ("code", "name", "lead_unit__name", "coordinating_agencies")
    # classified Mật or above: a register entry (code, dates, unit, who holds the paper file) without its name,
    # agencies or result (core.state_secrets)
    secret_content_fields = ("name", "coordinating_agencies", "result")
    content_required_fields = ("name",)
    register_number_field = "code"

    class Meta:
        verbose_name = _("operation")
        verbose_name_plural = _("operations")
        ordering = ["-opened_on", "code"]
        indexes = [
            models.Index(fields=["opened_on", "id"], name="security_operation_opened"),
            models.Index(fields=["-opened_on", "code"], condition=LIVE, name="security_operation_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["lead_unit", "code"],
                condition=Q(deleted_at__isnull=True),
                name="security_operation_unique_code",
                violation_error_message=_("This unit already has an operation with this code."),
            )
        ]

    def __str__(self):
        return self.register_label() if self.is_register_entry or not self.name else f"{self.code} — {self.name}"

    def clean(self):
        if self.opened_on and self.closed_on and self.closed_on < self.opened_on:
            raise ValidationError({"closed_on": _("An operation cannot close before it opens.")})


class Case(ClassifiedMixin, BaseModel):
    """A case (vụ việc) of border crime or violation recorded by a Border Guard unit."""

    code = models.CharField(_("case code"), max_length=40, help_text=_("e.g. LS1225.2"))
    occurred_on = models.DateField(_("date"), validators=HAPPENED)
    occurred_time = models.TimeField(_("time"), null=True, blank=True)
    category = models.ForeignKey(
        CaseCategory, verbose_name=_("case category"), on_delete=models.PROTECT, related_name="cases"
    )
    nature = models.CharField(
        _("nature"),
        max_length=16,
        choices=CaseNature.choices,
        blank=True,
        help_text=_("Empty: the category's default."),
    )
    role = models.CharField(_("role of the unit"), max_length=10, choices=CaseRole.choices, default=CaseRole.LEAD)
    operation = models.ForeignKey(
        Operation,
        verbose_name=_("operation"),
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="cases",
    )
    unit = models.ForeignKey(
        "orgs.Organisation",
        verbose_name=_("Border Guard unit"),
        on_delete=models.PROTECT,
        related_name="security_cases",
        help_text=_("The unit that records the case (a post, a department)."),
    )
    involved_units = models.ManyToManyField(
        "orgs.Organisation",
        verbose_name=_("other units involved"),
        blank=True,
        related_name="security_cases_involved",
        help_text=_("Named for the record only: they do not gain access to the case."),
    )
    other_agencies = models.CharField(
        _("other agencies"), max_length=500, blank=True, help_text=_("Police, customs, the Chinese side …")
    )
    commune = models.ForeignKey(
        "orgs.Area", verbose_name=_("commune"), on_delete=models.PROTECT, related_name="security_cases"
    )
    village = models.ForeignKey(
        "orgs.Area", verbose_name=_("village"), on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    place_detail = models.CharField(
        _("place"), max_length=300, blank=True, help_text=_("e.g. the track near marker 979")
    )
    marker = models.ForeignKey(
        "border.Marker",
        verbose_name=_("nearest marker"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="security_cases",
    )
    latitude = models.DecimalField(_("latitude"), validators=LATITUDE, **COORD)
    longitude = models.DecimalField(_("longitude"), validators=LONGITUDE, **COORD)
    ownerless = models.BooleanField(
        _("owner not identified"),
        default=False,
        help_text=_("Goods whose owner could not be identified: a case without subjects."),
    )
    subject_count = models.PositiveIntegerField(_("number of subjects"), default=0)
    outcome = models.CharField(_("outcome"), max_length=12, choices=CaseOutcome.choices, default=CaseOutcome.PENDING)
    outcome_on = models.DateField(_("outcome date"), null=True, blank=True, validators=HAPPENED)
    fine_amount = models.DecimalField(_("fine (VND)"), null=True, blank=True, validators=NON_NEGATIVE, **VND)
    transferred_to = models.CharField(
        _("handed over to"),
        max_length=300,
        blank=True,
        help_text=_("The investigating or other agency that took the case over."),
    )
    budget_receipts = models.DecimalField(_("paid to the budget (VND)"), default=0, validators=NON_NEGATIVE, **VND)
    summary = models.TextField(_("summary"), blank=True)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "unit"
    search_fields = ("code", "category__name", "commune__name", "village__name", "place_detail", "unit__name")
    attachments_enabled = True
    # classified Mật or above: a register entry — code, date, category, nature, place, counts, outcome and amounts
    # (the figures that may be counted) — without any free text or file (core.state_secrets)
    secret_content_fields = ("other_agencies", "place_detail", "transferred_to", "summary", "note")
    register_number_field = "code"

    class Meta:
        verbose_name = _("case")
        verbose_name_plural = _("cases")
        ordering = ["-occurred_on", "-occurred_time", "-pk"]
        indexes = [
            models.Index(fields=["occurred_on", "id"], name="security_case_occurred"),
            models.Index(fields=["-occurred_on", "-occurred_time", "-id"], condition=LIVE, name="security_case_order"),
        ]
        constraints = [
            models.UniqueConstraint(
                fields=["unit", "code"],
                condition=Q(deleted_at__isnull=True),
                name="security_case_unique_code",
                violation_error_message=_("This unit already has a case with this code."),
            )
        ]

    def __str__(self):
        return self.register_label() if self.is_register_entry else self.code

    @property
    def occurred_at(self):
        """The date and time of the case (midnight when the time is not known), in local time."""
        if self.occurred_on is None:
            return None
        moment = datetime.datetime.combine(self.occurred_on, self.occurred_time or datetime.time())
        return timezone.make_aware(moment)

    def counted_subjects(self) -> int:
        """The subjects the case's groups break down (live groups only)."""
        if self.pk is None:
            return 0
        total = self.subject_groups.aggregate(total=Sum("count"))["total"]
        return total or 0

    def clean(self):
        errors = {}
        if not self.nature and self.category_id:
            self.nature = self.category.default_nature
        if self.occurred_on and self.occurred_time and self.occurred_on == timezone.localdate():
            if self.occurred_at > timezone.now() + datetime.timedelta(minutes=5):
                errors["occurred_time"] = _("This has not happened yet: the time is after now.")
        if (self.latitude is None) != (self.longitude is None):
            errors["longitude"] = _("Give both latitude and longitude, or neither.")
        message = village_error(self.commune if self.commune_id else None, self.village if self.village_id else None)
        if message:
            errors["village"] = message
        if self.ownerless and self.subject_count:
            errors["subject_count"] = _("A case whose owner was not identified has no subjects.")
        elif self.subject_count is not None and self.counted_subjects() > self.subject_count:
            errors["subject_count"] = _("The groups of subjects recorded add up to more than this number.")
        self.clean_outcome(errors)
        if errors:
            raise ValidationError(errors)

    def clean_outcome(self, errors):
        outcome = self.outcome
        if outcome == CaseOutcome.PENDING:
            if self.outcome_on:
                errors["outcome_on"] = _("A case still being handled has no outcome date yet.")
        elif not self.outcome_on:
            errors["outcome_on"] = _("Give the date of the outcome.")
        elif self.occurred_on and self.outcome_on < self.occurred_on:
            errors["outcome_on"] = _("The outcome cannot come before the case.")
        if outcome == CaseOutcome.FINED:
            if not self.fine_amount:
                errors["fine_amount"] = _("Give the amount of the administrative fine.")
            if self.nature == CaseNature.CRIMINAL:
                errors["outcome"] = _("A criminal case is not closed with an administrative fine.")
        elif self.fine_amount:
            errors["fine_amount"] = _("Only a case closed with an administrative fine has a fine amount.")
        if outcome == CaseOutcome.PROSECUTED and self.nature == CaseNature.ADMINISTRATIVE:
            errors["outcome"] = _("Only a criminal case is prosecuted.")
        if outcome == CaseOutcome.CONFISCATED and not self.ownerless:
            errors["outcome"] = _("Only goods whose owner was not identified are confiscated as ownerless.")
        if self.ownerless and outcome in (CaseOutcome.PROSECUTED, CaseOutcome.FINED):
            errors.setdefault("outcome", _("A case without an identified owner has no one to prosecute or fine."))
        handed_over = outcome in (CaseOutcome.PROSECUTED, CaseOutcome.TRANSFERRED)
        if handed_over and not self.transferred_to and not self.is_register_entry:
            errors["transferred_to"] = _("Name the agency the case was handed over to.")


class CaseSubjectGroup(BaseModel):
    """How many subjects of a case share a sex, a nationality and an ethnic group (counted, never named)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="subject_groups")
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices)
    nationality = models.CharField(
        _("nationality"), max_length=8, choices=Nationality.choices, default=Nationality.VIETNAM
    )
    ethnic_group = models.CharField(_("ethnic group"), max_length=60, blank=True, help_text=_("Kinh, Tày, Nùng, Hoa …"))
    count = models.PositiveIntegerField(_("number of subjects"), validators=[MinValueValidator(1)])

    access_org_field = "case__unit"
    access_classification_field = "case__classification"
    search_fields = ("case__code", "ethnic_group")

    class Meta:
        verbose_name = _("group of subjects")
        verbose_name_plural = _("groups of subjects")
        ordering = ["case", "nationality", "sex", "ethnic_group", "pk"]
        indexes = [
            models.Index(
                fields=["case", "nationality", "sex", "ethnic_group", "id"],
                condition=LIVE,
                name="security_subjectgroup_order",
            ),
        ]

    def __str__(self):
        parts = [self.get_sex_display(), self.get_nationality_display()]
        if self.ethnic_group:
            parts.append(self.ethnic_group)
        return f"{self.case}: {self.count} ({', '.join(str(p) for p in parts)})"

    def clean(self):
        if not self.case_id or self.count is None:
            return
        case = self.case
        if case.ownerless:
            raise ValidationError({"case": _("A case whose owner was not identified has no subjects.")})
        others = case.subject_groups.exclude(pk=self.pk).aggregate(total=Sum("count"))["total"] or 0
        if others + self.count > case.subject_count:
            raise ValidationError(
                {
                    "count": _("The case has %(total)s subjects; %(others)s are already in other groups.")
                    % {"total": case.subject_count, "others": others}
                }
            )


class CaseSubjectIdentity(BaseModel):
    """Who a subject of a case is: personal data, visible only with the personal-data permission."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="subject_identities")
    full_name = models.CharField(_("full name"), max_length=150, blank=True)  # required (content_required_fields)
    birth_year = models.PositiveSmallIntegerField(_("year of birth"), null=True, blank=True, validators=YEAR)
    sex = models.CharField(_("sex"), max_length=8, choices=Sex.choices, blank=True)
    nationality = models.CharField(
        _("nationality"), max_length=8, choices=Nationality.choices, default=Nationality.VIETNAM
    )
    ethnic_group = models.CharField(_("ethnic group"), max_length=60, blank=True)
    identity_number = models.CharField(
        _("identity document number"),
        max_length=20,
        blank=True,
        help_text=_("Citizen identity number (12 digits) or old identity card (9 digits); a passport for foreigners."),
    )
    address = models.CharField(_("address"), max_length=300, blank=True)
    note = models.TextField(_("note"), blank=True)

    access_org_field = "case__unit"
    access_classification_field = "case__classification"
    access_personal_data = True
    search_fields = ("full_name", "identity_number", "case__code")
    secret_content_fields = ("full_name", "identity_number", "address", "note")
    content_required_fields = ("full_name",)

    class Meta:
        verbose_name = _("subject's identity")
        verbose_name_plural = _("subjects' identities")
        ordering = ["case", "full_name", "pk"]
        indexes = [
            models.Index(fields=["case", "full_name", "id"], condition=LIVE, name="security_identity_order"),
        ]

    def __str__(self):
        return self.full_name

    def clean(self):
        if self.case_id and self.is_register_entry:
            raise ValidationError(
                {"case": _("The case is a register entry: its subjects' identities are kept on paper, not here.")}
            )
        number = self.identity_number
        if number and self.nationality == Nationality.VIETNAM and not (number.isdigit() and len(number) in (9, 12)):
            raise ValidationError(
                {"identity_number": _("A Vietnamese identity number has 12 digits (9 on an old identity card).")}
            )


class SeizedItem(BaseModel):
    """An item seized in a case, counted in its own unit (grams of heroin are never added to pills)."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="seized_items")
    item_type = models.ForeignKey(
        SeizedItemType, verbose_name=_("item type"), on_delete=models.PROTECT, related_name="seized_items"
    )
    description = models.CharField(_("description"), max_length=300, blank=True)
    quantity = models.DecimalField(_("quantity"), max_digits=14, decimal_places=3, validators=NON_NEGATIVE)
    unit = models.CharField(
        _("unit"), max_length=8, choices=Unit.choices, blank=True, help_text=_("Empty: the item type's unit.")
    )
    estimated_value = models.DecimalField(
        _("estimated value (VND)"), null=True, blank=True, validators=NON_NEGATIVE, **VND
    )
    face_value = models.DecimalField(
        _("face value (VND)"),
        null=True,
        blank=True,
        validators=NON_NEGATIVE,
        help_text=_("Counterfeit money: the total face value of the notes."),
        **VND,
    )

    access_org_field = "case__unit"
    access_classification_field = "case__classification"
    search_fields = ("case__code", "item_type__name", "description")
    secret_content_fields = ("description",)

    class Meta:
        verbose_name = _("seized item")
        verbose_name_plural = _("seized items")
        ordering = ["case", "item_type__sort_order", "pk"]

    def __str__(self):
        return f"{self.item_type}: {format_quantity(self.quantity)} {self.get_unit_display()}"

    def clean(self):
        if not self.unit and self.item_type_id:
            self.unit = self.item_type.default_unit
        if self.face_value and self.item_type_id and not self.item_type.has_face_value:
            raise ValidationError({"face_value": _("Only counterfeit money has a face value.")})


class CustodyStep(BaseModel):
    """One step of the chain of custody of a case's evidence (or of one seized item): seized, stored, handed
    over, destroyed or returned. Recorded through ``services.case_custody_record``, which keeps the order."""

    case = models.ForeignKey(Case, verbose_name=_("case"), on_delete=models.CASCADE, related_name="custody_steps")
    seized_item = models.ForeignKey(
        SeizedItem,
        verbose_name=_("seized item"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="custody_steps",
        help_text=_("Empty: all the evidence of the case."),
    )
    kind = models.CharField(_("step"), max_length=12, choices=CustodyKind.choices)
    date = models.DateField(_("date"), validators=HAPPENED)
    place = models.CharField(_("place or storage"), max_length=300, blank=True)
    handed_to = models.CharField(
        _("handed to"), max_length=300, blank=True, help_text=_("The agency or person who received the evidence.")
    )
    minutes_number = models.CharField(_("minutes number"), max_length=60, blank=True, help_text=_("e.g. 12/BB-ĐBP"))
    note = models.TextField(_("note"), blank=True)

    access_org_field = "case__unit"
    access_classification_field = "case__classification"
    search_fields = ("case__code", "place", "handed_to", "minutes_number")
    # under a case classified Mật or above: the step, its date and its minutes number only
    secret_content_fields = ("place", "handed_to", "note")

    class Meta:
        verbose_name = _("custody step")
        verbose_name_plural = _("custody steps")
        ordering = ["case", "date", "pk"]
        indexes = [
            models.Index(fields=["case", "date", "id"], condition=LIVE, name="security_custody_order"),
        ]

    def __str__(self):
        return f"{self.case} — {self.get_kind_display()} ({self.date:%d/%m/%Y})" if self.date else str(self.case)

    def clean(self):
        errors = {}
        if self.seized_item_id and self.case_id and self.seized_item.case_id != self.case_id:
            errors["seized_item"] = _("The item was not seized in this case.")
        if self.case_id and not self.is_register_entry:
            if self.kind in (CustodyKind.HANDED_OVER, CustodyKind.RETURNED) and not self.handed_to:
                errors["handed_to"] = _("Name who received the evidence.")
            if self.kind == CustodyKind.STORED and not self.place:
                errors["place"] = _("Say where the evidence is stored.")
        if self.case_id and self.date and self.case.occurred_on and self.date < self.case.occurred_on:
            errors["date"] = _("The step cannot come before the case.")
        if errors:
            raise ValidationError(errors)

    def delete_blockers(self):
        from phoihop.security.services import custody_order_error

        reasons = super().delete_blockers()
        message = custody_order_error(self, removing=True)
        if message:
            reasons.append(message)
        return reasons
