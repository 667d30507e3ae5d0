"""IPI look-up client: the party behind an IPI name number (name, base number, kind).

The IPI database has no public REST API: access goes through CIS-Net / SUISA services under contract. This client
speaks a minimal JSON shape a gateway can serve (UNVERIFIED against any provider, adapt it here):
GET {IPI_NETWORK_URL}/ipi/{name number} → {"nameNumber": "00014107338", "baseNumber": "I-000000229-7",
"lastName": "...", "firstName": "...", "type": "N" (natural person) | "L" (legal entity), "status": 1}; 404 unknown.
"""

from dataclasses import dataclass

from exchange.network.http import JsonClient, NetworkError

KEY_HEADER = "Authorization"


@dataclass(frozen=True)
class IpiParty:
    name_number: str
    base_number: str
    last_name: str
    first_name: str
    kind: str  # person | company (our InterestedParty.Kind values)


class IpiClient:
    def __init__(self, base_url: str, key: str = "", timeout: float = 20):
        self.http = JsonClient(base_url, KEY_HEADER, f"Bearer {key}" if key else "", timeout)

    def lookup(self, name_number: str) -> IpiParty | None:
        status, body = self.http.call("GET", f"ipi/{name_number}")
        if status == 404:
            return None
        if not isinstance(body, dict) or not body.get("nameNumber") or not body.get("lastName"):
            raise NetworkError(f"ipi {name_number}: unexpected answer {body!r:.200}")
        return IpiParty(
            name_number=f"{int(body['nameNumber']):011d}",
            base_number=body.get("baseNumber", ""),
            last_name=body["lastName"],
            first_name=body.get("firstName", ""),
            kind="company" if body.get("type") == "L" else "person",
        )
