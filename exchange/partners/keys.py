"""Partner API keys: created with a random token shown once, stored as its SHA-256, revocable."""

import hashlib
import secrets
from collections.abc import Iterable
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone

from exchange.models import PartnerKey, PartnerRequest
from rightowners.models import Society

SCOPES = PartnerKey.Scope


@dataclass(frozen=True)
class NewKey:
    key: PartnerKey
    token: str  # the only time the clear token exists: show it, never store it


def digest(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


@transaction.atomic
def create_key(*, name: str, society_code: str, scopes: Iterable[str]) -> NewKey:
    scopes = sorted(set(scopes))
    unknown = [s for s in scopes if s not in SCOPES.values]
    if unknown or not scopes:
        raise ValidationError({"scopes": [f"unknown or no scopes {unknown} (known: {', '.join(SCOPES.values)})"]})
    society = Society.objects.filter(code=society_code).first()
    if society is None:
        raise ValidationError({"society": [f"no society with code {society_code!r}"]})
    token = "wc_" + secrets.token_urlsafe(32)
    key = PartnerKey.objects.create(name=name, society=society, scopes=scopes, prefix=token[:8], digest=digest(token))
    return NewKey(key=key, token=token)


@transaction.atomic
def revoke_key(*, prefix_or_id: str) -> PartnerKey:
    """Revoke by id or by the key's visible prefix; revoking twice keeps the first date."""
    query = PartnerKey.objects.filter(pk=int(prefix_or_id)) if prefix_or_id.isdigit() else None
    if query is None or not query.exists():
        query = PartnerKey.objects.filter(prefix=prefix_or_id)
    keys = list(query.select_for_update())
    if len(keys) != 1:
        raise ValidationError({"key": [f"{len(keys)} keys match {prefix_or_id!r}: give the key's id"]})
    key = keys[0]
    if key.revoked_at is None:
        key.revoked_at = timezone.now()
        key.save(update_fields=["revoked_at"])
    return key


def find_key(token: str) -> PartnerKey | None:
    return PartnerKey.objects.select_related("society").filter(digest=digest(token)).first()


def log_request(*, key: PartnerKey, method: str, path: str, status: int, remote_addr: str = "") -> None:
    PartnerRequest.objects.create(key=key, method=method, path=path[:500], status=status, remote_addr=remote_addr)
    PartnerKey.objects.filter(pk=key.pk).update(last_used_at=timezone.now())
