"""Claims on a run's suspense and the runs of other kinds that pay them (adjustments, releases, incoming money)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distribution.runs.models import DistributionRun
from rightowners.models import InterestedParty
from works.models import Work


class RunOrigin(models.Model):
    """Marks a DistributionRun that is not calculated from usage reports, and what it pays out of."""

    class Kind(models.TextChoices):
        ADJUSTMENT = "adjustment", _("Adjustment (accepted claims paid out of suspense)")
        RELEASE = "release", _("Release of suspense after the claims period")
        INCOMING = "incoming", _("Statement received from a sister society")
        RELATED = "related", _("Neighbouring rights: recordings' producers and performers")

    run = models.OneToOneField(DistributionRun, on_delete=models.CASCADE, related_name="origin")
    kind = models.CharField(_("kind"), max_length=10, choices=Kind.choices)
    original = models.ForeignKey(
        DistributionRun, null=True, blank=True, on_delete=models.PROTECT, related_name="adjustments"
    )

    def __str__(self) -> str:
        return f"run {self.run_id}: {self.kind} of {self.original_id or '-'}"


class Account(models.TextChoices):
    """The suspense accounts a claim can be made on (distribution-rules.md, payee keys)."""

    UNIDENTIFIED = "unidentified", _("Unidentified usage")
    UNCLAIMED = "unclaimed", _("Unclaimed share")
    CONFLICT = "conflict", _("Conflict")


PAYABLE = ("accepted", "paid")


class Claim(models.Model):
    """A member (or staff for them) claims suspense of an approved run: a usage key, or a work's unclaimed/conflict
    line. `item` is what is claimed: the usage key (unidentified) or the work key (unclaimed, conflict)."""

    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("Submitted")
        ACCEPTED = "accepted", _("Accepted")
        REJECTED = "rejected", _("Rejected")
        PAID = "paid", _("Paid by an adjustment run")

    run = models.ForeignKey(DistributionRun, on_delete=models.PROTECT, related_name="claims")
    account = models.CharField(_("account"), max_length=12, choices=Account.choices)
    item = models.CharField(_("usage key or work key"), max_length=64)
    work = models.ForeignKey(Work, on_delete=models.PROTECT, related_name="claims", verbose_name=_("claimed work"))
    claimant = models.ForeignKey(
        InterestedParty, null=True, blank=True, on_delete=models.PROTECT, related_name="claims"
    )
    role = models.CharField(_("claimant's role"), max_length=2, blank=True)
    evidence = models.TextField(_("evidence"), blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.SUBMITTED)
    note = models.CharField(_("decision note"), max_length=300, blank=True)
    adjustment = models.ForeignKey(
        DistributionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="paid_claims"
    )
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    created_at = models.DateTimeField(_("filed"), default=timezone.now)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            # One accepted claim per suspense item: competing claims are reviewed, only one is paid.
            models.UniqueConstraint(
                fields=["run", "account", "item"], condition=Q(status__in=PAYABLE), name="claim_one_accepted_per_item"
            ),
        ]

    def __str__(self) -> str:
        return f"claim {self.pk}: run {self.run_id} {self.account} {self.item[:12]} → {self.work_id} ({self.status})"


class SuspenseDraw(models.Model):
    """Money an adjustment or release run took out of an earlier run's suspense account.

    An account's balance is its suspense lines minus its draws; `item` "*" is a release of what was left.
    """

    run = models.ForeignKey(DistributionRun, on_delete=models.CASCADE, related_name="draws")
    original = models.ForeignKey(DistributionRun, on_delete=models.PROTECT, related_name="suspense_draws")
    account = models.CharField(_("account"), max_length=12, choices=Account.choices)
    item = models.CharField(_("usage key or work key"), max_length=64)
    weight = models.BigIntegerField(_("weight drawn"), default=0)
    amount = models.BigIntegerField(_("amount (minor units)"))
    claim = models.ForeignKey(Claim, null=True, blank=True, on_delete=models.SET_NULL, related_name="draws")

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["original", "account", "item"], name="suspense_drawn_once"),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} drew {self.amount} from run {self.original_id} {self.account} {self.item[:12]}"
