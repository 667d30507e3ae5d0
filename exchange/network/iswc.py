"""ISWC network client: look up an ISWC and request one for a work (CISAC ISWC Database REST API shapes).

Request and response shapes follow the agency API (SPE_20191217 "CISAC ISWC REST API"): POST /submission with
agency, sourcedb, workcode, category, originalTitle, otherTitles, interestedParties [{nameNumber, role}] answers
201 {verifiedSubmission: {iswc, ...}}; GET /iswc/searchByIswc?iswc=T... answers the preferred ISWC's metadata.
The key goes in the API gateway's `Ocp-Apim-Subscription-Key` header. Field lists are the documented minimum.
"""

from dataclasses import dataclass, field

from exchange.network.http import JsonClient, NetworkError

KEY_HEADER = "Ocp-Apim-Subscription-Key"


@dataclass(frozen=True)
class IswcParty:
    name_number: str  # IPI name number, 11 digits
    role: str  # CWR role code
    name: str = ""


@dataclass(frozen=True)
class IswcWork:
    iswc: str
    title: str
    parties: tuple[IswcParty, ...] = ()
    other_titles: tuple[str, ...] = ()
    works: tuple[tuple[str, str], ...] = ()  # (agency, workcode) of the societies' submissions


@dataclass(frozen=True)
class Submission:
    agency: str  # our CISAC society code
    workcode: str  # our work code
    title: str
    parties: tuple[IswcParty, ...]
    other_titles: tuple[str, ...] = field(default=())
    category: str = "DOM"

    def as_json(self) -> dict:
        body = {
            "agency": self.agency,
            "sourcedb": int(self.agency),
            "workcode": self.workcode,
            "category": self.category,
            "originalTitle": self.title,
            "interestedParties": [{"nameNumber": int(p.name_number), "role": p.role} for p in self.parties],
        }
        if self.other_titles:  # optional fields are omitted, not sent empty
            body["otherTitles"] = [{"title": t, "type": "AT"} for t in self.other_titles]
        return body


class IswcClient:
    def __init__(self, base_url: str, key: str = "", timeout: float = 20):
        self.http = JsonClient(base_url, KEY_HEADER, key, timeout)

    def lookup(self, iswc: str) -> IswcWork | None:
        status, body = self.http.call("GET", "iswc/searchByIswc", query={"iswc": iswc})
        return None if status == 404 else parse_work(body, f"searchByIswc {iswc}")

    def request_iswc(self, submission: Submission) -> str:
        """The preferred ISWC the network assigns (or already holds) for the submitted work."""
        _, body = self.http.call("POST", "submission", body=submission.as_json())
        verified = (body or {}).get("verifiedSubmission") if isinstance(body, dict) else None
        iswc = (verified or {}).get("iswc")
        if not iswc:
            raise NetworkError(f"submission {submission.workcode}: the answer carries no ISWC ({body!r:.200})")
        return iswc


def parse_work(body, where: str) -> IswcWork:
    if isinstance(body, list):  # searchByIswc may answer a list of matches: the preferred one comes first
        body = body[0] if body else {}
    if not isinstance(body, dict) or not body.get("iswc"):
        raise NetworkError(f"{where}: unexpected answer {body!r:.200}")
    return IswcWork(
        iswc=body["iswc"],
        title=body.get("originalTitle", ""),
        parties=tuple(
            IswcParty(f"{int(p['nameNumber']):011d}", p.get("role", ""), p.get("name", ""))
            for p in body.get("interestedParties", [])
            if p.get("nameNumber") is not None
        ),
        other_titles=tuple(t.get("title", "") for t in body.get("otherTitles", [])),
        works=tuple((w.get("agency", ""), w.get("workcode", "")) for w in body.get("works", [])),
    )
