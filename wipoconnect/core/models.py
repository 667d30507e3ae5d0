"""Core models shared by every app: long-running jobs, the audit trail, code sequences."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class Job(models.Model):
    """Progress of one long batch (import, identification, distribution), shown in screens and the API."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")

    kind = models.CharField(_("kind"), max_length=40, db_index=True)
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.QUEUED)
    done = models.PositiveBigIntegerField(_("done"), default=0)
    total = models.PositiveBigIntegerField(_("total"), default=0)
    error = models.TextField(_("error"), blank=True)
    result = models.JSONField(_("result"), default=dict, blank=True)
    created_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.kind} #{self.pk} ({self.status})"

    @property
    def percent(self) -> int:
        if self.status == self.Status.SUCCEEDED:
            return 100
        return int(100 * self.done / self.total) if self.total else 0


class AuditEntry(models.Model):
    """Who changed which record, when, and the values before and after."""

    class Action(models.TextChoices):
        CREATE = "create", _("Created")
        UPDATE = "update", _("Updated")
        DELETE = "delete", _("Deleted")
        MERGE = "merge", _("Merged")

    at = models.DateTimeField(_("at"), default=timezone.now, db_index=True)
    user = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    action = models.CharField(_("action"), max_length=10, choices=Action.choices)
    model = models.CharField(_("model"), max_length=60)
    object_id = models.BigIntegerField(_("object id"))
    object_repr = models.CharField(_("object"), max_length=200)
    changes = models.JSONField(_("changes"), default=dict, blank=True)

    class Meta:
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["model", "object_id"])]
        verbose_name_plural = "audit entries"

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.action} {self.model} {self.object_repr}"


class CodeSequence(models.Model):
    """Counters for the public codes (P00000001, W00000001): assigned once, never reused."""

    prefix = models.CharField(max_length=1, primary_key=True)
    last = models.PositiveBigIntegerField(default=0)

    def __str__(self) -> str:
        return f"{self.prefix}{self.last:08d}"


class ChangeLog(models.Model):
    """One entry of the change feed: an object of `kind` was created/updated (upsert) or deleted.

    Entries name the object, the feed serves its state when read. `txid` is the writing transaction's id on
    PostgreSQL (0 on SQLite, which commits one writer at a time): the feed orders by (txid, id) and serves only
    transactions older than every one still writing, so a cursor never skips a late commit.
    """

    class Kind(models.TextChoices):
        WORK = "work", _("Work")
        PARTY = "party", _("Interested party")
        SHARES = "shares", _("Share picture of a work")

    class Action(models.TextChoices):
        UPSERT = "upsert", _("Created or updated")
        DELETE = "delete", _("Deleted")

    txid = models.BigIntegerField(default=0)
    kind = models.CharField(max_length=6, choices=Kind.choices)
    action = models.CharField(max_length=6, choices=Action.choices, default=Action.UPSERT)
    object_id = models.BigIntegerField()
    code = models.CharField(max_length=9)
    identifier = models.CharField(max_length=11, blank=True, help_text=_("ISWC or IPI name number at the time"))
    at = models.DateTimeField(default=timezone.now)

    class Meta:
        db_table = "exchange_changelog"  # the table kept its name when the model moved to the core
        ordering = ["txid", "id"]
        indexes = [models.Index(fields=["txid", "id"], name="exchange_ch_txid_5266e2_idx")]

    def __str__(self) -> str:
        return f"{self.txid}.{self.pk} {self.action} {self.kind} {self.code}"
