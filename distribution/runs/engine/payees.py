"""Step 6: who is paid for a party's share — the party, its sister society, or the unaffiliated account."""

from collections import defaultdict
from collections.abc import Iterable, Mapping

from wipoconnect.core.territories import coverage

from .model import MEMBER, SOCIETY, SUSPENSE, UNAFFILIATED, EngineError, Membership, Party, Payee, Ref, RunParams
from .shares import valid_on

UNAFFILIATED_PAYEE = Payee(SUSPENSE, UNAFFILIATED)


def choose_society(memberships: Iterable[Membership], params: RunParams) -> str | None:
    """The membership that counts for R in T on the run's day, or None.

    Staff-entered memberships win over CWR-derived ones; then the running society's, the most specific
    territory (fewest countries), the lowest society code.
    """
    candidates = []
    for m in memberships:
        if m.right != params.right or not valid_on(m, params.on):
            continue
        size = coverage(m.territories, params.territory)
        if size is not None:
            candidates.append((not m.by_staff, m.society != params.society_code, size, m.society))
    return min(candidates)[3] if candidates else None


class PayeeResolver:
    def __init__(self, parties: Mapping[Ref, Party], memberships: Iterable[Membership], params: RunParams):
        self._parties = parties
        self._params = params
        self._memberships: dict[Ref, list[Membership]] = defaultdict(list)
        for membership in memberships:
            self._memberships[membership.party].append(membership)
        self._cache: dict[Ref, Payee] = {}

    def payee(self, party_ref: Ref) -> Payee:
        found = self._cache.get(party_ref)
        if found is None:
            found = self._cache[party_ref] = self._resolve(party_ref)
        return found

    def _resolve(self, party_ref: Ref) -> Payee:
        party = self._parties.get(party_ref)
        if party is None:
            raise EngineError(f"party {party_ref!r}: has a share or agreement but was not given to the engine")
        society = choose_society(self._memberships.get(party_ref, ()), self._params)
        if society is None:
            return UNAFFILIATED_PAYEE
        if society == self._params.society_code:
            return Payee(MEMBER, party.key, party=party_ref)
        return Payee(SOCIETY, society, society=society)
