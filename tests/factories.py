"""factory-boy factories; codes are allocated like the services do."""

from decimal import Decimal

import factory

from rightowners.models import InterestedParty, Membership, Society
from wipoconnect.core.identifiers import ipi_name_check_digits
from wipoconnect.core.numbering import allocate_codes
from works.models import Recording, Work, WorkShare


def valid_ipi(n: int) -> str:
    nine = f"{n:09d}"
    return nine + ipi_name_check_digits(nine)


class SocietyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Society
        django_get_or_create = ["code"]

    code = factory.Sequence(lambda n: f"{500 + n % 400:03d}")
    name = factory.Sequence(lambda n: f"Society {n}")


class PartyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = InterestedParty

    code = factory.LazyFunction(lambda: allocate_codes("P", 1)[0])
    last_name = factory.Sequence(lambda n: f"Writer{n}")
    first_name = "Test"
    ipi_name = factory.Sequence(lambda n: valid_ipi(300_000_000 + n))


class MembershipFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Membership

    party = factory.SubFactory(PartyFactory)
    society = factory.SubFactory(SocietyFactory)
    right_type = "PR"


class WorkFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Work

    code = factory.LazyFunction(lambda: allocate_codes("W", 1)[0])
    title = factory.Sequence(lambda n: f"Song {n}")


class WorkShareFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = WorkShare

    work = factory.SubFactory(WorkFactory)
    party = factory.SubFactory(PartyFactory)
    role = "CA"
    pr_share = Decimal(100)
    mr_share = Decimal(100)


class RecordingFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Recording

    title = factory.Sequence(lambda n: f"Recording {n}")
    work = factory.SubFactory(WorkFactory)
