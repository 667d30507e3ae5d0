"""The one base of the errors by which domain code refuses its input. Plain Python, no Django.

Every domain error (a malformed amount or identifier, a tariff that cannot be applied, a run that cannot be
calculated, a file that cannot be read) derives from DomainError, and its message says where and why
(`file.cwr:1834 SWR field 'Writer IPI Name #': check digit fails`). Services raise these or Django's
ValidationError; commands, screens and the API adapter (wipoconnect.core.api.errors) turn either into an answer.
"""


class DomainError(ValueError):
    """Input the domain rules refuse; the message says where and why."""
