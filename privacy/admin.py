"""Privacy in the admin: each part registers its own pages."""

from . import (
    audit_admin,  # noqa: F401  (Privacy → Confidential openings)
    retention_admin,  # noqa: F401  (Privacy → Texts deleted after the retention period)
)
