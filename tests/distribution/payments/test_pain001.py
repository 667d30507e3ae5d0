"""The pain.001 writer: any valid batch validates against the ISO 20022 schema shipped by sepaxml."""

from datetime import date, datetime
from decimal import Decimal
from pathlib import Path
from xml.etree import ElementTree as ET

import pytest
import sepaxml
import xmlschema
from hypothesis import given, settings
from hypothesis import strategies as st

from distribution.payments import pain001

SCHEMA = xmlschema.XMLSchema(str(Path(sepaxml.__file__).parent / "schemas" / "pain.001.001.09.xsd"))
NS = {"p": pain001.NAMESPACE}
IBANS = ["DE89370400440532013000", "FR1420041010050500013M02606", "GB29NWBK60161331926819"]
DEBTOR = pain001.Account("Société des auteurs", "DE89370400440532013000", "COBADEFFXXX")

transfers = st.lists(
    st.tuples(
        st.integers(1, 10**11),
        st.sampled_from(["EUR", "CHF"]),
        st.text(st.characters(codec="utf-8", exclude_categories=["Cs", "Cc"]), min_size=1, max_size=200),
        st.sampled_from(IBANS),
        st.sampled_from(["", "COBADEFFXXX", "ABNANL2A"]),
    ),
    min_size=1,
    max_size=6,
)


@settings(max_examples=40, deadline=None)
@given(rows=transfers)
def test_any_batch_validates_and_control_sums_add_up(rows):
    items = [
        pain001.Transfer(f"E2E-{i}", amount, currency, pain001.Account(name.strip() or "x", iban, bic), name)
        for i, (amount, currency, name, iban, bic) in enumerate(rows)
    ]
    message = pain001.Message("MSG-1", datetime(2026, 11, 27, 4, 0), date(2026, 12, 1), DEBTOR, items)
    xml = pain001.document(message)
    SCHEMA.validate(xml.decode())
    root = ET.fromstring(xml)
    amounts = [Decimal(e.text) for e in root.iterfind(".//p:InstdAmt", NS)]
    assert sum(amounts) * 100 == sum(t.amount for t in items)
    assert Decimal(root.find("p:CstmrCdtTrfInitn/p:GrpHdr/p:CtrlSum", NS).text) == sum(amounts)
    by_currency = [t.end_to_end_id for c in sorted({t.currency for t in items}) for t in items if t.currency == c]
    assert [e.text for e in root.iterfind(".//p:EndToEndId", NS)] == by_currency  # one PmtInf per currency


def test_refuses_what_a_bank_would_reject():
    good = pain001.Transfer("E1", 100, "EUR", pain001.Account("A", IBANS[0]))
    base = dict(message_id="M", created_at=datetime(2026, 1, 1), execution_date=date(2026, 1, 2), debtor=DEBTOR)
    with pytest.raises(pain001.Pain001Error, match="'E1': amount 0 must be positive"):
        pain001.document(pain001.Message(**base, transfers=[pain001.Transfer("E1", 0, "EUR", good.creditor)]))
    with pytest.raises(pain001.Pain001Error, match="end-to-end id must be unique"):
        pain001.document(pain001.Message(**base, transfers=[good, good]))
    with pytest.raises(pain001.Pain001Error, match="no transfer"):
        pain001.document(pain001.Message(**base, transfers=[]))
