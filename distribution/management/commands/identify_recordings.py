from distribution.management.commands import identify
from distribution.usage.recordings import RECORDINGS


class Command(identify.Command):
    help = "Identify the recordings of a usage report (related rights): auto, review, unidentified, on a Job."
    target = RECORDINGS
    failure = "identification of recordings failed"
