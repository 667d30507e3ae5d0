"""Admin screens of the distribution app, one module per area."""

from distribution import licensing_admin  # noqa: F401 (registers licensees, tariffs, agreements, invoices, pools)
