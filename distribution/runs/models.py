"""Distribution runs and the payout lines they produce (distribution-rules.md)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distribution.usage.models import UsageReport
from rightowners.models import MEMBERSHIP_RIGHT_CHOICES, InterestedParty, Society
from wipoconnect.core.models import Job
from works.models import Work


class DistributionRun(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("Draft")
        CALCULATED = "calculated", _("Calculated")
        APPROVED = "approved", _("Approved")

    class Weighting(models.TextChoices):
        PLAYS = "plays", _("Plays")
        DURATION = "duration", _("Duration")

    name = models.CharField(_("name"), max_length=120)
    # PR/MR/SR for runs over work shares; RR for neighbouring-rights runs (distribution.runs.related)
    right_type = models.CharField(_("right type"), max_length=2, choices=MEMBERSHIP_RIGHT_CHOICES)
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    currency = models.CharField(_("currency"), max_length=3)
    gross = models.BigIntegerField(_("gross (minor units)"))
    admin_percent = models.DecimalField(_("administration deduction (%)"), max_digits=5, decimal_places=2)
    social_percent = models.DecimalField(_("social/cultural deduction (%)"), max_digits=5, decimal_places=2)
    weighting = models.CharField(_("weighting"), max_length=8, choices=Weighting.choices, default=Weighting.PLAYS)
    threshold = models.BigIntegerField(_("minimum payment (minor units)"), default=0)
    reports = models.ManyToManyField(UsageReport, related_name="runs", verbose_name=_("usage reports"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.DRAFT)
    admin_amount = models.BigIntegerField(_("administration (A)"), null=True, blank=True)
    social_amount = models.BigIntegerField(_("social/cultural (S)"), null=True, blank=True)
    net_amount = models.BigIntegerField(_("net (N)"), null=True, blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    calculated_at = models.DateTimeField(_("calculated"), null=True, blank=True)
    approved_at = models.DateTimeField(_("approved"), null=True, blank=True)
    approved_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    total_weight = models.BigIntegerField(_("total weight (W)"), null=True, blank=True)
    # Calculation state: tasks carry the attempt they belong to, so tasks of an earlier attempt do nothing.
    attempt = models.PositiveIntegerField(_("calculation attempt"), default=0)
    phase = models.CharField(_("calculation phase"), max_length=10, blank=True)
    queue = models.CharField(_("task queue"), max_length=100, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        permissions = [("approve_distributionrun", _("Can approve distribution runs"))]

    def __str__(self) -> str:
        return f"{self.name} ({self.status})"


LINE_FK = dict(null=True, blank=True, on_delete=models.PROTECT, related_name="+", db_constraint=False)


class PayoutLine(models.Model):
    class PayeeKind(models.TextChoices):
        MEMBER = "member", _("Member")
        SOCIETY = "society", _("Sister society")
        SUSPENSE = "suspense", _("Suspense")
        CARRY_FORWARD = "carry_forward", _("Carried forward")
        BROUGHT_FORWARD = "brought_forward", _("Brought forward")

    # The (run, payee_kind) index serves lookups by run; the cascade on deletion is Django's.
    run = models.ForeignKey(
        DistributionRun, on_delete=models.CASCADE, related_name="lines", db_constraint=False, db_index=False
    )
    payee_kind = models.CharField(_("payee kind"), max_length=15, choices=PayeeKind.choices)
    payee = models.CharField(_("payee"), max_length=20, help_text=_("payee key (distribution-rules.md)"))
    # A run writes its lines in one INSERT … SELECT of ids read from these tables; checking each of ~300k rows
    # against them at commit cost more than the insert itself. PROTECT is still enforced, by Django.
    party = models.ForeignKey(InterestedParty, **LINE_FK)
    society = models.ForeignKey(Society, **LINE_FK)
    work = models.ForeignKey(Work, **LINE_FK)
    # In a neighbouring-rights run a line is a recording's: work_key holds the recording key (ISRC, 12 characters).
    recording = models.ForeignKey("works.Recording", **LINE_FK)
    work_key = models.CharField(_("work"), max_length=12, blank=True)
    amount = models.BigIntegerField(_("amount (minor units)"))
    roles = models.CharField(_("roles"), max_length=40, blank=True)
    share = models.DecimalField(_("share (%)"), max_digits=12, decimal_places=6, null=True, blank=True)
    weight = models.BigIntegerField(_("weight (plays or seconds)"), default=0)

    class Meta:
        ordering = ["run", "payee_kind", "payee", "work_key"]
        indexes = [models.Index(fields=["run", "payee_kind"])]

    def __str__(self) -> str:
        return f"{self.payee_kind} {self.payee} {self.work_key} {self.amount}"


class RunChunk(models.Model):
    """One planned piece of a calculation; `done` is set in the transaction that writes its output."""

    class Phase(models.TextChoices):
        WEIGH = "weigh", _("Weights per work")
        ALLOCATE = "allocate", _("Lines per work")

    run = models.ForeignKey(DistributionRun, on_delete=models.CASCADE, related_name="chunks")
    attempt = models.PositiveIntegerField()
    phase = models.CharField(max_length=8, choices=Phase.choices)
    index = models.PositiveIntegerField()
    low = models.BigIntegerField()  # usage line ids (weigh) or work ids (allocate), inclusive
    high = models.BigIntegerField()
    done = models.BooleanField(default=False)
    conflicts = models.JSONField(default=dict, blank=True)  # work key → why (allocate)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["run", "attempt", "phase", "index"], name="run_chunk_unique"),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} #{self.attempt} {self.phase} {self.index} [{self.low}, {self.high}]"


class RunWeight(models.Model):
    """Weights of a run grouped in the database: per identified work (or recording, in a neighbouring-rights run),
    or per usage key when unidentified.

    The unidentified rows stay after the calculation: they are the unidentified account's split by usage key.
    """

    # ~100k rows per chunk: no per-row check of the run at commit (the cascade on deletion is Django's).
    run = models.ForeignKey(DistributionRun, on_delete=models.CASCADE, related_name="weights", db_constraint=False)
    attempt = models.PositiveIntegerField()
    chunk = models.PositiveIntegerField()
    # Written by INSERT … SELECT from matched works: no database constraint to check per row at commit.
    work = models.ForeignKey(
        Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+", db_constraint=False
    )
    recording = models.ForeignKey(  # the (run, attempt, work) index serves it: the run is always filtered first
        "works.Recording",
        null=True,
        blank=True,
        on_delete=models.CASCADE,
        related_name="+",
        db_constraint=False,
        db_index=False,
    )
    key = models.CharField(max_length=64, blank=True)  # usage key; empty for identified works and recordings
    weight = models.BigIntegerField()

    class Meta:
        indexes = [models.Index(fields=["run", "attempt", "work"])]

    def __str__(self) -> str:
        return f"run {self.run_id} {self.work_id or self.recording_id or self.key} {self.weight}"


STAGING_FK = dict(
    null=True, blank=True, on_delete=models.DO_NOTHING, related_name="+", db_constraint=False, db_index=False
)


class RunLine(models.Model):
    """A payout line before the missing cents and the minimum payment: floor of its exact amount and remainder."""

    run = models.ForeignKey(DistributionRun, on_delete=models.CASCADE, related_name="+", db_constraint=False)
    attempt = models.PositiveIntegerField()
    chunk = models.PositiveIntegerField()
    payee_kind = models.CharField(max_length=15)
    payee = models.CharField(max_length=20)
    # Staging rows live for one calculation: ids copied from the feed, no constraints or indexes to maintain.
    party = models.ForeignKey(InterestedParty, **STAGING_FK)
    society = models.ForeignKey(Society, **STAGING_FK)
    work = models.ForeignKey(Work, **STAGING_FK)
    recording = models.ForeignKey("works.Recording", **STAGING_FK)
    work_key = models.CharField(max_length=12, blank=True)
    amount = models.BigIntegerField()
    # Exact remainder over the run's denominator; decimal digits in text because it can exceed 64 bits.
    remainder = models.CharField(max_length=48)
    roles = models.CharField(max_length=40, blank=True)
    share = models.DecimalField(max_digits=12, decimal_places=6, null=True, blank=True)
    weight = models.BigIntegerField(default=0)

    class Meta:
        indexes = [models.Index(fields=["run", "attempt"])]

    def __str__(self) -> str:
        return f"{self.payee_kind} {self.payee} {self.work_key} {self.amount} (+{self.remainder})"


# Claims on a run's suspense and the runs of other kinds that pay them (adjustments, releases, incoming money).


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
