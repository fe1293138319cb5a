"""Programmes have no spreadsheet import: their lists export through the generic export-only resource
(``phoihop.core.importexport.export_resource_for``)."""
