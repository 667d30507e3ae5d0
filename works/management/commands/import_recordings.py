from works.recording_sheet import import_recordings
from works.sheet_command import SheetImportCommand


class Command(SheetImportCommand):
    help = "Import recordings with their performers and producers from CSV or Excel (layout: README, Recordings)."
    importer = import_recordings
