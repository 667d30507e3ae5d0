"""CWR files exchanged with societies and publishers, and the registrations they carry."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from wipoconnect.models import Job


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
