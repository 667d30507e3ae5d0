"""A canonical picture of an instance's works and parties, free of local ids and codes, to compare two instances.

Imported by the sync test and run inside the source instance (`manage.py shell`), so both sides compute it alike.
"""

import json

from rightowners.models import InterestedParty
from works.models import Work


def _who(party: InterestedParty) -> str:
    return party.ipi_name or f"{party.last_name}/{party.first_name}"


def snapshot() -> dict:
    parties = sorted(
        (p.kind, p.last_name, p.first_name, p.ipi_name or "", p.ipi_base, p.isni) for p in InterestedParty.objects.all()
    )
    works = []
    for work in Work.objects.prefetch_related("alternate_titles", "shares__party", "shares__territories"):
        shares = sorted(
            (
                _who(s.party),
                s.role,
                str(s.pr_share),
                str(s.mr_share),
                str(s.sr_share),
                s.chain or 0,
                s.controlled,
                _who(s.publisher.party) if s.publisher_id else "",
                [(t.territory, t.included, str(t.pr_collection)) for t in s.territories.all()],
            )
            for s in work.shares.all()
        )
        titles = sorted(t.title for t in work.alternate_titles.all())
        works.append(
            (work.title, work.iswc or "", work.language, work.duration or 0, work.version_type, titles, shares)
        )
    return json.loads(json.dumps({"parties": parties, "works": sorted(works)}))


def print_snapshot() -> None:
    print(json.dumps(snapshot()))
