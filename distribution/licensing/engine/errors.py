class LicensingError(ValueError):
    """Inputs licensing cannot invoice, match or pool; the message says where and why."""
