"""Right owners: societies, interested parties (persons and companies), memberships, agreements."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wipoconnect.core.codes import AGREEMENT_TYPES, RELATED_RIGHTS, RIGHT_TYPES

RIGHT_TYPE_CHOICES = [(code, _(label)) for code, label in RIGHT_TYPES.items()]
# Memberships also cover related rights (societies of performers and producers: works.models); works,
# agreements and usage reports do not.
MEMBERSHIP_RIGHT_CHOICES = [*RIGHT_TYPE_CHOICES, *((code, _(label)) for code, label in RELATED_RIGHTS.items())]


class Source(models.TextChoices):
    """Where a fact came from: staff entries win over CWR-derived ones (distribution-rules.md step 6)."""

    STAFF = "staff", _("Staff")
    CWR = "cwr", _("CWR")
    IMPORT = "import", _("File import")
    SYNC = "sync", _("Synchronization")


class Society(models.Model):
    code = models.CharField(_("code"), max_length=3, unique=True, help_text=_("CISAC society code, 3 digits"))
    name = models.CharField(_("name"), max_length=120)
    country = models.CharField(_("country"), max_length=60, blank=True)
    territory = models.CharField(_("territory"), max_length=4, default="2136")

    class Meta:
        ordering = ["code"]
        verbose_name_plural = _("societies")

    def __str__(self) -> str:
        return f"{self.code} {self.name}"


class InterestedParty(models.Model):
    class Kind(models.TextChoices):
        PERSON = "person", _("Natural person")
        COMPANY = "company", _("Legal entity")

    code = models.CharField(_("code"), max_length=9, unique=True, editable=False)
    kind = models.CharField(_("kind"), max_length=7, choices=Kind.choices, default=Kind.PERSON)
    last_name = models.CharField(_("last name or company name"), max_length=160, db_index=True)
    first_name = models.CharField(_("first name"), max_length=160, blank=True)
    ipi_name = models.CharField(_("IPI name number"), max_length=11, unique=True, null=True, blank=True)
    ipi_base = models.CharField(_("IPI base number"), max_length=13, blank=True, db_index=True)
    isni = models.CharField(_("ISNI"), max_length=16, blank=True)
    # The name in its original (non-Roman) script, as CWR NPN / NWN records give it.
    native_last_name = models.CharField(
        _("name in original script"), max_length=480, blank=True, default="", db_default=""
    )
    native_first_name = models.CharField(
        _("first name in original script"), max_length=160, blank=True, default="", db_default=""
    )
    native_language = models.CharField(
        _("language of the original-script name"), max_length=2, blank=True, default="", db_default=""
    )
    merged_into = models.ForeignKey(
        "self", null=True, blank=True, on_delete=models.PROTECT, related_name="merged_parties"
    )
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["last_name", "first_name", "id"]
        verbose_name_plural = _("interested parties")

    def __str__(self) -> str:
        return self.name

    @property
    def name(self) -> str:
        return f"{self.first_name} {self.last_name}".strip() if self.first_name else self.last_name

    @property
    def native_name(self) -> str:
        """The name in its original script ('' when none is known)."""
        return f"{self.native_first_name} {self.native_last_name}".strip()

    @property
    def payee_key(self) -> str:
        """distribution-rules.md, Keys: the IPI name number, else the party code."""
        return self.ipi_name or self.code


class Membership(models.Model):
    party = models.ForeignKey(InterestedParty, on_delete=models.CASCADE, related_name="memberships")
    society = models.ForeignKey(Society, on_delete=models.PROTECT, related_name="memberships")
    right_type = models.CharField(_("right type"), max_length=2, choices=MEMBERSHIP_RIGHT_CHOICES)
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    excluded = models.BooleanField(_("territory excluded"), default=False)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices, default=Source.STAFF)

    class Meta:
        ordering = ["party", "right_type", "society__code"]

    def __str__(self) -> str:
        return f"{self.party} {self.society.code} {self.right_type} {self.territory}"


class Agreement(models.Model):
    """An assignor (original publisher) moves a percentage of its collection share to an acquirer.

    One row per territory record: rows of the same assignor, acquirer, right, share, dates and submitter agreement
    number form one agreement whose territories are read in id order (include, then exclude, as CWR TER records).
    """

    assignor = models.ForeignKey(InterestedParty, on_delete=models.CASCADE, related_name="agreements_given")
    acquirer = models.ForeignKey(InterestedParty, on_delete=models.CASCADE, related_name="agreements_received")
    agreement_type = models.CharField(
        _("agreement type"), max_length=2, choices=[(k, _(v)) for k, v in AGREEMENT_TYPES.items()], default="PG"
    )
    right_type = models.CharField(_("right type"), max_length=2, choices=RIGHT_TYPE_CHOICES)
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    excluded = models.BooleanField(_("territory excluded"), default=False, db_default=False)
    share = models.DecimalField(_("share moved (%)"), max_digits=5, decimal_places=2)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    submitter_number = models.CharField(_("submitter agreement number"), max_length=14, blank=True)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices, default=Source.STAFF)

    class Meta:
        ordering = ["assignor", "right_type", "id"]

    def __str__(self) -> str:
        sign = "-" if self.excluded else ""
        return f"{self.assignor} → {self.acquirer} {self.right_type} {self.share}% {sign}{self.territory}"
