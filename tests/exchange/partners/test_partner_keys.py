"""Partner API keys: hashed, scoped to a society and scopes, revocable, logged and throttled."""

import pytest
from django.core.cache import cache
from django.core.management import call_command
from rest_framework.test import APIClient

from distribution.runs.models import DistributionRun, PayoutLine
from exchange.models import PartnerKey, PartnerRequest
from exchange.partners.keys import create_key, digest, revoke_key
from tests.factories import PartyFactory, SocietyFactory, WorkFactory

pytestmark = pytest.mark.django_db
ALL = list(PartnerKey.Scope.values)


@pytest.fixture(autouse=True)
def fresh_throttle_counts():
    cache.clear()  # throttle history lives in the cache; ids are reused between rolled-back tests
    yield
    cache.clear()


def client_for(token: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {token}")
    return client


def run_paying(societies: dict, *, approved: bool = True) -> DistributionRun:
    """A run whose society lines pay {society: amount} for one work each (built directly, no calculation)."""
    run = DistributionRun.objects.create(
        name="PR 2025",
        right_type="PR",
        currency="EUR",
        gross=100_000,
        admin_percent=15,
        social_percent=10,
        status=DistributionRun.Status.APPROVED if approved else DistributionRun.Status.CALCULATED,
    )
    for society, amount in societies.items():
        work = WorkFactory()
        PayoutLine.objects.create(
            run=run,
            payee_kind="society",
            payee=society.code,
            society=society,
            work=work,
            work_key=work.code,
            amount=amount,
            share=50,
            weight=3,
        )
    PayoutLine.objects.create(run=run, payee_kind="member", payee="00000000199", amount=999, work_key="W1")
    return run


def test_the_token_is_shown_once_and_only_its_sha256_is_stored():
    society = SocietyFactory(code="052")
    new = create_key(name="PRS", society_code="052", scopes=["read_works"])
    stored = PartnerKey.objects.get(pk=new.key.pk)
    assert stored.digest == digest(new.token) and new.token not in str(stored.__dict__)
    assert stored.society == society and stored.scopes == ["read_works"]


def test_a_key_reads_only_its_own_societys_statements_of_approved_runs():
    ours, theirs = SocietyFactory(code="052"), SocietyFactory(code="035")
    shared = run_paying({ours: 18750, theirs: 5000})
    only_theirs = run_paying({theirs: 7000})
    draft = run_paying({ours: 1234}, approved=False)
    client = client_for(create_key(name="k", society_code="052", scopes=ALL).token)

    runs = client.get("/api/v1/partner/runs/").json()["results"]
    assert [(r["id"], r["amount"], r["lines"]) for r in runs] == [(shared.pk, 18750, 1)]
    statement = client.get(f"/api/v1/partner/runs/{shared.pk}/statement/").json()["results"]
    assert [line["amount"] for line in statement] == [18750]  # not 035's line, not the member's
    assert client.get(f"/api/v1/partner/runs/{only_theirs.pk}/statement/").status_code == 404
    assert client.get(f"/api/v1/partner/runs/{draft.pk}/statement/").status_code == 404  # unpublished


def test_scopes_limit_what_a_key_reads(settings):
    settings.PUBLIC_REPERTOIRE = False
    SocietyFactory(code="052")
    PartyFactory()
    works_only = client_for(create_key(name="w", society_code="052", scopes=["read_works"]).token)
    assert works_only.get("/api/v1/works/").status_code == 200
    assert works_only.get("/api/v1/parties/").status_code == 403
    assert works_only.get("/api/v1/changes/").status_code == 403  # the feed carries parties too
    assert works_only.get("/api/v1/partner/runs/").status_code == 403
    assert works_only.post("/api/v1/works/", {"title": "X"}, format="json").status_code == 403
    parties = client_for(create_key(name="p", society_code="052", scopes=["read_parties"]).token)
    assert parties.get("/api/v1/parties/").json()["count"] == 1
    assert parties.get("/api/v1/works/").status_code == 403
    assert parties.get("/api/v1/changes/").status_code == 403
    both = client_for(create_key(name="b", society_code="052", scopes=["read_works", "read_parties"]).token)
    assert both.get("/api/v1/changes/").status_code == 200


def test_a_revoked_key_gets_401_and_every_partner_request_is_logged():
    SocietyFactory(code="052")
    new = create_key(name="k", society_code="052", scopes=ALL)
    client = client_for(new.token)
    assert client.get("/api/v1/changes/").status_code == 200
    call_command("revoke_partner_key", new.key.prefix, stdout=open("/dev/null", "w"))
    response = client.get("/api/v1/changes/")
    assert response.status_code == 401 and "revoked" in response.json()["detail"]
    assert client.get("/api/v1/partner/runs/").status_code == 401
    assert client_for("wc_not-a-key").get("/api/v1/changes/").status_code == 401
    logged = list(PartnerRequest.objects.filter(key=new.key).order_by("id").values_list("path", "status"))
    assert logged == [("/api/v1/changes/", 200), ("/api/v1/changes/", 401), ("/api/v1/partner/runs/", 401)]


def test_revoking_twice_keeps_the_first_date():
    SocietyFactory(code="052")
    key = create_key(name="k", society_code="052", scopes=ALL).key
    first = revoke_key(prefix_or_id=str(key.pk)).revoked_at
    assert revoke_key(prefix_or_id=str(key.pk)).revoked_at == first


def test_each_key_has_its_own_request_budget(settings):
    settings.PARTNER_API_RATE = "2/minute"
    SocietyFactory(code="052")
    one, other = (client_for(create_key(name=n, society_code="052", scopes=ALL).token) for n in "ab")
    assert [one.get("/api/v1/changes/").status_code for _ in range(3)] == [200, 200, 429]
    assert other.get("/api/v1/changes/").status_code == 200
    assert APIClient().get("/api/v1/works/").status_code == 200  # anonymous and staff requests are not counted


def test_create_partner_key_command_prints_the_token_once(capsys):
    SocietyFactory(code="052")
    call_command("create_partner_key", "052", "--scopes", "read_works,submit_cwr")
    first, token = capsys.readouterr().out.splitlines()
    key = PartnerKey.objects.get()
    assert first == f"key {key.pk} for society 052: read_works, submit_cwr" and key.digest == digest(token)


def test_an_unknown_scope_or_society_is_refused():
    SocietyFactory(code="052")
    with pytest.raises(Exception, match="unknown or no scopes"):
        create_key(name="k", society_code="052", scopes=["write_everything"])
    with pytest.raises(Exception, match="no society"):
        create_key(name="k", society_code="777", scopes=ALL)
