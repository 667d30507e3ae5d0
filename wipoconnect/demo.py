"""The demo data set: societies, ~50 parties with memberships, ~200 works with shares, recordings, staff users.

Deterministic (seeded) and idempotent: loading it twice leaves the same data.
"""

import random
from decimal import Decimal

from django.conf import settings
from django.contrib.auth import get_user_model
from django.db import transaction

from distribution.licensing import demo as licensing_demo
from distribution.payments import demo as money_demo
from rightowners.models import InterestedParty, Society
from rightowners.services import load_societies, save_membership, save_party
from wipoconnect.core import roles
from wipoconnect.core.identifiers import ipi_name_check_digits, iswc_check_digit
from works.models import Recording, Work
from works.services import save_recording, save_work
from works.share_rules import ShareData

DEMO_PASSWORD = "demo-admin"
FIRST = [
    "Ana",
    "Bruno",
    "Chloé",
    "David",
    "Elena",
    "Farid",
    "Grace",
    "Hugo",
    "Inés",
    "João",
    "Kofi",
    "Lena",
    "Marta",
    "Nadia",
    "Omar",
    "Paula",
    "Quentin",
    "Rosa",
    "Samuel",
    "Tariq",
    "Uma",
    "Victor",
    "Wanjiru",
    "Yusuf",
    "Zoé",
]
LAST = [
    "Álvarez",
    "Bianchi",
    "Mensah",
    "Dubois",
    "Eriksen",
    "Fofana",
    "García",
    "Haddad",
    "Ibrahim",
    "Jansen",
    "Kowalski",
    "Laurent",
    "Moreau",
    "Nakamura",
    "Okafor",
    "Pereira",
    "Quispe",
    "Rossi",
    "Silva",
    "Traoré",
    "Uchenna",
    "Vidal",
    "Weber",
    "Xavier",
    "Yilmaz",
]
PUBLISHERS = [
    "Sunrise Music Publishing",
    "Atlas Songs",
    "Editions Lumière",
    "Río Grande Música",
    "Blue Harbour Music",
    "Kora Publishing",
    "Northern Lights Songs",
    "Casa Verde Ediciones",
    "Savanna Sound Publishing",
    "Meridian Music",
]
WORDS = [
    "Love",
    "Night",
    "River",
    "Dance",
    "Morning",
    "Fire",
    "Heart",
    "Road",
    "Rain",
    "Summer",
    "Moon",
    "Dream",
    "City",
    "Song",
    "Shadow",
    "Golden",
    "Home",
    "Light",
    "Ocean",
    "Wild",
    "Silver",
    "Freedom",
    "Memory",
    "Sky",
]
SISTERS = ["052", "058", "035", "010", "072"]
SHOWCASE_ISWC = "T0345246801"


def load() -> str:
    load_societies()
    own, _ = Society.objects.get_or_create(code=settings.SOCIETY_CODE, defaults={"name": "Demo CMO"})
    groups = roles.ensure_roles()
    _users(groups)
    if Work.objects.filter(submitter_id="DEMO0001").exists():
        return "demo data already loaded\n" + money_demo.load() + "\n" + licensing_demo.load()
    with transaction.atomic():
        rng = random.Random(2026)
        writers, publishers = _parties(rng, own)
        _works(rng, writers, publishers)
    loaded = f"demo data loaded: {Work.objects.count()} works, {InterestedParty.objects.count()} parties"
    return loaded + "\n" + money_demo.load() + "\n" + licensing_demo.load()


def _users(groups) -> None:
    User = get_user_model()
    accounts = [
        ("admin", None),
        ("documentation", roles.DOCUMENTATION),
        ("manager", roles.DISTRIBUTION_MANAGER),
        ("auditor", roles.AUDITOR),
    ]
    for username, role in accounts:
        user, created = User.objects.get_or_create(username=username, defaults={"is_staff": True})
        if created:
            user.is_superuser = role is None
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role:
            user.groups.add(groups[role])


def _ipi(number: int) -> str:
    nine = f"{number:09d}"
    return nine + ipi_name_check_digits(nine)


def _parties(rng: random.Random, own: Society):
    sisters = list(Society.objects.filter(code__in=SISTERS))
    writers, publishers = [], []
    for index in range(40):
        fields = {
            "kind": "person",
            "first_name": FIRST[index % 25],
            "last_name": LAST[(index * 7) % 25],
            "ipi_name": _ipi(10_000_000 + index * 37) if index % 8 else "",
        }
        writers.append(save_party(fields=fields))
    for index, name in enumerate(PUBLISHERS):
        publishers.append(
            save_party(fields={"kind": "company", "last_name": name, "ipi_name": _ipi(20_000_000 + index)})
        )
    for index, party in enumerate(writers + publishers):
        if index % 10 == 9:
            continue  # some parties have no membership: their money goes to the unaffiliated account
        society = own if index % 3 else sisters[index % len(sisters)]
        for right in ("PR", "MR"):
            save_membership(party=party, society=society, right_type=right)
    return writers, publishers


def _works(rng: random.Random, writers, publishers) -> None:
    for index in range(200):
        title = " ".join(rng.sample(WORDS, rng.choice([1, 2, 3]))) if index else "Love in the River City"
        chosen = rng.sample(writers, rng.choice([1, 2, 2, 3]))
        publisher = rng.choice(publishers) if index % 4 else None
        shares = _share_picture(chosen, publisher, rng)
        digits = f"{345246800 + index * 11:09d}"
        iswc = SHOWCASE_ISWC if index == 0 else (f"T{digits}{iswc_check_digit(digits)}" if index % 5 else "")
        work = save_work(
            fields={
                "title": title,
                "iswc": iswc,
                "submitter_id": f"DEMO{index + 1:04d}",
                "duration": rng.randint(120, 360),
                "language": "EN",
            },
            alternate_titles=[f"{title} (Radio Edit)"] if index % 7 == 0 else [],
            shares=shares,
        )
        if index % 2 == 0:
            isrc = f"QZDEM26{index:05d}"
            if not Recording.objects.filter(isrc=isrc).exists():
                artist = f"{rng.choice(FIRST)} {rng.choice(LAST)}"
                save_recording(
                    fields={
                        "isrc": isrc,
                        "title": work.title,
                        "duration": work.duration,
                        "artist": artist,
                        "label": "Demo Records",
                        "work": work,
                    }
                )


def _share_picture(chosen, publisher, rng) -> list[ShareData]:
    writer_total = Decimal(50) if publisher else Decimal(100)
    each = (writer_total / len(chosen)).quantize(Decimal("0.01"))
    shares = []
    for position, party in enumerate(chosen):
        amount = each if position < len(chosen) - 1 else writer_total - each * (len(chosen) - 1)
        role = ["CA", "C", "A"][position % 3]
        shares.append(
            ShareData(
                party_id=party.pk,
                role=role,
                pr_share=amount,
                mr_share=(amount / 2).quantize(Decimal("0.01")) if publisher else amount,
            )
        )
    if publisher:
        shares.append(ShareData(party_id=publisher.pk, role="E", pr_share=Decimal(50), mr_share=Decimal(50), chain=1))
        mr_writers = sum(s.mr_share for s in shares[:-1])
        shares[-1].mr_share = Decimal(100) - mr_writers
    return shares
