from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from works.recording_sheet import import_recordings, write_error_file


class Command(BaseCommand):
    help = "Import recordings with their performers and producers from CSV or Excel (layout: README, Recordings)."

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path)
        parser.add_argument("--errors", type=Path, help="error file (default: FILE.errors.csv beside the input)")

    def handle(self, *args, file: Path, errors: Path | None, **options):
        if not file.is_file():
            raise CommandError(f"{file}: no such file")
        try:
            result = import_recordings(file)
        except ValueError as exc:
            raise CommandError(str(exc)) from None
        self.stdout.write(result.summary())
        if result.errors:
            error_path = errors or file.with_name(file.name + ".errors.csv")
            write_error_file(result, error_path)
            for row, field, message in result.errors[:20]:
                self.stdout.write(f"{file.name}:{row} {field}: {message}")
            self.stdout.write(f"errors written to {error_path}")
