"""ISO 20022 customer credit transfer initiation (pain.001.001.09, SEPA usage) from plain data. No Django imports.

Amounts are integers in minor units of their currency; one payment information block per currency.
"""

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal
from xml.etree import ElementTree as ET

from wipoconnect.core.errors import DomainError
from wipoconnect.core.money import amount_text, to_units

NAMESPACE = "urn:iso:std:iso:20022:tech:xsd:pain.001.001.09"
MAX_ID, MAX_NAME = 35, 140


class Pain001Error(DomainError):
    """Data that cannot go into a credit transfer file; the message says which transfer and why."""


@dataclass(frozen=True, slots=True)
class Account:
    name: str
    iban: str
    bic: str = ""


@dataclass(frozen=True, slots=True)
class Transfer:
    end_to_end_id: str
    amount: int  # minor units
    currency: str
    creditor: Account
    remittance: str = ""


@dataclass(frozen=True, slots=True)
class Message:
    message_id: str
    created_at: datetime
    execution_date: date
    debtor: Account
    transfers: Sequence[Transfer]


def control_sum(transfers: Sequence[Transfer]) -> str:
    """The transfers' amounts added in currency units (each with its currency's decimals)."""
    return f"{sum((to_units(t.amount, t.currency) for t in transfers), Decimal(0)):f}"


def document(message: Message) -> bytes:
    """The XML document of the message (UTF-8, with declaration)."""
    _check(message)
    root = ET.Element("Document", xmlns=NAMESPACE)
    initiation = ET.SubElement(root, "CstmrCdtTrfInitn")
    header = ET.SubElement(initiation, "GrpHdr")
    _text(header, "MsgId", message.message_id)
    _text(header, "CreDtTm", message.created_at.replace(microsecond=0, tzinfo=None).isoformat())
    _text(header, "NbOfTxs", str(len(message.transfers)))
    _text(header, "CtrlSum", control_sum(message.transfers))
    _text(ET.SubElement(header, "InitgPty"), "Nm", message.debtor.name[:MAX_NAME])
    for currency in sorted({t.currency for t in message.transfers}):
        _payment_information(initiation, message, currency, [t for t in message.transfers if t.currency == currency])
    ET.indent(root)
    return ET.tostring(root, encoding="UTF-8", xml_declaration=True)


def _payment_information(parent: ET.Element, message: Message, currency: str, transfers: list[Transfer]) -> None:
    info = ET.SubElement(parent, "PmtInf")
    _text(info, "PmtInfId", f"{message.message_id}-{currency}"[-MAX_ID:])
    _text(info, "PmtMtd", "TRF")
    _text(info, "BtchBookg", "true")
    _text(info, "NbOfTxs", str(len(transfers)))
    _text(info, "CtrlSum", amount_text(sum(t.amount for t in transfers), currency))
    _text(ET.SubElement(ET.SubElement(info, "PmtTpInf"), "SvcLvl"), "Cd", "SEPA" if currency == "EUR" else "NURG")
    _text(ET.SubElement(info, "ReqdExctnDt"), "Dt", message.execution_date.isoformat())
    _party(info, "Dbtr", "DbtrAcct", "DbtrAgt", message.debtor)
    _text(info, "ChrgBr", "SLEV" if currency == "EUR" else "SHAR")
    for transfer in transfers:
        tx = ET.SubElement(info, "CdtTrfTxInf")
        _text(ET.SubElement(tx, "PmtId"), "EndToEndId", transfer.end_to_end_id)
        ET.SubElement(ET.SubElement(tx, "Amt"), "InstdAmt", Ccy=currency).text = amount_text(transfer.amount, currency)
        if transfer.creditor.bic:
            _text(ET.SubElement(ET.SubElement(tx, "CdtrAgt"), "FinInstnId"), "BICFI", transfer.creditor.bic)
        _text(ET.SubElement(tx, "Cdtr"), "Nm", transfer.creditor.name[:MAX_NAME])
        _text(ET.SubElement(ET.SubElement(tx, "CdtrAcct"), "Id"), "IBAN", transfer.creditor.iban)
        if transfer.remittance:
            _text(ET.SubElement(tx, "RmtInf"), "Ustrd", transfer.remittance[:MAX_NAME])


def _party(parent: ET.Element, name_tag: str, account_tag: str, agent_tag: str, account: Account) -> None:
    _text(ET.SubElement(parent, name_tag), "Nm", account.name[:MAX_NAME])
    _text(ET.SubElement(ET.SubElement(parent, account_tag), "Id"), "IBAN", account.iban)
    institution = ET.SubElement(ET.SubElement(parent, agent_tag), "FinInstnId")
    if account.bic:
        _text(institution, "BICFI", account.bic)
    else:  # IBAN-only (SEPA): the agent is not provided
        _text(ET.SubElement(institution, "Othr"), "Id", "NOTPROVIDED")


def _text(parent: ET.Element, tag: str, text: str) -> ET.Element:
    element = ET.SubElement(parent, tag)
    element.text = text
    return element


def _check(message: Message) -> None:
    if not message.transfers:
        raise Pain001Error(f"message {message.message_id}: no transfer")
    if not 0 < len(message.message_id) <= MAX_ID:
        raise Pain001Error(f"message id {message.message_id!r}: 1 to {MAX_ID} characters")
    seen: set[str] = set()
    for t in message.transfers:
        where = f"transfer {t.end_to_end_id!r}"
        if t.amount <= 0:
            raise Pain001Error(f"{where}: amount {t.amount} must be positive")
        if not 0 < len(t.end_to_end_id) <= MAX_ID or t.end_to_end_id in seen:
            raise Pain001Error(f"{where}: end-to-end id must be unique, 1 to {MAX_ID} characters")
        if not t.creditor.name.strip() or not t.creditor.iban:
            raise Pain001Error(f"{where}: creditor name and IBAN are required")
        seen.add(t.end_to_end_id)
