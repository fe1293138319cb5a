"""The document register: Party numbers per type per term, state numbers restarting each year."""

import datetime
from unittest import mock

from django.db.models.query import QuerySet
from django.test import TestCase, override_settings

from phoihop.orgs.models import Organisation, OrganisationKind
from phoihop.reports import registers
from phoihop.reports.models import NumberSeries
from phoihop.reports.registers import party_term_start, register_take_number
from phoihop.work.numbering import parse_document_number

D = datetime.date


class TestRegister(TestCase):
    @classmethod
    def setUpTestData(cls):
        party = OrganisationKind.objects.create(code="ppc", name="Tỉnh ủy", abbreviation="TU", is_party_body=True)
        bg_party = OrganisationKind.objects.create(
            code="bgpc", name="Đảng ủy BĐBP", abbreviation="ĐU BĐBP", is_party_body=True
        )
        command = OrganisationKind.objects.create(code="bch", name="Bộ Chỉ huy", abbreviation="BCH")
        plain = OrganisationKind.objects.create(code="plain", name="Đơn vị")
        cls.tu = Organisation.objects.create(name="Tỉnh ủy Lạng Sơn", code="TU-LS", kind=party)
        cls.du = Organisation.objects.create(name="Đảng ủy BĐBP tỉnh", code="DU-BDBP", kind=bg_party)
        cls.bch = Organisation.objects.create(name="Bộ Chỉ huy BĐBP tỉnh", code="BCH-BDBP", kind=command)
        cls.other_bch = Organisation.objects.create(name="Bộ Chỉ huy khác", code="BCH-2", kind=command)
        cls.plain = Organisation.objects.create(name="Đơn vị thử", code="X 1/2", kind=plain)

    def test_party_numbers_run_per_type_per_term(self):
        self.assertEqual(register_take_number(organisation=self.tu, on_date=D(2021, 3, 1)), "1-BC/TU")
        self.assertEqual(register_take_number(organisation=self.tu, on_date=D(2023, 12, 31)), "2-BC/TU")
        self.assertEqual(register_take_number(organisation=self.tu, on_date=D(2024, 1, 2)), "3-BC/TU")  # same term
        self.assertEqual(register_take_number(organisation=self.tu, type_code="TB", on_date=D(2024, 1, 2)), "1-TB/TU")
        self.assertEqual(register_take_number(organisation=self.tu, on_date=D(2025, 1, 5)), "1-BC/TU")  # new term
        self.assertEqual(register_take_number(organisation=self.tu, on_date=D(2026, 1, 5)), "2-BC/TU")
        self.assertEqual(
            sorted(
                NumberSeries.objects.filter(organisation=self.tu).values_list("type_code", "series_key", "last_number")
            ),
            [("BC", 2020, 3), ("BC", 2025, 2), ("TB", 2020, 1)],
        )

    def test_state_numbers_restart_each_year(self):
        self.assertEqual(register_take_number(organisation=self.bch, on_date=D(2025, 3, 1)), "1/BC-BCH")
        self.assertEqual(register_take_number(organisation=self.bch, on_date=D(2025, 12, 31)), "2/BC-BCH")
        self.assertEqual(register_take_number(organisation=self.bch, on_date=D(2026, 1, 1)), "1/BC-BCH")
        # each organisation has its own register, even with the same symbol
        self.assertEqual(register_take_number(organisation=self.other_bch, on_date=D(2025, 3, 1)), "1/BC-BCH")
        self.assertEqual(register_take_number(organisation=self.bch, on_date=D(2025, 6, 1)), "3/BC-BCH")

    def test_numbers_parse_back(self):
        party = parse_document_number(register_take_number(organisation=self.du, on_date=D(2025, 9, 1)))
        self.assertEqual((party.form, party.number, party.type_abbr, party.issuer), ("party", 1, "BC", "ĐUBĐBP"))
        self.assertIsNone(party.year)
        state = parse_document_number("Số: " + register_take_number(organisation=self.bch, on_date=D(2025, 9, 1)))
        self.assertEqual((state.form, state.number, state.type_abbr, state.issuer), ("state", 1, "BC", "BCH"))
        self.assertEqual(str(state), "1/BC-BCH")

    def test_symbol_falls_back_to_the_organisation_code(self):
        number = register_take_number(organisation=self.plain, on_date=D(2025, 1, 1))
        self.assertEqual(number, "1/BC-X12")
        self.assertEqual(parse_document_number(number).issuer, "X12")

    def test_terms(self):
        self.assertEqual(party_term_start(D(2020, 1, 1)), 2020)
        self.assertEqual(party_term_start(D(2024, 12, 31)), 2020)
        self.assertEqual(party_term_start(D(2025, 1, 1)), 2025)
        self.assertEqual(party_term_start(D(2029, 12, 31)), 2025)
        self.assertEqual(party_term_start(D(2030, 1, 1)), 2030)  # the rhythm continues after the listed terms
        self.assertEqual(party_term_start(D(2019, 6, 1)), 2015)  # and before them
        self.assertEqual(party_term_start(D(2015, 1, 1)), 2015)
        self.assertEqual(party_term_start(D(2014, 12, 31)), 2010)
        with override_settings(PARTY_TERM_START_YEARS=(2021, 2026)):
            self.assertEqual(party_term_start(D(2025, 12, 31)), 2021)
            self.assertEqual(registers.series_key(self.tu, D(2026, 2, 1)), 2026)
            self.assertEqual(registers.series_key(self.bch, D(2026, 2, 1)), 2026)

    def test_a_series_created_concurrently_is_reused(self):
        NumberSeries.objects.create(organisation=self.bch, type_code="BC", series_key=2025, last_number=4)
        # the lookup misses the row another transaction has just created: the insert fails and the row is reused
        with mock.patch.object(QuerySet, "first", return_value=None):
            number = register_take_number(organisation=self.bch, on_date=D(2025, 5, 5))
        self.assertEqual(number, "5/BC-BCH")
        self.assertEqual(NumberSeries.objects.filter(organisation=self.bch).count(), 1)

    def test_a_rolled_back_number_is_given_again(self):
        from django.db import transaction

        with self.assertRaises(RuntimeError), transaction.atomic():
            register_take_number(organisation=self.bch, on_date=D(2025, 5, 5))
            raise RuntimeError
        self.assertEqual(register_take_number(organisation=self.bch, on_date=D(2025, 5, 5)), "1/BC-BCH")
