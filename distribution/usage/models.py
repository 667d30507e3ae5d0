"""Usage reports from licensees, their lines, and identification matches per distinct usage key."""

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rightowners.models import RIGHT_TYPE_CHOICES
from wipoconnect.core.models import Job
from works.models import Recording, Work


class UsageReport(models.Model):
    class Format(models.TextChoices):
        CSV = "csv", "CSV"
        XLSX = "xlsx", "Excel"
        DSR = "dsr", "DDEX DSR"

    class Status(models.TextChoices):
        IMPORTED = "imported", _("Imported")
        IDENTIFYING = "identifying", _("Identifying")
        IDENTIFIED = "identified", _("Identified")

    source = models.CharField(_("source"), max_length=120)
    filename = models.CharField(_("file name"), max_length=255)
    checksum = models.CharField(_("SHA-256"), max_length=64, unique=True)
    format = models.CharField(_("format"), max_length=4, choices=Format.choices)
    period_start = models.DateField(_("period start"))
    period_end = models.DateField(_("period end"))
    right_type = models.CharField(_("right type"), max_length=2, choices=RIGHT_TYPE_CHOICES)
    territory = models.CharField(_("territory"), max_length=4, default="2136")
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.IMPORTED)
    columns = models.JSONField(_("original columns"), default=list, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    rejected_count = models.PositiveIntegerField(_("rejected lines"), default=0)
    job = models.ForeignKey(Job, null=True, blank=True, on_delete=models.SET_NULL, related_name="+")
    created_at = models.DateTimeField(_("created"), default=timezone.now)

    class Meta:
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.source} {self.period_start}..{self.period_end} ({self.right_type})"


class Match(models.Model):
    """The identification of one distinct usage key of a report; its lines point here."""

    class Status(models.TextChoices):
        AUTO = "auto", _("Identified automatically")
        REVIEW = "review", _("To review")
        CONFIRMED = "confirmed", _("Confirmed")
        REJECTED = "rejected", _("Rejected")
        UNIDENTIFIED = "unidentified", _("Unidentified")

    class Method(models.TextChoices):
        WORK_REF = "work_ref", _("Licensee work id")
        ISWC = "iswc", "ISWC"
        ISRC = "isrc", "ISRC"
        EXACT = "exact", _("Title and names")
        FUZZY = "fuzzy", _("Fuzzy")
        MANUAL = "manual", _("Manual")

    report = models.ForeignKey(UsageReport, on_delete=models.CASCADE, related_name="matches")
    key = models.CharField(_("usage key"), max_length=64)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.SET_NULL, related_name="matches")
    method = models.CharField(_("method"), max_length=8, choices=Method.choices, blank=True)
    score = models.DecimalField(_("score"), max_digits=4, decimal_places=1, null=True, blank=True)
    status = models.CharField(_("status"), max_length=12, choices=Status.choices, default=Status.UNIDENTIFIED)
    candidates = models.JSONField(_("candidates"), default=list, blank=True)  # [{work, key, title, score}]
    # The normalized parts the key is a digest of (what identification reads), and a sample of the original text.
    norm_title = models.CharField(_("normalized title"), max_length=300, blank=True)
    norm_writers = models.CharField(_("writer surnames"), max_length=500, blank=True)
    norm_artists = models.CharField(_("performer surnames"), max_length=500, blank=True)
    iswc = models.CharField(_("ISWC"), max_length=11, blank=True)
    isrc = models.CharField(_("ISRC"), max_length=12, blank=True)
    work_ref = models.CharField(_("licensee work id"), max_length=60, blank=True)
    title = models.CharField(_("title as reported"), max_length=300, blank=True)
    artist = models.CharField(_("artist as reported"), max_length=300, blank=True)
    writers = models.CharField(_("writers as reported"), max_length=500, blank=True)
    line_count = models.PositiveIntegerField(_("lines"), default=0)
    plays = models.PositiveBigIntegerField(_("plays"), default=0)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("decided"), null=True, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="match_unique_report_key")]
        indexes = [models.Index(fields=["status"])]
        verbose_name_plural = _("matches")

    def __str__(self) -> str:
        return f"{self.key} → {self.work_id or '-'} ({self.status})"


class UsageLine(models.Model):
    # Lines are written only by the import service, in one transaction with their report and matches; database
    # foreign-key checks on a million rows would cost more than the load itself, so they are left to the service.
    # No index on report of its own: the unique (report, line) constraint serves lookups by report.
    report = models.ForeignKey(
        UsageReport, on_delete=models.CASCADE, related_name="lines", db_index=False, db_constraint=False
    )
    line = models.PositiveIntegerField(_("line"))
    title = models.CharField(_("title"), max_length=300, blank=True)
    artist = models.CharField(_("artist"), max_length=300, blank=True)
    writers = models.CharField(_("writers"), max_length=500, blank=True)
    isrc = models.CharField(_("ISRC"), max_length=12, blank=True)
    iswc = models.CharField(_("ISWC"), max_length=11, blank=True)
    work_ref = models.CharField(_("licensee work id"), max_length=60, blank=True)
    duration = models.PositiveIntegerField(_("duration (s)"), null=True, blank=True)
    plays = models.PositiveIntegerField(_("plays"), default=1)
    revenue = models.DecimalField(_("revenue"), max_digits=14, decimal_places=4, null=True, blank=True)
    # The original values of a line are read back from the report's stored file (usage_import.stored_file).
    # The match is the line's distinct key, created at import; identification updates matches, never lines.
    key = models.CharField(_("usage key"), max_length=64)
    match = models.ForeignKey(
        Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="lines", db_constraint=False
    )

    class Meta:
        ordering = ["report", "line"]
        constraints = [models.UniqueConstraint(fields=["report", "line"], name="usage_line_unique_report_line")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.line} {self.title}"


class UsageRejection(models.Model):
    """A row of a report that could not be imported, kept aside with its line, field and reason for correction."""

    report = models.ForeignKey(UsageReport, on_delete=models.CASCADE, related_name="rejections", db_index=False)
    line = models.PositiveIntegerField(_("line"))
    field = models.CharField(_("field"), max_length=40)
    message = models.CharField(_("message"), max_length=500)
    raw = models.JSONField(_("original values"), default=list, blank=True)

    class Meta:
        ordering = ["report", "line"]
        constraints = [models.UniqueConstraint(fields=["report", "line"], name="usage_rejection_unique_report_line")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.line} {self.field}: {self.message}"


class KeyDecision(models.Model):
    """A staff decision for a usage key, reused whenever the same key comes back in a later report."""

    class Status(models.TextChoices):
        CONFIRMED = "confirmed", _("Confirmed work")
        REJECTED = "rejected", _("Not in the repertoire")

    key = models.CharField(_("usage key"), max_length=64, unique=True)
    work = models.ForeignKey(Work, null=True, blank=True, on_delete=models.CASCADE, related_name="+")
    status = models.CharField(_("status"), max_length=10, choices=Status.choices)
    decided_by = models.ForeignKey(settings.AUTH_USER_MODEL, null=True, blank=True, on_delete=models.SET_NULL)
    decided_at = models.DateTimeField(_("decided"), default=timezone.now)

    def __str__(self) -> str:
        return f"{self.key} → {self.work_id or '-'} ({self.status})"


# Identification of usage to recordings (related rights), beside the identification to works.
#
# A usage key of a report (its Match) is identified twice: to a work (Match.work, for authors' rights) and to a
# recording (RecordingMatch, for performers and producers), by the same matching engine over a recording index and
# with the same statuses and review decisions, remembered per key in RecordingKeyDecision.


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
