"""Export headers people read (``RecordResource.column_labels``): one label per column in every language, read back
by the import; choices and yes/no by label; CSV numbers with a decimal comma."""

import importlib
from decimal import Decimal

import pytest
import tablib
from django.conf import settings
from django.utils import translation

from phoihop.border.choices import MarkerKind
from phoihop.core.importexport import (
    ChoicesWidget,
    DecimalWidget,
    RecordResource,
    YesNoWidget,
    header_key,
    unknown_columns_error,
)
from phoihop.core.spreadsheets import dataset_csv

LANGUAGES = [code for code, _name in settings.LANGUAGES]


def labelled_resources():
    from phoihop.core.urls_helpers import REGISTRY

    importlib.import_module(settings.ROOT_URLCONF)
    resources = {config.resource for config in REGISTRY.values() if config.resource is not None}
    return sorted((r for r in resources if r.column_labels), key=lambda r: r.__name__)


def test_the_lists_named_in_the_issue_export_labelled_headers():
    names = {resource.__name__ for resource in labelled_resources()}
    expected = {"MarkerResource", "AreaResource", "ForestPlotResource", "ResettlementResource", "HouseResource"}
    assert expected | {"PeriodicFigureResource"} <= names
    # issue 12: every list with an import heads its export in the user's language
    movements = {
        "SelfManagementTeamResource",
        "TowardsBorderEventResource",
        "TwinningResource",
        "TwinningActivityResource",
        "HolidayVisitResource",
    }
    work = {"DocumentResource", "DisseminationResource", "OutreachSessionResource"}
    assert movements | work | {"MembershipResource"} <= names


@pytest.mark.parametrize("language", LANGUAGES)
def test_every_label_names_one_column_and_reads_back(language):
    for resource_class in labelled_resources():
        resource = resource_class()
        columns = [field.column_name for field in resource.get_export_fields()]
        assert set(resource.column_labels) <= set(columns), resource_class.__name__
        with translation.override(language):
            headers = resource.get_export_headers()
        keys = [header_key(header) for header in headers]
        assert len(set(keys)) == len(keys), (resource_class.__name__, headers)
        for column, header in zip(columns, headers, strict=True):
            assert resource.column_of(header) == column, (resource_class.__name__, header)
            # a label never reads as another column's name ("Commune" for the name, "commune" for the code)
            others = {header_key(other) for other in columns if other != column}
            assert header_key(header) not in others, (resource_class.__name__, header)


def test_choices_are_read_by_code_or_label_in_any_language():
    widget = ChoicesWidget(MarkerKind.choices)
    for text in ("main", "Mốc chính", "mốc  CHÍNH", "Main marker"):
        assert widget.clean(text) == "main", text
    assert widget.clean("") == ""
    assert widget.clean("nonsense") == "nonsense"  # left to the model, which lists the valid choices
    with translation.override("vi"):
        assert widget.render("secondary") == "Mốc phụ"
    with translation.override("en"):
        assert widget.render("secondary") == "Secondary marker"


def test_yes_no_in_any_language():
    widget = YesNoWidget()
    for text, value in (("Có", True), ("không", False), ("Yes", True), ("NO", False), ("1", True), (0, False)):
        assert widget.clean(text) is value, text
    assert widget.clean("") is None
    with translation.override("vi"):
        assert (widget.render(True), widget.render(False), widget.render(None)) == ("Có", "Không", "")


def test_csv_numbers_have_a_decimal_comma_that_the_import_reads_back():
    data = tablib.Dataset(["06196", Decimal("12.500"), 0.1, 2025, True], headers=["code", "km", "f", "year", "flag"])
    line = dataset_csv(data).splitlines()[1]
    assert line == '06196,"12,500","0,1",2025,True'
    assert DecimalWidget().clean("12,500") == Decimal("12.5")  # with a decimal point it would read 12500


@pytest.mark.django_db
def test_a_column_given_by_its_name_and_its_label_is_refused():
    from phoihop.orgs.resources import AreaResource

    resource = AreaResource()
    with translation.override("vi"):
        dataset = tablib.Dataset(["06196", "06196", "Xã Ba Sơn"], headers=["code", "Mã", "Tên"])
        message = unknown_columns_error(resource, dataset)
    assert "Mã" in message and "không nhận ra" not in message
    assert unknown_columns_error(resource, tablib.Dataset(["x"], headers=["Tên"])) is None


def test_a_resource_without_labels_keeps_its_column_names():
    assert RecordResource.column_labels == {}
    from phoihop.orgs.resources import OrganisationResource

    assert OrganisationResource().get_export_headers()[:2] == ["code", "name"]
