"""Works, their titles and share pictures, and recordings."""

from django.db import models
from django.db.models import Q, Sum
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rightowners.models import InterestedParty, Source
from wipoconnect.core.codes import RIGHT_PREFIXES, ROLES

ROLE_CHOICES = [(code, _(label)) for code, label in ROLES.items()]


class Work(models.Model):
    class VersionType(models.TextChoices):
        ORIGINAL = "ORI", _("Original work")
        MODIFIED = "MOD", _("Modified version")

    code = models.CharField(_("code"), max_length=9, unique=True, editable=False)
    title = models.CharField(_("title"), max_length=200, db_index=True)
    iswc = models.CharField(_("ISWC"), max_length=11, unique=True, null=True, blank=True)
    language = models.CharField(_("language"), max_length=2, blank=True)
    duration = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    version_type = models.CharField(
        _("version type"), max_length=3, choices=VersionType.choices, default=VersionType.ORIGINAL
    )
    submitter_id = models.CharField(_("submitter work number"), max_length=20, blank=True, db_index=True)
    created_at = models.DateTimeField(_("created"), default=timezone.now)
    updated_at = models.DateTimeField(_("updated"), auto_now=True)

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return self.title

    @property
    def key(self) -> str:
        """distribution-rules.md, Keys: the ISWC, else the work code."""
        return self.iswc or self.code


class AlternateTitle(models.Model):
    """A title of the work other than its main one: CWR ALT, or NAT (`non_roman`: in its original script, up to 640
    characters, any title type including OT)."""

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="alternate_titles")
    title = models.CharField(_("title"), max_length=640, db_index=True)
    title_type = models.CharField(_("title type"), max_length=2, default="AT")
    language = models.CharField(_("language"), max_length=2, blank=True)
    non_roman = models.BooleanField(_("in original (non-Roman) script"), default=False, db_default=False)

    class Meta:
        ordering = ["work", "id"]

    def __str__(self) -> str:
        return self.title


class WorkShare(models.Model):
    """One writer's or publisher's interest in a work: ownership shares per right type (percent, 2 dp).

    Collection shares are the ownership shares unless territory records (ShareTerritory) say otherwise.
    """

    work = models.ForeignKey(Work, on_delete=models.CASCADE, related_name="shares")
    party = models.ForeignKey(InterestedParty, on_delete=models.PROTECT, related_name="shares")
    role = models.CharField(_("role"), max_length=2, choices=ROLE_CHOICES)
    controlled = models.BooleanField(_("controlled by submitter"), default=True)
    chain = models.PositiveSmallIntegerField(_("publisher chain"), null=True, blank=True)
    publisher = models.ForeignKey(
        "self",
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="represented",
        verbose_name=_("original publisher (for writers and sub-publishers)"),
    )
    pr_share = models.DecimalField(_("PR ownership"), max_digits=5, decimal_places=2, default=0)
    mr_share = models.DecimalField(_("MR ownership"), max_digits=5, decimal_places=2, default=0)
    sr_share = models.DecimalField(_("SR ownership"), max_digits=5, decimal_places=2, default=0)
    source = models.CharField(_("source"), max_length=6, choices=Source.choices, default=Source.STAFF)

    class Meta:
        ordering = ["work", "chain", "id"]

    def __str__(self) -> str:
        return f"{self.party} {self.role} PR {self.pr_share} MR {self.mr_share} SR {self.sr_share}"


class ShareTerritory(models.Model):
    """A territory record (CWR SPT/SWT/OPT/OWT): collection shares of a WorkShare, read in sequence order."""

    share = models.ForeignKey(WorkShare, on_delete=models.CASCADE, related_name="territories")
    sequence = models.PositiveSmallIntegerField(_("sequence"), default=1)
    included = models.BooleanField(_("included"), default=True)
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    pr_collection = models.DecimalField(_("PR collection"), max_digits=5, decimal_places=2, default=0)
    mr_collection = models.DecimalField(_("MR collection"), max_digits=5, decimal_places=2, default=0)
    sr_collection = models.DecimalField(_("SR collection"), max_digits=5, decimal_places=2, default=0)

    class Meta:
        ordering = ["share", "sequence"]
        verbose_name_plural = _("share territories")

    def __str__(self) -> str:
        return f"{'+' if self.included else '-'}{self.territory}"


class Recording(models.Model):
    isrc = models.CharField(_("ISRC"), max_length=12, unique=True, null=True, blank=True)
    title = models.CharField(_("title"), max_length=200, db_index=True)
    duration = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    artist = models.CharField(_("main artist"), max_length=200, blank=True)
    label = models.CharField(_("label"), max_length=200, blank=True)
    release_date = models.DateField(_("release date"), null=True, blank=True)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="recordings")

    class Meta:
        ordering = ["title", "id"]

    def __str__(self) -> str:
        return f"{self.title} ({self.artist})" if self.artist else self.title


# Related rights (neighbouring rights): performers and producers of recordings, and the works recorded.
# Performers are natural persons and producers are labels: both are InterestedParty rows, paid through memberships
# of right type `RR` in related-rights societies. What only related rights need is kept here, beside the party.


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


__all__ = [
    "AlternateTitle",
    "ProducerShare",
    "Recording",
    "RecordingContributor",
    "RecordingWork",
    "RelatedRightsProfile",
    "ShareTerritory",
    "Work",
    "WorkShare",
]


def unbalanced_works():
    """Works whose shares, for a right they hold shares in, do not sum to 100 %, and works without shares."""
    totals = Work.objects.annotate(pr=Sum("shares__pr_share"), mr=Sum("shares__mr_share"), sr=Sum("shares__sr_share"))
    off = Q(pr=None)
    for right in RIGHT_PREFIXES:
        off |= Q(**{f"{right}__gt": 0}) & ~Q(**{right: 100})
    return totals.filter(off)
