"""Licensing and collection: licensees, tariffs, licence agreements, declarations, invoices and credit notes,
payments and their matching, and the collection pools that distribution runs draw their gross from."""

from django.db import models
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distribution.runs.models import DistributionRun
from distribution.usage.models import UsageReport
from rightowners.models import RIGHT_TYPE_CHOICES


class Licensee(models.Model):
    class Kind(models.TextChoices):
        BROADCASTER = "broadcaster", _("Broadcaster (radio, TV)")
        DIGITAL = "digital_service", _("Digital service")
        VENUE = "venue", _("Venue (concerts, clubs)")
        SHOP = "shop", _("Shop, hotel, restaurant")
        LIVE = "live_event", _("Live event organiser")
        OTHER = "other", _("Other user")

    code = models.CharField(_("code"), max_length=9, unique=True, editable=False)  # "L" + 8 digits
    name = models.CharField(_("name"), max_length=200)
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    contact_name = models.CharField(_("contact"), max_length=120, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=40, blank=True)
    address = models.TextField(_("address"), blank=True)
    tax_id = models.CharField(_("tax id"), max_length=40, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["name", "id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"


class Tariff(models.Model):
    """One version of a tariff, valid from a date; versions of a code do not overlap."""

    code = models.CharField(_("code"), max_length=20)
    name = models.CharField(_("name"), max_length=200)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    currency = models.CharField(_("currency"), max_length=3)
    flat_fee = models.BigIntegerField(_("flat fee per fee period (minor units)"), default=0)
    fee_months = models.PositiveSmallIntegerField(_("fee period (months)"), default=12)
    revenue_percent = models.DecimalField(
        _("percentage of declared revenue"), max_digits=7, decimal_places=4, null=True, blank=True
    )
    per_use_rate = models.DecimalField(_("rate per use"), max_digits=14, decimal_places=6, null=True, blank=True)
    per_minute_rate = models.DecimalField(_("rate per minute"), max_digits=14, decimal_places=6, null=True, blank=True)
    minimum_fee = models.BigIntegerField(_("minimum fee per fee period (minor units)"), default=0)

    class Meta:
        ordering = ["code", "valid_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "valid_from"], name="tariff_version_unique"),
            models.CheckConstraint(condition=Q(flat_fee__gte=0, minimum_fee__gte=0), name="tariff_fees_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.code} from {self.valid_from}"


class LicenceAgreement(models.Model):
    reference = models.CharField(_("reference"), max_length=40, unique=True)
    licensee = models.ForeignKey(Licensee, on_delete=models.PROTECT, related_name="agreements")
    # Right type → percent of the licence fee collected for it, e.g. {"PR": "70.00", "MR": "30.00"}.
    rights = models.JSONField(_("right types and their shares"))
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    tariff_code = models.CharField(_("tariff"), max_length=20)
    payment_days = models.PositiveSmallIntegerField(_("payment terms (days)"), default=30)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["licensee__name", "valid_from", "id"]

    def __str__(self) -> str:
        return f"{self.reference} {self.licensee.name}"


class Declaration(models.Model):
    """What a licensee declared for a period: revenue, uses, minutes of music."""

    agreement = models.ForeignKey(LicenceAgreement, on_delete=models.PROTECT, related_name="declarations")
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    revenue = models.BigIntegerField(_("declared revenue (minor units)"), null=True, blank=True)
    uses = models.BigIntegerField(_("uses"), null=True, blank=True)
    seconds = models.BigIntegerField(_("seconds of music"), null=True, blank=True)
    usage_report = models.ForeignKey(UsageReport, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    received_on = models.DateField(_("received"), default=timezone.localdate)

    class Meta:
        ordering = ["-period_start", "agreement_id"]
        constraints = [
            models.UniqueConstraint(fields=["agreement", "period_start", "period_end"], name="declaration_unique"),
            models.CheckConstraint(
                condition=Q(revenue__gte=0) | Q(revenue__isnull=True), name="declaration_revenue_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.agreement.reference} {self.period_start}..{self.period_end}"


class Invoice(models.Model):
    """An invoice (total ≥ 0) or a credit note (total ≤ 0, crediting an invoice). Issued documents are not
    edited: mistakes are corrected with credit notes."""

    class Kind(models.TextChoices):
        INVOICE = "invoice", _("Invoice")
        CREDIT_NOTE = "credit_note", _("Credit note")

    number = models.CharField(_("number"), max_length=20, unique=True)
    kind = models.CharField(_("kind"), max_length=11, choices=Kind.choices, default=Kind.INVOICE)
    licensee = models.ForeignKey(Licensee, on_delete=models.PROTECT, related_name="invoices")
    agreement = models.ForeignKey(LicenceAgreement, on_delete=models.PROTECT, related_name="invoices")
    declaration = models.ForeignKey(Declaration, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    tariff = models.ForeignKey(Tariff, null=True, blank=True, on_delete=models.PROTECT, related_name="+")
    credited = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="credit_notes"
    )  # the invoice a credit note corrects
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    currency = models.CharField(_("currency"), max_length=3)
    issued_on = models.DateField(_("issued"))
    due_on = models.DateField(_("due"))
    total = models.BigIntegerField(_("total (minor units)"))
    calculation = models.TextField(_("calculation"), blank=True)
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    cancelled = models.BooleanField(_("fully credited"), default=False)  # its period may be invoiced again
    # Where the money goes when collected, fixed when issued.
    licensee_kind = models.CharField(_("source"), max_length=16, choices=Licensee.Kind.choices)
    territory = models.CharField(_("territory"), max_length=4)
    rights = models.JSONField(_("right types and their shares"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-issued_on", "-number"]
        constraints = [
            models.UniqueConstraint(
                fields=["agreement", "period_start", "period_end"],
                condition=Q(kind="invoice", cancelled=False),
                name="invoice_once_per_agreement_period",
            ),
            models.CheckConstraint(
                condition=Q(kind="invoice", total__gte=0, credited__isnull=True)
                | Q(kind="credit_note", total__lte=0, credited__isnull=False),
                name="invoice_sign_by_kind",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.number} {self.total}"


class InvoiceLine(models.Model):
    invoice = models.ForeignKey(Invoice, on_delete=models.CASCADE, related_name="lines")
    position = models.PositiveSmallIntegerField()
    kind = models.CharField(_("kind"), max_length=10)  # flat, revenue, use, minute, minimum, credit
    description = models.CharField(_("description"), max_length=120)
    calculation = models.CharField(_("calculation"), max_length=300)
    amount = models.BigIntegerField(_("amount (minor units)"))

    class Meta:
        ordering = ["invoice", "position"]
        constraints = [models.UniqueConstraint(fields=["invoice", "position"], name="invoice_line_unique")]

    def __str__(self) -> str:
        return f"{self.description} {self.amount}"


class PaymentImport(models.Model):
    """A bank file imported by `import_payments`; the same file is never imported twice."""

    filename = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, unique=True)
    summary = models.JSONField(_("summary"), default=dict, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    def __str__(self) -> str:
        return self.filename


class Payment(models.Model):
    licensee = models.ForeignKey(Licensee, null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    received_on = models.DateField(_("received"))
    amount = models.BigIntegerField(_("amount (minor units)"))
    currency = models.CharField(_("currency"), max_length=3)
    reference = models.CharField(_("reference"), max_length=200, blank=True)
    payer = models.CharField(_("payer"), max_length=200, blank=True)
    source = models.ForeignKey(PaymentImport, null=True, blank=True, on_delete=models.PROTECT, related_name="payments")
    row = models.PositiveIntegerField(_("row in file"), null=True, blank=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-received_on", "-id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="payment_positive")]

    def __str__(self) -> str:
        return f"{self.received_on} {self.amount} {self.currency} {self.reference}"


class PaymentAllocation(models.Model):
    """The part of a payment matched to an invoice."""

    class Method(models.TextChoices):
        REFERENCE = "reference", _("Invoice number in the payment")
        OLDEST = "oldest", _("Licensee's oldest open invoice")
        MANUAL = "manual", _("Matched by staff")

    payment = models.ForeignKey(Payment, on_delete=models.PROTECT, related_name="allocations")
    invoice = models.ForeignKey(Invoice, on_delete=models.PROTECT, related_name="allocations")
    amount = models.BigIntegerField(_("amount (minor units)"))
    method = models.CharField(_("method"), max_length=10, choices=Method.choices)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["id"]
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="allocation_positive")]

    def __str__(self) -> str:
        return f"{self.payment_id} → {self.invoice_id}: {self.amount}"


class CollectionPool(models.Model):
    """Money collected from one source (licensee kind) for one right type, territory and period.

    `collected` is fixed when the pool is created from its entries; runs draw from it, never below zero.
    """

    name = models.CharField(_("name"), max_length=120)
    source = models.CharField(_("source"), max_length=16, choices=Licensee.Kind.choices)
    right_type = models.CharField(_("right type"), max_length=2, choices=RIGHT_TYPE_CHOICES)
    territory = models.CharField(_("territory"), max_length=4)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    currency = models.CharField(_("currency"), max_length=3)
    collected = models.BigIntegerField(_("collected (minor units)"))
    distributed = models.BigIntegerField(_("distributed (minor units)"), default=0)
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-period_start", "source", "right_type", "id"]
        constraints = [
            models.CheckConstraint(
                condition=Q(distributed__gte=0, distributed__lte=F("collected")), name="pool_balance_not_negative"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.remaining} of {self.collected} left)"

    @property
    def remaining(self) -> int:
        return self.collected - self.distributed


class PoolEntry(models.Model):
    """The part of a payment allocation that went into a pool; each allocation's part per right is pooled once."""

    pool = models.ForeignKey(CollectionPool, on_delete=models.PROTECT, related_name="entries")
    allocation = models.ForeignKey(PaymentAllocation, on_delete=models.PROTECT, related_name="pool_entries")
    right_type = models.CharField(_("right type"), max_length=2, choices=RIGHT_TYPE_CHOICES)
    amount = models.BigIntegerField(_("amount (minor units)"))

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["allocation", "right_type"], name="pool_entry_once"),
        ]

    def __str__(self) -> str:
        return f"pool {self.pool_id} ← allocation {self.allocation_id} {self.right_type} {self.amount}"


class PoolDraw(models.Model):
    """A distribution run's gross taken from a pool: one draw per run; the run is `run.pool_draw.pool`."""

    pool = models.ForeignKey(CollectionPool, on_delete=models.PROTECT, related_name="draws")
    run = models.OneToOneField(DistributionRun, on_delete=models.PROTECT, related_name="pool_draw")
    amount = models.BigIntegerField(_("amount (minor units)"))
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        constraints = [models.CheckConstraint(condition=Q(amount__gt=0), name="pool_draw_positive")]

    def __str__(self) -> str:
        return f"run {self.run_id} ← pool {self.pool_id}: {self.amount}"
