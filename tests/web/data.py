"""Data shared by the screen tests and the browser tests: a small repertoire and a usage report."""

from decimal import Decimal

from django.conf import settings

from tests.factories import (
    MembershipFactory,
    PartyFactory,
    RecordingFactory,
    SocietyFactory,
    WorkFactory,
    WorkShareFactory,
)

# Yesterday is identified automatically, Home (two works of that title) goes to review, Unknown Song is not found.
USAGE_CSV = (
    "title,artist,writers,isrc,iswc,duration,plays\n"
    "Yesterday,,Paul McCartney,,,2:05,3\n"
    "Home,,Smith,,,,5\n"
    "Unknown Song,,Nobody,,,,2\n"
)


def build_repertoire() -> dict:
    yesterday = WorkFactory(title="Yesterday", iswc="T0345246801")
    paul = PartyFactory(last_name="McCartney", first_name="Paul")
    WorkShareFactory(work=yesterday, party=paul, pr_share=Decimal(50), mr_share=Decimal(50))
    MembershipFactory(party=paul, society=SocietyFactory(code=settings.SOCIETY_CODE), right_type="PR")
    publisher = PartyFactory(last_name="Northern Songs", first_name="", kind="company")
    WorkShareFactory(work=yesterday, party=publisher, role="E", pr_share=Decimal(50), mr_share=Decimal(50))
    home_a, home_b = WorkFactory(title="Home"), WorkFactory(title="Home")
    smith = PartyFactory(last_name="Smith")
    WorkShareFactory(work=home_a, party=smith)
    WorkShareFactory(work=home_b, party=smith, pr_share=Decimal(60))  # shares to correct
    RecordingFactory(work=yesterday, isrc="GBAYE6500123", artist="The Beatles")
    return {"yesterday": yesterday, "paul": paul, "publisher": publisher, "home": (home_a, home_b), "smith": smith}
