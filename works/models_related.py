"""Related rights (neighbouring rights): performers and producers of recordings, and the works recorded.

Performers are natural persons and producers are labels: both are InterestedParty rows, paid through memberships
of right type `RR` in related-rights societies. What only related rights need is kept here, beside the party.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _

from rightowners.models import InterestedParty, Source
from works.models import Recording, Work


class RelatedRightsProfile(models.Model):
    """Identifiers of a performer or producer that only related rights use (ISNI stays on the party)."""

    party = models.OneToOneField(InterestedParty, on_delete=models.CASCADE, related_name="related_profile")
    ipn = models.CharField(
        _("IPN"), max_length=13, unique=True, null=True, blank=True, help_text=_("International Performer Number")
    )
    label_code = models.CharField(_("label code (LC)"), max_length=5, blank=True, db_index=True)
    dpid = models.CharField(_("DDEX party id (DPID)"), max_length=18, blank=True)

    class Meta:
        verbose_name = _("related-rights profile")

    def __str__(self) -> str:
        return f"{self.party} IPN {self.ipn or '-'}"


class RecordingWork(models.Model):
    """A work recorded on a recording (a medley records several); the first is the recording's main work."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="work_links")
    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="recording_links")
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)

    class Meta:
        ordering = ["recording", "sequence"]
        constraints = [models.UniqueConstraint(fields=["recording", "work"], name="recording_work_unique")]

    def __str__(self) -> str:
        return f"{self.recording} ← {self.work}"


class RecordingContributor(models.Model):
    """A performer on a recording: main or featured artist, or non-featured (session musician, backing vocals)."""

    class Role(models.TextChoices):
        MAIN = "main", _("Main artist")
        FEATURED = "featured", _("Featured artist")
        NON_FEATURED = "non_featured", _("Non-featured performer")

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="contributors")
    party = models.ForeignKey(InterestedParty, on_delete=models.PROTECT, related_name="performances")
    role = models.CharField(_("role"), max_length=12, choices=Role.choices)
    instrument = models.CharField(_("instrument or voice"), max_length=80, blank=True)
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices, default=Source.STAFF)

    class Meta:
        ordering = ["recording", "sequence", "id"]
        constraints = [
            models.UniqueConstraint(fields=["recording", "party"], name="recording_contributor_unique_party")
        ]

    def __str__(self) -> str:
        return f"{self.party} {self.role} {self.instrument}".strip()

    @property
    def featured(self) -> bool:
        return self.role != self.Role.NON_FEATURED


class ProducerShare(models.Model):
    """A producer's ownership share of a recording in one territory for a period (labels sell catalogues)."""

    recording = models.ForeignKey(Recording, on_delete=models.CASCADE, related_name="producer_shares")
    party = models.ForeignKey(InterestedParty, on_delete=models.PROTECT, related_name="producer_shares")
    share = models.DecimalField(_("ownership (%)"), max_digits=5, decimal_places=2)
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices, default=Source.STAFF)

    class Meta:
        ordering = ["recording", "valid_from", "id"]

    def __str__(self) -> str:
        period = f"{self.valid_from or '…'}..{self.valid_to or '…'}"
        return f"{self.party} {self.share}% {self.territory} {period}"
