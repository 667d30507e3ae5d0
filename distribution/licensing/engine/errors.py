from wipoconnect.core.errors import DomainError


class LicensingError(DomainError):
    """Inputs licensing cannot invoice, match or pool; the message says where and why."""
