"""Privacy in the admin: each part registers its own pages."""

from . import (
    audit_admin,  # noqa: F401  (Privacy → Confidential openings)
    erasure_admin,  # noqa: F401  (Users → Erase the selected accounts)
    retention_admin,  # noqa: F401  (Privacy → Texts deleted after the retention period)
)
