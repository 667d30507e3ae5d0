"""Money out (bank details, withholding, payment batches) and money in (statements from sister societies)."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distribution.runs.models import DistributionRun
from rightowners.models import RIGHT_TYPE_CHOICES, InterestedParty, Society
from works.models import Work

ONE_PAYEE = Q(party__isnull=False, society__isnull=True) | Q(party__isnull=True, society__isnull=False)


class BankAccount(models.Model):
    """Where a right owner's or sister society's money goes, from/to dates: the owner itself, or heirs and
    mandated companies (several recipients on one day split the payment by `percent`)."""

    class Kind(models.TextChoices):
        OWNER = "owner", _("Right owner")
        HEIR = "heir", _("Heir")
        MANDATE = "mandate", _("Mandated company")

    party = models.ForeignKey(
        InterestedParty, null=True, blank=True, on_delete=models.CASCADE, related_name="bank_accounts"
    )
    society = models.ForeignKey(Society, null=True, blank=True, on_delete=models.CASCADE, related_name="bank_accounts")
    kind = models.CharField(_("recipient"), max_length=7, choices=Kind.choices, default=Kind.OWNER)
    holder = models.CharField(_("account holder"), max_length=140)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    percent = models.DecimalField(_("part of the payment (%)"), max_digits=5, decimal_places=2, default=100)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        ordering = ["party", "society", "valid_from", "id"]
        constraints = [models.CheckConstraint(condition=ONE_PAYEE, name="bank_account_one_payee")]

    def __str__(self) -> str:
        return f"{self.holder} {self.iban}"


class WithholdingRate(models.Model):
    """Tax withheld from a payee's money earned in a territory (2136 = wherever); most specific row wins."""

    party = models.ForeignKey(InterestedParty, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    society = models.ForeignKey(Society, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    rate = models.DecimalField(_("rate (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)

    class Meta:
        constraints = [models.CheckConstraint(condition=ONE_PAYEE, name="withholding_one_payee")]

    def __str__(self) -> str:
        return f"{self.party_id or self.society_id} {self.territory} {self.rate} %"


class PaymentBatch(models.Model):
    """One credit transfer file (pain.001) and its CSV, paying approved runs' members and sister societies."""

    class Status(models.TextChoices):
        EXPORTED = "exported", _("Exported")
        CLOSED = "closed", _("All payments settled")

    currency = models.CharField(_("currency"), max_length=3)
    execution_date = models.DateField(_("execution date"))
    message_id = models.CharField(_("message id"), max_length=35, unique=True)
    status = models.CharField(_("status"), max_length=8, choices=Status.choices, default=Status.EXPORTED)
    runs = models.ManyToManyField(DistributionRun, related_name="payment_batches")
    total = models.BigIntegerField(_("total paid (minor units)"), default=0)
    withheld = models.BigIntegerField(_("total withheld (minor units)"), default=0)
    debtor_name = models.CharField(_("debtor"), max_length=140)
    debtor_iban = models.CharField(_("debtor IBAN"), max_length=34)
    debtor_bic = models.CharField(_("debtor BIC"), max_length=11, blank=True)
    skipped = models.JSONField(_("payees not paid, and why"), default=list, blank=True)
    document = models.TextField(_("pain.001 XML"), blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name_plural = _("payment batches")

    def __str__(self) -> str:
        return f"batch {self.pk} {self.message_id} {self.total} {self.currency}"


class PaymentItem(models.Model):
    """What a batch pays of one run to one payee; an active item per (run, payee) at most: nothing is paid twice."""

    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="items")
    run = models.ForeignKey(DistributionRun, on_delete=models.PROTECT, related_name="+")
    payee_kind = models.CharField(_("payee kind"), max_length=15)
    payee = models.CharField(_("payee"), max_length=20)
    party = models.ForeignKey(InterestedParty, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    society = models.ForeignKey(Society, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    amount = models.BigIntegerField(_("amount (minor units)"))
    withholding = models.BigIntegerField(_("withheld (minor units)"), default=0)
    active = models.BooleanField(_("active"), default=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["run", "payee_kind", "payee"], condition=Q(active=True), name="payment_item_paid_once"
            ),
        ]

    def __str__(self) -> str:
        return f"run {self.run_id} {self.payee_kind} {self.payee} {self.amount}"


class CreditTransfer(models.Model):
    """One credit transfer of a batch to one recipient (a payment to a member, heir, company or sister society)."""

    class Status(models.TextChoices):
        PENDING = "pending", _("Sent to the bank")
        PAID = "paid", _("Paid")
        FAILED = "failed", _("Failed or returned")

    batch = models.ForeignKey(PaymentBatch, on_delete=models.CASCADE, related_name="transfers")
    payee_kind = models.CharField(_("payee kind"), max_length=15)
    payee = models.CharField(_("payee"), max_length=20)
    party = models.ForeignKey(InterestedParty, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    society = models.ForeignKey(Society, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    recipient_kind = models.CharField(_("recipient"), max_length=7, choices=BankAccount.Kind.choices)
    holder = models.CharField(_("account holder"), max_length=140)
    iban = models.CharField(_("IBAN"), max_length=34)
    bic = models.CharField(_("BIC"), max_length=11, blank=True)
    gross = models.BigIntegerField(_("gross (minor units)"))
    withholding = models.BigIntegerField(_("withheld (minor units)"), default=0)
    amount = models.BigIntegerField(_("paid (minor units)"))
    end_to_end_id = models.CharField(_("end-to-end id"), max_length=35, unique=True)
    status = models.CharField(_("status"), max_length=7, choices=Status.choices, default=Status.PENDING)
    status_at = models.DateTimeField(_("status changed"), null=True, blank=True)

    class Meta:
        ordering = ["batch", "payee_kind", "payee", "id"]

    def __str__(self) -> str:
        return f"{self.end_to_end_id} {self.holder} {self.amount} ({self.status})"


class IncomingStatement(models.Model):
    """A distribution statement received from a sister society, converted at the rate recorded here."""

    society = models.ForeignKey(Society, on_delete=models.PROTECT, related_name="incoming_statements")
    filename = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, unique=True)
    distribution_id = models.CharField(_("their distribution id"), max_length=60, blank=True)
    currency = models.CharField(_("statement currency"), max_length=3)
    rate = models.DecimalField(_("rate to our currency"), max_digits=20, decimal_places=10)
    amount = models.DecimalField(_("amount in statement currency"), max_digits=20, decimal_places=4)
    gross = models.BigIntegerField(_("gross in our currency (minor units)"))
    right_type = models.CharField(_("right type"), max_length=2, choices=RIGHT_TYPE_CHOICES)
    territory = models.CharField(_("territory"), max_length=4)
    period_start = models.DateField(_("period start"), null=True, blank=True)
    period_end = models.DateField(_("period end"), null=True, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    identified_count = models.PositiveIntegerField(_("lines identified"), default=0)
    run = models.OneToOneField(
        DistributionRun, null=True, blank=True, on_delete=models.SET_NULL, related_name="incoming_statement"
    )
    created_at = models.DateTimeField(_("imported"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.society.code} {self.distribution_id} {self.amount} {self.currency}"


class IncomingLine(models.Model):
    """One row of a statement: the amount of one IP share of one work (CRD CSV fallback columns, domain.md §4)."""

    statement = models.ForeignKey(IncomingStatement, on_delete=models.CASCADE, related_name="lines")
    line = models.PositiveIntegerField(_("line"))
    society_work_id = models.CharField(_("society work id"), max_length=60, blank=True)
    iswc = models.CharField(_("ISWC"), max_length=11, blank=True)
    title = models.CharField(_("title"), max_length=300, blank=True)
    ip_name = models.CharField(_("IP name"), max_length=300, blank=True)
    ipi_name = models.CharField(_("IPI name number"), max_length=11, blank=True)
    role = models.CharField(_("role"), max_length=2, blank=True)
    share = models.DecimalField(_("share (%)"), max_digits=7, decimal_places=4, null=True, blank=True)
    usage_count = models.PositiveBigIntegerField(_("usage count"), default=0)
    amount = models.DecimalField(_("amount"), max_digits=20, decimal_places=4)
    key = models.CharField(_("usage key"), max_length=64)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    party = models.ForeignKey(InterestedParty, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    method = models.CharField(_("identified by"), max_length=8, blank=True)

    class Meta:
        ordering = ["statement", "line"]
        constraints = [models.UniqueConstraint(fields=["statement", "line"], name="incoming_line_unique")]

    def __str__(self) -> str:
        return f"{self.statement_id}:{self.line} {self.title} {self.amount}"
