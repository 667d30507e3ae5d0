"""AGR transactions as plain data: who assigns to whom, which shares per right, where and when (CWR 2.x AGR,
TER and IPA records). No Django imports."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from exchange.cwr.pickling import pickled_by_fields
from exchange.cwr.records import Transaction
from exchange.cwr.works import PartyData
from wipoconnect.core.codes import RIGHT_PREFIXES


@pickled_by_fields
@dataclass
class AgreementParty:
    party: PartyData
    assignor: bool  # IPA role AS (assignor) or AC (acquirer)
    shares: tuple[int, int, int]  # PR, MR, SR in hundredths of a percent


@pickled_by_fields
@dataclass
class AgreementData:
    submitter_number: str
    agreement_type: str
    start: date | None
    end: date | None
    territories: tuple[tuple[bool, str], ...]  # (included, TIS code) in sequence order
    parties: tuple[AgreementParty, ...]

    @property
    def assignors(self) -> list[AgreementParty]:
        return [p for p in self.parties if p.assignor]

    @property
    def acquirers(self) -> list[AgreementParty]:
        return [p for p in self.parties if not p.assignor]


def agreement_from_transaction(tx: Transaction) -> AgreementData:
    header = tx.header.values
    return AgreementData(
        submitter_number=header.get("submitter_agreement_number") or "",
        agreement_type=header.get("agreement_type") or "OG",
        start=header.get("agreement_start_date"),
        end=header.get("agreement_end_date"),
        territories=tuple(
            (r.get("inclusion_exclusion_indicator") != "E", r.get("tis_numeric_code"))
            for r in tx.records
            if r.record_type == "TER" and r.get("tis_numeric_code")
        ),
        parties=tuple(_party(r.values) for r in tx.records if r.record_type == "IPA"),
    )


def _party(v: dict) -> AgreementParty:
    first = v.get("interested_party_writer_first_name")
    return AgreementParty(
        party=PartyData(
            ip_number=v.get("interested_party_number"),
            last_name=v.get("interested_party_last_name"),
            first_name=first,
            ipi_name=v.get("interested_party_ipi_name_number")
            if (v.get("interested_party_ipi_name_number") or "").strip("0")
            else None,
            ipi_base=v.get("ipi_base_number"),
            kind="person" if first else "company",
        ),
        assignor=v.get("agreement_role_code") == "AS",
        shares=tuple(v.get(f"{right}_share") or 0 for right in RIGHT_PREFIXES),
    )


# ---------------------------------------------------------------------------------------------- data -> CWR


def agreement_records(a: AgreementData) -> list[tuple[str, dict[str, object]]]:
    """The records of one AGR transaction (any version): header, TER in sequence order, IPA assignor(s) first.
    What we do not keep is written as 'none' (prior royalty and post-term status N, no number of works)."""
    records: list[tuple[str, dict[str, object]]] = [
        (
            "AGR",
            {
                "submitter_agreement_number": a.submitter_number,
                "agreement_type": a.agreement_type,
                "agreement_start_date": a.start,
                "agreement_end_date": a.end,
                "prior_royalty_status": "N",
                "post_term_collection_status": "N",
                "number_of_works": 0,
            },
        )
    ]
    records += [
        ("TER", {"inclusion_exclusion_indicator": "I" if included else "E", "tis_numeric_code": tis})
        for included, tis in a.territories
    ]
    records += [("IPA", _ipa(p)) for p in sorted(a.parties, key=lambda p: not p.assignor)]
    return records


def _ipa(p: AgreementParty) -> dict[str, object]:
    values: dict[str, object] = {
        "agreement_role_code": "AS" if p.assignor else "AC",
        "interested_party_ipi_name_number": p.party.ipi_name,
        "ipi_base_number": p.party.ipi_base,
        "interested_party_number": p.party.ip_number,
        "interested_party_last_name": p.party.last_name,
        "interested_party_writer_first_name": p.party.first_name,
    }
    return values | {f"{right}_share": share for right, share in zip(RIGHT_PREFIXES, p.shares, strict=True)}
