from django.apps import AppConfig


class WorksConfig(AppConfig):
    name = "works"

    def ready(self) -> None:
        from rightowners.signals import parties_merged
        from works.services import move_party_rows

        parties_merged.connect(move_party_rows, dispatch_uid="works.move_party_rows")
