"""Identification of usage to recordings (related rights), beside the identification to works.

A usage key of a report (its Match) is identified twice: to a work (Match.work, for authors' rights) and to a
recording (RecordingMatch, for performers and producers), by the same matching engine over a recording index and
with the same statuses and review decisions, remembered per key in RecordingKeyDecision.
"""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from distribution.usage.models import Match
from works.models import Recording


class RecordingMatch(models.Model):
    match = models.OneToOneField(Match, on_delete=models.CASCADE, related_name="recording_match")
    recording = models.ForeignKey(
        Recording, null=True, blank=True, on_delete=models.SET_NULL, related_name="usage_matches"
    )
    method = models.CharField(_("method"), max_length=8, choices=Match.Method.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    status = models.CharField(
        _("status"), max_length=12, choices=Match.Status.choices, default=Match.Status.UNIDENTIFIED
    )
    candidates = models.JSONField(_("candidates"), default=list, blank=True)  # [{recording, key, title, score}]
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["status"])]
        verbose_name_plural = _("recording matches")

    def __str__(self) -> str:
        return f"{self.match_id} → recording {self.recording_id or '-'} ({self.status})"


class RecordingKeyDecision(models.Model):
    """A staff decision for a usage key's recording, reused whenever the key comes back in a later report."""

    key = models.CharField(_("usage key"), max_length=64, unique=True)
    recording = models.ForeignKey(Recording, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(
        _("status"),
        max_length=10,
        choices=[("confirmed", _("Confirmed recording")), ("rejected", _("Not in the repertoire"))],
    )
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key} → recording {self.recording_id or '-'} ({self.status})"
