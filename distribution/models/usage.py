"""Usage reports from licensees, their lines, and identification matches per distinct usage key."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from rightowners.models import RIGHT_TYPE_CHOICES
from wipoconnect.models import Job
from works.models import Work


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
    candidates = models.JSONField(_("candidates"), default=list, blank=True)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["report", "key"], name="match_unique_report_key")]
        indexes = [models.Index(fields=["status"])]
        verbose_name_plural = _("matches")

    def __str__(self) -> str:
        return f"{self.key} → {self.work_id or '-'} ({self.status})"


class UsageLine(models.Model):
    report = models.ForeignKey(UsageReport, on_delete=models.CASCADE, related_name="lines")
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
    raw = models.JSONField(_("original values"), default=list, blank=True)
    key = models.CharField(_("usage key"), max_length=64, db_index=True)
    match = models.ForeignKey(Match, null=True, blank=True, on_delete=models.SET_NULL, related_name="lines")

    class Meta:
        ordering = ["report", "line"]
        constraints = [models.UniqueConstraint(fields=["report", "line"], name="usage_line_unique_report_line")]

    def __str__(self) -> str:
        return f"{self.report_id}:{self.line} {self.title}"
