"""Test data for classified records: register entries, as in production (``core.state_secrets``).

The test settings keep ``STATE_SECRET_CONTENT`` off, so a test record classified Mật or above holds no content and
says who holds its paper file and where. A test whose point is content on a classified record (the gate hiding a
secret subject from a low clearance) turns the setting on with ``override_settings(STATE_SECRET_CONTENT=True)``.
"""

from phoihop.core.state_secrets import content_allowed

CUSTODIAN = "Văn thư mật (dữ liệu thử)"
STORAGE_PLACE = "Tủ tài liệu mật, phòng Văn thư (dữ liệu thử)"


def is_register_entry(classification) -> bool:
    """A record at this level may hold no content under the current settings."""
    return int(classification or 0) >= 1 and not content_allowed()


def register_fields(holder, classification=0) -> dict:
    """The register fields of a test record at ``classification`` held by ``holder``; {} when unclassified."""
    if int(classification or 0) < 1:
        return {}
    return {"holding_unit": holder, "custodian": CUSTODIAN, "storage_place": STORAGE_PLACE}
