"""CWR files exchanged with societies and publishers, and the registrations they carry."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wipoconnect.core.models import ChangeLog, Job


class CwrFile(models.Model):
    class Direction(models.TextChoices):
        INCOMING = "in", _("Incoming")
        OUTGOING = "out", _("Outgoing")

    class Status(models.TextChoices):
        RECEIVED = "received", _("Received")
        PROCESSED = "processed", _("Processed")
        FAILED = "failed", _("Failed")
        SENT = "sent", _("Sent")

    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    filename = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, blank=True, db_index=True)
    version = models.CharField(_("CWR version"), max_length=3)
    sender = models.CharField(_("sender"), max_length=20, blank=True)
    recipient = models.CharField(_("recipient"), max_length=20, blank=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.RECEIVED)
    transactions = models.PositiveIntegerField(_("transactions"), default=0)
    accepted = models.PositiveIntegerField(_("accepted"), default=0)
    rejected = models.PositiveIntegerField(_("rejected"), default=0)
    ack_filename = models.CharField(_("ACK file name"), max_length=255, blank=True)
    ack = models.TextField(_("ACK content"), blank=True)
    error = models.TextField(_("error"), blank=True)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("CWR file")

    def __str__(self) -> str:
        return self.filename


class PartnerKey(models.Model):
    """An API key of a partner CMO: bound to one society and a set of scopes; only its SHA-256 is stored."""

    class Scope(models.TextChoices):
        READ_WORKS = "read_works", _("Read works and the change feed")
        READ_PARTIES = "read_parties", _("Read interested parties")
        SUBMIT_CWR = "submit_cwr", _("Submit CWR files")
        READ_DISTRIBUTIONS = "read_distributions", _("Read its own distributions and statements")

    name = models.CharField(_("name"), max_length=120)
    society = models.ForeignKey("rightowners.Society", on_delete=models.PROTECT, related_name="partner_keys")
    scopes = models.JSONField(_("scopes"), default=list)
    prefix = models.CharField(_("key prefix"), max_length=8, help_text=_("first characters, to recognise a key"))
    digest = models.CharField(_("SHA-256 of the key"), max_length=64, unique=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        verbose_name = _("partner API key")

    def __str__(self) -> str:
        return f"{self.prefix}… {self.name} ({self.society_id})"

    @property
    def is_active(self) -> bool:
        return self.revoked_at is None


class PartnerRequest(models.Model):
    """One request made with a partner key (the log every partner request leaves)."""

    key = models.ForeignKey(PartnerKey, on_delete=models.CASCADE, related_name="requests")
    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    method = models.CharField(_("method"), max_length=8)
    path = models.CharField(_("path"), max_length=500)
    status = models.PositiveSmallIntegerField(_("status"))
    remote_addr = models.CharField(_("remote address"), max_length=45, blank=True)

    class Meta:
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M:%S} {self.method} {self.path} {self.status}"


class SyncSource(models.Model):
    """Another instance this one pulls the change feed of, and how far it got."""

    url = models.URLField(_("URL"), unique=True)
    cursor = models.CharField(_("cursor"), max_length=50, blank=True)
    last_synced_at = models.DateTimeField(_("last synchronized"), null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.url} @ {self.cursor or 'start'}"


class SyncLink(models.Model):
    """Which local object a remote object (by its code at the source) became: re-syncs update, never duplicate."""

    source = models.ForeignKey(SyncSource, on_delete=models.CASCADE, related_name="links")
    kind = models.CharField(max_length=6, choices=ChangeLog.Kind.choices)
    remote_code = models.CharField(max_length=9)
    local_id = models.BigIntegerField()

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["source", "kind", "remote_code"], name="sync_link_unique"),
        ]

    def __str__(self) -> str:
        return f"{self.kind} {self.remote_code} → {self.local_id}"


class CwrLink(models.Model):
    """What a CWR partner's own number became here: its submitter work # -> our work, its interested party # (or,
    without one, the party's name) -> our party. Re-imports and revisions (REV) update instead of duplicating."""

    class Kind(models.TextChoices):
        WORK = "work", _("Work")
        PARTY = "party", _("Interested party")

    partner = models.CharField(_("partner"), max_length=20, help_text=_("sender code of the CWR files"))
    kind = models.CharField(_("kind"), max_length=5, choices=Kind.choices)
    number = models.CharField(_("partner's number"), max_length=120)
    local_id = models.BigIntegerField(_("local id"))

    class Meta:
        constraints = [models.UniqueConstraint(fields=["partner", "kind", "number"], name="cwr_link_unique")]

    def __str__(self) -> str:
        return f"{self.partner} {self.kind} {self.number} → {self.local_id}"


class Registration(models.Model):
    """Where our registration of a work with a society stands, as its acknowledgements (ACK) say."""

    work = models.ForeignKey("works.Work", on_delete=models.CASCADE, related_name="registrations")
    society = models.CharField(_("society code"), max_length=3)
    status = models.CharField(_("transaction status"), max_length=2, help_text=_("RA, AS, AC, CO, DU, RJ, NP, ..."))
    society_work_number = models.CharField(_("society work number"), max_length=20, blank=True)
    cwr_file = models.ForeignKey(CwrFile, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    updated_at = models.DateTimeField(_("updated"), default=timezone.now)

    class Meta:
        ordering = ["work", "society"]
        constraints = [models.UniqueConstraint(fields=["work", "society"], name="registration_unique")]

    def __str__(self) -> str:
        return f"{self.work} @ {self.society}: {self.status}"
