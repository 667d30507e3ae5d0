"""Staff users per role and a small repertoire for the screen tests."""

from decimal import Decimal

import pytest
from django.conf import settings
from django.contrib.auth import get_user_model

from tests.factories import (
    MembershipFactory,
    PartyFactory,
    RecordingFactory,
    SocietyFactory,
    WorkFactory,
    WorkShareFactory,
)
from wipoconnect import roles

USAGE_CSV = (
    "title,artist,writers,isrc,iswc,duration,plays\n"
    "Yesterday,,Paul McCartney,,,2:05,3\n"
    "Home,,Smith,,,,5\n"
    "Unknown Song,,Nobody,,,,2\n"
)


@pytest.fixture
def role_user(db):
    """role_user("Auditor") → a logged-in-able user holding that role (None: superuser)."""
    groups = roles.ensure_roles()

    def make(role: str | None):
        name = (role or "admin").lower().replace(" ", "_")
        user = get_user_model().objects.create_user(name, password="pw", is_superuser=role is None, is_staff=True)
        if role:
            user.groups.add(groups[role])
        return user

    return make


@pytest.fixture
def client_as(client, role_user):
    def login(role: str | None):
        client.force_login(role_user(role))
        return client

    return login


@pytest.fixture
def repertoire(db):
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
