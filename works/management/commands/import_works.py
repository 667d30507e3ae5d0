from works.sheet_command import SheetImportCommand
from works.spreadsheet import import_works


class Command(SheetImportCommand):
    help = "Import works and their shares from a CSV or Excel file (layout: README, Works spreadsheet)."
    importer = import_works
