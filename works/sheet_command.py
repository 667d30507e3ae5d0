"""The shared shape of the spreadsheet import commands: import, print the summary, list and file the bad rows."""

from collections.abc import Callable
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from wipoconnect.core.tabular import write_rows


class SheetImportCommand(BaseCommand):
    """Subclasses set `importer`: a function FILE -> result with `.summary()` and `.errors` [(row, field, message)]."""

    importer: Callable

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--errors", type=Path, help="error file (default: FILE.errors.csv beside the input)")

    def handle(self, *args, file: Path, errors: Path | None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = type(self).importer(file)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(result.summary())
        if result.errors:
            error_path = errors or file.with_name(file.name + ".errors.csv")
            write_rows(error_path, ["row", "field", "message"], sorted(result.errors), fmt="csv")
            for row, field, message in result.errors[:20]:
                self.stdout.write(f"{file.name}:{row} {field}: {message}")
            self.stdout.write(f"errors written to {error_path}")
