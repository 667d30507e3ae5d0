"""Admin screens of the distribution app: each package registers its own."""

from distribution.licensing import (
    admin as licensing_admin,  # noqa: F401 (registers licensees, tariffs, agreements, invoices, pools)
)
