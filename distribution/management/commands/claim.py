from django.core.exceptions import ValidationError
from django.core.management.base import BaseCommand, CommandError
from django.db.models import Q

from distribution.runs import claims
from distribution.runs.models import Claim, DistributionRun
from rightowners.models import InterestedParty
from works.models import Work


class Command(BaseCommand):
    help = (
        "File a claim on an approved run's suspense (--run with --key for unidentified usage, or --account "
        "unclaimed|conflict with --work), accept or reject one, or list a run's claims."
    )

    def add_arguments(self, parser):
        parser.add_argument("--run", type=int, help="the approved run whose suspense is claimed")
        parser.add_argument("--account", default="unidentified", choices=["unidentified", "unclaimed", "conflict"])
        parser.add_argument("--key", default="", help="usage key of the unidentified usage claimed")
        parser.add_argument("--work", help="claimed work: id, ISWC or work code")
        parser.add_argument("--claimant", help="claiming party: IPI name number, party code or id")
        parser.add_argument("--role", default="", help="claimant's role (unclaimed share)")
        parser.add_argument("--evidence", default="")
        parser.add_argument(
            "--accept",
            type=int,
            nargs="?",
            const=0,
            metavar="CLAIM",
            help="accept this claim (alone: the claim just filed)",
        )
        parser.add_argument("--reject", type=int, metavar="CLAIM")
        parser.add_argument("--note", default="", help="why (rejection) or a remark (acceptance)")
        parser.add_argument("--list", action="store_true", help="list the run's claims")

    def handle(self, *args, **o):
        try:
            if o["reject"]:
                claim = claims.reject_claim(claim_id=o["reject"], note=o["note"])
            elif o["list"]:
                return self._list(o["run"])
            elif o["run"]:
                claim = self._file(o)
                if o["accept"] == 0:
                    claim = claims.accept_claim(claim_id=claim.pk, note=o["note"])
            elif o["accept"]:
                claim = claims.accept_claim(claim_id=o["accept"], note=o["note"])
            else:
                raise CommandError("give --run (to file or --list), --accept CLAIM or --reject CLAIM")
        except Claim.DoesNotExist:
            raise CommandError("no such claim") from None
        except DistributionRun.DoesNotExist:
            raise CommandError(f"no distribution run {o['run']}") from None
        except ValidationError as exc:
            raise CommandError("; ".join(exc.messages)) from None
        self.stdout.write(describe(claim))

    def _file(self, o) -> Claim:
        if not o["work"]:
            raise CommandError("--work is required to file a claim")
        return claims.file_claim(
            run_id=o["run"],
            account=o["account"],
            key=o["key"],
            work_id=_work(o["work"]).pk,
            claimant_id=_party(o["claimant"]).pk if o["claimant"] else None,
            role=o["role"],
            evidence=o["evidence"],
        )

    def _list(self, run_id) -> None:
        found = list(Claim.objects.filter(run_id=run_id).select_related("work").order_by("id"))
        self.stdout.write(f"run {run_id}: {len(found)} claims")
        for claim in found:
            self.stdout.write(describe(claim))


def describe(claim: Claim) -> str:
    return f"claim {claim.pk}: run {claim.run_id} {claim.account} {claim.item} → {claim.work.key} ({claim.status})"


def _work(text: str) -> Work:
    query = Q(iswc=text.upper()) | Q(code=text.upper()) | (Q(pk=int(text)) if text.isdigit() else Q())
    work = Work.objects.filter(query).first()
    if work is None:
        raise CommandError(f"--work {text!r}: no work with that id, ISWC or code")
    return work


def _party(text: str) -> InterestedParty:
    query = Q(ipi_name=text.zfill(11) if text.isdigit() else text) | Q(code=text.upper())
    party = InterestedParty.objects.filter(query).first()
    if party is None and text.isdigit():
        party = InterestedParty.objects.filter(pk=int(text)).first()
    if party is None:
        raise CommandError(f"--claimant {text!r}: no party with that IPI name number, code or id")
    return party
