"""Staff users per role and a small repertoire for the screen tests."""

import pytest
from django.contrib.auth import get_user_model

from tests.web.data import build_repertoire
from wipoconnect.core import roles


@pytest.fixture
def role_user(db):
    """role_user("Auditor") → a user holding that role (None: superuser)."""
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
    return build_repertoire()
