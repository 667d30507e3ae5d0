from django.apps import AppConfig


class WorksConfig(AppConfig):
    name = "works"

    def ready(self) -> None:
        from django.db.models.signals import post_delete

        from rightowners.signals import parties_merged
        from wipoconnect.core.changes import tombstone
        from works.services import move_party_rows

        parties_merged.connect(move_party_rows, dispatch_uid="works.move_party_rows")
        # Deletions reach the change feed whichever path deletes (admin, cascades, queryset.delete()).
        post_delete.connect(tombstone, sender="works.Work", dispatch_uid="works.tombstone")
